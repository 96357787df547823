// Package table is Guichet's single-table port: the few operations every repository
// needs (get, conditional put and delete, queries on the table or a global secondary
// index with signed cursors, transactions, time to live), independent of the database
// that stores them. Drivers implement Driver; everything else talks to *Table, which
// validates keys, hides expired items, signs cursors and counts round trips once for
// all drivers.
package table

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/portal"
)

// Index names the key set a query reads.
type Index string

// The indexes of the single table. Primary is the table's own PK/SK.
const (
	Primary Index = ""
	GSI1    Index = "GSI1"
	GSI2    Index = "GSI2"
)

// Key addresses one item of the table.
type Key struct {
	PK string
	SK string
}

// Item is one row of the single table. The key attributes are generic; the entity
// itself travels in Data, encoded by the repository that owns it.
type Item struct {
	PK     string
	SK     string
	GSI1PK string
	GSI1SK string
	GSI2PK string
	GSI2SK string
	// TTL is the Unix time in seconds from which the item counts as gone; zero keeps
	// it forever. Reads check it, because DynamoDB only deletes expired items hours later.
	TTL int64
	// Version is the optimistic-locking counter that IfVersion conditions compare.
	Version int64
	Data    []byte
}

// Key returns the item's primary key.
func (it Item) Key() Key { return Key{PK: it.PK, SK: it.SK} }

// indexKey returns the partition and sort key the item has in idx, empty when the
// item is not in that (sparse) index.
func (it Item) indexKey(idx Index) (string, string) {
	switch idx {
	case GSI1:
		return it.GSI1PK, it.GSI1SK
	case GSI2:
		return it.GSI2PK, it.GSI2SK
	default:
		return it.PK, it.SK
	}
}

// Expired reports whether the item's time to live has passed at now (Unix seconds).
func (it Item) Expired(now int64) bool { return it.TTL != 0 && it.TTL <= now }

// CondKind says what must hold for a write to happen.
type CondKind int

// The write conditions.
const (
	Always CondKind = iota
	MustNotExist
	MustExist
	VersionIs
)

// Cond is a write condition. An expired item counts as absent.
type Cond struct {
	Kind    CondKind
	Version int64
}

// IfAbsent allows the write only when no live item has the key.
func IfAbsent() Cond { return Cond{Kind: MustNotExist} }

// IfExists allows the write only when a live item has the key.
func IfExists() Cond { return Cond{Kind: MustExist} }

// IfVersion allows the write only when a live item has the key and version v.
func IfVersion(v int64) Cond { return Cond{Kind: VersionIs, Version: v} }

// OpKind is the kind of one transaction step.
type OpKind int

// The transaction steps.
const (
	OpPut OpKind = iota
	OpDelete
	OpCheck
)

// Op is one step of a transaction. Item is used by puts; Key by deletes and checks.
type Op struct {
	Kind OpKind
	Item Item
	Key  Key
	Cond Cond
}

// Put is a transaction step that writes item when cond holds.
func Put(item Item, cond Cond) Op { return Op{Kind: OpPut, Item: item, Cond: cond} }

// Delete is a transaction step that removes key when cond holds.
func Delete(key Key, cond Cond) Op { return Op{Kind: OpDelete, Key: key, Cond: cond} }

// Check is a transaction step that writes nothing but fails the transaction unless
// cond holds for key.
func Check(key Key, cond Cond) Op { return Op{Kind: OpCheck, Key: key, Cond: cond} }

// target is the key an operation touches.
func (op Op) target() Key {
	if op.Kind == OpPut {
		return op.Item.Key()
	}
	return op.Key
}

// Query reads one partition of the table or of an index in sort-key order.
// Prefix and the From/To range are exclusive of each other; From and To are inclusive.
type Query struct {
	Index    Index
	PK       string
	Prefix   string
	From     string
	To       string
	Backward bool
	Limit    int
	Cursor   string
}

// Page is one page of a query. Next is empty on the last page.
type Page struct {
	Items []Item
	Next  string
}

// The limits the port enforces the same way for every driver. They sit under
// DynamoDB's own (2,048-byte partition keys, 1,024-byte sort keys, 400 KB items,
// 100 actions per transaction).
const (
	MaxKeyBytes  = 1024
	MaxItemBytes = 350 * 1024
	MaxTransact  = 100
	DefaultLimit = 50
	MaxLimit     = 1000
)

// ConditionFailed is the cause of a Conflict: the write or the transaction step at
// Index (0 for a single write) found its condition false.
type ConditionFailed struct{ Index int }

