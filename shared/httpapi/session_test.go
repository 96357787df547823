package httpapi_test

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

func TestSignInSessionAndSignOut(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	token, csrf := e.signIn("Zoe@Acme.example", "Secret#Pass1")
	me := e.call("GET", "/api/v1/session", "", token)
	if me.trips != "2" {
		t.Fatalf("reading the session took %s table round trips, want 2 (session, user)", me.trips)
	}
	if me.code != 200 || me.body["user"].(map[string]any)["email"] != "zoe@acme.example" || me.body["csrf"] != csrf {
		t.Fatalf("session: %d %v", me.code, me.body)
	}
	if strings.Contains(mustJSON(me.body), "passwordHash") {
		t.Fatal("the session answer leaks the password hash")
	}
	if r := e.call("DELETE", "/api/v1/session", "", token); r.code != 403 || r.errCode() != "csrf_failed" {
		t.Fatalf("sign-out without CSRF token: %d %v", r.code, r.body)
	}
	if r := e.call("DELETE", "/api/v1/session", "", token, httpapi.CSRFHeader, csrf); r.code != 204 {
		t.Fatalf("sign-out: %d %v", r.code, r.body)
	}
	if r := e.call("GET", "/api/v1/session", "", token); r.code != 200 || r.body["user"] != nil || r.body["csrf"] != nil {
		t.Fatalf("after sign-out, the session answers that nobody is signed in: %d %v", r.code, r.body)
	}
	// A visitor's browser asks too, on every page: no cookie is no session, not an error.
	if r := e.call("GET", "/api/v1/session", "", ""); r.code != 200 || r.body["user"] != nil {
		t.Fatalf("without a cookie: %d %v", r.code, r.body)
	}
}

func TestSignInRotatesTheSession(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	first, csrf := e.signIn("zoe@acme.example", "Secret#Pass1")
	r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, first, httpapi.CSRFHeader, csrf)
	if r.code != 200 {
		t.Fatalf("second sign-in: %d %v", r.code, r.body)
	}
	second := r.cookies[0].Value
	if second == first {
		t.Fatal("sign-in kept the old session id")
	}
	if e.hasSession(first) {
		t.Fatal("the old session still works after a new sign-in")
	}
	if !e.hasSession(second) {
		t.Fatal("the new session does not work")
	}
}

