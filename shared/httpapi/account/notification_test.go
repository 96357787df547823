package account_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
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
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	me := e.Do(b, "GET", "/api/v1/me", "")
	r := e.Do(b, "PUT", "/api/v1/me", profileWith(me.Body["version"].(float64), "notices@acme.example"))
	if r.Code != 200 || r.Body["notificationEmail"] != nil || r.Body["pendingNotificationEmail"] != "notices@acme.example" {
		t.Fatalf("a new notification address must wait for its code: %d %v", r.Code, r.Body)
	}
	m := e.LastMail("notices@acme.example")
	code := apitest.SixDigits.FindString(m.Text)
	if code == "" || m.HTML == "" || !strings.Contains(m.HTML, code) {
		t.Fatalf("the code mail: %q\n%s", m.Subject, m.Text)
	}
	if r := e.Do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"000000"}`); r.Code != 400 || !slices.Contains(r.FieldCodes(), "code:wrong_code") {
		t.Fatalf("a wrong code: %d %v", r.Code, r.Body)
	}
	// Saving the profile again with the address in use (as the language switch does)
	// leaves the pending one waiting.
	me = e.Do(b, "GET", "/api/v1/me", "")
	if r := e.Do(b, "PUT", "/api/v1/me", profileWith(me.Body["version"].(float64), "")); r.Code != 200 || r.Body["pendingNotificationEmail"] != "notices@acme.example" {
		t.Fatalf("saving the profile unchanged: %d %v", r.Code, r.Body)
	}
	r = e.Do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"`+code+`"}`)
	if r.Code != 200 || r.Body["notificationEmail"] != "notices@acme.example" || r.Body["pendingNotificationEmail"] != nil {
		t.Fatalf("the right code: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"`+code+`"}`); r.Code != 409 || r.ErrCode() != "no_notification_email_change" {
		t.Fatalf("the code twice: %d %v", r.Code, r.Body)
	}
	// Removing it needs no code.
	if r := e.Do(b, "PUT", "/api/v1/me", profileWith(r.Body["version"].(float64), "")); r.Code != 200 || r.Body["notificationEmail"] != nil {
		t.Fatalf("removing the address: %d %v", r.Code, r.Body)
	}
}

// TestNotificationCodeTakesFiveWrongAnswers bounds the guesses of a code.
func TestNotificationCodeTakesFiveWrongAnswers(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	me := e.Do(b, "GET", "/api/v1/me", "")
	e.Do(b, "PUT", "/api/v1/me", profileWith(me.Body["version"].(float64), "notices@acme.example"))
	code := apitest.SixDigits.FindString(e.LastMail("notices@acme.example").Text)
	for range auth.MaxTries {
		e.Do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"000000"}`)
	}
	if r := e.Do(b, "POST", "/api/v1/me/notification-email/confirm", `{"code":"`+code+`"}`); r.Code != 409 || r.ErrCode() != "no_notification_email_change" {
		t.Fatalf("the right code after five wrong ones: %d %v", r.Code, r.Body)
	}
}

// TestNotificationAddressIsRefusedDuringALogInAs: whoever is logged in as the person
// cannot set where their notices (and their members' messages) go.
func TestNotificationAddressIsRefusedDuringALogInAs(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	_, asZoe, _ := e.Impersonate(acme.AdminB, `{"userId":"`+zoe.ID+`","reason":"Check the profile page"}`)
	me := e.Do(asZoe, "GET", "/api/v1/me", "")
	if r := e.Do(asZoe, "PUT", "/api/v1/me", profileWith(me.Body["version"].(float64), "mine@evil.example")); r.Code != 403 || r.ErrCode() != "impersonation_forbidden" {
		t.Fatalf("setting the address as Zoé: %d %v", r.Code, r.Body)
	}
	if len(e.Mails("mine@evil.example")) != 0 {
		t.Fatal("a code went out")
	}
	if r := e.Do(asZoe, "PUT", "/api/v1/me", profileWith(me.Body["version"].(float64), "")); r.Code != 200 {
		t.Fatalf("the rest of the profile stays editable: %d %v", r.Code, r.Body)
	}
	if r := e.Do(asZoe, "POST", "/api/v1/me/notification-email/confirm", `{"code":"123456"}`); r.Code != 403 || r.ErrCode() != "impersonation_forbidden" {
		t.Fatalf("confirming as Zoé: %d %v", r.Code, r.Body)
	}
	acc, err := e.Store.Account(context.Background(), "acme", zoe.ID)
	if err != nil || acc.NotificationEmail != "" {
		t.Fatalf("the address: %q (%v)", acc.NotificationEmail, err)
	}
}
