// Package bolt is the embedded driver of the single-table port: one bbolt file whose
// sorted keys play DynamoDB's partition and sort keys. Each global secondary index is
// a bucket of composite keys kept in step with the items inside the same bbolt
// transaction, and a third bucket orders items by expiry so sweeping is cheap.
package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

var (
	bucketItems = []byte("items")
	bucketGSI1  = []byte("gsi1")
	bucketGSI2  = []byte("gsi2")
	bucketTTL   = []byte("ttl")
)

// Driver stores the table in one bbolt file.
type Driver struct{ db *bbolt.DB }

// Open opens or creates the table file at path, creating its folder.
func Open(path string) (*Driver, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, portal.Internalf("bolt: %w", err)
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: 2 * time.Second, MmapFlags: mmapFlags})
	if err != nil {
		return nil, portal.Internalf("bolt: open %s: %w", filepath.Base(path), err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bucketItems, bucketGSI1, bucketGSI2, bucketTTL} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, portal.Internalf("bolt: init: %w", err)
	}
	return &Driver{db: db}, nil
}

// Close closes the file.
func (d *Driver) Close() error { return d.db.Close() }

var nul = []byte{0}

// joinKey builds a composite key. NUL never occurs in keys (the port refuses it), so
// it separates parts and sorts a shorter part before its extensions.
func joinKey(parts ...string) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

func indexBucket(idx table.Index) []byte {
	switch idx {
	case table.GSI1:
		return bucketGSI1
	case table.GSI2:
		return bucketGSI2
	default:
		return bucketItems
	}
}

// indexEntry is the key an item has in an index bucket: index keys first, then the
// primary key so entries with equal index keys stay distinct.
func indexEntry(ipk, isk string, it table.Item) []byte {
	return joinKey(ipk, isk, it.PK, it.SK)
}

func ttlEntry(it table.Item) []byte {
	b := make([]byte, 8, 8+len(it.PK)+len(it.SK)+1)
	binary.BigEndian.PutUint64(b, uint64(it.TTL))
	return append(b, joinKey(it.PK, it.SK)...)
}

func (d *Driver) Get(ctx context.Context, key table.Key) (table.Item, bool, error) {
	var it table.Item
	var ok bool
	err := d.db.View(func(tx *bbolt.Tx) error {
		var err error
		it, ok, err = load(tx, key)
		return err
	})
	if err != nil {
		return table.Item{}, false, portal.Internalf("bolt: get: %w", err)
	}
	return it, ok, nil
}

func (d *Driver) GetMany(ctx context.Context, keys []table.Key) ([]table.Item, error) {
	items := make([]table.Item, 0, len(keys))
	err := d.db.View(func(tx *bbolt.Tx) error {
		for _, k := range keys {
			it, ok, err := load(tx, k)
			if err != nil {
				return err
			}
			if ok {
				items = append(items, it)
			}
		}
		return nil
	})
	if err != nil {
		return nil, portal.Internalf("bolt: get many: %w", err)
	}
	return items, nil
}

func (d *Driver) Put(ctx context.Context, item table.Item, cond table.Cond, now int64) error {
	return d.Transact(ctx, []table.Op{table.Put(item, cond)}, now)
}

func (d *Driver) Delete(ctx context.Context, key table.Key, cond table.Cond, now int64) error {
	return d.Transact(ctx, []table.Op{table.Delete(key, cond)}, now)
}

