package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

func named(org, first, last, email, login string, role portal.Role) portal.User {
	return portal.User{ID: portal.NewID(), OrgID: org, Email: email, Login: login, FirstName: first, LastName: last,
		Lang: "fr", Role: role, Status: portal.StatusReady, Created: time.Now()}
}

func lastNames(accounts []store.Account) []string {
	var out []string
	for _, a := range accounts {
		out = append(out, a.LastName)
	}
	return out
}

func TestUsersPageListsSearchesAndFiltersWithinOneOrganisation(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	people := []portal.User{
		named("acme", "Éloïse", "Bernard", "eloise@acme.example", "eloise.b", portal.RoleUser),
		named("acme", "Jules", "Dupont", "jd@acme.example", "jules.d", portal.RoleAdmin),
		named("acme", "Inès", "Caron", "dupuis@acme.example", "ines.c", portal.RoleUser),
		named("acme", "Marc", "Dupond", "marc@acme.example", "dupond.m", portal.RoleUser),
		named("globex", "Dan", "Dupont", "dan@globex.example", "dan.dupont", portal.RoleUser),
	}
	for _, u := range people {
		if err := s.CreateUser(ctx, u, "h"); err != nil {
			t.Fatal(err)
		}
	}
	all, next, err := s.UsersPage(ctx, store.UserQuery{OrgID: "acme", Sort: store.ByName})
	if err != nil || next != "" || len(all) != 4 || all[0].LastName != "Bernard" || all[3].LastName != "Dupont" {
		t.Fatalf("by name: %v %q %v", lastNames(all), next, err)
	}
	created, _, _ := s.UsersPage(ctx, store.UserQuery{OrgID: "acme", Sort: store.ByCreated})
	if got := lastNames(created); got[0] != "Dupond" || got[3] != "Bernard" {
		t.Fatalf("newest first: %v", got)
	}
	found, _, err := s.UsersPage(ctx, store.UserQuery{OrgID: "acme", Search: "DUP"})
	if got := lastNames(found); err != nil || len(got) != 3 || got[0] != "Dupond" || got[1] != "Dupont" || got[2] != "Caron" {
		t.Fatalf("search: %v %v", got, err)
	}
	// A search page of one resumes exactly where it stopped.
	var paged []string
	q := store.UserQuery{OrgID: "acme", Search: "dup", Limit: 1}
	for range 5 {
		page, next, err := s.UsersPage(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, lastNames(page)...)
		if q.Cursor = next; next == "" {
			break
		}
	}
	if len(paged) != 3 || paged[2] != "Caron" {
		t.Fatalf("paged search: %v", paged)
	}
	users, _, _ := s.UsersPage(ctx, store.UserQuery{OrgID: "acme", Limit: 1, Match: func(l store.Listed) bool { return l.Role == portal.RoleUser }})
	_, next, _ = s.UsersPage(ctx, store.UserQuery{OrgID: "acme", Limit: 1})
	if len(users) != 1 || users[0].LastName != "Bernard" {
		t.Fatalf("filtered: %v", lastNames(users))
	}
	if _, _, err := s.UsersPage(ctx, store.UserQuery{OrgID: "globex", Limit: 1, Cursor: next}); !portal.Is(err, portal.Invalid) {
		t.Fatalf("a cursor of one organisation pages another's list: %v", err)
	}
}

