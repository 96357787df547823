package apitest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/blob/folder"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/impersonation"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/notify"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

const Pw = "Secret#Pass1"

// AddApp puts an application in the catalog.
func (e *Env) AddApp(name string, approver portal.Approver, approval bool, days int) portal.Application {
	e.T.Helper()
	site := "https://" + strings.ToLower(name) + ".example"
	a := portal.Application{
		ID:             portal.NewID(),
		Name:           portal.Text{FR: name + " (fr)", EN: name},
		Description:    portal.Text{FR: "Description de " + name, EN: "About " + name},
		ApprovalNeeded: approval,
		Approver:       approver,
		DurationDays:   days,
		Instructions:   portal.Text{FR: "Ouvrez " + site, EN: "Open " + site},
		Created:        e.Clock.Now(),
		Updated:        e.Clock.Now(),
	}
	if err := e.Store.CreateApplication(context.Background(), a); err != nil {
		e.T.Fatal(err)
	}
	a.Version = 1
	return a
}

func Field(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// AuditActions lists the actions of an organisation's audit log, oldest first.
func (e *Env) AuditActions(orgID string) []string {
	e.T.Helper()
	entries, _, err := e.Store.AuditPage(context.Background(), orgID, 100, "")
	if err != nil {
		e.T.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, entries[i].Action)
	}
	return out
}

// RunJobs runs every due job, as the local ticker or the work function does.
func (e *Env) RunJobs() int {
	e.T.Helper()
	n, err := orgadmin.RunJobs(e.Deps)(context.Background())
	if err != nil {
		e.T.Fatalf("RunJobs: %v", err)
	}
	return n
}

// Download follows a job's download link as a browser does, without a session,
// and answers its status and body.
func (e *Env) Download(link string) (int, string, string) {
	e.T.Helper()
	if !strings.HasPrefix(link, TestBaseURL+folder.Prefix) {
		e.T.Fatalf("download link %q is not the local server's", link)
	}
	rec := httptest.NewRecorder()
	e.Blobs.ServeHTTP(rec, httptest.NewRequest("GET", strings.TrimPrefix(link, TestBaseURL), nil))
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.String()
}

// FinishedJob runs the due jobs and reads the job at path, which must be done.
func (e *Env) FinishedJob(b As, path string) Resp {
	e.T.Helper()
	e.RunJobs()
	r := e.Do(b, "GET", path, "")
	if r.Code != 200 || r.Body["state"] != "done" {
		e.T.Fatalf("%s: %d %v", path, r.Code, r.Body)
	}
	return r
}

