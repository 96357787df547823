package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

func deliver(t *testing.T, s *store.Store, org, user, id string, created, now time.Time) bool {
	t.Helper()
	ok, err := s.DeliverNotification(context.Background(), store.Notification{ID: id, OrgID: org, UserID: user,
		Kind: portal.EventBudgetThreshold, Created: created}, now)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestNotificationsNewestFirstPagedAndGoneAfterTheirLife(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	old := portal.NewID()
	deliver(t, s, "acme", "ann", old, now.Add(-store.NotificationLife-time.Hour), now)
	var ids []string
	for range 5 {
		id := portal.NewID()
		ids = append(ids, id)
		deliver(t, s, "acme", "ann", id, now, now)
	}
	if deliver(t, s, "acme", "ann", ids[2], now, now) {
		t.Fatal("a notification was delivered twice")
	}
	p, err := s.Notifications(ctx, "acme", "ann", 3, "", now)
	if err != nil || len(p.Items) != 3 || p.Next == "" || p.Unread != 5 {
		t.Fatalf("%+v %v", p, err)
	}
	p2, err := s.Notifications(ctx, "acme", "ann", 3, p.Next, now)
	if err != nil || len(p2.Items) != 2 || p2.Next != "" {
		t.Fatalf("second page: %+v %v", p2, err)
	}
	got := append(p.Items, p2.Items...)
	for i, n := range got {
		if n.ID != ids[len(ids)-1-i] {
			t.Fatalf("position %d holds %s, want %s (newest first, the one past its life left out)", i, n.ID, ids[len(ids)-1-i])
		}
	}
	if err := s.MarkNotificationRead(ctx, "acme", "ann", old, now); !portal.Is(err, portal.NotFound) {
		t.Fatalf("a notification past its life was marked: %v", err)
	}
	// Another person's cursor is not this list's.
	if _, err := s.Notifications(ctx, "acme", "bob", 3, p.Next, now); !portal.Is(err, portal.Invalid) {
		t.Fatalf("bob used ann's cursor: %v", err)
	}
}

func TestUnreadCountStopsCountingExpiredNotifications(t *testing.T) {
	s := newStore(t)
	now := time.Now().UTC()
	deliver(t, s, "acme", "ann", portal.NewID(), now.Add(-store.NotificationLife+48*time.Hour), now)
	deliver(t, s, "acme", "ann", portal.NewID(), now, now)
	if n, _ := s.UnreadNotifications(context.Background(), "acme", "ann", now); n != 2 {
		t.Fatalf("%d unread, want 2", n)
	}
	later := now.Add(72 * time.Hour)
	if n, _ := s.UnreadNotifications(context.Background(), "acme", "ann", later); n != 1 {
		t.Fatalf("%d unread three days later, want 1 (the old one expired)", n)
	}
}

func TestUnreadCountStaysRightUnderConcurrency(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	var first []string
	for range 10 {
		id := portal.NewID()
		first = append(first, id)
		deliver(t, s, "acme", "ann", id, now, now)
	}
	var wg sync.WaitGroup
	// Twenty new deliveries (each twice, racing), while the first ten are marked
	// read, each by two racing readers.
	for i := range 20 {
		id := fmt.Sprintf("%s-%02d", portal.NewID(), i)
		for range 2 {
			wg.Go(func() {
				if _, err := s.DeliverNotification(ctx, store.Notification{ID: id, OrgID: "acme", UserID: "ann",
					Kind: portal.EventBudgetThreshold, Created: now}, now); err != nil {
					t.Error(err)
				}
			})
		}
	}
	for _, id := range first {
		for range 2 {
			wg.Go(func() {
				if err := s.MarkNotificationRead(ctx, "acme", "ann", id, now); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	n, err := s.UnreadNotifications(ctx, "acme", "ann", now)
	if err != nil || n != 20 {
		t.Fatalf("%d unread, want 20 (%v)", n, err)
	}
	p, _ := s.Notifications(ctx, "acme", "ann", 100, "", now)
	unread := 0
	for _, it := range p.Items {
		if !it.Read {
			unread++
		}
	}
	if len(p.Items) != 30 || unread != 20 {
		t.Fatalf("%d notifications, %d shown unread", len(p.Items), unread)
	}

	if err := s.MarkAllNotificationsRead(ctx, "acme", "ann", now); err != nil {
		t.Fatal(err)
	}
	deliver(t, s, "acme", "ann", portal.NewID(), now, now)
	p, _ = s.Notifications(ctx, "acme", "ann", 100, "", now)
	unread = 0
	for _, it := range p.Items {
		if !it.Read {
			unread++
		}
	}
	if p.Unread != 1 || unread != 1 {
		t.Fatalf("after marking all read and one more delivery: count %d, %d shown unread", p.Unread, unread)
	}
}

func TestAPersonCannotMarkAnothersNotification(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	id := portal.NewID()
	deliver(t, s, "acme", "ann", id, now, now)
	if err := s.MarkNotificationRead(ctx, "acme", "bob", id, now); !portal.Is(err, portal.NotFound) {
		t.Fatalf("bob marked ann's notification: %v", err)
	}
	if err := s.MarkNotificationRead(ctx, "other", "ann", id, now); !portal.Is(err, portal.NotFound) {
		t.Fatalf("marked from another organisation: %v", err)
	}
	if n, _ := s.UnreadNotifications(ctx, "acme", "ann", now); n != 1 {
		t.Fatalf("ann has %d unread", n)
	}
}

func TestNotificationPrefsAreConditioned(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	p, err := s.NotificationPrefs(ctx, "acme", "ann")
	if err != nil || !p.Mails(portal.EventBudgetThreshold) {
		t.Fatalf("%+v %v", p, err)
	}
	p.MailOff = []portal.EventKind{portal.EventBudgetThreshold}
	if err := s.SaveNotificationPrefs(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveNotificationPrefs(ctx, p); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale save was accepted: %v", err)
	}
	got, _ := s.NotificationPrefs(ctx, "acme", "ann")
	if got.Mails(portal.EventBudgetThreshold) || got.Version != 1 {
		t.Fatalf("%+v", got)
	}
}
