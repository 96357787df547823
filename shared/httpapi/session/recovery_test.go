package session_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

func TestForgotPasswordDoesNotTellWhetherTheAddressExists(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.AddUser("off@acme.example", "Secret#Pass1", portal.StatusDisabled)
	var answers []string
	for _, email := range []string{"zoe@acme.example", "nobody@acme.example", "off@acme.example"} {
		r := e.Call("POST", "/api/v1/password/forgot", `{"email":"`+email+`"}`, "")
		answers = append(answers, fmt.Sprint(r.Code, r.Body))
	}
	if answers[0] != "202 map[]" || answers[1] != answers[0] || answers[2] != answers[0] {
		t.Fatalf("answers differ: %v", answers)
	}
	if len(e.Mails("zoe@acme.example")) != 1 || len(e.Mails("nobody@acme.example")) != 0 || len(e.Mails("off@acme.example")) != 0 {
		t.Fatal("only the account that can sign in gets a link")
	}
	// Past three requests an hour the mailbox gets nothing more; the answer is the same.
	for range 3 {
		if r := e.Call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, ""); r.Code != 202 {
			t.Fatalf("%d %v", r.Code, r.Body)
		}
	}
	if n := len(e.Mails("zoe@acme.example")); n != auth.ForgotPerAccount.Max {
		t.Fatalf("%d reset mails, want %d", n, auth.ForgotPerAccount.Max)
	}
	for range auth.ForgotPerIP.Max {
		e.Call("POST", "/api/v1/password/forgot", `{"email":"x@acme.example"}`, "")
	}
	if r := e.Call("POST", "/api/v1/password/forgot", `{"email":"x@acme.example"}`, ""); r.Code != 429 {
		t.Fatalf("past the per-address limit: %d", r.Code)
	}
}

func TestResetLinkIsSingleUseExpiresAndEndsSessions(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	old := e.Browser("zoe@acme.example", "Secret#Pass1")
	e.Call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, "")
	token := e.LinkToken(e.LastMail("zoe@acme.example"))
	weak := e.Call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"short"}`, "")
	if weak.Code != 400 || !slices.Contains(weak.FieldCodes(), "password:password_too_short") {
		t.Fatalf("a weak password: %d %v", weak.Code, weak.Body)
	}
	if r := e.Call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"New#Passw0rd"}`, ""); r.Code != 204 {
		t.Fatalf("reset: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"Other#Passw0rd"}`, ""); r.Code != 400 || r.ErrCode() != "link_invalid" {
		t.Fatalf("a used link: %d %v", r.Code, r.Body)
	}
	if e.SignedIn(old) {
		t.Fatal("a session outlived the reset")
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Subject, "mot de passe Guichet a été changé") {
		t.Fatalf("no notice of the change: %q", m.Subject)
	}
	e.SignIn("zoe@acme.example", "New#Passw0rd")

	e.Call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, "")
	late := e.LinkToken(e.LastMail("zoe@acme.example"))
	e.Clock.Advance(auth.ResetTTL)
	if r := e.Call("POST", "/api/v1/password/reset", `{"token":"`+late+`","password":"Other#Passw0rd"}`, ""); r.Code != 400 || r.ErrCode() != "link_invalid" {
		t.Fatalf("a link 30 minutes old: %d %v", r.Code, r.Body)
	}
}

