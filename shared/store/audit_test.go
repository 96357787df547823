package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

func TestAuditEntriesAreWrittenWithTheChangeAndListedNewestFirst(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	u := user("zoe@acme.example", "zoe")
	if err := s.CreateUser(ctx, u, "h", store.Audit(store.AuditEntry{OrgID: "acme", Time: time.Now(), Action: "user.create", UserID: "admin", Target: "user:" + u.ID, After: json.RawMessage(`{"email":"zoe@acme.example"}`)})); err != nil {
		t.Fatal(err)
	}
	// A refused change leaves no audit entry.
	dup := user("zoe@acme.example", "zoe-again")
	if err := s.CreateUser(ctx, dup, "h", store.Audit(store.AuditEntry{OrgID: "acme", Action: "user.create"})); !portal.Is(err, portal.Conflict) {
		t.Fatalf("duplicate: %v", err)
	}
	for i := range 3 {
		if err := s.Table().Transact(ctx, store.Audit(store.AuditEntry{OrgID: "acme", Action: "user.update", Target: string(rune('a' + i))})); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Table().Transact(ctx, store.Audit(store.AuditEntry{OrgID: "globex", Action: "user.update"})); err != nil {
		t.Fatal(err)
	}
	entries, next, err := s.AuditPage(ctx, "acme", 3, "")
	if err != nil || len(entries) != 3 || next == "" {
		t.Fatalf("page 1: %d entries, next %q, %v", len(entries), next, err)
	}
	if entries[0].Target != "c" || entries[2].Target != "a" {
		t.Fatalf("not newest first: %+v", entries)
	}
	rest, last, err := s.AuditPage(ctx, "acme", 3, next)
	if err != nil || len(rest) != 1 || rest[0].Action != "user.create" || last != "" {
		t.Fatalf("page 2: %+v %q %v", rest, last, err)
	}
	if _, _, err := s.AuditPage(ctx, "globex", 3, next); !portal.Is(err, portal.Invalid) {
		t.Fatalf("a cursor of one organisation must not page another's log: %v", err)
	}
}
