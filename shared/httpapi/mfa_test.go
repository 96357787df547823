package httpapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
)

// code is the authenticator app's code at the clock's time, shifted by skew steps.
func (e *env) code(secret string, skew int64) string {
	e.t.Helper()
	c, err := auth.TOTPCode(secret, auth.TOTPStep(e.clock.Now())+skew)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// enrolTOTP enrols an authenticator app for the signed-in browser and returns its
// secret and recovery codes.
func (e *env) enrolTOTP(b as) (string, []string) {
	e.t.Helper()
	r := e.do(b, "POST", "/api/v1/me/totp/start", "")
	if r.code != 200 || !strings.HasPrefix(r.body["qrCode"].(string), "data:image/svg+xml;base64,") ||
		!strings.HasPrefix(r.body["otpauthUri"].(string), "otpauth://totp/") {
		e.t.Fatalf("start: %d %v", r.code, r.body)
	}
	secret := r.body["secret"].(string)
	r = e.do(b, "POST", "/api/v1/me/totp/confirm", `{"code":"`+e.code(secret, 0)+`"}`)
	if r.code != 200 {
		e.t.Fatalf("confirm: %d %v", r.code, r.body)
	}
	var codes []string
	for _, c := range r.body["recoveryCodes"].([]any) {
		codes = append(codes, c.(string))
	}
	return secret, codes
}

// challenge signs in with a password and returns the second step's challenge.
func (e *env) challenge(email, password string) string {
	e.t.Helper()
	r := e.call("POST", "/api/v1/session", `{"email":"`+email+`","password":"`+password+`"}`, "")
	if r.code != 200 || r.body["mfaRequired"] != true || r.cookie() != "" {
		e.t.Fatalf("expected a challenge and no session: %d %v", r.code, r.body)
	}
	return r.body["challenge"].(string)
}

func (e *env) secondStep(challenge, field, code string) resp {
	e.t.Helper()
	return e.call("POST", "/api/v1/session/mfa", `{"challenge":"`+challenge+`","`+field+`":"`+code+`"}`, "")
}

func TestTOTPSignInAcceptsOneStepOfSkew(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	secret, _ := e.enrolTOTP(e.browser("zoe@acme.example", "Secret#Pass1"))
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Subject, "Second facteur ajouté") {
		t.Fatalf("no mail about the new factor: %q", m.Subject)
	}
	for _, c := range []struct {
		skew int64
		ok   bool
	}{{-2, false}, {2, false}, {-1, true}, {0, true}, {1, true}} {
		e.clock.Advance(2 * time.Minute) // past every step used so far
		ch := e.challenge("zoe@acme.example", "Secret#Pass1")
		r := e.secondStep(ch, "code", e.code(secret, c.skew))
		if c.ok != (r.code == 200) {
			t.Fatalf("skew %+d steps: %d %v", c.skew, r.code, r.body)
		}
		if c.ok && (r.cookie() == "" || r.body["csrf"] == nil) {
			t.Fatalf("skew %+d: no session opened: %v", c.skew, r.body)
		}
		if !c.ok && r.errCode() != "invalid_code" {
			t.Fatalf("skew %+d: %v", c.skew, r.body)
		}
	}
}

