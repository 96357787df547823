package areas_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/shared/store"
)

func init() {
	// Each organisation has an export job under way; another organisation's is not found.
	isoSetups = append(isoSetups, func(t *testing.T, f *isoFixture, o *isoOrg) {
		id := "job-" + o.id
		j := store.Job{ID: id, OrgID: o.id, Kind: "audit-export", By: o.admin.ID, Created: f.e.Clock.Now(), Updated: f.e.Clock.Now()}
		if err := f.e.Store.EnqueueJob(context.Background(), j); err != nil {
			t.Fatal(err)
		}
		o.vals["exportJob"] = id
	})
	isolationRows = append(isolationRows,
		isolationRow{method: "POST", path: "/api/v1/org/audit/exports", body: `{"user":"{admin}"}`,
			want: all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {202, 202}})},
		isolationRow{method: "GET", path: "/api/v1/org/audit/exports/{exportJob}", want: adminOnly(200)},
	)
}
