package session_test

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/httpapi/impersonation"
	"github.com/guichet/guichet/shared/portal"
)

func TestSignInSessionAndSignOut(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	token, csrf := e.SignIn("Zoe@Acme.example", "Secret#Pass1")
	me := e.Call("GET", "/api/v1/session", "", token)
	if me.Trips != "2" {
		t.Fatalf("reading the session took %s table round trips, want 2 (session, user)", me.Trips)
	}
	if me.Code != 200 || me.Body["user"].(map[string]any)["email"] != "zoe@acme.example" || me.Body["csrf"] != csrf {
		t.Fatalf("session: %d %v", me.Code, me.Body)
	}
	if strings.Contains(apitest.MustJSON(me.Body), "passwordHash") {
		t.Fatal("the session answer leaks the password hash")
	}
	if r := e.Call("DELETE", "/api/v1/session", "", token); r.Code != 403 || r.ErrCode() != "csrf_failed" {
		t.Fatalf("sign-out without CSRF token: %d %v", r.Code, r.Body)
	}
	if r := e.Call("DELETE", "/api/v1/session", "", token, httpapi.CSRFHeader, csrf); r.Code != 204 {
		t.Fatalf("sign-out: %d %v", r.Code, r.Body)
	}
	if r := e.Call("GET", "/api/v1/session", "", token); r.Code != 200 || r.Body["user"] != nil || r.Body["csrf"] != nil {
		t.Fatalf("after sign-out, the session answers that nobody is signed in: %d %v", r.Code, r.Body)
	}
	// A visitor's browser asks too, on every page: no cookie is no session, not an error.
	if r := e.Call("GET", "/api/v1/session", "", ""); r.Code != 200 || r.Body["user"] != nil {
		t.Fatalf("without a cookie: %d %v", r.Code, r.Body)
	}
}

func TestSignInRotatesTheSession(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	first, csrf := e.SignIn("zoe@acme.example", "Secret#Pass1")
	r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, first, httpapi.CSRFHeader, csrf)
	if r.Code != 200 {
		t.Fatalf("second sign-in: %d %v", r.Code, r.Body)
	}
	second := r.Cookies[0].Value
	if second == first {
		t.Fatal("sign-in kept the old session id")
	}
	if e.HasSession(first) {
		t.Fatal("the old session still works after a new sign-in")
	}
	if !e.HasSession(second) {
		t.Fatal("the new session does not work")
	}
}

