package account_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

func TestTOTPSignInAcceptsOneStepOfSkew(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	secret, _ := e.EnrolTOTP(e.Browser("zoe@acme.example", "Secret#Pass1"))
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Subject, "Second facteur ajouté") {
		t.Fatalf("no mail about the new factor: %q", m.Subject)
	}
	for _, c := range []struct {
		skew int64
		ok   bool
	}{{-2, false}, {2, false}, {-1, true}, {0, true}, {1, true}} {
		e.Clock.Advance(2 * time.Minute) // past every step used so far
		ch := e.Challenge("zoe@acme.example", "Secret#Pass1")
		r := e.SecondStep(ch, "code", e.Code(secret, c.skew))
		if c.ok != (r.Code == 200) {
			t.Fatalf("skew %+d steps: %d %v", c.skew, r.Code, r.Body)
		}
		if c.ok && (r.Cookie() == "" || r.Body["csrf"] == nil) {
			t.Fatalf("skew %+d: no session opened: %v", c.skew, r.Body)
		}
		if !c.ok && r.ErrCode() != "invalid_code" {
			t.Fatalf("skew %+d: %v", c.skew, r.Body)
		}
	}
}

func TestTOTPCodeWorksOnceAndChallengeIsBounded(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	secret, _ := e.EnrolTOTP(e.Browser("zoe@acme.example", "Secret#Pass1"))
	e.Clock.Advance(time.Minute)
	code := e.Code(secret, 0)
	if r := e.SecondStep(e.Challenge("zoe@acme.example", "Secret#Pass1"), "code", code); r.Code != 200 {
		t.Fatalf("first use: %d %v", r.Code, r.Body)
	}
	ch := e.Challenge("zoe@acme.example", "Secret#Pass1")
	if r := e.SecondStep(ch, "code", code); r.Code != 401 || r.ErrCode() != "invalid_code" {
		t.Fatalf("a replayed code: %d %v", r.Code, r.Body)
	}
	// A challenge lives five minutes.
	e.Clock.Advance(auth.ChallengeTTL)
	if r := e.SecondStep(ch, "code", e.Code(secret, 0)); r.Code != 401 || r.ErrCode() != "mfa_challenge_invalid" {
		t.Fatalf("an expired challenge: %d %v", r.Code, r.Body)
	}
	// Wrong codes count towards the lock like wrong passwords: the fifth in a row
	// locks the account, and the challenge takes no more answers.
	e.Clock.Advance(time.Minute)
	ch = e.Challenge("zoe@acme.example", "Secret#Pass1")
	for i := range auth.MaxTries {
		if r := e.SecondStep(ch, "code", "000000"); r.Code != 401 || r.ErrCode() != "invalid_code" {
			t.Fatalf("wrong code %d: %d %v", i, r.Code, r.Body)
		}
	}
	if r := e.SecondStep(ch, "code", e.Code(secret, 0)); r.Code != 401 || r.ErrCode() != "mfa_challenge_invalid" {
		t.Fatalf("an exhausted challenge: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, ""); r.Code != 401 || r.ErrCode() != "invalid_credentials" {
		t.Fatalf("five wrong codes must lock the account: %d %v", r.Code, r.Body)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Subject, "verrouillé") {
		t.Fatalf("the lock sent no mail: %q", m.Subject)
	}
	signins := e.Do(browserAfterLock(e, secret), "GET", "/api/v1/me/signins?limit=100", "")
	results := map[string]int{}
	for _, it := range signins.Body["items"].([]any) {
		m := it.(map[string]any)
		results[m["result"].(string)+"/"+m["method"].(string)]++
	}
	if results["mfa_failed/totp"] < 5 || results["ok/totp"] < 2 {
		t.Fatalf("history: %v", results)
	}
}

// browserAfterLock waits out the first lock and signs in with a code.
func browserAfterLock(e *apitest.Env, secret string) apitest.As {
	e.T.Helper()
	e.Clock.Advance(auth.FirstLock + time.Minute)
	r := e.SecondStep(e.Challenge("zoe@acme.example", "Secret#Pass1"), "code", e.Code(secret, 0))
	if r.Code != 200 {
		e.T.Fatalf("after the lock: %d %v", r.Code, r.Body)
	}
	return apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
}

func TestEachRecoveryCodeWorksOnce(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	_, codes := e.EnrolTOTP(e.Browser("zoe@acme.example", "Secret#Pass1"))
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes", len(codes))
	}
	for i, c := range codes[:3] {
		r := e.SecondStep(e.Challenge("zoe@acme.example", "Secret#Pass1"), "recoveryCode", c)
		if r.Code != 200 {
			t.Fatalf("code %d: %d %v", i, r.Code, r.Body)
		}
		r = e.SecondStep(e.Challenge("zoe@acme.example", "Secret#Pass1"), "recoveryCode", c)
		if r.Code != 401 || r.ErrCode() != "invalid_code" {
			t.Fatalf("code %d a second time: %d %v", i, r.Code, r.Body)
		}
	}
	b := browserFromChallenge(e, "zoe@acme.example", "recoveryCode", codes[3])
	me := e.Do(b, "GET", "/api/v1/me", "")
	if sec := me.Body["security"].(map[string]any); sec["recoveryCodesLeft"] != 6.0 || sec["totp"] != true {
		t.Fatalf("security: %v", sec)
	}
}

