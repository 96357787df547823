package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

// cheap keeps tests fast; the production parameters are benchmarked in auth.
var cheap = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	t     *testing.T
	srv   *httpapi.Server
	store *store.Store
	clock *testClock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	tb := table.New(d, table.Options{CursorSecret: []byte("t"), Now: clock.Now})
	t.Cleanup(func() { tb.Close() })
	s := store.New(tb)
	sessions := &auth.Sessions{Store: s, Now: clock.Now}
	deps := &httpapi.Deps{Store: s, Sessions: sessions, BaseURL: "https://portal.example",
		Auth: &auth.Authenticator{Store: s, Sessions: sessions, Params: cheap, Now: clock.Now}, Now: clock.Now}
	return &env{t: t, srv: httpapi.New(deps, nil), store: s, clock: clock}
}

func (e *env) addUser(email, password string, status portal.UserStatus) portal.User {
	e.t.Helper()
	h, err := auth.HashPassword(password, cheap)
	if err != nil {
		e.t.Fatal(err)
	}
	u := portal.User{ID: portal.NewID(), OrgID: "acme", Email: email, Login: strings.Split(email, "@")[0], FirstName: "Zoé", LastName: "Martin", Lang: "fr", Role: portal.RoleUser, Status: status}
	if err := e.store.CreateUser(context.Background(), u, h); err != nil {
		e.t.Fatal(err)
	}
	return u
}

type resp struct {
	trips   string
	code    int
	body    map[string]any
	cookies []*http.Cookie
}

func (r resp) errCode() string {
	if e, ok := r.body["error"].(map[string]any); ok {
		return e["code"].(string)
	}
	return ""
}

// call sends a request with an optional session cookie and headers (name, value pairs).
func (e *env) call(method, path, body, cookie string, headers ...string) resp {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = "203.0.113.7:5555"
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: cookie})
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	out := resp{code: rec.Code, cookies: rec.Result().Cookies(), trips: rec.Header().Get(httpapi.TripsHeader)}
	if rec.Body.Len() > 0 {
		_ = json.Unmarshal(rec.Body.Bytes(), &out.body)
	}
	return out
}

// signIn signs in and returns the session token and CSRF token.
func (e *env) signIn(email, password string) (string, string) {
	e.t.Helper()
	r := e.call("POST", "/api/v1/session", `{"email":"`+email+`","password":"`+password+`"}`, "")
	if r.code != 200 {
		e.t.Fatalf("sign-in: %d %v", r.code, r.body)
	}
	var token string
	for _, c := range r.cookies {
		if c.Name == httpapi.SessionCookie {
			if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
				e.t.Fatalf("session cookie flags: %+v", c)
			}
			token = c.Value
		}
	}
	return token, r.body["csrf"].(string)
}

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
	if r := e.call("GET", "/api/v1/session", "", token); r.code != 401 {
		t.Fatalf("after sign-out: %d", r.code)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
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
	if e.call("GET", "/api/v1/session", "", first).code != 401 {
		t.Fatal("the old session still works after a new sign-in")
	}
	if e.call("GET", "/api/v1/session", "", second).code != 200 {
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
	if e.call("GET", "/api/v1/session", "", idle).code != 401 {
		t.Fatal("a session idle for 31 minutes still works")
	}
	busy, _ := e.signIn("zoe@acme.example", "Secret#Pass1")
	for elapsed := time.Duration(0); elapsed < 11*time.Hour+40*time.Minute; elapsed += 20 * time.Minute {
		e.clock.Advance(20 * time.Minute)
		if r := e.call("GET", "/api/v1/session", "", busy); r.code != 200 {
			t.Fatalf("an active session ended after %v", elapsed+20*time.Minute)
		}
	}
	e.clock.Advance(20 * time.Minute)
	if e.call("GET", "/api/v1/session", "", busy).code != 401 {
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
