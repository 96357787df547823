package store

import (
	"context"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

func applicationItem(a portal.Application) table.Item {
	k := applicationKey(a.ID)
	return table.Item{PK: k.PK, SK: k.SK, Version: a.Version, Data: encode(a)}
}

// CreateApplication adds an application to the catalog, with whatever else must be
// written with it (an audit entry); Conflict when its id is taken.
func (s *Store) CreateApplication(ctx context.Context, a portal.Application, also ...table.Op) error {
	a.Version = 1
	return s.t.Transact(ctx, append([]table.Op{table.Put(applicationItem(a), table.IfAbsent())}, also...)...)
}

// SaveApplication writes a changed application if nobody changed it since a.Version
// was read (Conflict otherwise).
func (s *Store) SaveApplication(ctx context.Context, a portal.Application, also ...table.Op) error {
	prev := a.Version
	a.Version++
	return s.t.Transact(ctx, append([]table.Op{table.Put(applicationItem(a), table.IfVersion(prev))}, also...)...)
}

// Application reads one application of the catalog.
func (s *Store) Application(ctx context.Context, id string) (portal.Application, error) {
	a, v, err := get[portal.Application](ctx, s.t, applicationKey(id))
	a.Version = v
	return a, err
}

// Applications reads the whole catalog, archived applications included, in the order
// they were created. The catalog is the vendor's list of products: it stays far
// below one page.
func (s *Store) Applications(ctx context.Context) ([]portal.Application, error) {
	page, err := s.t.Query(ctx, table.Query{PK: catalogPartition, Prefix: "APP#", Limit: table.MaxLimit})
	if err != nil {
		return nil, err
	}
	out := make([]portal.Application, 0, len(page.Items))
	for _, it := range page.Items {
		a, err := decode[portal.Application](it)
		if err != nil {
			return nil, err
		}
		a.Version = it.Version
		out = append(out, a)
	}
	return out, nil
}