// Error describes the failed step for logs.
func (c *ConditionFailed) Error() string { return "condition failed" }

// ConflictAt builds the Conflict error drivers return when the condition of step i fails.
func ConflictAt(i int) error {
	return &portal.Error{Kind: portal.Conflict, Code: "condition_failed", Message: "the item changed or already exists", Err: &ConditionFailed{Index: i}}
}

// Driver is what a database must provide. now is the Unix time in seconds against
// which conditions judge expiry. Drivers return items whether expired or not; *Table
// hides the expired ones. start, when not nil, is the last item a previous page
// returned (keys only); last, when not nil, is where the next page starts.
type Driver interface {
	Get(ctx context.Context, key Key) (Item, bool, error)
	GetMany(ctx context.Context, keys []Key) ([]Item, error)
	Put(ctx context.Context, item Item, cond Cond, now int64) error
	Delete(ctx context.Context, key Key, cond Cond, now int64) error
	Query(ctx context.Context, q Query, start *Item, limit int) (items []Item, last *Item, err error)
	Transact(ctx context.Context, ops []Op, now int64) error
	// Increment adds by to the version of the item at key, creating an item with
	// only that key and version by when there is none, and returns the new version,
	// atomically: concurrent increments never return the same value.
	Increment(ctx context.Context, key Key, by int64) (int64, error)
	Close() error
}

// Sweeper is implemented by drivers that delete expired items themselves.
type Sweeper interface {
	Sweep(ctx context.Context, now int64) (int, error)
}