func TestTOTPCodeWorksOnceAndChallengeIsBounded(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	secret, _ := e.enrolTOTP(e.browser("zoe@acme.example", "Secret#Pass1"))
	e.clock.Advance(time.Minute)
	code := e.code(secret, 0)
	if r := e.secondStep(e.challenge("zoe@acme.example", "Secret#Pass1"), "code", code); r.code != 200 {
		t.Fatalf("first use: %d %v", r.code, r.body)
	}
	ch := e.challenge("zoe@acme.example", "Secret#Pass1")
	if r := e.secondStep(ch, "code", code); r.code != 401 || r.errCode() != "invalid_code" {
		t.Fatalf("a replayed code: %d %v", r.code, r.body)
	}
	// A challenge lives five minutes.
	e.clock.Advance(auth.ChallengeTTL)
	if r := e.secondStep(ch, "code", e.code(secret, 0)); r.code != 401 || r.errCode() != "mfa_challenge_invalid" {
		t.Fatalf("an expired challenge: %d %v", r.code, r.body)
	}
	// Wrong codes count towards the lock like wrong passwords: the fifth in a row
	// locks the account, and the challenge takes no more answers.
	e.clock.Advance(time.Minute)
	ch = e.challenge("zoe@acme.example", "Secret#Pass1")
	for i := range auth.MaxTries {
		if r := e.secondStep(ch, "code", "000000"); r.code != 401 || r.errCode() != "invalid_code" {
			t.Fatalf("wrong code %d: %d %v", i, r.code, r.body)
		}
	}
	if r := e.secondStep(ch, "code", e.code(secret, 0)); r.code != 401 || r.errCode() != "mfa_challenge_invalid" {
		t.Fatalf("an exhausted challenge: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, ""); r.code != 401 || r.errCode() != "invalid_credentials" {
		t.Fatalf("five wrong codes must lock the account: %d %v", r.code, r.body)
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Subject, "verrouillé") {
		t.Fatalf("the lock sent no mail: %q", m.Subject)
	}
	signins := e.do(e.browserAfterLock(secret), "GET", "/api/v1/me/signins?limit=100", "")
	results := map[string]int{}
	for _, it := range signins.body["items"].([]any) {
		m := it.(map[string]any)
		results[m["result"].(string)+"/"+m["method"].(string)]++
	}
	if results["mfa_failed/totp"] < 5 || results["ok/totp"] < 2 {
		t.Fatalf("history: %v", results)
	}
}

// browserAfterLock waits out the first lock and signs in with a code.
func (e *env) browserAfterLock(secret string) as {
	e.t.Helper()
	e.clock.Advance(auth.FirstLock + time.Minute)
	r := e.secondStep(e.challenge("zoe@acme.example", "Secret#Pass1"), "code", e.code(secret, 0))
	if r.code != 200 {
		e.t.Fatalf("after the lock: %d %v", r.code, r.body)
	}
	return as{r.cookie(), r.body["csrf"].(string)}
}

func TestEachRecoveryCodeWorksOnce(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	_, codes := e.enrolTOTP(e.browser("zoe@acme.example", "Secret#Pass1"))
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes", len(codes))
	}
	for i, c := range codes[:3] {
		r := e.secondStep(e.challenge("zoe@acme.example", "Secret#Pass1"), "recoveryCode", c)
		if r.code != 200 {
			t.Fatalf("code %d: %d %v", i, r.code, r.body)
		}
		r = e.secondStep(e.challenge("zoe@acme.example", "Secret#Pass1"), "recoveryCode", c)
		if r.code != 401 || r.errCode() != "invalid_code" {
			t.Fatalf("code %d a second time: %d %v", i, r.code, r.body)
		}
	}
	b := e.browserFromChallenge("zoe@acme.example", "recoveryCode", codes[3])
	me := e.do(b, "GET", "/api/v1/me", "")
	if sec := me.body["security"].(map[string]any); sec["recoveryCodesLeft"] != 6.0 || sec["totp"] != true {
		t.Fatalf("security: %v", sec)
	}
}

// browserFromChallenge signs in with a second factor and returns the browser.
func (e *env) browserFromChallenge(email, field, code string) as {
	e.t.Helper()
	r := e.secondStep(e.challenge(email, "Secret#Pass1"), field, code)
	if r.code != 200 {
		e.t.Fatalf("second step: %d %v", r.code, r.body)
	}
	return as{r.cookie(), r.body["csrf"].(string)}
}

func TestDisablingTOTPNeedsPasswordAndCode(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	secret, codes := e.enrolTOTP(b)
	e.clock.Advance(time.Minute)
	if r := e.do(b, "POST", "/api/v1/me/totp/disable", `{"password":"wrong","code":"`+e.code(secret, 0)+`"}`); r.code != 400 || !slices.Contains(r.fieldCodes(), "password:wrong_password") {
		t.Fatalf("wrong password: %d %v", r.code, r.body)
	}
	if r := e.do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","code":"123456"}`); r.code != 400 || !slices.Contains(r.fieldCodes(), "code:wrong_code") {
		t.Fatalf("wrong code: %d %v", r.code, r.body)
	}
	if r := e.do(b, "POST", "/api/v1/me/totp/recovery-codes", `{"password":"Secret#Pass1"}`); r.code != 200 || len(r.body["recoveryCodes"].([]any)) != 10 {
		t.Fatalf("new recovery codes: %d %v", r.code, r.body)
	}
	if r := e.do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","recoveryCode":"`+codes[0]+`"}`); r.code != 400 {
		t.Fatalf("a replaced recovery code still works: %d %v", r.code, r.body)
	}
	if r := e.do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","code":"`+e.code(secret, 0)+`"}`); r.code != 204 {
		t.Fatalf("disable: %d %v", r.code, r.body)
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Subject, "retiré") {
		t.Fatalf("no mail about the removed factor: %q", m.Subject)
	}
	e.signIn("zoe@acme.example", "Secret#Pass1") // no second step any more
}

