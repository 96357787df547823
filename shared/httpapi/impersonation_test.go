package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// impersonate starts a log-in-as from b and returns the new browser and the cookie
// that brings b back.
func (e *env) impersonate(b as, body string) (resp, as, *http.Cookie) {
	e.t.Helper()
	r := e.do(b, "POST", "/api/v1/impersonation", body)
	var back *http.Cookie
	for _, c := range r.cookies {
		if c.Name == httpapi.ReturnCookie {
			back = c
		}
	}
	if r.code != 201 {
		return r, as{}, back
	}
	csrf, _ := r.body["csrf"].(string)
	return r, as{token: r.cookie(), csrf: csrf}, back
}

func TestAdministratorLogsInAsAUserAndComesBack(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.grant("acme", zoe.ID, acme.contract.ID, map[portal.Section]portal.Level{portal.SectionUsers: portal.LevelManager}, false)
	if r, _, _ := e.impersonate(acme.adminB, `{"userId":"`+zoe.ID+`","reason":"short"}`); r.code != 400 || errFields(r) != "reason:too_short" {
		t.Fatalf("short reason: %d %v", r.code, r.body)
	}
	r, zb, back := e.impersonate(acme.adminB, `{"userId":"`+zoe.ID+`","orgId":"globex","reason":"Check the invoices page"}`)
	if r.code != 201 || back == nil || back.Path != "/api/v1/impersonation" || !back.HttpOnly || back.Value != acme.adminB.token {
		t.Fatalf("start: %d %v %+v", r.code, r.body, back)
	}
	// The banner: the session is Zoé's and names the real person and the end.
	s := e.do(zb, "GET", "/api/v1/session", "")
	if s.body["user"].(map[string]any)["id"] != zoe.ID || s.body["actor"].(map[string]any)["userId"] != acme.admin.ID || s.body["impersonationEnds"] != "2026-11-23T09:30:00Z" {
		t.Fatalf("session as Zoé: %v", s.body)
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Text, "Adèle Admin") || !strings.Contains(m.Text, "Check the invoices page") {
		t.Fatalf("mail to Zoé: %s", m.Text)
	}
	// What is done meanwhile names both people.
	if r := e.do(zb, "PUT", "/api/v1/org/contracts/"+acme.contract.ID+"/rights", `{"changes":[{"userId":"`+zoe.ID+`","version":1,"sections":{"users":"manager","orders":"visitor"}}]}`); r.code != 200 {
		t.Fatalf("a change as Zoé: %d %v", r.code, r.body)
	}
	if r, _, _ := e.impersonate(zb, `{"userId":"`+acme.admin.ID+`","reason":"Nested log-in-as attempt"}`); r.code != 409 && r.code != 403 {
		t.Fatalf("nested: %d %v", r.code, r.body)
	}
	// Coming back restores the administrator's own session.
	end := e.call("DELETE", "/api/v1/impersonation", "", "", httpapi.CSRFHeader, zb.csrf,
		"Cookie", httpapi.SessionCookie+"="+zb.token+"; "+httpapi.ReturnCookie+"="+back.Value)
	if end.code != 200 || end.body["user"].(map[string]any)["id"] != acme.admin.ID || end.cookie() != acme.adminB.token {
		t.Fatalf("end: %d %v", end.code, end.body)
	}
	if e.signedIn(zb) {
		t.Fatal("the log-in-as session survived its end")
	}
	log := e.do(acme.adminB, "GET", "/api/v1/org/audit", "")
	var actions []string
	for _, it := range log.items() {
		actions = append(actions, it["action"].(string))
		if it["action"] != "impersonation.start" && (it["userId"] != zoe.ID || it["actorId"] != acme.admin.ID) {
			t.Fatalf("an entry made as Zoé does not name both: %v", it)
		}
	}
	if strings.Join(actions, " ") != "impersonation.end rights.update impersonation.start" {
		t.Fatalf("audit: %v", actions)
	}
}

// TestLogInAsEndedBySigningOutOrInIsAudited ends a log-in-as without "come back":
// by signing out, and by signing in over it. Each is the log-in-as's end in the
// audit log, naming both people, as coming back is.
func TestLogInAsEndedBySigningOutOrInIsAudited(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	ends := func() int {
		n := 0
		for _, it := range e.do(acme.adminB, "GET", "/api/v1/org/audit", "").items() {
			if it["action"] == "impersonation.end" {
				if it["userId"] != zoe.ID || it["actorId"] != acme.admin.ID {
					t.Fatalf("the end does not name both: %v", it)
				}
				n++
			}
		}
		return n
	}
	_, zb, _ := e.impersonate(acme.adminB, `{"userId":"`+zoe.ID+`","reason":"Check the invoices page"}`)
	if r := e.do(zb, "DELETE", "/api/v1/session", ""); r.code != 204 || ends() != 1 {
		t.Fatalf("sign-out: %d, %d ends audited", r.code, ends())
	}
	_, zb, _ = e.impersonate(acme.adminB, `{"userId":"`+zoe.ID+`","reason":"Check the invoices page again"}`)
	if r := e.do(zb, "POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"`+staffPW+`"}`); r.code != 200 || ends() != 2 {
		t.Fatalf("sign-in over it: %d, %d ends audited", r.code, ends())
	}
	if e.signedIn(zb) {
		t.Fatal("the log-in-as session survived")
	}
}

