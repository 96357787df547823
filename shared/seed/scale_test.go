package seed_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// cheap keeps the tests fast; the command hashes at OWASP cost.
var cheap = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

func TestPlanIsTheSameAtEveryScaleAndHasEverySize(t *testing.T) {
	small, large := seed.ScaleOrgs(0, 1000), seed.ScaleOrgs(1000, 0)
	if len(large) != 1000 {
		t.Fatalf("%d organisations", len(large))
	}
	total, classes := 0, map[seed.SizeClass]int{}
	for i, o := range large {
		if i < len(small) && small[i] != o {
			t.Fatalf("organisation %d differs between scales", o.N)
		}
		total += o.Users
		classes[o.Class]++
	}
	if total < 90_000 || total > 110_000 {
		t.Fatalf("1,000 organisations hold %d users, want about 100,000", total)
	}
	if classes[seed.Small] < 700 || classes[seed.Medium] < 150 || classes[seed.Large] < 30 {
		t.Fatalf("size classes %v", classes)
	}
	if n := 0; true {
		for _, o := range small {
			n += o.Users
		}
		if n < 1000 || n > 1700 || small[0].Class != seed.Large {
			t.Fatalf("the 1,000-user scale: %d users, first organisation %s", n, small[0].Class)
		}
	}
	a, b := large[41].People(), large[41].People()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("person %d differs between calls", i+1)
		}
	}
}

func TestScaleWritesThePlanOnceAndCompletesAnInterruptedRun(t *testing.T) {
	s := newStore(t, table.Options{CursorSecret: []byte("t")})
	ctx := context.Background()
	now := time.Now()
	var out strings.Builder
	opt := seed.ScaleOptions{Orgs: 3, Params: cheap, Progress: &out, Now: now}
	got, err := seed.Scale(ctx, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got.Users != got.PlannedUsers || got.Orgs != 3 || got.Skipped != 0 || !strings.Contains(out.String(), "100%") {
		t.Fatalf("first run: %+v\n%s", got, out.String())
	}
	for _, st := range []portal.UserStatus{portal.StatusReady, portal.StatusLocked, portal.StatusNotActivated, portal.StatusDisabled, portal.StatusPendingApproval} {
		if got.ByStatus[st] == 0 {
			t.Fatalf("no %s user: %v", st, got.ByStatus)
		}
	}
	if got.Requests[portal.RequestPending] == 0 || got.Grants == 0 || got.SignIns == 0 || got.AuditEntries == 0 || got.Contracts == 0 {
		t.Fatalf("missing kinds of data: %+v", got)
	}

	// Every planned person is there as planned, and signs in with the demo password
	// when ready.
	now = time.Now()
	for _, o := range seed.ScaleOrgs(3, 0) {
		var admins []string
		for _, p := range o.People() {
			acc, err := s.AccountByEmail(ctx, p.Email)
			if err != nil {
				t.Fatalf("%s: %v", p.Email, err)
			}
			status := acc.Status
			if status == portal.StatusReady && now.Before(acc.LockedUntil) {
				status = portal.StatusLocked
			}
			if acc.ID != p.ID || acc.OrgID != o.ID || acc.Role != p.Role || status != p.Status {
				t.Fatalf("%s: %+v, planned %+v", p.Email, acc.User, p)
			}
			if p.CanSignIn() {
				if ok, _, err := auth.CheckPassword(acc.PasswordHash, seed.DemoPassword, cheap); !ok || err != nil {
					t.Fatalf("%s: the demo password does not verify", p.Email)
				}
			}
			if store.CountsAsAdmin(acc.User) {
				admins = append(admins, acc.ID)
			}
		}
		slices.Sort(admins)
		g, err := s.AdminGuard(ctx, o.ID)
		if err != nil || g.N != len(admins) || !slices.Equal(g.IDs, admins) {
			t.Fatalf("%s: administrators' item %v, want %v (%v)", o.ID, g.IDs, admins, err)
		}
		claim, err := s.DomainClaim(ctx, o.Domain)
		if err != nil || !claim.Verified(o.ID) {
			t.Fatalf("%s: domain claim %+v %v", o.ID, claim, err)
		}
		queue, _, err := s.PendingAccessRequests(ctx, store.PendingQuery{Approver: portal.ApproverCustomerAdmins, OrgID: o.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range queue {
			if r.Status != portal.RequestPending || r.OrgID != o.ID || !r.Deadline.After(now) {
				t.Fatalf("%s: queued %+v", o.ID, r)
			}
		}
	}

	// A second run writes nothing.
	again, err := seed.Scale(ctx, s, opt)
	if err != nil || again.Skipped != 3 || again.Users != 0 || again.Transactions != 0 {
		t.Fatalf("second run: %+v %v", again, err)
	}

	// A run interrupted before an organisation's mark is completed, not duplicated.
	o := seed.ScaleOrgAt(2)
	if err := s.Table().Delete(ctx, table.Key{PK: "SEED", SK: "SCALE#" + o.ID}, table.Cond{}); err != nil {
		t.Fatal(err)
	}
	redo, err := seed.Scale(ctx, s, opt)
	if err != nil || redo.Skipped != 2 || redo.Users != 0 {
		t.Fatalf("completing run: %+v %v", redo, err)
	}
	users, _, err := s.UsersPage(ctx, store.UserQuery{OrgID: o.ID, Limit: 100})
	if err != nil || len(users) != o.Users {
		t.Fatalf("%s holds %d users after completing, want %d (%v)", o.ID, len(users), o.Users, err)
	}
	if done, err := s.Seeded(ctx, []string{"SCALE#" + o.ID}); err != nil || len(done) != 1 {
		t.Fatalf("the mark was not written again: %v %v", done, err)
	}
}
