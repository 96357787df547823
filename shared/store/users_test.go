package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	s, _ := newBoltStore(t)
	return s
}

// newBoltStore also returns the driver, whose dump the integrity checks read.
func newBoltStore(t *testing.T) (*store.Store, *bolt.Driver) {
	t.Helper()
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := store.New(table.New(d, table.Options{CursorSecret: []byte("t")}))
	t.Cleanup(func() { s.Table().Close() })
	return s, d
}

func user(email, login string) portal.User {
	return portal.User{ID: portal.NewID(), OrgID: "acme", Email: email, Login: login, FirstName: "A", LastName: "B", Lang: "fr", Role: portal.RoleUser, Status: portal.StatusReady, Created: time.Now()}
}

func TestCreateUserGuardsEmailAndLogin(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if err := s.CreateUser(ctx, user("Zoe@Acme.example ", "zoe"), "hash"); err != nil {
		t.Fatal(err)
	}
	err := s.CreateUser(ctx, user("zoe@acme.example", "zoe2"), "hash")
	if !portal.Is(err, portal.Conflict) || err.(*portal.Error).Code != "email_taken" {
		t.Fatalf("same address: %v", err)
	}
	err = s.CreateUser(ctx, user("other@acme.example", "zoe"), "hash")
	if !portal.Is(err, portal.Conflict) || err.(*portal.Error).Code != "login_taken" {
		t.Fatalf("same login: %v", err)
	}
	// The refused attempts left no guard behind: the address is still free.
	if err := s.CreateUser(ctx, user("other@acme.example", "other"), "hash"); err != nil {
		t.Fatalf("a refused transaction left a guard: %v", err)
	}
	acc, err := s.AccountByEmail(ctx, "ZOE@acme.example")
	u := acc.User
	if err != nil || u.Login != "zoe" || acc.PasswordHash != "hash" || acc.Version != 1 {
		t.Fatalf("AccountByEmail = %+v %v", acc, err)
	}
	acc.FailedSignIns = 2
	if err := s.SaveAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAccount(ctx, acc); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale save must conflict, got %v", err)
	}
	again, err := s.User(ctx, "acme", u.ID)
	if err != nil || again.Email != "zoe@acme.example" {
		t.Fatalf("User = %+v %v", again, err)
	}
	if _, err := s.User(ctx, "another-org", u.ID); !portal.Is(err, portal.NotFound) {
		t.Fatalf("a user was found under another organisation: %v", err)
	}
}

func TestConcurrentSignUpsWithOneAddressMakeOneUser(t *testing.T) {
	s := newStore(t)
	var ok atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.CreateUser(context.Background(), user("race@acme.example", "race-"+portal.NewID()[:8]), "h"); err == nil {
				ok.Add(1)
			} else if !portal.Is(err, portal.Conflict) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 {
		t.Fatalf("%d users created for one address", ok.Load())
	}
}

func TestOrganisationRoundTrip(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	o := portal.Organisation{ID: "acme", Name: "Acme", Domains: []string{"acme.example"}, Created: time.Now().UTC()}
	if err := s.CreateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOrganisation(ctx, o); !portal.Is(err, portal.Conflict) {
		t.Fatalf("duplicate organisation: %v", err)
	}
	got, err := s.Organisation(ctx, "acme")
	if err != nil || got.Name != "Acme" || got.Domains[0] != "acme.example" || got.Version != 1 {
		t.Fatalf("%+v %v", got, err)
	}
}
