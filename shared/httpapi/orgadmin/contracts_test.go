package orgadmin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

func TestOperatorsCreateContractsCustomersWithVisitorSeeThem(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	op := e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "olivia@guichet.example")
	ob := e.Browser(op.Email, apitest.StaffPW)
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	path := "/api/v1/backoffice/organisations/acme/contracts"
	body := func(ref, referent string) string {
		return fmt.Sprintf(`{"name":"Maintenance","reference":%q,"offer":"Gold","start":"2026-01-01","end":"2027-12-31","referentId":%q}`, ref, referent)
	}
	r := e.Do(ob, "POST", path, body("MAINT-01", zoe.ID))
	if r.Code != 201 || r.Body["referentId"] != zoe.ID || r.Body["orgId"] != "acme" {
		t.Fatalf("create: %d %v", r.Code, r.Body)
	}
	id := r.Body["id"].(string)
	if got := e.AuditActions("acme"); len(got) != 1 || got[0] != "contract.create" {
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
		if r := e.Do(ob, "POST", c.path, c.body); r.ErrCode() != c.code || r.Code >= 500 {
			t.Errorf("%s: %d %v", name, r.Code, r.Body)
		}
	}
	if r := e.Do(acme.AdminB, "POST", path, body("MAINT-03", zoe.ID)); r.Code != 403 {
		t.Fatalf("a customer creates a contract: %d", r.Code)
	}
	if r := e.Do(ob, "GET", path, ""); r.Code != 200 || len(r.Items()) != 2 {
		t.Fatalf("operator's list: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ob, "GET", "/api/v1/backoffice/organisations/acme/users?q=zo", ""); r.Code != 200 || len(r.Items()) != 1 {
		t.Fatalf("operator's user search: %d %v", r.Code, r.Body)
	}
	// Zoé is the new contract's referent: she sees it and nothing else; with Visitor on
	// the first contract's Contracts section she sees both.
	zb := e.Browser("zoe@acme.example", apitest.StaffPW)
	list := func() []string {
		r := e.Do(zb, "GET", "/api/v1/org/contracts", "")
		if r.Code != 200 || apitest.TripsOf(t, r) > 3 {
			t.Fatalf("list: %d (%s trips) %v", r.Code, r.Trips, r.Body)
		}
		var refs []string
		for _, it := range r.Items() {
			refs = append(refs, it["reference"].(string))
		}
		return refs
	}
	if got := strings.Join(list(), ","); got != "MAINT-01" {
		t.Fatalf("referent sees: %s", got)
	}
	if r := e.Do(zb, "GET", "/api/v1/org/contracts/"+acme.Contract.ID, ""); r.Code != 403 {
		t.Fatalf("a contract without Visitor: %d", r.Code)
	}
	e.Grant("acme", zoe.ID, acme.Contract.ID, map[portal.Section]portal.Level{portal.SectionContracts: portal.LevelVisitor}, false)
	if got := strings.Join(list(), ","); got != acme.Contract.Reference+",MAINT-01" {
		t.Fatalf("visitor sees: %s", got)
	}
	d := e.Do(zb, "GET", "/api/v1/org/contracts/"+id, "")
	if d.Code != 200 || apitest.TripsOf(t, d) != 2 || d.Body["rights"].(map[string]any)["referent"] != true {
		t.Fatalf("detail: %d (%s trips) %v", d.Code, d.Trips, d.Body)
	}
	if r := e.Do(acme.AdminB, "GET", "/api/v1/org/contracts", ""); len(r.Items()) != 2 {
		t.Fatalf("the administrator sees every contract: %v", r.Body)
	}
	// The referent changes hands; a stale version is refused.
	if r := e.Do(acme.AdminB, "PUT", "/api/v1/org/contracts/"+id+"/referent", `{"userId":"`+acme.Admin.ID+`","version":0}`); r.Code != 409 {
		t.Fatalf("stale referent change: %d", r.Code)
	}
	if r := e.Do(acme.AdminB, "PUT", "/api/v1/org/contracts/"+id+"/referent", `{"userId":"`+acme.Admin.ID+`","version":1}`); r.Code != 200 || r.Body["referentId"] != acme.Admin.ID {
		t.Fatalf("referent change: %d %v", r.Code, r.Body)
	}
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+zoe.ID+"/disable", ""); r.Code != 200 {
		t.Fatalf("the former referent can be disabled: %d %v", r.Code, r.Body)
	}
	if r := e.Do(acme.AdminB, "PUT", "/api/v1/org/contracts/"+id+"/referent", `{"userId":"`+zoe.ID+`","version":2}`); r.Code != 400 {
		t.Fatalf("a disabled referent: %d %v", r.Code, r.Body)
	}
}
