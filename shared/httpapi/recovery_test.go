package httpapi_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
)

func TestForgotPasswordDoesNotTellWhetherTheAddressExists(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.addUser("off@acme.example", "Secret#Pass1", portal.StatusDisabled)
	var answers []string
	for _, email := range []string{"zoe@acme.example", "nobody@acme.example", "off@acme.example"} {
		r := e.call("POST", "/api/v1/password/forgot", `{"email":"`+email+`"}`, "")
		answers = append(answers, fmt.Sprint(r.code, r.body))
	}
	if answers[0] != "202 map[]" || answers[1] != answers[0] || answers[2] != answers[0] {
		t.Fatalf("answers differ: %v", answers)
	}
	if len(e.mails("zoe@acme.example")) != 1 || len(e.mails("nobody@acme.example")) != 0 || len(e.mails("off@acme.example")) != 0 {
		t.Fatal("only the account that can sign in gets a link")
	}
	// Past three requests an hour the mailbox gets nothing more; the answer is the same.
	for range 3 {
		if r := e.call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, ""); r.code != 202 {
			t.Fatalf("%d %v", r.code, r.body)
		}
	}
	if n := len(e.mails("zoe@acme.example")); n != auth.ForgotPerAccount.Max {
		t.Fatalf("%d reset mails, want %d", n, auth.ForgotPerAccount.Max)
	}
	for range auth.ForgotPerIP.Max {
		e.call("POST", "/api/v1/password/forgot", `{"email":"x@acme.example"}`, "")
	}
	if r := e.call("POST", "/api/v1/password/forgot", `{"email":"x@acme.example"}`, ""); r.code != 429 {
		t.Fatalf("past the per-address limit: %d", r.code)
	}
}

func TestResetLinkIsSingleUseExpiresAndEndsSessions(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	old := e.browser("zoe@acme.example", "Secret#Pass1")
	e.call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, "")
	token := e.linkToken(e.lastMail("zoe@acme.example"))
	weak := e.call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"short"}`, "")
	if weak.code != 400 || !slices.Contains(weak.fieldCodes(), "password:password_too_short") {
		t.Fatalf("a weak password: %d %v", weak.code, weak.body)
	}
	if r := e.call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"New#Passw0rd"}`, ""); r.code != 204 {
		t.Fatalf("reset: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"Other#Passw0rd"}`, ""); r.code != 400 || r.errCode() != "link_invalid" {
		t.Fatalf("a used link: %d %v", r.code, r.body)
	}
	if e.signedIn(old) {
		t.Fatal("a session outlived the reset")
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Subject, "mot de passe Guichet a été changé") {
		t.Fatalf("no notice of the change: %q", m.Subject)
	}
	e.signIn("zoe@acme.example", "New#Passw0rd")

	e.call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, "")
	late := e.linkToken(e.lastMail("zoe@acme.example"))
	e.clock.Advance(auth.ResetTTL)
	if r := e.call("POST", "/api/v1/password/reset", `{"token":"`+late+`","password":"Other#Passw0rd"}`, ""); r.code != 400 || r.errCode() != "link_invalid" {
		t.Fatalf("a link 30 minutes old: %d %v", r.code, r.body)
	}
}

