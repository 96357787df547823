package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/auth/passkey"
	"github.com/guichet/guichet/shared/blob/folder"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

// cheap keeps tests fast; the production parameters are benchmarked in auth and by
// BenchmarkSignIn.
var cheap = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// testBaseURL is the portal's address in tests: it is also the passkeys' origin.
const testBaseURL = "https://portal.example"

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
	t     testing.TB
	db    *bolt.Driver
	srv   *httpapi.Server
	deps  *httpapi.Deps
	store *store.Store
	clock *testClock
	// ip is the address requests come from.
	ip string
	// blobs keeps the jobs' files, in blobDir; its links are fetched with e.download.
	blobs   *folder.Store
	blobDir string
}

// newEnv serves every feature over a fresh bolt store, with a fake clock and cheap
// password hashing.
func newEnv(t testing.TB) *env { return newEnvWith(t, cheap) }

func newEnvWith(t testing.TB, params auth.Argon2Params) *env { return newEnvOn(t, params, nil) }

// newEnvOn is newEnvWith on the driver wrap makes of the bolt driver (nil: the
// bolt driver itself), for tests that inject faults.
func newEnvOn(t testing.TB, params auth.Argon2Params, wrap func(table.Driver) table.Driver) *env {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	var driver table.Driver = d
	if wrap != nil {
		driver = wrap(d)
	}
	tb := table.New(driver, table.Options{CursorSecret: []byte("t"), Now: clock.Now})
	t.Cleanup(func() { tb.Close() })
	s := store.New(tb)
	secret := []byte("test secret of at least 32 bytes!!")
	sessions := &auth.Sessions{Store: s, Now: clock.Now}
	keys, err := passkey.New(testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	blobDir := filepath.Join(t.TempDir(), "blobs")
	blobs := folder.New(blobDir, testBaseURL, secret, clock.Now)
	deps := &httpapi.Deps{Store: s, Sessions: sessions, BaseURL: testBaseURL, Secret: secret, Passkeys: keys, Blobs: blobs,
		Auth: &auth.Authenticator{Store: s, Sessions: sessions, Params: params, Secret: secret, Now: clock.Now}, Now: clock.Now,
		// The tests count round trips from the answers' headers.
		DebugHeaders: true}
	return &env{t: t, db: d, srv: httpapi.New(deps, httpapi.Features()), deps: deps, store: s, clock: clock, ip: "203.0.113.7", blobs: blobs, blobDir: blobDir}
}

func (e *env) addUser(email, password string, status portal.UserStatus) portal.User {
	e.t.Helper()
	return e.addMember("acme", portal.RoleUser, email, password, status)
}

// addMember adds a person with a role to an organisation (created when missing).
func (e *env) addMember(orgID string, role portal.Role, email, password string, status portal.UserStatus) portal.User {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.store.Organisation(ctx, orgID); portal.Is(err, portal.NotFound) {
		if err := e.store.CreateOrganisation(ctx, portal.Organisation{ID: orgID, Name: strings.ToUpper(orgID), Created: e.clock.Now()}); err != nil {
			e.t.Fatal(err)
		}
	}
	hash := ""
	if password != "" {
		h, err := auth.HashPassword(password, cheap)
		if err != nil {
			e.t.Fatal(err)
		}
		hash = h
	}
	u := portal.User{ID: portal.NewID(), OrgID: orgID, Email: email, Login: strings.Split(email, "@")[0], FirstName: "Zoé", LastName: "Martin", Lang: "fr", Role: role, Status: status}
	if err := e.store.CreateUser(ctx, u, hash); err != nil {
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

// fieldCodes lists an error's field errors as "field:code".
func (r resp) fieldCodes() []string {
	var out []string
	if e, ok := r.body["error"].(map[string]any); ok {
		fields, _ := e["fields"].([]any)
		for _, f := range fields {
			m := f.(map[string]any)
			out = append(out, m["field"].(string)+":"+m["code"].(string))
		}
	}
	return out
}

// cookie returns the session cookie the answer set, "" when none.
func (r resp) cookie() string {
	for _, c := range r.cookies {
		if c.Name == httpapi.SessionCookie {
			return c.Value
		}
	}
	return ""
}

// call sends a request with an optional session cookie and headers (name, value pairs).
func (e *env) call(method, path, body, cookie string, headers ...string) resp {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = e.ip + ":5555"
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
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

// as is a signed-in browser: its session cookie and CSRF token.
type as struct{ token, csrf string }

// do sends a request from the signed-in browser, with its CSRF token.
func (e *env) do(b as, method, path, body string, headers ...string) resp {
	e.t.Helper()
	return e.call(method, path, body, b.token, append([]string{httpapi.CSRFHeader, b.csrf}, headers...)...)
}

// hasSession reports whether a session cookie still opens a session: GET
// /api/v1/session answers 200 either way, with `"user": null` when it does not.
func (e *env) hasSession(token string) bool {
	e.t.Helper()
	r := e.call("GET", "/api/v1/session", "", token)
	if r.code != 200 {
		e.t.Fatalf("GET /api/v1/session: %d %v", r.code, r.body)
	}
	return r.body["user"] != nil
}

// signedIn reports whether the browser's session is still open.
func (e *env) signedIn(b as) bool { e.t.Helper(); return e.hasSession(b.token) }

// signIn signs in and returns the session token and CSRF token.
func (e *env) signIn(email, password string) (string, string) {
	e.t.Helper()
	r := e.call("POST", "/api/v1/session", `{"email":"`+email+`","password":"`+password+`"}`, "")
	if r.code != 200 || r.body["csrf"] == nil {
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

// browser signs in and returns the signed-in browser.
func (e *env) browser(email, password string) as {
	e.t.Helper()
	token, csrf := e.signIn(email, password)
	return as{token, csrf}
}

// mails returns the queued messages to an address, oldest first.
func (e *env) mails(to string) []mail.Message {
	e.t.Helper()
	pending, err := mail.Pending(context.Background(), e.store.Table())
	if err != nil {
		e.t.Fatal(err)
	}
	var out []mail.Message
	for _, m := range pending {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

// lastMail returns the latest message to an address, failing when there is none.
func (e *env) lastMail(to string) mail.Message {
	e.t.Helper()
	ms := e.mails(to)
	if len(ms) == 0 {
		e.t.Fatalf("no mail to %s", to)
	}
	return ms[len(ms)-1]
}

var tokenInLink = regexp.MustCompile(`\?token=([A-Za-z0-9_%-]+)`)

// linkToken returns the one-time token of the link in a message.
func (e *env) linkToken(m mail.Message) string {
	e.t.Helper()
	got := tokenInLink.FindStringSubmatch(m.Text)
	if got == nil {
		e.t.Fatalf("no link with a token in %q:\n%s", m.Subject, m.Text)
	}
	return got[1]
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
