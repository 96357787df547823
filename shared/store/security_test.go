package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

func TestOneTimeSecretsAreUsedOnce(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	o := store.OneTime{Hash: "h1", Purpose: "reset", OrgID: "acme", UserID: "u1", Expires: time.Now().Add(time.Hour), Data: map[string]string{"k": "v"}}
	if err := s.Table().Transact(ctx, store.PutOneTime(o)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OneTime(ctx, "h1", "unlock"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("a secret made for one purpose was found for another: %v", err)
	}
	got, err := s.OneTime(ctx, "h1", "reset")
	if err != nil || got.UserID != "u1" || got.Data["k"] != "v" || got.Version != 1 {
		t.Fatalf("%+v %v", got, err)
	}
	tried := got
	tried.Tries++
	if err := s.SaveOneTime(ctx, tried); err != nil {
		t.Fatal(err)
	}
	// The copy read before the try is stale: using it fails, as a racing use would.
	if err := s.Table().Transact(ctx, store.UseOneTime(got)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("stale use: %v", err)
	}
	fresh, _ := s.OneTime(ctx, "h1", "reset")
	if err := s.Table().Transact(ctx, store.UseOneTime(fresh)); err != nil {
		t.Fatal(err)
	}
	if err := s.Table().Transact(ctx, store.UseOneTime(fresh)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("second use: %v", err)
	}
	// A newer secret replaces an older one by dropping it.
	if err := s.Table().Transact(ctx, store.PutOneTime(o)); err != nil {
		t.Fatal(err)
	}
	if err := s.Table().Transact(ctx, store.DropOneTime("h1", "reset")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OneTime(ctx, "h1", "reset"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("a dropped secret was read: %v", err)
	}
}

func TestOneTimeSecretExpires(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	o := store.OneTime{Hash: "h2", Purpose: "mfa", Expires: time.Now().Add(-time.Second)}
	if err := s.Table().Transact(ctx, store.PutOneTime(o)); err != nil {
		t.Fatal(err)
	}
	// Readers check Expires (auth.OneTime refuses it); the item stays a while so that
	// a page can say the link expired.
	if got, err := s.OneTime(ctx, "h2", "mfa"); err != nil || got.Expires.After(time.Now()) {
		t.Fatalf("an expired secret: %+v %v", got, err)
	}
}

func TestSignInHistoryIsPerPersonNewestFirst(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var ops []table.Op
	for i := range 5 {
		ops = append(ops, store.RecordSignIn(store.SignIn{OrgID: "acme", UserID: "u1", Time: at, Result: string(rune('a' + i))}))
	}
	ops = append(ops, store.RecordSignIn(store.SignIn{OrgID: "acme", UserID: "u2", Time: at, Result: "other"}),
		store.RecordSignIn(store.SignIn{OrgID: "globex", UserID: "u1", Time: at, Result: "other"}))
	if err := s.Table().Transact(ctx, ops...); err != nil {
		t.Fatal(err)
	}
	first, next, err := s.SignIns(ctx, "acme", "u1", 3, "")
	if err != nil || len(first) != 3 || next == "" || first[0].Result != "e" {
		t.Fatalf("page 1: %+v %q %v", first, next, err)
	}
	rest, last, err := s.SignIns(ctx, "acme", "u1", 3, next)
	if err != nil || len(rest) != 2 || last != "" || rest[1].Result != "a" {
		t.Fatalf("page 2: %+v %q %v", rest, last, err)
	}
	if _, _, err := s.SignIns(ctx, "globex", "u1", 3, next); !portal.Is(err, portal.Invalid) {
		t.Fatalf("a cursor of one organisation was accepted for another: %v", err)
	}
	it, err := s.Table().Get(ctx, table.Key{PK: "ORG#acme", SK: "SIGNIN#u1#" + first[0].ID})
	if err != nil || it.TTL != at.Add(store.SignInTTL).Unix() {
		t.Fatalf("the entry must expire after a year: %+v %v", it, err)
	}
}

func TestPasskeysAreUniqueAndCounted(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	u := user("zoe@acme.example", "zoe")
	if err := s.CreateUser(ctx, u, "h"); err != nil {
		t.Fatal(err)
	}
	acc, _ := s.Account(ctx, "acme", u.ID)
	key := store.Passkey{ID: store.PasskeyID([]byte("cred-1")), OrgID: "acme", UserID: u.ID, Name: "Laptop", Credential: json.RawMessage(`{"id":"x"}`)}
	acc.Passkeys++
	if err := s.AddPasskey(ctx, acc, key); err != nil {
		t.Fatal(err)
	}
	acc, _ = s.Account(ctx, "acme", u.ID)
	other := user("leo@acme.example", "leo")
	if err := s.CreateUser(ctx, other, "h"); err != nil {
		t.Fatal(err)
	}
	oacc, _ := s.Account(ctx, "acme", other.ID)
	dup := key
	dup.UserID = other.ID
	oacc.Passkeys++
	if err := s.AddPasskey(ctx, oacc, dup); !portal.Is(err, portal.Conflict) || err.(*portal.Error).Code != "passkey_taken" {
		t.Fatalf("a credential registered twice: %v", err)
	}
	org, owner, err := s.PasskeyOwner(ctx, key.ID)
	if err != nil || org != "acme" || owner != u.ID {
		t.Fatalf("owner %s/%s %v", org, owner, err)
	}
	keys, err := s.Passkeys(ctx, "acme", u.ID)
	if err != nil || len(keys) != 1 || keys[0].Name != "Laptop" || acc.Passkeys != 1 {
		t.Fatalf("%+v %v (count %d)", keys, err, acc.Passkeys)
	}
	keys[0].LastUsed = time.Now()
	if err := s.SavePasskey(ctx, keys[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePasskey(ctx, keys[0]); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale sign count was saved: %v", err)
	}
	acc.Passkeys--
	if err := s.RemovePasskey(ctx, acc, keys[0]); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.PasskeyOwner(ctx, key.ID); !portal.Is(err, portal.NotFound) {
		t.Fatalf("the guard outlived the passkey: %v", err)
	}
}

func TestChangeEmailSwapsTheGuards(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	u := user("zoe@acme.example", "zoe")
	taken := user("taken@acme.example", "taken")
	for _, x := range []portal.User{u, taken} {
		if err := s.CreateUser(ctx, x, "h"); err != nil {
			t.Fatal(err)
		}
	}
	acc, _ := s.Account(ctx, "acme", u.ID)
	if err := s.ChangeEmail(ctx, acc, "Taken@acme.example"); !portal.Is(err, portal.Conflict) || err.(*portal.Error).Code != "email_taken" {
		t.Fatalf("a taken address: %v", err)
	}
	if err := s.ChangeEmail(ctx, acc, " Zoe@New.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AccountByEmail(ctx, "zoe@acme.example"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("the old address still signs in: %v", err)
	}
	got, err := s.AccountByEmail(ctx, "zoe@new.example")
	if err != nil || got.ID != u.ID || got.Email != "zoe@new.example" {
		t.Fatalf("%+v %v", got, err)
	}
	if err := s.ChangeEmail(ctx, acc, "again@acme.example"); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale account changed its address: %v", err)
	}
}

func TestAdministratorsAndOrganisationSave(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if err := s.CreateOrganisation(ctx, portal.Organisation{ID: "acme", Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	admin := user("ada@acme.example", "ada")
	admin.Role = portal.RoleAdmin
	off := user("old@acme.example", "old")
	off.Role, off.Status = portal.RoleAdmin, portal.StatusDisabled
	for _, x := range []portal.User{admin, off, user("zoe@acme.example", "zoe")} {
		if err := s.CreateUser(ctx, x, "h"); err != nil {
			t.Fatal(err)
		}
	}
	admins, err := s.Administrators(ctx, "acme")
	if err != nil || len(admins) != 1 || admins[0].ID != admin.ID {
		t.Fatalf("%+v %v", admins, err)
	}
	org, _ := s.Organisation(ctx, "acme")
	org.MFARequired = true
	if err := s.SaveOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveOrganisation(ctx, org); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale organisation was saved: %v", err)
	}
	if got, _ := s.Organisation(ctx, "acme"); !got.MFARequired || got.Version != 2 {
		t.Fatalf("%+v", got)
	}
}
