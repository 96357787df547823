package orgadmin_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// A Users Manager of one contract administers that contract's rights: they read
// the organisation's users and a user's page, on which they see the rights on the
// contracts whose Users section they may read and no others; their session names
// their rights so the portal shows them those pages; everything else stays the
// administrators'.
func TestUsersManagerReadsUsersAndTheRightsOfTheirContracts(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	other := e.Contract("acme", "REF-OTHER", acme.Admin.ID)
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	kim := e.Person("acme", portal.RoleUser, "Kim", "Lee", "kim@acme.example")
	e.Grant("acme", zoe.ID, acme.Contract.ID, map[portal.Section]portal.Level{portal.SectionUsers: portal.LevelManager}, false)
	e.Grant("acme", kim.ID, acme.Contract.ID, map[portal.Section]portal.Level{portal.SectionOrders: portal.LevelVisitor}, false)
	e.Grant("acme", kim.ID, other.ID, map[portal.Section]portal.Level{portal.SectionInvoices: portal.LevelManager}, true)
	zb := e.Browser("zoe@acme.example", apitest.StaffPW)
	kb := e.Browser("kim@acme.example", apitest.StaffPW)

	s := e.Do(zb, "GET", "/api/v1/session", "")
	rights, _ := s.Body["rights"].(map[string]any)
	if s.Code != 200 || rights[acme.Contract.ID] == nil || len(rights) != 1 {
		t.Fatalf("a Users manager's session: %d %v", s.Code, s.Body)
	}
	if s := e.Do(acme.AdminB, "GET", "/api/v1/session", ""); s.Body["rights"] != nil {
		t.Fatalf("an administrator's session names rights: %v", s.Body)
	}
	if s := e.Do(kb, "GET", "/api/v1/session", ""); s.Body["rights"] == nil {
		t.Fatalf("a user's session without Users rights names none: %v", s.Body)
	}

	list := e.Do(zb, "GET", "/api/v1/org/users", "")
	if list.Code != 200 || len(list.Items()) != 3 || apitest.TripsOf(t, list) > 3 {
		t.Fatalf("a Users manager lists the users: %d (%s trips) %v", list.Code, list.Trips, list.Body)
	}
	if r := e.Do(kb, "GET", "/api/v1/org/users", ""); r.Code != 403 {
		t.Fatalf("a user without Users rights lists the users: %d", r.Code)
	}
	page := e.Do(zb, "GET", "/api/v1/org/users/"+kim.ID, "")
	got, _ := page.Body["rights"].(map[string]any)
	if page.Code != 200 || len(got) != 1 || got[acme.Contract.ID] == nil || apitest.TripsOf(t, page) > 2 {
		t.Fatalf("a Users manager's view of a user: %d (%s trips) %v", page.Code, page.Trips, page.Body)
	}
	if page := e.Do(acme.AdminB, "GET", "/api/v1/org/users/"+kim.ID, ""); len(page.Body["rights"].(map[string]any)) != 2 {
		t.Fatalf("an administrator's view of a user: %v", page.Body)
	}
	if r := e.Do(kb, "GET", "/api/v1/org/users/"+zoe.ID, ""); r.Code != 403 {
		t.Fatalf("a user without Users rights reads a user: %d", r.Code)
	}
	if r := e.Do(zb, "GET", "/api/v1/org/users/NOPE", ""); r.Code != 404 {
		t.Fatalf("an unknown user: %d", r.Code)
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/org/users/" + kim.ID + "/signins", ""},
		{"PUT", "/api/v1/org/users/" + kim.ID, `{"version":1,"firstName":"K","lastName":"L"}`},
		{"POST", "/api/v1/org/users/" + kim.ID + "/disable", ""},
		{"PUT", "/api/v1/org/contracts/" + acme.Contract.ID + "/referent", fmt.Sprintf(`{"userId":%q,"version":1}`, zoe.ID)},
	} {
		if r := e.Do(zb, c.method, c.path, c.body); r.Code != 403 {
			t.Errorf("a Users manager's %s %s: %d %v", c.method, c.path, r.Code, r.Body)
		}
	}

	// The contracts whose Users section they read, for their administration pages.
	mine := e.Do(zb, "GET", "/api/v1/org/contracts?section=users", "")
	if mine.Code != 200 || len(mine.Items()) != 1 || mine.Items()[0]["id"] != acme.Contract.ID {
		t.Fatalf("the contracts of a Users manager: %d %v", mine.Code, mine.Body)
	}
	if r := e.Do(zb, "GET", "/api/v1/org/contracts", ""); r.Code != 200 || len(r.Items()) != 0 {
		t.Fatalf("contracts without the Contracts section: %d %v", r.Code, r.Body)
	}
	if r := e.Do(acme.AdminB, "GET", "/api/v1/org/contracts?section=users", ""); len(r.Items()) != 2 {
		t.Fatalf("an administrator's contracts by Users: %v", r.Body)
	}
	if r := e.Do(zb, "GET", "/api/v1/org/contracts?section=secrets", ""); r.Code != 400 || apitest.ErrFields(r) != "section:format" {
		t.Fatalf("an unknown section: %d %v", r.Code, r.Body)
	}
}

