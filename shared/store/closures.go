package store

import (
	"context"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// closureItem stores a request to close an account; a pending one sits in its
// organisation's queue, by the time it was made.
func closureItem(r portal.ClosureRequest) table.Item {
	k := closureKey(r.OrgID, r.UserID)
	it := table.Item{PK: k.PK, SK: k.SK, Version: r.Version, Data: encode(r)}
	if r.State == portal.ClosurePending {
		it.GSI2PK, it.GSI2SK = closuresIndex(r.OrgID), r.Created.UTC().Format(keyTime)+"#"+r.UserID
	}
	return it
}

// PutClosureRequest returns the table step that writes r in place of the request
// it was read as (r.Version; 0 when there was none), so that of two changes at once
// (a withdrawal and a decision) only one is written.
func PutClosureRequest(r portal.ClosureRequest) table.Op {
	prev := r.Version
	r.Version++
	if prev == 0 {
		return table.Put(closureItem(r), table.IfAbsent())
	}
	return table.Put(closureItem(r), table.IfVersion(prev))
}

// DeleteClosureRequest returns the step that deletes r on the condition that it is
// still the version read: the step of a granted request, written with the deletion
// of the account.
func DeleteClosureRequest(r portal.ClosureRequest) table.Op {
	return table.Delete(closureKey(r.OrgID, r.UserID), table.IfVersion(r.Version))
}

// ClosureRequest reads a person's request to close their account; NotFound
// "closure_not_found" when they have none.
func (s *Store) ClosureRequest(ctx context.Context, orgID, userID string) (portal.ClosureRequest, error) {
	r, v, err := get[portal.ClosureRequest](ctx, s.t, closureKey(orgID, userID))
	if portal.Is(err, portal.NotFound) {
		return r, portal.Wrap(portal.NotFound, "closure_not_found", err)
	}
	r.Version = v
	return r, err
}

// PendingClosureRequests reads one page of an organisation's pending requests to
// close an account, oldest first.
func (s *Store) PendingClosureRequests(ctx context.Context, orgID string, limit int, cursor string) ([]portal.ClosureRequest, string, error) {
	page, err := s.t.Query(ctx, table.Query{Index: table.GSI2, PK: closuresIndex(orgID), Limit: limit, Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	out := make([]portal.ClosureRequest, 0, len(page.Items))
	for _, it := range page.Items {
		r, err := decode[portal.ClosureRequest](it)
		if err != nil {
			return nil, "", err
		}
		r.Version = it.Version
		out = append(out, r)
	}
	return out, page.Next, nil
}
