package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

// readCounter is the bolt driver counting the items its reads return, as DynamoDB
// bills read units by the items (and their size) a request reads.
type readCounter struct {
	*bolt.Driver
	items atomic.Int64
}

func (c *readCounter) Get(ctx context.Context, key table.Key) (table.Item, bool, error) {
	it, ok, err := c.Driver.Get(ctx, key)
	if ok {
		c.items.Add(1)
	}
	return it, ok, err
}

func (c *readCounter) GetMany(ctx context.Context, keys []table.Key) ([]table.Item, error) {
	items, err := c.Driver.GetMany(ctx, keys)
	c.items.Add(int64(len(items)))
	return items, err
}

func (c *readCounter) Query(ctx context.Context, q table.Query, start *table.Item, limit int) ([]table.Item, *table.Item, error) {
	items, last, err := c.Driver.Query(ctx, q, start, limit)
	c.items.Add(int64(len(items)))
	return items, last, err
}

func newCountingStore(t testing.TB) (*store.Store, *readCounter) {
	t.Helper()
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	c := &readCounter{Driver: d}
	s := store.New(table.New(c, table.Options{CursorSecret: []byte("t")}))
	t.Cleanup(func() { s.Table().Close() })
	return s, c
}

// manyUsers creates n users of acme, in batches as an import does, among them the
// administrators given.
func manyUsers(t testing.TB, s *store.Store, n int, admins ...portal.User) {
	t.Helper()
	ctx := context.Background()
	var batch []store.NewAccount
	for i := range n {
		u := named("acme", "P", fmt.Sprintf("Person%04d", i), fmt.Sprintf("p%d@acme.example", i), fmt.Sprintf("p%d", i), portal.RoleUser)
		batch = append(batch, store.NewAccount{Account: store.Account{User: u, PasswordHash: "h"}})
	}
	for _, u := range admins {
		batch = append(batch, store.NewAccount{Account: store.Account{User: u, PasswordHash: "h"}})
	}
	for start := 0; start < len(batch); start += 30 {
		if _, err := s.CreateAccounts(ctx, batch[start:min(start+30, len(batch))]...); err != nil {
			t.Fatal(err)
		}
	}
}

func ids(users []portal.User) []string {
	var out []string
	for _, u := range users {
		out = append(out, u.ID)
	}
	return out
}

