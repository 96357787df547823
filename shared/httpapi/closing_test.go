package httpapi_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/closing"
	"github.com/guichet/guichet/shared/portal"
)

// A person asks to close their account, may withdraw, asks again; an
// administrator declines with a reason, then grants: the account is deleted, and
// the person is told by mail each time.
func TestClosingOnesAccount(t *testing.T) {
	e := newEnv(t)
	adminU := e.addMember("acme", portal.RoleAdmin, "adele@acme.example", pw, portal.StatusReady)
	zoe := e.addUser("zoe@acme.example", pw, portal.StatusReady)
	e.addMember("globex", portal.RoleAdmin, "gus@globex.example", pw, portal.StatusReady)
	admin := e.browser("adele@acme.example", pw)
	other := e.browser("gus@globex.example", pw)
	user := e.browser("zoe@acme.example", pw)

	if r := e.do(user, "GET", "/api/v1/me/closure", ""); r.code != 200 || r.body["request"] != nil {
		t.Fatalf("none yet: %d %v", r.code, r.body)
	}
	if r := e.do(user, "POST", "/api/v1/me/closure/withdraw", ""); r.code != 404 || r.errCode() != "closure_not_found" {
		t.Fatalf("withdraw nothing: %d %v", r.code, r.body)
	}
	if r := e.do(user, "POST", "/api/v1/me/closure", `{"comment":"`+strings.Repeat("x", 1001)+`"}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"comment:too_long"}) {
		t.Fatalf("long comment: %d %v", r.code, r.body)
	}
	r := e.do(user, "POST", "/api/v1/me/closure", `{"comment":"Je quitte l'entreprise."}`)
	if r.code != 201 || r.body["state"] != "pending" || r.body["name"] != "Zoé Martin" {
		t.Fatalf("ask: %d %v", r.code, r.body)
	}
	if r := e.do(user, "POST", "/api/v1/me/closure", `{}`); r.code != 409 || r.errCode() != "closure_pending" {
		t.Fatalf("ask twice: %d %v", r.code, r.body)
	}
	if r := e.do(user, "POST", "/api/v1/me/closure/withdraw", ""); r.code != 200 || r.body["state"] != "withdrawn" {
		t.Fatalf("withdraw: %d %v", r.code, r.body)
	}
	if q := e.do(admin, "GET", "/api/v1/org/closure-requests", ""); len(q.items()) != 0 {
		t.Fatalf("a withdrawn request is still queued: %v", q.body)
	}
	if r := e.do(user, "POST", "/api/v1/me/closure", `{}`); r.code != 201 {
		t.Fatalf("ask again: %d %v", r.code, r.body)
	}

	// The administrators' queue: their organisation's only.
	q := e.do(admin, "GET", "/api/v1/org/closure-requests", "")
	if q.code != 200 || len(q.items()) != 1 || q.items()[0]["userId"] != zoe.ID {
		t.Fatalf("queue: %d %v", q.code, q.body)
	}
	if q := e.do(other, "GET", "/api/v1/org/closure-requests", ""); len(q.items()) != 0 {
		t.Fatalf("another organisation sees the request: %v", q.body)
	}
	if r := e.do(user, "GET", "/api/v1/org/closure-requests", ""); r.code != 403 {
		t.Fatalf("a plain user read the queue: %d", r.code)
	}
	base := "/api/v1/org/closure-requests/" + zoe.ID
	if r := e.do(other, "POST", base+"/grant", ""); r.code != 404 {
		t.Fatalf("another organisation granted: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "POST", base+"/decline", `{"reason":" "}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"reason:required"}) {
		t.Fatalf("decline without a reason: %d %v", r.code, r.body)
	}
	r = e.do(admin, "POST", base+"/decline", `{"reason":"Vous êtes référente d'un contrat en cours."}`)
	if r.code != 200 || r.body["state"] != "declined" || r.body["decidedBy"] != adminU.ID {
		t.Fatalf("decline: %d %v", r.code, r.body)
	}
	m := e.lastMail("zoe@acme.example")
	if !strings.Contains(m.Subject, "refusée") || !strings.Contains(m.Text, "Motif : Vous êtes référente d'un contrat en cours.") || !strings.Contains(m.HTML, "Motif") {
		t.Fatalf("decline mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.do(admin, "POST", base+"/grant", ""); r.code != 409 || r.errCode() != "closure_not_pending" {
		t.Fatalf("grant a declined request: %d %v", r.code, r.body)
	}
	if r := e.do(user, "GET", "/api/v1/me/closure", ""); field(r.body, "request", "reason") != "Vous êtes référente d'un contrat en cours." {
		t.Fatalf("the person does not read the reason: %v", r.body)
	}

	if r := e.do(user, "POST", "/api/v1/me/closure", `{}`); r.code != 201 {
		t.Fatalf("ask a third time: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "POST", base+"/grant", ""); r.code != 204 {
		t.Fatalf("grant: %d %v", r.code, r.body)
	}
	m = e.lastMail("zoe@acme.example")
	if !strings.Contains(m.Subject, "fermé") || !strings.Contains(m.Text, "a fermé votre compte Guichet") {
		t.Fatalf("grant mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.do(user, "GET", "/api/v1/me", ""); r.code != 401 {
		t.Fatalf("the closed account's session still works: %d", r.code)
	}
	if r := e.do(admin, "GET", "/api/v1/org/users/"+zoe.ID, ""); r.code != 404 {
		t.Fatalf("the account is still there: %d", r.code)
	}
	got := e.auditActions("acme")
	want := []string{closing.ActRequest, closing.ActWithdraw, closing.ActRequest, closing.ActDecline, closing.ActRequest, closing.ActGrant}
	var steps []string
	for _, a := range got {
		if strings.HasPrefix(a, "account.closure") {
			steps = append(steps, a)
		}
	}
	if !slices.Equal(steps, want) {
		t.Fatalf("audit: %v", got)
	}
	if q := e.do(admin, "GET", "/api/v1/org/closure-requests", ""); len(q.items()) != 0 {
		t.Fatalf("a granted request is still queued: %v", q.body)
	}
}

// The referent of a contract and the last administrator keep their account until
// the administrators change that, as with a deletion; an administrator's own
// request is for another to decide; nobody logged in as a person asks for them.
func TestClosingKeepsTheDeletionRules(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme")
	if r := e.do(tn.adminB, "POST", "/api/v1/me/closure", `{}`); r.code != 201 {
		t.Fatalf("an administrator asks: %d %v", r.code, r.body)
	}
	if r := e.do(tn.adminB, "POST", "/api/v1/org/closure-requests/"+tn.admin.ID+"/grant", ""); r.code != 403 || r.errCode() != "closure_own_request" {
		t.Fatalf("own request: %d %v", r.code, r.body)
	}
	second := e.person("acme", portal.RoleAdmin, "Basile", "Second", "basile@acme.example")
	b := e.browser(second.Email, staffPW)
	if r := e.do(b, "POST", "/api/v1/org/closure-requests/"+tn.admin.ID+"/grant", ""); r.code != 409 || r.errCode() != "user_is_referent" {
		t.Fatalf("the referent's account: %d %v", r.code, r.body)
	}
	if r := e.do(b, "GET", "/api/v1/org/closure-requests", ""); len(r.items()) != 1 {
		t.Fatalf("a refused grant left the queue: %v", r.body)
	}

	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	r, as, _ := e.impersonate(tn.adminB, `{"userId":"`+zoe.ID+`","orgId":"acme","reason":"Check what she sees"}`)
	if r.code != 201 {
		t.Fatalf("log in as: %d %v", r.code, r.body)
	}
	if r := e.do(as, "POST", "/api/v1/me/closure", `{}`); r.code != 403 || r.errCode() != "impersonation_forbidden" {
		t.Fatalf("asked while logged in as the person: %d %v", r.code, r.body)
	}
}
