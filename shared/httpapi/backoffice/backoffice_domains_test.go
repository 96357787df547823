package backoffice_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// The vendor's own organisation holds its staff: a mail domain verified for it would
// let anyone with an address there sign up into it, so operators cannot do that.
func TestDomainsAreNeverVerifiedForTheVendor(t *testing.T) {
	e := apitest.NewEnv(t)
	if err := e.Store.CreateOrganisation(context.Background(), portal.Organisation{ID: portal.VendorOrg, Name: "Guichet", Created: e.Clock.Now()}); err != nil {
		t.Fatal(err)
	}
	ops := e.Operator("olivia@guichet.example")
	for _, id := range []string{portal.VendorOrg, portal.UnlinkedOrg} {
		if r := e.Do(ops, "POST", "/api/v1/backoffice/domains/staff.example/organisations", `{"organisationId":"`+id+`"}`); r.Code != 404 || r.ErrCode() != "organisation_not_found" {
			t.Fatalf("verify for %s: %d %v", id, r.Code, r.Body)
		}
	}
	if r := e.Do(ops, "GET", "/api/v1/backoffice/domains/staff.example", ""); r.Code != 200 || len(r.Body["organisations"].([]any)) != 0 {
		t.Fatalf("the domain: %d %v", r.Code, r.Body)
	}
}
