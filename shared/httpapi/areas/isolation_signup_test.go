package areas_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/signup"
)

// The self-registration flows and the administrators' join requests in the
// isolation matrix, on each organisation's {domain} and {joinreq}; for the
// anonymous flows each also has a live sign-up code ({signupcode} for
// {signupemail}) and a sign-up token ({signuptoken}) of new addresses at its
// domain, so "other" is globex's address.
func init() {
	isoSetups = append(isoSetups, setupSignup)
	isolationRows = append(isolationRows,
		// signup
		isolationRow{method: "POST", path: "/api/v1/signup", body: `{"email":"new{uniq}@{org}.example","lang":"en"}`, want: openToAll(codes{202, 202})},
		// An address with an account: its owner is mailed a reminder, by design.
		isolationRow{method: "POST", path: "/api/v1/signup", body: `{"email":"{email}","lang":"en"}`, want: openToAll(codes{202, 202}), crossWrite: principals},
		isolationRow{method: "POST", path: "/api/v1/signup/verify", body: `{"email":"{signupemail}","code":"{signupcode}"}`, want: openToAll(codes{200, 200})},
		// The token travels in a header the matrix does not send: the refusal of a
		// missing token for everyone (TestSignupOrganisationsKeepToTheTokensDomain
		// sends it).
		isolationRow{method: "GET", path: "/api/v1/signup/organisations", want: openToAll(codes{400, 400})},
		// Whoever holds a token creates that address's account in the organisation of
		// its domain, pending its administrators (who are mailed), by design.
		isolationRow{method: "POST", path: "/api/v1/signup/complete", body: apitest.CompleteBody("{signuptoken}", "Zoé", "en", `"organisationId":"{org}"`),
			want: openToAll(codes{201, 201}), crossWrite: principals},
		// An address at acme's domain cannot join globex, which did not verify it.
		isolationRow{method: "POST", path: "/api/v1/signup/complete", body: apitest.CompleteBody("{signuptoken}", "Zoé", "en", `"organisationId":"globex"`),
			want: openToAll(codes{400, 201}), crossWrite: principals},
		// Nobody of the fixture registered: the signed-in find no registration of theirs.
		isolationRow{method: "GET", path: "/api/v1/signup/status", want: all(codes{404, 404}, map[string]codes{anonymous: {401, 401}})},
		isolationRow{method: "POST", path: "/api/v1/password/strength", body: `{"password":"Correct#Horse9","email":"{email}","firstName":"Théo","lastName":"Target"}`,
			want: openToAll(codes{200, 200})},
		// joinrequests
		isolationRow{method: "GET", path: "/api/v1/org/join-requests?state=pending", want: adminList()},
		isolationRow{method: "GET", path: "/api/v1/org/join-requests/{joinreq}", want: adminOnly(200)},
		isolationRow{method: "POST", path: "/api/v1/org/join-requests/{joinreq}/approve", want: adminOnly(200)},
		isolationRow{method: "POST", path: "/api/v1/org/join-requests/{joinreq}/refuse", body: `{"reason":"Not one of us"}`, want: adminOnly(200)},
		isolationRow{method: "GET", path: "/api/v1/org/join-settings", want: adminList()},
		isolationRow{method: "PUT", path: "/api/v1/org/join-settings", body: `{"autoApprove":true}`, want: adminList()},
	)
}

// setupSignup stores a live sign-up code and a sign-up token of two new addresses
// at the organisation's domain.
func setupSignup(t *testing.T, f *isoFixture, o *isoOrg) {
	ctx := context.Background()
	e := f.e
	code, _, err := e.Deps.Auth.NewSignupCode(ctx, "coder@"+o.vals["domain"])
	if err != nil {
		t.Fatal(err)
	}
	token, tokenOp := e.Deps.Auth.NewSignupToken("joiner@" + o.vals["domain"])
	if err := e.Store.Table().Transact(ctx, code.Op, tokenOp); err != nil {
		t.Fatal(err)
	}
	o.vals["signupemail"], o.vals["signupcode"], o.vals["signuptoken"] = "coder@"+o.vals["domain"], code.Code, token
}

// TestSignupOrganisationsKeepToTheTokensDomain sends what the matrix cannot: the
// sign-up token's header. Each organisation's token lists that organisation only.
func TestSignupOrganisationsKeepToTheTokensDomain(t *testing.T) {
	f := newIsoFixture(t)
	for _, o := range []isoOrg{f.acme, f.globex} {
		r := f.e.Call("GET", "/api/v1/signup/organisations", "", "", signup.SignupTokenHeader, o.vals["signuptoken"])
		orgs, _ := r.Body["organisations"].([]any)
		if r.Code != 200 || r.Body["domain"] != o.id+".example" || len(orgs) != 1 || orgs[0].(map[string]any)["id"] != o.id {
			t.Errorf("%s's token: %d %v", o.id, r.Code, r.Body)
		}
	}
}