// browserFromChallenge signs in with a second factor and returns the browser.
func browserFromChallenge(e *apitest.Env, email, field, code string) apitest.As {
	e.T.Helper()
	r := e.SecondStep(e.Challenge(email, "Secret#Pass1"), field, code)
	if r.Code != 200 {
		e.T.Fatalf("second step: %d %v", r.Code, r.Body)
	}
	return apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
}

func TestDisablingTOTPNeedsPasswordAndCode(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	secret, codes := e.EnrolTOTP(b)
	e.Clock.Advance(time.Minute)
	if r := e.Do(b, "POST", "/api/v1/me/totp/disable", `{"password":"wrong","code":"`+e.Code(secret, 0)+`"}`); r.Code != 400 || !slices.Contains(r.FieldCodes(), "password:wrong_password") {
		t.Fatalf("wrong password: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","code":"123456"}`); r.Code != 400 || !slices.Contains(r.FieldCodes(), "code:wrong_code") {
		t.Fatalf("wrong code: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "POST", "/api/v1/me/totp/recovery-codes", `{"password":"Secret#Pass1"}`); r.Code != 200 || len(r.Body["recoveryCodes"].([]any)) != 10 {
		t.Fatalf("new recovery codes: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","recoveryCode":"`+codes[0]+`"}`); r.Code != 400 {
		t.Fatalf("a replaced recovery code still works: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","code":"`+e.Code(secret, 0)+`"}`); r.Code != 204 {
		t.Fatalf("disable: %d %v", r.Code, r.Body)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Subject, "retiré") {
		t.Fatalf("no mail about the removed factor: %q", m.Subject)
	}
	e.SignIn("zoe@acme.example", "Secret#Pass1") // no second step any more
}

func TestOrganisationCanRequireASecondFactor(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember("acme", portal.RoleAdmin, "ada@acme.example", "Secret#Pass1", portal.StatusReady)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	user := e.Browser("zoe@acme.example", "Secret#Pass1")
	if r := e.Do(user, "PUT", "/api/v1/me/company/security", `{"mfaRequired":true}`); r.Code != 403 {
		t.Fatalf("a member set the policy: %d %v", r.Code, r.Body)
	}
	admin := e.Browser("ada@acme.example", "Secret#Pass1")
	r := e.Do(admin, "PUT", "/api/v1/me/company/security", `{"mfaRequired":true}`)
	if r.Code != 200 || r.Body["organisation"].(map[string]any)["mfaRequired"] != true {
		t.Fatalf("policy: %d %v", r.Code, r.Body)
	}
	// The member's next sign-in opens a session that may only enrol.
	r = e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "")
	if r.Code != 200 || r.Body["mfaEnrolmentRequired"] != true {
		t.Fatalf("sign-in: %d %v", r.Code, r.Body)
	}
	restricted := apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
	for _, c := range []struct{ method, path string }{{"GET", "/api/v1/me"}, {"GET", "/api/v1/me/company"}, {"POST", "/api/v1/me/sessions/revoke-others"}} {
		if r := e.Do(restricted, c.method, c.path, ""); r.Code != 403 || r.ErrCode() != "mfa_enrolment_required" {
			t.Fatalf("%s %s during enrolment: %d %v", c.method, c.path, r.Code, r.Body)
		}
	}
	if r := e.Do(restricted, "GET", "/api/v1/session", ""); r.Code != 200 || r.Body["mfaEnrolmentRequired"] != true {
		t.Fatalf("the session must stay readable: %d %v", r.Code, r.Body)
	}
	start := e.Do(restricted, "POST", "/api/v1/me/totp/start", "")
	secret := start.Body["secret"].(string)
	done := e.Do(restricted, "POST", "/api/v1/me/totp/confirm", `{"code":"`+e.Code(secret, 0)+`"}`)
	if done.Code != 200 || done.Cookie() == "" || done.Cookie() == restricted.Token || done.Body["csrf"] == restricted.CSRF {
		t.Fatalf("enrolment must move the session to a new id: %d %v", done.Code, done.Body)
	}
	if e.SignedIn(restricted) {
		t.Fatal("the restricted session outlived the enrolment")
	}
	full := apitest.As{Token: done.Cookie(), CSRF: done.Body["csrf"].(string)}
	if r := e.Do(full, "GET", "/api/v1/me", ""); r.Code != 200 {
		t.Fatalf("after enrolment: %d %v", r.Code, r.Body)
	}
	// The policy keeps the last factor.
	e.Clock.Advance(time.Minute)
	if r := e.Do(full, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","code":"`+e.Code(secret, 0)+`"}`); r.Code != 409 || r.ErrCode() != "mfa_required_by_organisation" {
		t.Fatalf("disabling the last factor: %d %v", r.Code, r.Body)
	}
	entries, _, err := e.Store.AuditPage(context.Background(), "acme", 10, "")
	if err != nil || len(entries) != 1 || entries[0].Action != "org.mfa_policy" {
		t.Fatalf("audit: %+v %v", entries, err)
	}
}