// Transact checks every condition, then applies every write, inside one bbolt write
// transaction: bbolt has a single writer, so nothing can slip in between.
func (d *Driver) Transact(ctx context.Context, ops []table.Op, now int64) error {
	var failed = -1
	err := d.db.Update(func(tx *bbolt.Tx) error {
		olds := make([]*table.Item, len(ops))
		for i, op := range ops {
			key := op.Key
			if op.Kind == table.OpPut {
				key = op.Item.Key()
			}
			old, ok, err := load(tx, key)
			if err != nil {
				return err
			}
			if ok {
				olds[i] = &old
			}
			if !holds(op.Cond, olds[i], now) {
				failed = i
				return errCondition
			}
		}
		for i, op := range ops {
			if olds[i] != nil && op.Kind != table.OpCheck {
				if err := remove(tx, *olds[i]); err != nil {
					return err
				}
			}
			if op.Kind == table.OpPut {
				if err := store(tx, op.Item); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if errors.Is(err, errCondition) {
		return table.ConflictAt(failed)
	}
	if err != nil {
		return portal.Internalf("bolt: write: %w", err)
	}
	return nil
}

var errCondition = errors.New("condition failed")

// Increment adds by to the item's version inside one write transaction; bbolt's
// single writer makes it atomic. The item is rewritten with its index entries, which
// hold a copy of it.
func (d *Driver) Increment(ctx context.Context, key table.Key, by int64) (int64, error) {
	var v int64
	err := d.db.Update(func(tx *bbolt.Tx) error {
		it, ok, err := load(tx, key)
		if err != nil {
			return err
		}
		if !ok {
			it = table.Item{PK: key.PK, SK: key.SK}
		}
		it.Version += by
		v = it.Version
		return store(tx, it)
	})
	if err != nil {
		return 0, portal.Internalf("bolt: increment: %w", err)
	}
	return v, nil
}

func holds(c table.Cond, old *table.Item, now int64) bool {
	live := old != nil && !old.Expired(now)
	switch c.Kind {
	case table.MustNotExist:
		return !live
	case table.MustExist:
		return live
	case table.VersionIs:
		return live && old.Version == c.Version
	default:
		return true
	}
}

func load(tx *bbolt.Tx, key table.Key) (table.Item, bool, error) {
	raw := tx.Bucket(bucketItems).Get(joinKey(key.PK, key.SK))
	if raw == nil {
		return table.Item{}, false, nil
	}
	it, err := decode(raw)
	return it, err == nil, err
}

// store writes an item and its index entries. An index entry holds a copy of the
// item, as the table's indexes project every attribute in DynamoDB: a query of an
// index then reads its entries in order and never looks each item up in the table,
// whose tree deepens as the table grows.
func store(tx *bbolt.Tx, it table.Item) error {
	record := encode(it)
	if err := tx.Bucket(bucketItems).Put(joinKey(it.PK, it.SK), record); err != nil {
		return err
	}
	if it.GSI1PK != "" {
		if err := tx.Bucket(bucketGSI1).Put(indexEntry(it.GSI1PK, it.GSI1SK, it), record); err != nil {
			return err
		}
	}
	if it.GSI2PK != "" {
		if err := tx.Bucket(bucketGSI2).Put(indexEntry(it.GSI2PK, it.GSI2SK, it), record); err != nil {
			return err
		}
	}
	if it.TTL != 0 {
		return tx.Bucket(bucketTTL).Put(ttlEntry(it), nil)
	}
	return nil
}

func remove(tx *bbolt.Tx, it table.Item) error {
	if err := tx.Bucket(bucketItems).Delete(joinKey(it.PK, it.SK)); err != nil {
		return err
	}
	if it.GSI1PK != "" {
		if err := tx.Bucket(bucketGSI1).Delete(indexEntry(it.GSI1PK, it.GSI1SK, it)); err != nil {
			return err
		}
	}
	if it.GSI2PK != "" {
		if err := tx.Bucket(bucketGSI2).Delete(indexEntry(it.GSI2PK, it.GSI2SK, it)); err != nil {
			return err
		}
	}
	if it.TTL != 0 {
		return tx.Bucket(bucketTTL).Delete(ttlEntry(it))
	}
	return nil
}

// Query walks one partition of the table or of an index in key order from the
// cursor's position, keeping the sort keys the query matches.
func (d *Driver) Query(ctx context.Context, q table.Query, start *table.Item, limit int) ([]table.Item, *table.Item, error) {
	var items []table.Item
	var last *table.Item
	err := d.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(indexBucket(q.Index)).Cursor()
		k, v := seek(c, q, start)
		for ; k != nil; k, v = step(c, q) {
			// An index entry's key ends with the item's own key (joinKey(PK, SK)).
			pk, rest, _ := bytes.Cut(k, nul)
			if string(pk) != q.PK {
				return nil
			}
			skb, itemKey, _ := bytes.Cut(rest, nul)
			sk := string(skb)
			if !q.MatchSort(sk) {
				if pastRange(q, sk) {
					return nil
				}
				continue
			}
			if len(items) == limit {
				prev := items[len(items)-1]
				last = &prev
				return nil
			}
			// Files written before index entries held their item have empty entries.
			if q.Index != table.Primary && len(v) == 0 {
				if v = tx.Bucket(bucketItems).Get(itemKey); v == nil {
					continue
				}
			}
			it, err := decode(v)
			ok := err == nil
			if err != nil {
				return err
			}
			if ok {
				items = append(items, it)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, portal.Internalf("bolt: query: %w", err)
	}
	return items, last, nil
}

// seek places the cursor on the first key to visit: after start when resuming,
// otherwise at the lower bound (forward) or just below the upper bound (backward).
// Sort keys are UTF-8, which never contains 0xFF, so "bound\x00\xff" sorts after every
// key whose sort key is the bound or starts with the prefix.
func seek(c *bbolt.Cursor, q table.Query, start *table.Item) ([]byte, []byte) {
	var from []byte
	if start != nil {
		ipk, isk := q.IndexKey(*start)
		if q.Index == table.Primary {
			from = joinKey(ipk, isk)
		} else {
			from = indexEntry(ipk, isk, *start)
		}
		k, v := c.Seek(from)
		if !q.Backward {
			if bytes.Equal(k, from) {
				return c.Next()
			}
			return k, v
		}
		return before(c, k)
	}
	if !q.Backward {
		return c.Seek(joinKey(q.PK, q.Prefix+q.From))
	}
	upper := joinKey(q.PK) // the partition's keys all continue with NUL
	switch {
	case q.Prefix != "":
		upper = append(joinKey(q.PK, q.Prefix), 0xff)
	case q.To != "":
		upper = append(joinKey(q.PK, q.To), 0, 0xff)
	default:
		upper = append(upper, 1)
	}
	k, _ := c.Seek(upper)
	return before(c, k)
}

// before steps back from where Seek landed (nil when it ran off the end).
func before(c *bbolt.Cursor, landed []byte) ([]byte, []byte) {
	if landed == nil {
		return c.Last()
	}
	return c.Prev()
}

func step(c *bbolt.Cursor, q table.Query) ([]byte, []byte) {
	if q.Backward {
		return c.Prev()
	}
	return c.Next()
}

// pastRange reports whether a sort key that failed the query lies beyond the range in
// the walking direction, so no later key can match.
func pastRange(q table.Query, sk string) bool {
	if q.Prefix != "" {
		return true
	}
	if q.Backward {
		return q.From != "" && sk < q.From
	}
	return q.To != "" && sk > q.To
}

// Sweep deletes the items whose time to live has passed, oldest first, in batches so
// that a long sweep never holds the single writer for long.
func (d *Driver) Sweep(ctx context.Context, now int64) (int, error) {
	total := 0
	for {
		n := 0
		err := d.db.Update(func(tx *bbolt.Tx) error {
			c := tx.Bucket(bucketTTL).Cursor()
			var expired [][]byte
			for k, _ := c.First(); k != nil && n < 500; k, _ = c.Next() {
				if int64(binary.BigEndian.Uint64(k[:8])) > now {
					break
				}
				expired = append(expired, append([]byte(nil), k...))
				n++
			}
			for _, k := range expired {
				parts := bytes.SplitN(k[8:], []byte{0}, 2)
				it, ok, err := load(tx, table.Key{PK: string(parts[0]), SK: string(parts[1])})
				if err != nil {
					return err
				}
				if ok && it.Expired(now) {
					if err := remove(tx, it); err != nil {
						return err
					}
				} else if err := tx.Bucket(bucketTTL).Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, portal.Internalf("bolt: sweep: %w", err)
		}
		total += n
		if n < 500 || ctx.Err() != nil {
			return total, ctx.Err()
		}
	}
}

// String names the driver in logs.
func (d *Driver) String() string { return fmt.Sprintf("bolt(%s)", filepath.Base(d.db.Path())) }
