package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// TestSessionSlidesAfterTheAnswer reads the session: two round trips, no write; a
// minute later the read also slides the session's idle limit, but only once the
// answer is out (flushed, with its length), so the answer's headers count the
// reads alone and the stored session moves.
func TestSessionSlidesAfterTheAnswer(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	token, _ := e.signIn("zoe@acme.example", "Secret#Pass1")
	read := func(when string, flushed bool) {
		t.Helper()
		req := httptest.NewRequest("GET", "/api/v1/session", nil)
		req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: token})
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
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
		s, err := e.store.Session(context.Background(), auth.SessionID(token))
		if err != nil {
			t.Fatal(err)
		}
		return s.IdleUntil
	}
	read("a fresh session", false)
	before := idle()
	e.clock.Advance(61 * time.Second)
	read("a minute later", true)
	if got, want := idle(), e.clock.Now().Add(auth.IdleTimeout); !got.Equal(want) {
		t.Errorf("a minute later the idle limit is %s (was %s), want %s", got, before, want)
	}
	read("right after", false)
}
