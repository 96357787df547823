package httpapi_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
)

// profileWith is the body of PUT /me that keeps the person's details and sets the
// notification address.
func profileWith(version float64, notify string) string {
	return `{"version":` + strconv.Itoa(int(version)) + `,"firstName":"Zoé","lastName":"Martin","lang":"fr","notificationEmail":"` + notify + `"}`
}

// TestNotificationAddressIsVerifiedByACode gives a notification address: it is
// used only once the code mailed to it comes back, as for the sign-in address.
func TestNotificationAddressIsVerifiedByACode(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	me := e.do(b, "GET", "/api/v1/me", "")
	r := e.do(b, "PUT", "/api/v1/me", profileWith(me.body["version"].(float64), "notices@acme.example"))
	if r.code != 200 || r.body["notificationEmail"] != nil || r.body["pendingNotificationEmail"] != "notices@acme.example" {
		t.Fatalf("a new notification address must wait for its code: %d %v", r.code, r.body)
	}
	m := e.lastMail("notices@acme.example")
	code := sixDigits.FindString(m.Text)
	if code == "" || m.HTML == "" || !strings.Contains(m.HTML, code) {
		t.Fatalf("the code mail: %q\n%s", m.Subject, m.Text)
	}
	if r := e.do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"000000"}`); r.code != 400 || !slices.Contains(r.fieldCodes(), "code:wrong_code") {
		t.Fatalf("a wrong code: %d %v", r.code, r.body)
	}
	// Saving the profile again with the address in use (as the language switch does)
	// leaves the pending one waiting.
	me = e.do(b, "GET", "/api/v1/me", "")
	if r := e.do(b, "PUT", "/api/v1/me", profileWith(me.body["version"].(float64), "")); r.code != 200 || r.body["pendingNotificationEmail"] != "notices@acme.example" {
		t.Fatalf("saving the profile unchanged: %d %v", r.code, r.body)
	}
	r = e.do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"`+code+`"}`)
	if r.code != 200 || r.body["notificationEmail"] != "notices@acme.example" || r.body["pendingNotificationEmail"] != nil {
		t.Fatalf("the right code: %d %v", r.code, r.body)
	}
	if r := e.do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"`+code+`"}`); r.code != 409 || r.errCode() != "no_notification_email_change" {
		t.Fatalf("the code twice: %d %v", r.code, r.body)
	}
	// Removing it needs no code.
	if r := e.do(b, "PUT", "/api/v1/me", profileWith(r.body["version"].(float64), "")); r.code != 200 || r.body["notificationEmail"] != nil {
		t.Fatalf("removing the address: %d %v", r.code, r.body)
	}
}

// TestNotificationCodeTakesFiveWrongAnswers bounds the guesses of a code.
func TestNotificationCodeTakesFiveWrongAnswers(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	me := e.do(b, "GET", "/api/v1/me", "")
	e.do(b, "PUT", "/api/v1/me", profileWith(me.body["version"].(float64), "notices@acme.example"))
	code := sixDigits.FindString(e.lastMail("notices@acme.example").Text)
	for range auth.MaxTries {
		e.do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"000000"}`)
	}
	if r := e.do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"`+code+`"}`); r.code != 409 || r.errCode() != "no_notification_email_change" {
		t.Fatalf("the right code after five wrong ones: %d %v", r.code, r.body)
	}
}

// TestNotificationAddressIsRefusedDuringALogInAs: whoever is logged in as the person
// cannot set where their notices (and their members' messages) go.
func TestNotificationAddressIsRefusedDuringALogInAs(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	_, asZoe, _ := e.impersonate(acme.adminB, `{"userId":"`+zoe.ID+`","reason":"Check the profile page"}`)
	me := e.do(asZoe, "GET", "/api/v1/me", "")
	if r := e.do(asZoe, "PUT", "/api/v1/me", profileWith(me.body["version"].(float64), "mine@evil.example")); r.code != 403 || r.errCode() != "impersonation_forbidden" {
		t.Fatalf("setting the address as Zoé: %d %v", r.code, r.body)
	}
	if len(e.mails("mine@evil.example")) != 0 {
		t.Fatal("a code went out")
	}
	if r := e.do(asZoe, "PUT", "/api/v1/me", profileWith(me.body["version"].(float64), "")); r.code != 200 {
		t.Fatalf("the rest of the profile stays editable: %d %v", r.code, r.body)
	}
	if r := e.do(asZoe, "POST", "/api/v1/me/notification-email/confirm", `{"code":"123456"}`); r.code != 403 || r.errCode() != "impersonation_forbidden" {
		t.Fatalf("confirming as Zoé: %d %v", r.code, r.body)
	}
	acc, err := e.store.Account(context.Background(), "acme", zoe.ID)
	if err != nil || acc.NotificationEmail != "" {
		t.Fatalf("the address: %q (%v)", acc.NotificationEmail, err)
	}
}
