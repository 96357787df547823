package store

import (
	"context"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

func orgItem(o portal.Organisation) table.Item {
	k := orgKey(o.ID)
	return table.Item{PK: k.PK, SK: k.SK, GSI1PK: orgsIndex, GSI1SK: strings.ToLower(o.Name) + "#" + o.ID, Version: o.Version, Data: encode(o)}
}

// CreateOrganisation adds an organisation; Conflict when its id is taken.
func (s *Store) CreateOrganisation(ctx context.Context, o portal.Organisation, also ...table.Op) error {
	o.Version = 1
	return s.t.Transact(ctx, append([]table.Op{table.Put(orgItem(o), table.IfAbsent())}, also...)...)
}

// Organisation reads one organisation.
func (s *Store) Organisation(ctx context.Context, id string) (portal.Organisation, error) {
	o, v, err := get[portal.Organisation](ctx, s.t, orgKey(id))
	o.Version = v
	return o, err
}
