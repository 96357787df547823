package bolt

import (
	"context"

	bbolt "go.etcd.io/bbolt"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// Dump returns every item of the table in primary-key order, expired ones included.
// It reads the whole file in one read transaction, so it is for what must see all of
// a small table at one instant (the fault tests' integrity check after a crash, the
// hostile-input suite's before-and-after snapshots), never for a request: requests
// read partitions through the port.
func (d *Driver) Dump(ctx context.Context) ([]table.Item, error) {
	var items []table.Item
	err := d.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketItems).ForEach(func(_, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			it, err := decode(v)
			if err != nil {
				return err
			}
			items = append(items, it)
			return nil
		})
	})
	if err != nil {
		return nil, portal.Internalf("bolt: dump: %w", err)
	}
	return items, nil
}
