package httpapi_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// A portal served at an IP address (GUICHET_BASE_URL=http://127.0.0.1:8080 locally;
// here over https, so that the tests' session cookie keeps its name) has no passkeys: WebAuthn needs a domain name as the relying party's id, so the program
// builds no ceremonies. Every passkey route then refuses with 409
// passkeys_unavailable and changes nothing, listing answers an empty list, the
// health answer tells the portal, and everything else works as before.
func TestPasskeysOffAtAnIPAddress(t *testing.T) {
	e := newEnv(t)
	e.deps.BaseURL, e.deps.Passkeys = "https://192.0.2.10", nil
	e.srv = httpapi.New(e.deps, httpapi.Features())
	u := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	b := e.browser(u.Email, staffPW)
	ctx := context.Background()
	// A passkey registered while the portal had a domain name: it cannot be used
	// here, nor removed.
	acc, err := e.store.Account(ctx, u.OrgID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	acc.Passkeys++
	key := store.Passkey{ID: "earlier-key", OrgID: u.OrgID, UserID: u.ID, Name: "Laptop", Created: e.clock.Now(), Credential: json.RawMessage(`{}`)}
	if err := e.store.AddPasskey(ctx, acc, key); err != nil {
		t.Fatal(err)
	}

	health := e.call("GET", "/api/v1/health", "", "")
	if health.code != 200 || health.body["status"] != "ok" || health.body["passkeys"] != false {
		t.Fatalf("health = %d %v, want passkeys false", health.code, health.body)
	}
	list := e.do(b, "GET", "/api/v1/me/passkeys", "")
	if items, ok := list.body["items"].([]any); list.code != 200 || !ok || len(items) != 0 {
		t.Fatalf("GET /me/passkeys = %d %v, want an empty list", list.code, list.body)
	}

	before, err := e.db.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, path, body string
		signedIn           bool
	}{
		{"POST", "/api/v1/me/passkeys/begin", "", true},
		{"POST", "/api/v1/me/passkeys/finish", `{"ceremony":"c","name":"Key","credential":{"id":"x"}}`, true},
		{"DELETE", "/api/v1/me/passkeys/earlier-key", `{"password":"` + staffPW + `"}`, true},
		{"POST", "/api/v1/session/passkey/begin", "", false},
		{"POST", "/api/v1/session/passkey/finish", `{"ceremony":"c","credential":{"id":"x"}}`, false},
		{"POST", "/api/v1/session/mfa/passkey/begin", `{"challenge":"c"}`, false},
		{"POST", "/api/v1/session/mfa/passkey/finish", `{"challenge":"c","credential":{"id":"x"}}`, false},
	} {
		for _, lang := range []string{"fr", "en"} {
			var r resp
			if c.signedIn {
				r = e.do(b, c.method, c.path, c.body, "Accept-Language", lang)
			} else {
				r = e.call(c.method, c.path, c.body, "", "Accept-Language", lang)
			}
			msg, _ := r.body["error"].(map[string]any)["message"].(string)
			if r.code != 409 || r.errCode() != "passkeys_unavailable" || msg == "" || msg == "passkeys_unavailable" {
				t.Errorf("%s %s (%s) = %d %v, want 409 passkeys_unavailable with a message", c.method, c.path, lang, r.code, r.body)
			}
		}
	}
	after, err := e.db.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("a refused passkey request changed the table")
	}
	if keys, err := e.store.Passkeys(ctx, u.OrgID, u.ID); err != nil || len(keys) != 1 {
		t.Errorf("passkeys after the refusals = %v %v, want the earlier one kept", keys, err)
	}
	// The rest of the portal works: a password signs in (Zoé's passkey is a second
	// factor, which her recovery codes stand in for here).
	other := e.person("acme", portal.RoleUser, "Paul", "Durand", "paul@acme.example")
	if !e.signedIn(e.browser(other.Email, staffPW)) {
		t.Error("password sign-in failed with passkeys off")
	}
}

// With a domain name, the health answer says passkeys are on.
func TestHealthSaysPasskeysOn(t *testing.T) {
	e := newEnv(t)
	if r := e.call("GET", "/api/v1/health", "", ""); r.code != 200 || r.body["passkeys"] != true {
		t.Fatalf("health = %d %v, want passkeys true", r.code, r.body)
	}
}
