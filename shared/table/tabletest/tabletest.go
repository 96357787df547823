// Package tabletest is the one conformance suite every driver of the single-table
// port must pass, so that the embedded store and DynamoDB behave the same for the
// repositories above them.
package tabletest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// Opener gives a fresh, empty table driver for each call.
type Opener func(t *testing.T) table.Driver

// clock is a settable time source, so expiry is tested without sleeping.
type clock struct{ unix atomic.Int64 }

func (c *clock) now() time.Time          { return time.Unix(c.unix.Load(), 0) }
func (c *clock) advance(d time.Duration) { c.unix.Add(int64(d / time.Second)) }

func setup(t *testing.T, open Opener) (*table.Table, *clock) {
	t.Helper()
	t.Parallel()
	c := &clock{}
	c.unix.Store(time.Now().Unix())
	d := open(t)
	tb := table.New(d, table.Options{CursorSecret: []byte("conformance"), Now: c.now})
	t.Cleanup(func() { tb.Close() })
	return tb, c
}

func item(pk, sk string, data string) table.Item {
	return table.Item{PK: pk, SK: sk, Version: 1, Data: []byte(data)}
}

func wantKind(t *testing.T, err error, kind portal.Kind) {
	t.Helper()
	if !portal.Is(err, kind) {
		t.Fatalf("got error %v, want kind %v", err, kind)
	}
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Run runs every conformance case against drivers from open.
func Run(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"RoundTrip", roundTrip},
		{"ConditionalPut", conditionalPut},
		{"ConditionalDelete", conditionalDelete},
		{"VersionRace", versionRace},
		{"TransactionAllOrNothing", transactionAllOrNothing},
		{"GSIQuery", gsiQuery},
		{"SortKeyConditions", sortKeyConditions},
		{"Pagination", pagination},
		{"GSIPagination", gsiPagination},
		{"TamperedCursor", tamperedCursor},
		{"TTLExpiry", ttlExpiry},
		{"GetMany", getMany},
		{"Increment", increment},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open) })
	}
}

func roundTrip(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	in := table.Item{PK: "ORG#1", SK: "USER#é", GSI1PK: "EMAIL#a@b.fr", GSI1SK: "USER", GSI2PK: "G2", GSI2SK: "x", TTL: 4102444800, Version: 7, Data: []byte(`{"name":"Zoé"}`)}
	mustNil(t, tb.Put(ctx, in, table.Cond{}))
	got, err := tb.Get(ctx, in.Key())
	mustNil(t, err)
	if fmt.Sprint(got) != fmt.Sprint(in) {
		t.Fatalf("round trip changed the item:\n got %+v\nwant %+v", got, in)
	}
	_, err = tb.Get(ctx, table.Key{PK: "ORG#1", SK: "USER#missing"})
	wantKind(t, err, portal.NotFound)
	mustNil(t, tb.Delete(ctx, in.Key(), table.Cond{}))
	_, err = tb.Get(ctx, in.Key())
	wantKind(t, err, portal.NotFound)
	mustNil(t, tb.Delete(ctx, in.Key(), table.Cond{}))
}

func conditionalPut(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	mustNil(t, tb.Put(ctx, item("P", "S", "first"), table.IfAbsent()))
	err := tb.Put(ctx, item("P", "S", "second"), table.IfAbsent())
	wantKind(t, err, portal.Conflict)
	var cf *table.ConditionFailed
	if !errors.As(err, &cf) || cf.Index != 0 {
		t.Fatalf("conflict does not name the step: %v", err)
	}
	got, _ := tb.Get(ctx, table.Key{PK: "P", SK: "S"})
	if string(got.Data) != "first" {
		t.Fatalf("a refused put changed the item to %q", got.Data)
	}
	wantKind(t, tb.Put(ctx, item("P", "missing", "x"), table.IfExists()), portal.Conflict)
	mustNil(t, tb.Put(ctx, item("P", "S", "third"), table.IfExists()))
	wantKind(t, tb.Put(ctx, item("P", "S", "v"), table.IfVersion(2)), portal.Conflict)
	wantKind(t, tb.Put(ctx, item("P", "nope", "v"), table.IfVersion(1)), portal.Conflict)
	next := item("P", "S", "fourth")
	next.Version = 2
	mustNil(t, tb.Put(ctx, next, table.IfVersion(1)))
	got, _ = tb.Get(ctx, table.Key{PK: "P", SK: "S"})
	if got.Version != 2 || string(got.Data) != "fourth" {
		t.Fatalf("versioned put not applied: %+v", got)
	}
}

