package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/portal"
)

// TestSessionSlidesAfterTheAnswer reads the session: two round trips, no write; a
// minute later the read also slides the session's idle limit, but only once the
// answer is out (flushed, with its length), so the answer's headers count the
// reads alone and the stored session moves.
func TestSessionSlidesAfterTheAnswer(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	token, _ := e.SignIn("zoe@acme.example", "Secret#Pass1")
	read := func(when string, flushed bool) {
		t.Helper()
		req := httptest.NewRequest("GET", "/api/v1/session", nil)
		req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: token})
		rec := httptest.NewRecorder()
		e.Srv.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Content-Length") == "" {
			t.Fatalf("%s: %d, length %q", when, rec.Code, rec.Header().Get("Content-Length"))
		}
		if trips, writes := rec.Header().Get(httpapi.TripsHeader), rec.Header().Get(httpapi.WritesHeader); trips != "2" || writes != "0" {
			t.Errorf("%s: %s trips, %s writes; want 2 and 0", when, trips, writes)
		}
		if rec.Flushed != flushed {
			t.Errorf("%s: answer flushed before the handler returned: %v, want %v", when, rec.Flushed, flushed)
		}
	}
	idle := func() time.Time {
		s, err := e.Store.Session(context.Background(), auth.SessionID(token))
		if err != nil {
			t.Fatal(err)
		}
		return s.IdleUntil
	}
	read("a fresh session", false)
	before := idle()
	e.Clock.Advance(61 * time.Second)
	read("a minute later", true)
	if got, want := idle(), e.Clock.Now().Add(auth.IdleTimeout); !got.Equal(want) {
		t.Errorf("a minute later the idle limit is %s (was %s), want %s", got, before, want)
	}
	read("right after", false)
}

// The round-trip counts tell an existing account from an unknown one at sign-in,
// forgot-password and request-a-user: they are sent only when debug headers are on.
func TestTableHeadersOnlyWithDebugHeaders(t *testing.T) {
	e := apitest.NewEnv(t)
	e.Deps.DebugHeaders = false
	e.Srv = httpapi.New(e.Deps, areas.All())
	for _, c := range []struct{ path, body string }{
		{"/api/v1/session", `{"email":"nobody@acme.example","password":"x"}`},
		{"/api/v1/password/forgot", `{"email":"nobody@acme.example"}`},
		{"/api/v1/health", ""},
	} {
		method := "POST"
		if c.body == "" {
			method = "GET"
		}
		req := httptest.NewRequest(method, c.path, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		e.Srv.ServeHTTP(rec, req)
		if rec.Header().Get(httpapi.TripsHeader) != "" || rec.Header().Get(httpapi.WritesHeader) != "" {
			t.Errorf("%s: round trips sent without debug headers: %v", c.path, rec.Header())
		}
	}
}