func TestOrganisationCanRequireASecondFactor(t *testing.T) {
	e := newEnv(t)
	e.addMember("acme", portal.RoleAdmin, "ada@acme.example", "Secret#Pass1", portal.StatusReady)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	user := e.browser("zoe@acme.example", "Secret#Pass1")
	if r := e.do(user, "PUT", "/api/v1/me/company/security", `{"mfaRequired":true}`); r.code != 403 {
		t.Fatalf("a member set the policy: %d %v", r.code, r.body)
	}
	admin := e.browser("ada@acme.example", "Secret#Pass1")
	r := e.do(admin, "PUT", "/api/v1/me/company/security", `{"mfaRequired":true}`)
	if r.code != 200 || r.body["organisation"].(map[string]any)["mfaRequired"] != true {
		t.Fatalf("policy: %d %v", r.code, r.body)
	}
	// The member's next sign-in opens a session that may only enrol.
	r = e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "")
	if r.code != 200 || r.body["mfaEnrolmentRequired"] != true {
		t.Fatalf("sign-in: %d %v", r.code, r.body)
	}
	restricted := as{r.cookie(), r.body["csrf"].(string)}
	for _, c := range []struct{ method, path string }{{"GET", "/api/v1/me"}, {"GET", "/api/v1/me/company"}, {"POST", "/api/v1/me/sessions/revoke-others"}} {
		if r := e.do(restricted, c.method, c.path, ""); r.code != 403 || r.errCode() != "mfa_enrolment_required" {
			t.Fatalf("%s %s during enrolment: %d %v", c.method, c.path, r.code, r.body)
		}
	}
	if r := e.do(restricted, "GET", "/api/v1/session", ""); r.code != 200 || r.body["mfaEnrolmentRequired"] != true {
		t.Fatalf("the session must stay readable: %d %v", r.code, r.body)
	}
	start := e.do(restricted, "POST", "/api/v1/me/totp/start", "")
	secret := start.body["secret"].(string)
	done := e.do(restricted, "POST", "/api/v1/me/totp/confirm", `{"code":"`+e.code(secret, 0)+`"}`)
	if done.code != 200 || done.cookie() == "" || done.cookie() == restricted.token || done.body["csrf"] == restricted.csrf {
		t.Fatalf("enrolment must move the session to a new id: %d %v", done.code, done.body)
	}
	if e.signedIn(restricted) {
		t.Fatal("the restricted session outlived the enrolment")
	}
	full := as{done.cookie(), done.body["csrf"].(string)}
	if r := e.do(full, "GET", "/api/v1/me", ""); r.code != 200 {
		t.Fatalf("after enrolment: %d %v", r.code, r.body)
	}
	// The policy keeps the last factor.
	e.clock.Advance(time.Minute)
	if r := e.do(full, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","code":"`+e.code(secret, 0)+`"}`); r.code != 409 || r.errCode() != "mfa_required_by_organisation" {
		t.Fatalf("disabling the last factor: %d %v", r.code, r.body)
	}
	entries, _, err := e.store.AuditPage(context.Background(), "acme", 10, "")
	if err != nil || len(entries) != 1 || entries[0].Action != "org.mfa_policy" {
		t.Fatalf("audit: %+v %v", entries, err)
	}
}