func conditionalDelete(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	mustNil(t, tb.Put(ctx, item("P", "S", "x"), table.Cond{}))
	wantKind(t, tb.Delete(ctx, table.Key{PK: "P", SK: "S"}, table.IfVersion(9)), portal.Conflict)
	wantKind(t, tb.Delete(ctx, table.Key{PK: "P", SK: "gone"}, table.IfExists()), portal.Conflict)
	mustNil(t, tb.Delete(ctx, table.Key{PK: "P", SK: "S"}, table.IfVersion(1)))
	_, err := tb.Get(ctx, table.Key{PK: "P", SK: "S"})
	wantKind(t, err, portal.NotFound)
}

// versionRace has many writers read the same version and write the next one: exactly
// one may win, the others must get a Conflict.
func versionRace(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	mustNil(t, tb.Put(ctx, item("RACE", "ITEM", "0"), table.IfAbsent()))
	const writers = 8
	var wins, conflicts atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			next := item("RACE", "ITEM", fmt.Sprint(i+1))
			next.Version = 2
			switch err := tb.Put(ctx, next, table.IfVersion(1)); {
			case err == nil:
				wins.Add(1)
			case portal.Is(err, portal.Conflict):
				conflicts.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if wins.Load() != 1 || conflicts.Load() != writers-1 {
		t.Fatalf("wins=%d conflicts=%d, want 1 and %d", wins.Load(), conflicts.Load(), writers-1)
	}
}

func transactionAllOrNothing(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	mustNil(t, tb.Put(ctx, item("T", "EXISTING", "old"), table.Cond{}))
	mustNil(t, tb.Put(ctx, item("T", "DOOMED", "keep"), table.Cond{}))
	err := tb.Transact(ctx,
		table.Put(item("T", "NEW", "new"), table.IfAbsent()),
		table.Delete(table.Key{PK: "T", SK: "DOOMED"}, table.IfExists()),
		table.Put(item("T", "EXISTING", "clobber"), table.IfAbsent()),
	)
	wantKind(t, err, portal.Conflict)
	var cf *table.ConditionFailed
	if !errors.As(err, &cf) || cf.Index != 2 {
		t.Fatalf("conflict must name step 2: %v", err)
	}
	if _, err := tb.Get(ctx, table.Key{PK: "T", SK: "NEW"}); !portal.Is(err, portal.NotFound) {
		t.Fatal("a failed transaction wrote its first step")
	}
	if _, err := tb.Get(ctx, table.Key{PK: "T", SK: "DOOMED"}); err != nil {
		t.Fatal("a failed transaction applied its delete")
	}
	wantKind(t, tb.Transact(ctx,
		table.Check(table.Key{PK: "T", SK: "ABSENT"}, table.IfExists()),
		table.Put(item("T", "NEW", "new"), table.IfAbsent()),
	), portal.Conflict)
	mustNil(t, tb.Transact(ctx,
		table.Check(table.Key{PK: "T", SK: "EXISTING"}, table.IfVersion(1)),
		table.Put(item("T", "NEW", "new"), table.IfAbsent()),
		table.Delete(table.Key{PK: "T", SK: "DOOMED"}, table.IfExists()),
	))
	if _, err := tb.Get(ctx, table.Key{PK: "T", SK: "NEW"}); err != nil {
		t.Fatal("a committed transaction lost its put")
	}
	if _, err := tb.Get(ctx, table.Key{PK: "T", SK: "DOOMED"}); !portal.Is(err, portal.NotFound) {
		t.Fatal("a committed transaction lost its delete")
	}
}

func keysOf(items []table.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.SK
	}
	return out
}