func TestNoEnumerationOnSignIn(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	unknown := e.call("POST", "/api/v1/session", `{"email":"nobody@acme.example","password":"Secret#Pass1"}`, "")
	wrong := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"nope"}`, "")
	if unknown.code != 401 || wrong.code != 401 || unknown.errCode() != "invalid_credentials" || wrong.errCode() != unknown.errCode() {
		t.Fatalf("unknown %d %v / wrong %d %v", unknown.code, unknown.body, wrong.code, wrong.body)
	}
	if unknown.body["error"].(map[string]any)["message"] != wrong.body["error"].(map[string]any)["message"] {
		t.Fatal("the messages differ between an unknown address and a wrong password")
	}
}

func TestLockoutDoublesAndExpires(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	fail := func(n int) {
		for range n {
			if r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, ""); r.code != 401 {
				t.Fatalf("wrong password: %d", r.code)
			}
		}
	}
	right := func() int {
		return e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "").code
	}
	fail(4)
	if right() != 200 {
		t.Fatal("four failures must not lock")
	}
	fail(5)
	if got := right(); got != 401 {
		t.Fatalf("five failures in a row must lock; right password got %d", got)
	}
	e.clock.Advance(14 * time.Minute)
	if right() != 401 {
		t.Fatal("the first lock lasts 15 minutes")
	}
	e.clock.Advance(2 * time.Minute)
	fail(5) // the lock ended; five more failures lock again, for twice as long
	e.clock.Advance(29 * time.Minute)
	if right() != 401 {
		t.Fatal("the second lock lasts 30 minutes")
	}
	e.clock.Advance(2 * time.Minute)
	if got := right(); got != 200 {
		t.Fatalf("after the second lock the right password works; got %d", got)
	}
	if auth.LockDuration(1) != 15*time.Minute || auth.LockDuration(3) != time.Hour || auth.LockDuration(20) != 24*time.Hour {
		t.Fatal("lock durations do not double up to a day")
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	idle, _ := e.signIn("zoe@acme.example", "Secret#Pass1")
	e.clock.Advance(31 * time.Minute)
	if e.hasSession(idle) {
		t.Fatal("a session idle for 31 minutes still works")
	}
	busy, _ := e.signIn("zoe@acme.example", "Secret#Pass1")
	for elapsed := time.Duration(0); elapsed < 11*time.Hour+40*time.Minute; elapsed += 20 * time.Minute {
		e.clock.Advance(20 * time.Minute)
		if !e.hasSession(busy) {
			t.Fatalf("an active session ended after %v", elapsed+20*time.Minute)
		}
	}
	e.clock.Advance(20 * time.Minute)
	if e.hasSession(busy) {
		t.Fatal("an active session outlived the 12-hour limit")
	}
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "", "Origin", "https://evil.example")
	if r.code != 403 || r.errCode() != "csrf_failed" {
		t.Fatalf("foreign origin: %d %v", r.code, r.body)
	}
	r = e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "", "Origin", "https://portal.example")
	if r.code != 200 {
		t.Fatalf("own origin: %d %v", r.code, r.body)
	}
}

func TestDisabledAccountCannotSignIn(t *testing.T) {
	e := newEnv(t)
	e.addUser("off@acme.example", "Secret#Pass1", portal.StatusDisabled)
	r := e.call("POST", "/api/v1/session", `{"email":"off@acme.example","password":"Secret#Pass1"}`, "")
	if r.code != 403 || r.errCode() != "account_disabled" {
		t.Fatalf("disabled: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/session", `{"email":"off@acme.example","password":"wrong"}`, ""); r.code != 401 {
		t.Fatalf("a wrong password must not reveal the status: %d", r.code)
	}
}

func TestSignInPerIPLimit(t *testing.T) {
	e := newEnv(t)
	for i := range auth.SignInPerIP.Max {
		if r := e.call("POST", "/api/v1/session", `{"email":"x`+string(rune('a'+i%26))+`@acme.example","password":"p"}`, ""); r.code != 401 {
			t.Fatalf("attempt %d: %d", i, r.code)
		}
	}
	if r := e.call("POST", "/api/v1/session", `{"email":"y@acme.example","password":"p"}`, ""); r.code != 429 {
		t.Fatalf("past the per-IP limit: %d %v", r.code, r.body)
	}
	e.clock.Advance(auth.SignInPerIP.Window)
	if r := e.call("POST", "/api/v1/session", `{"email":"y@acme.example","password":"p"}`, ""); r.code != 401 {
		t.Fatalf("the next window starts afresh: %d", r.code)
	}
}

func TestSignInFieldErrors(t *testing.T) {
	e := newEnv(t)
	r := e.call("POST", "/api/v1/session", `{"email":"","password":""}`, "", "Accept-Language", "en")
	fields := r.body["error"].(map[string]any)["fields"].([]any)
	if r.code != 400 || len(fields) != 2 {
		t.Fatalf("%d %v", r.code, r.body)
	}
}

func TestConcurrentWrongPasswordsAllCount(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	var wg sync.WaitGroup
	for range auth.MaxFailedSignIns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, "")
		}()
	}
	wg.Wait()
	if r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, ""); r.code != 401 {
		t.Fatalf("five wrong passwords sent at once must lock the account: %d %v", r.code, r.body)
	}
}

// The Origin must be one of the portal's origins in scheme, host and port; the
// request's own Host proves nothing (behind CloudFront it is the API's domain, and a
// plain-http page on the same host is another origin).
func TestOriginMustMatchSchemeHostAndPort(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	for origin, want := range map[string]int{
		"http://portal.example":       403,
		"https://portal.example:8443": 403,
		"https://portal.example.evil": 403,
		"null":                        403,
		"https://PORTAL.example:443":  200,
		"https://portal.example":      200,
	} {
		req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(`{"email":"zoe@acme.example","password":"Secret#Pass1"}`))
		req.Host = "portal.example"
		req.RemoteAddr = e.ip + ":1"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Origin %s: %d, want %d", origin, rec.Code, want)
		}
	}
}

// Over https the session cookie carries the __Host- prefix (and the log-in-as return
// cookie, scoped to its path, __Secure-), so that no sibling domain or plain-http
// page can plant or overwrite them; a cookie under the plain name is no session.
// Plain names are only for http on this machine, where browsers refuse prefixes.
func TestCookiesArePrefixedOverHTTPS(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "")
	if len(r.cookies) != 1 || r.cookies[0].Name != "__Host-guichet_session" || r.cookies[0].Path != "/" || r.cookies[0].Domain != "" || !r.cookies[0].Secure {
		t.Fatalf("over https: %+v", r.cookies)
	}
	if got := e.call("GET", "/api/v1/session", "", "", "Cookie", "guichet_session="+r.cookies[0].Value); got.code == 200 && got.body["user"] != nil {
		t.Fatalf("a plain-named cookie opened the session: %v", got.body)
	}
	if httpapi.ReturnCookie != "__Secure-guichet_return" {
		t.Fatalf("return cookie: %q", httpapi.ReturnCookie)
	}

	e.deps.BaseURL = "http://localhost:8080"
	e.srv = httpapi.New(e.deps, httpapi.Features())
	r = e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "", "Origin", "http://localhost:8080")
	if len(r.cookies) != 1 || r.cookies[0].Name != "guichet_session" {
		t.Fatalf("over http on this machine: %+v", r.cookies)
	}
	if got := e.call("GET", "/api/v1/session", "", "", "Cookie", "guichet_session="+r.cookies[0].Value); got.code != 200 || got.body["user"] == nil {
		t.Fatalf("the plain-named cookie on this machine: %d %v", got.code, got.body)
	}
}
