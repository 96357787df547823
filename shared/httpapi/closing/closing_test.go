package closing_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/closing"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// A person asks to close their account, may withdraw, asks again; an
// administrator declines with a reason, then grants: the account is deleted, and
// the person is told by mail each time.
func TestClosingOnesAccount(t *testing.T) {
	e := apitest.NewEnv(t)
	adminU := e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.Pw, portal.StatusReady)
	zoe := e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	e.AddMember("globex", portal.RoleAdmin, "gus@globex.example", apitest.Pw, portal.StatusReady)
	admin := e.Browser("adele@acme.example", apitest.Pw)
	other := e.Browser("gus@globex.example", apitest.Pw)
	user := e.Browser("zoe@acme.example", apitest.Pw)

	if r := e.Do(user, "GET", "/api/v1/me/closure", ""); r.Code != 200 || r.Body["request"] != nil {
		t.Fatalf("none yet: %d %v", r.Code, r.Body)
	}
	if r := e.Do(user, "POST", "/api/v1/me/closure/withdraw", ""); r.Code != 404 || r.ErrCode() != "closure_not_found" {
		t.Fatalf("withdraw nothing: %d %v", r.Code, r.Body)
	}
	if r := e.Do(user, "POST", "/api/v1/me/closure", `{"comment":"`+strings.Repeat("x", 1001)+`"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"comment:too_long"}) {
		t.Fatalf("long comment: %d %v", r.Code, r.Body)
	}
	r := e.Do(user, "POST", "/api/v1/me/closure", `{"comment":"Je quitte l'entreprise."}`)
	if r.Code != 201 || r.Body["state"] != "pending" || r.Body["name"] != "Zoé Martin" {
		t.Fatalf("ask: %d %v", r.Code, r.Body)
	}
	if r := e.Do(user, "POST", "/api/v1/me/closure", `{}`); r.Code != 409 || r.ErrCode() != "closure_pending" {
		t.Fatalf("ask twice: %d %v", r.Code, r.Body)
	}
	if r := e.Do(user, "POST", "/api/v1/me/closure/withdraw", ""); r.Code != 200 || r.Body["state"] != "withdrawn" {
		t.Fatalf("withdraw: %d %v", r.Code, r.Body)
	}
	if q := e.Do(admin, "GET", "/api/v1/org/closure-requests", ""); len(q.Items()) != 0 {
		t.Fatalf("a withdrawn request is still queued: %v", q.Body)
	}
	if r := e.Do(user, "POST", "/api/v1/me/closure", `{}`); r.Code != 201 {
		t.Fatalf("ask again: %d %v", r.Code, r.Body)
	}

	// The administrators' queue: their organisation's only.
	q := e.Do(admin, "GET", "/api/v1/org/closure-requests", "")
	if q.Code != 200 || len(q.Items()) != 1 || q.Items()[0]["userId"] != zoe.ID {
		t.Fatalf("queue: %d %v", q.Code, q.Body)
	}
	if q := e.Do(other, "GET", "/api/v1/org/closure-requests", ""); len(q.Items()) != 0 {
		t.Fatalf("another organisation sees the request: %v", q.Body)
	}
	if r := e.Do(user, "GET", "/api/v1/org/closure-requests", ""); r.Code != 403 {
		t.Fatalf("a plain user read the queue: %d", r.Code)
	}
	base := "/api/v1/org/closure-requests/" + zoe.ID
	if r := e.Do(other, "POST", base+"/grant", ""); r.Code != 404 {
		t.Fatalf("another organisation granted: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "POST", base+"/decline", `{"reason":" "}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"reason:required"}) {
		t.Fatalf("decline without a reason: %d %v", r.Code, r.Body)
	}
	r = e.Do(admin, "POST", base+"/decline", `{"reason":"Vous êtes référente d'un contrat en cours."}`)
	if r.Code != 200 || r.Body["state"] != "declined" || r.Body["decidedBy"] != adminU.ID {
		t.Fatalf("decline: %d %v", r.Code, r.Body)
	}
	m := e.LastMail("zoe@acme.example")
	if !strings.Contains(m.Subject, "refusée") || !strings.Contains(m.Text, "Motif : Vous êtes référente d'un contrat en cours.") || !strings.Contains(m.HTML, "Motif") {
		t.Fatalf("decline mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.Do(admin, "POST", base+"/grant", ""); r.Code != 409 || r.ErrCode() != "closure_not_pending" {
		t.Fatalf("grant a declined request: %d %v", r.Code, r.Body)
	}
	if r := e.Do(user, "GET", "/api/v1/me/closure", ""); apitest.Field(r.Body, "request", "reason") != "Vous êtes référente d'un contrat en cours." {
		t.Fatalf("the person does not read the reason: %v", r.Body)
	}

	if r := e.Do(user, "POST", "/api/v1/me/closure", `{}`); r.Code != 201 {
		t.Fatalf("ask a third time: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "POST", base+"/grant", ""); r.Code != 204 {
		t.Fatalf("grant: %d %v", r.Code, r.Body)
	}
	m = e.LastMail("zoe@acme.example")
	if !strings.Contains(m.Subject, "fermé") || !strings.Contains(m.Text, "a fermé votre compte Guichet") {
		t.Fatalf("grant mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.Do(user, "GET", "/api/v1/me", ""); r.Code != 401 {
		t.Fatalf("the closed account's session still works: %d", r.Code)
	}
	if r := e.Do(admin, "GET", "/api/v1/org/users/"+zoe.ID, ""); r.Code != 404 {
		t.Fatalf("the account is still there: %d", r.Code)
	}
	got := e.AuditActions("acme")
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
	if q := e.Do(admin, "GET", "/api/v1/org/closure-requests", ""); len(q.Items()) != 0 {
		t.Fatalf("a granted request is still queued: %v", q.Body)
	}
}

// The referent of a contract and the last administrator keep their account until
// the administrators change that, as with a deletion; an administrator's own
// request is for another to decide; nobody logged in as a person asks for them.
func TestClosingKeepsTheDeletionRules(t *testing.T) {
	e := apitest.NewEnv(t)
	tn := e.Tenant("acme")
	if r := e.Do(tn.AdminB, "POST", "/api/v1/me/closure", `{}`); r.Code != 201 {
		t.Fatalf("an administrator asks: %d %v", r.Code, r.Body)
	}
	if r := e.Do(tn.AdminB, "POST", "/api/v1/org/closure-requests/"+tn.Admin.ID+"/grant", ""); r.Code != 403 || r.ErrCode() != "closure_own_request" {
		t.Fatalf("own request: %d %v", r.Code, r.Body)
	}
	second := e.Person("acme", portal.RoleAdmin, "Basile", "Second", "basile@acme.example")
	b := e.Browser(second.Email, apitest.StaffPW)
	if r := e.Do(b, "POST", "/api/v1/org/closure-requests/"+tn.Admin.ID+"/grant", ""); r.Code != 409 || r.ErrCode() != "user_is_referent" {
		t.Fatalf("the referent's account: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "GET", "/api/v1/org/closure-requests", ""); len(r.Items()) != 1 {
		t.Fatalf("a refused grant left the queue: %v", r.Body)
	}

	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	r, as, _ := e.Impersonate(tn.AdminB, `{"userId":"`+zoe.ID+`","orgId":"acme","reason":"Check what she sees"}`)
	if r.Code != 201 {
		t.Fatalf("log in as: %d %v", r.Code, r.Body)
	}
	if r := e.Do(as, "POST", "/api/v1/me/closure", `{}`); r.Code != 403 || r.ErrCode() != "impersonation_forbidden" {
		t.Fatalf("asked while logged in as the person: %d %v", r.Code, r.Body)
	}
}
