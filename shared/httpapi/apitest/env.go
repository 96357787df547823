package apitest

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
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

// Cheap keeps tests fast; the production parameters are benchmarked in auth and by
// BenchmarkSignIn.
var Cheap = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// TestBaseURL is the portal's address in tests: it is also the passkeys' origin.
const TestBaseURL = "https://portal.example"

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

type Env struct {
	T     testing.TB
	DB    *bolt.Driver
	Srv   *httpapi.Server
	Deps  *httpapi.Deps
	Store *store.Store
	Clock *testClock
	// ip is the address requests come from.
	IP string
	// Blobs keeps the jobs' files, in BlobDir; its links are fetched with e.Download.
	Blobs   *folder.Store
	BlobDir string
}

// NewEnv serves every feature over a fresh bolt store, with a fake clock and cheap
// password hashing.
func NewEnv(t testing.TB) *Env { return NewEnvWith(t, Cheap) }

func NewEnvWith(t testing.TB, params auth.Argon2Params) *Env { return NewEnvOn(t, params, nil) }

// NewEnvOn is NewEnvWith on the driver wrap makes of the bolt driver (nil: the
// bolt driver itself), for tests that inject faults.
func NewEnvOn(t testing.TB, params auth.Argon2Params, wrap func(table.Driver) table.Driver) *Env {
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
	keys, err := passkey.New(TestBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	blobDir := filepath.Join(t.TempDir(), "blobs")
	blobs := folder.New(blobDir, TestBaseURL, secret, clock.Now)
	deps := &httpapi.Deps{Store: s, Sessions: sessions, BaseURL: TestBaseURL, Secret: secret, Passkeys: keys, Blobs: blobs,
		Auth: &auth.Authenticator{Store: s, Sessions: sessions, Params: params, Secret: secret, Now: clock.Now}, Now: clock.Now,
		// The tests count round trips from the answers' headers.
		DebugHeaders: true}
	return &Env{T: t, DB: d, Srv: httpapi.New(deps, areas.All()), Deps: deps, Store: s, Clock: clock, IP: "203.0.113.7", Blobs: blobs, BlobDir: blobDir}
}

func (e *Env) AddUser(email, password string, status portal.UserStatus) portal.User {
	e.T.Helper()
	return e.AddMember("acme", portal.RoleUser, email, password, status)
}

// AddMember adds a person with a role to an organisation (created when missing).
func (e *Env) AddMember(orgID string, role portal.Role, email, password string, status portal.UserStatus) portal.User {
	e.T.Helper()
	ctx := context.Background()
	if _, err := e.Store.Organisation(ctx, orgID); portal.Is(err, portal.NotFound) {
		if err := e.Store.CreateOrganisation(ctx, portal.Organisation{ID: orgID, Name: strings.ToUpper(orgID), Created: e.Clock.Now()}); err != nil {
			e.T.Fatal(err)
		}
	}
	hash := ""
	if password != "" {
		h, err := auth.HashPassword(password, Cheap)
		if err != nil {
			e.T.Fatal(err)
		}
		hash = h
	}
	u := portal.User{ID: portal.NewID(), OrgID: orgID, Email: email, Login: strings.Split(email, "@")[0], FirstName: "Zoé", LastName: "Martin", Lang: "fr", Role: role, Status: status}
	if err := e.Store.CreateUser(ctx, u, hash); err != nil {
		e.T.Fatal(err)
	}
	return u
}

type Resp struct {
	Trips   string
	Code    int
	Body    map[string]any
	Cookies []*http.Cookie
}

func (r Resp) ErrCode() string {
	if e, ok := r.Body["error"].(map[string]any); ok {
		return e["code"].(string)
	}
	return ""
}

// FieldCodes lists an error's field errors as "field:code".
func (r Resp) FieldCodes() []string {
	var out []string
	if e, ok := r.Body["error"].(map[string]any); ok {
		fields, _ := e["fields"].([]any)
		for _, f := range fields {
			m := f.(map[string]any)
			out = append(out, m["field"].(string)+":"+m["code"].(string))
		}
	}
	return out
}

// Cookie returns the session cookie the answer set, "" when none.
func (r Resp) Cookie() string {
	for _, c := range r.Cookies {
		if c.Name == httpapi.SessionCookie {
			return c.Value
		}
	}
	return ""
}

// Call sends a request with an optional session cookie and headers (name, value pairs).
func (e *Env) Call(method, path, body, cookie string, headers ...string) Resp {
	e.T.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = e.IP + ":5555"
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
	e.Srv.ServeHTTP(rec, req)
	out := Resp{Code: rec.Code, Cookies: rec.Result().Cookies(), Trips: rec.Header().Get(httpapi.TripsHeader)}
	if rec.Body.Len() > 0 {
		_ = json.Unmarshal(rec.Body.Bytes(), &out.Body)
	}
	return out
}

// As is a signed-in browser: its session cookie and CSRF token.
type As struct{ Token, CSRF string }

// Do sends a request from the signed-in browser, with its CSRF token.
func (e *Env) Do(b As, method, path, body string, headers ...string) Resp {
	e.T.Helper()
	return e.Call(method, path, body, b.Token, append([]string{httpapi.CSRFHeader, b.CSRF}, headers...)...)
}

// HasSession reports whether a session cookie still opens a session: GET
// /api/v1/session answers 200 either way, with `"user": null` when it does not.
func (e *Env) HasSession(token string) bool {
	e.T.Helper()
	r := e.Call("GET", "/api/v1/session", "", token)
	if r.Code != 200 {
		e.T.Fatalf("GET /api/v1/session: %d %v", r.Code, r.Body)
	}
	return r.Body["user"] != nil
}

// SignedIn reports whether the browser's session is still open.
func (e *Env) SignedIn(b As) bool { e.T.Helper(); return e.HasSession(b.Token) }

// SignIn signs in and returns the session token and CSRF token.
func (e *Env) SignIn(email, password string) (string, string) {
	e.T.Helper()
	r := e.Call("POST", "/api/v1/session", `{"email":"`+email+`","password":"`+password+`"}`, "")
	if r.Code != 200 || r.Body["csrf"] == nil {
		e.T.Fatalf("sign-in: %d %v", r.Code, r.Body)
	}
	var token string
	for _, c := range r.Cookies {
		if c.Name == httpapi.SessionCookie {
			if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
				e.T.Fatalf("session cookie flags: %+v", c)
			}
			token = c.Value
		}
	}
	return token, r.Body["csrf"].(string)
}

