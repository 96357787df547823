package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

// A Users Manager of one contract administers that contract's rights: they read
// the organisation's users and a user's page, on which they see the rights on the
// contracts whose Users section they may read and no others; their session names
// their rights so the portal shows them those pages; everything else stays the
// administrators'.
func TestUsersManagerReadsUsersAndTheRightsOfTheirContracts(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	other := e.contract("acme", "REF-OTHER", acme.admin.ID)
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	kim := e.person("acme", portal.RoleUser, "Kim", "Lee", "kim@acme.example")
	e.grant("acme", zoe.ID, acme.contract.ID, map[portal.Section]portal.Level{portal.SectionUsers: portal.LevelManager}, false)
	e.grant("acme", kim.ID, acme.contract.ID, map[portal.Section]portal.Level{portal.SectionOrders: portal.LevelVisitor}, false)
	e.grant("acme", kim.ID, other.ID, map[portal.Section]portal.Level{portal.SectionInvoices: portal.LevelManager}, true)
	zb := e.browser("zoe@acme.example", staffPW)
	kb := e.browser("kim@acme.example", staffPW)

	s := e.do(zb, "GET", "/api/v1/session", "")
	rights, _ := s.body["rights"].(map[string]any)
	if s.code != 200 || rights[acme.contract.ID] == nil || len(rights) != 1 {
		t.Fatalf("a Users manager's session: %d %v", s.code, s.body)
	}
	if s := e.do(acme.adminB, "GET", "/api/v1/session", ""); s.body["rights"] != nil {
		t.Fatalf("an administrator's session names rights: %v", s.body)
	}
	if s := e.do(kb, "GET", "/api/v1/session", ""); s.body["rights"] == nil {
		t.Fatalf("a user's session without Users rights names none: %v", s.body)
	}

	list := e.do(zb, "GET", "/api/v1/org/users", "")
	if list.code != 200 || len(list.items()) != 3 || tripsOf(t, list) > 3 {
		t.Fatalf("a Users manager lists the users: %d (%s trips) %v", list.code, list.trips, list.body)
	}
	if r := e.do(kb, "GET", "/api/v1/org/users", ""); r.code != 403 {
		t.Fatalf("a user without Users rights lists the users: %d", r.code)
	}
	page := e.do(zb, "GET", "/api/v1/org/users/"+kim.ID, "")
	got, _ := page.body["rights"].(map[string]any)
	if page.code != 200 || len(got) != 1 || got[acme.contract.ID] == nil || tripsOf(t, page) > 2 {
		t.Fatalf("a Users manager's view of a user: %d (%s trips) %v", page.code, page.trips, page.body)
	}
	if page := e.do(acme.adminB, "GET", "/api/v1/org/users/"+kim.ID, ""); len(page.body["rights"].(map[string]any)) != 2 {
		t.Fatalf("an administrator's view of a user: %v", page.body)
	}
	if r := e.do(kb, "GET", "/api/v1/org/users/"+zoe.ID, ""); r.code != 403 {
		t.Fatalf("a user without Users rights reads a user: %d", r.code)
	}
	if r := e.do(zb, "GET", "/api/v1/org/users/NOPE", ""); r.code != 404 {
		t.Fatalf("an unknown user: %d", r.code)
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/org/users/" + kim.ID + "/signins", ""},
		{"PUT", "/api/v1/org/users/" + kim.ID, `{"version":1,"firstName":"K","lastName":"L"}`},
		{"POST", "/api/v1/org/users/" + kim.ID + "/disable", ""},
		{"PUT", "/api/v1/org/contracts/" + acme.contract.ID + "/referent", fmt.Sprintf(`{"userId":%q,"version":1}`, zoe.ID)},
	} {
		if r := e.do(zb, c.method, c.path, c.body); r.code != 403 {
			t.Errorf("a Users manager's %s %s: %d %v", c.method, c.path, r.code, r.body)
		}
	}

	// The contracts whose Users section they read, for their administration pages.
	mine := e.do(zb, "GET", "/api/v1/org/contracts?section=users", "")
	if mine.code != 200 || len(mine.items()) != 1 || mine.items()[0]["id"] != acme.contract.ID {
		t.Fatalf("the contracts of a Users manager: %d %v", mine.code, mine.body)
	}
	if r := e.do(zb, "GET", "/api/v1/org/contracts", ""); r.code != 200 || len(r.items()) != 0 {
		t.Fatalf("contracts without the Contracts section: %d %v", r.code, r.body)
	}
	if r := e.do(acme.adminB, "GET", "/api/v1/org/contracts?section=users", ""); len(r.items()) != 2 {
		t.Fatalf("an administrator's contracts by Users: %v", r.body)
	}
	if r := e.do(zb, "GET", "/api/v1/org/contracts?section=secrets", ""); r.code != 400 || errFields(r) != "section:format" {
		t.Fatalf("an unknown section: %d %v", r.code, r.body)
	}
}