// TestOpenSessionsFollowTheSecondFactorPolicy turns the policy on while people are
// signed in: within a minute, the session of a member without a second factor may
// only enrol one (as a sign-in would open it), while a member with one, and a
// log-in-as, keep theirs whole.
func TestOpenSessionsFollowTheSecondFactorPolicy(t *testing.T) {
	e := newEnv(t)
	e.addMember("acme", portal.RoleAdmin, "ada@acme.example", "Secret#Pass1", portal.StatusReady)
	zoe := e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	e.addUser("theo@acme.example", "Secret#Pass1", portal.StatusReady)
	admin := e.browser("ada@acme.example", "Secret#Pass1")
	plain := e.browser("zoe@acme.example", "Secret#Pass1")
	keyed := e.browser("theo@acme.example", "Secret#Pass1")
	e.enrolTOTP(keyed)
	_, loggedInAs, _ := e.impersonate(admin, `{"userId":"`+zoe.ID+`","reason":"Check the policy with Zoé"}`)
	if r := e.do(admin, "PUT", "/api/v1/me/company/security", `{"mfaRequired":true}`); r.code != 200 {
		t.Fatalf("policy: %d %v", r.code, r.body)
	}
	if r := e.do(plain, "GET", "/api/v1/me", ""); r.code != 200 {
		t.Fatalf("within the minute the session is still whole: %d %v", r.code, r.body)
	}
	e.clock.Advance(61 * time.Second)
	for _, b := range []as{plain, keyed, loggedInAs} {
		if r := e.do(b, "GET", "/api/v1/session", ""); r.code != 200 || r.body["mfaEnrolmentRequired"] == true {
			t.Fatalf("the read that slides the session answers as before: %d %v", r.code, r.body)
		}
	}
	if r := e.do(plain, "GET", "/api/v1/me", ""); r.code != 403 || r.errCode() != "mfa_enrolment_required" {
		t.Fatalf("a member without a second factor: %d %v", r.code, r.body)
	}
	if r := e.do(plain, "GET", "/api/v1/session", ""); r.code != 200 || r.body["mfaEnrolmentRequired"] != true {
		t.Fatalf("the session says it may only enrol: %d %v", r.code, r.body)
	}
	if r := e.do(plain, "POST", "/api/v1/me/totp/start", ""); r.code != 200 {
		t.Fatalf("and it may enrol: %d %v", r.code, r.body)
	}
	for name, b := range map[string]as{"a member with a second factor": keyed, "a log-in-as": loggedInAs} {
		if r := e.do(b, "GET", "/api/v1/me", ""); r.code != 200 {
			t.Fatalf("%s: %d %v", name, r.code, r.body)
		}
	}
}

// TestSecondFactorGuessesAfterSignInCountTowardsTheLock guesses codes of the app
// from a signed-in session, with the right password: wrong codes given to
// POST /me/totp/disable count towards the account's lock together with those of a
// sign-in's second step, and the lock refuses even the right code afterwards.
func TestSecondFactorGuessesAfterSignInCountTowardsTheLock(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	secret, codes := e.enrolTOTP(b)
	e.clock.Advance(time.Minute)
	ch := e.challenge("zoe@acme.example", "Secret#Pass1")
	for range 2 {
		if r := e.secondStep(ch, "code", "000000"); r.code != 401 || r.errCode() != "invalid_code" {
			t.Fatalf("wrong code at sign-in: %d %v", r.code, r.body)
		}
	}
	guesses := []string{`"code":"111111"`, `"recoveryCode":"AAAA-BBBB"`}
	for i := range auth.MaxFailedSignIns - 3 {
		r := e.do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1",`+guesses[i%2]+`}`)
		if r.code != 400 || !slices.Contains(r.fieldCodes(), "code:wrong_code") {
			t.Fatalf("wrong code %d: %d %v", i, r.code, r.body)
		}
	}
	r := e.do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1","code":"222222"}`)
	if r.code != 403 || r.errCode() != "account_locked" {
		t.Fatalf("the fifth wrong code in a row must lock the account: %d %v", r.code, r.body)
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Subject, "verrouillé") {
		t.Fatalf("the lock sent no mail: %q", m.Subject)
	}
	for _, right := range []string{`"code":"` + e.code(secret, 0) + `"`, `"recoveryCode":"` + codes[0] + `"`} {
		if r := e.do(b, "POST", "/api/v1/me/totp/disable", `{"password":"Secret#Pass1",`+right+`}`); r.code != 403 || r.errCode() != "account_locked" {
			t.Fatalf("a right code while locked: %d %v", r.code, r.body)
		}
	}
	if r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, ""); r.code != 401 {
		t.Fatalf("the lock must hold at sign-in too: %d %v", r.code, r.body)
	}
	if me := e.do(b, "GET", "/api/v1/me", ""); me.body["security"].(map[string]any)["totp"] != true {
		t.Fatalf("the app was removed: %v", me.body)
	}
}

// TestConfirmingAnAppCountsWrongCodes counts wrong first codes of a new app as
// wrong codes, like every place that takes a code after sign-in.
func TestConfirmingAnAppCountsWrongCodes(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	if r := e.do(b, "POST", "/api/v1/me/totp/start", ""); r.code != 200 {
		t.Fatalf("start: %d %v", r.code, r.body)
	}
	for i := range auth.MaxFailedSignIns - 1 {
		if r := e.do(b, "POST", "/api/v1/me/totp/confirm", `{"code":"000000"}`); r.code != 400 || !slices.Contains(r.fieldCodes(), "code:wrong_code") {
			t.Fatalf("wrong code %d: %d %v", i, r.code, r.body)
		}
	}
	if r := e.do(b, "POST", "/api/v1/me/totp/confirm", `{"code":"000000"}`); r.code != 403 || r.errCode() != "account_locked" {
		t.Fatalf("the fifth wrong code: %d %v", r.code, r.body)
	}
}
