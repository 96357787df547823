package account_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

const profile = `{"version":%d,"civility":"mme","firstName":"Zoé","lastName":"Martin","jobTitle":"Acheteuse",
	"phone":"+33 6 12 34 56 78","landline":"01 23 45 67 89","lang":"en","notificationEmail":"notices@acme.example",
	"address":{"line1":"1 rue de la Paix","postalCode":"75002","city":"Paris","country":"fr"}}`

func TestProfileEditsAreOptimistic(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	me := e.Do(b, "GET", "/api/v1/me", "")
	if me.Code != 200 || me.Body["version"] != 0.0 || strings.Contains(apitest.MustJSON(me.Body), "passwordHash") {
		t.Fatalf("me: %d %v", me.Code, me.Body)
	}
	r := e.Do(b, "PUT", "/api/v1/me", fmt.Sprintf(profile, 0))
	if r.Code != 200 || r.Body["version"] != 1.0 || r.Body["landline"] != "0123456789" || r.Body["phone"] != "+33612345678" ||
		r.Body["address"].(map[string]any)["country"] != "FR" || r.Body["lang"] != "en" || r.Body["pendingNotificationEmail"] != "notices@acme.example" {
		t.Fatalf("put: %d %v", r.Code, r.Body)
	}
	// A sign-in moves the stored item, not the profile: an edit from the same page works.
	e.SignIn("zoe@acme.example", "Secret#Pass1")
	if r := e.Do(b, "PUT", "/api/v1/me", fmt.Sprintf(profile, 1)); r.Code != 200 || r.Body["version"] != 2.0 {
		t.Fatalf("second edit: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "PUT", "/api/v1/me", fmt.Sprintf(profile, 1)); r.Code != 409 || r.ErrCode() != "version_conflict" {
		t.Fatalf("a stale edit: %d %v", r.Code, r.Body)
	}
	bad := e.Do(b, "PUT", "/api/v1/me", `{"version":2,"firstName":"","lastName":"M","lang":"de","landline":"abc","notificationEmail":"nope","address":{"country":"XX"}}`)
	got := bad.FieldCodes()
	for _, want := range []string{"firstName:required", "lang:format", "landline:phone", "notificationEmail:email", "address.country:country"} {
		if !slices.Contains(got, want) {
			t.Errorf("field errors %v lack %s", got, want)
		}
	}
	// The language is kept: the session shows it.
	if s := e.Do(b, "GET", "/api/v1/session", ""); s.Body["user"].(map[string]any)["lang"] != "en" {
		t.Fatalf("language not kept: %v", s.Body)
	}
}

func TestPasswordChangeRotatesTheSessionAndEndsTheOthers(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	other := e.Browser("zoe@acme.example", "Secret#Pass1")
	if r := e.Call("POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"New#Passw0rd"}`, b.Token); r.Code != 403 || r.ErrCode() != "csrf_failed" {
		t.Fatalf("without the CSRF token: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "POST", "/api/v1/me/password", `{"current":"nope","new":"New#Passw0rd"}`); r.Code != 400 || !slices.Contains(r.FieldCodes(), "current:wrong_password") {
		t.Fatalf("wrong current password: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"zoe"}`); r.Code != 400 || len(r.FieldCodes()) == 0 {
		t.Fatalf("a weak new password: %d %v", r.Code, r.Body)
	}
	r := e.Do(b, "POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"New#Passw0rd"}`)
	if r.Code != 200 || r.Cookie() == "" || r.Cookie() == b.Token || r.Body["csrf"] == b.CSRF {
		t.Fatalf("change: %d %v", r.Code, r.Body)
	}
	for name, old := range map[string]apitest.As{"the changing session": b, "another session": other} {
		if e.SignedIn(old) {
			t.Errorf("%s survived the change", name)
		}
	}
	fresh := apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
	if e.Do(fresh, "GET", "/api/v1/me", "").Code != 200 {
		t.Fatal("the new session does not work")
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Subject, "changé") {
		t.Fatalf("no notice: %q", m.Subject)
	}
	e.SignIn("zoe@acme.example", "New#Passw0rd")
}

var codeInMail = regexp.MustCompile(`\b\d{6}\b`)

func TestEmailChangeNeedsTheCodeAndCanBeUndone(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.AddUser("taken@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	if r := e.Do(b, "POST", "/api/v1/me/email", `{"newEmail":"zoe@acme.example","password":"Secret#Pass1"}`); !slices.Contains(r.FieldCodes(), "newEmail:same_as_current") {
		t.Fatalf("same address: %d %v", r.Code, r.Body)
	}
	r := e.Do(b, "POST", "/api/v1/me/email", `{"newEmail":"Zoe@New.example","password":"Secret#Pass1"}`)
	if r.Code != 202 || r.Body["pendingEmail"] != "zoe@new.example" {
		t.Fatalf("request: %d %v", r.Code, r.Body)
	}
	code := codeInMail.FindString(e.LastMail("zoe@new.example").Text)
	notice := e.LastMail("zoe@acme.example")
	if code == "" || !strings.Contains(notice.Text, "zoe@new.example") || !strings.Contains(notice.Text, "/#/email-undo?token=") {
		t.Fatalf("mails: code %q, notice %q", code, notice.Text)
	}
	// Until the code is confirmed, the old address signs in and the new one does not.
	e.SignIn("zoe@acme.example", "Secret#Pass1")
	if r := e.Call("POST", "/api/v1/session", `{"email":"zoe@new.example","password":"Secret#Pass1"}`, ""); r.Code != 401 {
		t.Fatalf("the new address signed in before its confirmation: %d", r.Code)
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if r := e.Do(b, "POST", "/api/v1/me/email/confirm", `{"code":"`+wrong+`"}`); !slices.Contains(r.FieldCodes(), "code:wrong_code") {
		t.Fatalf("wrong code: %d %v", r.Code, r.Body)
	}
	r = e.Do(b, "POST", "/api/v1/me/email/confirm", `{"code":"`+code+`"}`)
	if r.Code != 200 || r.Body["email"] != "zoe@new.example" {
		t.Fatalf("confirm: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, ""); r.Code != 401 {
		t.Fatalf("the old address still signs in: %d", r.Code)
	}
	e.SignIn("zoe@new.example", "Secret#Pass1")
	// The first notice's link was replaced by the one sent with the change.
	if r := e.Call("POST", "/api/v1/email/undo", `{"token":"`+e.LinkToken(notice)+`"}`, ""); r.Code != 400 || r.ErrCode() != "link_invalid" {
		t.Fatalf("the replaced undo link: %d %v", r.Code, r.Body)
	}
	changed := e.LastMail("zoe@acme.example")
	if !strings.Contains(changed.Subject, "a changé") {
		t.Fatalf("no notice of the change to the old address: %q", changed.Subject)
	}
	e.Clock.Advance(6 * 24 * time.Hour)
	if r := e.Call("POST", "/api/v1/email/undo", `{"token":"`+e.LinkToken(changed)+`"}`, ""); r.Code != 204 {
		t.Fatalf("undo: %d %v", r.Code, r.Body)
	}
	e.SignIn("zoe@acme.example", "Secret#Pass1")
	if r := e.Call("POST", "/api/v1/session", `{"email":"zoe@new.example","password":"Secret#Pass1"}`, ""); r.Code != 401 {
		t.Fatalf("the undone address still signs in: %d", r.Code)
	}
	if e.SignedIn(b) {
		t.Fatal("the undo must end every session")
	}
	if r := e.Call("POST", "/api/v1/email/undo", `{"token":"`+e.LinkToken(changed)+`"}`, ""); r.Code != 400 {
		t.Fatalf("an undo link used twice: %d", r.Code)
	}
}

func TestEmailChangeToATakenAddressFailsAtConfirmation(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.AddUser("taken@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	// The request does not tell whether the address is taken; only its owner learns it.
	if r := e.Do(b, "POST", "/api/v1/me/email", `{"newEmail":"taken@acme.example","password":"Secret#Pass1"}`); r.Code != 202 {
		t.Fatalf("request: %d %v", r.Code, r.Body)
	}
	code := codeInMail.FindString(e.LastMail("taken@acme.example").Text)
	if r := e.Do(b, "POST", "/api/v1/me/email/confirm", `{"code":"`+code+`"}`); r.Code != 409 || r.ErrCode() != "email_taken" {
		t.Fatalf("confirm: %d %v", r.Code, r.Body)
	}
	// A pending change that was cancelled from the old mailbox is gone.
	e.Do(b, "POST", "/api/v1/me/email", `{"newEmail":"zoe@new.example","password":"Secret#Pass1"}`)
	if r := e.Call("POST", "/api/v1/email/undo", `{"token":"`+e.LinkToken(e.LastMail("zoe@acme.example"))+`"}`, ""); r.Code != 204 {
		t.Fatalf("cancel: %d %v", r.Code, r.Body)
	}
	b = e.Browser("zoe@acme.example", "Secret#Pass1")
	code = codeInMail.FindString(e.LastMail("zoe@new.example").Text)
	if r := e.Do(b, "POST", "/api/v1/me/email/confirm", `{"code":"`+code+`"}`); r.Code != 409 || r.ErrCode() != "no_email_change" {
		t.Fatalf("confirming a cancelled change: %d %v", r.Code, r.Body)
	}
}

func TestMySessionsListAndRevoke(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	leo := e.AddUser("leo@acme.example", "Secret#Pass1", portal.StatusReady)
	a := e.Browser("zoe@acme.example", "Secret#Pass1")
	e.Clock.Advance(time.Minute)
	b2 := e.Browser("zoe@acme.example", "Secret#Pass1")
	c := e.Browser("zoe@acme.example", "Secret#Pass1")
	theirs := e.Browser("leo@acme.example", "Secret#Pass1")
	list := e.Do(a, "GET", "/api/v1/me/sessions", "")
	items := list.Body["items"].([]any)
	if list.Code != 200 || len(items) != 3 {
		t.Fatalf("sessions: %d %v", list.Code, list.Body)
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
	leoSessions := e.Do(theirs, "GET", "/api/v1/me/sessions", "").Body["items"].([]any)
	leoID := leoSessions[0].(map[string]any)["id"].(string)
	if r := e.Do(a, "DELETE", "/api/v1/me/sessions/"+leoID, ""); r.Code != 404 {
		t.Fatalf("ending someone else's session: %d", r.Code)
	}
	if !e.SignedIn(theirs) {
		t.Fatalf("%s's session was ended by another person", leo.Email)
	}
	if r := e.Do(a, "DELETE", "/api/v1/me/sessions/"+otherID, ""); r.Code != 204 {
		t.Fatalf("end one: %d %v", r.Code, r.Body)
	}
	if r := e.Do(a, "POST", "/api/v1/me/sessions/revoke-others", ""); r.Code != 204 {
		t.Fatalf("end the others: %d %v", r.Code, r.Body)
	}
	if e.SignedIn(b2) || e.SignedIn(c) {
		t.Fatal("another session survived")
	}
	if !e.SignedIn(a) {
		t.Fatal("the current session was ended")
	}
	if r := e.Do(a, "DELETE", "/api/v1/me/sessions/"+current, ""); r.Code != 204 || e.SignedIn(a) {
		t.Fatalf("ending the current session signs out: %d", r.Code)
	}
}

func TestSignInHistoryAndNewDeviceMail(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.SignIn("zoe@acme.example", "Secret#Pass1") // the first sign-in ever: no mail
	e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, "")
	e.SignIn("zoe@acme.example", "Secret#Pass1") // a known device: no mail
	if n := len(e.Mails("zoe@acme.example")); n != 0 {
		t.Fatalf("%d mails for known devices", n)
	}
	e.IP = "198.51.100.9"
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	m := e.LastMail("zoe@acme.example")
	if !strings.Contains(m.Subject, "Nouvelle connexion") || !strings.Contains(m.Text, "198.51.100.9") || !strings.Contains(m.Text, "Firefox") {
		t.Fatalf("new-device mail: %q\n%s", m.Subject, m.Text)
	}
	// Thirty days later the device is new again.
	e.Clock.Advance(31 * 24 * time.Hour)
	e.SignIn("zoe@acme.example", "Secret#Pass1")
	if n := len(e.Mails("zoe@acme.example")); n != 2 {
		t.Fatalf("%d new-device mails, want 2", n)
	}
	b = e.Browser("zoe@acme.example", "Secret#Pass1")
	page := e.Do(b, "GET", "/api/v1/me/signins?limit=3", "")
	items := page.Body["items"].([]any)
	if page.Code != 200 || len(items) != 3 || page.Body["next"] == nil {
		t.Fatalf("history: %d %v", page.Code, page.Body)
	}
	first := items[0].(map[string]any)
	if first["result"] != "ok" || first["method"] != "password" || first["ip"] != "198.51.100.9" || first["device"].(map[string]any)["os"] != "Linux" {
		t.Fatalf("newest entry: %v", first)
	}
	rest := e.Do(b, "GET", "/api/v1/me/signins?limit=3&cursor="+page.Body["next"].(string), "")
	results := ""
	for _, it := range append(items, rest.Body["items"].([]any)...) {
		results += it.(map[string]any)["result"].(string) + " "
	}
	if results != "ok ok ok ok bad_password ok " {
		t.Fatalf("history: %q", results)
	}
	if r := e.Do(b, "GET", "/api/v1/me/signins?cursor=forged", ""); r.Code != 400 || r.ErrCode() != "bad_cursor" {
		t.Fatalf("a forged cursor: %d %v", r.Code, r.Body)
	}
}

func TestMyCompanyAndContactingTheAdministrators(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember("acme", portal.RoleAdmin, "ada@acme.example", "Secret#Pass1", portal.StatusReady)
	e.AddMember("acme", portal.RoleAdmin, "bob@acme.example", "Secret#Pass1", portal.StatusReady)
	e.AddMember("globex", portal.RoleAdmin, "gus@globex.example", "Secret#Pass1", portal.StatusReady)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	r := e.Do(b, "GET", "/api/v1/me/company", "")
	admins := r.Body["administrators"].([]any)
	if r.Code != 200 || r.Body["organisation"].(map[string]any)["id"] != "acme" || len(admins) != 2 {
		t.Fatalf("company: %d %v", r.Code, r.Body)
	}
	if strings.Contains(apitest.MustJSON(r.Body), "gus@globex.example") {
		t.Fatal("another organisation's administrator is listed")
	}
	msg := `{"subject":"Accès aux factures","message":"Bonjour,\nPouvez-vous m'ouvrir les factures ?"}`
	for i := range auth.ContactAdminPerUser.Max {
		if r := e.Do(b, "POST", "/api/v1/me/company/contact", msg); r.Code != 202 || r.Body["sent"] != 2.0 {
			t.Fatalf("message %d: %d %v", i, r.Code, r.Body)
		}
	}
	if r := e.Do(b, "POST", "/api/v1/me/company/contact", msg); r.Code != 429 {
		t.Fatalf("past the limit: %d %v", r.Code, r.Body)
	}
	m := e.LastMail("ada@acme.example")
	if m.ReplyTo != "zoe@acme.example" || !strings.Contains(m.Subject, "Accès aux factures") || !strings.Contains(m.Text, "ouvrir les factures") {
		t.Fatalf("mail: %+v", m)
	}
	if len(e.Mails("gus@globex.example")) != 0 {
		t.Fatal("another organisation's administrator was mailed")
	}
	if r := e.Do(b, "POST", "/api/v1/me/company/contact", `{"subject":"","message":""}`); r.Code != 400 || len(r.FieldCodes()) != 2 {
		t.Fatalf("empty message: %d %v", r.Code, r.Body)
	}
}

func TestAccountRoutesNeedASession(t *testing.T) {
	e := apitest.NewEnv(t)
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/me"}, {"PUT", "/api/v1/me"}, {"POST", "/api/v1/me/password"}, {"POST", "/api/v1/me/email"},
		{"POST", "/api/v1/me/totp/start"}, {"GET", "/api/v1/me/sessions"}, {"GET", "/api/v1/me/signins"},
		{"GET", "/api/v1/me/company"}, {"GET", "/api/v1/me/passkeys"}, {"POST", "/api/v1/me/passkeys/begin"},
	} {
		if r := e.Call(c.method, c.path, `{}`, ""); r.Code != 401 {
			t.Errorf("%s %s without a session: %d %v", c.method, c.path, r.Code, r.Body)
		}
	}
}

func TestSomeoneLoggedInAsThePersonCannotChangeTheirSecurity(t *testing.T) {
	e := apitest.NewEnv(t)
	u := e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	op := e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", "Secret#Pass1", portal.StatusReady)
	token, sess, err := e.Deps.Sessions.Impersonate(context.Background(), u, portal.Actor{UserID: op.ID, OrgID: op.OrgID, Role: op.Role}, "203.0.113.7", "test")
	if err != nil {
		t.Fatal(err)
	}
	b := apitest.As{Token: token, CSRF: sess.CSRF}
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"New#Passw0rd"}`},
		{"POST", "/api/v1/me/email", `{"newEmail":"x@acme.example","password":"Secret#Pass1"}`},
		{"POST", "/api/v1/me/totp/start", ``},
		{"POST", "/api/v1/me/passkeys/begin", ``},
	} {
		if r := e.Do(b, c.method, c.path, c.body); r.Code != 403 || r.ErrCode() != "impersonation_forbidden" {
			t.Errorf("%s %s while logged in as the person: %d %v", c.method, c.path, r.Code, r.Body)
		}
	}
	if r := e.Do(b, "GET", "/api/v1/me", ""); r.Code != 200 {
		t.Fatalf("reading the account: %d", r.Code)
	}
}

// TestPasswordAnAdministratorChoseMustBeChangedFirst signs in with a password an
// administrator chose: until the person changes it, the session answers only its
// own reading, signing out and the password change; every other route is refused
// with password_change_required. After the change, everything answers.
func TestPasswordAnAdministratorChoseMustBeChangedFirst(t *testing.T) {
	e := apitest.NewEnv(t)
	u := e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	ctx := context.Background()
	acc, err := e.Store.Account(ctx, u.OrgID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	acc.MustChangePassword = true
	if err := e.Store.SaveAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	if r := e.Do(b, "GET", "/api/v1/session", ""); r.Code != 200 || r.Body["user"].(map[string]any)["mustChangePassword"] != true {
		t.Fatalf("the session: %d %v", r.Code, r.Body)
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/me", ""}, {"PUT", "/api/v1/me", `{}`}, {"GET", "/api/v1/applications", ""},
		{"POST", "/api/v1/me/totp/start", ""}, {"POST", "/api/v1/me/email", `{"newEmail":"x@acme.example","password":"Secret#Pass1"}`},
	} {
		if r := e.Do(b, c.method, c.path, c.body); r.Code != 403 || r.ErrCode() != "password_change_required" {
			t.Errorf("%s %s before the change: %d %v", c.method, c.path, r.Code, r.Body)
		}
	}
	other := e.Browser("zoe@acme.example", "Secret#Pass1")
	if r := e.Do(other, "DELETE", "/api/v1/session", ""); r.Code != 204 {
		t.Fatalf("signing out: %d %v", r.Code, r.Body)
	}
	r := e.Do(b, "POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"Another#Passw0rd"}`)
	if r.Code != 200 || r.Body["user"].(map[string]any)["mustChangePassword"] != nil {
		t.Fatalf("the change: %d %v", r.Code, r.Body)
	}
	b = apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
	if r := e.Do(b, "GET", "/api/v1/me", ""); r.Code != 200 {
		t.Fatalf("after the change: %d %v", r.Code, r.Body)
	}
}
