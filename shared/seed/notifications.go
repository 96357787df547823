package seed

import (
	"context"
	"maps"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// demoNotification is a notification of the demo people, its time relative to the
// seed's, as the features would have delivered it.
type demoNotification struct {
	email  string
	kind   portal.EventKind
	ago    time.Duration
	read   bool
	params map[string]string
	link   string
}

// demoNotifications tell the demo administrator and user of the demo contract's
// ongoing outage and of an older one, and of their own account's security events,
// some already read. The budget alerts come from the demo budgets themselves.
func demoNotifications(c portal.Contract) []demoNotification {
	weather := "/contracts/" + c.ID + "/weather"
	outage := map[string]string{"service": "API de commande", "contract": c.Name}
	var out []demoNotification
	for _, email := range []string{DemoAccounts[1].Email, DemoAccounts[2].Email} {
		out = append(out,
			demoNotification{email: email, kind: portal.EventOutageStarted, ago: 40 * 24 * time.Hour, read: true, params: outage, link: weather},
			demoNotification{email: email, kind: portal.EventOutageEnded, ago: 40*24*time.Hour - 2*time.Hour, read: true, params: outage, link: weather},
			demoNotification{email: email, kind: portal.EventOutageStarted, ago: 90 * time.Minute, params: outage, link: weather},
		)
	}
	out = append(out,
		demoNotification{email: DemoAccounts[1].Email, kind: portal.EventPasswordChanged, ago: 3 * 24 * time.Hour, read: true, link: "/account"},
		demoNotification{email: DemoAccounts[2].Email, kind: portal.EventNewDevice, ago: 26 * time.Hour, link: "/account",
			params: map[string]string{"Browser": "Firefox", "OS": "Linux", "IP": "203.0.113.24"}},
	)
	return out
}

// DemoNotifications delivers the demo notifications. Their ids are made of their
// times, so a second run with the same now delivers nothing new.
func DemoNotifications(ctx context.Context, s *store.Store, c portal.Contract, now time.Time) error {
	for _, d := range demoNotifications(c) {
		a, err := s.AccountByEmail(ctx, d.email)
		if err != nil {
			return err
		}
		at := now.Add(-d.ago).UTC()
		n := store.Notification{ID: portal.IDFloor(at), OrgID: a.OrgID, UserID: a.ID, Kind: d.kind, Params: d.params, Link: d.link, Created: at}
		if info, _ := d.kind.Info(); !info.Security {
			n.ContractID = c.ID
		}
		if d.kind == portal.EventNewDevice {
			n.Params = maps.Clone(d.params)
			n.Params["Time"] = at.Format("2006-01-02 15:04 UTC")
		}
		if _, err := s.DeliverNotification(ctx, n, now); err != nil {
			return err
		}
		if d.read {
			if err := s.MarkNotificationRead(ctx, a.OrgID, a.ID, n.ID, now); err != nil {
				return err
			}
		}
	}
	return nil
}
