package areas_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// The rows of closing one's account: the person's own request (the path names
// nobody, so both scopes are the principal's own) and the administrators' queue,
// where each organisation's target user ({user}) has asked to close their account.
func init() {
	isoSetups = append(isoSetups, closingSetup)
	own := func(ok int) map[string]codes {
		return all(codes{ok, ok}, map[string]codes{anonymous: {401, 401}, logInAs: {403, 403}, operatorAs: {403, 403}})
	}
	isolationRows = append(isolationRows,
		isolationRow{method: "GET", path: "/api/v1/me/closure", want: all(codes{200, 200}, map[string]codes{anonymous: {401, 401}, operatorAs: {403, 403}})},
		// The other scope runs first and files the principal's request; the same scope
		// then finds it waiting.
		isolationRow{method: "POST", path: "/api/v1/me/closure", body: `{"comment":"Leaving the company"}`,
			want: all(codes{409, 201}, map[string]codes{anonymous: {401, 401}, logInAs: {403, 403}, operatorAs: {403, 403}})},
		isolationRow{method: "POST", path: "/api/v1/me/closure/withdraw", want: own(404)},
		isolationRow{method: "GET", path: "/api/v1/org/closure-requests", want: adminList()},
		isolationRow{method: "POST", path: "/api/v1/org/closure-requests/{user}/grant", want: adminOnly(204)},
		isolationRow{method: "POST", path: "/api/v1/org/closure-requests/{user}/decline", body: `{"reason":"Contract in progress"}`, want: adminOnly(200)},
	)
}

// closingSetup files the target user's pending request to close their account.
func closingSetup(t *testing.T, f *isoFixture, o *isoOrg) {
	u := o.target
	r := portal.ClosureRequest{UserID: u.ID, OrgID: o.id, Name: u.FirstName + " " + u.LastName, Email: u.Email, Login: u.Login,
		State: portal.ClosurePending, Created: f.e.Clock.Now().UTC()}
	if err := f.e.Store.Table().Transact(context.Background(), store.PutClosureRequest(r)); err != nil {
		t.Fatal(err)
	}
}
