package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

// integrity checks the whole table of a bolt driver.
func integrity(t *testing.T, d *bolt.Driver) []string {
	t.Helper()
	items, err := d.Dump(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return store.CheckIntegrity(items)
}

func TestCheckIntegrityFindsWhatTransactionsPrevent(t *testing.T) {
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	tb := table.New(d, table.Options{CursorSecret: []byte("t")})
	defer tb.Close()
	s := store.New(tb)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

	// A whole table: an organisation with an administrator and a user, a request of
	// the user, and a person waiting in the holding partition with a registration.
	if err := s.CreateOrganisation(ctx, portal.Organisation{ID: "acme", Name: "ACME", Created: now}); err != nil {
		t.Fatal(err)
	}
	boss := user("boss@acme.example", "boss.acme")
	boss.Role = portal.RoleAdmin
	zoe := user("zoe@acme.example", "zoe.acme")
	for _, u := range []portal.User{boss, zoe} {
		if err := s.CreateUser(ctx, u, "hash"); err != nil {
			t.Fatal(err)
		}
	}
	req := portal.AccessRequest{Number: portal.RequestNumber(2026, 1), OrgID: "acme", UserID: zoe.ID, AppID: "app",
		Approver: portal.ApproverOperators, Status: portal.RequestPending, Created: now, Deadline: now.Add(7 * 24 * time.Hour)}
	if err := tb.Transact(ctx, store.CreateAccessRequest(req)...); err != nil {
		t.Fatal(err)
	}
	waiting := user("new@newco.example", "new.newco")
	waiting.OrgID, waiting.Status = portal.UnlinkedOrg, portal.StatusPendingApproval
	reg := portal.Registration{ID: waiting.ID, Kind: portal.RegistrationOrganisation, State: portal.RegistrationPending, OrgID: portal.UnlinkedOrg, Email: waiting.Email}
	if err := s.CreateUser(ctx, waiting, "hash", store.PutRegistration(reg)); err != nil {
		t.Fatal(err)
	}
	if got := integrity(t, d); len(got) != 0 {
		t.Fatalf("a table written by the repositories has violations:\n%s", strings.Join(got, "\n"))
	}

	// Then each invariant broken by a write no repository makes.
	breakages := []struct {
		name string
		op   table.Op
		want string
	}{
		{"a user loses a guard", table.Delete(table.Key{PK: "LOGIN#zoe.acme", SK: "GUARD"}, table.Cond{}),
			"user " + zoe.ID + " of acme: no login guard LOGIN#zoe.acme"},
		{"an orphan guard", table.Put(table.Item{PK: "EMAIL#ghost@acme.example", SK: "GUARD", Data: []byte(`{"orgId":"acme","userId":"GHOST"}`)}, table.Cond{}),
			"guard EMAIL#ghost@acme.example points at user GHOST of acme, who does not exist"},
		{"a guard at someone else", table.Put(table.Item{PK: "EMAIL#boss@acme.example", SK: "GUARD", Data: []byte(`{"orgId":"acme","userId":"` + zoe.ID + `"}`)}, table.Cond{}),
			"user " + boss.ID + " of acme: address guard EMAIL#boss@acme.example points at"},
		{"the organisation is gone", table.Delete(table.Key{PK: "ORG#acme", SK: "PROFILE"}, table.Cond{}),
			"user " + zoe.ID + " of acme: no ORG#acme/PROFILE"},
		{"the registration is gone", table.Delete(table.Key{PK: "REG#" + waiting.ID, SK: "REQUEST"}, table.Cond{}),
			"user " + waiting.ID + " of unlinked: no REG#" + waiting.ID + "/REQUEST"},
		{"the count of administrators is off", table.Put(table.Item{PK: "ORG#acme", SK: "ADMINS", Version: 9, Data: []byte(`{"n":2}`)}, table.Cond{}),
			"organisation acme counts 2 administrators but has 1"},
		{"a request loses its number", table.Delete(table.Key{PK: "AREQNO#" + req.Number, SK: "GUARD"}, table.Cond{}),
			"access request " + req.Number + " of acme has no number guard"},
		{"a number without its request", table.Put(table.Item{PK: "AREQNO#REQ-2026-000002", SK: "GUARD", Data: []byte(`{"orgId":"acme"}`)}, table.Cond{}),
			"number guard REQ-2026-000002 points at a request of acme that does not exist"},
	}
	for _, b := range breakages {
		if err := tb.Transact(ctx, b.op); err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		got := integrity(t, d)
		found := false
		for _, v := range got {
			found = found || strings.HasPrefix(v, b.want)
		}
		if !found {
			t.Errorf("%s: no violation %q among:\n%s", b.name, b.want, strings.Join(got, "\n"))
		}
	}
}
