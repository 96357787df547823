package httpapi_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

// The vendor's own organisation holds its staff: a mail domain verified for it would
// let anyone with an address there sign up into it, so operators cannot do that.
func TestDomainsAreNeverVerifiedForTheVendor(t *testing.T) {
	e := newEnv(t)
	if err := e.store.CreateOrganisation(context.Background(), portal.Organisation{ID: portal.VendorOrg, Name: "Guichet", Created: e.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	ops := e.operator("olivia@guichet.example")
	for _, id := range []string{portal.VendorOrg, portal.UnlinkedOrg} {
		if r := e.do(ops, "POST", "/api/v1/backoffice/domains/staff.example/organisations", `{"organisationId":"`+id+`"}`); r.code != 404 || r.errCode() != "organisation_not_found" {
			t.Fatalf("verify for %s: %d %v", id, r.code, r.body)
		}
	}
	if r := e.do(ops, "GET", "/api/v1/backoffice/domains/staff.example", ""); r.code != 200 || len(r.body["organisations"].([]any)) != 0 {
		t.Fatalf("the domain: %d %v", r.code, r.body)
	}
}
