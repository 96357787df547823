package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// TestAbandonedRequestIsLoggedAs499 fails a request whose caller has gone (its
// context cancelled) the way a store call then fails, and reads the access log:
// the request is the client's 499 at info level, not a server error.
func TestAbandonedRequestIsLoggedAs499(t *testing.T) {
	e := apitest.NewEnv(t)
	var buf bytes.Buffer
	e.Deps.Log = slog.New(slog.NewJSONHandler(&buf, nil))
	srv := httpapi.New(e.Deps, nil, func(rt *httpapi.Router) {
		rt.Handle("GET /api/v1/slow", func(w http.ResponseWriter, r *http.Request) error {
			return portal.Internalf("reading: %w", r.Context().Err())
		})
	})
	for _, gone := range []bool{true, false} {
		buf.Reset()
		ctx, cancel := context.WithCancel(context.Background())
		if gone {
			cancel()
		}
		srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/v1/slow", nil))
		cancel()
		want, level := 500, "ERROR"
		if gone {
			want, level = 499, "INFO"
		}
		var found bool
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var rec struct {
				Msg    string `json:"msg"`
				Level  string `json:"level"`
				Status int    `json:"status"`
			}
			if json.Unmarshal([]byte(line), &rec) != nil {
				t.Fatalf("log line %q", line)
			}
			if rec.Msg == "request" {
				found = true
				if rec.Status != want {
					t.Errorf("caller gone %v: access log status %d, want %d", gone, rec.Status, want)
				}
			}
			if rec.Msg == "request failed" && rec.Level != level {
				t.Errorf("caller gone %v: failure logged at %s, want %s", gone, rec.Level, level)
			}
		}
		if !found {
			t.Fatalf("no access log line in %s", buf.String())
		}
	}
}
