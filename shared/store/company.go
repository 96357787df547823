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
