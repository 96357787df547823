package seed_test

import (
	"path/filepath"
	"testing"

	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

// newStore opens an empty embedded store for one test, closed when the test ends.
func newStore(t *testing.T, o table.Options) *store.Store {
	t.Helper()
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := store.New(table.New(d, o))
	t.Cleanup(func() { s.Table().Close() })
	return s
}