func TestLogInAsEndsAfterThirtyMinutes(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	_, zb, back := e.impersonate(acme.adminB, `{"userId":"`+zoe.ID+`","reason":"Check the invoices page"}`)
	for range 5 {
		e.clock.Advance(5 * time.Minute)
		if !e.signedIn(zb) {
			t.Fatal("ended early")
		}
	}
	e.clock.Advance(5 * time.Minute)
	if e.signedIn(zb) {
		t.Fatal("a log-in-as outlived 30 minutes")
	}
	// The real session waited meanwhile; it is still there to come back to.
	end := e.call("DELETE", "/api/v1/impersonation", "", zb.token, "Cookie", httpapi.ReturnCookie+"="+back.Value)
	if end.code != 200 || end.body["user"].(map[string]any)["id"] != acme.admin.ID {
		t.Fatalf("back after expiry: %d %v", end.code, end.body)
	}
}

func TestLogInAsStaysWithinItsBounds(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	globex := e.tenant("globex")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	off := e.person("acme", portal.RoleUser, "Off", "Line", "off@acme.example")
	e.do(acme.adminB, "POST", "/api/v1/org/users/"+off.ID+"/disable", "")
	op := e.person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "olivia@guichet.example")
	op2 := e.person(portal.VendorOrg, portal.RoleOperator, "Oscar", "Op", "oscar@guichet.example")
	ob := e.browser(op.Email, staffPW)
	zb := e.browser(zoe.Email, staffPW)
	cases := []struct {
		name string
		b    as
		body string
		code int
	}{
		{"admin as another organisation's user", acme.adminB, `{"userId":"` + globex.admin.ID + `","orgId":"globex","reason":"Looking around globex"}`, 404},
		{"admin as an operator", acme.adminB, `{"userId":"` + op.ID + `","orgId":"vendor","reason":"Looking around vendor"}`, 404},
		{"admin as itself", acme.adminB, `{"userId":"` + acme.admin.ID + `","reason":"Looking at myself"}`, 403},
		{"admin as a disabled user", acme.adminB, `{"userId":"` + off.ID + `","reason":"Check the invoices page"}`, 409},
		{"user as another user", zb, `{"userId":"` + acme.admin.ID + `","reason":"Check the invoices page"}`, 403},
		{"operator without organisation", ob, `{"userId":"` + zoe.ID + `","reason":"Check the invoices page"}`, 400},
		{"operator as an operator", ob, `{"userId":"` + op2.ID + `","orgId":"vendor","reason":"Check the invoices page"}`, 404},
		{"no reason", ob, `{"userId":"` + zoe.ID + `","orgId":"acme"}`, 400},
	}
	for _, c := range cases {
		if r, _, _ := e.impersonate(c.b, c.body); r.code != c.code {
			t.Errorf("%s: %d %v", c.name, r.code, r.body)
		}
	}
	r, asZoe, _ := e.impersonate(ob, `{"userId":"`+zoe.ID+`","orgId":"acme","reason":"Support case 42"}`)
	if r.code != 201 || r.body["actor"].(map[string]any)["role"] != "operator" {
		t.Fatalf("operator as a customer's user: %d %v", r.code, r.body)
	}
	if m := e.lastMail(zoe.Email); !strings.Contains(m.Text, "support") {
		t.Fatalf("the mail says it was the supplier's staff: %s", m.Text)
	}
	// As Zoé, the operator is Zoé: no back office, no other organisation.
	if r := e.do(asZoe, "GET", "/api/v1/backoffice/organisations/acme/contracts", ""); r.code != 403 {
		t.Fatalf("back office while logged in as a customer: %d", r.code)
	}
	if r := e.do(asZoe, "GET", "/api/v1/org/users", ""); r.code != 403 {
		t.Fatalf("Zoé is no administrator: %d", r.code)
	}
	if got := e.auditActions("acme"); got[len(got)-1] != "impersonation.start" {
		t.Fatalf("audit: %v", got)
	}
}