// Browser signs in and returns the signed-in browser.
func (e *Env) Browser(email, password string) As {
	e.T.Helper()
	token, csrf := e.SignIn(email, password)
	return As{Token: token, CSRF: csrf}
}

// Mails returns the queued messages to an address, oldest first.
func (e *Env) Mails(to string) []mail.Message {
	e.T.Helper()
	pending, err := mail.Pending(context.Background(), e.Store.Table())
	if err != nil {
		e.T.Fatal(err)
	}
	var out []mail.Message
	for _, m := range pending {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

// LastMail returns the latest message to an address, failing when there is none.
func (e *Env) LastMail(to string) mail.Message {
	e.T.Helper()
	ms := e.Mails(to)
	if len(ms) == 0 {
		e.T.Fatalf("no mail to %s", to)
	}
	return ms[len(ms)-1]
}

var tokenInLink = regexp.MustCompile(`\?token=([A-Za-z0-9_%-]+)`)

// LinkToken returns the one-time token of the link in a message.
func (e *Env) LinkToken(m mail.Message) string {
	e.T.Helper()
	got := tokenInLink.FindStringSubmatch(m.Text)
	if got == nil {
		e.T.Fatalf("no link with a token in %q:\n%s", m.Subject, m.Text)
	}
	return got[1]
}

func MustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
