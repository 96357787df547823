package bolt_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

func TestDumpReturnsEveryItemInKeyOrder(t *testing.T) {
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	now := time.Now()
	tb := table.New(d, table.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	puts := []table.Item{
		{PK: "B", SK: "2", GSI1PK: "G", GSI1SK: "x", Version: 3, Data: []byte("b2")},
		{PK: "A", SK: "1", Data: []byte("a1")},
		{PK: "B", SK: "1", TTL: now.Unix() - 10, Data: []byte("expired")},
	}
	for _, it := range puts {
		if err := tb.Put(ctx, it, table.Cond{}); err != nil {
			t.Fatal(err)
		}
	}
	items, err := d.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.PK+"/"+it.SK+"="+string(it.Data))
	}
	want := []string{"A/1=a1", "B/1=expired", "B/2=b2"}
	if len(got) != len(want) {
		t.Fatalf("Dump = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Dump = %v, want %v", got, want)
		}
	}
	if it := items[2]; it.GSI1PK != "G" || it.GSI1SK != "x" || it.Version != 3 {
		t.Fatalf("Dump lost attributes: %+v", it)
	}
}
