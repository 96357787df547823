package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

func TestOperatorsCreateContractsCustomersWithVisitorSeeThem(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	op := e.person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "olivia@guichet.example")
	ob := e.browser(op.Email, staffPW)
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	path := "/api/v1/backoffice/organisations/acme/contracts"
	body := func(ref, referent string) string {
		return fmt.Sprintf(`{"name":"Maintenance","reference":%q,"offer":"Gold","start":"2026-01-01","end":"2027-12-31","referentId":%q}`, ref, referent)
	}
	r := e.do(ob, "POST", path, body("MAINT-01", zoe.ID))
	if r.code != 201 || r.body["referentId"] != zoe.ID || r.body["orgId"] != "acme" {
		t.Fatalf("create: %d %v", r.code, r.body)
	}
	id := r.body["id"].(string)
	if got := e.auditActions("acme"); len(got) != 1 || got[0] != "contract.create" {
		t.Fatalf("audit: %v", got)
	}
	for name, c := range map[string]struct {
		path, body, code string
	}{
		"same reference":    {path, body("maint-01", zoe.ID), "reference_taken"},
		"unknown referent":  {path, body("MAINT-02", "NOPE"), "invalid_fields"},
		"another's user":    {"/api/v1/backoffice/organisations/globex/contracts", body("G-1", zoe.ID), "invalid_fields"},
		"vendor":            {"/api/v1/backoffice/organisations/vendor/contracts", body("V-1", op.ID), "organisation_not_found"},
		"dates":             {path, `{"name":"N","reference":"R-9","start":"2026-13-01","end":"2025-01-01","referentId":"x"}`, "invalid_fields"},
		"end before start":  {path, `{"name":"N","reference":"R-9","start":"2026-02-01","end":"2026-01-01","referentId":"x"}`, "invalid_fields"},
		"missing reference": {path, `{"name":"N","start":"2026-02-01","referentId":"x"}`, "invalid_fields"},
	} {
		if r := e.do(ob, "POST", c.path, c.body); r.errCode() != c.code || r.code >= 500 {
			t.Errorf("%s: %d %v", name, r.code, r.body)
		}
	}
	if r := e.do(acme.adminB, "POST", path, body("MAINT-03", zoe.ID)); r.code != 403 {
		t.Fatalf("a customer creates a contract: %d", r.code)
	}
	if r := e.do(ob, "GET", path, ""); r.code != 200 || len(r.items()) != 2 {
		t.Fatalf("operator's list: %d %v", r.code, r.body)
	}
	if r := e.do(ob, "GET", "/api/v1/backoffice/organisations/acme/users?q=zo", ""); r.code != 200 || len(r.items()) != 1 {
		t.Fatalf("operator's user search: %d %v", r.code, r.body)
	}
	// Zoé is the new contract's referent: she sees it and nothing else; with Visitor on
	// the first contract's Contracts section she sees both.
	zb := e.browser("zoe@acme.example", staffPW)
	list := func() []string {
		r := e.do(zb, "GET", "/api/v1/org/contracts", "")
		if r.code != 200 || tripsOf(t, r) > 3 {
			t.Fatalf("list: %d (%s trips) %v", r.code, r.trips, r.body)
		}
		var refs []string
		for _, it := range r.items() {
			refs = append(refs, it["reference"].(string))
		}
		return refs
	}
	if got := strings.Join(list(), ","); got != "MAINT-01" {
		t.Fatalf("referent sees: %s", got)
	}
	if r := e.do(zb, "GET", "/api/v1/org/contracts/"+acme.contract.ID, ""); r.code != 403 {
		t.Fatalf("a contract without Visitor: %d", r.code)
	}
	e.grant("acme", zoe.ID, acme.contract.ID, map[portal.Section]portal.Level{portal.SectionContracts: portal.LevelVisitor}, false)
	if got := strings.Join(list(), ","); got != acme.contract.Reference+",MAINT-01" {
		t.Fatalf("visitor sees: %s", got)
	}
	d := e.do(zb, "GET", "/api/v1/org/contracts/"+id, "")
	if d.code != 200 || tripsOf(t, d) != 2 || d.body["rights"].(map[string]any)["referent"] != true {
		t.Fatalf("detail: %d (%s trips) %v", d.code, d.trips, d.body)
	}
	if r := e.do(acme.adminB, "GET", "/api/v1/org/contracts", ""); len(r.items()) != 2 {
		t.Fatalf("the administrator sees every contract: %v", r.body)
	}
	// The referent changes hands; a stale version is refused.
	if r := e.do(acme.adminB, "PUT", "/api/v1/org/contracts/"+id+"/referent", `{"userId":"`+acme.admin.ID+`","version":0}`); r.code != 409 {
		t.Fatalf("stale referent change: %d", r.code)
	}
	if r := e.do(acme.adminB, "PUT", "/api/v1/org/contracts/"+id+"/referent", `{"userId":"`+acme.admin.ID+`","version":1}`); r.code != 200 || r.body["referentId"] != acme.admin.ID {
		t.Fatalf("referent change: %d %v", r.code, r.body)
	}
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+zoe.ID+"/disable", ""); r.code != 200 {
		t.Fatalf("the former referent can be disabled: %d %v", r.code, r.body)
	}
	if r := e.do(acme.adminB, "PUT", "/api/v1/org/contracts/"+id+"/referent", `{"userId":"`+zoe.ID+`","version":2}`); r.code != 400 {
		t.Fatalf("a disabled referent: %d %v", r.code, r.body)
	}
}