func TestAdminGuardKeepsOneAdministratorUnderConcurrentRemovals(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	a1, a2 := named("acme", "A", "One", "a1@acme.example", "a1", portal.RoleAdmin), named("acme", "A", "Two", "a2@acme.example", "a2", portal.RoleAdmin)
	for _, u := range []portal.User{a1, a2} {
		if err := s.CreateUser(ctx, u, "h"); err != nil {
			t.Fatal(err)
		}
	}
	if g, err := s.AdminGuard(ctx, "acme"); err != nil || g.N != 2 {
		t.Fatalf("count: %+v %v", g, err)
	}
	for round := range 20 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, u := range []portal.User{a1, a2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = s.ChangeAccount(ctx, "acme", u.ID, func(a *store.Account) ([]table.Op, error) {
					a.Role = portal.RoleUser
					return nil, nil
				})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if !errors.Is(err, store.ErrLastAdmin) {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d demotions succeeded, want exactly 1", round, ok)
		}
		// Make both administrators again for the next round.
		for _, u := range []portal.User{a1, a2} {
			if _, _, err := s.ChangeAccount(ctx, "acme", u.ID, func(a *store.Account) ([]table.Op, error) {
				a.Role = portal.RoleAdmin
				return nil, nil
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestDeleteAccountSparesReferents(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	u := named("acme", "Z", "M", "z@acme.example", "zm", portal.RoleUser)
	if err := s.CreateUser(ctx, u, "h"); err != nil {
		t.Fatal(err)
	}
	c := portal.Contract{ID: portal.NewID(), OrgID: "acme", Name: "C", Reference: "Ref 1", Start: "2026-01-01", ReferentID: u.ID}
	r := store.UserRights{OrgID: "acme", UserID: u.ID}.With(c.ID, portal.ContractRights{Referent: true})
	if err := s.CreateContract(ctx, c, store.PutRights(r)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateContract(ctx, portal.Contract{ID: portal.NewID(), OrgID: "acme", Reference: "REF  1"}); !portal.Is(err, portal.Conflict) || err.(*portal.Error).Code != "reference_taken" {
		t.Fatalf("a reference is unique in its organisation: %v", err)
	}
	if err := s.CreateContract(ctx, portal.Contract{ID: portal.NewID(), OrgID: "globex", Reference: "Ref 1"}); err != nil {
		t.Fatalf("another organisation may use the reference: %v", err)
	}
	check := func(store.Account) ([]table.Op, error) { return nil, nil }
	if _, err := s.DeleteAccount(ctx, "acme", u.ID, check); !errors.Is(err, store.ErrReferent) {
		t.Fatalf("delete the referent: %v", err)
	}
	got, _ := s.Rights(ctx, "acme", u.ID)
	if err := s.Table().Transact(ctx, store.PutRights(got.With(c.ID, portal.ContractRights{}))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteAccount(ctx, "acme", u.ID, check); err != nil {
		t.Fatal(err)
	}
	if taken, _ := s.LoginTaken(ctx, "zm"); taken {
		t.Fatal("the login guard survived the user")
	}
}

func TestAuditSearchFiltersByUserActionAndDates(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	add := func(at time.Time, user, action string) {
		if err := s.Table().Transact(ctx, store.Audit(store.AuditEntry{OrgID: "acme", Time: at, UserID: user, Action: action})); err != nil {
			t.Fatal(err)
		}
	}
	add(day, "u1", "user.create")
	add(day.Add(24*time.Hour), "u2", "user.create")
	add(day.Add(48*time.Hour), "u1", "user.disable")
	add(day.Add(72*time.Hour), "u1", "user.create")
	if err := s.Table().Transact(ctx, store.Audit(store.AuditEntry{OrgID: "globex", Time: day, UserID: "u1", Action: "user.create"})); err != nil {
		t.Fatal(err)
	}
	count := func(f store.AuditFilter) int {
		t.Helper()
		got, _, err := s.AuditSearch(ctx, "acme", f, 50, "")
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	for name, c := range map[string]struct {
		f    store.AuditFilter
		want int
	}{
		"all":              {store.AuditFilter{}, 4},
		"user":             {store.AuditFilter{UserID: "u1"}, 3},
		"action":           {store.AuditFilter{Action: "user.create"}, 3},
		"user and action":  {store.AuditFilter{UserID: "u1", Action: "user.create"}, 2},
		"from":             {store.AuditFilter{From: day.Add(time.Hour)}, 3},
		"to (excluded)":    {store.AuditFilter{To: day.Add(48 * time.Hour)}, 2},
		"range and action": {store.AuditFilter{Action: "user.create", From: day.Add(time.Hour), To: day.Add(80 * time.Hour)}, 2},
	} {
		if got := count(c.f); got != c.want {
			t.Errorf("%s: %d entries, want %d", name, got, c.want)
		}
	}
	first, next, err := s.AuditSearch(ctx, "acme", store.AuditFilter{UserID: "u1", Action: "user.create"}, 1, "")
	if err != nil || len(first) != 1 || !first[0].Time.Equal(day.Add(72*time.Hour)) || next == "" {
		t.Fatalf("first page: %+v %q %v", first, next, err)
	}
	rest, last, err := s.AuditSearch(ctx, "acme", store.AuditFilter{UserID: "u1", Action: "user.create"}, 1, next)
	if err != nil || len(rest) != 1 || !rest[0].Time.Equal(day) {
		t.Fatalf("second page: %+v %q %v", rest, last, err)
	}
}

func TestRightsMatrixReadsInTwoRoundTrips(t *testing.T) {
	s := newStore(t)
	ctx, trips := table.WithTrips(context.Background())
	var ids []string
	for _, n := range []string{"Alpha", "Bravo", "Charlie"} {
		u := named("acme", n, n, n+"@acme.example", n+"-login", portal.RoleUser)
		if err := s.CreateUser(context.Background(), u, "h"); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	c := portal.Contract{ID: portal.NewID(), OrgID: "acme", Reference: "R", ReferentID: ids[0]}
	if err := s.CreateContract(context.Background(), c, store.PutRights(store.UserRights{OrgID: "acme", UserID: ids[0]}.With(c.ID, portal.ContractRights{Referent: true}))); err != nil {
		t.Fatal(err)
	}
	m, err := s.RightsMatrix(ctx, "acme", c.ID, ids[1], "", 2, "")
	if err != nil || trips.Count() != 2 {
		t.Fatalf("matrix: %v in %d round trips", err, trips.Count())
	}
	if len(m.Users) != 2 || m.Next == "" || !m.Rights[ids[0]].Contracts[c.ID].Referent || m.Viewer.UserID != ids[1] || m.Contract.ID != c.ID {
		t.Fatalf("matrix: %+v", m)
	}
	ctx, trips = table.WithTrips(context.Background())
	if m, err := s.RightsMatrix(ctx, "acme", c.ID, ids[1], "brav", 2, ""); err != nil || trips.Count() != 2 || len(m.Users) != 1 || m.Users[0].ID != ids[1] {
		t.Fatalf("matrix searched by name: %v in %d round trips: %+v", err, trips.Count(), m.Users)
	}
	if _, err := s.RightsMatrix(context.Background(), "globex", c.ID, ids[1], "", 2, ""); !portal.Is(err, portal.NotFound) {
		t.Fatalf("another organisation's contract: %v", err)
	}
}
