package httpapi_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
)

// TestAdministratorChangesAUsersSignInAddress: the new address signs in at once
// and the old one no longer does; both are told who changed it; the person's
// sessions end; a taken, invalid or unchanged address, another organisation's user
// and an operator are refused and change nothing.
func TestAdministratorChangesAUsersSignInAddress(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	globex := e.tenant("globex")
	e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", pw, portal.StatusReady)
	op := e.browser("olivia@guichet.example", pw)
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.person("acme", portal.RoleUser, "Marc", "Dupond", "marc@acme.example")
	zb := e.browser("zoe@acme.example", staffPW)
	path := "/api/v1/org/users/" + zoe.ID + "/email"

	refusals := []struct {
		who    as
		body   string
		status int
		code   string
		fields []string
	}{
		{acme.adminB, `{"email":"marc@acme.example"}`, 409, "email_taken", []string{"email:taken"}},
		{acme.adminB, `{"email":"MARC@acme.example "}`, 409, "email_taken", []string{"email:taken"}},
		{acme.adminB, `{"email":"not an address"}`, 400, "invalid_fields", []string{"email:email"}},
		{acme.adminB, `{"email":""}`, 400, "invalid_fields", []string{"email:required"}},
		{acme.adminB, `{"email":"zoe@acme.example"}`, 400, "invalid_fields", []string{"email:same_address"}},
		{globex.adminB, `{"email":"zoe.new@acme.example"}`, 404, "not_found", nil},
		{op, `{"email":"zoe.new@acme.example"}`, 403, "forbidden", nil},
		{zb, `{"email":"zoe.new@acme.example"}`, 403, "forbidden", nil},
	}
	for _, c := range refusals {
		r := e.do(c.who, "POST", path, c.body)
		if r.code != c.status || r.errCode() != c.code || !slices.Equal(r.fieldCodes(), c.fields) {
			t.Errorf("%s: %d %v, want %d %s %v", c.body, r.code, r.body, c.status, c.code, c.fields)
		}
	}
	if !e.signedIn(zb) || len(e.mails("zoe@acme.example")) != 0 || len(e.auditActions("acme")) != 0 {
		t.Fatal("a refused change changed something")
	}

	r := e.do(acme.adminB, "POST", path, `{"email":"Zoe.Martin@Acme.example"}`)
	if r.code != 200 || r.body["email"] != "zoe.martin@acme.example" {
		t.Fatalf("change: %d %v", r.code, r.body)
	}
	if e.signedIn(zb) {
		t.Fatal("the person's session survived the change of their sign-in address")
	}
	if s := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"`+staffPW+`"}`, ""); s.code != 401 {
		t.Fatalf("the old address still signs in: %d %v", s.code, s.body)
	}
	e.browser("zoe.martin@acme.example", staffPW)
	for _, to := range []string{"zoe@acme.example", "zoe.martin@acme.example"} {
		m := e.lastMail(to)
		if m.Lang != "en" || !strings.Contains(m.Text, "Adèle Admin, an administrator of ACME") || !strings.Contains(m.Text, "zoe.martin@acme.example (instead of zoe@acme.example)") {
			t.Fatalf("mail to %s: %s\n%s", to, m.Subject, m.Text)
		}
	}
	// The old address is free again; the new one is taken.
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+acme.admin.ID+"/email", `{"email":"zoe.martin@acme.example"}`); r.code != 409 || r.errCode() != "email_taken" {
		t.Fatalf("the new address is not guarded: %d %v", r.code, r.body)
	}
	if got := e.auditActions("acme"); !slices.Equal(got, []string{"user.email"}) {
		t.Fatalf("audit: %v", got)
	}
}

// TestAdministratorSetsAUsersNotificationAddress: set at once, audited, and the
// address is told; removing it mails nothing.
func TestAdministratorSetsAUsersNotificationAddress(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	globex := e.tenant("globex")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	path := "/api/v1/org/users/" + zoe.ID + "/notification-email"
	if r := e.do(acme.adminB, "PUT", path, `{"email":"nope"}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"email:email"}) {
		t.Fatalf("bad address: %d %v", r.code, r.body)
	}
	if r := e.do(globex.adminB, "PUT", path, `{"email":"zoe.notices@acme.example"}`); r.code != 404 || r.errCode() != "not_found" {
		t.Fatalf("another organisation's administrator: %d %v", r.code, r.body)
	}
	r := e.do(acme.adminB, "PUT", path, `{"email":"Zoe.Notices@acme.example"}`)
	if r.code != 200 {
		t.Fatalf("set: %d %v", r.code, r.body)
	}
	if u := e.do(acme.adminB, "GET", "/api/v1/org/users/"+zoe.ID, ""); field(u.body, "user", "notificationEmail") != "zoe.notices@acme.example" {
		t.Fatalf("after: %v", u.body)
	}
	m := e.lastMail("zoe.notices@acme.example")
	if !strings.Contains(m.Text, "Adèle Admin, an administrator of ACME") || !strings.Contains(m.Text, "zoe@acme.example") || !strings.Contains(m.HTML, "My account") {
		t.Fatalf("mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.do(acme.adminB, "PUT", path, `{"email":""}`); r.code != 200 || len(e.mails("zoe.notices@acme.example")) != 1 {
		t.Fatalf("remove: %d %v", r.code, r.body)
	}
	if got := e.auditActions("acme"); !slices.Equal(got, []string{"user.notification_email", "user.notification_email"}) {
		t.Fatalf("audit: %v", got)
	}
}

// TestAdministratorsPasswordResetsShareThePersonsLimit: the reset mail an
// administrator sends counts against the same per-address budget as the person's
// own "forgot password", and past it a clear error, no mail.
func TestAdministratorsPasswordResetsShareThePersonsLimit(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	path := "/api/v1/org/users/" + zoe.ID + "/password-reset"
	if r := e.call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, ""); r.code != 202 {
		t.Fatalf("forgot: %d %v", r.code, r.body)
	}
	for i := 1; i < auth.ForgotPerAccount.Max; i++ {
		if r := e.do(acme.adminB, "POST", path, ""); r.code != 200 {
			t.Fatalf("reset %d: %d %v", i, r.code, r.body)
		}
	}
	sent := len(e.mails("zoe@acme.example"))
	if r := e.do(acme.adminB, "POST", path, ""); r.code != 429 || r.errCode() != "rate_limited" {
		t.Fatalf("past the limit: %d %v", r.code, r.body)
	}
	if len(e.mails("zoe@acme.example")) != sent || len(e.auditActions("acme")) != auth.ForgotPerAccount.Max-1 {
		t.Fatal("a refused reset sent mail or was audited")
	}
}
