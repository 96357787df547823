package areas_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// The add-user wizard on people who are not the administrator's: each organisation
// has a stranger ({stranger}, {strangerid}), who registered a new organisation of
// their own and waits, in no organisation, for an operator. The wizard answers for
// a stranger's address, for another organisation's member ({email}) and for another
// organisation's pending joiner (applicant@{domain}) as for an unknown address, and
// refuses them at creation; only the administrator's own joiner is attached.
func init() {
	isoSetups = append(isoSetups, setupStranger)
	isoSnapshots = append(isoSnapshots, snapshotStranger)
	wizard := func(same, other int) map[string]codes {
		return all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {same, other}})
	}
	person := func(email string) string {
		return `{"email":"` + email + `","login":"login{uniq}","firstName":"N","lastName":"U"}`
	}
	isolationRows = append(isolationRows,
		isolationRow{method: "POST", path: "/api/v1/org/users/validate", body: person("{stranger}"), want: wizard(200, 200)},
		isolationRow{method: "POST", path: "/api/v1/org/users", body: person("{stranger}"), want: wizard(409, 409)},
		isolationRow{method: "POST", path: "/api/v1/org/users/validate", body: person("applicant@{domain}"), want: wizard(200, 200)},
		isolationRow{method: "POST", path: "/api/v1/org/users", body: person("applicant@{domain}"), want: wizard(200, 409)},
		// Only a link's holder learns anything about it; an unknown one is refused alike.
		isolationRow{method: "POST", path: "/api/v1/activation/check", body: `{"token":"nope{uniq}"}`, want: openToAll(codes{400, 400})},
	)
}

// setupStranger adds the organisation's stranger: a pending request for a new
// organisation at a domain nobody verified.
func setupStranger(t *testing.T, f *isoFixture, o *isoOrg) {
	e := f.e
	email := "founder@stranger-" + o.id + ".example"
	u := portal.User{ID: portal.NewID(), OrgID: portal.UnlinkedOrg, Email: email, Login: "founder." + o.id, FirstName: "Sam", LastName: "Stranger",
		Lang: "en", Role: portal.RoleUser, Status: portal.StatusPendingApproval, Created: e.Clock.Now()}
	reg := portal.Registration{ID: u.ID, Kind: portal.RegistrationOrganisation, State: portal.RegistrationPending, OrgID: portal.UnlinkedOrg,
		OrgName: "Stranger " + o.id, Domain: "stranger-" + o.id + ".example", Email: email, FirstName: u.FirstName, LastName: u.LastName,
		Lang: u.Lang, Created: u.Created}
	if err := e.Store.CreateUser(context.Background(), u, "", store.PutRegistration(reg)); err != nil {
		t.Fatal(err)
	}
	o.vals["stranger"], o.vals["strangerid"] = email, u.ID
}

// snapshotStranger is the stranger's account and registration, which no
// administrator may change.
func snapshotStranger(t *testing.T, f *isoFixture, o isoOrg) []string {
	ctx := context.Background()
	id := o.vals["strangerid"]
	a, err := f.e.Store.Account(ctx, portal.UnlinkedOrg, id)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := f.e.Store.Registration(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return []string{fmt.Sprintf("stranger v%d %s", a.Version, apitest.MustJSON(a.User)), fmt.Sprintf("stranger's registration v%d %s", reg.Version, apitest.MustJSON(reg))}
}
