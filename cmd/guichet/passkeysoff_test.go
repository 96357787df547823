package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/seed"
)

// `guichet serve` with GUICHET_BASE_URL=http://127.0.0.1:<port> (a local DynamoDB
// setup reached by address) starts instead of refusing: it logs once why passkeys
// are off, the health answer says so, the passkey routes refuse with 409
// passkeys_unavailable, and a password still signs in.
func TestServeAtAnIPAddressStartsWithPasskeysOff(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	srv := startServerAt(t, buildGuichet(t), t.TempDir(), "127.0.0.1")
	if n := strings.Count(srv.output(), "passkeys are off"); n != 1 {
		t.Errorf("the start-up log says %d times that passkeys are off, want once:\n%s", n, srv.output())
	}

	r, err := http.Get(srv.base + "/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	var health struct {
		Status   string
		Passkeys *bool
	}
	err = json.NewDecoder(r.Body).Decode(&health)
	r.Body.Close()
	if err != nil || health.Status != "ok" || health.Passkeys == nil || *health.Passkeys {
		t.Fatalf("health = %+v %v, want ok with passkeys false", health, err)
	}

	refused := func(what string, status int, body []byte) {
		t.Helper()
		var e struct{ Error struct{ Code string } }
		if err := json.Unmarshal(body, &e); status != 409 || err != nil || e.Error.Code != "passkeys_unavailable" {
			t.Errorf("%s = %d %s, want 409 passkeys_unavailable", what, status, body)
		}
	}
	r, err = http.Post(srv.base+"/api/v1/session/passkey/begin", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var body json.RawMessage
	_ = json.NewDecoder(r.Body).Decode(&body)
	r.Body.Close()
	refused("POST /api/v1/session/passkey/begin", r.StatusCode, body)

	b := signIn(t, srv.base, seed.DemoAccounts[0].Email, seed.DemoPassword)
	status, out, err := b.post(context.Background(), srv.base+"/api/v1/me/passkeys/begin", "")
	if err != nil {
		t.Fatal(err)
	}
	refused("POST /api/v1/me/passkeys/begin", status, out)
}