func gsiQuery(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	for i, name := range []string{"carol", "alice", "bob"} {
		it := item("ORG#"+fmt.Sprint(i), "USER#"+name, name)
		it.GSI1PK, it.GSI1SK = "BYNAME", name
		mustNil(t, tb.Put(ctx, it, table.Cond{}))
	}
	mustNil(t, tb.Put(ctx, item("ORG#9", "USER#sparse", "not indexed"), table.Cond{}))
	page, err := tb.Query(ctx, table.Query{Index: table.GSI1, PK: "BYNAME"})
	mustNil(t, err)
	if got := fmt.Sprint(keysOf(page.Items)); got != "[USER#alice USER#bob USER#carol]" {
		t.Fatalf("GSI order = %s", got)
	}
	if string(page.Items[0].Data) != "alice" || page.Items[0].PK != "ORG#1" {
		t.Fatalf("GSI query must return whole items, got %+v", page.Items[0])
	}
	moved := item("ORG#1", "USER#alice", "alice2")
	moved.GSI1PK, moved.GSI1SK = "BYNAME", "zed"
	mustNil(t, tb.Put(ctx, moved, table.Cond{}))
	mustNil(t, tb.Delete(ctx, table.Key{PK: "ORG#2", SK: "USER#bob"}, table.Cond{}))
	page, err = tb.Query(ctx, table.Query{Index: table.GSI1, PK: "BYNAME", Backward: true})
	mustNil(t, err)
	if got := fmt.Sprint(keysOf(page.Items)); got != "[USER#alice USER#carol]" {
		t.Fatalf("GSI after update and delete = %s", got)
	}
	two := item("ORG#5", "USER#dan", "dan")
	two.GSI2PK, two.GSI2SK = "STATUS#locked", "2026"
	mustNil(t, tb.Put(ctx, two, table.Cond{}))
	page, err = tb.Query(ctx, table.Query{Index: table.GSI2, PK: "STATUS#locked"})
	mustNil(t, err)
	if len(page.Items) != 1 || page.Items[0].SK != "USER#dan" {
		t.Fatalf("GSI2 query = %v", keysOf(page.Items))
	}
}

func sortKeyConditions(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	for _, sk := range []string{"A#1", "A#2", "A#3", "AB#1", "B#1", "B#2"} {
		mustNil(t, tb.Put(ctx, item("P", sk, sk), table.Cond{}))
	}
	mustNil(t, tb.Put(ctx, item("P2", "A#9", "other partition"), table.Cond{}))
	check := func(q table.Query, want string) {
		t.Helper()
		q.PK = "P"
		page, err := tb.Query(ctx, q)
		mustNil(t, err)
		if got := fmt.Sprint(keysOf(page.Items)); got != want {
			t.Fatalf("%+v: got %s want %s", q, got, want)
		}
	}
	check(table.Query{}, "[A#1 A#2 A#3 AB#1 B#1 B#2]")
	check(table.Query{Backward: true}, "[B#2 B#1 AB#1 A#3 A#2 A#1]")
	check(table.Query{Prefix: "A#"}, "[A#1 A#2 A#3]")
	check(table.Query{Prefix: "A#", Backward: true}, "[A#3 A#2 A#1]")
	check(table.Query{From: "A#2", To: "B#1"}, "[A#2 A#3 AB#1 B#1]")
	check(table.Query{From: "A#2", To: "B#1", Backward: true}, "[B#1 AB#1 A#3 A#2]")
	check(table.Query{From: "AB"}, "[AB#1 B#1 B#2]")
	check(table.Query{To: "A#2", Backward: true}, "[A#2 A#1]")
	check(table.Query{Prefix: "C"}, "[]")
	check(table.Query{Prefix: "A#", Limit: 2}, "[A#1 A#2]")
}

// walk reads every page of q and checks each cursor moves on.
func walk(t *testing.T, tb *table.Table, q table.Query) []string {
	t.Helper()
	var all []string
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		page, err := tb.Query(context.Background(), q)
		mustNil(t, err)
		if len(page.Items) > q.Limit {
			t.Fatalf("page of %d items, limit %d", len(page.Items), q.Limit)
		}
		all = append(all, keysOf(page.Items)...)
		if page.Next == "" {
			return all
		}
		q.Cursor = page.Next
	}
}

