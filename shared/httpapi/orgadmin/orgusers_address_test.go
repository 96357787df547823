package orgadmin_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// TestAdministratorChangesAUsersSignInAddress: the new address signs in at once
// and the old one no longer does; both are told who changed it; the person's
// sessions end; a taken, invalid or unchanged address, another organisation's user
// and an operator are refused and change nothing.
func TestAdministratorChangesAUsersSignInAddress(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	globex := e.Tenant("globex")
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", apitest.Pw, portal.StatusReady)
	op := e.Browser("olivia@guichet.example", apitest.Pw)
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.Person("acme", portal.RoleUser, "Marc", "Dupond", "marc@acme.example")
	zb := e.Browser("zoe@acme.example", apitest.StaffPW)
	path := "/api/v1/org/users/" + zoe.ID + "/email"

	refusals := []struct {
		who    apitest.As
		body   string
		status int
		code   string
		fields []string
	}{
		{acme.AdminB, `{"email":"marc@acme.example"}`, 409, "email_taken", []string{"email:taken"}},
		{acme.AdminB, `{"email":"MARC@acme.example "}`, 409, "email_taken", []string{"email:taken"}},
		{acme.AdminB, `{"email":"not an address"}`, 400, "invalid_fields", []string{"email:email"}},
		{acme.AdminB, `{"email":""}`, 400, "invalid_fields", []string{"email:required"}},
		{acme.AdminB, `{"email":"zoe@acme.example"}`, 400, "invalid_fields", []string{"email:same_address"}},
		{globex.AdminB, `{"email":"zoe.new@acme.example"}`, 404, "not_found", nil},
		{op, `{"email":"zoe.new@acme.example"}`, 403, "forbidden", nil},
		{zb, `{"email":"zoe.new@acme.example"}`, 403, "forbidden", nil},
	}
	for _, c := range refusals {
		r := e.Do(c.who, "POST", path, c.body)
		if r.Code != c.status || r.ErrCode() != c.code || !slices.Equal(r.FieldCodes(), c.fields) {
			t.Errorf("%s: %d %v, want %d %s %v", c.body, r.Code, r.Body, c.status, c.code, c.fields)
		}
	}
	if !e.SignedIn(zb) || len(e.Mails("zoe@acme.example")) != 0 || len(e.AuditActions("acme")) != 0 {
		t.Fatal("a refused change changed something")
	}

	r := e.Do(acme.AdminB, "POST", path, `{"email":"Zoe.Martin@Acme.example"}`)
	if r.Code != 200 || r.Body["email"] != "zoe.martin@acme.example" {
		t.Fatalf("change: %d %v", r.Code, r.Body)
	}
	if e.SignedIn(zb) {
		t.Fatal("the person's session survived the change of their sign-in address")
	}
	if s := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"`+apitest.StaffPW+`"}`, ""); s.Code != 401 {
		t.Fatalf("the old address still signs in: %d %v", s.Code, s.Body)
	}
	e.Browser("zoe.martin@acme.example", apitest.StaffPW)
	for _, to := range []string{"zoe@acme.example", "zoe.martin@acme.example"} {
		m := e.LastMail(to)
		if m.Lang != "en" || !strings.Contains(m.Text, "Adèle Admin, an administrator of ACME") || !strings.Contains(m.Text, "zoe.martin@acme.example (instead of zoe@acme.example)") {
			t.Fatalf("mail to %s: %s\n%s", to, m.Subject, m.Text)
		}
	}
	// The old address is free again; the new one is taken.
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+acme.Admin.ID+"/email", `{"email":"zoe.martin@acme.example"}`); r.Code != 409 || r.ErrCode() != "email_taken" {
		t.Fatalf("the new address is not guarded: %d %v", r.Code, r.Body)
	}
	if got := e.AuditActions("acme"); !slices.Equal(got, []string{"user.email"}) {
		t.Fatalf("audit: %v", got)
	}
}

// TestAdministratorSetsAUsersNotificationAddress: set at once, audited, and the
// address is told; removing it mails nothing.
func TestAdministratorSetsAUsersNotificationAddress(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	globex := e.Tenant("globex")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	path := "/api/v1/org/users/" + zoe.ID + "/notification-email"
	if r := e.Do(acme.AdminB, "PUT", path, `{"email":"nope"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"email:email"}) {
		t.Fatalf("bad address: %d %v", r.Code, r.Body)
	}
	if r := e.Do(globex.AdminB, "PUT", path, `{"email":"zoe.notices@acme.example"}`); r.Code != 404 || r.ErrCode() != "not_found" {
		t.Fatalf("another organisation's administrator: %d %v", r.Code, r.Body)
	}
	r := e.Do(acme.AdminB, "PUT", path, `{"email":"Zoe.Notices@acme.example"}`)
	if r.Code != 200 {
		t.Fatalf("set: %d %v", r.Code, r.Body)
	}
	if u := e.Do(acme.AdminB, "GET", "/api/v1/org/users/"+zoe.ID, ""); apitest.Field(u.Body, "user", "notificationEmail") != "zoe.notices@acme.example" {
		t.Fatalf("after: %v", u.Body)
	}
	m := e.LastMail("zoe.notices@acme.example")
	if !strings.Contains(m.Text, "Adèle Admin, an administrator of ACME") || !strings.Contains(m.Text, "zoe@acme.example") || !strings.Contains(m.HTML, "My account") {
		t.Fatalf("mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.Do(acme.AdminB, "PUT", path, `{"email":""}`); r.Code != 200 || len(e.Mails("zoe.notices@acme.example")) != 1 {
		t.Fatalf("remove: %d %v", r.Code, r.Body)
	}
	if got := e.AuditActions("acme"); !slices.Equal(got, []string{"user.notification_email", "user.notification_email"}) {
		t.Fatalf("audit: %v", got)
	}
}

// TestAdministratorsPasswordResetsShareThePersonsLimit: the reset mail an
// administrator sends counts against the same per-address budget as the person's
// own "forgot password", and past it a clear error, no mail.
func TestAdministratorsPasswordResetsShareThePersonsLimit(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	path := "/api/v1/org/users/" + zoe.ID + "/password-reset"
	if r := e.Call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, ""); r.Code != 202 {
		t.Fatalf("forgot: %d %v", r.Code, r.Body)
	}
	for i := 1; i < auth.ForgotPerAccount.Max; i++ {
		if r := e.Do(acme.AdminB, "POST", path, ""); r.Code != 200 {
			t.Fatalf("reset %d: %d %v", i, r.Code, r.Body)
		}
	}
	sent := len(e.Mails("zoe@acme.example"))
	if r := e.Do(acme.AdminB, "POST", path, ""); r.Code != 429 || r.ErrCode() != "rate_limited" {
		t.Fatalf("past the limit: %d %v", r.Code, r.Body)
	}
	if len(e.Mails("zoe@acme.example")) != sent || len(e.AuditActions("acme")) != auth.ForgotPerAccount.Max-1 {
		t.Fatal("a refused reset sent mail or was audited")
	}
}