func TestNoEnumerationOnSignIn(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	unknown := e.Call("POST", "/api/v1/session", `{"email":"nobody@acme.example","password":"Secret#Pass1"}`, "")
	wrong := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"nope"}`, "")
	if unknown.Code != 401 || wrong.Code != 401 || unknown.ErrCode() != "invalid_credentials" || wrong.ErrCode() != unknown.ErrCode() {
		t.Fatalf("unknown %d %v / wrong %d %v", unknown.Code, unknown.Body, wrong.Code, wrong.Body)
	}
	if unknown.Body["error"].(map[string]any)["message"] != wrong.Body["error"].(map[string]any)["message"] {
		t.Fatal("the messages differ between an unknown address and a wrong password")
	}
}

func TestLockoutDoublesAndExpires(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	fail := func(n int) {
		for range n {
			if r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, ""); r.Code != 401 {
				t.Fatalf("wrong password: %d", r.Code)
			}
		}
	}
	right := func() int {
		return e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "").Code
	}
	fail(4)
	if right() != 200 {
		t.Fatal("four failures must not lock")
	}
	fail(5)
	if got := right(); got != 401 {
		t.Fatalf("five failures in a row must lock; right password got %d", got)
	}
	e.Clock.Advance(14 * time.Minute)
	if right() != 401 {
		t.Fatal("the first lock lasts 15 minutes")
	}
	e.Clock.Advance(2 * time.Minute)
	fail(5) // the lock ended; five more failures lock again, for twice as long
	e.Clock.Advance(29 * time.Minute)
	if right() != 401 {
		t.Fatal("the second lock lasts 30 minutes")
	}
	e.Clock.Advance(2 * time.Minute)
	if got := right(); got != 200 {
		t.Fatalf("after the second lock the right password works; got %d", got)
	}
	if auth.LockDuration(1) != 15*time.Minute || auth.LockDuration(3) != time.Hour || auth.LockDuration(20) != 24*time.Hour {
		t.Fatal("lock durations do not double up to a day")
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	idle, _ := e.SignIn("zoe@acme.example", "Secret#Pass1")
	e.Clock.Advance(31 * time.Minute)
	if e.HasSession(idle) {
		t.Fatal("a session idle for 31 minutes still works")
	}
	busy, _ := e.SignIn("zoe@acme.example", "Secret#Pass1")
	for elapsed := time.Duration(0); elapsed < 11*time.Hour+40*time.Minute; elapsed += 20 * time.Minute {
		e.Clock.Advance(20 * time.Minute)
		if !e.HasSession(busy) {
			t.Fatalf("an active session ended after %v", elapsed+20*time.Minute)
		}
	}
	e.Clock.Advance(20 * time.Minute)
	if e.HasSession(busy) {
		t.Fatal("an active session outlived the 12-hour limit")
	}
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "", "Origin", "https://evil.example")
	if r.Code != 403 || r.ErrCode() != "csrf_failed" {
		t.Fatalf("foreign origin: %d %v", r.Code, r.Body)
	}
	r = e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "", "Origin", "https://portal.example")
	if r.Code != 200 {
		t.Fatalf("own origin: %d %v", r.Code, r.Body)
	}
}

func TestDisabledAccountCannotSignIn(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("off@acme.example", "Secret#Pass1", portal.StatusDisabled)
	r := e.Call("POST", "/api/v1/session", `{"email":"off@acme.example","password":"Secret#Pass1"}`, "")
	if r.Code != 403 || r.ErrCode() != "account_disabled" {
		t.Fatalf("disabled: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/session", `{"email":"off@acme.example","password":"wrong"}`, ""); r.Code != 401 {
		t.Fatalf("a wrong password must not reveal the status: %d", r.Code)
	}
}

func TestSignInPerIPLimit(t *testing.T) {
	e := apitest.NewEnv(t)
	for i := range auth.SignInPerIP.Max {
		if r := e.Call("POST", "/api/v1/session", `{"email":"x`+string(rune('a'+i%26))+`@acme.example","password":"p"}`, ""); r.Code != 401 {
			t.Fatalf("attempt %d: %d", i, r.Code)
		}
	}
	if r := e.Call("POST", "/api/v1/session", `{"email":"y@acme.example","password":"p"}`, ""); r.Code != 429 {
		t.Fatalf("past the per-IP limit: %d %v", r.Code, r.Body)
	}
	e.Clock.Advance(auth.SignInPerIP.Window)
	if r := e.Call("POST", "/api/v1/session", `{"email":"y@acme.example","password":"p"}`, ""); r.Code != 401 {
		t.Fatalf("the next window starts afresh: %d", r.Code)
	}
}

func TestSignInFieldErrors(t *testing.T) {
	e := apitest.NewEnv(t)
	r := e.Call("POST", "/api/v1/session", `{"email":"","password":""}`, "", "Accept-Language", "en")
	fields := r.Body["error"].(map[string]any)["fields"].([]any)
	if r.Code != 400 || len(fields) != 2 {
		t.Fatalf("%d %v", r.Code, r.Body)
	}
}

func TestConcurrentWrongPasswordsAllCount(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	var wg sync.WaitGroup
	for range auth.MaxFailedSignIns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"bad"}`, "")
		}()
	}
	wg.Wait()
	if r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, ""); r.Code != 401 {
		t.Fatalf("five wrong passwords sent at once must lock the account: %d %v", r.Code, r.Body)
	}
}

// The Origin must be one of the portal's origins in scheme, host and port; the
// request's own Host proves nothing (behind CloudFront it is the API's domain, and a
// plain-http page on the same host is another origin).
func TestOriginMustMatchSchemeHostAndPort(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
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
		req.RemoteAddr = e.IP + ":1"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		rec := httptest.NewRecorder()
		e.Srv.ServeHTTP(rec, req)
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
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "")
	if len(r.Cookies) != 1 || r.Cookies[0].Name != "__Host-guichet_session" || r.Cookies[0].Path != "/" || r.Cookies[0].Domain != "" || !r.Cookies[0].Secure {
		t.Fatalf("over https: %+v", r.Cookies)
	}
	if got := e.Call("GET", "/api/v1/session", "", "", "Cookie", "guichet_session="+r.Cookies[0].Value); got.Code == 200 && got.Body["user"] != nil {
		t.Fatalf("a plain-named cookie opened the session: %v", got.Body)
	}
	if impersonation.ReturnCookie != "__Secure-guichet_return" {
		t.Fatalf("return cookie: %q", impersonation.ReturnCookie)
	}

	e.Deps.BaseURL = "http://localhost:8080"
	e.Srv = httpapi.New(e.Deps, areas.All())
	r = e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "", "Origin", "http://localhost:8080")
	if len(r.Cookies) != 1 || r.Cookies[0].Name != "guichet_session" {
		t.Fatalf("over http on this machine: %+v", r.Cookies)
	}
	if got := e.Call("GET", "/api/v1/session", "", "", "Cookie", "guichet_session="+r.Cookies[0].Value); got.Code != 200 || got.Body["user"] == nil {
		t.Fatalf("the plain-named cookie on this machine: %d %v", got.Code, got.Body)
	}
}
