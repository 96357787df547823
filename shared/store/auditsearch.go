package store

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// AuditFilter narrows an organisation's audit log. Zero fields do not filter.
type AuditFilter struct {
	Action string
	// UserID keeps the entries of actions done as that user (including those done by
	// someone logged in as them, which name both).
	UserID string
	// From and To bound the entries' time: From inclusive, To exclusive.
	From, To time.Time
}

// auditQuery picks the index that serves f: the acting user's, else the action's,
// else the organisation's whole log; the time range is a range of entry ids.
func auditQuery(orgID string, f AuditFilter) table.Query {
	q := table.Query{PK: "ORG#" + orgID, Backward: true}
	prefix := "AUDIT#"
	switch {
	case f.UserID != "":
		q.Index, q.PK, prefix = table.GSI1, auditByUserIndex(orgID, f.UserID), ""
	case f.Action != "":
		q.Index, q.PK, prefix = table.GSI2, auditByActionIndex(orgID, f.Action), ""
	}
	if f.From.IsZero() && f.To.IsZero() {
		if prefix != "" {
			q.Prefix = prefix
		}
		return q
	}
	// Entry ids are Crockford base32, whose digits all sort before "~".
	q.From, q.To = prefix+"0", prefix+"~"
	if !f.From.IsZero() {
		q.From = prefix + portal.IDFloor(f.From)
	}
	if !f.To.IsZero() {
		q.To = prefix + portal.IDBefore(f.To)
	}
	return q
}

// auditReadSize bounds the one read of an audit page filtered on something its
// index does not order (the action, with a user): with the session and the people
// the page names, a page stays within three round trips.
const auditReadSize = 500

// AuditSearch lists an organisation's audit entries that pass f, newest first, one
// page at a time, in one read; a page filtered on both a user and an action may be
// short while a cursor remains. The cursor is bound to the organisation and to the filter's index
// and range.
func (s *Store) AuditSearch(ctx context.Context, orgID string, f AuditFilter, limit int, cursor string) ([]AuditEntry, string, error) {
	if limit <= 0 || limit > table.MaxLimit {
		limit = table.DefaultLimit
	}
	q := auditQuery(orgID, f)
	q.Cursor = cursor
	readSize := limit
	inMemory := f.UserID != "" && f.Action != ""
	if inMemory {
		readSize = max(limit, auditReadSize)
	}
	var out []AuditEntry
	_, next, err := s.filteredPage(ctx, q, limit, readSize, 1, func(it table.Item) (bool, error) {
		e, err := decode[AuditEntry](it)
		if err != nil || (inMemory && e.Action != f.Action) {
			return false, err
		}
		out = append(out, e)
		return true, nil
	})
	return out, next, err
}
