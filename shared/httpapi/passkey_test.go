package httpapi_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"

	"github.com/guichet/guichet/shared/portal"
)

// authenticator is a software passkey: what a phone or a security key does, for
// the WebAuthn ceremonies of the tests (attestation "none", ES256).
type authenticator struct {
	t          testing.TB
	key        *ecdsa.PrivateKey
	credID     []byte
	userHandle []byte
	count      uint32
	origin     string
}

func newAuthenticator(t testing.TB) *authenticator {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 32)
	_, _ = rand.Read(id)
	return &authenticator{t: t, key: key, credID: id, origin: testBaseURL}
}

var b64u = base64.RawURLEncoding

// options reads what the server asked of navigator.credentials.
func (a *authenticator) options(raw any) map[string]any {
	a.t.Helper()
	o, ok := raw.(map[string]any)["publicKey"].(map[string]any)
	if !ok {
		a.t.Fatalf("no publicKey options in %v", raw)
	}
	return o
}

func (a *authenticator) clientData(kind string, options map[string]any) []byte {
	cd, _ := json.Marshal(map[string]any{"type": kind, "challenge": options["challenge"], "origin": a.origin, "crossOrigin": false})
	return cd
}

func (a *authenticator) authData(flags byte, attested []byte) []byte {
	rp := sha256.Sum256([]byte("portal.example"))
	out := append(rp[:], flags)
	out = binary.BigEndian.AppendUint32(out, a.count)
	return append(out, attested...)
}

// create answers navigator.credentials.create() with a new credential.
func (a *authenticator) create(raw any) json.RawMessage {
	a.t.Helper()
	o := a.options(raw)
	handle, err := b64u.DecodeString(o["user"].(map[string]any)["id"].(string))
	if err != nil {
		a.t.Fatal(err)
	}
	a.userHandle = handle
	x, y := make([]byte, 32), make([]byte, 32)
	a.key.PublicKey.X.FillBytes(x)
	a.key.PublicKey.Y.FillBytes(y)
	cose, err := webauthncbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: x, -3: y})
	if err != nil {
		a.t.Fatal(err)
	}
	attested := make([]byte, 16) // AAGUID
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(a.credID)))
	attested = append(append(attested, a.credID...), cose...)
	obj, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": a.authData(0x45, attested)})
	if err != nil {
		a.t.Fatal(err)
	}
	out, _ := json.Marshal(map[string]any{"id": b64u.EncodeToString(a.credID), "rawId": b64u.EncodeToString(a.credID), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64u.EncodeToString(a.clientData("webauthn.create", o)), "attestationObject": b64u.EncodeToString(obj)}})
	return out
}

// get answers navigator.credentials.get() with a signed assertion.
func (a *authenticator) get(raw any) json.RawMessage {
	a.t.Helper()
	o := a.options(raw)
	a.count++
	cd := a.clientData("webauthn.get", o)
	ad := a.authData(0x05, nil)
	cdHash := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, ad...), cdHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, a.key, digest[:])
	if err != nil {
		a.t.Fatal(err)
	}
	out, _ := json.Marshal(map[string]any{"id": b64u.EncodeToString(a.credID), "rawId": b64u.EncodeToString(a.credID), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64u.EncodeToString(cd), "authenticatorData": b64u.EncodeToString(ad),
			"signature": b64u.EncodeToString(sig), "userHandle": b64u.EncodeToString(a.userHandle)}})
	return out
}

// registerPasskey registers a new software passkey for the signed-in browser.
func (e *env) registerPasskey(b as, name string) *authenticator {
	e.t.Helper()
	begin := e.do(b, "POST", "/api/v1/me/passkeys/begin", "")
	if begin.code != 200 {
		e.t.Fatalf("begin: %d %v", begin.code, begin.body)
	}
	a := newAuthenticator(e.t)
	body, _ := json.Marshal(map[string]any{"ceremony": begin.body["ceremony"], "name": name, "credential": a.create(begin.body["options"])})
	r := e.do(b, "POST", "/api/v1/me/passkeys/finish", string(body))
	if r.code != 201 || r.body["name"] != name {
		e.t.Fatalf("finish: %d %v", r.code, r.body)
	}
	return a
}

func TestPasskeyAsSecondFactor(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	key := e.registerPasskey(b, "Laptop")
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Text, "clé d'accès") {
		t.Fatalf("no mail about the passkey: %s", m.Text)
	}
	list := e.do(b, "GET", "/api/v1/me/passkeys", "")
	if items := list.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != "Laptop" {
		t.Fatalf("list: %v", list.body)
	}
	r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "")
	if r.body["mfaRequired"] != true || !strings.Contains(mustJSON(r.body["methods"]), "passkey") {
		t.Fatalf("a passkey holder must give a second factor: %v", r.body)
	}
	ch := r.body["challenge"].(string)
	begin := e.call("POST", "/api/v1/session/mfa/passkey/begin", `{"challenge":"`+ch+`"}`, "")
	if begin.code != 200 || !strings.Contains(mustJSON(begin.body["options"]), "allowCredentials") {
		t.Fatalf("begin: %d %v", begin.code, begin.body)
	}
	// Another authenticator's answer is a wrong second factor.
	stranger := newAuthenticator(t)
	stranger.userHandle = key.userHandle
	body, _ := json.Marshal(map[string]any{"challenge": ch, "credential": stranger.get(begin.body["options"])})
	if r := e.call("POST", "/api/v1/session/mfa/passkey/finish", string(body), ""); r.code != 401 || r.errCode() != "invalid_code" {
		t.Fatalf("a stranger's passkey: %d %v", r.code, r.body)
	}
	body, _ = json.Marshal(map[string]any{"challenge": ch, "credential": key.get(begin.body["options"])})
	done := e.call("POST", "/api/v1/session/mfa/passkey/finish", string(body), "")
	if done.code != 200 || done.cookie() == "" {
		t.Fatalf("finish: %d %v", done.code, done.body)
	}
	if r := e.call("POST", "/api/v1/session/mfa/passkey/finish", string(body), ""); r.code != 401 || r.errCode() != "mfa_challenge_invalid" {
		t.Fatalf("the same answer twice: %d %v", r.code, r.body)
	}
}

