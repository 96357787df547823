package httpapi_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/portal"
)

// cost is what one request cost the table: its round trips and, of them, writes,
// as the request's own counter (table.WithTrips, set up by the middleware) had
// them when it logged the request.
type cost struct{ trips, writes int64 }

// costs serves every feature like newEnv, with a log that keeps what each request
// cost, in order.
func costs(t *testing.T) (*apitest.Env, func() []cost) {
	e := apitest.NewEnv(t)
	var buf bytes.Buffer
	e.Deps.Log = slog.New(slog.NewJSONHandler(&buf, nil))
	e.Srv = httpapi.New(e.Deps, areas.All())
	return e, func() []cost {
		var out []cost
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var rec struct {
				Msg    string `json:"msg"`
				Trips  int64  `json:"tableTrips"`
				Writes int64  `json:"tableWrites"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "request" {
				out = append(out, cost{rec.Trips, rec.Writes})
			}
		}
		buf.Reset()
		return out
	}
}

// TestKnownAndUnknownAddressesCostTheSame sends sign-in, forgot-password and
// request-a-user for an address with an account and for one without: each pair
// costs the same round trips and writes, so that neither the time nor any count of
// the answer tells an attacker which addresses have accounts.
func TestKnownAndUnknownAddressesCostTheSame(t *testing.T) {
	cases := []struct {
		name string
		send func(e *apitest.Env, email string) apitest.Resp
		// known is the address with an account, of the status the case needs.
		status portal.UserStatus
	}{
		{"sign-in with a wrong password", func(e *apitest.Env, email string) apitest.Resp {
			return e.Call("POST", "/api/v1/session", `{"email":"`+email+`","password":"Wrong#Pass2026"}`, "")
		}, portal.StatusReady},
		{"sign-in of an account without a password", func(e *apitest.Env, email string) apitest.Resp {
			return e.Call("POST", "/api/v1/session", `{"email":"`+email+`","password":"Wrong#Pass2026"}`, "")
		}, portal.StatusNotActivated},
		{"forgotten password", func(e *apitest.Env, email string) apitest.Resp {
			return e.Call("POST", "/api/v1/password/forgot", `{"email":"`+email+`"}`, "")
		}, portal.StatusReady},
		{"request a new user of a company nobody verified", func(e *apitest.Env, email string) apitest.Resp {
			return e.Call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"Léa","lastName":"Dubois","applications":[]}`, "")
		}, portal.StatusReady},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, spent := costs(t)
			password := "Secret#Pass1"
			if c.status == portal.StatusNotActivated {
				password = ""
			}
			e.AddUser("zoe@acme.example", password, c.status)
			spent()
			known := c.send(e, "zoe@acme.example")
			unknown := c.send(e, "nobody@acme.example")
			if known.Code != unknown.Code || known.ErrCode() != unknown.ErrCode() {
				t.Fatalf("the answers differ: %d %v and %d %v", known.Code, known.Body, unknown.Code, unknown.Body)
			}
			got := spent()
			if len(got) != 2 {
				t.Fatalf("%d requests logged", len(got))
			}
			if got[0] != got[1] {
				t.Fatalf("known address: %d trips, %d writes; unknown: %d trips, %d writes", got[0].trips, got[0].writes, got[1].trips, got[1].writes)
			}
		})
	}
}
