package signup_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/signup"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

const newAcme = `"newOrganisation":{"legalName":"Acme Industries SA","registrationNo":"732 829 320 00074","address":"1 rue de la Paix\n75002 Paris","country":"fr","website":"acme.example"}`

func TestSignupAcceptsOnlyBusinessAddresses(t *testing.T) {
	e := apitest.NewEnv(t)
	ops := e.Operator("olivia@guichet.example")
	if r := e.Do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"Mail.Cheap.EXAMPLE."}`); r.Code != 201 || r.Body["domain"] != "mail.cheap.example" {
		t.Fatalf("listing a free-mail domain: %d %v", r.Code, r.Body)
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
		r := e.Call("POST", "/api/v1/signup", `{"email":"`+email+`"}`, "", "Accept-Language", "en")
		if r.Code != 400 || apitest.ErrFields(r) != want {
			t.Errorf("%q: %d %v, want %s", email, r.Code, r.Body, want)
		}
	}
	r := e.Call("POST", "/api/v1/signup", `{"email":"zoe@gmail.com"}`, "", "Accept-Language", "en")
	msg := r.Body["error"].(map[string]any)["fields"].([]any)[0].(map[string]any)["message"].(string)
	if !strings.Contains(msg, "business address") {
		t.Errorf("the free-mail refusal says %q", msg)
	}
	// A Unicode domain is kept in its ASCII form; the mail goes there.
	r = e.Call("POST", "/api/v1/signup", `{"email":" Zoe@Société.example ","lang":"en"}`, "")
	if r.Code != 202 || r.Body["email"] != "zoe@xn--socit-esab.example" {
		t.Fatalf("IDN address: %d %v", r.Code, r.Body)
	}
	if ms := apitest.MailsTo(e.Deliver(), "zoe@xn--socit-esab.example"); len(ms) != 1 || ms[0].Lang != "en" {
		t.Fatalf("mails: %+v", ms)
	}
	if r := e.Call("POST", "/api/v1/signup", `{"email":"zoe@acme.example","lang":"de"}`, ""); apitest.ErrFields(r) != "lang:format" {
		t.Fatalf("unknown language: %d %v", r.Code, r.Body)
	}
	// Taking the domain off the list lets it sign up.
	if r := e.Do(ops, "DELETE", "/api/v1/backoffice/freemail/mail.cheap.example", ""); r.Code != 204 {
		t.Fatalf("unlisting: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/signup", `{"email":"zoe@mail.cheap.example"}`, ""); r.Code != 202 {
		t.Fatalf("an unlisted domain: %d %v", r.Code, r.Body)
	}
}

func TestSignupDoesNotTellWhetherAnAddressHasAnAccount(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember("acme", portal.RoleUser, "taken@acme.example", apitest.RegPassword, portal.StatusReady)
	var newTimes, takenTimes []time.Duration
	var newBody, takenBody map[string]any
	for i := range 5 {
		for _, email := range []string{fmt.Sprintf("new%d@acme.example", i), "taken@acme.example"} {
			start := time.Now()
			r := e.Call("POST", "/api/v1/signup", `{"email":"`+email+`","lang":"fr"}`, "")
			took := time.Since(start)
			if r.Code != 202 {
				t.Fatalf("%s: %d %v", email, r.Code, r.Body)
			}
			if email == "taken@acme.example" {
				takenTimes, takenBody = append(takenTimes, took), r.Body
			} else {
				newTimes, newBody = append(newTimes, took), r.Body
			}
		}
		e.Clock.Advance(auth.SignupResendAfter)
	}
	delete(newBody, "email")
	delete(takenBody, "email")
	if apitest.MustJSON(newBody) != apitest.MustJSON(takenBody) {
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
	ms := e.Deliver()
	fresh, taken := apitest.MailsTo(ms, "new0@acme.example"), apitest.MailsTo(ms, "taken@acme.example")
	if len(fresh) != 1 || apitest.SixDigits.FindString(fresh[0].Text) == "" {
		t.Fatalf("new address: %+v", fresh)
	}
	if len(taken) != 5 || apitest.SixDigits.FindString(taken[0].Text) != "" ||
		!strings.Contains(taken[0].Text, apitest.TestBaseURL+"/#/signin") || !strings.Contains(taken[0].Text, apitest.TestBaseURL+"/#/forgot-password") {
		t.Fatalf("taken address: %d mails, first:\n%s", len(taken), taken[0].Text)
	}
	// Whatever code is typed for the taken address, the answer is a new address's to a
	// wrong code.
	for _, email := range []string{"taken@acme.example", "new0@acme.example"} {
		if r := e.Call("POST", "/api/v1/signup/verify", `{"email":"`+email+`","code":"000000"}`, ""); r.Code != 400 || r.ErrCode() != "code_invalid" {
			t.Fatalf("%s: %d %v", email, r.Code, r.Body)
		}
	}
}

func TestSignupCodeResendLimits(t *testing.T) {
	e := apitest.NewEnv(t)
	first := e.SignupCode("zoe@acme.example", "fr")
	r := e.Call("POST", "/api/v1/signup", `{"email":"zoe@acme.example"}`, "")
	if r.Code != 429 || r.ErrCode() != "code_resend_too_soon" {
		t.Fatalf("a re-send within the minute: %d %v", r.Code, r.Body)
	}
	e.Clock.Advance(59 * time.Second)
	if r := e.Call("POST", "/api/v1/signup", `{"email":"zoe@acme.example"}`, ""); r.Code != 429 {
		t.Fatalf("a re-send after 59 s: %d", r.Code)
	}
	e.Clock.Advance(time.Second)
	second := e.SignupCode("zoe@acme.example", "fr")
	if first != second {
		// The re-send replaced the first code: it no longer works, the second does.
		if r := e.Call("POST", "/api/v1/signup/verify", `{"email":"zoe@acme.example","code":"`+first+`"}`, ""); r.ErrCode() != "code_invalid" {
			t.Fatalf("the replaced code: %d %v", r.Code, r.Body)
		}
	}
	for range 3 {
		e.Clock.Advance(time.Minute)
		e.SignupCode("zoe@acme.example", "fr")
	}
	e.Clock.Advance(time.Minute)
	if r := e.Call("POST", "/api/v1/signup", `{"email":"zoe@acme.example"}`, ""); r.Code != 429 || r.ErrCode() != "rate_limited" {
		t.Fatalf("a sixth code in the hour: %d %v", r.Code, r.Body)
	}
	// Other addresses are not held back by this one.
	e.SignupCode("leo@acme.example", "en")
	e.Clock.Advance(time.Hour)
	code := e.SignupCode("zoe@acme.example", "fr")
	if r := e.Call("POST", "/api/v1/signup/verify", `{"email":"zoe@acme.example","code":"`+code[:3]+` `+code[3:]+`"}`, ""); r.Code != 200 {
		t.Fatalf("the newest code, typed with a space: %d %v", r.Code, r.Body)
	}
}

func TestSignupCodeExpiresAndDiesAfterFiveWrongTries(t *testing.T) {
	e := apitest.NewEnv(t)
	code := e.SignupCode("zoe@acme.example", "fr")
	e.Clock.Advance(auth.SignupCodeTTL)
	verify := func(c string) apitest.Resp {
		return e.Call("POST", "/api/v1/signup/verify", `{"email":"zoe@acme.example","code":"`+c+`"}`, "")
	}
	if r := verify(code); r.Code != 400 || r.ErrCode() != "code_expired" {
		t.Fatalf("a code 10 minutes old: %d %v", r.Code, r.Body)
	}
	e.Clock.Advance(2 * time.Hour)
	if r := verify(code); r.ErrCode() != "code_invalid" {
		t.Fatalf("a code long gone: %d %v", r.Code, r.Body)
	}

	code = e.SignupCode("zoe@acme.example", "fr")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for i := 1; i <= 4; i++ {
		if r := verify(wrong); r.Code != 400 || r.ErrCode() != "code_invalid" {
			t.Fatalf("wrong try %d: %d %v", i, r.Code, r.Body)
		}
	}
	if r := verify(wrong); r.Code != 429 || r.ErrCode() != "code_exhausted" {
		t.Fatalf("the fifth wrong try: %d %v", r.Code, r.Body)
	}
	if r := verify(code); r.ErrCode() != "code_exhausted" {
		t.Fatalf("the right code after five wrong ones: %d %v", r.Code, r.Body)
	}
	for body, want := range map[string]string{`{"email":"zoe@acme.example","code":"12345"}`: "code:format",
		`{"email":"zoe@acme.example","code":""}`: "code:required", `{"email":"x","code":"123456"}`: "email:email"} {
		if r := e.Call("POST", "/api/v1/signup/verify", body, ""); apitest.ErrFields(r) != want {
			t.Errorf("%s: %v", body, r.Body)
		}
	}
	e.Clock.Advance(time.Minute)
	code = e.SignupCode("zoe@acme.example", "fr")
	r := verify(code)
	if r.Code != 200 || r.Body["email"] != "zoe@acme.example" || r.Body["expiresInSeconds"] != float64(1800) {
		t.Fatalf("a new code: %d %v", r.Code, r.Body)
	}
	if r := verify(code); r.ErrCode() != "code_invalid" {
		t.Fatalf("a used code: %d %v", r.Code, r.Body)
	}
}

func TestSignupNewOrganisationApprovedByAnOperator(t *testing.T) {
	e := apitest.NewEnv(t)
	v := e.SignupToken("zoe@acme.example", "en")
	if orgs := v.Body["organisations"].([]any); len(orgs) != 0 || v.Body["canCreate"] != true || v.Body["domain"] != "acme.example" {
		t.Fatalf("candidates of a new domain: %v", v.Body)
	}
	token := v.Body["signupToken"].(string)
	if r := e.Call("GET", "/api/v1/signup/organisations", "", "", signup.SignupTokenHeader, token); r.Code != 200 || r.Body["canCreate"] != true {
		t.Fatalf("candidates again: %d %v", r.Code, r.Body)
	}
	// Without an organisation, or with bad details, nothing is created.
	if r := e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Zoé", "en", ""), ""); apitest.ErrFields(r) != "newOrganisation:required" {
		t.Fatalf("no organisation: %d %v", r.Code, r.Body)
	}
	bad := `"newOrganisation":{"legalName":"","registrationNo":"7/3","address":"x","country":"ZZ","website":"ftp://x"}`
	r := e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "", "en", bad), "")
	for _, want := range []string{"firstName:required", "newOrganisation.legalName:required", "newOrganisation.country:country",
		"newOrganisation.website:url", "newOrganisation.registrationNo:registration_no"} {
		if !slices.Contains(r.FieldCodes(), want) {
			t.Errorf("bad details: %v lacks %s", r.FieldCodes(), want)
		}
	}
	r = e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Zoé", "en", newAcme), "")
	if r.Code != 201 || r.Cookie() == "" {
		t.Fatalf("complete: %d %v", r.Code, r.Body)
	}
	u := r.Body["user"].(map[string]any)
	reg := r.Body["registration"].(map[string]any)
	if u["status"] != "pending_approval" || u["orgId"] != portal.UnlinkedOrg || u["login"] != "zoe@acme.example" ||
		reg["state"] != "pending" || reg["kind"] != "organisation" || reg["organisation"] != "Acme Industries SA" {
		t.Fatalf("the new account: %v", r.Body)
	}
	if strings.Contains(apitest.MustJSON(r.Body), "passwordHash") {
		t.Fatal("the answer leaks the password hash")
	}
	zoe := apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
	if ms := apitest.MailsTo(e.Deliver(), "zoe@acme.example"); len(ms) != 1 || ms[0].Lang != "en" || !strings.Contains(ms[0].Text, "one to two business days") {
		t.Fatalf("the registration mail: %+v", ms)
	}
	// The token served once.
	if r := e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Zoé", "en", newAcme), ""); r.Code != 400 || r.ErrCode() != "signup_expired" {
		t.Fatalf("the token again: %d %v", r.Code, r.Body)
	}
	// Pending: the session, the registration's status and nothing of any organisation.
	if !e.HasSession(zoe.Token) {
		t.Fatal("the pending person has no session")
	}
	if r := e.Call("GET", "/api/v1/signup/status", "", zoe.Token); r.Code != 200 || r.Body["state"] != "pending" {
		t.Fatalf("status: %d %v", r.Code, r.Body)
	}
	if r := e.Call("GET", "/api/v1/org/join-requests", "", zoe.Token); r.Code != 403 {
		t.Fatalf("a pending person reads an organisation's data: %d", r.Code)
	}
	if r := e.Do(zoe, "GET", "/api/v1/backoffice/registrations", ""); r.Code != 403 {
		t.Fatalf("a pending person reads the back office: %d", r.Code)
	}
	// The operators' queue.
	ops := e.Operator("olivia@guichet.example")
	q := e.Do(ops, "GET", "/api/v1/backoffice/registrations?kind=organisation", "")
	items := q.Body["items"].([]any)
	if q.Code != 200 || len(items) != 1 {
		t.Fatalf("queue: %d %v", q.Code, q.Body)
	}
	id := items[0].(map[string]any)["id"].(string)
	detail := e.Do(ops, "GET", "/api/v1/backoffice/registrations/"+id, "")
	if org := detail.Body["organisation"].(map[string]any); org["registrationNo"] != "73282932000074" || org["country"] != "FR" || org["website"] != "https://acme.example" {
		t.Fatalf("detail: %v", detail.Body)
	}
	if r := e.Do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/approve", ""); r.Code != 200 || r.Body["state"] != "approved" {
		t.Fatalf("approve: %d %v", r.Code, r.Body)
	}
	ms := apitest.MailsTo(e.Deliver(), "zoe@acme.example")
	if len(ms) != 1 || ms[0].Lang != "en" || !strings.Contains(ms[0].Text, "first administrator") || !strings.Contains(ms[0].Text, apitest.TestBaseURL+"/#/signin") {
		t.Fatalf("the decision mail: %+v", ms)
	}
	// The old session carried the pending status: it is gone. Signed in again, Zoé
	// administers the new organisation, which verified her domain.
	if e.HasSession(zoe.Token) {
		t.Fatal("the pending session survived the approval")
	}
	zoe = e.Browser("zoe@acme.example", apitest.RegPassword)
	me := e.Call("GET", "/api/v1/session", "", zoe.Token).Body["user"].(map[string]any)
	if me["role"] != "admin" || me["status"] != "ready" || me["orgId"] == portal.UnlinkedOrg {
		t.Fatalf("after approval: %v", me)
	}
	if r := e.Call("GET", "/api/v1/org/join-settings", "", zoe.Token); r.Code != 200 || apitest.MustJSON(r.Body["domains"]) != `["acme.example"]` {
		t.Fatalf("join settings: %d %v", r.Code, r.Body)
	}
	if r := e.Call("GET", "/api/v1/signup/status", "", zoe.Token); r.Body["state"] != "approved" {
		t.Fatalf("status after approval: %v", r.Body)
	}
	if q := e.Do(ops, "GET", "/api/v1/backoffice/registrations", ""); len(q.Body["items"].([]any)) != 0 {
		t.Fatalf("the queue keeps a decided registration: %v", q.Body)
	}
	// A colleague now finds the organisation, and may not create another.
	v = e.SignupToken("leo@acme.example", "fr")
	orgs := v.Body["organisations"].([]any)
	if len(orgs) != 1 || orgs[0].(map[string]any)["name"] != "Acme Industries SA" || v.Body["canCreate"] != false {
		t.Fatalf("candidates after approval: %v", v.Body)
	}
	r = e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(v.Body["signupToken"].(string), "Léo", "fr", newAcme), "")
	if apitest.ErrFields(r) != "newOrganisation:organisation_exists" {
		t.Fatalf("a second Acme: %d %v", r.Code, r.Body)
	}
}

func TestJoinRequestsDecidedByAdministrators(t *testing.T) {
	e := apitest.NewEnv(t)
	e.OrgWithDomain("acme", "acme.example", "fr", "en")
	e.OrgWithDomain("globex", "globex.example", "fr")
	r := e.Register("zoe@acme.example", "Zoé", "en", "")
	if r.Body["registration"].(map[string]any)["kind"] != "join" || r.Body["user"].(map[string]any)["orgId"] != "acme" {
		t.Fatalf("join: %v", r.Body)
	}
	zoe := apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
	ms := e.Deliver()
	for to, lang := range map[string]string{"admin0@acme.example": "fr", "admin1@acme.example": "en"} {
		got := apitest.MailsTo(ms, to)
		if len(got) != 1 || got[0].Lang != lang || !strings.Contains(got[0].Text, "Zoé Durand") ||
			!strings.Contains(got[0].Text, apitest.TestBaseURL+"/#/admin/join-requests") {
			t.Fatalf("the mail to %s: %+v", to, got)
		}
	}
	if got := apitest.MailsTo(ms, "zoe@acme.example"); len(got) != 1 || got[0].Lang != "en" || !strings.Contains(got[0].Text, "Acme & Fils") {
		t.Fatalf("the mail to Zoé: %+v", got)
	}
	if got := apitest.MailsTo(ms, "admin0@globex.example"); len(got) != 0 {
		t.Fatal("another organisation's administrator was told")
	}
	admin := e.Browser("admin0@acme.example", apitest.RegPassword)
	list := e.Do(admin, "GET", "/api/v1/org/join-requests", "")
	items := list.Body["items"].([]any)
	if list.Code != 200 || len(items) != 1 {
		t.Fatalf("pending join requests: %d %v", list.Code, list.Body)
	}
	id := items[0].(map[string]any)["id"].(string)
	// Another organisation's administrator, and a pending person, see nothing of it.
	other := e.Browser("admin0@globex.example", apitest.RegPassword)
	for _, path := range []string{"/api/v1/org/join-requests/" + id, "/api/v1/org/join-requests/" + id + "/approve"} {
		method := "GET"
		if strings.HasSuffix(path, "approve") {
			method = "POST"
		}
		if r := e.Do(other, method, path, ""); r.Code != 404 {
			t.Fatalf("%s %s by another organisation: %d %v", method, path, r.Code, r.Body)
		}
	}
	if r := e.Do(zoe, "POST", "/api/v1/org/join-requests/"+id+"/approve", ""); r.Code != 403 {
		t.Fatalf("the requester approves themself: %d", r.Code)
	}
	if r := e.Do(admin, "POST", "/api/v1/org/join-requests/"+id+"/approve", ""); r.Code != 200 || r.Body["state"] != "approved" {
		t.Fatalf("approve: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "POST", "/api/v1/org/join-requests/"+id+"/refuse", `{"reason":"x"}`); r.Code != 409 || r.ErrCode() != "registration_decided" {
		t.Fatalf("deciding twice: %d %v", r.Code, r.Body)
	}
	if got := apitest.MailsTo(e.Deliver(), "zoe@acme.example"); len(got) != 1 || got[0].Lang != "en" || !strings.Contains(got[0].Subject, "Acme & Fils") {
		t.Fatalf("the decision mail: %+v", got)
	}
	if e.HasSession(zoe.Token) {
		t.Fatal("the pending session survived the approval")
	}
	zoe = e.Browser("zoe@acme.example", apitest.RegPassword)
	if me := e.Call("GET", "/api/v1/session", "", zoe.Token).Body["user"].(map[string]any); me["status"] != "ready" || me["role"] != "user" {
		t.Fatalf("after approval: %v", me)
	}

	// Léo is refused, with a reason he reads in French.
	r = e.Register("leo@acme.example", "Léo", "fr", `"organisationId":"acme"`)
	leo := apitest.As{Token: r.Cookie(), CSRF: r.Body["csrf"].(string)}
	e.Deliver()
	leoID := r.Body["user"].(map[string]any)["id"].(string)
	if r := e.Do(admin, "POST", "/api/v1/org/join-requests/"+leoID+"/refuse", `{"reason":""}`); apitest.ErrFields(r) != "reason:required" {
		t.Fatalf("a refusal without reason: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "POST", "/api/v1/org/join-requests/"+leoID+"/refuse", `{"reason":"Inconnu du service achats"}`); r.Code != 200 || r.Body["state"] != "refused" {
		t.Fatalf("refuse: %d %v", r.Code, r.Body)
	}
	if got := apitest.MailsTo(e.Deliver(), "leo@acme.example"); len(got) != 1 || got[0].Lang != "fr" || !strings.Contains(got[0].Text, "Inconnu du service achats") {
		t.Fatalf("the refusal mail: %+v", got)
	}
	if r := e.Call("GET", "/api/v1/signup/status", "", leo.Token); r.Code != 401 {
		t.Fatal("the pending session survived the refusal")
	}
	leo = e.Browser("leo@acme.example", apitest.RegPassword)
	if r := e.Call("GET", "/api/v1/signup/status", "", leo.Token); r.Body["state"] != "refused" || r.Body["reason"] != "Inconnu du service achats" {
		t.Fatalf("status after refusal: %v", r.Body)
	}
	decided := e.Do(admin, "GET", "/api/v1/org/join-requests?state=refused", "")
	if items := decided.Body["items"].([]any); len(items) != 1 {
		t.Fatalf("refused join requests: %v", decided.Body)
	}
	if r := e.Do(admin, "GET", "/api/v1/org/join-requests?state=maybe", ""); apitest.ErrFields(r) != "state:format" {
		t.Fatalf("a bad state: %v", r.Body)
	}
}

func TestOperatorsDecideJoinRequestsToo(t *testing.T) {
	e := apitest.NewEnv(t)
	e.OrgWithDomain("acme", "acme.example", "fr")
	r := e.Register("zoe@acme.example", "Zoé", "fr", "")
	id := r.Body["user"].(map[string]any)["id"].(string)
	e.Deliver()
	ops := e.Operator("olivia@guichet.example")
	q := e.Do(ops, "GET", "/api/v1/backoffice/registrations?kind=join", "")
	if items := q.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != id {
		t.Fatalf("the operators' queue: %v", q.Body)
	}
	if r := e.Do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/refuse", `{"reason":"Doublon"}`); r.Code != 200 {
		t.Fatalf("refuse: %d %v", r.Code, r.Body)
	}
	if got := apitest.MailsTo(e.Deliver(), "zoe@acme.example"); len(got) != 1 || !strings.Contains(got[0].Text, "Doublon") {
		t.Fatalf("the refusal mail: %+v", got)
	}
	if r := e.Do(ops, "GET", "/api/v1/backoffice/registrations?kind=other", ""); apitest.ErrFields(r) != "kind:format" {
		t.Fatalf("a bad kind: %v", r.Body)
	}
}

func TestAutoApprovalAndSharedDomains(t *testing.T) {
	e := apitest.NewEnv(t)
	e.OrgWithDomain("acme", "acme.example", "fr")
	admin := e.Browser("admin0@acme.example", apitest.RegPassword)
	if r := e.Do(admin, "PUT", "/api/v1/org/join-settings", `{"autoApprove":true}`); r.Code != 200 || r.Body["autoApprove"] != true {
		t.Fatalf("auto-approval: %d %v", r.Code, r.Body)
	}
	r := e.Register("zoe@acme.example", "Zoé", "en", "")
	if r.Body["user"].(map[string]any)["status"] != "ready" || r.Body["registration"].(map[string]any)["state"] != "approved" {
		t.Fatalf("auto-approved: %v", r.Body)
	}
	ms := e.Deliver()
	if got := apitest.MailsTo(ms, "zoe@acme.example"); len(got) != 1 || !strings.Contains(got[0].Text, "approved") {
		t.Fatalf("the welcome: %+v", got)
	}
	if got := apitest.MailsTo(ms, "admin0@acme.example"); len(got) != 0 {
		t.Fatal("administrators were asked about an approved person")
	}

	// The operators let several organisations verify one domain; people choose.
	e.OrgWithDomain("globex", "globex.example")
	ops := e.Operator("olivia@guichet.example")
	if r := e.Do(ops, "POST", "/api/v1/backoffice/domains/acme.example/organisations", `{"organisationId":"globex"}`); r.Code != 409 || r.ErrCode() != "domain_taken" {
		t.Fatalf("a second organisation on an unshared domain: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "PUT", "/api/v1/backoffice/domains/ACME.example", `{"shared":true}`); r.Code != 200 || r.Body["shared"] != true {
		t.Fatalf("share: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "POST", "/api/v1/backoffice/domains/acme.example/organisations", `{"organisationId":"globex"}`); r.Code != 200 || len(r.Body["organisations"].([]any)) != 2 {
		t.Fatalf("verify for a second organisation: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "PUT", "/api/v1/backoffice/domains/acme.example", `{"shared":false}`); r.Code != 409 || r.ErrCode() != "domain_shared_in_use" {
		t.Fatalf("unshare while two use it: %d %v", r.Code, r.Body)
	}
	v := e.SignupToken("leo@acme.example", "fr")
	if orgs := v.Body["organisations"].([]any); len(orgs) != 2 || v.Body["canCreate"] != true {
		t.Fatalf("candidates of a shared domain: %v", v.Body)
	}
	token := v.Body["signupToken"].(string)
	if r := e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Léo", "fr", ""), ""); apitest.ErrFields(r) != "organisationId:required" {
		t.Fatalf("no choice: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Léo", "fr", `"organisationId":"initech"`), ""); apitest.ErrFields(r) != "organisationId:unknown_organisation" {
		t.Fatalf("an organisation that did not verify the domain: %d %v", r.Code, r.Body)
	}
	r = e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Léo", "fr", `"organisationId":"globex"`), "")
	if r.Code != 201 || r.Body["user"].(map[string]any)["orgId"] != "globex" || r.Body["user"].(map[string]any)["status"] != "pending_approval" {
		t.Fatalf("joining the chosen one: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "DELETE", "/api/v1/backoffice/domains/acme.example/organisations/globex", ""); r.Code != 200 || len(r.Body["organisations"].([]any)) != 1 {
		t.Fatalf("unverify: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "DELETE", "/api/v1/backoffice/domains/acme.example/organisations/globex", ""); r.Code != 404 || r.ErrCode() != "domain_not_verified" {
		t.Fatalf("unverify twice: %d %v", r.Code, r.Body)
	}
}

func TestFreeMailDomainsAreNeverVerified(t *testing.T) {
	e := apitest.NewEnv(t)
	e.OrgWithDomain("acme", "acme.example", "fr")
	ops := e.Operator("olivia@guichet.example")
	for _, domain := range []string{"gmail.com", "hotmail.fr", "mail.yopmail.com"} {
		if r := e.Do(ops, "POST", "/api/v1/backoffice/domains/"+domain+"/organisations", `{"organisationId":"acme"}`); r.Code != 409 || r.ErrCode() != "domain_free_mail" {
			t.Fatalf("verify %s: %d %v", domain, r.Code, r.Body)
		}
	}
	if r := e.Do(ops, "PUT", "/api/v1/backoffice/domains/gmail.com", `{"shared":true}`); r.ErrCode() != "domain_free_mail" {
		t.Fatalf("share gmail.com: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "GET", "/api/v1/backoffice/domains/gmail.com", ""); r.Code != 200 || r.Body["freeMail"] != true {
		t.Fatalf("view gmail.com: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"acme.example"}`); r.Code != 409 || r.ErrCode() != "domain_verified" {
		t.Fatalf("list a verified domain: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"gmail.com"}`); r.Code != 409 || r.ErrCode() != "freemail_exists" {
		t.Fatalf("list a built-in one: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"not a domain"}`); apitest.ErrFields(r) != "domain:domain" {
		t.Fatalf("list garbage: %d %v", r.Code, r.Body)
	}
	// An organisation asked for with a domain that becomes free mail is not created.
	r := e.Register("zoe@newco.example", "Zoé", "fr", strings.Replace(newAcme, "acme.example", "newco.example", 1))
	id := r.Body["user"].(map[string]any)["id"].(string)
	if r := e.Do(ops, "POST", "/api/v1/backoffice/freemail", `{"domain":"newco.example"}`); r.Code != 201 {
		t.Fatalf("list newco.example: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/approve", ""); r.Code != 409 || r.ErrCode() != "domain_free_mail" {
		t.Fatalf("approve a free-mail domain: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ops, "GET", "/api/v1/backoffice/freemail", ""); r.Code != 200 || len(r.Body["items"].([]any)) != 1 || r.Body["builtIn"].(float64) < 100 {
		t.Fatalf("the list: %d %v", r.Code, r.Body)
	}
	// Only operators manage any of it.
	admin := e.Browser("admin0@acme.example", apitest.RegPassword)
	for _, c := range [][3]string{{"GET", "/api/v1/backoffice/freemail", ""}, {"POST", "/api/v1/backoffice/freemail", `{"domain":"x.example"}`},
		{"PUT", "/api/v1/backoffice/domains/acme.example", `{"shared":true}`}, {"GET", "/api/v1/backoffice/registrations/" + id, ""}} {
		if r := e.Do(admin, c[0], c[1], c[2]); r.Code != 403 {
			t.Errorf("%s %s by a customer administrator: %d", c[0], c[1], r.Code)
		}
	}
}

func TestParallelSignupsOfOneAddressMakeOneAccount(t *testing.T) {
	e := apitest.NewEnv(t)
	// Twenty sign-ups of one address, each with its own token, finish at once.
	tokens := make([]string, 20)
	for i := range tokens {
		token, op := e.Deps.Auth.NewSignupToken("race@acme.example")
		if err := e.Store.Table().Transact(context.Background(), op); err != nil {
			t.Fatal(err)
		}
		tokens[i] = token
	}
	// And twenty finish with one token.
	same := e.SignupToken("same@acme.example", "fr").Body["signupToken"].(string)
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
			r := e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Zoé", "fr", newAcme), "")
			codes <- fmt.Sprint(r.Code, " ", r.ErrCode())
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
	q, _, err := e.Store.PendingRegistrations(context.Background(), "", 100, "")
	if err != nil || len(q) != 2 {
		t.Fatalf("%d registrations: %v", len(q), err)
	}
}

func TestTwoOperatorsApprovingAtOnceCreateOneOrganisation(t *testing.T) {
	e := apitest.NewEnv(t)
	r := e.Register("zoe@acme.example", "Zoé", "fr", newAcme)
	id := r.Body["user"].(map[string]any)["id"].(string)
	e.Deliver()
	a, b := e.Operator("olivia@guichet.example"), e.Operator("oscar@guichet.example")
	results := make(chan apitest.Resp, 2)
	var wg sync.WaitGroup
	for _, op := range []apitest.As{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- e.Do(op, "POST", "/api/v1/backoffice/registrations/"+id+"/approve", "")
		}()
	}
	wg.Wait()
	close(results)
	var got []string
	for r := range results {
		got = append(got, fmt.Sprint(r.Code, " ", r.ErrCode()))
	}
	sort.Strings(got)
	if apitest.MustJSON(got) != `["200 ","409 registration_decided"]` {
		t.Fatalf("two approvals: %v", got)
	}
	page, err := e.Store.Table().Query(context.Background(), table.Query{Index: table.GSI1, PK: "ORGS", Prefix: "acme industries sa#"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("%d organisations created: %v", len(page.Items), err)
	}
	if ms := apitest.MailsTo(e.Deliver(), "zoe@acme.example"); len(ms) != 1 {
		t.Fatalf("%d decision mails", len(ms))
	}
	acc, err := e.Store.AccountByEmail(context.Background(), "zoe@acme.example")
	if err != nil || acc.OrgID == portal.UnlinkedOrg || acc.Role != portal.RoleAdmin {
		t.Fatalf("the account: %+v %v", acc.User, err)
	}
}

func TestSignupPasswordPolicyAndMeter(t *testing.T) {
	e := apitest.NewEnv(t)
	token := e.SignupToken("zoe.durand@acme.example", "fr").Body["signupToken"].(string)
	for pw, want := range map[string]string{
		"court":         "password:password_too_short password:password_upper password:password_digit password:password_symbol",
		"P@ssw0rd2026!": "password:password_common",
		"Durand#2026":   "password:password_personal",
		"Durand2026xx":  "password:password_symbol",
	} {
		body := strings.Replace(apitest.CompleteBody(token, "Zoé", "fr", newAcme), apitest.RegPassword, pw, 1)
		if r := e.Call("POST", "/api/v1/signup/complete", body, ""); apitest.ErrFields(r) != want {
			t.Errorf("%q: %v, want %s", pw, r.FieldCodes(), want)
		}
	}
	for pw, level := range map[string]string{"court": "too_weak", "Vr7-kqzPw": "fair", "k7#Qm2-vXp9L": "strong"} {
		r := e.Call("POST", "/api/v1/password/strength", `{"password":"`+pw+`","email":"zoe.durand@acme.example"}`, "")
		if r.Code != 200 || r.Body["level"] != level {
			t.Errorf("strength of %q: %d %v, want %s", pw, r.Code, r.Body, level)
		}
	}
	r := e.Call("POST", "/api/v1/password/strength", `{"password":"Durand#2026","lastName":"Durand"}`, "")
	if r.Body["score"] != float64(0) || apitest.MustJSON(r.Body["problems"]) != `["password_personal"]` {
		t.Fatalf("a personal password: %v", r.Body)
	}
}

func TestSignupStatusNeedsASignedInRegistrant(t *testing.T) {
	e := apitest.NewEnv(t)
	if r := e.Call("GET", "/api/v1/signup/status", "", ""); r.Code != 401 {
		t.Fatalf("anonymous: %d", r.Code)
	}
	e.AddUser("old@acme.example", apitest.RegPassword, portal.StatusReady)
	b := e.Browser("old@acme.example", apitest.RegPassword)
	if r := e.Do(b, "GET", "/api/v1/signup/status", ""); r.Code != 404 || r.ErrCode() != "registration_not_found" {
		t.Fatalf("no registration: %d %v", r.Code, r.Body)
	}
	if r := e.Call("GET", "/api/v1/signup/organisations", "", "", signup.SignupTokenHeader, "forged"); r.Code != 400 || r.ErrCode() != "signup_expired" {
		t.Fatalf("a forged token: %d %v", r.Code, r.Body)
	}
}
