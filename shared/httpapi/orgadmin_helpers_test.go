package httpapi_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// staffPW is the password of the people the company-administration tests add.
const staffPW = "Guichet#Test2026"

// person adds a ready person with a name and a role to an organisation (created
// when missing) and returns them.
func (e *env) person(orgID string, role portal.Role, first, last, email string) portal.User {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.store.Organisation(ctx, orgID); portal.Is(err, portal.NotFound) {
		if err := e.store.CreateOrganisation(ctx, portal.Organisation{ID: orgID, Name: strings.ToUpper(orgID), Created: e.clock.Now()}); err != nil {
			e.t.Fatal(err)
		}
	}
	h, err := auth.HashPassword(staffPW, cheap)
	if err != nil {
		e.t.Fatal(err)
	}
	u := portal.User{ID: portal.NewID(), OrgID: orgID, Email: email, Login: strings.Split(email, "@")[0] + "." + orgID,
		FirstName: first, LastName: last, Lang: "en", Role: role, Status: portal.StatusReady, Created: e.clock.Now()}
	if err := e.store.CreateUser(ctx, u, h); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// tenant is an organisation with a signed-in administrator and one contract whose
// referent is that administrator.
type tenant struct {
	id       string
	admin    portal.User
	adminB   as
	contract portal.Contract
}

// tenant adds an organisation with its administrator and a contract.
func (e *env) tenant(id string) tenant {
	e.t.Helper()
	admin := e.person(id, portal.RoleAdmin, "Adèle", "Admin", "admin@"+id+".example")
	c := e.contract(id, "REF-"+strings.ToUpper(id), admin.ID)
	return tenant{id: id, admin: admin, adminB: e.browser(admin.Email, staffPW), contract: c}
}

// contract adds a contract to an organisation with its referent.
func (e *env) contract(orgID, ref, referentID string) portal.Contract {
	e.t.Helper()
	ctx := context.Background()
	c := portal.Contract{ID: portal.NewID(), OrgID: orgID, Name: "Contract " + ref, Reference: ref, Offer: "Premium",
		Start: "2026-01-01", ReferentID: referentID, Created: e.clock.Now()}
	r, err := e.store.Rights(ctx, orgID, referentID)
	if err != nil {
		e.t.Fatal(err)
	}
	cr := r.Contracts[c.ID]
	cr.Referent = true
	if err := e.store.CreateContract(ctx, c, store.PutRights(r.With(c.ID, cr))); err != nil {
		e.t.Fatal(err)
	}
	c.Version = 1
	return c
}

// grant gives a user rights on a contract, keeping their referent flag.
func (e *env) grant(orgID, userID, contractID string, sections map[portal.Section]portal.Level, supported bool) {
	e.t.Helper()
	ctx := context.Background()
	r, err := e.store.Rights(ctx, orgID, userID)
	if err != nil {
		e.t.Fatal(err)
	}
	cr := portal.ContractRights{Sections: sections, Supported: supported, Referent: r.Contracts[contractID].Referent}
	if err := e.store.Table().Transact(ctx, store.PutRights(r.With(contractID, cr))); err != nil {
		e.t.Fatal(err)
	}
}

// account reads a user's stored account.
func (e *env) account(orgID, userID string) store.Account {
	e.t.Helper()
	a, err := e.store.Account(context.Background(), orgID, userID)
	if err != nil {
		e.t.Fatalf("account %s/%s: %v", orgID, userID, err)
	}
	return a
}

// items returns the "items" of a list answer.
func (r resp) items() []map[string]any {
	list, _ := r.body["items"].([]any)
	out := make([]map[string]any, len(list))
	for i, v := range list {
		out[i] = v.(map[string]any)
	}
	return out
}

// tripsOf is the number of table round trips an answer says its request made.
func tripsOf(t testing.TB, r resp) int {
	t.Helper()
	n, err := strconv.Atoi(r.trips)
	if err != nil {
		t.Fatalf("no round-trip count in the answer: %q", r.trips)
	}
	return n
}

// registrant adds a person who signed up and waits, without a password, for a
// decision on their registration: to join orgID, or (in UnlinkedOrg) to have their
// own organisation created.
func (e *env) registrant(orgID string, kind portal.RegistrationKind, email string) portal.User {
	e.t.Helper()
	u := portal.User{ID: portal.NewID(), OrgID: orgID, Email: email, Login: strings.Split(email, "@")[0] + ".registrant", FirstName: "Rita", LastName: "Registrant",
		Lang: "en", Role: portal.RoleUser, Status: portal.StatusPendingApproval, Created: e.clock.Now()}
	reg := portal.Registration{ID: u.ID, Kind: kind, State: portal.RegistrationPending, OrgID: orgID, Domain: strings.Split(email, "@")[1],
		Email: email, FirstName: u.FirstName, LastName: u.LastName, Lang: u.Lang, Created: u.Created}
	if err := e.store.CreateUser(context.Background(), u, "", store.PutRegistration(reg)); err != nil {
		e.t.Fatal(err)
	}
	return u
}
