package areas_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/shared/store"
)

func init() {
	// Each organisation has an import under way; another organisation's is not found.
	isoSetups = append(isoSetups, func(t *testing.T, f *isoFixture, o *isoOrg) {
		id := "import-" + o.id
		j := store.Job{ID: id, OrgID: o.id, Kind: "user-import", By: o.admin.ID, Total: 1, Created: f.e.Clock.Now(), Updated: f.e.Clock.Now()}
		if err := f.e.Store.EnqueueJob(context.Background(), j); err != nil {
			t.Fatal(err)
		}
		o.vals["importJob"] = id
	})
	isolationRows = append(isolationRows,
		isolationRow{method: "GET", path: "/api/v1/org/imports", want: adminList()},
		isolationRow{method: "GET", path: "/api/v1/org/imports/{importJob}", want: adminOnly(200)},
	)
}
