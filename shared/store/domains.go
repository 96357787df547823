package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// DomainClaim says which organisations verified a mail domain. One organisation
// may verify a domain unless an operator marks it Shared (divisions of a group,
// public bodies), in which case people with an address there choose theirs.
type DomainClaim struct {
	Domain string   `json:"domain"`
	OrgIDs []string `json:"orgIds"`
	Shared bool     `json:"shared,omitempty"`
	// Version is 0 for a domain nobody claimed.
	Version int64 `json:"-"`
}

// Verified reports whether orgID verified the domain.
func (c DomainClaim) Verified(orgID string) bool { return slices.Contains(c.OrgIDs, orgID) }

// DomainClaim reads who verified a domain; a domain nobody verified is a claim of no
// organisation, with Version 0.
func (s *Store) DomainClaim(ctx context.Context, domain string) (DomainClaim, error) {
	c, v, err := get[DomainClaim](ctx, s.t, domainClaimKey(domain))
	if portal.Is(err, portal.NotFound) {
		return DomainClaim{Domain: domain}, nil
	}
	c.Domain, c.Version = domain, v
	return c, err
}

// PutDomainClaim returns the table step that writes c in place of the claim it was
// read as: created if it was absent, replaced if its version did not move, deleted
// when it ends up with no organisation and not shared. Two organisations verifying
// one domain at once therefore cannot both succeed.
func PutDomainClaim(c DomainClaim) table.Op {
	k := domainClaimKey(c.Domain)
	prev := c.Version
	if len(c.OrgIDs) == 0 && !c.Shared {
		return table.Delete(k, table.IfVersion(prev))
	}
	c.Version++
	item := table.Item{PK: k.PK, SK: k.SK, Version: c.Version, Data: encode(c)}
	if prev == 0 {
		return table.Put(item, table.IfAbsent())
	}
	return table.Put(item, table.IfVersion(prev))
}

// FreeMailDomain is a free or disposable mail domain an operator added to the
// built-in list.
type FreeMailDomain struct {
	Domain  string    `json:"domain"`
	Added   time.Time `json:"added"`
	AddedBy string    `json:"addedBy,omitempty"`
}

// AddFreeMailDomain adds a domain to the operators' free-mail list with whatever
// else must be written with it (an audit entry); Conflict "freemail_exists" when it
// is listed already.
func (s *Store) AddFreeMailDomain(ctx context.Context, d FreeMailDomain, also ...table.Op) error {
	k := freeMailKey(d.Domain)
	err := s.t.Transact(ctx, append([]table.Op{table.Put(table.Item{PK: k.PK, SK: k.SK, Version: 1, Data: encode(d)}, table.IfAbsent())}, also...)...)
	var cf *table.ConditionFailed
	if errors.As(err, &cf) && cf.Index == 0 {
		return portal.Wrap(portal.Conflict, "freemail_exists", err)
	}
	return err
}

// RemoveFreeMailDomain takes a domain off the operators' free-mail list with
// whatever else must be written with it; NotFound "freemail_not_found" when it is
// not listed.
func (s *Store) RemoveFreeMailDomain(ctx context.Context, domain string, also ...table.Op) error {
	err := s.t.Transact(ctx, append([]table.Op{table.Delete(freeMailKey(domain), table.IfExists())}, also...)...)
	var cf *table.ConditionFailed
	if errors.As(err, &cf) && cf.Index == 0 {
		return portal.Wrap(portal.NotFound, "freemail_not_found", err)
	}
	return err
}

// FreeMailDomains lists the operators' free-mail domains in alphabetical order.
func (s *Store) FreeMailDomains(ctx context.Context, limit int, cursor string) ([]FreeMailDomain, string, error) {
	page, err := s.t.Query(ctx, table.Query{PK: freeMailPartition, Limit: limit, Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	out := make([]FreeMailDomain, 0, len(page.Items))
	for _, it := range page.Items {
		d, err := decode[FreeMailDomain](it)
		if err != nil {
			return nil, "", err
		}
		out = append(out, d)
	}
	return out, page.Next, nil
}

// ListedFreeMail reports whether an operator listed any of domains as free mail, in
// one round trip; a sign-up passes its domain and the domains above it.
func (s *Store) ListedFreeMail(ctx context.Context, domains []string) (bool, error) {
	keys := make([]table.Key, len(domains))
	for i, d := range domains {
		keys[i] = freeMailKey(d)
	}
	items, err := s.t.GetMany(ctx, keys)
	return len(items) > 0, err
}

// Organisations reads several organisations in one round trip, in the order of ids,
// skipping those that do not exist: the candidates of a shared domain.
func (s *Store) Organisations(ctx context.Context, ids []string) ([]portal.Organisation, error) {
	keys := make([]table.Key, len(ids))
	for i, id := range ids {
		keys[i] = orgKey(id)
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([]portal.Organisation, 0, len(items))
	for _, it := range items {
		o, err := decodeOrganisation(it)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}