// The matrix shows what each line's person holds in effect beside what was granted
// one by one: an administrator Manager everywhere, a referent at least Visitor; and
// it is searched by the start of a name, an email or a login.
func TestRightsMatrixShowsEffectiveRightsAndIsSearched(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.Person("acme", portal.RoleUser, "Kim", "Lee", "kim@acme.example")
	ref := e.Person("acme", portal.RoleUser, "Rémi", "Referent", "remi@acme.example")
	other := e.Contract("acme", "REF-2", ref.ID)
	e.Grant("acme", zoe.ID, other.ID, map[portal.Section]portal.Level{portal.SectionOrders: portal.LevelManager}, false)
	path := "/api/v1/org/contracts/" + other.ID + "/rights"
	m := e.Do(acme.AdminB, "GET", path, "")
	if m.Code != 200 {
		t.Fatalf("matrix: %d %v", m.Code, m.Body)
	}
	eff := func(userID, section string) any {
		return matrixLine(t, m, userID)["effective"].(map[string]any)[section]
	}
	if eff(acme.Admin.ID, "users") != "manager" || matrixLine(t, m, acme.Admin.ID)["sections"].(map[string]any)["users"] != "none" {
		t.Fatalf("the administrator's line: %v", matrixLine(t, m, acme.Admin.ID))
	}
	if eff(ref.ID, "invoices") != "visitor" || eff(zoe.ID, "orders") != "manager" || eff(zoe.ID, "invoices") != "none" {
		t.Fatalf("the referent's and a user's lines: %v", m.Body)
	}
	for q, want := range map[string]int{"mart": 1, "zoe@": 1, "kim": 1, "nobody": 0, "": 4} {
		r := e.Do(acme.AdminB, "GET", path+"?q="+q, "")
		if r.Code != 200 || len(r.Items()) != want || apitest.TripsOf(t, r) > 4 {
			t.Errorf("search %q: %d (%s trips) %v", q, r.Code, r.Trips, r.Body)
		}
	}
	if r := e.Do(acme.AdminB, "GET", path+"?q="+strings.Repeat("a", 101), ""); r.Code != 400 {
		t.Fatalf("a search too long: %d", r.Code)
	}
}

// Operators read one customer organisation, to title its pages by its name; the
// vendor's own organisation and unknown ones are not found, customers are refused.
func TestOperatorsReadOneOrganisation(t *testing.T) {
	e := apitest.NewEnv(t)
	if err := e.Store.CreateOrganisation(context.Background(), portal.Organisation{ID: "alpha", Name: "Alpha Industries", Created: e.Clock.Now()}); err != nil {
		t.Fatal(err)
	}
	ops := e.Operator("olivia@guichet.example")
	if r := e.Do(ops, "GET", "/api/v1/backoffice/organisations/alpha", ""); r.Code != 200 || r.Body["name"] != "Alpha Industries" {
		t.Fatalf("an operator reads an organisation: %d %v", r.Code, r.Body)
	}
	for _, id := range []string{portal.VendorOrg, portal.UnlinkedOrg, "nope"} {
		if r := e.Do(ops, "GET", "/api/v1/backoffice/organisations/"+id, ""); r.Code != 404 || r.ErrCode() != "organisation_not_found" {
			t.Errorf("organisation %s: %d %v", id, r.Code, r.Body)
		}
	}
	acme := e.Tenant("acme")
	if r := e.Do(acme.AdminB, "GET", "/api/v1/backoffice/organisations/acme", ""); r.Code != 403 {
		t.Fatalf("a customer reads an organisation: %d", r.Code)
	}
}
