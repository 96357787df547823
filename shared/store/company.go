package store

import (
	"context"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// SaveOrganisation writes a changed organisation if nobody changed it since it was
// read (Conflict otherwise), with whatever else must be written with it.
func (s *Store) SaveOrganisation(ctx context.Context, o portal.Organisation, also ...table.Op) error {
	prev := o.Version
	o.Version++
	return s.t.Transact(ctx, append([]table.Op{table.Put(orgItem(o), table.IfVersion(prev))}, also...)...)
}

// Administrators lists the administrators of an organisation who can act, by name.
// It reads the organisation's user list (GSI1), so its cost grows with the size of
// the organisation, never with the table's.
func (s *Store) Administrators(ctx context.Context, orgID string) ([]portal.User, error) {
	var out []portal.User
	q := table.Query{Index: table.GSI1, PK: usersIndex(orgID), Limit: table.MaxLimit}
	for {
		page, err := s.t.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			a, err := decode[Account](it)
			if err != nil {
				return nil, err
			}
			if CountsAsAdmin(a.User) && a.Status != portal.StatusNotActivated {
				out = append(out, a.User)
			}
		}
		if page.Next == "" {
			return out, nil
		}
		q.Cursor = page.Next
	}
}
