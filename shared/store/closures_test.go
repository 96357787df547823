package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

func TestClosureRequestQueue(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if _, err := s.ClosureRequest(ctx, "acme", "u1"); portal.CodeOf(err) != "closure_not_found" {
		t.Fatalf("none yet: %v", err)
	}
	put := func(r portal.ClosureRequest) error { return s.Table().Transact(ctx, store.PutClosureRequest(r)) }
	late := portal.ClosureRequest{UserID: "u2", OrgID: "acme", Name: "Basile", State: portal.ClosurePending, Created: now.Add(time.Hour)}
	early := portal.ClosureRequest{UserID: "u1", OrgID: "acme", Name: "Zoé", State: portal.ClosurePending, Created: now}
	other := portal.ClosureRequest{UserID: "u3", OrgID: "globex", Name: "Gus", State: portal.ClosurePending, Created: now}
	for _, r := range []portal.ClosureRequest{late, early, other} {
		if err := put(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := put(early); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a second new request for one person: %v", err)
	}
	q, _, err := s.PendingClosureRequests(ctx, "acme", 10, "")
	if err != nil || len(q) != 2 || q[0].UserID != "u1" || q[1].UserID != "u2" || q[0].Version != 1 {
		t.Fatalf("queue, oldest first: %+v %v", q, err)
	}
	// A declined request leaves the queue; a stale write loses.
	got, _ := s.ClosureRequest(ctx, "acme", "u1")
	got.State, got.Reason = portal.ClosureDeclined, "Contract in progress"
	if err := put(got); err != nil {
		t.Fatal(err)
	}
	if err := put(got); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale decision: %v", err)
	}
	if q, _, _ := s.PendingClosureRequests(ctx, "acme", 10, ""); len(q) != 1 || q[0].UserID != "u2" {
		t.Fatalf("after the decline: %+v", q)
	}
	if again, _ := s.ClosureRequest(ctx, "acme", "u1"); again.State != portal.ClosureDeclined || again.Version != 2 {
		t.Fatalf("declined: %+v", again)
	}
	// Deleting takes the version read.
	late.Version = 1
	if err := s.Table().Transact(ctx, store.DeleteClosureRequest(late)); err != nil {
		t.Fatal(err)
	}
	if q, _, _ := s.PendingClosureRequests(ctx, "acme", 10, ""); len(q) != 0 {
		t.Fatalf("after the deletion: %+v", q)
	}
	if err := s.Table().Transact(ctx, store.DeleteClosureRequest(late)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("deleted twice: %v", err)
	}
}
