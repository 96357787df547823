package signup_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// askFor files "Request a new user" for an address of acme, as a stranger may, and
// returns the password-less account it made.
func askFor(e *apitest.Env, email, appID string) store.Account {
	e.T.Helper()
	if r := e.Call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"Someone","lastName":"Else","lang":"en","applications":["`+appID+`"]}`, ""); r.Code != 202 {
		e.T.Fatalf("request a new user: %d %v", r.Code, r.Body)
	}
	acc, err := e.Store.AccountByEmail(context.Background(), email)
	if err != nil || !acc.Unclaimed || acc.PasswordHash != "" {
		e.T.Fatalf("the requested account: %+v %v", acc, err)
	}
	return acc
}

// checkTable fails the test when the table breaks an invariant.
func checkTable(e *apitest.Env) {
	e.T.Helper()
	items, err := e.DB.Dump(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
	if v := store.CheckIntegrity(items); len(v) > 0 {
		e.T.Fatalf("the table is broken:\n%s", strings.Join(v, "\n"))
	}
}

// A request someone else made in an address's name does not hold the address: its
// owner signs up as if it were free, which supersedes the request.
func TestARequestedAddressStillSignsUp(t *testing.T) {
	e := apitest.NewEnv(t)
	e.OrgWithDomain("acme", "acme.example", "en")
	app := e.AddApp("Prepress", portal.ApproverOperators, true, 0)
	squat := askFor(e, "lea@acme.example", app.ID)
	e.Deliver()

	done := e.Register("lea@acme.example", "Léa", "en", `"organisationId":"acme"`)
	ctx := context.Background()
	acc, err := e.Store.AccountByEmail(ctx, "lea@acme.example")
	if err != nil || acc.ID == squat.ID || acc.Unclaimed || acc.FirstName != "Léa" || acc.PasswordHash == "" || done.Body["user"].(map[string]any)["id"] != acc.ID {
		t.Fatalf("the owner's account: %+v %v", acc, err)
	}
	if _, err := e.Store.Account(ctx, "acme", squat.ID); !portal.Is(err, portal.NotFound) {
		t.Fatalf("the requested account is still there: %v", err)
	}
	if apps, err := e.Store.UserApplications(ctx, squat.ID); err != nil || len(apps.Grants)+len(apps.Requests) != 0 {
		t.Fatalf("the superseded request's items: %+v %v", apps, err)
	}
	if got := e.AuditActions("acme"); !slices.Contains(got, "newuser.superseded") {
		t.Fatalf("audit: %v", got)
	}
	checkTable(e)
}

// The owner of a requested address may also choose a password by a reset link,
// which claims the account with its requests; its first approval lets them in.
func TestARequestedAddressRecovers(t *testing.T) {
	e := apitest.NewEnv(t)
	e.OrgWithDomain("acme", "acme.example", "en")
	op := e.Operator("olivia@guichet.example")
	app := e.AddApp("Prepress", portal.ApproverOperators, true, 0)
	squat := askFor(e, "tom@acme.example", app.ID)
	if r := e.Call("POST", "/api/v1/password/forgot", `{"email":"tom@acme.example"}`, ""); r.Code != 202 {
		t.Fatalf("forgot: %d %v", r.Code, r.Body)
	}
	m := e.LastMail("tom@acme.example")
	if !strings.Contains(m.Text, "#/reset-password?token=") {
		t.Fatalf("no reset link for the requested address: %s", m.Text)
	}
	if r := e.Call("POST", "/api/v1/password/reset", `{"token":"`+e.LinkToken(m)+`","password":"Tom#Petit2026!"}`, ""); r.Code != 204 {
		t.Fatalf("reset: %d %v", r.Code, r.Body)
	}
	ctx := context.Background()
	acc, err := e.Store.AccountByEmail(ctx, "tom@acme.example")
	if err != nil || acc.ID != squat.ID || acc.Unclaimed || acc.PasswordHash == "" {
		t.Fatalf("the claimed account: %+v %v", acc, err)
	}
	if got := e.AuditActions("acme"); !slices.Contains(got, "newuser.claimed") {
		t.Fatalf("audit: %v", got)
	}
	checkTable(e)
	// Claimed, the address holds: a sign-up tells its owner they have an account.
	if r := e.Call("POST", "/api/v1/signup", `{"email":"tom@acme.example","lang":"en"}`, ""); r.Code != 202 {
		t.Fatalf("sign-up: %d %v", r.Code, r.Body)
	}
	if m := e.LastMail("tom@acme.example"); !strings.Contains(m.Text, "already have one") {
		t.Fatalf("sign-up of a claimed address: %s", m.Text)
	}
	apps, err := e.Store.UserApplications(ctx, squat.ID)
	requests := apps.Requests
	if err != nil || len(requests) != 1 {
		t.Fatalf("the claimed requests: %v %v", requests, err)
	}
	if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/"+requests[0].Number+"/decision", `{"decision":"approve"}`); r.Code != 200 {
		t.Fatalf("approve: %d %v", r.Code, r.Body)
	}
	if acc := e.Account("acme", squat.ID); acc.Status != portal.StatusReady {
		t.Fatalf("after the approval: %s", acc.Status)
	}
	e.Browser("tom@acme.example", "Tom#Petit2026!")
}

// A second approval for a person without a password mails a second activation
// link without killing the first: whichever they open first works, and then
// neither does. A link past its time says so before any password is typed.
func TestApprovalsKeepEarlierActivationLinks(t *testing.T) {
	e := apitest.NewEnv(t)
	e.OrgWithDomain("acme", "acme.example", "en")
	op := e.Operator("olivia@guichet.example")
	first, second := e.AddApp("Prepress", portal.ApproverOperators, true, 0), e.AddApp("Licences", portal.ApproverOperators, true, 0)
	if r := e.Call("POST", "/api/v1/new-user-requests", `{"email":"lea@acme.example","firstName":"Léa","lastName":"D","lang":"en","applications":["`+first.ID+`","`+second.ID+`"]}`, ""); r.Code != 202 {
		t.Fatal(r.Body)
	}
	var links []string
	for _, n := range []string{"REQ-2026-000001", "REQ-2026-000002"} {
		if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/"+n+"/decision", `{"decision":"approve"}`); r.Code != 200 {
			t.Fatalf("approve %s: %d %v", n, r.Code, r.Body)
		}
		links = append(links, e.LinkToken(e.LastMail("lea@acme.example")))
	}
	if links[0] == links[1] {
		t.Fatal("one link for both approvals")
	}
	for _, l := range links {
		if r := e.Call("POST", "/api/v1/activation/check", `{"token":"`+l+`"}`, ""); r.Code != 200 || r.Body["expiresAt"] == nil {
			t.Fatalf("check a live link: %d %v", r.Code, r.Body)
		}
	}
	if r := e.Call("POST", "/api/v1/activation", `{"token":"`+links[0]+`","password":"Lea#Dubois2026!"}`, ""); r.Code != 200 {
		t.Fatalf("the first link after a second approval: %d %v", r.Code, r.Body)
	}
	for _, l := range links {
		if r := e.Call("POST", "/api/v1/activation/check", `{"token":"`+l+`"}`, ""); r.Code != 400 || r.ErrCode() != "link_invalid" {
			t.Fatalf("check a used link: %d %v", r.Code, r.Body)
		}
	}
	checkTable(e)
	// An expired link is told apart from a used or unknown one, before the password.
	e.AddUser("tom@acme.example", "", portal.StatusNotActivated)
	admin := e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.Pw, portal.StatusReady)
	ab := e.Browser(admin.Email, apitest.Pw)
	tom, _ := e.Store.AccountByEmail(context.Background(), "tom@acme.example")
	if r := e.Do(ab, "POST", "/api/v1/org/users/"+tom.ID+"/activation", ""); r.Code != 200 {
		t.Fatalf("resend activation: %d %v", r.Code, r.Body)
	}
	link := e.LinkToken(e.LastMail("tom@acme.example"))
	e.Clock.Advance(49 * time.Hour)
	if r := e.Call("POST", "/api/v1/activation/check", `{"token":"`+link+`"}`, ""); r.Code != 400 || r.ErrCode() != "link_expired" {
		t.Fatalf("check an expired link: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/activation/check", `{"token":"nope"}`, ""); r.Code != 400 || r.ErrCode() != "link_invalid" {
		t.Fatalf("check an unknown link: %d %v", r.Code, r.Body)
	}
}