// The matrix shows what each line's person holds in effect beside what was granted
// one by one: an administrator Manager everywhere, a referent at least Visitor; and
// it is searched by the start of a name, an email or a login.
func TestRightsMatrixShowsEffectiveRightsAndIsSearched(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.person("acme", portal.RoleUser, "Kim", "Lee", "kim@acme.example")
	ref := e.person("acme", portal.RoleUser, "Rémi", "Referent", "remi@acme.example")
	other := e.contract("acme", "REF-2", ref.ID)
	e.grant("acme", zoe.ID, other.ID, map[portal.Section]portal.Level{portal.SectionOrders: portal.LevelManager}, false)
	path := "/api/v1/org/contracts/" + other.ID + "/rights"
	m := e.do(acme.adminB, "GET", path, "")
	if m.code != 200 {
		t.Fatalf("matrix: %d %v", m.code, m.body)
	}
	eff := func(userID, section string) any {
		return matrixLine(t, m, userID)["effective"].(map[string]any)[section]
	}
	if eff(acme.admin.ID, "users") != "manager" || matrixLine(t, m, acme.admin.ID)["sections"].(map[string]any)["users"] != "none" {
		t.Fatalf("the administrator's line: %v", matrixLine(t, m, acme.admin.ID))
	}
	if eff(ref.ID, "invoices") != "visitor" || eff(zoe.ID, "orders") != "manager" || eff(zoe.ID, "invoices") != "none" {
		t.Fatalf("the referent's and a user's lines: %v", m.body)
	}
	for q, want := range map[string]int{"mart": 1, "zoe@": 1, "kim": 1, "nobody": 0, "": 4} {
		r := e.do(acme.adminB, "GET", path+"?q="+q, "")
		if r.code != 200 || len(r.items()) != want || tripsOf(t, r) > 4 {
			t.Errorf("search %q: %d (%s trips) %v", q, r.code, r.trips, r.body)
		}
	}
	if r := e.do(acme.adminB, "GET", path+"?q="+strings.Repeat("a", 101), ""); r.code != 400 {
		t.Fatalf("a search too long: %d", r.code)
	}
}

// Operators read one customer organisation, to title its pages by its name; the
// vendor's own organisation and unknown ones are not found, customers are refused.
func TestOperatorsReadOneOrganisation(t *testing.T) {
	e := newEnv(t)
	if err := e.store.CreateOrganisation(context.Background(), portal.Organisation{ID: "alpha", Name: "Alpha Industries", Created: e.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	ops := e.operator("olivia@guichet.example")
	if r := e.do(ops, "GET", "/api/v1/backoffice/organisations/alpha", ""); r.code != 200 || r.body["name"] != "Alpha Industries" {
		t.Fatalf("an operator reads an organisation: %d %v", r.code, r.body)
	}
	for _, id := range []string{portal.VendorOrg, portal.UnlinkedOrg, "nope"} {
		if r := e.do(ops, "GET", "/api/v1/backoffice/organisations/"+id, ""); r.code != 404 || r.errCode() != "organisation_not_found" {
			t.Errorf("organisation %s: %d %v", id, r.code, r.body)
		}
	}
	acme := e.tenant("acme")
	if r := e.do(acme.adminB, "GET", "/api/v1/backoffice/organisations/acme", ""); r.code != 403 {
		t.Fatalf("a customer reads an organisation: %d", r.code)
	}
}
