// Package store holds the repositories of Guichet's single table: one file per
// entity, with every key built in keys.go. docs/access-patterns.md lists each access
// pattern with the store method that serves it and the test that proves it.
package store

import (
	"context"
	"encoding/json"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// Store is the set of repositories over one table.
type Store struct {
	t *table.Table
}

// New returns the repositories over t.
func New(t *table.Table) *Store { return &Store{t: t} }

// Table exposes the table for transactions that span repositories and the outbox.
func (s *Store) Table() *table.Table { return s.t }

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Entities are plain structs of strings, numbers and times: they always encode.
		panic(err)
	}
	return b
}

func decode[T any](it table.Item) (T, error) {
	var v T
	if err := json.Unmarshal(it.Data, &v); err != nil {
		return v, portal.Internalf("store: corrupt %s/%s: %w", it.PK, it.SK, err)
	}
	return v, nil
}

// get reads and decodes one entity.
func get[T any](ctx context.Context, t *table.Table, k table.Key) (T, int64, error) {
	it, err := t.Get(ctx, k)
	if err != nil {
		var zero T
		return zero, 0, err
	}
	v, err := decode[T](it)
	return v, it.Version, err
}