// ParseCSV reads a CSV with a byte-order mark.
func ParseCSV(t testing.TB, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("no byte-order mark: %.40q", body)
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// ExportAudit asks for an export with the filters of body, runs it, and returns
// the file's rows.
func (e *Env) ExportAudit(b As, body string) [][]string {
	e.T.Helper()
	return ParseCSV(e.T, e.ExportAuditFile(b, body))
}

// ExportAuditFile asks for an export with the filters of body, runs it, and
// returns the file.
func (e *Env) ExportAuditFile(b As, body string) string {
	e.T.Helper()
	r := e.Do(b, "POST", "/api/v1/org/audit/exports", body)
	if r.Code != 202 || r.Body["state"] != "queued" || r.Body["id"] == nil {
		e.T.Fatalf("export: %d %v", r.Code, r.Body)
	}
	done := e.FinishedJob(b, "/api/v1/org/audit/exports/"+r.Body["id"].(string))
	dl := done.Body["download"].(map[string]any)
	code, ctype, file := e.Download(dl["url"].(string))
	if code != 200 || ctype != "text/csv; charset=utf-8" {
		e.T.Fatalf("download: %d %s", code, ctype)
	}
	return file
}

// DrainEvents fans the event outbox out as the notify-drain job does and returns how
// many in-app notifications it wrote.
func (e *Env) DrainEvents() int {
	e.T.Helper()
	n, err := (&notify.Drainer{Store: e.Store, BaseURL: TestBaseURL, Now: e.Clock.Now}).Drain(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
	return n
}

// Deliver drains the outbox as the mail drainer does and returns what it sent, each
// message read back from its MIME bytes: every one must parse, with a text and an
// HTML part in the language it declares.
func (e *Env) Deliver() []delivered {
	e.T.Helper()
	box := &mailbox{}
	out := mail.NewOutbox(e.Store.Table(), box, mail.OutboxOptions{From: "Guichet <no-reply@guichet.example>", Now: e.Clock.Now})
	if _, err := out.Drain(context.Background()); err != nil {
		e.T.Fatal(err)
	}
	var got []delivered
	for _, raw := range box.raw {
		p, err := mail.Parse(raw)
		if err != nil {
			e.T.Fatalf("a mail does not parse: %v\n%s", err, raw)
		}
		if p.Text == "" || p.HTML == "" || (p.Lang != "fr" && p.Lang != "en") ||
			!strings.Contains(p.HTML, `<html lang="`+p.Lang+`">`) || len(p.To) != 1 {
			e.T.Fatalf("mail %q lacks a part or its language: lang %q, to %v, text %d bytes, HTML %d bytes", p.Subject, p.Lang, p.To, len(p.Text), len(p.HTML))
		}
		got = append(got, delivered{Parsed: p, To: p.To[0]})
	}
	return got
}

// MailsTo keeps the messages to one address.
func MailsTo(ms []delivered, to string) []delivered {
	var out []delivered
	for _, m := range ms {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

var SixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// SignupToken proves an address and returns the verify answer.
func (e *Env) SignupToken(email, lang string) Resp {
	e.T.Helper()
	code := e.SignupCode(email, lang)
	r := e.Call("POST", "/api/v1/signup/verify", `{"email":"`+email+`","code":"`+code+`"}`, "")
	if r.Code != 200 || r.Body["signupToken"] == "" {
		e.T.Fatalf("verify: %d %v", r.Code, r.Body)
	}
	return r
}

const RegPassword = "Vélo-Rouge.42"

// CompleteBody is a complete sign-up form; org is the JSON of the organisation
// choice (`"organisationId":"…"` or `"newOrganisation":{…}`), or "".
func CompleteBody(token, first, lang, org string) string {
	b := fmt.Sprintf(`{"signupToken":%q,"civility":"ms","firstName":%q,"lastName":"Durand","jobTitle":"Acheteuse","phone":"+33 1 23 45 67 89","lang":%q,"password":%q`,
		token, first, lang, RegPassword)
	if org != "" {
		b += "," + org
	}
	return b + "}"
}

// Register signs a person up from start to finish and returns the completion.
func (e *Env) Register(email, first, lang, org string) Resp {
	e.T.Helper()
	v := e.SignupToken(email, lang)
	r := e.Call("POST", "/api/v1/signup/complete", CompleteBody(v.Body["signupToken"].(string), first, lang, org), "")
	if r.Code != 201 {
		e.T.Fatalf("complete: %d %v", r.Code, r.Body)
	}
	return r
}

// Operator adds an operator and signs them in.
func (e *Env) Operator(email string) As {
	e.T.Helper()
	e.AddMember(portal.VendorOrg, portal.RoleOperator, email, RegPassword, portal.StatusReady)
	return e.Browser(email, RegPassword)
}

// OrgWithDomain adds an organisation that verified domain, with one ready
// administrator per language given, and returns it.
func (e *Env) OrgWithDomain(id, domain string, adminLangs ...string) portal.Organisation {
	e.T.Helper()
	ctx := context.Background()
	o := portal.Organisation{ID: id, Name: strings.ToUpper(id[:1]) + id[1:] + " & Fils", Domains: []string{domain}, Created: e.Clock.Now()}
	if err := e.Store.CreateOrganisation(ctx, o, store.PutDomainClaim(store.DomainClaim{Domain: domain, OrgIDs: []string{id}})); err != nil {
		e.T.Fatal(err)
	}
	hash, err := auth.HashPassword(RegPassword, Cheap)
	if err != nil {
		e.T.Fatal(err)
	}
	for i, lang := range adminLangs {
		email := fmt.Sprintf("admin%d@%s", i, domain)
		u := portal.User{ID: portal.NewID(), OrgID: id, Email: email, Login: email, FirstName: "Adèle", LastName: "Admin",
			Lang: lang, Role: portal.RoleAdmin, Status: portal.StatusReady}
		if err := e.Store.CreateUser(ctx, u, hash); err != nil {
			e.T.Fatal(err)
		}
	}
	return o
}

func ErrFields(r Resp) string { return strings.Join(r.FieldCodes(), " ") }

// Impersonate starts a log-in-as from b and returns the new browser and the cookie
// that brings b back.
func (e *Env) Impersonate(b As, body string) (Resp, As, *http.Cookie) {
	e.T.Helper()
	r := e.Do(b, "POST", "/api/v1/impersonation", body)
	var back *http.Cookie
	for _, c := range r.Cookies {
		if c.Name == impersonation.ReturnCookie {
			back = c
		}
	}
	if r.Code != 201 {
		return r, As{}, back
	}
	csrf, _ := r.Body["csrf"].(string)
	return r, As{Token: r.Cookie(), CSRF: csrf}, back
}

// Code is the authenticator app's code at the clock's time, shifted by skew steps.
func (e *Env) Code(secret string, skew int64) string {
	e.T.Helper()
	c, err := auth.TOTPCode(secret, auth.TOTPStep(e.Clock.Now())+skew)
	if err != nil {
		e.T.Fatal(err)
	}
	return c
}

// EnrolTOTP enrols an authenticator app for the signed-in browser and returns its
// secret and recovery codes.
func (e *Env) EnrolTOTP(b As) (string, []string) {
	e.T.Helper()
	r := e.Do(b, "POST", "/api/v1/me/totp/start", "")
	if r.Code != 200 || !strings.HasPrefix(r.Body["qrCode"].(string), "data:image/svg+xml;base64,") ||
		!strings.HasPrefix(r.Body["otpauthUri"].(string), "otpauth://totp/") {
		e.T.Fatalf("start: %d %v", r.Code, r.Body)
	}
	secret := r.Body["secret"].(string)
	r = e.Do(b, "POST", "/api/v1/me/totp/confirm", `{"code":"`+e.Code(secret, 0)+`"}`)
	if r.Code != 200 {
		e.T.Fatalf("confirm: %d %v", r.Code, r.Body)
	}
	var codes []string
	for _, c := range r.Body["recoveryCodes"].([]any) {
		codes = append(codes, c.(string))
	}
	return secret, codes
}

// Challenge signs in with a password and returns the second step's challenge.
func (e *Env) Challenge(email, password string) string {
	e.T.Helper()
	r := e.Call("POST", "/api/v1/session", `{"email":"`+email+`","password":"`+password+`"}`, "")
	if r.Code != 200 || r.Body["mfaRequired"] != true || r.Cookie() != "" {
		e.T.Fatalf("expected a challenge and no session: %d %v", r.Code, r.Body)
	}
	return r.Body["challenge"].(string)
}

func (e *Env) SecondStep(challenge, field, code string) Resp {
	e.T.Helper()
	return e.Call("POST", "/api/v1/session/mfa", `{"challenge":"`+challenge+`","`+field+`":"`+code+`"}`, "")
}

// Authenticator is a software passkey: what a phone or a security key does, for
// the WebAuthn ceremonies of the tests (attestation "none", ES256).
type Authenticator struct {
	T          testing.TB
	key        *ecdsa.PrivateKey
	credID     []byte
	UserHandle []byte
	Count      uint32
	Origin     string
}

func NewAuthenticator(t testing.TB) *Authenticator {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 32)
	_, _ = rand.Read(id)
	return &Authenticator{T: t, key: key, credID: id, Origin: TestBaseURL}
}

// Create answers navigator.credentials.create() with a new credential.
func (a *Authenticator) Create(raw any) json.RawMessage {
	a.T.Helper()
	o := a.Options(raw)
	handle, err := b64u.DecodeString(o["user"].(map[string]any)["id"].(string))
	if err != nil {
		a.T.Fatal(err)
	}
	a.UserHandle = handle
	x, y := make([]byte, 32), make([]byte, 32)
	a.key.PublicKey.X.FillBytes(x)
	a.key.PublicKey.Y.FillBytes(y)
	cose, err := webauthncbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: x, -3: y})
	if err != nil {
		a.T.Fatal(err)
	}
	attested := make([]byte, 16) // AAGUID
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(a.credID)))
	attested = append(append(attested, a.credID...), cose...)
	obj, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": a.AuthData(0x45, attested)})
	if err != nil {
		a.T.Fatal(err)
	}
	out, _ := json.Marshal(map[string]any{"id": b64u.EncodeToString(a.credID), "rawId": b64u.EncodeToString(a.credID), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64u.EncodeToString(a.ClientData("webauthn.create", o)), "attestationObject": b64u.EncodeToString(obj)}})
	return out
}