func fill(t *testing.T, tb *table.Table, n int, index bool) {
	t.Helper()
	ctx := context.Background()
	ops := make([]table.Op, 0, 25)
	for i := range n {
		it := item("PAGED", fmt.Sprintf("ITEM#%04d", i), "x")
		if index {
			// The index orders items the other way round, to prove it is its own order.
			it.GSI1PK, it.GSI1SK = "PAGED", fmt.Sprintf("R#%04d", n-i)
		}
		ops = append(ops, table.Put(it, table.Cond{}))
		if len(ops) == cap(ops) || i == n-1 {
			mustNil(t, tb.Transact(ctx, ops...))
			ops = ops[:0]
		}
	}
}

func checkWalk(t *testing.T, got []string, n int, order func(i int) int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("walked %d items, want %d", len(got), n)
	}
	for i, sk := range got {
		if want := fmt.Sprintf("ITEM#%04d", order(i)); sk != want {
			t.Fatalf("item %d is %s, want %s", i, sk, want)
		}
	}
}

func pagination(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	const n = 250
	fill(t, tb, n, false)
	checkWalk(t, walk(t, tb, table.Query{PK: "PAGED", Limit: 40}), n, func(i int) int { return i })
	checkWalk(t, walk(t, tb, table.Query{PK: "PAGED", Limit: 40, Backward: true}), n, func(i int) int { return n - 1 - i })
	checkWalk(t, walk(t, tb, table.Query{PK: "PAGED", Limit: 50}), n, func(i int) int { return i })
}

func gsiPagination(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	const n = 250
	fill(t, tb, n, true)
	checkWalk(t, walk(t, tb, table.Query{Index: table.GSI1, PK: "PAGED", Limit: 33}), n, func(i int) int { return n - 1 - i })
	checkWalk(t, walk(t, tb, table.Query{Index: table.GSI1, PK: "PAGED", Limit: 33, Backward: true}), n, func(i int) int { return i })
}

func tamperedCursor(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	fill(t, tb, 30, false)
	mustNil(t, tb.Put(ctx, item("OTHER", "ITEM#0001", "x"), table.Cond{}))
	page, err := tb.Query(ctx, table.Query{PK: "PAGED", Limit: 10})
	mustNil(t, err)
	if page.Next == "" {
		t.Fatal("expected a next page")
	}
	flipped := []byte(page.Next)
	flipped[3] ^= 1
	for _, bad := range []string{string(flipped), "garbage", page.Next + "x", "." + page.Next} {
		_, err := tb.Query(ctx, table.Query{PK: "PAGED", Limit: 10, Cursor: bad})
		wantKind(t, err, portal.Invalid)
	}
	_, err = tb.Query(ctx, table.Query{PK: "OTHER", Limit: 10, Cursor: page.Next})
	wantKind(t, err, portal.Invalid)
	_, err = tb.Query(ctx, table.Query{PK: "PAGED", Limit: 10, Backward: true, Cursor: page.Next})
	wantKind(t, err, portal.Invalid)
}

