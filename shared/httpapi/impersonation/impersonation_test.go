package impersonation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/impersonation"
	"github.com/guichet/guichet/shared/portal"
)

func TestAdministratorLogsInAsAUserAndComesBack(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.Grant("acme", zoe.ID, acme.Contract.ID, map[portal.Section]portal.Level{portal.SectionUsers: portal.LevelManager}, false)
	if r, _, _ := e.Impersonate(acme.AdminB, `{"userId":"`+zoe.ID+`","reason":"short"}`); r.Code != 400 || apitest.ErrFields(r) != "reason:too_short" {
		t.Fatalf("short reason: %d %v", r.Code, r.Body)
	}
	r, zb, back := e.Impersonate(acme.AdminB, `{"userId":"`+zoe.ID+`","orgId":"globex","reason":"Check the invoices page"}`)
	if r.Code != 201 || back == nil || back.Path != "/api/v1/impersonation" || !back.HttpOnly || back.Value != acme.AdminB.Token {
		t.Fatalf("start: %d %v %+v", r.Code, r.Body, back)
	}
	// The banner: the session is Zoé's and names the real person and the end.
	s := e.Do(zb, "GET", "/api/v1/session", "")
	if s.Body["user"].(map[string]any)["id"] != zoe.ID || s.Body["actor"].(map[string]any)["userId"] != acme.Admin.ID || s.Body["impersonationEnds"] != "2026-11-23T09:30:00Z" {
		t.Fatalf("session as Zoé: %v", s.Body)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Text, "Adèle Admin") || !strings.Contains(m.Text, "Check the invoices page") {
		t.Fatalf("mail to Zoé: %s", m.Text)
	}
	// What is done meanwhile names both people.
	if r := e.Do(zb, "PUT", "/api/v1/org/contracts/"+acme.Contract.ID+"/rights", `{"changes":[{"userId":"`+zoe.ID+`","version":1,"sections":{"users":"manager","orders":"visitor"}}]}`); r.Code != 200 {
		t.Fatalf("a change as Zoé: %d %v", r.Code, r.Body)
	}
	if r, _, _ := e.Impersonate(zb, `{"userId":"`+acme.Admin.ID+`","reason":"Nested log-in-as attempt"}`); r.Code != 409 && r.Code != 403 {
		t.Fatalf("nested: %d %v", r.Code, r.Body)
	}
	// Coming back restores the administrator's own session.
	end := e.Call("DELETE", "/api/v1/impersonation", "", "", httpapi.CSRFHeader, zb.CSRF,
		"Cookie", httpapi.SessionCookie+"="+zb.Token+"; "+impersonation.ReturnCookie+"="+back.Value)
	if end.Code != 200 || end.Body["user"].(map[string]any)["id"] != acme.Admin.ID || end.Cookie() != acme.AdminB.Token {
		t.Fatalf("end: %d %v", end.Code, end.Body)
	}
	if e.SignedIn(zb) {
		t.Fatal("the log-in-as session survived its end")
	}
	log := e.Do(acme.AdminB, "GET", "/api/v1/org/audit", "")
	var actions []string
	for _, it := range log.Items() {
		actions = append(actions, it["action"].(string))
		if it["action"] != "impersonation.start" && (it["userId"] != zoe.ID || it["actorId"] != acme.Admin.ID) {
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
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	ends := func() int {
		n := 0
		for _, it := range e.Do(acme.AdminB, "GET", "/api/v1/org/audit", "").Items() {
			if it["action"] == "impersonation.end" {
				if it["userId"] != zoe.ID || it["actorId"] != acme.Admin.ID {
					t.Fatalf("the end does not name both: %v", it)
				}
				n++
			}
		}
		return n
	}
	_, zb, _ := e.Impersonate(acme.AdminB, `{"userId":"`+zoe.ID+`","reason":"Check the invoices page"}`)
	if r := e.Do(zb, "DELETE", "/api/v1/session", ""); r.Code != 204 || ends() != 1 {
		t.Fatalf("sign-out: %d, %d ends audited", r.Code, ends())
	}
	_, zb, _ = e.Impersonate(acme.AdminB, `{"userId":"`+zoe.ID+`","reason":"Check the invoices page again"}`)
	if r := e.Do(zb, "POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"`+apitest.StaffPW+`"}`); r.Code != 200 || ends() != 2 {
		t.Fatalf("sign-in over it: %d, %d ends audited", r.Code, ends())
	}
	if e.SignedIn(zb) {
		t.Fatal("the log-in-as session survived")
	}
}

func TestLogInAsEndsAfterThirtyMinutes(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	_, zb, back := e.Impersonate(acme.AdminB, `{"userId":"`+zoe.ID+`","reason":"Check the invoices page"}`)
	for range 5 {
		e.Clock.Advance(5 * time.Minute)
		if !e.SignedIn(zb) {
			t.Fatal("ended early")
		}
	}
	e.Clock.Advance(5 * time.Minute)
	if e.SignedIn(zb) {
		t.Fatal("a log-in-as outlived 30 minutes")
	}
	// The real session waited meanwhile; it is still there to come back to.
	end := e.Call("DELETE", "/api/v1/impersonation", "", zb.Token, "Cookie", impersonation.ReturnCookie+"="+back.Value)
	if end.Code != 200 || end.Body["user"].(map[string]any)["id"] != acme.Admin.ID {
		t.Fatalf("back after expiry: %d %v", end.Code, end.Body)
	}
}

func TestLogInAsStaysWithinItsBounds(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	globex := e.Tenant("globex")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	off := e.Person("acme", portal.RoleUser, "Off", "Line", "off@acme.example")
	e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+off.ID+"/disable", "")
	op := e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "olivia@guichet.example")
	op2 := e.Person(portal.VendorOrg, portal.RoleOperator, "Oscar", "Op", "oscar@guichet.example")
	ob := e.Browser(op.Email, apitest.StaffPW)
	zb := e.Browser(zoe.Email, apitest.StaffPW)
	cases := []struct {
		name string
		b    apitest.As
		body string
		code int
	}{
		{"admin as another organisation's user", acme.AdminB, `{"userId":"` + globex.Admin.ID + `","orgId":"globex","reason":"Looking around globex"}`, 404},
		{"admin as an operator", acme.AdminB, `{"userId":"` + op.ID + `","orgId":"vendor","reason":"Looking around vendor"}`, 404},
		{"admin as itself", acme.AdminB, `{"userId":"` + acme.Admin.ID + `","reason":"Looking at myself"}`, 403},
		{"admin as a disabled user", acme.AdminB, `{"userId":"` + off.ID + `","reason":"Check the invoices page"}`, 409},
		{"user as another user", zb, `{"userId":"` + acme.Admin.ID + `","reason":"Check the invoices page"}`, 403},
		{"operator without organisation", ob, `{"userId":"` + zoe.ID + `","reason":"Check the invoices page"}`, 400},
		{"operator as an operator", ob, `{"userId":"` + op2.ID + `","orgId":"vendor","reason":"Check the invoices page"}`, 404},
		{"no reason", ob, `{"userId":"` + zoe.ID + `","orgId":"acme"}`, 400},
	}
	for _, c := range cases {
		if r, _, _ := e.Impersonate(c.b, c.body); r.Code != c.code {
			t.Errorf("%s: %d %v", c.name, r.Code, r.Body)
		}
	}
	r, asZoe, _ := e.Impersonate(ob, `{"userId":"`+zoe.ID+`","orgId":"acme","reason":"Support case 42"}`)
	if r.Code != 201 || r.Body["actor"].(map[string]any)["role"] != "operator" {
		t.Fatalf("operator as a customer's user: %d %v", r.Code, r.Body)
	}
	if m := e.LastMail(zoe.Email); !strings.Contains(m.Text, "support") {
		t.Fatalf("the mail says it was the supplier's staff: %s", m.Text)
	}
	// As Zoé, the operator is Zoé: no back office, no other organisation.
	if r := e.Do(asZoe, "GET", "/api/v1/backoffice/organisations/acme/contracts", ""); r.Code != 403 {
		t.Fatalf("back office while logged in as a customer: %d", r.Code)
	}
	if r := e.Do(asZoe, "GET", "/api/v1/org/users", ""); r.Code != 403 {
		t.Fatalf("Zoé is no administrator: %d", r.Code)
	}
	if got := e.AuditActions("acme"); got[len(got)-1] != "impersonation.start" {
		t.Fatalf("audit: %v", got)
	}
}
