package account_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// A portal served at an IP address (GUICHET_BASE_URL=http://127.0.0.1:8080 locally;
// here over https, so that the tests' session cookie keeps its name) has no passkeys: WebAuthn needs a domain name as the relying party's id, so the program
// builds no ceremonies. Every passkey route then refuses with 409
// passkeys_unavailable and changes nothing, listing answers an empty list, the
// health answer tells the portal, and everything else works as before.
func TestPasskeysOffAtAnIPAddress(t *testing.T) {
	e := apitest.NewEnv(t)
	e.Deps.BaseURL, e.Deps.Passkeys = "https://192.0.2.10", nil
	e.Srv = httpapi.New(e.Deps, areas.All())
	u := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	b := e.Browser(u.Email, apitest.StaffPW)
	ctx := context.Background()
	// A passkey registered while the portal had a domain name: it cannot be used
	// here, nor removed.
	acc, err := e.Store.Account(ctx, u.OrgID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	acc.Passkeys++
	key := store.Passkey{ID: "earlier-key", OrgID: u.OrgID, UserID: u.ID, Name: "Laptop", Created: e.Clock.Now(), Credential: json.RawMessage(`{}`)}
	if err := e.Store.AddPasskey(ctx, acc, key); err != nil {
		t.Fatal(err)
	}

	health := e.Call("GET", "/api/v1/health", "", "")
	if health.Code != 200 || health.Body["status"] != "ok" || health.Body["passkeys"] != false {
		t.Fatalf("health = %d %v, want passkeys false", health.Code, health.Body)
	}
	list := e.Do(b, "GET", "/api/v1/me/passkeys", "")
	if items, ok := list.Body["items"].([]any); list.Code != 200 || !ok || len(items) != 0 {
		t.Fatalf("GET /me/passkeys = %d %v, want an empty list", list.Code, list.Body)
	}

	before, err := e.DB.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, path, body string
		signedIn           bool
	}{
		{"POST", "/api/v1/me/passkeys/begin", "", true},
		{"POST", "/api/v1/me/passkeys/finish", `{"ceremony":"c","name":"Key","credential":{"id":"x"}}`, true},
		{"DELETE", "/api/v1/me/passkeys/earlier-key", `{"password":"` + apitest.StaffPW + `"}`, true},
		{"POST", "/api/v1/session/passkey/begin", "", false},
		{"POST", "/api/v1/session/passkey/finish", `{"ceremony":"c","credential":{"id":"x"}}`, false},
		{"POST", "/api/v1/session/mfa/passkey/begin", `{"challenge":"c"}`, false},
		{"POST", "/api/v1/session/mfa/passkey/finish", `{"challenge":"c","credential":{"id":"x"}}`, false},
	} {
		for _, lang := range []string{"fr", "en"} {
			var r apitest.Resp
			if c.signedIn {
				r = e.Do(b, c.method, c.path, c.body, "Accept-Language", lang)
			} else {
				r = e.Call(c.method, c.path, c.body, "", "Accept-Language", lang)
			}
			msg, _ := r.Body["error"].(map[string]any)["message"].(string)
			if r.Code != 409 || r.ErrCode() != "passkeys_unavailable" || msg == "" || msg == "passkeys_unavailable" {
				t.Errorf("%s %s (%s) = %d %v, want 409 passkeys_unavailable with a message", c.method, c.path, lang, r.Code, r.Body)
			}
		}
	}
	after, err := e.DB.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("a refused passkey request changed the table")
	}
	if keys, err := e.Store.Passkeys(ctx, u.OrgID, u.ID); err != nil || len(keys) != 1 {
		t.Errorf("passkeys after the refusals = %v %v, want the earlier one kept", keys, err)
	}
	// The rest of the portal works: a password signs in (Zoé's passkey is a second
	// factor, which her recovery codes stand in for here).
	other := e.Person("acme", portal.RoleUser, "Paul", "Durand", "paul@acme.example")
	if !e.SignedIn(e.Browser(other.Email, apitest.StaffPW)) {
		t.Error("password sign-in failed with passkeys off")
	}
}

// With a domain name, the health answer says passkeys are on.
func TestHealthSaysPasskeysOn(t *testing.T) {
	e := apitest.NewEnv(t)
	if r := e.Call("GET", "/api/v1/health", "", ""); r.Code != 200 || r.Body["passkeys"] != true {
		t.Fatalf("health = %d %v, want passkeys true", r.Code, r.Body)
	}
}