// TestOpenSessionsFollowTheSecondFactorPolicy turns the policy on while people are
// signed in: within a minute, the session of a member without a second factor may
// only enrol one (as a sign-in would open it), while a member with one, and a
// log-in-as, keep theirs whole.
func TestOpenSessionsFollowTheSecondFactorPolicy(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember("acme", portal.RoleAdmin, "ada@acme.example", "Secret#Pass1", portal.StatusReady)
	zoe := e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.AddUser("theo@acme.example", "Secret#Pass1", portal.StatusReady)
	admin := e.Browser("ada@acme.example", "Secret#Pass1")
	plain := e.Browser("zoe@acme.example", "Secret#Pass1")
	keyed := e.Browser("theo@acme.example", "Secret#Pass1")
	e.EnrolTOTP(keyed)
	_, loggedInAs, _ := e.Impersonate(admin, `{"userId":"`+zoe.ID+`","reason":"Check the policy with Zoé"}`)
	if r := e.Do(admin, "PUT", "/api/v1/me/company/security", `{"mfaRequired":true}`); r.Code != 200 {
		t.Fatalf("policy: %d %v", r.Code, r.Body)
	}
	if r := e.Do(plain, "GET", "/api/v1/me", ""); r.Code != 200 {
		t.Fatalf("within the minute the session is still whole: %d %v", r.Code, r.Body)
	}
	e.Clock.Advance(61 * time.Second)
	for _, b := range []apitest.As{plain, keyed, loggedInAs} {
		if r := e.Do(b, "GET", "/api/v1/session", ""); r.Code != 200 || r.Body["mfaEnrolmentRequired"] == true {
			t.Fatalf("the read that slides the session answers as before: %d %v", r.Code, r.Body)
		}
	}
	if r := e.Do(plain, "GET", "/api/v1/me", ""); r.Code != 403 || r.ErrCode() != "mfa_enrolment_required" {
		t.Fatalf("a member without a second factor: %d %v", r.Code, r.Body)
	}
	if r := e.Do(plain, "GET", "/api/v1/session", ""); r.Code != 200 || r.Body["mfaEnrolmentRequired"] != true {
		t.Fatalf("the session says it may only enrol: %d %v", r.Code, r.Body)
	}
	if r := e.Do(plain, "POST", "/api/v1/me/totp/start", ""); r.Code != 200 {
		t.Fatalf("and it may enrol: %d %v", r.Code, r.Body)
	}
	for name, b := range map[string]apitest.As{"a member with a second factor": keyed, "a log-in-as": loggedInAs} {
		if r := e.Do(b, "GET", "/api/v1/me", ""); r.Code != 200 {
			t.Fatalf("%s: %d %v", name, r.Code, r.Body)
		}
	}
}

