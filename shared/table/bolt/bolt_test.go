package bolt_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
	"github.com/guichet/guichet/shared/table/tabletest"
)

func open(t testing.TB) table.Driver {
	d, err := bolt.Open(filepath.Join(t.TempDir(), "data", "guichet.db"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestConformance(t *testing.T) {
	tabletest.Run(t, func(t *testing.T) table.Driver { return open(t) })
}

func BenchmarkBolt(b *testing.B) { tabletest.Bench(b, open) }

func TestSweepDeletesOnlyExpiredItems(t *testing.T) {
	now := time.Now()
	tb := table.New(open(t), table.Options{Now: func() time.Time { return now }})
	defer tb.Close()
	ctx := context.Background()
	for i, ttl := range []int64{now.Unix() - 5, now.Unix() + 3600, 0} {
		it := table.Item{PK: "S", SK: string(rune('a' + i)), TTL: ttl, GSI1PK: "G", GSI1SK: string(rune('a' + i))}
		if err := tb.Put(ctx, it, table.Cond{}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := tb.Sweep(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Sweep = %d, %v; want 1 expired item", n, err)
	}
	page, err := tb.Query(ctx, table.Query{Index: table.GSI1, PK: "G"})
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("after sweep the index holds %d items (%v), want 2", len(page.Items), err)
	}
	if _, err := tb.Get(ctx, table.Key{PK: "S", SK: "a"}); !portal.Is(err, portal.NotFound) {
		t.Fatal("the expired item survived the sweep")
	}
}

func TestReopenKeepsCommittedWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	d, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	tb := table.New(d, table.Options{})
	if err := tb.Put(context.Background(), table.Item{PK: "K", SK: "V", Data: []byte("kept")}, table.Cond{}); err != nil {
		t.Fatal(err)
	}
	tb.Close()
	d, err = bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	tb = table.New(d, table.Options{})
	defer tb.Close()
	got, err := tb.Get(context.Background(), table.Key{PK: "K", SK: "V"})
	if err != nil || string(got.Data) != "kept" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
}

// Index entries hold a copy of their item, which every write of the item keeps in
// step (an increment included); an entry written before they did is still read,
// through the item itself.
func TestIndexEntriesHoldTheirItem(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "guichet.db")
	d, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	tb := table.New(d, table.Options{})
	it := table.Item{PK: "P", SK: "S", GSI1PK: "G", GSI1SK: "1", Data: []byte("first")}
	if err := tb.Put(ctx, it, table.Cond{}); err != nil {
		t.Fatal(err)
	}
	it.Data, it.Version = []byte("second"), 1
	if err := tb.Put(ctx, it, table.IfVersion(0)); err != nil {
		t.Fatal(err)
	}
	if v, err := tb.Increment(ctx, it.Key(), 5); err != nil || v != 6 {
		t.Fatalf("Increment = %d, %v", v, err)
	}
	query := func(when string) {
		t.Helper()
		page, err := tb.Query(ctx, table.Query{Index: table.GSI1, PK: "G"})
		if err != nil || len(page.Items) != 1 || string(page.Items[0].Data) != "second" || page.Items[0].Version != 6 {
			t.Fatalf("%s: the index gives %+v (%v), want the item at version 6", when, page.Items, err)
		}
	}
	query("after the writes")
	tb.Close()

	raw, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket([]byte("gsi1"))
		var keys [][]byte
		b.ForEach(func(k, v []byte) error {
			if len(v) == 0 {
				t.Errorf("the index entry %q holds no item", k)
			}
			keys = append(keys, append([]byte(nil), k...))
			return nil
		})
		for _, k := range keys {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
		return nil
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	if d, err = bolt.Open(path); err != nil {
		t.Fatal(err)
	}
	tb = table.New(d, table.Options{})
	defer tb.Close()
	query("with entries of an older file")
}