// Options configure a Table.
type Options struct {
	// CursorSecret signs pagination cursors; it must be the same on every instance.
	CursorSecret []byte
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Table is the port every repository uses.
type Table struct {
	d      Driver
	cursor cursorCodec
	now    func() time.Time
}

// New wraps a driver.
func New(d Driver, opts Options) *Table {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Table{d: d, cursor: cursorCodec{secret: opts.CursorSecret}, now: now}
}

// Close releases the driver.
func (t *Table) Close() error { return t.d.Close() }

func (t *Table) unix() int64 { return t.now().Unix() }

// Get returns the live item at key, or a NotFound error.
func (t *Table) Get(ctx context.Context, key Key) (Item, error) {
	if err := checkKey(key); err != nil {
		return Item{}, err
	}
	countTrip(ctx)
	it, ok, err := t.d.Get(ctx, key)
	if err != nil {
		return Item{}, err
	}
	if !ok || it.Expired(t.unix()) {
		return Item{}, portal.E(portal.NotFound, "not_found", "no such item")
	}
	return it, nil
}

// GetMany returns the live items among keys, in the order of keys, skipping the
// missing ones, in one round trip.
func (t *Table) GetMany(ctx context.Context, keys []Key) ([]Item, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	if len(keys) > MaxTransact {
		return nil, portal.Internalf("table: %d keys in one GetMany, at most %d", len(keys), MaxTransact)
	}
	for _, k := range keys {
		if err := checkKey(k); err != nil {
			return nil, err
		}
	}
	countTrip(ctx)
	items, err := t.d.GetMany(ctx, keys)
	if err != nil {
		return nil, err
	}
	return t.live(items), nil
}

// Put writes item when cond holds, else returns a Conflict.
func (t *Table) Put(ctx context.Context, item Item, cond Cond) error {
	if err := checkItem(item); err != nil {
		return err
	}
	countWrite(ctx)
	return t.d.Put(ctx, item, cond, t.unix())
}

// Delete removes key when cond holds, else returns a Conflict. Deleting a missing
// item under Always is not an error.
func (t *Table) Delete(ctx context.Context, key Key, cond Cond) error {
	if err := checkKey(key); err != nil {
		return err
	}
	countWrite(ctx)
	return t.d.Delete(ctx, key, cond, t.unix())
}

// Transact applies every step or none. A failed condition returns a Conflict whose
// ConditionFailed cause names the step.
func (t *Table) Transact(ctx context.Context, ops ...Op) error {
	if len(ops) == 0 {
		return nil
	}
	if len(ops) > MaxTransact {
		return portal.Internalf("table: %d steps in one transaction, at most %d", len(ops), MaxTransact)
	}
	seen := make(map[Key]bool, len(ops))
	for _, op := range ops {
		var err error
		if op.Kind == OpPut {
			err = checkItem(op.Item)
		} else {
			err = checkKey(op.Key)
		}
		if err != nil {
			return err
		}
		k := op.target()
		if seen[k] {
			return portal.Internalf("table: key %q/%q appears twice in one transaction", k.PK, k.SK)
		}
		seen[k] = true
	}
	countWrite(ctx)
	return t.d.Transact(ctx, ops, t.unix())
}

// Increment atomically adds by (at least 1) to the version of the item at key and
// returns the new version; a missing item is created with only its key and version
// by. A counter is such an item: its version counts, and unlike a read then a
// conditional write it needs one round trip and no retry however many callers race.
// Counters never expire: Increment counts from the stored version and keeps the
// item's other attributes, time to live included, so use it on items without one.
func (t *Table) Increment(ctx context.Context, key Key, by int64) (int64, error) {
	if err := checkKey(key); err != nil {
		return 0, err
	}
	if by < 1 {
		return 0, portal.Internalf("table: increment by %d, want at least 1", by)
	}
	countWrite(ctx)
	return t.d.Increment(ctx, key, by)
}

// Query returns one page of a partition. A cursor that was altered, or that belongs
// to another query, is refused as Invalid.
func (t *Table) Query(ctx context.Context, q Query) (Page, error) {
	if err := checkQuery(q); err != nil {
		return Page{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	if limit > MaxLimit {
		limit = MaxLimit
	}
	var start *Item
	if q.Cursor != "" {
		pos, err := t.cursor.decode(q)
		if err != nil {
			return Page{}, err
		}
		start = &pos
	}
	countTrip(ctx)
	items, last, err := t.d.Query(ctx, q, start, limit)
	if err != nil {
		return Page{}, err
	}
	page := Page{Items: t.live(items)}
	if last != nil {
		page.Next = t.cursor.encode(q, *last)
	}
	return page, nil
}

// Sweep deletes expired items when the driver can; DynamoDB does it by itself.
func (t *Table) Sweep(ctx context.Context) (int, error) {
	if s, ok := t.d.(Sweeper); ok {
		return s.Sweep(ctx, t.unix())
	}
	return 0, nil
}

func (t *Table) live(items []Item) []Item {
	now := t.unix()
	out := items[:0]
	for _, it := range items {
		if !it.Expired(now) {
			out = append(out, it)
		}
	}
	return out
}

func checkString(s string, max int) bool {
	if s == "" || len(s) > max || !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return false
		}
	}
	return true
}

// checkKey refuses keys no driver could store the same way. Repositories build keys,
// so a bad one is a programming error, not the client's.
func checkKey(k Key) error {
	if !checkString(k.PK, MaxKeyBytes) || !checkString(k.SK, MaxKeyBytes) {
		return portal.Internalf("table: invalid key %q/%q", k.PK, k.SK)
	}
	return nil
}

func checkItem(it Item) error {
	if err := checkKey(it.Key()); err != nil {
		return err
	}
	for _, pair := range [][2]string{{it.GSI1PK, it.GSI1SK}, {it.GSI2PK, it.GSI2SK}} {
		if pair[0] == "" && pair[1] == "" {
			continue
		}
		if !checkString(pair[0], MaxKeyBytes) || !checkString(pair[1], MaxKeyBytes) {
			return portal.Internalf("table: invalid index key %q/%q on %q/%q", pair[0], pair[1], it.PK, it.SK)
		}
	}
	if len(it.Data) > MaxItemBytes {
		return portal.E(portal.TooLarge, "item_too_large", "the record is too large")
	}
	return nil
}

func checkQuery(q Query) error {
	if q.Index != Primary && q.Index != GSI1 && q.Index != GSI2 {
		return portal.Internalf("table: unknown index %q", q.Index)
	}
	if !checkString(q.PK, MaxKeyBytes) {
		return portal.Internalf("table: invalid query partition %q", q.PK)
	}
	if q.Prefix != "" && (q.From != "" || q.To != "") {
		return portal.Internalf("table: a query takes a prefix or a range, not both")
	}
	for _, s := range []string{q.Prefix, q.From, q.To} {
		if s != "" && !checkString(s, MaxKeyBytes) {
			return portal.Internalf("table: invalid sort-key bound %q", s)
		}
	}
	return nil
}

// MatchSort reports whether a sort key satisfies the query's prefix and range. Drivers
// that scan an ordered store use it so that every driver filters the same way.
func (q Query) MatchSort(sk string) bool {
	if q.Prefix != "" && (len(sk) < len(q.Prefix) || sk[:len(q.Prefix)] != q.Prefix) {
		return false
	}
	if q.From != "" && sk < q.From {
		return false
	}
	if q.To != "" && sk > q.To {
		return false
	}
	return true
}

// IndexKey returns the partition and sort key of it in the query's index.
func (q Query) IndexKey(it Item) (string, string) { return it.indexKey(q.Index) }