// TestSecondFactorGuessesAfterSignInCountTowardsTheLock guesses codes of the app
// from a signed-in session, with the right password: wrong codes given to
// POST /me/totp/disable count towards the account's lock together with those of a
// sign-in's second step, and the lock refuses even the right code afterwards.
func TestSecondFactorGuessesAfterSignInCountTowardsTheLock(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	secret, codes := e.EnrolTOTP(b)
	e.Clock.Advance(time.Minute)
	ch := e.Challenge("zoe@acme.example", "Secret#Pass1")
	for range 2 {
		if r := e.SecondStep(ch, "code", "000000"); r.Code != 401 || r.ErrCode() != "invalid_code" {
			t.Fatalf("wrong code at sign-in: %d %v", r.Code, r.Body)
		}
	}
	guesses := []string{`"code":"111111"`, `"recoveryCode":"AAAA-BBBB"`}
	for i := range auth.MaxFailedSignIns - 3 {
		r := e.Do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1",`+guesses[i%2]+`}`)
		if r.Code != 400 || !slices.Contains(r.FieldCodes(), "code:wrong_code") {
			t.Fatalf("wrong code %d: %d %v", i, r.Code, r.Body)
		}
	}
	r := e.Do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","code":"222222"}`)
	if r.Code != 403 || r.ErrCode() != "account_locked" {
		t.Fatalf("the fifth wrong code in a row must lock the account: %d %v", r.Code, r.Body)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Subject, "verrouillé") {
		t.Fatalf("the lock sent no mail: %q", m.Subject)
	}
	for _, right := range []string{`"code":"` + e.Code(secret, 0) + `"`, `"recoveryCode":"` + codes[0] + `"`} {
		if r := e.Do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1",`+right+`}`); r.Code != 403 || r.ErrCode() != "account_locked" {
			t.Fatalf("a right code while locked: %d %v", r.Code, r.Body)
		}
	}
	if r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, ""); r.Code != 401 {
		t.Fatalf("the lock must hold at sign-in too: %d %v", r.Code, r.Body)
	}
	if me := e.Do(b, "GET", "/api/v1/me", ""); me.Body["security"].(map[string]any)["totp"] != true {
		t.Fatalf("the app was removed: %v", me.Body)
	}
}

// TestConfirmingAnAppCountsWrongCodes counts wrong first codes of a new app as
// wrong codes, like every place that takes a code after sign-in.
func TestConfirmingAnAppCountsWrongCodes(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	if r := e.Do(b, "POST", "/api/v1/me/totp/start", ""); r.Code != 200 {
		t.Fatalf("start: %d %v", r.Code, r.Body)
	}
	for i := range auth.MaxFailedSignIns - 1 {
		if r := e.Do(b, "POST", "/api/v1/me/totp/confirm", `{"code":"000000"}`); r.Code != 400 || !slices.Contains(r.FieldCodes(), "code:wrong_code") {
			t.Fatalf("wrong code %d: %d %v", i, r.Code, r.Body)
		}
	}
	if r := e.Do(b, "POST", "/api/v1/me/totp/confirm", `{"code":"000000"}`); r.Code != 403 || r.ErrCode() != "account_locked" {
		t.Fatalf("the fifth wrong code: %d %v", r.Code, r.Body)
	}
}
