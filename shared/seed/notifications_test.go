package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/table"
)

// The demo people find notifications, some unread, newest first; a second run
// delivers nothing twice.
func TestDemoNotifications(t *testing.T) {
	s := newStore(t, table.Options{})
	ctx := context.Background()
	now := time.Now().UTC()
	if _, err := seed.Demo(ctx, s, now); err != nil {
		t.Fatal(err)
	}
	if err := seed.DemoNotifications(ctx, s, seed.DemoContract, now); err != nil {
		t.Fatalf("a second run: %v", err)
	}
	for _, email := range []string{seed.DemoAccounts[1].Email, seed.DemoAccounts[2].Email} {
		a, err := s.AccountByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Notifications(ctx, a.OrgID, a.ID, 20, "", now)
		if err != nil || len(p.Items) != 4 || p.Unread < 1 || p.Unread > 2 || p.Items[0].Read {
			t.Fatalf("%s: %d notifications, %d unread, %v", email, len(p.Items), p.Unread, err)
		}
	}
}
