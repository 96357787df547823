package httpapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// askFor files "Request a new user" for an address of acme, as a stranger may, and
// returns the password-less account it made.
func (e *env) askFor(email, appID string) store.Account {
	e.t.Helper()
	if r := e.call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"Someone","lastName":"Else","lang":"en","applications":["`+appID+`"]}`, ""); r.code != 202 {
		e.t.Fatalf("request a new user: %d %v", r.code, r.body)
	}
	acc, err := e.store.AccountByEmail(context.Background(), email)
	if err != nil || !acc.Unclaimed || acc.PasswordHash != "" {
		e.t.Fatalf("the requested account: %+v %v", acc, err)
	}
	return acc
}

// checkTable fails the test when the table breaks an invariant.
func (e *env) checkTable() {
	e.t.Helper()
	items, err := e.db.Dump(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	if v := store.CheckIntegrity(items); len(v) > 0 {
		e.t.Fatalf("the table is broken:\n%s", strings.Join(v, "\n"))
	}
}

// A request someone else made in an address's name does not hold the address: its
// owner signs up as if it were free, which supersedes the request.
func TestARequestedAddressStillSignsUp(t *testing.T) {
	e := newEnv(t)
	e.orgWithDomain("acme", "acme.example", "en")
	app := e.addApp("Prepress", portal.ApproverOperators, true, 0)
	squat := e.askFor("lea@acme.example", app.ID)
	e.deliver()

	done := e.register("lea@acme.example", "Léa", "en", `"organisationId":"acme"`)
	ctx := context.Background()
	acc, err := e.store.AccountByEmail(ctx, "lea@acme.example")
	if err != nil || acc.ID == squat.ID || acc.Unclaimed || acc.FirstName != "Léa" || acc.PasswordHash == "" || done.body["user"].(map[string]any)["id"] != acc.ID {
		t.Fatalf("the owner's account: %+v %v", acc, err)
	}
	if _, err := e.store.Account(ctx, "acme", squat.ID); !portal.Is(err, portal.NotFound) {
		t.Fatalf("the requested account is still there: %v", err)
	}
	if apps, err := e.store.UserApplications(ctx, squat.ID); err != nil || len(apps.Grants)+len(apps.Requests) != 0 {
		t.Fatalf("the superseded request's items: %+v %v", apps, err)
	}
	if got := e.auditActions("acme"); !slices.Contains(got, "newuser.superseded") {
		t.Fatalf("audit: %v", got)
	}
	e.checkTable()
}

// The owner of a requested address may also choose a password by a reset link,
// which claims the account with its requests; its first approval lets them in.
func TestARequestedAddressRecovers(t *testing.T) {
	e := newEnv(t)
	e.orgWithDomain("acme", "acme.example", "en")
	op := e.operator("olivia@guichet.example")
	app := e.addApp("Prepress", portal.ApproverOperators, true, 0)
	squat := e.askFor("tom@acme.example", app.ID)
	if r := e.call("POST", "/api/v1/password/forgot", `{"email":"tom@acme.example"}`, ""); r.code != 202 {
		t.Fatalf("forgot: %d %v", r.code, r.body)
	}
	m := e.lastMail("tom@acme.example")
	if !strings.Contains(m.Text, "#/reset-password?token=") {
		t.Fatalf("no reset link for the requested address: %s", m.Text)
	}
	if r := e.call("POST", "/api/v1/password/reset", `{"token":"`+e.linkToken(m)+`","password":"Tom#Petit2026!"}`, ""); r.code != 204 {
		t.Fatalf("reset: %d %v", r.code, r.body)
	}
	ctx := context.Background()
	acc, err := e.store.AccountByEmail(ctx, "tom@acme.example")
	if err != nil || acc.ID != squat.ID || acc.Unclaimed || acc.PasswordHash == "" {
		t.Fatalf("the claimed account: %+v %v", acc, err)
	}
	if got := e.auditActions("acme"); !slices.Contains(got, "newuser.claimed") {
		t.Fatalf("audit: %v", got)
	}
	e.checkTable()
	// Claimed, the address holds: a sign-up tells its owner they have an account.
	if r := e.call("POST", "/api/v1/signup", `{"email":"tom@acme.example","lang":"en"}`, ""); r.code != 202 {
		t.Fatalf("sign-up: %d %v", r.code, r.body)
	}
	if m := e.lastMail("tom@acme.example"); !strings.Contains(m.Text, "already have one") {
		t.Fatalf("sign-up of a claimed address: %s", m.Text)
	}
	apps, err := e.store.UserApplications(ctx, squat.ID)
	requests := apps.Requests
	if err != nil || len(requests) != 1 {
		t.Fatalf("the claimed requests: %v %v", requests, err)
	}
	if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/"+requests[0].Number+"/decision", `{"decision":"approve"}`); r.code != 200 {
		t.Fatalf("approve: %d %v", r.code, r.body)
	}
	if acc := e.account("acme", squat.ID); acc.Status != portal.StatusReady {
		t.Fatalf("after the approval: %s", acc.Status)
	}
	e.browser("tom@acme.example", "Tom#Petit2026!")
}

// A second approval for a person without a password mails a second activation
// link without killing the first: whichever they open first works, and then
// neither does. A link past its time says so before any password is typed.
func TestApprovalsKeepEarlierActivationLinks(t *testing.T) {
	e := newEnv(t)
	e.orgWithDomain("acme", "acme.example", "en")
	op := e.operator("olivia@guichet.example")
	first, second := e.addApp("Prepress", portal.ApproverOperators, true, 0), e.addApp("Licences", portal.ApproverOperators, true, 0)
	if r := e.call("POST", "/api/v1/new-user-requests", `{"email":"lea@acme.example","firstName":"Léa","lastName":"D","lang":"en","applications":["`+first.ID+`","`+second.ID+`"]}`, ""); r.code != 202 {
		t.Fatal(r.body)
	}
	var links []string
	for _, n := range []string{"REQ-2026-000001", "REQ-2026-000002"} {
		if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/"+n+"/decision", `{"decision":"approve"}`); r.code != 200 {
			t.Fatalf("approve %s: %d %v", n, r.code, r.body)
		}
		links = append(links, e.linkToken(e.lastMail("lea@acme.example")))
	}
	if links[0] == links[1] {
		t.Fatal("one link for both approvals")
	}
	for _, l := range links {
		if r := e.call("POST", "/api/v1/activation/check", `{"token":"`+l+`"}`, ""); r.code != 200 || r.body["expiresAt"] == nil {
			t.Fatalf("check a live link: %d %v", r.code, r.body)
		}
	}
	if r := e.call("POST", "/api/v1/activation", `{"token":"`+links[0]+`","password":"Lea#Dubois2026!"}`, ""); r.code != 200 {
		t.Fatalf("the first link after a second approval: %d %v", r.code, r.body)
	}
	for _, l := range links {
		if r := e.call("POST", "/api/v1/activation/check", `{"token":"`+l+`"}`, ""); r.code != 400 || r.errCode() != "link_invalid" {
			t.Fatalf("check a used link: %d %v", r.code, r.body)
		}
	}
	e.checkTable()
	// An expired link is told apart from a used or unknown one, before the password.
	e.addUser("tom@acme.example", "", portal.StatusNotActivated)
	admin := e.addMember("acme", portal.RoleAdmin, "adele@acme.example", pw, portal.StatusReady)
	ab := e.browser(admin.Email, pw)
	tom, _ := e.store.AccountByEmail(context.Background(), "tom@acme.example")
	if r := e.do(ab, "POST", "/api/v1/org/users/"+tom.ID+"/activation", ""); r.code != 200 {
		t.Fatalf("resend activation: %d %v", r.code, r.body)
	}
	link := e.linkToken(e.lastMail("tom@acme.example"))
	e.clock.Advance(49 * time.Hour)
	if r := e.call("POST", "/api/v1/activation/check", `{"token":"`+link+`"}`, ""); r.code != 400 || r.errCode() != "link_expired" {
		t.Fatalf("check an expired link: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/activation/check", `{"token":"nope"}`, ""); r.code != 400 || r.errCode() != "link_invalid" {
		t.Fatalf("check an unknown link: %d %v", r.code, r.body)
	}
}
