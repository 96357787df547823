package store

import (
	"context"
	"errors"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

var (
	errDocumentNotFound = portal.E(portal.NotFound, "document_not_found", "no such document")
	errUploadNotFound   = portal.E(portal.NotFound, "upload_not_found", "no such upload, or its time ran out")
	errConsoleNotFound  = portal.E(portal.NotFound, "console_not_found", "no such console")
)

func documentItem(d portal.Document) table.Item {
	k := documentKey(d.OrgID, d.ContractID, d.ID)
	sort := d.Date + "#" + d.ID
	return table.Item{PK: k.PK, SK: k.SK, Version: 1, Data: encode(d),
		GSI1PK: documentsIndex(d.OrgID, d.ContractID), GSI1SK: sort,
		GSI2PK: documentsByCategoryIndex(d.OrgID, d.ContractID, d.Category), GSI2SK: sort}
}

// StartDocumentUpload is the table step that keeps a document whose file is being
// uploaded until expires: it is nobody's to see until ConfirmDocument.
func StartDocumentUpload(d portal.Document, expires time.Time) table.Op {
	k := documentUploadKey(d.OrgID, d.ContractID, d.ID)
	return table.Put(table.Item{PK: k.PK, SK: k.SK, Version: 1, TTL: expires.Unix(), Data: encode(d)}, table.IfAbsent())
}

// DocumentUpload reads a document whose upload is not confirmed yet; one whose
// time ran out is NotFound.
func (s *Store) DocumentUpload(ctx context.Context, orgID, contractID, id string) (portal.Document, error) {
	d, _, err := get[portal.Document](ctx, s.t, documentUploadKey(orgID, contractID, id))
	if portal.Is(err, portal.NotFound) {
		return d, errUploadNotFound
	}
	return d, err
}

// ConfirmDocument turns an upload into the document, with also (its audit entry)
// in one transaction: of two confirmations racing, one wins, the other finds no
// upload (Conflict).
func (s *Store) ConfirmDocument(ctx context.Context, d portal.Document, also ...table.Op) error {
	ops := append([]table.Op{
		table.Delete(documentUploadKey(d.OrgID, d.ContractID, d.ID), table.IfExists()),
		table.Put(documentItem(d), table.IfAbsent()),
	}, also...)
	return s.t.Transact(ctx, ops...)
}

// DropDocumentUpload forgets an upload (refused, or given up by the operator); a
// missing one is no error.
func (s *Store) DropDocumentUpload(ctx context.Context, orgID, contractID, id string) error {
	return s.t.Delete(ctx, documentUploadKey(orgID, contractID, id), table.Cond{})
}

// Document reads one document of a contract.
func (s *Store) Document(ctx context.Context, orgID, contractID, id string) (portal.Document, error) {
	d, _, err := get[portal.Document](ctx, s.t, documentKey(orgID, contractID, id))
	if portal.Is(err, portal.NotFound) {
		return d, errDocumentNotFound
	}
	return d, err
}

// DocumentsPage lists a contract's documents, newest (by their date) first, of
// one category or of all (category empty), one page at a time, in one round trip.
func (s *Store) DocumentsPage(ctx context.Context, orgID, contractID string, category portal.DocumentCategory, limit int, cursor string) ([]portal.Document, string, error) {
	q := table.Query{Index: table.GSI1, PK: documentsIndex(orgID, contractID), Backward: true, Limit: limit, Cursor: cursor}
	if category != "" {
		q = table.Query{Index: table.GSI2, PK: documentsByCategoryIndex(orgID, contractID, category), Backward: true, Limit: limit, Cursor: cursor}
	}
	page, err := s.t.Query(ctx, q)
	if err != nil {
		return nil, "", err
	}
	out := make([]portal.Document, 0, len(page.Items))
	for _, it := range page.Items {
		d, err := decode[portal.Document](it)
		if err != nil {
			return nil, "", err
		}
		out = append(out, d)
	}
	return out, page.Next, nil
}

// DeleteDocument removes a document, with also (its audit entry), on the
// condition that it exists: of two deletions racing, one is audited.
func (s *Store) DeleteDocument(ctx context.Context, d portal.Document, also ...table.Op) error {
	err := s.t.Transact(ctx, append([]table.Op{table.Delete(documentKey(d.OrgID, d.ContractID, d.ID), table.IfExists())}, also...)...)
	if conflictAt(err) == 0 {
		return errDocumentNotFound
	}
	return err
}

// MaxConsoles bounds a contract's consoles, so that they are read in one page.
const MaxConsoles = 50

func consoleItem(c portal.Console) table.Item {
	k := consoleKey(c.OrgID, c.ContractID, c.ID)
	return table.Item{PK: k.PK, SK: k.SK, Version: c.Version, Data: encode(c)}
}

// Consoles lists a contract's consoles in creation order, in one round trip.
func (s *Store) Consoles(ctx context.Context, orgID, contractID string) ([]portal.Console, error) {
	page, err := s.t.Query(ctx, table.Query{PK: "ORG#" + orgID, Prefix: consolePrefix(contractID), Limit: MaxConsoles})
	if err != nil {
		return nil, err
	}
	out := make([]portal.Console, 0, len(page.Items))
	for _, it := range page.Items {
		c, err := decode[portal.Console](it)
		if err != nil {
			return nil, err
		}
		c.Version = it.Version
		out = append(out, c)
	}
	return out, nil
}

// Console reads one console of a contract.
func (s *Store) Console(ctx context.Context, orgID, contractID, id string) (portal.Console, error) {
	c, v, err := get[portal.Console](ctx, s.t, consoleKey(orgID, contractID, id))
	if portal.Is(err, portal.NotFound) {
		return c, errConsoleNotFound
	}
	c.Version = v
	return c, err
}

// SaveConsole writes a console, with also (its audit entry): a new one (Version
// 0) on the condition that it is new, a changed one on the condition that nobody
// changed it since it was read (Conflict "version_conflict" otherwise).
func (s *Store) SaveConsole(ctx context.Context, c portal.Console, also ...table.Op) (portal.Console, error) {
	cond := table.IfAbsent()
	if c.Version > 0 {
		cond = table.IfVersion(c.Version)
	}
	c.Version++
	err := s.t.Transact(ctx, append([]table.Op{table.Put(consoleItem(c), cond)}, also...)...)
	if conflictAt(err) == 0 {
		return c, portal.Wrap(portal.Conflict, "version_conflict", err)
	}
	return c, err
}

// DeleteConsole removes a console, with also (its audit entry), on the condition
// that it exists.
func (s *Store) DeleteConsole(ctx context.Context, c portal.Console, also ...table.Op) error {
	err := s.t.Transact(ctx, append([]table.Op{table.Delete(consoleKey(c.OrgID, c.ContractID, c.ID), table.IfExists())}, also...)...)
	if conflictAt(err) == 0 {
		return errConsoleNotFound
	}
	return err
}

// conflictAt is the index of the transaction step whose condition failed, or -1.
func conflictAt(err error) int {
	var cf *table.ConditionFailed
	if errors.As(err, &cf) {
		return cf.Index
	}
	return -1
}