func TestAdministratorsReadsOnlyTheAdministrators(t *testing.T) {
	s, reads := newCountingStore(t)
	a1 := named("acme", "Alice", "Admin", "alice@acme.example", "alice", portal.RoleAdmin)
	a2 := named("acme", "Bruno", "Boss", "bruno@acme.example", "bruno", portal.RoleAdmin)
	pending := named("acme", "Chloé", "Chef", "chloe@acme.example", "chloe", portal.RoleAdmin)
	pending.Status = portal.StatusNotActivated
	manyUsers(t, s, 600, a1, a2, pending)

	ctx, trips := table.WithTrips(context.Background())
	reads.items.Store(0)
	admins, err := s.Administrators(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	// By name: Admin, Boss; the administrator not yet activated cannot act.
	if got := ids(admins); !slices.Equal(got, []string{a1.ID, a2.ID}) {
		t.Fatalf("administrators = %v, want %v", got, []string{a1.ID, a2.ID})
	}
	// The item of administrators, then the three of them: never the 600 others.
	if n := reads.items.Load(); n > 4 {
		t.Fatalf("Administrators read %d items for an organisation of 603 users and 3 administrators", n)
	}
	if trips.Count() > 2 {
		t.Fatalf("Administrators made %d round trips", trips.Count())
	}
}

func TestAdministratorsItemFollowsEveryChange(t *testing.T) {
	s, d := newBoltStore(t)
	ctx := context.Background()
	check := func(step string, want ...portal.User) {
		t.Helper()
		g, err := s.AdminGuard(ctx, "acme")
		wantIDs := ids(want)
		slices.Sort(wantIDs)
		if err != nil || g.N != len(want) || !slices.Equal(g.IDs, wantIDs) {
			t.Fatalf("%s: item names %v (%d), want %v (%v)", step, g.IDs, g.N, wantIDs, err)
		}
		if bad := integrity(t, d); len(bad) > 0 {
			t.Fatalf("%s: %v", step, bad)
		}
	}
	if err := s.CreateOrganisation(ctx, portal.Organisation{ID: "acme", Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	// Created one by one (the demo seed, the wizard) and in a batch (an import, the
	// scale seed).
	a1 := named("acme", "A", "One", "a1@acme.example", "a1", portal.RoleAdmin)
	if err := s.CreateUser(ctx, a1, "h"); err != nil {
		t.Fatal(err)
	}
	check("created", a1)
	a2 := named("acme", "A", "Two", "a2@acme.example", "a2", portal.RoleAdmin)
	u := named("acme", "U", "Ser", "u@acme.example", "u", portal.RoleUser)
	manyUsers(t, s, 3, a2, u)
	check("imported", a1, a2)

	change := func(id string, edit func(a *store.Account)) error {
		_, _, err := s.ChangeAccount(ctx, "acme", id, func(a *store.Account) ([]table.Op, error) {
			edit(a)
			return nil, nil
		})
		return err
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(change(u.ID, func(a *store.Account) { a.Role = portal.RoleAdmin }))
	check("made administrator", a1, a2, u)
	must(change(u.ID, func(a *store.Account) { a.Role = portal.RoleUser }))
	check("unmade administrator", a1, a2)
	must(change(a2.ID, func(a *store.Account) { a.Status = portal.StatusDisabled }))
	check("administrator disabled", a1)
	must(change(a2.ID, func(a *store.Account) { a.FirstName = "Still disabled" }))
	check("disabled administrator renamed", a1)
	must(change(a2.ID, func(a *store.Account) { a.Status = portal.StatusReady }))
	check("administrator enabled", a1, a2)
	if _, err := s.DeleteAccount(ctx, "acme", a2.ID, func(store.Account) ([]table.Op, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	check("administrator deleted", a1)
	if err := change(a1.ID, func(a *store.Account) { a.Role = portal.RoleUser }); !portal.Is(err, portal.Conflict) {
		t.Fatalf("the last administrator was unmade: %v", err)
	}
	check("last administrator kept", a1)

	// A registration decided: the person moves in as an administrator.
	mover := portal.User{ID: portal.NewID(), OrgID: portal.UnlinkedOrg, Email: "mover@acme.example", Login: "mover",
		FirstName: "M", LastName: "Over", Lang: "fr", Role: portal.RoleUser, Status: portal.StatusReady}
	if err := s.CreateUser(ctx, mover, "h"); err != nil {
		t.Fatal(err)
	}
	if err := s.Table().Transact(ctx, store.PutRegistration(portal.Registration{ID: mover.ID, OrgID: "acme"})); err != nil {
		t.Fatal(err)
	}
	_, moved, err := s.MoveAccount(ctx, portal.UnlinkedOrg, mover.ID, func(a *store.Account) ([]table.Op, error) {
		a.OrgID, a.Role = "acme", portal.RoleAdmin
		return nil, nil
	})
	must(err)
	check("registration decided", a1, moved.User)
}

func TestAdministratorsItemOfTheFirstVersionIsFoundOnce(t *testing.T) {
	s, reads := newCountingStore(t)
	ctx := context.Background()
	a := named("acme", "A", "Dmin", "a@acme.example", "a", portal.RoleAdmin)
	manyUsers(t, s, 50, a)
	// The item as the first version stored it: a count, no ids.
	k := table.Key{PK: "ORG#acme", SK: "ADMINS"}
	if err := s.Table().Put(ctx, table.Item{PK: k.PK, SK: k.SK, Version: 7, Data: []byte(`{"n":1}`)}, table.Cond{}); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		reads.items.Store(0)
		admins, err := s.Administrators(ctx, "acme")
		if err != nil || !slices.Equal(ids(admins), []string{a.ID}) {
			t.Fatalf("round %d: %v %v", round, ids(admins), err)
		}
		if n := reads.items.Load(); round == 1 && n > 2 {
			t.Fatalf("the item was not stored by the first read: the second read %d items", n)
		}
	}
	// Gone altogether, it is found and stored the same way.
	if err := s.Table().Delete(ctx, k, table.Cond{}); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		reads.items.Store(0)
		if admins, err := s.Administrators(ctx, "acme"); err != nil || len(admins) != 1 {
			t.Fatalf("missing item, round %d: %v %v", round, ids(admins), err)
		}
		if n := reads.items.Load(); round == 1 && n > 2 {
			t.Fatalf("the missing item was not stored: the second read %d items", n)
		}
	}
}

// BenchmarkAdministrators finds the administrators of an organisation of 1,000
// users, three of them administrators.
func BenchmarkAdministrators(b *testing.B) {
	s, _ := newCountingStore(b)
	var admins []portal.User
	for i := range 3 {
		admins = append(admins, named("acme", "A", fmt.Sprintf("Admin%d", i), fmt.Sprintf("a%d@acme.example", i), fmt.Sprintf("a%d", i), portal.RoleAdmin))
	}
	manyUsers(b, s, 997, admins...)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Administrators(ctx, "acme"); err != nil {
			b.Fatal(err)
		}
	}
}