func ttlExpiry(t *testing.T, open Opener) {
	tb, clk := setup(t, open)
	ctx := context.Background()
	soon := item("TTL", "CODE", "123456")
	soon.TTL = clk.now().Add(10 * time.Minute).Unix()
	soon.GSI1PK, soon.GSI1SK = "TTLIDX", "CODE"
	mustNil(t, tb.Put(ctx, soon, table.IfAbsent()))
	if _, err := tb.Get(ctx, soon.Key()); err != nil {
		t.Fatal("a live item must be readable:", err)
	}
	wantKind(t, tb.Put(ctx, soon, table.IfAbsent()), portal.Conflict)
	clk.advance(10*time.Minute + time.Second)
	_, err := tb.Get(ctx, soon.Key())
	wantKind(t, err, portal.NotFound)
	for _, q := range []table.Query{{PK: "TTL"}, {Index: table.GSI1, PK: "TTLIDX"}} {
		page, err := tb.Query(ctx, q)
		mustNil(t, err)
		if len(page.Items) != 0 {
			t.Fatalf("query %+v returned an expired item", q)
		}
	}
	items, err := tb.GetMany(ctx, []table.Key{soon.Key()})
	mustNil(t, err)
	if len(items) != 0 {
		t.Fatal("GetMany returned an expired item")
	}
	wantKind(t, tb.Put(ctx, soon, table.IfExists()), portal.Conflict)
	fresh := item("TTL", "CODE", "654321")
	mustNil(t, tb.Put(ctx, fresh, table.IfAbsent()))
	got, err := tb.Get(ctx, fresh.Key())
	mustNil(t, err)
	if string(got.Data) != "654321" || got.TTL != 0 {
		t.Fatalf("the put over an expired item did not replace it: %+v", got)
	}
	if _, err := tb.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Get(ctx, fresh.Key()); err != nil {
		t.Fatal("sweeping removed a live item")
	}
}

func getMany(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	for _, sk := range []string{"A", "B", "C"} {
		mustNil(t, tb.Put(ctx, item("M", sk, sk), table.Cond{}))
	}
	items, err := tb.GetMany(ctx, []table.Key{{PK: "M", SK: "C"}, {PK: "M", SK: "missing"}, {PK: "M", SK: "A"}})
	mustNil(t, err)
	if got := fmt.Sprint(keysOf(items)); got != "[C A]" {
		t.Fatalf("GetMany = %s, want [C A]", got)
	}
}

// increment checks that counters start from nothing, keep the rest of an item, and
// hand out each value once however many callers race.
func increment(t *testing.T, open Opener) {
	tb, _ := setup(t, open)
	ctx := context.Background()
	k := table.Key{PK: "COUNTER", SK: "2026"}
	for want := int64(1); want <= 3; want++ {
		got, err := tb.Increment(ctx, k, 1)
		mustNil(t, err)
		if got != want {
			t.Fatalf("increment %d returned %d", want, got)
		}
	}
	got, err := tb.Increment(ctx, k, 5)
	mustNil(t, err)
	if got != 8 {
		t.Fatalf("increment by 5 returned %d, want 8", got)
	}
	stored, err := tb.Get(ctx, k)
	mustNil(t, err)
	if stored.Version != 8 || stored.Data != nil {
		t.Fatalf("counter item: %+v", stored)
	}
	// An item with data and an index entry keeps both.
	in := table.Item{PK: "COUNTER", SK: "ITEM", GSI1PK: "G", GSI1SK: "x", Version: 4, Data: []byte("keep")}
	mustNil(t, tb.Put(ctx, in, table.IfAbsent()))
	got, err = tb.Increment(ctx, in.Key(), 1)
	mustNil(t, err)
	after, err := tb.Get(ctx, in.Key())
	mustNil(t, err)
	if got != 5 || after.Version != 5 || string(after.Data) != "keep" || after.GSI1PK != "G" {
		t.Fatalf("increment of a full item: returned %d, item %+v", got, after)
	}
	page, err := tb.Query(ctx, table.Query{Index: table.GSI1, PK: "G"})
	mustNil(t, err)
	if len(page.Items) != 1 || page.Items[0].Version != 5 {
		t.Fatalf("index after increment: %+v", page.Items)
	}
	mustNil(t, tb.Put(ctx, table.Item{PK: "COUNTER", SK: "ITEM", Version: 6}, table.IfVersion(5)))

	// Racing callers get distinct, consecutive values.
	const callers = 50
	race := table.Key{PK: "COUNTER", SK: "RACE"}
	var mu sync.Mutex
	seen := map[int64]bool{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			v, err := tb.Increment(ctx, race, 1)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			seen[v] = true
		}()
	}
	close(start)
	wg.Wait()
	for v := int64(1); v <= callers; v++ {
		if !seen[v] {
			t.Fatalf("value %d was never returned; got %v", v, seen)
		}
	}
	if len(seen) != callers {
		t.Fatalf("%d distinct values for %d callers", len(seen), callers)
	}
}
