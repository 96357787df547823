package seed_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

func TestDemoSeedsOnceEvenConcurrently(t *testing.T) {
	s := newStore(t, table.Options{})
	ctx := context.Background()
	var wg sync.WaitGroup
	wrote := make([]bool, 3)
	for i := range wrote {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := seed.Demo(ctx, s, time.Now())
			if err != nil {
				t.Error(err)
			}
			wrote[i] = ok
		}()
	}
	wg.Wait()
	if again, err := seed.Demo(ctx, s, time.Now()); err != nil || again {
		t.Fatalf("a later run wrote again: %v %v", again, err)
	}
	for _, a := range seed.DemoAccounts {
		acc, err := s.AccountByEmail(ctx, a.Email)
		u, hash := acc.User, acc.PasswordHash
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		if u.Role != a.Role || u.Status != portal.StatusReady {
			t.Fatalf("%s: %+v", a.Email, u)
		}
		if ok, _, err := auth.CheckPassword(hash, seed.DemoPassword, auth.OWASP); !ok || err != nil {
			t.Fatalf("%s: demo password does not verify", a.Email)
		}
		users, err := s.Table().Query(ctx, table.Query{PK: "ORG#" + u.OrgID, Prefix: "USER#"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, it := range users.Items {
			if u2, err := s.User(ctx, u.OrgID, it.SK[len("USER#"):]); err == nil && u2.Email == a.Email {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%s exists %d times", a.Email, n)
		}
		// The organisation's item of administrators names its administrators.
		g, err := s.AdminGuard(ctx, u.OrgID)
		if err != nil || slices.Contains(g.IDs, u.ID) != store.CountsAsAdmin(u) {
			t.Fatalf("%s (%s): administrators' item %v %v", a.Email, u.Role, g.IDs, err)
		}
	}
}
