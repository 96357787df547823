package areas_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// The rows of the notification centre. Every route is about the signed-in person:
// no path names an organisation, and {notification} is the target user's own
// notification, which nobody else may read or mark, in either organisation. Someone
// logged in as a person reads what they would but changes nothing.
func init() {
	isoSetups = append(isoSetups, notificationsSetup)
	isoSnapshots = append(isoSnapshots, notificationsSnapshot)
	reads := ownAccount(codes{200, 200})
	isolationRows = append(isolationRows,
		isolationRow{method: "GET", path: "/api/v1/notifications", want: reads},
		isolationRow{method: "GET", path: "/api/v1/notifications?limit=5", want: reads},
		isolationRow{method: "GET", path: "/api/v1/notifications/unread", want: reads},
		isolationRow{method: "POST", path: "/api/v1/notifications/{notification}/read", want: personOnly(codes{404, 404})},
		isolationRow{method: "POST", path: "/api/v1/notifications/read-all", want: personOnly(codes{200, 200})},
		isolationRow{method: "GET", path: "/api/v1/me/notification-preferences", want: reads},
		// The other scope runs first and saves the person's preferences at version 0;
		// the same scope then sends the same version, which is stale.
		isolationRow{method: "PUT", path: "/api/v1/me/notification-preferences", body: `{"mail":{"budget_threshold":false},"version":0}`,
			want: personOnly(codes{409, 200})},
	)
}

// notificationsSetup gives the organisation's target user and administrator an
// unread notification each; the target's id is {notification}.
func notificationsSetup(t *testing.T, f *isoFixture, o *isoOrg) {
	now := f.e.Clock.Now()
	for _, u := range []portal.User{o.target, o.admin} {
		n := store.Notification{ID: portal.NewID(), OrgID: o.id, UserID: u.ID, Kind: portal.EventBudgetThreshold,
			ContractID: o.contract.ID, Params: map[string]string{"contract": o.contract.Name}, Link: "/contracts/" + o.contract.ID, Created: now}
		if _, err := f.e.Store.DeliverNotification(context.Background(), n, now); err != nil {
			t.Fatal(err)
		}
		if u.ID == o.target.ID {
			o.vals["notification"] = n.ID
		}
	}
}

// notificationsSnapshot lists the notification centres of the organisation's target
// user and administrator (their partitions are their own, not the organisation's).
func notificationsSnapshot(t *testing.T, f *isoFixture, o isoOrg) []string {
	var lines []string
	for _, u := range []portal.User{o.target, o.admin} {
		page, err := f.e.Store.Table().Query(context.Background(), table.Query{PK: "ORG#" + o.id + "#NOTIF#" + u.ID, Limit: table.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			lines = append(lines, fmt.Sprintf("notifications of %s: %s v%d %x", u.ID, it.SK, it.Version, it.Data))
		}
	}
	return lines
}
