package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// TestTripsHeadersTellTheSessionsSlidingWriteFromTheReads reads the session: two
// round trips, no write; a minute later the read also slides the session's idle
// limit, which the headers show as one more trip, a write.
func TestTripsHeadersTellTheSessionsSlidingWriteFromTheReads(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	token, _ := e.signIn("zoe@acme.example", "Secret#Pass1")
	read := func() (string, string) {
		req := httptest.NewRequest("GET", "/api/v1/session", nil)
		req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: token})
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("session: %d", rec.Code)
		}
		return rec.Header().Get(httpapi.TripsHeader), rec.Header().Get(httpapi.WritesHeader)
	}
	if trips, writes := read(); trips != "2" || writes != "0" {
		t.Fatalf("a fresh session: %s trips, %s writes; want 2 and 0", trips, writes)
	}
	e.clock.Advance(61 * time.Second)
	if trips, writes := read(); trips != "3" || writes != "1" {
		t.Fatalf("a minute later: %s trips, %s writes; want 3 and 1", trips, writes)
	}
	if trips, writes := read(); trips != "2" || writes != "0" {
		t.Fatalf("right after: %s trips, %s writes; want 2 and 0", trips, writes)
	}
}
