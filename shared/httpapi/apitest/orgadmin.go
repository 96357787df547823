package apitest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// StaffPW is the password of the people the company-administration tests add.
const StaffPW = "Guichet#Test2026"

// Person adds a ready person with a name and a role to an organisation (created
// when missing) and returns them.
func (e *Env) Person(orgID string, role portal.Role, first, last, email string) portal.User {
	e.T.Helper()
	ctx := context.Background()
	if _, err := e.Store.Organisation(ctx, orgID); portal.Is(err, portal.NotFound) {
		if err := e.Store.CreateOrganisation(ctx, portal.Organisation{ID: orgID, Name: strings.ToUpper(orgID), Created: e.Clock.Now()}); err != nil {
			e.T.Fatal(err)
		}
	}
	h, err := auth.HashPassword(StaffPW, Cheap)
	if err != nil {
		e.T.Fatal(err)
	}
	u := portal.User{ID: portal.NewID(), OrgID: orgID, Email: email, Login: strings.Split(email, "@")[0] + "." + orgID,
		FirstName: first, LastName: last, Lang: "en", Role: role, Status: portal.StatusReady, Created: e.Clock.Now()}
	if err := e.Store.CreateUser(ctx, u, h); err != nil {
		e.T.Fatal(err)
	}
	return u
}

// Tenant is an organisation with a signed-in administrator and one contract whose
// referent is that administrator.
type Tenant struct {
	id       string
	Admin    portal.User
	AdminB   As
	Contract portal.Contract
}

// Tenant adds an organisation with its administrator and a contract.
func (e *Env) Tenant(id string) Tenant {
	e.T.Helper()
	admin := e.Person(id, portal.RoleAdmin, "Adèle", "Admin", "admin@"+id+".example")
	c := e.Contract(id, "REF-"+strings.ToUpper(id), admin.ID)
	return Tenant{id: id, Admin: admin, AdminB: e.Browser(admin.Email, StaffPW), Contract: c}
}

// Contract adds a contract to an organisation with its referent.
func (e *Env) Contract(orgID, ref, referentID string) portal.Contract {
	e.T.Helper()
	ctx := context.Background()
	c := portal.Contract{ID: portal.NewID(), OrgID: orgID, Name: "Contract " + ref, Reference: ref, Offer: "Premium",
		Start: "2026-01-01", ReferentID: referentID, Created: e.Clock.Now()}
	r, err := e.Store.Rights(ctx, orgID, referentID)
	if err != nil {
		e.T.Fatal(err)
	}
	cr := r.Contracts[c.ID]
	cr.Referent = true
	if err := e.Store.CreateContract(ctx, c, store.PutRights(r.With(c.ID, cr))); err != nil {
		e.T.Fatal(err)
	}
	c.Version = 1
	return c
}

// Grant gives a user rights on a contract, keeping their referent flag.
func (e *Env) Grant(orgID, userID, contractID string, sections map[portal.Section]portal.Level, supported bool) {
	e.T.Helper()
	ctx := context.Background()
	r, err := e.Store.Rights(ctx, orgID, userID)
	if err != nil {
		e.T.Fatal(err)
	}
	cr := portal.ContractRights{Sections: sections, Supported: supported, Referent: r.Contracts[contractID].Referent}
	if err := e.Store.Table().Transact(ctx, store.PutRights(r.With(contractID, cr))); err != nil {
		e.T.Fatal(err)
	}
}

// Account reads a user's stored account.
func (e *Env) Account(orgID, userID string) store.Account {
	e.T.Helper()
	a, err := e.Store.Account(context.Background(), orgID, userID)
	if err != nil {
		e.T.Fatalf("account %s/%s: %v", orgID, userID, err)
	}
	return a
}

// Items returns the "items" of a list answer.
func (r Resp) Items() []map[string]any {
	list, _ := r.Body["items"].([]any)
	out := make([]map[string]any, len(list))
	for i, v := range list {
		out[i] = v.(map[string]any)
	}
	return out
}

// TripsOf is the number of table round trips an answer says its request made.
func TripsOf(t testing.TB, r Resp) int {
	t.Helper()
	n, err := strconv.Atoi(r.Trips)
	if err != nil {
		t.Fatalf("no round-trip count in the answer: %q", r.Trips)
	}
	return n
}

// Registrant adds a person who signed up and waits, without a password, for a
// decision on their registration: to join orgID, or (in UnlinkedOrg) to have their
// own organisation created.
func (e *Env) Registrant(orgID string, kind portal.RegistrationKind, email string) portal.User {
	e.T.Helper()
	u := portal.User{ID: portal.NewID(), OrgID: orgID, Email: email, Login: strings.Split(email, "@")[0] + ".registrant", FirstName: "Rita", LastName: "Registrant",
		Lang: "en", Role: portal.RoleUser, Status: portal.StatusPendingApproval, Created: e.Clock.Now()}
	reg := portal.Registration{ID: u.ID, Kind: kind, State: portal.RegistrationPending, OrgID: orgID, Domain: strings.Split(email, "@")[1],
		Email: email, FirstName: u.FirstName, LastName: u.LastName, Lang: u.Lang, Created: u.Created}
	if err := e.Store.CreateUser(context.Background(), u, "", store.PutRegistration(reg)); err != nil {
		e.T.Fatal(err)
	}
	return u
}
