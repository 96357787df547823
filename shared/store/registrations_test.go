package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

func TestSignupCodeIsReplacedAndUsedOnce(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	taken, last, err := s.SignupStart(ctx, "new@acme.example")
	if err != nil || taken || last.Version != 0 {
		t.Fatalf("fresh address: taken=%v last=%+v err=%v", taken, last, err)
	}
	first := store.SignupCode{Email: "new@acme.example", Hash: "h1", Sent: now, Expires: now.Add(10 * time.Minute)}
	if err := s.Table().Transact(ctx, store.PutSignupCode(first)); err != nil {
		t.Fatal(err)
	}
	// A second send that read "no code" loses: it would replace a code it never saw.
	if err := s.Table().Transact(ctx, store.PutSignupCode(first)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale send: %v", err)
	}
	_, last, _ = s.SignupStart(ctx, "new@acme.example")
	second := last
	second.Hash = "h2"
	if err := s.Table().Transact(ctx, store.PutSignupCode(second)); err != nil {
		t.Fatal(err)
	}
	got, err := s.SignupCode(ctx, "new@acme.example")
	if err != nil || got.Hash != "h2" || got.Version != 2 {
		t.Fatalf("the re-send did not replace the code: %+v %v", got, err)
	}
	got.Tries++
	if err := s.SaveSignupCode(ctx, got); err != nil {
		t.Fatal(err)
	}
	if err := s.Table().Transact(ctx, store.UseSignupCode(got)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a code used as read before a wrong try counted: %v", err)
	}
	got, _ = s.SignupCode(ctx, "new@acme.example")
	if got.Tries != 1 {
		t.Fatalf("tries = %d", got.Tries)
	}
	if err := s.Table().Transact(ctx, store.UseSignupCode(got)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignupCode(ctx, "new@acme.example"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("a used code is still there: %v", err)
	}
	if err := s.CreateUser(ctx, user("new@acme.example", "new"), "h"); err != nil {
		t.Fatal(err)
	}
	if taken, _, _ := s.SignupStart(ctx, "new@acme.example"); !taken {
		t.Fatal("SignupStart does not see the account")
	}
}

func TestDomainClaimsAndFreeMail(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c, err := s.DomainClaim(ctx, "acme.example")
	if err != nil || c.Version != 0 || len(c.OrgIDs) != 0 {
		t.Fatalf("unclaimed domain: %+v %v", c, err)
	}
	a, b := c, c
	a.OrgIDs = []string{"acme"}
	b.OrgIDs = []string{"globex"}
	if err := s.Table().Transact(ctx, store.PutDomainClaim(a)); err != nil {
		t.Fatal(err)
	}
	if err := s.Table().Transact(ctx, store.PutDomainClaim(b)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("two organisations claimed one domain from the same read: %v", err)
	}
	c, _ = s.DomainClaim(ctx, "acme.example")
	if !c.Verified("acme") || c.Verified("globex") || c.Version != 1 {
		t.Fatalf("claim = %+v", c)
	}
	c.OrgIDs = nil
	if err := s.Table().Transact(ctx, store.PutDomainClaim(c)); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.DomainClaim(ctx, "acme.example"); c.Version != 0 {
		t.Fatalf("an empty claim was kept: %+v", c)
	}

	if err := s.AddFreeMailDomain(ctx, store.FreeMailDomain{Domain: "free.example", Added: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFreeMailDomain(ctx, store.FreeMailDomain{Domain: "free.example"}); !portal.Is(err, portal.Conflict) {
		t.Fatalf("listed twice: %v", err)
	}
	_ = s.AddFreeMailDomain(ctx, store.FreeMailDomain{Domain: "another.example"})
	list, _, err := s.FreeMailDomains(ctx, 10, "")
	if err != nil || len(list) != 2 || list[0].Domain != "another.example" {
		t.Fatalf("list = %+v %v", list, err)
	}
	if on, err := s.ListedFreeMail(ctx, []string{"mx.free.example", "free.example"}); err != nil || !on {
		t.Fatalf("ListedFreeMail = %v %v", on, err)
	}
	if on, _ := s.ListedFreeMail(ctx, []string{"acme.example"}); on {
		t.Fatal("acme.example is not listed")
	}
	if err := s.RemoveFreeMailDomain(ctx, "free.example"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFreeMailDomain(ctx, "free.example"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("removed twice: %v", err)
	}
}

func registration(id, orgID string, kind portal.RegistrationKind) portal.Registration {
	return portal.Registration{ID: id, Kind: kind, State: portal.RegistrationPending, OrgID: orgID, Email: id + "@acme.example", Created: time.Now()}
}

func TestRegistrationQueues(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	ids := []string{portal.NewID(), portal.NewID(), portal.NewID(), portal.NewID()}
	regs := []portal.Registration{
		registration(ids[0], "acme", portal.RegistrationJoin),
		registration(ids[1], portal.UnlinkedOrg, portal.RegistrationOrganisation),
		registration(ids[2], "acme", portal.RegistrationJoin),
		registration(ids[3], "globex", portal.RegistrationJoin),
	}
	for _, r := range regs {
		if err := s.Table().Transact(ctx, store.PutRegistration(r)); err != nil {
			t.Fatal(err)
		}
	}
	all, _, err := s.PendingRegistrations(ctx, "", 10, "")
	if err != nil || len(all) != 4 || all[0].ID != ids[0] || all[3].ID != ids[1] {
		t.Fatalf("queue = %v %v", all, err)
	}
	orgs, _, _ := s.PendingRegistrations(ctx, portal.RegistrationOrganisation, 10, "")
	if len(orgs) != 1 || orgs[0].ID != ids[1] {
		t.Fatalf("organisation requests = %v", orgs)
	}
	acme, _, _ := s.JoinRequests(ctx, "acme", portal.RegistrationPending, 10, "")
	if len(acme) != 2 || acme[0].ID != ids[0] || acme[1].ID != ids[2] {
		t.Fatalf("acme's join requests = %v", acme)
	}
	// Deciding takes it out of the queues; two decisions from one read: one wins.
	r, err := s.Registration(ctx, ids[0])
	if err != nil || r.Version != 1 {
		t.Fatalf("%+v %v", r, err)
	}
	approve, refuse := r, r
	approve.State, refuse.State = portal.RegistrationApproved, portal.RegistrationRefused
	if err := s.Table().Transact(ctx, store.PutRegistration(approve)); err != nil {
		t.Fatal(err)
	}
	if err := s.Table().Transact(ctx, store.PutRegistration(refuse)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a second decision from the same read: %v", err)
	}
	if all, _, _ := s.PendingRegistrations(ctx, "", 10, ""); len(all) != 3 {
		t.Fatalf("a decided registration stays in the queue: %d", len(all))
	}
	decided, _, _ := s.JoinRequests(ctx, "acme", portal.RegistrationApproved, 10, "")
	if len(decided) != 1 || decided[0].ID != ids[0] {
		t.Fatalf("approved = %v", decided)
	}
	if _, err := s.Registration(ctx, "nobody"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("missing registration: %v", err)
	}
}

func TestMoveAccountIntoANewOrganisation(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	u := user("mover@acme.example", "mover@acme.example")
	u.OrgID, u.Status = portal.UnlinkedOrg, portal.StatusPendingApproval
	if err := s.CreateUser(ctx, u, "hash"); err != nil {
		t.Fatal(err)
	}
	org := portal.Organisation{ID: portal.NewID(), Name: "Acme", Created: time.Now()}
	var moved atomic.Int32
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := s.MoveAccount(ctx, portal.UnlinkedOrg, u.ID, func(a *store.Account) ([]table.Op, error) {
				a.OrgID, a.Role, a.Status = org.ID, portal.RoleAdmin, portal.StatusReady
				return []table.Op{store.NewOrganisation(org)}, nil
			})
			if err == nil {
				moved.Add(1)
			} else if !portal.Is(err, portal.NotFound) && !portal.Is(err, portal.Conflict) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if moved.Load() != 1 {
		t.Fatalf("moved %d times", moved.Load())
	}
	acc, err := s.AccountByEmail(ctx, "mover@acme.example")
	if err != nil || acc.OrgID != org.ID || acc.Role != portal.RoleAdmin || acc.PasswordHash != "hash" {
		t.Fatalf("after the move: %+v %v", acc.User, err)
	}
	if _, err := s.Account(ctx, portal.UnlinkedOrg, u.ID); !portal.Is(err, portal.NotFound) {
		t.Fatalf("the old item is still there: %v", err)
	}
	g, err := s.AdminGuard(ctx, org.ID)
	if err != nil || g.N != 1 {
		t.Fatalf("admin count = %+v %v", g, err)
	}
	admins, err := s.Administrators(ctx, org.ID)
	if err != nil || len(admins) != 1 || admins[0].ID != u.ID {
		t.Fatalf("administrators = %v %v", admins, err)
	}
	// An administrator stays where they are.
	if _, _, err := s.MoveAccount(ctx, org.ID, u.ID, func(a *store.Account) ([]table.Op, error) {
		a.OrgID = "elsewhere"
		return nil, nil
	}); !portal.Is(err, portal.Conflict) {
		t.Fatalf("moving an administrator: %v", err)
	}
}

func TestOrganisationsReadsCandidatesInOneTrip(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	for _, id := range []string{"acme", "globex"} {
		if err := s.CreateOrganisation(ctx, portal.Organisation{ID: id, Name: id, Created: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, trips := table.WithTrips(ctx)
	orgs, err := s.Organisations(ctx, []string{"globex", "gone", "acme"})
	if err != nil || len(orgs) != 2 || orgs[0].ID != "globex" || orgs[1].ID != "acme" || orgs[0].Version != 1 {
		t.Fatalf("Organisations = %+v %v", orgs, err)
	}
	if trips.Count() != 1 {
		t.Fatalf("%d round trips", trips.Count())
	}
	if orgs, err := s.Organisations(ctx, nil); err != nil || len(orgs) != 0 {
		t.Fatalf("no ids: %v %v", orgs, err)
	}
}
