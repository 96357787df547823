package httpapi_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
)

const profile = `{"version":%d,"civility":"mme","firstName":"Zoé","lastName":"Martin","jobTitle":"Acheteuse",
	"phone":"+33 6 12 34 56 78","landline":"01 23 45 67 89","lang":"en","notificationEmail":"notices@acme.example",
	"address":{"line1":"1 rue de la Paix","postalCode":"75002","city":"Paris","country":"fr"}}`

func TestProfileEditsAreOptimistic(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	me := e.do(b, "GET", "/api/v1/me", "")
	if me.code != 200 || me.body["version"] != 0.0 || strings.Contains(mustJSON(me.body), "passwordHash") {
		t.Fatalf("me: %d %v", me.code, me.body)
	}
	r := e.do(b, "PUT", "/api/v1/me", fmt.Sprintf(profile, 0))
	if r.code != 200 || r.body["version"] != 1.0 || r.body["landline"] != "0123456789" || r.body["phone"] != "+33612345678" ||
		r.body["address"].(map[string]any)["country"] != "FR" || r.body["lang"] != "en" || r.body["pendingNotificationEmail"] != "notices@acme.example" {
		t.Fatalf("put: %d %v", r.code, r.body)
	}
	// A sign-in moves the stored item, not the profile: an edit from the same page works.
	e.signIn("zoe@acme.example", "Secret#Pass1")
	if r := e.do(b, "PUT", "/api/v1/me", fmt.Sprintf(profile, 1)); r.code != 200 || r.body["version"] != 2.0 {
		t.Fatalf("second edit: %d %v", r.code, r.body)
	}
	if r := e.do(b, "PUT", "/api/v1/me", fmt.Sprintf(profile, 1)); r.code != 409 || r.errCode() != "version_conflict" {
		t.Fatalf("a stale edit: %d %v", r.code, r.body)
	}
	bad := e.do(b, "PUT", "/api/v1/me", `{"version":2,"firstName":"","lastName":"M","lang":"de","landline":"abc","notificationEmail":"nope","address":{"country":"XX"}}`)
	got := bad.fieldCodes()
	for _, want := range []string{"firstName:required", "lang:format", "landline:phone", "notificationEmail:email", "address.country:country"} {
		if !slices.Contains(got, want) {
			t.Errorf("field errors %v lack %s", got, want)
		}
	}
	// The language is kept: the session shows it.
	if s := e.do(b, "GET", "/api/v1/session", ""); s.body["user"].(map[string]any)["lang"] != "en" {
		t.Fatalf("language not kept: %v", s.body)
	}
}

