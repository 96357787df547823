package store_test

import (
	"context"
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
	return store.CheckIntegrity(dump(t, d))
}

func dump(t *testing.T, d *bolt.Driver) []table.Item {
	t.Helper()
	items, err := d.Dump(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestCheckIntegrityFindsWhatTransactionsPrevent(t *testing.T) {
	s, d := newBoltStore(t)
	tb := s.Table()
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
		{"the administrators' item is off", table.Put(table.Item{PK: "ORG#acme", SK: "ADMINS", Version: 9, Data: []byte(`{"n":1,"ids":["GHOST"]}`)}, table.Cond{}),
			"organisation acme names administrators [GHOST] (1) but has [" + boss.ID + "]"},
		{"a request loses its number", table.Delete(table.Key{PK: "AREQNO#" + req.Number, SK: "GUARD"}, table.Cond{}),
			"access request " + req.Number + " of acme has no number guard"},
		{"a number without its request", table.Put(table.Item{PK: "AREQNO#REQ-2026-000002", SK: "GUARD", Data: []byte(`{"orgId":"acme"}`)}, table.Cond{}),
			"number guard REQ-2026-000002 points at a request of acme that does not exist"},
		{"a waiting marker without its request", table.Put(table.Item{PK: "AREQ-WAITING", SK: "2026-12-01T09:00:00Z#REQ-2026-000003", Data: []byte(`{"orgId":"acme","number":"REQ-2026-000003"}`)}, table.Cond{}),
			"waiting marker 2026-12-01T09:00:00Z#REQ-2026-000003 points at a request of acme that does not exist"},
		{"an item kept for nobody", table.Put(table.Item{PK: "ORG#acme", SK: "SIGNIN#GHOST#1", Data: []byte(`{"orgId":"acme","userId":"GHOST"}`)}, table.Cond{}),
			"ORG#acme/SIGNIN#GHOST#1 is kept for user GHOST of acme, who does not exist"},
		{"a registration of nobody", table.Put(table.Item{PK: "REG#GHOST", SK: "REQUEST", Data: []byte(`{"id":"GHOST","orgId":"acme"}`)}, table.Cond{}),
			"registration REG#GHOST: user GHOST does not exist"},
		{"a passkey guard without its passkey", table.Put(table.Item{PK: "PASSKEY#c0ffee", SK: "GUARD", Data: []byte(`{"orgId":"acme","userId":"` + zoe.ID + `"}`)}, table.Cond{}),
			"passkey guard PASSKEY#c0ffee points at a passkey of user " + zoe.ID + " of acme that does not exist"},
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