// Get answers navigator.credentials.get() with a signed assertion.
func (a *Authenticator) Get(raw any) json.RawMessage {
	a.T.Helper()
	o := a.Options(raw)
	a.Count++
	cd := a.ClientData("webauthn.get", o)
	ad := a.AuthData(0x05, nil)
	cdHash := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, ad...), cdHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, a.key, digest[:])
	if err != nil {
		a.T.Fatal(err)
	}
	out, _ := json.Marshal(map[string]any{"id": b64u.EncodeToString(a.credID), "rawId": b64u.EncodeToString(a.credID), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64u.EncodeToString(cd), "authenticatorData": b64u.EncodeToString(ad),
			"signature": b64u.EncodeToString(sig), "userHandle": b64u.EncodeToString(a.UserHandle)}})
	return out
}

// RegisterPasskey registers a new software passkey for the signed-in browser.
func (e *Env) RegisterPasskey(b As, name string) *Authenticator {
	e.T.Helper()
	begin := e.Do(b, "POST", "/api/v1/me/passkeys/begin", "")
	if begin.Code != 200 {
		e.T.Fatalf("begin: %d %v", begin.Code, begin.Body)
	}
	a := NewAuthenticator(e.T)
	body, _ := json.Marshal(map[string]any{"ceremony": begin.Body["ceremony"], "name": name, "credential": a.Create(begin.Body["options"])})
	r := e.Do(b, "POST", "/api/v1/me/passkeys/finish", string(body))
	if r.Code != 201 || r.Body["name"] != name {
		e.T.Fatalf("finish: %d %v", r.Code, r.Body)
	}
	return a
}