func TestPasswordChangeRotatesTheSessionAndEndsTheOthers(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	other := e.browser("zoe@acme.example", "Secret#Pass1")
	if r := e.call("POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"New#Passw0rd"}`, b.token); r.code != 403 || r.errCode() != "csrf_failed" {
		t.Fatalf("without the CSRF token: %d %v", r.code, r.body)
	}
	if r := e.do(b, "POST", "/api/v1/me/password", `{"current":"nope","new":"New#Passw0rd"}`); r.code != 400 || !slices.Contains(r.fieldCodes(), "current:wrong_password") {
		t.Fatalf("wrong current password: %d %v", r.code, r.body)
	}
	if r := e.do(b, "POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"zoe"}`); r.code != 400 || len(r.fieldCodes()) == 0 {
		t.Fatalf("a weak new password: %d %v", r.code, r.body)
	}
	r := e.do(b, "POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"New#Passw0rd"}`)
	if r.code != 200 || r.cookie() == "" || r.cookie() == b.token || r.body["csrf"] == b.csrf {
		t.Fatalf("change: %d %v", r.code, r.body)
	}
	for name, old := range map[string]as{"the changing session": b, "another session": other} {
		if e.signedIn(old) {
			t.Errorf("%s survived the change", name)
		}
	}
	fresh := as{r.cookie(), r.body["csrf"].(string)}
	if e.do(fresh, "GET", "/api/v1/me", "").code != 200 {
		t.Fatal("the new session does not work")
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Subject, "changé") {
		t.Fatalf("no notice: %q", m.Subject)
	}
	e.signIn("zoe@acme.example", "New#Passw0rd")
}

var codeInMail = regexp.MustCompile(`\b\d{6}\b`)

func TestEmailChangeNeedsTheCodeAndCanBeUndone(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.addUser("taken@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	if r := e.do(b, "POST", "/api/v1/me/email", `{"newEmail":"zoe@acme.example","password":"Secret#Pass1"}`); !slices.Contains(r.fieldCodes(), "newEmail:same_as_current") {
		t.Fatalf("same address: %d %v", r.code, r.body)
	}
	r := e.do(b, "POST", "/api/v1/me/email", `{"newEmail":"Zoe@New.example","password":"Secret#Pass1"}`)
	if r.code != 202 || r.body["pendingEmail"] != "zoe@new.example" {
		t.Fatalf("request: %d %v", r.code, r.body)
	}
	code := codeInMail.FindString(e.lastMail("zoe@new.example").Text)
	notice := e.lastMail("zoe@acme.example")
	if code == "" || !strings.Contains(notice.Text, "zoe@new.example") || !strings.Contains(notice.Text, "/#/email-undo?token=") {
		t.Fatalf("mails: code %q, notice %q", code, notice.Text)
	}
	// Until the code is confirmed, the old address signs in and the new one does not.
	e.signIn("zoe@acme.example", "Secret#Pass1")
	if r := e.call("POST", "/api/v1/session", `{"email":"zoe@new.example","password":"Secret#Pass1"}`, ""); r.code != 401 {
		t.Fatalf("the new address signed in before its confirmation: %d", r.code)
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if r := e.do(b, "POST", "/api/v1/me/email/confirm", `{"code":"`+wrong+`"}`); !slices.Contains(r.fieldCodes(), "code:wrong_code") {
		t.Fatalf("wrong code: %d %v", r.code, r.body)
	}
	r = e.do(b, "POST", "/api/v1/me/email/confirm", `{"code":"`+code+`"}`)
	if r.code != 200 || r.body["email"] != "zoe@new.example" {
		t.Fatalf("confirm: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, ""); r.code != 401 {
		t.Fatalf("the old address still signs in: %d", r.code)
	}
	e.signIn("zoe@new.example", "Secret#Pass1")
	// The first notice's link was replaced by the one sent with the change.
	if r := e.call("POST", "/api/v1/email/undo", `{"token":"`+e.linkToken(notice)+`"}`, ""); r.code != 400 || r.errCode() != "link_invalid" {
		t.Fatalf("the replaced undo link: %d %v", r.code, r.body)
	}
	changed := e.lastMail("zoe@acme.example")
	if !strings.Contains(changed.Subject, "a changé") {
		t.Fatalf("no notice of the change to the old address: %q", changed.Subject)
	}
	e.clock.Advance(6 * 24 * time.Hour)
	if r := e.call("POST", "/api/v1/email/undo", `{"token":"`+e.linkToken(changed)+`"}`, ""); r.code != 204 {
		t.Fatalf("undo: %d %v", r.code, r.body)
	}
	e.signIn("zoe@acme.example", "Secret#Pass1")
	if r := e.call("POST", "/api/v1/session", `{"email":"zoe@new.example","password":"Secret#Pass1"}`, ""); r.code != 401 {
		t.Fatalf("the undone address still signs in: %d", r.code)
	}
	if e.signedIn(b) {
		t.Fatal("the undo must end every session")
	}
	if r := e.call("POST", "/api/v1/email/undo", `{"token":"`+e.linkToken(changed)+`"}`, ""); r.code != 400 {
		t.Fatalf("an undo link used twice: %d", r.code)
	}
}

func TestEmailChangeToATakenAddressFailsAtConfirmation(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.addUser("taken@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	// The request does not tell whether the address is taken; only its owner learns it.
	if r := e.do(b, "POST", "/api/v1/me/email", `{"newEmail":"taken@acme.example","password":"Secret#Pass1"}`); r.code != 202 {
		t.Fatalf("request: %d %v", r.code, r.body)
	}
	code := codeInMail.FindString(e.lastMail("taken@acme.example").Text)
	if r := e.do(b, "POST", "/api/v1/me/email/confirm", `{"code":"`+code+`"}`); r.code != 409 || r.errCode() != "email_taken" {
		t.Fatalf("confirm: %d %v", r.code, r.body)
	}
	// A pending change that was cancelled from the old mailbox is gone.
	e.do(b, "POST", "/api/v1/me/email", `{"newEmail":"zoe@new.example","password":"Secret#Pass1"}`)
	if r := e.call("POST", "/api/v1/email/undo", `{"token":"`+e.linkToken(e.lastMail("zoe@acme.example"))+`"}`, ""); r.code != 204 {
		t.Fatalf("cancel: %d %v", r.code, r.body)
	}
	b = e.browser("zoe@acme.example", "Secret#Pass1")
	code = codeInMail.FindString(e.lastMail("zoe@new.example").Text)
	if r := e.do(b, "POST", "/api/v1/me/email/confirm", `{"code":"`+code+`"}`); r.code != 409 || r.errCode() != "no_email_change" {
		t.Fatalf("confirming a cancelled change: %d %v", r.code, r.body)
	}
}

func TestMySessionsListAndRevoke(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	leo := e.addUser("leo@acme.example", "Secret#Pass1", portal.StatusReady)
	a := e.browser("zoe@acme.example", "Secret#Pass1")
	e.clock.Advance(time.Minute)
	b2 := e.browser("zoe@acme.example", "Secret#Pass1")
	c := e.browser("zoe@acme.example", "Secret#Pass1")
	theirs := e.browser("leo@acme.example", "Secret#Pass1")
	list := e.do(a, "GET", "/api/v1/me/sessions", "")
	items := list.body["items"].([]any)
	if list.code != 200 || len(items) != 3 {
		t.Fatalf("sessions: %d %v", list.code, list.body)
	}
	var current, otherID string
	for _, it := range items {
		m := it.(map[string]any)
		if m["device"].(map[string]any)["browser"] != "Firefox" || m["ip"] != "203.0.113.7" || m["lastSeen"] == nil {
			t.Fatalf("session item: %v", m)
		}
		if m["current"] == true {
			current = m["id"].(string)
		} else {
			otherID = m["id"].(string)
		}
	}
	if current == "" || otherID == "" {
		t.Fatalf("no current session flagged: %v", items)
	}
	leoSessions := e.do(theirs, "GET", "/api/v1/me/sessions", "").body["items"].([]any)
	leoID := leoSessions[0].(map[string]any)["id"].(string)
	if r := e.do(a, "DELETE", "/api/v1/me/sessions/"+leoID, ""); r.code != 404 {
		t.Fatalf("ending someone else's session: %d", r.code)
	}
	if !e.signedIn(theirs) {
		t.Fatalf("%s's session was ended by another person", leo.Email)
	}
	if r := e.do(a, "DELETE", "/api/v1/me/sessions/"+otherID, ""); r.code != 204 {
		t.Fatalf("end one: %d %v", r.code, r.body)
	}
	if r := e.do(a, "POST", "/api/v1/me/sessions/revoke-others", ""); r.code != 204 {
		t.Fatalf("end the others: %d %v", r.code, r.body)
	}
	if e.signedIn(b2) || e.signedIn(c) {
		t.Fatal("another session survived")
	}
	if !e.signedIn(a) {
		t.Fatal("the current session was ended")
	}
	if r := e.do(a, "DELETE", "/api/v1/me/sessions/"+current, ""); r.code != 204 || e.signedIn(a) {
		t.Fatalf("ending the current session signs out: %d", r.code)
	}
}

func TestSignInHistoryAndNewDeviceMail(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.signIn("zoe@acme.example", "Secret#Pass1") // the first sign-in ever: no mail
	e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, "")
	e.signIn("zoe@acme.example", "Secret#Pass1") // a known device: no mail
	if n := len(e.mails("zoe@acme.example")); n != 0 {
		t.Fatalf("%d mails for known devices", n)
	}
	e.ip = "198.51.100.9"
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	m := e.lastMail("zoe@acme.example")
	if !strings.Contains(m.Subject, "Nouvelle connexion") || !strings.Contains(m.Text, "198.51.100.9") || !strings.Contains(m.Text, "Firefox") {
		t.Fatalf("new-device mail: %q\n%s", m.Subject, m.Text)
	}
	// Thirty days later the device is new again.
	e.clock.Advance(31 * 24 * time.Hour)
	e.signIn("zoe@acme.example", "Secret#Pass1")
	if n := len(e.mails("zoe@acme.example")); n != 2 {
		t.Fatalf("%d new-device mails, want 2", n)
	}
	b = e.browser("zoe@acme.example", "Secret#Pass1")
	page := e.do(b, "GET", "/api/v1/me/signins?limit=3", "")
	items := page.body["items"].([]any)
	if page.code != 200 || len(items) != 3 || page.body["next"] == nil {
		t.Fatalf("history: %d %v", page.code, page.body)
	}
	first := items[0].(map[string]any)
	if first["result"] != "ok" || first["method"] != "password" || first["ip"] != "198.51.100.9" || first["device"].(map[string]any)["os"] != "Linux" {
		t.Fatalf("newest entry: %v", first)
	}
	rest := e.do(b, "GET", "/api/v1/me/signins?limit=3&cursor="+page.body["next"].(string), "")
	results := ""
	for _, it := range append(items, rest.body["items"].([]any)...) {
		results += it.(map[string]any)["result"].(string) + " "
	}
	if results != "ok ok ok ok bad_password ok " {
		t.Fatalf("history: %q", results)
	}
	if r := e.do(b, "GET", "/api/v1/me/signins?cursor=forged", ""); r.code != 400 || r.errCode() != "bad_cursor" {
		t.Fatalf("a forged cursor: %d %v", r.code, r.body)
	}
}

func TestMyCompanyAndContactingTheAdministrators(t *testing.T) {
	e := newEnv(t)
	e.addMember("acme", portal.RoleAdmin, "ada@acme.example", "Secret#Pass1", portal.StatusReady)
	e.addMember("acme", portal.RoleAdmin, "bob@acme.example", "Secret#Pass1", portal.StatusReady)
	e.addMember("globex", portal.RoleAdmin, "gus@globex.example", "Secret#Pass1", portal.StatusReady)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	r := e.do(b, "GET", "/api/v1/me/company", "")
	admins := r.body["administrators"].([]any)
	if r.code != 200 || r.body["organisation"].(map[string]any)["id"] != "acme" || len(admins) != 2 {
		t.Fatalf("company: %d %v", r.code, r.body)
	}
	if strings.Contains(mustJSON(r.body), "gus@globex.example") {
		t.Fatal("another organisation's administrator is listed")
	}
	msg := `{"subject":"Accès aux factures","message":"Bonjour,\nPouvez-vous m'ouvrir les factures ?"}`
	for i := range auth.ContactAdminPerUser.Max {
		if r := e.do(b, "POST", "/api/v1/me/company/contact", msg); r.code != 202 || r.body["sent"] != 2.0 {
			t.Fatalf("message %d: %d %v", i, r.code, r.body)
		}
	}
	if r := e.do(b, "POST", "/api/v1/me/company/contact", msg); r.code != 429 {
		t.Fatalf("past the limit: %d %v", r.code, r.body)
	}
	m := e.lastMail("ada@acme.example")
	if m.ReplyTo != "zoe@acme.example" || !strings.Contains(m.Subject, "Accès aux factures") || !strings.Contains(m.Text, "ouvrir les factures") {
		t.Fatalf("mail: %+v", m)
	}
	if len(e.mails("gus@globex.example")) != 0 {
		t.Fatal("another organisation's administrator was mailed")
	}
	if r := e.do(b, "POST", "/api/v1/me/company/contact", `{"subject":"","message":""}`); r.code != 400 || len(r.fieldCodes()) != 2 {
		t.Fatalf("empty message: %d %v", r.code, r.body)
	}
}

func TestAccountRoutesNeedASession(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/me"}, {"PUT", "/api/v1/me"}, {"POST", "/api/v1/me/password"}, {"POST", "/api/v1/me/email"},
		{"POST", "/api/v1/me/totp/start"}, {"GET", "/api/v1/me/sessions"}, {"GET", "/api/v1/me/signins"},
		{"GET", "/api/v1/me/company"}, {"GET", "/api/v1/me/passkeys"}, {"POST", "/api/v1/me/passkeys/begin"},
	} {
		if r := e.call(c.method, c.path, `{}`, ""); r.code != 401 {
			t.Errorf("%s %s without a session: %d %v", c.method, c.path, r.code, r.body)
		}
	}
}

func TestSomeoneLoggedInAsThePersonCannotChangeTheirSecurity(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	op := e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", "Secret#Pass1", portal.StatusReady)
	token, sess, err := e.deps.Sessions.Impersonate(context.Background(), u, portal.Actor{UserID: op.ID, OrgID: op.OrgID, Role: op.Role}, "203.0.113.7", "test")
	if err != nil {
		t.Fatal(err)
	}
	b := as{token, sess.CSRF}
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"New#Passw0rd"}`},
		{"POST", "/api/v1/me/email", `{"newEmail":"x@acme.example","password":"Secret#Pass1"}`},
		{"POST", "/api/v1/me/totp/start", ``},
		{"POST", "/api/v1/me/passkeys/begin", ``},
	} {
		if r := e.do(b, c.method, c.path, c.body); r.code != 403 || r.errCode() != "impersonation_forbidden" {
			t.Errorf("%s %s while logged in as the person: %d %v", c.method, c.path, r.code, r.body)
		}
	}
	if r := e.do(b, "GET", "/api/v1/me", ""); r.code != 200 {
		t.Fatalf("reading the account: %d", r.code)
	}
}

// TestPasswordAnAdministratorChoseMustBeChangedFirst signs in with a password an
// administrator chose: until the person changes it, the session answers only its
// own reading, signing out and the password change; every other route is refused
// with password_change_required. After the change, everything answers.
func TestPasswordAnAdministratorChoseMustBeChangedFirst(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	ctx := context.Background()
	acc, err := e.store.Account(ctx, u.OrgID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	acc.MustChangePassword = true
	if err := e.store.SaveAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	if r := e.do(b, "GET", "/api/v1/session", ""); r.code != 200 || r.body["user"].(map[string]any)["mustChangePassword"] != true {
		t.Fatalf("the session: %d %v", r.code, r.body)
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/me", ""}, {"PUT", "/api/v1/me", `{}`}, {"GET", "/api/v1/applications", ""},
		{"POST", "/api/v1/me/totp/start", ""}, {"POST", "/api/v1/me/email", `{"newEmail":"x@acme.example","password":"Secret#Pass1"}`},
	} {
		if r := e.do(b, c.method, c.path, c.body); r.code != 403 || r.errCode() != "password_change_required" {
			t.Errorf("%s %s before the change: %d %v", c.method, c.path, r.code, r.body)
		}
	}
	other := e.browser("zoe@acme.example", "Secret#Pass1")
	if r := e.do(other, "DELETE", "/api/v1/session", ""); r.code != 204 {
		t.Fatalf("signing out: %d %v", r.code, r.body)
	}
	r := e.do(b, "POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"Another#Passw0rd"}`)
	if r.code != 200 || r.body["user"].(map[string]any)["mustChangePassword"] != nil {
		t.Fatalf("the change: %d %v", r.code, r.body)
	}
	b = as{r.cookie(), r.body["csrf"].(string)}
	if r := e.do(b, "GET", "/api/v1/me", ""); r.code != 200 {
		t.Fatalf("after the change: %d %v", r.code, r.body)
	}
}
