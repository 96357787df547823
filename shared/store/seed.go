package store

import (
	"context"

	"github.com/guichet/guichet/shared/table"
)

// SeedMark is the table step that records that a unit of generated data is complete;
// the generator puts it in the transaction that writes the unit's last part, so a run
// interrupted half-way leaves it unmarked.
func SeedMark(name string) table.Op {
	k := seedKey(name)
	return table.Put(table.Item{PK: k.PK, SK: k.SK, Version: 1}, table.IfAbsent())
}

// Seeded reports which of names are marked as complete, in one round trip per
// table.MaxTransact names.
func (s *Store) Seeded(ctx context.Context, names []string) (map[string]bool, error) {
	done := make(map[string]bool, len(names))
	for start := 0; start < len(names); start += table.MaxTransact {
		chunk := names[start:min(start+table.MaxTransact, len(names))]
		keys := make([]table.Key, len(chunk))
		for i, n := range chunk {
			keys[i] = seedKey(n)
		}
		items, err := s.t.GetMany(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			done[it.SK] = true
		}
	}
	return done, nil
}
