package tabletest

import (
	"context"
	"fmt"
	"testing"

	"github.com/guichet/guichet/shared/table"
)

// BenchOpener gives a fresh, empty table driver for a benchmark.
type BenchOpener func(b testing.TB) table.Driver

// Bench measures the operations every request is made of: a point read, a write, a
// page of a partition and a four-step transaction.
func Bench(b *testing.B, open BenchOpener) {
	ctx := context.Background()
	newTable := func(b *testing.B) *table.Table {
		tb := table.New(open(b), table.Options{CursorSecret: []byte("bench")})
		b.Cleanup(func() { tb.Close() })
		return tb
	}
	payload := make([]byte, 512)
	b.Run("Get", func(b *testing.B) {
		tb := newTable(b)
		for i := range 100 {
			if err := tb.Put(ctx, table.Item{PK: "B", SK: fmt.Sprint(i), Data: payload}, table.Cond{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			if _, err := tb.Get(ctx, table.Key{PK: "B", SK: fmt.Sprint(i % 100)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Put", func(b *testing.B) {
		tb := newTable(b)
		for i := 0; b.Loop(); i++ {
			it := table.Item{PK: "B", SK: fmt.Sprint(i), GSI1PK: "IDX", GSI1SK: fmt.Sprint(i), Data: payload}
			if err := tb.Put(ctx, it, table.IfAbsent()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Query50", func(b *testing.B) {
		tb := newTable(b)
		for i := range 200 {
			if err := tb.Put(ctx, table.Item{PK: "Q", SK: fmt.Sprintf("%04d", i), Data: payload}, table.Cond{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for b.Loop() {
			page, err := tb.Query(ctx, table.Query{PK: "Q", Limit: 50})
			if err != nil || len(page.Items) != 50 {
				b.Fatal(err, len(page.Items))
			}
		}
	})
	b.Run("Transact4", func(b *testing.B) {
		tb := newTable(b)
		for i := 0; b.Loop(); i++ {
			ops := make([]table.Op, 4)
			for j := range ops {
				ops[j] = table.Put(table.Item{PK: "T", SK: fmt.Sprintf("%d-%d", i, j), Data: payload}, table.IfAbsent())
			}
			if err := tb.Transact(ctx, ops...); err != nil {
				b.Fatal(err)
			}
		}
	})
}
