package account_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

func TestPasskeyAsSecondFactor(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	key := e.RegisterPasskey(b, "Laptop")
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Text, "clé d'accès") {
		t.Fatalf("no mail about the passkey: %s", m.Text)
	}
	list := e.Do(b, "GET", "/api/v1/me/passkeys", "")
	if items := list.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != "Laptop" {
		t.Fatalf("list: %v", list.Body)
	}
	r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "")
	if r.Body["mfaRequired"] != true || !strings.Contains(apitest.MustJSON(r.Body["methods"]), "passkey") {
		t.Fatalf("a passkey holder must give a second factor: %v", r.Body)
	}
	ch := r.Body["challenge"].(string)
	begin := e.Call("POST", "/api/v1/session/mfa/passkey/begin", `{"challenge":"`+ch+`"}`, "")
	if begin.Code != 200 || !strings.Contains(apitest.MustJSON(begin.Body["options"]), "allowCredentials") {
		t.Fatalf("begin: %d %v", begin.Code, begin.Body)
	}
	// Another authenticator's answer is a wrong second factor.
	stranger := apitest.NewAuthenticator(t)
	stranger.UserHandle = key.UserHandle
	body, _ := json.Marshal(map[string]any{"challenge": ch, "credential": stranger.Get(begin.Body["options"])})
	if r := e.Call("POST", "/api/v1/session/mfa/passkey/finish", string(body), ""); r.Code != 401 || r.ErrCode() != "invalid_code" {
		t.Fatalf("a stranger's passkey: %d %v", r.Code, r.Body)
	}
	body, _ = json.Marshal(map[string]any{"challenge": ch, "credential": key.Get(begin.Body["options"])})
	done := e.Call("POST", "/api/v1/session/mfa/passkey/finish", string(body), "")
	if done.Code != 200 || done.Cookie() == "" {
		t.Fatalf("finish: %d %v", done.Code, done.Body)
	}
	if r := e.Call("POST", "/api/v1/session/mfa/passkey/finish", string(body), ""); r.Code != 401 || r.ErrCode() != "mfa_challenge_invalid" {
		t.Fatalf("the same answer twice: %d %v", r.Code, r.Body)
	}
}

func TestPasswordlessSignInWithAPasskey(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1")
	key := e.RegisterPasskey(b, "Phone")
	begin := e.Call("POST", "/api/v1/session/passkey/begin", "", "")
	if begin.Code != 200 || begin.Body["ceremony"] == "" {
		t.Fatalf("begin: %d %v", begin.Code, begin.Body)
	}
	answer := key.Get(begin.Body["options"])
	body, _ := json.Marshal(map[string]any{"ceremony": begin.Body["ceremony"], "credential": answer})
	r := e.Call("POST", "/api/v1/session/passkey/finish", string(body), "")
	if r.Code != 200 || r.Cookie() == "" || r.Body["user"].(map[string]any)["email"] != "zoe@acme.example" {
		t.Fatalf("finish: %d %v", r.Code, r.Body)
	}
	if again := e.Call("POST", "/api/v1/session/passkey/finish", string(body), ""); again.Code != 400 || again.ErrCode() != "passkey_ceremony_invalid" {
		t.Fatalf("a ceremony used twice: %d %v", again.Code, again.Body)
	}
	// An answer made for another origin is refused.
	begin = e.Call("POST", "/api/v1/session/passkey/begin", "", "")
	key.Origin = "https://evil.example"
	body, _ = json.Marshal(map[string]any{"ceremony": begin.Body["ceremony"], "credential": key.Get(begin.Body["options"])})
	if r := e.Call("POST", "/api/v1/session/passkey/finish", string(body), ""); r.Code != 400 || r.ErrCode() != "passkey_invalid" {
		t.Fatalf("another origin: %d %v", r.Code, r.Body)
	}
	key.Origin = apitest.TestBaseURL
	history := e.Do(apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}, "GET", "/api/v1/me/signins", "")
	if first := history.Body["items"].([]any)[0].(map[string]any); first["method"] != "passkey" || first["result"] != "ok" {
		t.Fatalf("history: %v", first)
	}
	// Removing the passkey needs the password; then the password alone signs in again.
	list := e.Do(b, "GET", "/api/v1/me/passkeys", "").Body["items"].([]any)
	id := list[0].(map[string]any)["id"].(string)
	if r := e.Do(b, "DELETE", "/api/v1/me/passkeys/"+id, `{"password":"nope"}`); r.Code != 400 {
		t.Fatalf("removal with a wrong password: %d %v", r.Code, r.Body)
	}
	if r := e.Do(b, "DELETE", "/api/v1/me/passkeys/"+id, `{"password":"Secret#Pass1"}`); r.Code != 204 {
		t.Fatalf("removal: %d %v", r.Code, r.Body)
	}
	e.SignIn("zoe@acme.example", "Secret#Pass1")
	begin = e.Call("POST", "/api/v1/session/passkey/begin", "", "")
	body, _ = json.Marshal(map[string]any{"ceremony": begin.Body["ceremony"], "credential": key.Get(begin.Body["options"])})
	if r := e.Call("POST", "/api/v1/session/passkey/finish", string(body), ""); r.Code != 400 {
		t.Fatalf("a removed passkey signed in: %d %v", r.Code, r.Body)
	}
}

func TestPasskeyEnrolmentSatisfiesTheOrganisationPolicy(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember("acme", portal.RoleAdmin, "ada@acme.example", "Secret#Pass1", portal.StatusReady)
	e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	admin := e.Browser("ada@acme.example", "Secret#Pass1")
	if r := e.Do(admin, "PUT", "/api/v1/me/company/security", `{"mfaRequired":true}`); r.Code != 200 {
		t.Fatalf("policy: %d %v", r.Code, r.Body)
	}
	r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "")
	restricted := apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
	begin := e.Do(restricted, "POST", "/api/v1/me/passkeys/begin", "")
	key := apitest.NewAuthenticator(t)
	body, _ := json.Marshal(map[string]any{"ceremony": begin.Body["ceremony"], "name": "Phone", "credential": key.Create(begin.Body["options"])})
	done := e.Do(restricted, "POST", "/api/v1/me/passkeys/finish", string(body))
	if done.Code != 201 || done.Cookie() == "" || done.Cookie() == restricted.Token {
		t.Fatalf("enrolment: %d %v", done.Code, done.Body)
	}
	full := apitest.As{Token: done.Cookie(), CSRF: done.Body["csrf"].(string)}
	if r := e.Do(full, "GET", "/api/v1/me", ""); r.Code != 200 {
		t.Fatalf("after enrolment: %d", r.Code)
	}
	id := e.Do(full, "GET", "/api/v1/me/passkeys", "").Body["items"].([]any)[0].(map[string]any)["id"].(string)
	if r := e.Do(full, "DELETE", "/api/v1/me/passkeys/"+id, `{"password":"Secret#Pass1"}`); r.Code != 409 || r.ErrCode() != "mfa_required_by_organisation" {
		t.Fatalf("removing the last factor: %d %v", r.Code, r.Body)
	}
}
