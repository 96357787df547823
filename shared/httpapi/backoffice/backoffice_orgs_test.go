package backoffice_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// Operators list the customer organisations by name, page by page, and find them
// by the start of their name in any case; the vendor's own organisation and the
// holding place of unlinked people never show, even where their names would sort;
// customers are refused.
func TestOperatorsListAndSearchCustomerOrganisations(t *testing.T) {
	e := apitest.NewEnv(t)
	ctx := context.Background()
	for id, name := range map[string]string{"alpha": "Alpha Industries", "alpine": "alpine", "beta": "Beta", "gamma": "Gamma", portal.UnlinkedOrg: "Alpine holding"} {
		if err := e.Store.CreateOrganisation(ctx, portal.Organisation{ID: id, Name: name, Domains: []string{id + ".example"}, Created: e.Clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	ops := e.Operator("olivia@guichet.example") // adds the vendor's organisation, VENDOR
	e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.RegPassword, portal.StatusReady)
	customer := e.Browser("adele@acme.example", apitest.RegPassword)

	// list pages through the answers of query with pages of limit and returns the
	// names, page by page.
	list := func(query string, limit string) [][]string {
		t.Helper()
		var pages [][]string
		cursor := ""
		for range 10 {
			v := url.Values{"limit": {limit}}
			if query != "" {
				v.Set("q", query)
			}
			if cursor != "" {
				v.Set("cursor", cursor)
			}
			r := e.Do(ops, "GET", "/api/v1/backoffice/organisations?"+v.Encode(), "")
			if r.Code != 200 {
				t.Fatalf("q=%q: %d %v", query, r.Code, r.Body)
			}
			names := []string{}
			for _, it := range r.Body["items"].([]any) {
				o := it.(map[string]any)
				if o["id"] == "" || o["created"] == nil {
					t.Errorf("q=%q: an organisation without its id or creation: %v", query, o)
				}
				names = append(names, o["name"].(string))
			}
			pages = append(pages, names)
			next, _ := r.Body["next"].(string)
			if next == "" {
				return pages
			}
			cursor = next
		}
		t.Fatalf("q=%q: no end after 10 pages", query)
		return nil
	}
	same := func(what string, got, want [][]string) {
		t.Helper()
		if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
	}
	same("every customer by two", list("", "2"), [][]string{{"ACME", "Alpha Industries"}, {"alpine", "Beta"}, {"Gamma"}})
	same("a prefix in another case", list("ALP", "10"), [][]string{{"Alpha Industries", "alpine"}})
	same("a prefix by one", list("al", "1"), [][]string{{"Alpha Industries"}, {"alpine"}})
	same("a prefix nobody has", list("zzz", "10"), [][]string{{}})
	same("the vendor's name", list("vendor", "10"), [][]string{{}})

	r := e.Do(ops, "GET", "/api/v1/backoffice/organisations?q=al", "")
	if items := r.Body["items"].([]any); len(items) != 2 || items[0].(map[string]any)["domains"].([]any)[0] != "alpha.example" {
		t.Errorf("the organisations' domains: %v", r.Body)
	}
	// One read of the index, on top of what every operator's list costs (the session).
	if free := e.Do(ops, "GET", "/api/v1/backoffice/freemail", ""); r.Trips != free.Trips {
		t.Errorf("the list took %s round trips, a one-read list %s", r.Trips, free.Trips)
	}

	for _, bad := range []struct{ query, field string }{{"q=a%0Ab", "q"}, {"limit=0", "limit"}, {"limit=101", "limit"}} {
		if r := e.Do(ops, "GET", "/api/v1/backoffice/organisations?"+bad.query, ""); r.Code != 400 || !slices.ContainsFunc(r.FieldCodes(), func(c string) bool { return strings.HasPrefix(c, bad.field+":") }) {
			t.Errorf("%s: %d %v", bad.query, r.Code, r.Body)
		}
	}
	if r := e.Do(ops, "GET", "/api/v1/backoffice/organisations?cursor=forged", ""); r.Code != 400 || r.ErrCode() != "bad_cursor" {
		t.Errorf("a forged cursor: %d %v", r.Code, r.Body)
	}
	if r := e.Call("GET", "/api/v1/backoffice/organisations", "", ""); r.Code != 401 {
		t.Errorf("anonymous: %d %v", r.Code, r.Body)
	}
	if r := e.Do(customer, "GET", "/api/v1/backoffice/organisations", ""); r.Code != 403 {
		t.Errorf("a customer's administrator: %d %v", r.Code, r.Body)
	}
}