func TestResetNeitherUnlocksNorSkipsTheSecondFactor(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	secret, _ := e.enrolTOTP(e.browser("zoe@acme.example", "Secret#Pass1"))
	for range auth.MaxFailedSignIns {
		e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, "")
	}
	unlockMail := e.lastMail("zoe@acme.example")
	e.call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, "")
	token := e.linkToken(e.lastMail("zoe@acme.example"))
	if r := e.call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"New#Passw0rd"}`, ""); r.code != 204 {
		t.Fatalf("reset: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"New#Passw0rd"}`, ""); r.code != 401 {
		t.Fatalf("the reset lifted the lock: %d %v", r.code, r.body)
	}
	// The self-unlock link needs the (new) password; a wrong one counts against it.
	unlock := e.linkToken(unlockMail)
	if r := e.call("POST", "/api/v1/account/unlock", `{"token":"`+unlock+`","password":"Secret#Pass1"}`, ""); r.code != 400 || !slices.Contains(r.fieldCodes(), "password:wrong_password") {
		t.Fatalf("unlock with the old password: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/account/unlock", `{"token":"`+unlock+`","password":"New#Passw0rd"}`, ""); r.code != 204 {
		t.Fatalf("unlock: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/account/unlock", `{"token":"`+unlock+`","password":"New#Passw0rd"}`, ""); r.code != 400 || r.errCode() != "link_invalid" {
		t.Fatalf("a used unlock link: %d %v", r.code, r.body)
	}
	// Unlocked, the person still gives their second factor.
	e.clock.Advance(time.Minute)
	ch := e.challenge("zoe@acme.example", "New#Passw0rd")
	if r := e.secondStep(ch, "code", e.code(secret, 0)); r.code != 200 {
		t.Fatalf("sign-in after the unlock: %d %v", r.code, r.body)
	}
}

func TestLockMailCarriesASelfUnlockLink(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	for range auth.MaxFailedSignIns {
		e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, "")
	}
	m := e.lastMail("zoe@acme.example")
	if !strings.Contains(m.Subject, "verrouillé") || !strings.Contains(m.Text, testBaseURL+"/#/unlock?token=") {
		t.Fatalf("lock mail: %q\n%s", m.Subject, m.Text)
	}
	if r := e.call("POST", "/api/v1/account/unlock", `{"token":"`+e.linkToken(m)+`","password":"Secret#Pass1"}`, ""); r.code != 204 {
		t.Fatalf("unlock: %d %v", r.code, r.body)
	}
	e.signIn("zoe@acme.example", "Secret#Pass1")
}

// issueActivation gives u a new activation link, as an administrator's invitation
// does, and returns its token.
func (e *env) issueActivation(u portal.User) string {
	e.t.Helper()
	ctx := context.Background()
	acc, err := e.store.Account(ctx, u.OrgID, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	token, ops := e.deps.Auth.IssueActivation(&acc)
	if err := e.store.SaveAccount(ctx, acc, ops...); err != nil {
		e.t.Fatal(err)
	}
	return token
}

func TestActivationLinkLasts48HoursAndAReissueKillsTheOld(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("new@acme.example", "", portal.StatusNotActivated)
	first := e.issueActivation(u)
	second := e.issueActivation(u)
	if r := e.call("POST", "/api/v1/activation", `{"token":"`+first+`","password":"New#Passw0rd"}`, ""); r.code != 400 || r.errCode() != "link_invalid" {
		t.Fatalf("the replaced link: %d %v", r.code, r.body)
	}
	e.clock.Advance(auth.ActivationTTL)
	if r := e.call("POST", "/api/v1/activation", `{"token":"`+second+`","password":"New#Passw0rd"}`, ""); r.code != 400 || r.errCode() != "link_invalid" {
		t.Fatalf("a link 48 hours old: %d %v", r.code, r.body)
	}
	third := e.issueActivation(u)
	r := e.call("POST", "/api/v1/activation", `{"token":"`+third+`","password":"New#Passw0rd","firstName":"Léa","lastName":"Durand"}`, "")
	if r.code != 200 || r.body["email"] != "new@acme.example" {
		t.Fatalf("activation answers the address to sign in with: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/activation", `{"token":"`+third+`","password":"New#Passw0rd"}`, ""); r.code != 400 {
		t.Fatalf("a used activation link: %d %v", r.code, r.body)
	}
	b := e.browser("new@acme.example", "New#Passw0rd")
	me := e.do(b, "GET", "/api/v1/me", "")
	if me.body["firstName"] != "Léa" || me.body["status"] != "ready" {
		t.Fatalf("%v", me.body)
	}
	if m := e.lastMail("new@acme.example"); !strings.Contains(m.Subject, "Bienvenue") {
		t.Fatalf("no welcome: %q", m.Subject)
	}
	if acc, _ := e.store.Account(context.Background(), u.OrgID, u.ID); acc.ActivationLink != "" || acc.PasswordChanged.IsZero() {
		t.Fatalf("%+v", acc.Security)
	}
}