func TestPasswordlessSignInWithAPasskey(t *testing.T) {
	e := newEnv(t)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.browser("zoe@acme.example", "Secret#Pass1")
	key := e.registerPasskey(b, "Phone")
	begin := e.call("POST", "/api/v1/session/passkey/begin", "", "")
	if begin.code != 200 || begin.body["ceremony"] == "" {
		t.Fatalf("begin: %d %v", begin.code, begin.body)
	}
	answer := key.get(begin.body["options"])
	body, _ := json.Marshal(map[string]any{"ceremony": begin.body["ceremony"], "credential": answer})
	r := e.call("POST", "/api/v1/session/passkey/finish", string(body), "")
	if r.code != 200 || r.cookie() == "" || r.body["user"].(map[string]any)["email"] != "zoe@acme.example" {
		t.Fatalf("finish: %d %v", r.code, r.body)
	}
	if again := e.call("POST", "/api/v1/session/passkey/finish", string(body), ""); again.code != 400 || again.errCode() != "passkey_ceremony_invalid" {
		t.Fatalf("a ceremony used twice: %d %v", again.code, again.body)
	}
	// An answer made for another origin is refused.
	begin = e.call("POST", "/api/v1/session/passkey/begin", "", "")
	key.origin = "https://evil.example"
	body, _ = json.Marshal(map[string]any{"ceremony": begin.body["ceremony"], "credential": key.get(begin.body["options"])})
	if r := e.call("POST", "/api/v1/session/passkey/finish", string(body), ""); r.code != 400 || r.errCode() != "passkey_invalid" {
		t.Fatalf("another origin: %d %v", r.code, r.body)
	}
	key.origin = testBaseURL
	history := e.do(as{r.cookie(), r.body["csrf"].(string)}, "GET", "/api/v1/me/signins", "")
	if first := history.body["items"].([]any)[0].(map[string]any); first["method"] != "passkey" || first["result"] != "ok" {
		t.Fatalf("history: %v", first)
	}
	// Removing the passkey needs the password; then the password alone signs in again.
	list := e.do(b, "GET", "/api/v1/me/passkeys", "").body["items"].([]any)
	id := list[0].(map[string]any)["id"].(string)
	if r := e.do(b, "DELETE", "/api/v1/me/passkeys/"+id, `{"password":"nope"}`); r.code != 400 {
		t.Fatalf("removal with a wrong password: %d %v", r.code, r.body)
	}
	if r := e.do(b, "DELETE", "/api/v1/me/passkeys/"+id, `{"password":"Secret#Pass1"}`); r.code != 204 {
		t.Fatalf("removal: %d %v", r.code, r.body)
	}
	e.signIn("zoe@acme.example", "Secret#Pass1")
	begin = e.call("POST", "/api/v1/session/passkey/begin", "", "")
	body, _ = json.Marshal(map[string]any{"ceremony": begin.body["ceremony"], "credential": key.get(begin.body["options"])})
	if r := e.call("POST", "/api/v1/session/passkey/finish", string(body), ""); r.code != 400 {
		t.Fatalf("a removed passkey signed in: %d %v", r.code, r.body)
	}
}

func TestPasskeyEnrolmentSatisfiesTheOrganisationPolicy(t *testing.T) {
	e := newEnv(t)
	e.addMember("acme", portal.RoleAdmin, "ada@acme.example", "Secret#Pass1", portal.StatusReady)
	e.addUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	admin := e.browser("ada@acme.example", "Secret#Pass1")
	if r := e.do(admin, "PUT", "/api/v1/me/company/security", `{"mfaRequired":true}`); r.code != 200 {
		t.Fatalf("policy: %d %v", r.code, r.body)
	}
	r := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "")
	restricted := as{r.cookie(), r.body["csrf"].(string)}
	begin := e.do(restricted, "POST", "/api/v1/me/passkeys/begin", "")
	key := newAuthenticator(t)
	body, _ := json.Marshal(map[string]any{"ceremony": begin.body["ceremony"], "name": "Phone", "credential": key.create(begin.body["options"])})
	done := e.do(restricted, "POST", "/api/v1/me/passkeys/finish", string(body))
	if done.code != 201 || done.cookie() == "" || done.cookie() == restricted.token {
		t.Fatalf("enrolment: %d %v", done.code, done.body)
	}
	full := as{done.cookie(), done.body["csrf"].(string)}
	if r := e.do(full, "GET", "/api/v1/me", ""); r.code != 200 {
		t.Fatalf("after enrolment: %d", r.code)
	}
	id := e.do(full, "GET", "/api/v1/me/passkeys", "").body["items"].([]any)[0].(map[string]any)["id"].(string)
	if r := e.do(full, "DELETE", "/api/v1/me/passkeys/"+id, `{"password":"Secret#Pass1"}`); r.code != 409 || r.errCode() != "mfa_required_by_organisation" {
		t.Fatalf("removing the last factor: %d %v", r.code, r.body)
	}
}
