package httpapi_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

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

// deliver drains the outbox as the mail drainer does and returns what it sent, each
// message read back from its MIME bytes: every one must parse, with a text and an
// HTML part in the language it declares.
func (e *env) deliver() []delivered {
	e.t.Helper()
	box := &mailbox{}
	out := mail.NewOutbox(e.store.Table(), box, mail.OutboxOptions{From: "Guichet <no-reply@guichet.example>", Now: e.clock.Now})
	if _, err := out.Drain(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	var got []delivered
	for _, raw := range box.raw {
		p, err := mail.Parse(raw)
		if err != nil {
			e.t.Fatalf("a mail does not parse: %v\n%s", err, raw)
		}
		if p.Text == "" || p.HTML == "" || (p.Lang != "fr" && p.Lang != "en") ||
			!strings.Contains(p.HTML, `<html lang="`+p.Lang+`">`) || len(p.To) != 1 {
			e.t.Fatalf("mail %q lacks a part or its language: lang %q, to %v, text %d bytes, HTML %d bytes", p.Subject, p.Lang, p.To, len(p.Text), len(p.HTML))
		}
		got = append(got, delivered{Parsed: p, To: p.To[0]})
	}
	return got
}

// mailsTo keeps the messages to one address.
func mailsTo(ms []delivered, to string) []delivered {
	var out []delivered
	for _, m := range ms {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// signupCode starts a sign-up and returns the code the mail carries.
func (e *env) signupCode(email, lang string) string {
	e.t.Helper()
	if r := e.call("POST", "/api/v1/signup", `{"email":"`+email+`","lang":"`+lang+`"}`, ""); r.code != 202 {
		e.t.Fatalf("sign-up start: %d %v", r.code, r.body)
	}
	ms := mailsTo(e.deliver(), portal.NormalizeEmail(email))
	if len(ms) != 1 || ms[0].Lang != lang {
		e.t.Fatalf("want one code mail in %s, got %+v", lang, ms)
	}
	code := sixDigits.FindStringSubmatch(ms[0].Text)
	if code == nil || !strings.Contains(ms[0].HTML, code[1]) {
		e.t.Fatalf("no code in the mail:\n%s", ms[0].Text)
	}
	return code[1]
}

// signupToken proves an address and returns the verify answer.
func (e *env) signupToken(email, lang string) resp {
	e.t.Helper()
	code := e.signupCode(email, lang)
	r := e.call("POST", "/api/v1/signup/verify", `{"email":"`+email+`","code":"`+code+`"}`, "")
	if r.code != 200 || r.body["signupToken"] == "" {
		e.t.Fatalf("verify: %d %v", r.code, r.body)
	}
	return r
}

const regPassword = "Vélo-Rouge.42"

// completeBody is a complete sign-up form; org is the JSON of the organisation
// choice (`"organisationId":"…"` or `"newOrganisation":{…}`), or "".
func completeBody(token, first, lang, org string) string {
	b := fmt.Sprintf(`{"signupToken":%q,"civility":"ms","firstName":%q,"lastName":"Durand","jobTitle":"Acheteuse","phone":"+33 1 23 45 67 89","lang":%q,"password":%q`,
		token, first, lang, regPassword)
	if org != "" {
		b += "," + org
	}
	return b + "}"
}

const newAcme = `"newOrganisation":{"legalName":"Acme Industries SA","registrationNo":"732 829 320 00074","address":"1 rue de la Paix\n75002 Paris","country":"fr","website":"acme.example"}`

// register signs a person up from start to finish and returns the completion.
func (e *env) register(email, first, lang, org string) resp {
	e.t.Helper()
	v := e.signupToken(email, lang)
	r := e.call("POST", "/api/v1/signup/complete", completeBody(v.body["signupToken"].(string), first, lang, org), "")
	if r.code != 201 {
		e.t.Fatalf("complete: %d %v", r.code, r.body)
	}
	return r
}

// operator adds an operator and signs them in.
func (e *env) operator(email string) as {
	e.t.Helper()
	e.addMember(portal.VendorOrg, portal.RoleOperator, email, regPassword, portal.StatusReady)
	return e.browser(email, regPassword)
}

// orgWithDomain adds an organisation that verified domain, with one ready
// administrator per language given, and returns it.
func (e *env) orgWithDomain(id, domain string, adminLangs ...string) portal.Organisation {
	e.t.Helper()
	ctx := context.Background()
	o := portal.Organisation{ID: id, Name: strings.ToUpper(id[:1]) + id[1:] + " & Fils", Domains: []string{domain}, Created: e.clock.Now()}
	if err := e.store.CreateOrganisation(ctx, o, store.PutDomainClaim(store.DomainClaim{Domain: domain, OrgIDs: []string{id}})); err != nil {
		e.t.Fatal(err)
	}
	hash, err := auth.HashPassword(regPassword, cheap)
	if err != nil {
		e.t.Fatal(err)
	}
	for i, lang := range adminLangs {
		email := fmt.Sprintf("admin%d@%s", i, domain)
		u := portal.User{ID: portal.NewID(), OrgID: id, Email: email, Login: email, FirstName: "Adèle", LastName: "Admin",
			Lang: lang, Role: portal.RoleAdmin, Status: portal.StatusReady}
		if err := e.store.CreateUser(ctx, u, hash); err != nil {
			e.t.Fatal(err)
		}
	}
	return o
}

func errFields(r resp) string { return strings.Join(r.fieldCodes(), " ") }

func TestSignupAcceptsOnlyBusinessAddresses(t *testing.T) {
	e := newEnv(t)
	ops := e.operator("olivia@guichet.example")
	if r := e.do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"Mail.Cheap.EXAMPLE."}`); r.code != 201 || r.body["domain"] != "mail.cheap.example" {
		t.Fatalf("listing a free-mail domain: %d %v", r.code, r.body)
	}
	for email, want := range map[string]string{
		"zoe":                      "email:email",
		"":                         "email:required",
		"zoe@gmail.com":            "email:free_mail",
		"Zoe@Hotmail.FR":           "email:free_mail",
		"zoe@yahoo.co.uk":          "email:free_mail",
		"zoe@eu.yopmail.com":       "email:free_mail",
		"zoe@laposte.net.":         "email:free_mail",
		"zoe@mail.cheap.example":   "email:free_mail",
		"zoe@x.mail.cheap.example": "email:free_mail",
		"zoé@acme.example":         "email:email",
		"zoe@localhost":            "email:email",
	} {
		r := e.call("POST", "/api/v1/signup", `{"email":"`+email+`"}`, "", "Accept-Language", "en")
		if r.code != 400 || errFields(r) != want {
			t.Errorf("%q: %d %v, want %s", email, r.code, r.body, want)
		}
	}
	r := e.call("POST", "/api/v1/signup", `{"email":"zoe@gmail.com"}`, "", "Accept-Language", "en")
	msg := r.body["error"].(map[string]any)["fields"].([]any)[0].(map[string]any)["message"].(string)
	if !strings.Contains(msg, "business address") {
		t.Errorf("the free-mail refusal says %q", msg)
	}
	// A Unicode domain is kept in its ASCII form; the mail goes there.
	r = e.call("POST", "/api/v1/signup", `{"email":" Zoe@Société.example ","lang":"en"}`, "")
	if r.code != 202 || r.body["email"] != "zoe@xn--socit-esab.example" {
		t.Fatalf("IDN address: %d %v", r.code, r.body)
	}
	if ms := mailsTo(e.deliver(), "zoe@xn--socit-esab.example"); len(ms) != 1 || ms[0].Lang != "en" {
		t.Fatalf("mails: %+v", ms)
	}
	if r := e.call("POST", "/api/v1/signup", `{"email":"zoe@acme.example","lang":"de"}`, ""); errFields(r) != "lang:format" {
		t.Fatalf("unknown language: %d %v", r.code, r.body)
	}
	// Taking the domain off the list lets it sign up.
	if r := e.do(ops, "DELETE", "/api/v1/backoffice/freemail/mail.cheap.example", ""); r.code != 204 {
		t.Fatalf("unlisting: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/signup", `{"email":"zoe@mail.cheap.example"}`, ""); r.code != 202 {
		t.Fatalf("an unlisted domain: %d %v", r.code, r.body)
	}
}

func TestSignupDoesNotTellWhetherAnAddressHasAnAccount(t *testing.T) {
	e := newEnv(t)
	e.addMember("acme", portal.RoleUser, "taken@acme.example", regPassword, portal.StatusReady)
	var newTimes, takenTimes []time.Duration
	var newBody, takenBody map[string]any
	for i := range 5 {
		for _, email := range []string{fmt.Sprintf("new%d@acme.example", i), "taken@acme.example"} {
			start := time.Now()
			r := e.call("POST", "/api/v1/signup", `{"email":"`+email+`","lang":"fr"}`, "")
			took := time.Since(start)
			if r.code != 202 {
				t.Fatalf("%s: %d %v", email, r.code, r.body)
			}
			if email == "taken@acme.example" {
				takenTimes, takenBody = append(takenTimes, took), r.body
			} else {
				newTimes, newBody = append(newTimes, took), r.body
			}
		}
		e.clock.Advance(auth.SignupResendAfter)
	}
	delete(newBody, "email")
	delete(takenBody, "email")
	if mustJSON(newBody) != mustJSON(takenBody) {
		t.Fatalf("the answers differ: %v / %v", newBody, takenBody)
	}
	median := func(ds []time.Duration) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}
	if a, b := median(newTimes), median(takenTimes); a > 10*b || b > 10*a {
		t.Errorf("the times differ by more than an order of magnitude: new %v, taken %v", a, b)
	}
	// The mails differ: a code for the new address, a reminder for the taken one.
	ms := e.deliver()
	fresh, taken := mailsTo(ms, "new0@acme.example"), mailsTo(ms, "taken@acme.example")
	if len(fresh) != 1 || sixDigits.FindString(fresh[0].Text) == "" {
		t.Fatalf("new address: %+v", fresh)
	}
	if len(taken) != 5 || sixDigits.FindString(taken[0].Text) != "" ||
		!strings.Contains(taken[0].Text, testBaseURL+"/#/signin") || !strings.Contains(taken[0].Text, testBaseURL+"/#/forgot-password") {
		t.Fatalf("taken address: %d mails, first:\n%s", len(taken), taken[0].Text)
	}
	// Whatever code is typed for the taken address, the answer is a new address's to a
	// wrong code.
	for _, email := range []string{"taken@acme.example", "new0@acme.example"} {
		if r := e.call("POST", "/api/v1/signup/verify", `{"email":"`+email+`","code":"000000"}`, ""); r.code != 400 || r.errCode() != "code_invalid" {
			t.Fatalf("%s: %d %v", email, r.code, r.body)
		}
	}
}

func TestSignupCodeResendLimits(t *testing.T) {
	e := newEnv(t)
	first := e.signupCode("zoe@acme.example", "fr")
	r := e.call("POST", "/api/v1/signup", `{"email":"zoe@acme.example"}`, "")
	if r.code != 429 || r.errCode() != "code_resend_too_soon" {
		t.Fatalf("a re-send within the minute: %d %v", r.code, r.body)
	}
	e.clock.Advance(59 * time.Second)
	if r := e.call("POST", "/api/v1/signup", `{"email":"zoe@acme.example"}`, ""); r.code != 429 {
		t.Fatalf("a re-send after 59 s: %d", r.code)
	}
	e.clock.Advance(time.Second)
	second := e.signupCode("zoe@acme.example", "fr")
	if first != second {
		// The re-send replaced the first code: it no longer works, the second does.
		if r := e.call("POST", "/api/v1/signup/verify", `{"email":"zoe@acme.example","code":"`+first+`"}`, ""); r.errCode() != "code_invalid" {
			t.Fatalf("the replaced code: %d %v", r.code, r.body)
		}
	}
	for range 3 {
		e.clock.Advance(time.Minute)
		e.signupCode("zoe@acme.example", "fr")
	}
	e.clock.Advance(time.Minute)
	if r := e.call("POST", "/api/v1/signup", `{"email":"zoe@acme.example"}`, ""); r.code != 429 || r.errCode() != "rate_limited" {
		t.Fatalf("a sixth code in the hour: %d %v", r.code, r.body)
	}
	// Other addresses are not held back by this one.
	e.signupCode("leo@acme.example", "en")
	e.clock.Advance(time.Hour)
	code := e.signupCode("zoe@acme.example", "fr")
	if r := e.call("POST", "/api/v1/signup/verify", `{"email":"zoe@acme.example","code":"`+code[:3]+` `+code[3:]+`"}`, ""); r.code != 200 {
		t.Fatalf("the newest code, typed with a space: %d %v", r.code, r.body)
	}
}

func TestSignupCodeExpiresAndDiesAfterFiveWrongTries(t *testing.T) {
	e := newEnv(t)
	code := e.signupCode("zoe@acme.example", "fr")
	e.clock.Advance(auth.SignupCodeTTL)
	verify := func(c string) resp {
		return e.call("POST", "/api/v1/signup/verify", `{"email":"zoe@acme.example","code":"`+c+`"}`, "")
	}
	if r := verify(code); r.code != 400 || r.errCode() != "code_expired" {
		t.Fatalf("a code 10 minutes old: %d %v", r.code, r.body)
	}
	e.clock.Advance(2 * time.Hour)
	if r := verify(code); r.errCode() != "code_invalid" {
		t.Fatalf("a code long gone: %d %v", r.code, r.body)
	}

	code = e.signupCode("zoe@acme.example", "fr")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for i := 1; i <= 4; i++ {
		if r := verify(wrong); r.code != 400 || r.errCode() != "code_invalid" {
			t.Fatalf("wrong try %d: %d %v", i, r.code, r.body)
		}
	}
	if r := verify(wrong); r.code != 429 || r.errCode() != "code_exhausted" {
		t.Fatalf("the fifth wrong try: %d %v", r.code, r.body)
	}
	if r := verify(code); r.errCode() != "code_exhausted" {
		t.Fatalf("the right code after five wrong ones: %d %v", r.code, r.body)
	}
	for body, want := range map[string]string{`{"email":"zoe@acme.example","code":"12345"}`: "code:format",
		`{"email":"zoe@acme.example","code":""}`: "code:required", `{"email":"x","code":"123456"}`: "email:email"} {
		if r := e.call("POST", "/api/v1/signup/verify", body, ""); errFields(r) != want {
			t.Errorf("%s: %v", body, r.body)
		}
	}
	e.clock.Advance(time.Minute)
	code = e.signupCode("zoe@acme.example", "fr")
	r := verify(code)
	if r.code != 200 || r.body["email"] != "zoe@acme.example" || r.body["expiresInSeconds"] != float64(1800) {
		t.Fatalf("a new code: %d %v", r.code, r.body)
	}
	if r := verify(code); r.errCode() != "code_invalid" {
		t.Fatalf("a used code: %d %v", r.code, r.body)
	}
}

func TestSignupNewOrganisationApprovedByAnOperator(t *testing.T) {
	e := newEnv(t)
	v := e.signupToken("zoe@acme.example", "en")
	if orgs := v.body["organisations"].([]any); len(orgs) != 0 || v.body["canCreate"] != true || v.body["domain"] != "acme.example" {
		t.Fatalf("candidates of a new domain: %v", v.body)
	}
	token := v.body["signupToken"].(string)
	if r := e.call("GET", "/api/v1/signup/organisations", "", "", httpapi.SignupTokenHeader, token); r.code != 200 || r.body["canCreate"] != true {
		t.Fatalf("candidates again: %d %v", r.code, r.body)
	}
	// Without an organisation, or with bad details, nothing is created.
	if r := e.call("POST", "/api/v1/signup/complete", completeBody(token, "Zoé", "en", ""), ""); errFields(r) != "newOrganisation:required" {
		t.Fatalf("no organisation: %d %v", r.code, r.body)
	}
	bad := `"newOrganisation":{"legalName":"","registrationNo":"7/3","address":"x","country":"ZZ","website":"ftp://x"}`
	r := e.call("POST", "/api/v1/signup/complete", completeBody(token, "", "en", bad), "")
	for _, want := range []string{"firstName:required", "newOrganisation.legalName:required", "newOrganisation.country:country",
		"newOrganisation.website:url", "newOrganisation.registrationNo:registration_no"} {
		if !slices.Contains(r.fieldCodes(), want) {
			t.Errorf("bad details: %v lacks %s", r.fieldCodes(), want)
		}
	}
	r = e.call("POST", "/api/v1/signup/complete", completeBody(token, "Zoé", "en", newAcme), "")
	if r.code != 201 || r.cookie() == "" {
		t.Fatalf("complete: %d %v", r.code, r.body)
	}
	u := r.body["user"].(map[string]any)
	reg := r.body["registration"].(map[string]any)
	if u["status"] != "pending_approval" || u["orgId"] != portal.UnlinkedOrg || u["login"] != "zoe@acme.example" ||
		reg["state"] != "pending" || reg["kind"] != "organisation" || reg["organisation"] != "Acme Industries SA" {
		t.Fatalf("the new account: %v", r.body)
	}
	if strings.Contains(mustJSON(r.body), "passwordHash") {
		t.Fatal("the answer leaks the password hash")
	}
	zoe := as{r.cookie(), r.body["csrf"].(string)}
	if ms := mailsTo(e.deliver(), "zoe@acme.example"); len(ms) != 1 || ms[0].Lang != "en" || !strings.Contains(ms[0].Text, "one to two business days") {
		t.Fatalf("the registration mail: %+v", ms)
	}
	// The token served once.
	if r := e.call("POST", "/api/v1/signup/complete", completeBody(token, "Zoé", "en", newAcme), ""); r.code != 400 || r.errCode() != "signup_expired" {
		t.Fatalf("the token again: %d %v", r.code, r.body)
	}
	// Pending: the session, the registration's status and nothing of any organisation.
	if !e.hasSession(zoe.token) {
		t.Fatal("the pending person has no session")
	}
	if r := e.call("GET", "/api/v1/signup/status", "", zoe.token); r.code != 200 || r.body["state"] != "pending" {
		t.Fatalf("status: %d %v", r.code, r.body)
	}
	if r := e.call("GET", "/api/v1/org/join-requests", "", zoe.token); r.code != 403 {
		t.Fatalf("a pending person reads an organisation's data: %d", r.code)
	}
	if r := e.do(zoe, "GET", "/api/v1/backoffice/registrations", ""); r.code != 403 {
		t.Fatalf("a pending person reads the back office: %d", r.code)
	}
	// The operators' queue.
	ops := e.operator("olivia@guichet.example")
	q := e.do(ops, "GET", "/api/v1/backoffice/registrations?kind=organisation", "")
	items := q.body["items"].([]any)
	if q.code != 200 || len(items) != 1 {
		t.Fatalf("queue: %d %v", q.code, q.body)
	}
	id := items[0].(map[string]any)["id"].(string)
	detail := e.do(ops, "GET", "/api/v1/backoffice/registrations/"+id, "")
	if org := detail.body["organisation"].(map[string]any); org["registrationNo"] != "73282932000074" || org["country"] != "FR" || org["website"] != "https://acme.example" {
		t.Fatalf("detail: %v", detail.body)
	}
	if r := e.do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/approve", ""); r.code != 200 || r.body["state"] != "approved" {
		t.Fatalf("approve: %d %v", r.code, r.body)
	}
	ms := mailsTo(e.deliver(), "zoe@acme.example")
	if len(ms) != 1 || ms[0].Lang != "en" || !strings.Contains(ms[0].Text, "first administrator") || !strings.Contains(ms[0].Text, testBaseURL+"/#/signin") {
		t.Fatalf("the decision mail: %+v", ms)
	}
	// The old session carried the pending status: it is gone. Signed in again, Zoé
	// administers the new organisation, which verified her domain.
	if e.hasSession(zoe.token) {
		t.Fatal("the pending session survived the approval")
	}
	zoe = e.browser("zoe@acme.example", regPassword)
	me := e.call("GET", "/api/v1/session", "", zoe.token).body["user"].(map[string]any)
	if me["role"] != "admin" || me["status"] != "ready" || me["orgId"] == portal.UnlinkedOrg {
		t.Fatalf("after approval: %v", me)
	}
	if r := e.call("GET", "/api/v1/org/join-settings", "", zoe.token); r.code != 200 || mustJSON(r.body["domains"]) != `["acme.example"]` {
		t.Fatalf("join settings: %d %v", r.code, r.body)
	}
	if r := e.call("GET", "/api/v1/signup/status", "", zoe.token); r.body["state"] != "approved" {
		t.Fatalf("status after approval: %v", r.body)
	}
	if q := e.do(ops, "GET", "/api/v1/backoffice/registrations", ""); len(q.body["items"].([]any)) != 0 {
		t.Fatalf("the queue keeps a decided registration: %v", q.body)
	}
	// A colleague now finds the organisation, and may not create another.
	v = e.signupToken("leo@acme.example", "fr")
	orgs := v.body["organisations"].([]any)
	if len(orgs) != 1 || orgs[0].(map[string]any)["name"] != "Acme Industries SA" || v.body["canCreate"] != false {
		t.Fatalf("candidates after approval: %v", v.body)
	}
	r = e.call("POST", "/api/v1/signup/complete", completeBody(v.body["signupToken"].(string), "Léo", "fr", newAcme), "")
	if errFields(r) != "newOrganisation:organisation_exists" {
		t.Fatalf("a second Acme: %d %v", r.code, r.body)
	}
}

func TestJoinRequestsDecidedByAdministrators(t *testing.T) {
	e := newEnv(t)
	e.orgWithDomain("acme", "acme.example", "fr", "en")
	e.orgWithDomain("globex", "globex.example", "fr")
	r := e.register("zoe@acme.example", "Zoé", "en", "")
	if r.body["registration"].(map[string]any)["kind"] != "join" || r.body["user"].(map[string]any)["orgId"] != "acme" {
		t.Fatalf("join: %v", r.body)
	}
	zoe := as{r.cookie(), r.body["csrf"].(string)}
	ms := e.deliver()
	for to, lang := range map[string]string{"admin0@acme.example": "fr", "admin1@acme.example": "en"} {
		got := mailsTo(ms, to)
		if len(got) != 1 || got[0].Lang != lang || !strings.Contains(got[0].Text, "Zoé Durand") ||
			!strings.Contains(got[0].Text, testBaseURL+"/#/admin/join-requests") {
			t.Fatalf("the mail to %s: %+v", to, got)
		}
	}
	if got := mailsTo(ms, "zoe@acme.example"); len(got) != 1 || got[0].Lang != "en" || !strings.Contains(got[0].Text, "Acme & Fils") {
		t.Fatalf("the mail to Zoé: %+v", got)
	}
	if got := mailsTo(ms, "admin0@globex.example"); len(got) != 0 {
		t.Fatal("another organisation's administrator was told")
	}
	admin := e.browser("admin0@acme.example", regPassword)
	list := e.do(admin, "GET", "/api/v1/org/join-requests", "")
	items := list.body["items"].([]any)
	if list.code != 200 || len(items) != 1 {
		t.Fatalf("pending join requests: %d %v", list.code, list.body)
	}
	id := items[0].(map[string]any)["id"].(string)
	// Another organisation's administrator, and a pending person, see nothing of it.
	other := e.browser("admin0@globex.example", regPassword)
	for _, path := range []string{"/api/v1/org/join-requests/" + id, "/api/v1/org/join-requests/" + id + "/approve"} {
		method := "GET"
		if strings.HasSuffix(path, "approve") {
			method = "POST"
		}
		if r := e.do(other, method, path, ""); r.code != 404 {
			t.Fatalf("%s %s by another organisation: %d %v", method, path, r.code, r.body)
		}
	}
	if r := e.do(zoe, "POST", "/api/v1/org/join-requests/"+id+"/approve", ""); r.code != 403 {
		t.Fatalf("the requester approves themself: %d", r.code)
	}
	if r := e.do(admin, "POST", "/api/v1/org/join-requests/"+id+"/approve", ""); r.code != 200 || r.body["state"] != "approved" {
		t.Fatalf("approve: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "POST", "/api/v1/org/join-requests/"+id+"/refuse", `{"reason":"x"}`); r.code != 409 || r.errCode() != "registration_decided" {
		t.Fatalf("deciding twice: %d %v", r.code, r.body)
	}
	if got := mailsTo(e.deliver(), "zoe@acme.example"); len(got) != 1 || got[0].Lang != "en" || !strings.Contains(got[0].Subject, "Acme & Fils") {
		t.Fatalf("the decision mail: %+v", got)
	}
	if e.hasSession(zoe.token) {
		t.Fatal("the pending session survived the approval")
	}
	zoe = e.browser("zoe@acme.example", regPassword)
	if me := e.call("GET", "/api/v1/session", "", zoe.token).body["user"].(map[string]any); me["status"] != "ready" || me["role"] != "user" {
		t.Fatalf("after approval: %v", me)
	}

	// Léo is refused, with a reason he reads in French.
	r = e.register("leo@acme.example", "Léo", "fr", `"organisationId":"acme"`)
	leo := as{r.cookie(), r.body["csrf"].(string)}
	e.deliver()
	leoID := r.body["user"].(map[string]any)["id"].(string)
	if r := e.do(admin, "POST", "/api/v1/org/join-requests/"+leoID+"/refuse", `{"reason":""}`); errFields(r) != "reason:required" {
		t.Fatalf("a refusal without reason: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "POST", "/api/v1/org/join-requests/"+leoID+"/refuse", `{"reason":"Inconnu du service achats"}`); r.code != 200 || r.body["state"] != "refused" {
		t.Fatalf("refuse: %d %v", r.code, r.body)
	}
	if got := mailsTo(e.deliver(), "leo@acme.example"); len(got) != 1 || got[0].Lang != "fr" || !strings.Contains(got[0].Text, "Inconnu du service achats") {
		t.Fatalf("the refusal mail: %+v", got)
	}
	if r := e.call("GET", "/api/v1/signup/status", "", leo.token); r.code != 401 {
		t.Fatal("the pending session survived the refusal")
	}
	leo = e.browser("leo@acme.example", regPassword)
	if r := e.call("GET", "/api/v1/signup/status", "", leo.token); r.body["state"] != "refused" || r.body["reason"] != "Inconnu du service achats" {
		t.Fatalf("status after refusal: %v", r.body)
	}
	decided := e.do(admin, "GET", "/api/v1/org/join-requests?state=refused", "")
	if items := decided.body["items"].([]any); len(items) != 1 {
		t.Fatalf("refused join requests: %v", decided.body)
	}
	if r := e.do(admin, "GET", "/api/v1/org/join-requests?state=maybe", ""); errFields(r) != "state:format" {
		t.Fatalf("a bad state: %v", r.body)
	}
}

func TestOperatorsDecideJoinRequestsToo(t *testing.T) {
	e := newEnv(t)
	e.orgWithDomain("acme", "acme.example", "fr")
	r := e.register("zoe@acme.example", "Zoé", "fr", "")
	id := r.body["user"].(map[string]any)["id"].(string)
	e.deliver()
	ops := e.operator("olivia@guichet.example")
	q := e.do(ops, "GET", "/api/v1/backoffice/registrations?kind=join", "")
	if items := q.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != id {
		t.Fatalf("the operators' queue: %v", q.body)
	}
	if r := e.do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/refuse", `{"reason":"Doublon"}`); r.code != 200 {
		t.Fatalf("refuse: %d %v", r.code, r.body)
	}
	if got := mailsTo(e.deliver(), "zoe@acme.example"); len(got) != 1 || !strings.Contains(got[0].Text, "Doublon") {
		t.Fatalf("the refusal mail: %+v", got)
	}
	if r := e.do(ops, "GET", "/api/v1/backoffice/registrations?kind=other", ""); errFields(r) != "kind:format" {
		t.Fatalf("a bad kind: %v", r.body)
	}
}

func TestAutoApprovalAndSharedDomains(t *testing.T) {
	e := newEnv(t)
	e.orgWithDomain("acme", "acme.example", "fr")
	admin := e.browser("admin0@acme.example", regPassword)
	if r := e.do(admin, "PUT", "/api/v1/org/join-settings", `{"autoApprove":true}`); r.code != 200 || r.body["autoApprove"] != true {
		t.Fatalf("auto-approval: %d %v", r.code, r.body)
	}
	r := e.register("zoe@acme.example", "Zoé", "en", "")
	if r.body["user"].(map[string]any)["status"] != "ready" || r.body["registration"].(map[string]any)["state"] != "approved" {
		t.Fatalf("auto-approved: %v", r.body)
	}
	ms := e.deliver()
	if got := mailsTo(ms, "zoe@acme.example"); len(got) != 1 || !strings.Contains(got[0].Text, "approved") {
		t.Fatalf("the welcome: %+v", got)
	}
	if got := mailsTo(ms, "admin0@acme.example"); len(got) != 0 {
		t.Fatal("administrators were asked about an approved person")
	}

	// The operators let several organisations verify one domain; people choose.
	e.orgWithDomain("globex", "globex.example")
	ops := e.operator("olivia@guichet.example")
	if r := e.do(ops, "POST", "/api/v1/backoffice/domains/acme.example/organisations", `{"organisationId":"globex"}`); r.code != 409 || r.errCode() != "domain_taken" {
		t.Fatalf("a second organisation on an unshared domain: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "PUT", "/api/v1/backoffice/domains/ACME.example", `{"shared":true}`); r.code != 200 || r.body["shared"] != true {
		t.Fatalf("share: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "POST", "/api/v1/backoffice/domains/acme.example/organisations", `{"organisationId":"globex"}`); r.code != 200 || len(r.body["organisations"].([]any)) != 2 {
		t.Fatalf("verify for a second organisation: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "PUT", "/api/v1/backoffice/domains/acme.example", `{"shared":false}`); r.code != 409 || r.errCode() != "domain_shared_in_use" {
		t.Fatalf("unshare while two use it: %d %v", r.code, r.body)
	}
	v := e.signupToken("leo@acme.example", "fr")
	if orgs := v.body["organisations"].([]any); len(orgs) != 2 || v.body["canCreate"] != true {
		t.Fatalf("candidates of a shared domain: %v", v.body)
	}
	token := v.body["signupToken"].(string)
	if r := e.call("POST", "/api/v1/signup/complete", completeBody(token, "Léo", "fr", ""), ""); errFields(r) != "organisationId:required" {
		t.Fatalf("no choice: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/signup/complete", completeBody(token, "Léo", "fr", `"organisationId":"initech"`), ""); errFields(r) != "organisationId:unknown_organisation" {
		t.Fatalf("an organisation that did not verify the domain: %d %v", r.code, r.body)
	}
	r = e.call("POST", "/api/v1/signup/complete", completeBody(token, "Léo", "fr", `"organisationId":"globex"`), "")
	if r.code != 201 || r.body["user"].(map[string]any)["orgId"] != "globex" || r.body["user"].(map[string]any)["status"] != "pending_approval" {
		t.Fatalf("joining the chosen one: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "DELETE", "/api/v1/backoffice/domains/acme.example/organisations/globex", ""); r.code != 200 || len(r.body["organisations"].([]any)) != 1 {
		t.Fatalf("unverify: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "DELETE", "/api/v1/backoffice/domains/acme.example/organisations/globex", ""); r.code != 404 || r.errCode() != "domain_not_verified" {
		t.Fatalf("unverify twice: %d %v", r.code, r.body)
	}
}

func TestFreeMailDomainsAreNeverVerified(t *testing.T) {
	e := newEnv(t)
	e.orgWithDomain("acme", "acme.example", "fr")
	ops := e.operator("olivia@guichet.example")
	for _, domain := range []string{"gmail.com", "hotmail.fr", "mail.yopmail.com"} {
		if r := e.do(ops, "POST", "/api/v1/backoffice/domains/"+domain+"/organisations", `{"organisationId":"acme"}`); r.code != 409 || r.errCode() != "domain_free_mail" {
			t.Fatalf("verify %s: %d %v", domain, r.code, r.body)
		}
	}
	if r := e.do(ops, "PUT", "/api/v1/backoffice/domains/gmail.com", `{"shared":true}`); r.errCode() != "domain_free_mail" {
		t.Fatalf("share gmail.com: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "GET", "/api/v1/backoffice/domains/gmail.com", ""); r.code != 200 || r.body["freeMail"] != true {
		t.Fatalf("view gmail.com: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"acme.example"}`); r.code != 409 || r.errCode() != "domain_verified" {
		t.Fatalf("list a verified domain: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"gmail.com"}`); r.code != 409 || r.errCode() != "freemail_exists" {
		t.Fatalf("list a built-in one: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"not a domain"}`); errFields(r) != "domain:domain" {
		t.Fatalf("list garbage: %d %v", r.code, r.body)
	}
	// An organisation asked for with a domain that becomes free mail is not created.
	r := e.register("zoe@newco.example", "Zoé", "fr", strings.Replace(newAcme, "acme.example", "newco.example", 1))
	id := r.body["user"].(map[string]any)["id"].(string)
	if r := e.do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"newco.example"}`); r.code != 201 {
		t.Fatalf("list newco.example: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/approve", ""); r.code != 409 || r.errCode() != "domain_free_mail" {
		t.Fatalf("approve a free-mail domain: %d %v", r.code, r.body)
	}
	if r := e.do(ops, "GET", "/api/v1/backoffice/freemail", ""); r.code != 200 || len(r.body["items"].([]any)) != 1 || r.body["builtIn"].(float64) < 100 {
		t.Fatalf("the list: %d %v", r.code, r.body)
	}
	// Only operators manage any of it.
	admin := e.browser("admin0@acme.example", regPassword)
	for _, c := range [][3]string{{"GET", "/api/v1/backoffice/freemail", ""}, {"POST", "/api/v1/backoffice/freemail", `{"domain":"x.example"}`},
		{"PUT", "/api/v1/backoffice/domains/acme.example", `{"shared":true}`}, {"GET", "/api/v1/backoffice/registrations/" + id, ""}} {
		if r := e.do(admin, c[0], c[1], c[2]); r.code != 403 {
			t.Errorf("%s %s by a customer administrator: %d", c[0], c[1], r.code)
		}
	}
}

func TestParallelSignupsOfOneAddressMakeOneAccount(t *testing.T) {
	e := newEnv(t)
	// Twenty sign-ups of one address, each with its own token, finish at once.
	tokens := make([]string, 20)
	for i := range tokens {
		token, op := e.deps.Auth.NewSignupToken("race@acme.example")
		if err := e.store.Table().Transact(context.Background(), op); err != nil {
			t.Fatal(err)
		}
		tokens[i] = token
	}
	// And twenty finish with one token.
	same := e.signupToken("same@acme.example", "fr").body["signupToken"].(string)
	codes := make(chan string, 40)
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token := same
			if i < 20 {
				token = tokens[i]
			}
			r := e.call("POST", "/api/v1/signup/complete", completeBody(token, "Zoé", "fr", newAcme), "")
			codes <- fmt.Sprint(r.code, " ", r.errCode())
		}()
	}
	wg.Wait()
	close(codes)
	created := 0
	for c := range codes {
		switch c {
		case "201 ":
			created++
		case "409 email_taken", "400 signup_expired":
		default:
			t.Errorf("a racing sign-up got %s", c)
		}
	}
	if created != 2 {
		t.Fatalf("%d accounts for two addresses", created)
	}
	q, _, err := e.store.PendingRegistrations(context.Background(), "", 100, "")
	if err != nil || len(q) != 2 {
		t.Fatalf("%d registrations: %v", len(q), err)
	}
}

func TestTwoOperatorsApprovingAtOnceCreateOneOrganisation(t *testing.T) {
	e := newEnv(t)
	r := e.register("zoe@acme.example", "Zoé", "fr", newAcme)
	id := r.body["user"].(map[string]any)["id"].(string)
	e.deliver()
	a, b := e.operator("olivia@guichet.example"), e.operator("oscar@guichet.example")
	results := make(chan resp, 2)
	var wg sync.WaitGroup
	for _, op := range []as{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- e.do(op, "POST", "/api/v1/backoffice/registrations/"+id+"/approve", "")
		}()
	}
	wg.Wait()
	close(results)
	var got []string
	for r := range results {
		got = append(got, fmt.Sprint(r.code, " ", r.errCode()))
	}
	sort.Strings(got)
	if mustJSON(got) != `["200 ","409 registration_decided"]` {
		t.Fatalf("two approvals: %v", got)
	}
	page, err := e.store.Table().Query(context.Background(), table.Query{Index: table.GSI1, PK: "ORGS", Prefix: "acme industries sa#"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("%d organisations created: %v", len(page.Items), err)
	}
	if ms := mailsTo(e.deliver(), "zoe@acme.example"); len(ms) != 1 {
		t.Fatalf("%d decision mails", len(ms))
	}
	acc, err := e.store.AccountByEmail(context.Background(), "zoe@acme.example")
	if err != nil || acc.OrgID == portal.UnlinkedOrg || acc.Role != portal.RoleAdmin {
		t.Fatalf("the account: %+v %v", acc.User, err)
	}
}

func TestSignupPasswordPolicyAndMeter(t *testing.T) {
	e := newEnv(t)
	token := e.signupToken("zoe.durand@acme.example", "fr").body["signupToken"].(string)
	for pw, want := range map[string]string{
		"court":         "password:password_too_short password:password_upper password:password_digit password:password_symbol",
		"P@ssw0rd2026!": "password:password_common",
		"Durand#2026":   "password:password_personal",
		"Durand2026xx":  "password:password_symbol",
	} {
		body := strings.Replace(completeBody(token, "Zoé", "fr", newAcme), regPassword, pw, 1)
		if r := e.call("POST", "/api/v1/signup/complete", body, ""); errFields(r) != want {
			t.Errorf("%q: %v, want %s", pw, r.fieldCodes(), want)
		}
	}
	for pw, level := range map[string]string{"court": "too_weak", "Vr7-kqzPw": "fair", "k7#Qm2-vXp9L": "strong"} {
		r := e.call("POST", "/api/v1/password/strength", `{"password":"`+pw+`","email":"zoe.durand@acme.example"}`, "")
		if r.code != 200 || r.body["level"] != level {
			t.Errorf("strength of %q: %d %v, want %s", pw, r.code, r.body, level)
		}
	}
	r := e.call("POST", "/api/v1/password/strength", `{"password":"Durand#2026","lastName":"Durand"}`, "")
	if r.body["score"] != float64(0) || mustJSON(r.body["problems"]) != `["password_personal"]` {
		t.Fatalf("a personal password: %v", r.body)
	}
}

func TestSignupStatusNeedsASignedInRegistrant(t *testing.T) {
	e := newEnv(t)
	if r := e.call("GET", "/api/v1/signup/status", "", ""); r.code != 401 {
		t.Fatalf("anonymous: %d", r.code)
	}
	e.addUser("old@acme.example", regPassword, portal.StatusReady)
	b := e.browser("old@acme.example", regPassword)
	if r := e.do(b, "GET", "/api/v1/signup/status", ""); r.code != 404 || r.errCode() != "registration_not_found" {
		t.Fatalf("no registration: %d %v", r.code, r.body)
	}
	if r := e.call("GET", "/api/v1/signup/organisations", "", "", httpapi.SignupTokenHeader, "forged"); r.code != 400 || r.errCode() != "signup_expired" {
		t.Fatalf("a forged token: %d %v", r.code, r.body)
	}
}