// LambdaEvent is a request as API Gateway 2.0 hands it to a function: the session
// in the cookies array, the host the API's own domain.
func LambdaEvent(b As, method, path, body string) events.APIGatewayV2HTTPRequest {
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: method + " " + path, RawPath: path,
		Cookies: []string{httpapi.SessionCookie + "=" + b.Token},
		Headers: map[string]string{"host": "abc123.execute-api.eu-west-3.amazonaws.com", "origin": TestBaseURL,
			"content-type": "application/json", httpapi.CSRFHeader: b.CSRF, "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"},
		Body: body,
		RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: "abc123.execute-api.eu-west-3.amazonaws.com",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path, SourceIP: "203.0.113.7"}},
	}
	return ev
}

// mailbox is a Sender that keeps every message it is given.
type mailbox struct {
	mu  sync.Mutex
	raw [][]byte
}

func (m *mailbox) Send(_ context.Context, _ string, raw []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.raw = append(m.raw, append([]byte(nil), raw...))
	return nil
}

// delivered is a message as its recipient reads it.
type delivered struct {
	mail.Parsed
	To string
}

var b64u = base64.RawURLEncoding

// Options reads what the server asked of navigator.credentials.
func (a *Authenticator) Options(raw any) map[string]any {
	a.T.Helper()
	o, ok := raw.(map[string]any)["publicKey"].(map[string]any)
	if !ok {
		a.T.Fatalf("no publicKey options in %v", raw)
	}
	return o
}

func (a *Authenticator) ClientData(kind string, options map[string]any) []byte {
	cd, _ := json.Marshal(map[string]any{"type": kind, "challenge": options["challenge"], "origin": a.Origin, "crossOrigin": false})
	return cd
}

func (a *Authenticator) AuthData(flags byte, attested []byte) []byte {
	rp := sha256.Sum256([]byte("portal.example"))
	out := append(rp[:], flags)
	out = binary.BigEndian.AppendUint32(out, a.Count)
	return append(out, attested...)
}

// SignupCode starts a sign-up and returns the code the mail carries.
func (e *Env) SignupCode(email, lang string) string {
	e.T.Helper()
	if r := e.Call("POST", "/api/v1/signup", `{"email":"`+email+`","lang":"`+lang+`"}`, ""); r.Code != 202 {
		e.T.Fatalf("sign-up start: %d %v", r.Code, r.Body)
	}
	ms := MailsTo(e.Deliver(), portal.NormalizeEmail(email))
	if len(ms) != 1 || ms[0].Lang != lang {
		e.T.Fatalf("want one code mail in %s, got %+v", lang, ms)
	}
	code := SixDigits.FindStringSubmatch(ms[0].Text)
	if code == nil || !strings.Contains(ms[0].HTML, code[1]) {
		e.T.Fatalf("no code in the mail:\n%s", ms[0].Text)
	}
	return code[1]
}

// ClientStatus fails unless err is a portal error that answers a client status.
func ClientStatus(t *testing.T, what string, err error) {
	t.Helper()
	var pe *portal.Error
	if !errors.As(err, &pe) || httpapi.Status(err) >= 500 {
		t.Fatalf("%s: %v answers %d, want a client error", what, err, httpapi.Status(err))
	}
	for _, f := range pe.Fields {
		if !httpapi.HasFieldMessage(f.Code) {
			t.Fatalf("%s: field error %s:%s has no message", what, f.Field, f.Code)
		}
	}
}

// LoginShape is what a login the user forms accept looks like.
var LoginShape = regexp.MustCompile(`^[a-z0-9._-]{8,64}$`)