func TestResetNeitherUnlocksNorSkipsTheSecondFactor(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	secret, _ := e.EnrolTOTP(e.Browser("zoe@acme.example", "Secret#Pass1"))
	for range auth.MaxFailedSignIns {
		e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, "")
	}
	unlockMail := e.LastMail("zoe@acme.example")
	e.Call("POST", "/api/v1/password/forgot", `{"email":"zoe@acme.example"}`, "")
	token := e.LinkToken(e.LastMail("zoe@acme.example"))
	if r := e.Call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"New#Passw0rd"}`, ""); r.Code != 204 {
		t.Fatalf("reset: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"New#Passw0rd"}`, ""); r.Code != 401 {
		t.Fatalf("the reset lifted the lock: %d %v", r.Code, r.Body)
	}
	// The self-unlock link needs the (new) password; a wrong one counts against it.
	unlock := e.LinkToken(unlockMail)
	if r := e.Call("POST", "/api/v1/account/unlock", `{"token":"`+unlock+`","password":"Secret#Pass1"}`, ""); r.Code != 400 || !slices.Contains(r.FieldCodes(), "password:wrong_password") {
		t.Fatalf("unlock with the old password: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/account/unlock", `{"token":"`+unlock+`","password":"New#Passw0rd"}`, ""); r.Code != 204 {
		t.Fatalf("unlock: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/account/unlock", `{"token":"`+unlock+`","password":"New#Passw0rd"}`, ""); r.Code != 400 || r.ErrCode() != "link_invalid" {
		t.Fatalf("a used unlock link: %d %v", r.Code, r.Body)
	}
	// Unlocked, the person still gives their second factor.
	e.Clock.Advance(time.Minute)
	ch := e.Challenge("zoe@acme.example", "New#Passw0rd")
	if r := e.SecondStep(ch, "code", e.Code(secret, 0)); r.Code != 200 {
		t.Fatalf("sign-in after the unlock: %d %v", r.Code, r.Body)
	}
}

func TestLockMailCarriesASelfUnlockLink(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	for range auth.MaxFailedSignIns {
		e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, "")
	}
	m := e.LastMail("zoe@acme.example")
	if !strings.Contains(m.Subject, "verrouillé") || !strings.Contains(m.Text, apitest.TestBaseURL+"/#/unlock?token=") {
		t.Fatalf("lock mail: %q\n%s", m.Subject, m.Text)
	}
	if r := e.Call("POST", "/api/v1/account/unlock", `{"token":"`+e.LinkToken(m)+`","password":"Secret#Pass1"}`, ""); r.Code != 204 {
		t.Fatalf("unlock: %d %v", r.Code, r.Body)
	}
	e.SignIn("zoe@acme.example", "Secret#Pass1")
}

// issueActivation gives u a new activation link, as an administrator's invitation
// does, and returns its token.
func issueActivation(e *apitest.Env, u portal.User) string {
	e.T.Helper()
	ctx := context.Background()
	acc, err := e.Store.Account(ctx, u.OrgID, u.ID)
	if err != nil {
		e.T.Fatal(err)
	}
	token, ops := e.Deps.Auth.IssueActivation(&acc)
	if err := e.Store.SaveAccount(ctx, acc, ops...); err != nil {
		e.T.Fatal(err)
	}
	return token
}

func TestActivationLinkLasts48HoursAndAReissueKillsTheOld(t *testing.T) {
	e := apitest.NewEnv(t)
	u := e.AddUser("new@acme.example", "", portal.StatusNotActivated)
	first := issueActivation(e, u)
	second := issueActivation(e, u)
	if r := e.Call("POST", "/api/v1/activation", `{"token":"`+first+`","password":"New#Passw0rd"}`, ""); r.Code != 400 || r.ErrCode() != "link_invalid" {
		t.Fatalf("the replaced link: %d %v", r.Code, r.Body)
	}
	e.Clock.Advance(auth.ActivationTTL)
	if r := e.Call("POST", "/api/v1/activation", `{"token":"`+second+`","password":"New#Passw0rd"}`, ""); r.Code != 400 || r.ErrCode() != "link_invalid" {
		t.Fatalf("a link 48 hours old: %d %v", r.Code, r.Body)
	}
	third := issueActivation(e, u)
	r := e.Call("POST", "/api/v1/activation", `{"token":"`+third+`","password":"New#Passw0rd","firstName":"Léa","lastName":"Durand"}`, "")
	if r.Code != 200 || r.Body["email"] != "new@acme.example" {
		t.Fatalf("activation answers the address to sign in with: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/activation", `{"token":"`+third+`","password":"New#Passw0rd"}`, ""); r.Code != 400 {
		t.Fatalf("a used activation link: %d %v", r.Code, r.Body)
	}
	b := e.Browser("new@acme.example", "New#Passw0rd")
	me := e.Do(b, "GET", "/api/v1/me", "")
	if me.Body["firstName"] != "Léa" || me.Body["status"] != "ready" {
		t.Fatalf("%v", me.Body)
	}
	if m := e.LastMail("new@acme.example"); !strings.Contains(m.Subject, "Bienvenue") {
		t.Fatalf("no welcome: %q", m.Subject)
	}
	if acc, _ := e.Store.Account(context.Background(), u.OrgID, u.ID); acc.ActivationLink != "" || acc.PasswordChanged.IsZero() {
		t.Fatalf("%+v", acc.Security)
	}
}
