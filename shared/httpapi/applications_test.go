package httpapi_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

const pw = "Secret#Pass1"

// addApp puts an application in the catalog.
func (e *env) addApp(name string, approver portal.Approver, approval bool, days int) portal.Application {
	e.t.Helper()
	site := "https://" + strings.ToLower(name) + ".example"
	a := portal.Application{
		ID:             portal.NewID(),
		Name:           portal.Text{FR: name + " (fr)", EN: name},
		Description:    portal.Text{FR: "Description de " + name, EN: "About " + name},
		ApprovalNeeded: approval,
		Approver:       approver,
		DurationDays:   days,
		Instructions:   portal.Text{FR: "Ouvrez " + site, EN: "Open " + site},
		Created:        e.clock.Now(),
		Updated:        e.clock.Now(),
	}
	if err := e.store.CreateApplication(context.Background(), a); err != nil {
		e.t.Fatal(err)
	}
	a.Version = 1
	return a
}

// numbersOf reads the numbers of a list of requests in an answer.
func numbersOf(v any) []string {
	var out []string
	for _, it := range v.([]any) {
		out = append(out, it.(map[string]any)["number"].(string))
	}
	return out
}

func field(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// auditActions lists the actions of an organisation's audit log, oldest first.
func (e *env) auditActions(orgID string) []string {
	e.t.Helper()
	entries, _, err := e.store.AuditPage(context.Background(), orgID, 100, "")
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, entries[i].Action)
	}
	return out
}

func TestCatalogIsKeptByOperators(t *testing.T) {
	e := newEnv(t)
	e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", pw, portal.StatusReady)
	e.addMember("acme", portal.RoleAdmin, "adele@acme.example", pw, portal.StatusReady)
	op := e.browser("olivia@guichet.example", pw)
	admin := e.browser("adele@acme.example", pw)

	body := `{"name":{"fr":"Prépresse","en":"Prepress"},"description":{"fr":"Flux","en":"Workflow"},"approvalNeeded":true,
		"approver":"operators","durationDays":90,"instructions":{"fr":"Ouvrez l'appli","en":"Open the app"}}`
	if r := e.do(admin, "POST", "/api/v1/backoffice/applications", body); r.code != 403 {
		t.Fatalf("a customer administrator changed the catalog: %d %v", r.code, r.body)
	}
	r := e.do(op, "POST", "/api/v1/backoffice/applications", `{"name":{"fr":"Prépresse"},"approver":"nobody"}`)
	if r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"name.en:required", "approvalNeeded:required", "approver:format"}) {
		t.Fatalf("bad entry: %d %v", r.code, r.fieldCodes())
	}
	r = e.do(op, "POST", "/api/v1/backoffice/applications", body)
	if r.code != 201 || r.body["version"] != 1.0 || field(r.body, "instructions", "en") != "Open the app" {
		t.Fatalf("create: %d %v", r.code, r.body)
	}
	id := r.body["id"].(string)
	e.do(op, "POST", "/api/v1/backoffice/applications", `{"name":{"fr":"Licences","en":"Licences"},"approvalNeeded":false,"approver":"customer_admins"}`)

	// Customers, signed in or not, see the requestable catalog without instructions.
	pub := e.call("GET", "/api/v1/applications", "", "", "Accept-Language", "en")
	items := pub.body["items"].([]any)
	if pub.code != 200 || len(items) != 2 || field(items[0], "name", "en") != "Licences" || field(items[1], "instructions") != nil {
		t.Fatalf("public catalog: %d %v", pub.code, pub.body)
	}

	update := strings.Replace(body, `"durationDays":90`, `"durationDays":30,"archived":true,"version":1`, 1)
	if r := e.do(op, "PUT", "/api/v1/backoffice/applications/"+id, update); r.code != 200 || r.body["version"] != 2.0 || r.body["archived"] != true {
		t.Fatalf("update: %d %v", r.code, r.body)
	}
	if r := e.do(op, "PUT", "/api/v1/backoffice/applications/"+id, update); r.code != 409 || r.errCode() != "version_conflict" {
		t.Fatalf("stale update: %d %v", r.code, r.body)
	}
	if r := e.do(op, "PUT", "/api/v1/backoffice/applications/NOPE", update); r.code != 404 || r.errCode() != "application_not_found" {
		t.Fatalf("unknown application: %d %v", r.code, r.body)
	}
	if items := e.call("GET", "/api/v1/applications", "", "").body["items"].([]any); len(items) != 1 {
		t.Fatalf("an archived application is still requestable: %v", items)
	}
	all := e.do(op, "GET", "/api/v1/backoffice/applications", "")
	if all.code != 200 || len(all.body["items"].([]any)) != 2 {
		t.Fatalf("back office catalog: %d %v", all.code, all.body)
	}
	if got := e.do(op, "GET", "/api/v1/backoffice/applications/"+id, ""); got.code != 200 || got.body["durationDays"] != 30.0 {
		t.Fatalf("back office entry: %d %v", got.code, got.body)
	}
	if got := e.auditActions(portal.VendorOrg); !slices.Equal(got, []string{"application.create", "application.create", "application.update"}) {
		t.Fatalf("vendor audit log: %v", got)
	}
}

func TestManageApplications(t *testing.T) {
	e := newEnv(t)
	zoe := e.addUser("zoe@acme.example", pw, portal.StatusReady)
	e.addUser("leo@acme.example", pw, portal.StatusReady)
	prepress := e.addApp("Prepress", portal.ApproverOperators, true, 0)
	licences := e.addApp("Licences", portal.ApproverCustomerAdmins, false, 365)
	support := e.addApp("Support", portal.ApproverOperators, true, 0)
	me := e.browser("zoe@acme.example", pw)
	leo := e.browser("leo@acme.example", pw)

	r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+prepress.ID+`","`+licences.ID+`"],"comment":"Pour le studio"}`)
	if r.code != 201 {
		t.Fatalf("request: %d %v", r.code, r.body)
	}
	reqs := r.body["requests"].([]any)
	got := map[string]string{}
	for _, q := range reqs {
		got[field(q, "appId").(string)] = field(q, "number").(string) + " " + field(q, "status").(string)
	}
	if len(got) != 2 || !strings.HasSuffix(got[prepress.ID], " pending") || !strings.HasSuffix(got[licences.ID], " approved") {
		t.Fatalf("an application needing no approval is granted at once, the other waits: %v", got)
	}
	if !slices.Equal(slices.Sorted(slices.Values(numbersOf(reqs))), []string{"REQ-2026-000001", "REQ-2026-000002"}) {
		t.Fatalf("numbers: %v", numbersOf(reqs))
	}
	mails := e.mails("zoe@acme.example")
	if len(mails) != 2 || !strings.Contains(mails[1].Text, "REQ-2026-00000") || !strings.Contains(mails[1].Text, "24 heures") {
		t.Fatalf("want the approval of Licences and one confirmation listing both numbers, got %d mails: %+v", len(mails), mails)
	}

	o := e.do(me, "GET", "/api/v1/me/applications", "")
	if o.code != 200 || o.trips != "3" {
		t.Fatalf("overview: %d, %s round trips (want 1 for the session, 2 for the page) %v", o.code, o.trips, o.body)
	}
	current, available := o.body["current"].([]any), o.body["available"].([]any)
	if len(current) != 1 || field(current[0], "appId") != licences.ID || field(current[0], "expires") == nil || field(current[0], "extendable") != true {
		t.Fatalf("current: %v", current)
	}
	if len(available) != 1 || field(available[0], "id") != support.ID {
		t.Fatalf("available: %v", available)
	}
	if len(o.body["requests"].([]any)) != 2 {
		t.Fatalf("requests: %v", o.body["requests"])
	}

	// What is held or pending cannot be asked for again; unknown ids are refused.
	if r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+prepress.ID+`"]}`); r.code != 409 || r.errCode() != "already_requested" {
		t.Fatalf("pending again: %d %v", r.code, r.body)
	}
	if r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`); r.code != 409 || r.errCode() != "already_granted" {
		t.Fatalf("held again: %d %v", r.code, r.body)
	}
	if r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["NOPE"]}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"applications:unknown_application"}) {
		t.Fatalf("unknown application: %d %v", r.code, r.body)
	}
	if r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":[]}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"applications:required"}) {
		t.Fatalf("no application: %d %v", r.code, r.body)
	}

	pending := got[prepress.ID][:len("REQ-2026-000001")]
	if r := e.do(leo, "POST", "/api/v1/me/access-requests/"+pending+"/cancel", ""); r.code != 404 || r.errCode() != "request_not_found" {
		t.Fatalf("someone else's request: %d %v", r.code, r.body)
	}
	if r := e.do(me, "POST", "/api/v1/me/access-requests/"+pending+"/cancel", ""); r.code != 200 || r.body["status"] != "cancelled" {
		t.Fatalf("cancel: %d %v", r.code, r.body)
	}
	if r := e.do(me, "POST", "/api/v1/me/access-requests/"+pending+"/cancel", ""); r.code != 409 || r.errCode() != "already_decided" {
		t.Fatalf("cancel twice: %d %v", r.code, r.body)
	}
	o = e.do(me, "GET", "/api/v1/me/applications", "")
	if len(o.body["available"].([]any)) != 2 {
		t.Fatalf("a cancelled request's application is available again: %v", o.body["available"])
	}

	if r := e.do(me, "DELETE", "/api/v1/me/applications/"+licences.ID, ""); r.code != 204 {
		t.Fatalf("remove: %d %v", r.code, r.body)
	}
	if r := e.do(me, "DELETE", "/api/v1/me/applications/"+licences.ID, ""); r.code != 404 || r.errCode() != "grant_not_found" {
		t.Fatalf("remove twice: %d %v", r.code, r.body)
	}
	if len(e.do(me, "GET", "/api/v1/me/applications", "").body["current"].([]any)) != 0 {
		t.Fatal("a removed application is still current")
	}
	want := []string{"access.request", "access.request", "access.approve", "access.cancel", "access.remove"}
	if got := e.auditActions("acme"); !slices.Equal(got, want) {
		t.Fatalf("audit log: %v, want %v", got, want)
	}
	entries, _, _ := e.store.AuditPage(context.Background(), "acme", 1, "")
	if entries[0].UserID != zoe.ID || entries[0].IP == "" || entries[0].Before == nil {
		t.Fatalf("audit entry: %+v", entries[0])
	}
	if r := e.call("GET", "/api/v1/me/applications", "", ""); r.code != 401 {
		t.Fatalf("anonymous: %d", r.code)
	}
}

func TestDecisionsByTheirApprovers(t *testing.T) {
	e := newEnv(t)
	e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", pw, portal.StatusReady)
	e.addMember("acme", portal.RoleAdmin, "adele@acme.example", pw, portal.StatusReady)
	e.addMember("globex", portal.RoleAdmin, "gus@globex.example", pw, portal.StatusReady)
	zoe := e.addUser("zoe@acme.example", pw, portal.StatusReady)
	acc, _ := e.store.Account(context.Background(), "acme", zoe.ID)
	acc.Lang = "en"
	if err := e.store.SaveAccount(context.Background(), acc); err != nil {
		t.Fatal(err)
	}
	prepress := e.addApp("Prepress", portal.ApproverOperators, true, 30)
	licences := e.addApp("Licences", portal.ApproverCustomerAdmins, true, 0)
	support := e.addApp("Support", portal.ApproverOperators, true, 0)
	op, admin, other := e.browser("olivia@guichet.example", pw), e.browser("adele@acme.example", pw), e.browser("gus@globex.example", pw)
	me := e.browser("zoe@acme.example", pw)
	r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+prepress.ID+`","`+licences.ID+`","`+support.ID+`"]}`)
	if r.code != 201 {
		t.Fatal(r.body)
	}
	number := map[string]string{}
	for _, q := range r.body["requests"].([]any) {
		number[field(q, "appId").(string)] = field(q, "number").(string)
	}

	// Each approver's queue holds what they decide, and no more.
	q := e.do(op, "GET", "/api/v1/backoffice/access-requests", "")
	if q.code != 200 || !slices.Equal(numbersOf(q.body["items"]), []string{number[prepress.ID], number[support.ID]}) {
		t.Fatalf("operators' queue: %d %v", q.code, q.body)
	}
	if q := e.do(op, "GET", "/api/v1/backoffice/access-requests?app="+support.ID+"&org=acme&kind=access", ""); !slices.Equal(numbersOf(q.body["items"]), []string{number[support.ID]}) {
		t.Fatalf("filtered queue: %v", q.body)
	}
	if q := e.do(op, "GET", "/api/v1/backoffice/access-requests?org=globex", ""); len(q.body["items"].([]any)) != 0 {
		t.Fatalf("another organisation's filter: %v", q.body)
	}
	if q := e.do(op, "GET", "/api/v1/backoffice/access-requests?before=2026-11-01", ""); len(q.body["items"].([]any)) != 0 {
		t.Fatalf("made before: %v", q.body)
	}
	if q := e.do(op, "GET", "/api/v1/backoffice/access-requests?kind=other&before=yesterday", ""); q.code != 400 || !slices.Equal(q.fieldCodes(), []string{"kind:format", "before:format"}) {
		t.Fatalf("bad filters: %d %v", q.code, q.body)
	}
	first := e.do(op, "GET", "/api/v1/backoffice/access-requests?limit=1", "")
	second := e.do(op, "GET", "/api/v1/backoffice/access-requests?limit=1&cursor="+first.body["next"].(string), "")
	if !slices.Equal(numbersOf(second.body["items"]), []string{number[support.ID]}) || second.body["next"] != nil {
		t.Fatalf("pages: %v then %v", first.body, second.body)
	}
	if q := e.do(admin, "GET", "/api/v1/access-requests", ""); !slices.Equal(numbersOf(q.body["items"]), []string{number[licences.ID]}) {
		t.Fatalf("administrators' queue: %v", q.body)
	}
	if q := e.do(other, "GET", "/api/v1/access-requests", ""); len(q.body["items"].([]any)) != 0 {
		t.Fatalf("another organisation's administrators see: %v", q.body)
	}
	if q := e.do(me, "GET", "/api/v1/access-requests", ""); q.code != 403 {
		t.Fatalf("a user reads the queue: %d", q.code)
	}
	if q := e.do(admin, "GET", "/api/v1/backoffice/access-requests", ""); q.code != 403 {
		t.Fatalf("an administrator reads the operators' queue: %d", q.code)
	}

	// Nobody decides what is not theirs; a refusal needs a reason.
	cases := []struct {
		who    as
		path   string
		status int
		code   string
	}{
		{admin, "/api/v1/access-requests/" + number[prepress.ID] + "/decision", 403, "not_approver"},
		{other, "/api/v1/access-requests/" + number[licences.ID] + "/decision", 404, "request_not_found"},
		{op, "/api/v1/backoffice/access-requests/" + number[licences.ID] + "/decision", 403, "not_approver"},
		{me, "/api/v1/access-requests/" + number[licences.ID] + "/decision", 403, "forbidden"},
		{op, "/api/v1/backoffice/access-requests/REQ-2026-999999/decision", 404, "request_not_found"},
		{op, "/api/v1/backoffice/access-requests/nonsense/decision", 404, "request_not_found"},
	}
	for _, c := range cases {
		if r := e.do(c.who, "POST", c.path, `{"decision":"approve"}`); r.code != c.status || r.errCode() != c.code {
			t.Errorf("%s: %d %v, want %d %s", c.path, r.code, r.body, c.status, c.code)
		}
	}
	if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/"+number[support.ID]+"/decision", `{"decision":"refuse"}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"reason:required"}) {
		t.Fatalf("refusal without a reason: %d %v", r.code, r.body)
	}
	if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/"+number[support.ID]+"/decision", `{"decision":"maybe"}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"decision:format"}) {
		t.Fatalf("unknown decision: %d %v", r.code, r.body)
	}
	if len(e.mails("zoe@acme.example")) != 1 {
		t.Fatal("a refused attempt sent mail")
	}

	r = e.do(op, "POST", "/api/v1/backoffice/access-requests/"+number[prepress.ID]+"/decision", `{"decision":"approve"}`)
	if r.code != 200 || r.body["status"] != "approved" || r.body["decidedBy"] == nil {
		t.Fatalf("approve: %d %v", r.code, r.body)
	}
	m := e.lastMail("zoe@acme.example")
	if m.Lang != "en" || !strings.Contains(m.Subject, number[prepress.ID]) || !strings.Contains(m.Text, "https://prepress.example") ||
		!strings.Contains(m.Text, "open until 23 December 2026") || strings.Contains(m.Text, "activate") {
		t.Fatalf("approval mail in the requester's language with the instructions and the end: %s\n%s", m.Subject, m.Text)
	}
	r = e.do(admin, "POST", "/api/v1/access-requests/"+number[licences.ID]+"/decision", `{"decision":"refuse","reason":"Pas de licence disponible"}`)
	if r.code != 200 || r.body["status"] != "refused" || r.body["reason"] != "Pas de licence disponible" {
		t.Fatalf("refuse: %d %v", r.code, r.body)
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Text, "declined") || !strings.Contains(m.Text, "Pas de licence disponible") {
		t.Fatalf("refusal mail: %s", m.Text)
	}
	if r := e.do(admin, "POST", "/api/v1/access-requests/"+number[licences.ID]+"/decision", `{"decision":"approve"}`); r.code != 409 || r.errCode() != "already_decided" {
		t.Fatalf("deciding twice: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "GET", "/api/v1/access-requests/"+number[licences.ID], ""); r.code != 200 || r.body["status"] != "refused" {
		t.Fatalf("read a decided request: %d %v", r.code, r.body)
	}
	if got := e.auditActions("acme"); !slices.Equal(got[len(got)-2:], []string{"access.approve", "access.refuse"}) {
		t.Fatalf("audit log: %v", got)
	}
	o := e.do(me, "GET", "/api/v1/me/applications", "")
	if len(o.body["current"].([]any)) != 1 || field(o.body["current"].([]any)[0], "appId") != prepress.ID {
		t.Fatalf("after the decisions: %v", o.body)
	}
}

func TestBulkDecisionsAreDecidedOneByOne(t *testing.T) {
	e := newEnv(t)
	e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", pw, portal.StatusReady)
	op := e.browser("olivia@guichet.example", pw)
	var nums []string
	for i := range 4 {
		email := fmt.Sprintf("p%d@acme.example", i)
		e.addUser(email, pw, portal.StatusReady)
		app := e.addApp(fmt.Sprintf("App%d", i), portal.ApproverOperators, true, 0)
		r := e.do(e.browser(email, pw), "POST", "/api/v1/me/access-requests", `{"applications":["`+app.ID+`"]}`)
		nums = append(nums, numbersOf(r.body["requests"])[0])
	}
	if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/"+nums[1]+"/decision", `{"decision":"approve"}`); r.code != 200 {
		t.Fatal(r.body)
	}
	if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/decisions", `{"numbers":[],"decision":"refuse"}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"numbers:required"}) {
		t.Fatalf("no numbers: %d %v", r.code, r.body)
	}
	if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/decisions", `{"numbers":["`+nums[0]+`"],"decision":"refuse"}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"reason:required"}) {
		t.Fatalf("bulk refusal without a reason: %d %v", r.code, r.body)
	}
	body := `{"numbers":["` + strings.Join([]string{nums[0], nums[1], nums[2], "REQ-2026-999999", nums[0]}, `","`) + `"],"decision":"refuse","reason":"Hors contrat"}`
	r := e.do(op, "POST", "/api/v1/backoffice/access-requests/decisions", body)
	if r.code != 200 {
		t.Fatalf("bulk: %d %v", r.code, r.body)
	}
	results := r.body["results"].([]any)
	var got []string
	for _, res := range results {
		outcome := field(res, "request", "status")
		if outcome == nil {
			outcome = field(res, "error", "code")
		}
		got = append(got, field(res, "number").(string)+" "+outcome.(string))
	}
	want := []string{nums[0] + " refused", nums[1] + " already_decided", nums[2] + " refused", "REQ-2026-999999 request_not_found"}
	if !slices.Equal(got, want) {
		t.Fatalf("per-item results: %v, want %v", got, want)
	}
	for i, n := range []int{2, 2, 2, 1} {
		if got := len(e.mails(fmt.Sprintf("p%d@acme.example", i))); got != n {
			t.Errorf("p%d got %d mails, want %d (confirmation and at most one decision)", i, got, n)
		}
	}
	if q := e.do(op, "GET", "/api/v1/backoffice/access-requests", ""); !slices.Equal(numbersOf(q.body["items"]), []string{nums[3]}) {
		t.Fatalf("queue after the bulk decision: %v", q.body)
	}
}

func TestTwoApproversDecidingAtOnce(t *testing.T) {
	e := newEnv(t)
	e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", pw, portal.StatusReady)
	e.addMember(portal.VendorOrg, portal.RoleOperator, "oscar@guichet.example", pw, portal.StatusReady)
	ops := []as{e.browser("olivia@guichet.example", pw), e.browser("oscar@guichet.example", pw)}
	const rounds = 10
	for i := range rounds {
		email := fmt.Sprintf("p%d@acme.example", i)
		e.addUser(email, pw, portal.StatusReady)
		app := e.addApp(fmt.Sprintf("App%d", i), portal.ApproverOperators, true, 0)
		r := e.do(e.browser(email, pw), "POST", "/api/v1/me/access-requests", `{"applications":["`+app.ID+`"]}`)
		number := numbersOf(r.body["requests"])[0]
		codes := make([]int, 2)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for j, decision := range []string{`{"decision":"approve"}`, `{"decision":"refuse","reason":"Non"}`} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				r := e.do(ops[j], "POST", "/api/v1/backoffice/access-requests/"+number+"/decision", decision)
				codes[j] = r.code
				if r.code == 409 && r.errCode() != "request_changed" && r.errCode() != "already_decided" {
					t.Errorf("the loser's code: %v", r.body)
				}
			}()
		}
		close(start)
		wg.Wait()
		slices.Sort(codes)
		if !slices.Equal(codes, []int{200, 409}) {
			t.Fatalf("round %d: answers %v, want one 200 and one 409", i, codes)
		}
		if got := len(e.mails(email)); got != 2 {
			t.Fatalf("round %d: %d mails, want the confirmation and exactly one decision", i, got)
		}
	}
}

func TestRequestNumbersOfConcurrentRequests(t *testing.T) {
	e := newEnv(t)
	app := e.addApp("Prepress", portal.ApproverOperators, true, 0)
	const people = 200
	browsers := make([]as, people)
	for i := range people {
		u := e.addUser(fmt.Sprintf("p%03d@acme.example", i), "", portal.StatusReady)
		token, sess, err := e.deps.Sessions.Start(context.Background(), u, "", e.ip, "test")
		if err != nil {
			t.Fatal(err)
		}
		browsers[i] = as{token, sess.CSRF}
	}
	var mu sync.Mutex
	var got []string
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, b := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := e.do(b, "POST", "/api/v1/me/access-requests", `{"applications":["`+app.ID+`"]}`)
			if r.code != 201 {
				t.Errorf("request: %d %v", r.code, r.body)
				return
			}
			mu.Lock()
			got = append(got, numbersOf(r.body["requests"])...)
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	slices.Sort(got)
	if len(got) != people {
		t.Fatalf("%d numbers for %d requests", len(got), people)
	}
	for i, n := range got {
		if want := fmt.Sprintf("REQ-2026-%06d", i+1); n != want {
			t.Fatalf("number %d is %s, want %s: numbers must be distinct and consecutive", i, n, want)
		}
	}
}

func TestExtensionGoesThroughApproval(t *testing.T) {
	e := newEnv(t)
	e.addMember("acme", portal.RoleAdmin, "adele@acme.example", pw, portal.StatusReady)
	e.addUser("zoe@acme.example", pw, portal.StatusReady)
	licences := e.addApp("Licences", portal.ApproverCustomerAdmins, false, 30)
	forever := e.addApp("Forever", portal.ApproverCustomerAdmins, false, 0)
	me := e.browser("zoe@acme.example", pw)
	if r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`","`+forever.ID+`"]}`); r.code != 201 {
		t.Fatal(r.body)
	}
	if r := e.do(me, "POST", "/api/v1/me/applications/"+forever.ID+"/extension", `{}`); r.code != 409 || r.errCode() != "not_extendable" {
		t.Fatalf("extending what never ends: %d %v", r.code, r.body)
	}
	e.clock.Advance(20 * 24 * time.Hour)
	me = e.browser("zoe@acme.example", pw)
	// Once the application needs approval, an extension waits for its approver.
	licences.ApprovalNeeded = true
	if err := e.store.SaveApplication(context.Background(), licences); err != nil {
		t.Fatal(err)
	}
	r := e.do(me, "POST", "/api/v1/me/applications/"+licences.ID+"/extension", `{"comment":"Projet prolongé"}`)
	if r.code != 201 || r.body["kind"] != "extension" || r.body["status"] != "pending" {
		t.Fatalf("extension: %d %v", r.code, r.body)
	}
	if r := e.do(me, "POST", "/api/v1/me/applications/"+licences.ID+"/extension", `{}`); r.code != 409 || r.errCode() != "already_requested" {
		t.Fatalf("second extension: %d %v", r.code, r.body)
	}
	o := e.do(me, "GET", "/api/v1/me/applications", "")
	for _, h := range o.body["current"].([]any) {
		if field(h, "extendable") != false {
			t.Fatalf("an extension is offered while one waits or for what never ends: %v", h)
		}
	}
	admin := e.browser("adele@acme.example", pw)
	if d := e.do(admin, "POST", "/api/v1/access-requests/"+r.body["number"].(string)+"/decision", `{"decision":"approve"}`); d.code != 200 {
		t.Fatalf("approve: %d %v", d.code, d.body)
	}
	g, err := e.store.Grant(context.Background(), "acme", r.body["userId"].(string), licences.ID)
	if err != nil || !g.Expires.Equal(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC).AddDate(0, 0, 60)) || g.Request != r.body["number"] {
		t.Fatalf("an extension adds its days to the end: %+v %v", g, err)
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Text, "prolongation") || !strings.Contains(m.Text, "22 janvier 2027") {
		t.Fatalf("extension mail: %s", m.Text)
	}
	if got := e.auditActions("acme"); !slices.Contains(got, "access.request_extension") || !slices.Contains(got, "access.extend") {
		t.Fatalf("audit log: %v", got)
	}
	// Once access ended, it is no longer current, whatever the jobs did.
	e.clock.Advance(41 * 24 * time.Hour)
	me = e.browser("zoe@acme.example", pw)
	o = e.do(me, "GET", "/api/v1/me/applications", "")
	if len(o.body["current"].([]any)) != 1 || field(o.body["current"].([]any)[0], "appId") != forever.ID {
		t.Fatalf("an ended grant is still current: %v", o.body["current"])
	}
	if r := e.do(me, "POST", "/api/v1/me/applications/"+licences.ID+"/extension", `{}`); r.code != 404 || r.errCode() != "grant_not_found" {
		t.Fatalf("extending an ended grant: %d %v", r.code, r.body)
	}
}

// claimDomain makes orgID the organisation that verified domain.
func (e *env) claimDomain(domain, orgID string) {
	e.t.Helper()
	if err := e.store.Table().Transact(context.Background(), store.PutDomainClaim(store.DomainClaim{Domain: domain, OrgIDs: []string{orgID}})); err != nil {
		e.t.Fatal(err)
	}
}

func TestRequestANewUser(t *testing.T) {
	e := newEnv(t)
	e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", pw, portal.StatusReady)
	e.addUser("zoe@acme.example", pw, portal.StatusReady)
	e.claimDomain("acme.example", "acme")
	prepress := e.addApp("Prepress", portal.ApproverOperators, true, 0)
	licences := e.addApp("Licences", portal.ApproverOperators, false, 0)
	apps := `"applications":["` + prepress.ID + `","` + licences.ID + `"]`
	ask := func(email string, headers ...string) resp {
		return e.call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"Léa","lastName":"Dubois","jobTitle":"Opératrice","lang":"en",`+apps+`}`, "", headers...)
	}

	newcomer, existing, stranger := ask("Lea.Dubois@ACME.example"), ask("zoe@acme.example"), ask("lea@unknown-corp.example")
	for _, r := range []resp{newcomer, existing, stranger} {
		if r.code != 202 || mustJSON(r.body) != `{"status":"received"}` {
			t.Fatalf("every case answers the same: %d %v", r.code, r.body)
		}
	}
	acc, err := e.store.AccountByEmail(context.Background(), "lea.dubois@acme.example")
	if err != nil || acc.OrgID != "acme" || acc.Status != portal.StatusPendingApproval || acc.PasswordHash != "" || acc.Lang != "en" || acc.JobTitle != "Opératrice" {
		t.Fatalf("the newcomer's account: %+v %v", acc, err)
	}
	confirm := e.lastMail("lea.dubois@acme.example")
	if !strings.Contains(confirm.Text, "REQ-2026-000001") || !strings.Contains(confirm.Text, "REQ-2026-000002") || !strings.Contains(confirm.Text, "24 hours") {
		t.Fatalf("confirmation: %s", confirm.Text)
	}
	if m := e.mails("zoe@acme.example"); len(m) != 1 || !strings.Contains(m[0].Text, "already have one") {
		t.Fatalf("the owner of an account is told: %+v", m)
	}
	if m := e.mails("lea@unknown-corp.example"); len(m) != 1 || !strings.Contains(m[0].Text, "/#/register") {
		t.Fatalf("an address of no customer company is told: %+v", m)
	}
	if got := e.auditActions("acme"); !slices.Equal(got, []string{"access.request", "access.request"}) {
		t.Fatalf("audit log: %v", got)
	}

	// A person nobody knows waits for the approver even where no approval is needed.
	op := e.browser("olivia@guichet.example", pw)
	q := e.do(op, "GET", "/api/v1/backoffice/access-requests", "")
	if len(q.body["items"].([]any)) != 2 || field(q.body["items"].([]any)[0], "requesterEmail") != "lea.dubois@acme.example" || field(q.body["items"].([]any)[0], "orgName") != "ACME" {
		t.Fatalf("operators' queue: %v", q.body)
	}

	// Bad input is refused the same way whatever the address.
	for _, email := range []string{"lea@gmail.com", "nobody"} {
		if r := ask(email); r.code != 400 || len(r.fieldCodes()) != 1 || !strings.HasPrefix(r.fieldCodes()[0], "email:") {
			t.Fatalf("%s: %d %v", email, r.code, r.body)
		}
	}
	if r := ask("lea@gmail.com"); !slices.Equal(r.fieldCodes(), []string{"email:free_mail"}) {
		t.Fatalf("free mail: %v", r.fieldCodes())
	}
	for _, email := range []string{"zoe@acme.example", "new@acme.example"} {
		r := e.call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"A","lastName":"B","applications":["NOPE"]}`, "")
		if r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"applications:unknown_application"}) {
			t.Fatalf("%s with an unknown application: %d %v", email, r.code, r.body)
		}
	}

	// The approval mails the 48-hour activation link, which opens on the application.
	if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/REQ-2026-000001/decision", `{"decision":"approve"}`); r.code != 200 {
		t.Fatal(r.body)
	}
	if r := e.do(op, "POST", "/api/v1/backoffice/access-requests/REQ-2026-000002/decision", `{"decision":"refuse","reason":"Licences épuisées"}`); r.code != 200 {
		t.Fatal(r.body)
	}
	mails := e.mails("lea.dubois@acme.example")
	approval := mails[len(mails)-2]
	if !strings.Contains(approval.Text, "#/activate?token=") || !strings.Contains(approval.Text, "&app="+prepress.ID) || !strings.Contains(approval.Text, "48 hours") {
		t.Fatalf("approval: %s", approval.Text)
	}
	if acc, _ := e.store.AccountByEmail(context.Background(), "lea.dubois@acme.example"); acc.Status != portal.StatusNotActivated {
		t.Fatalf("after the approval the account waits for activation: %s", acc.Status)
	}
	token := e.linkToken(approval)
	if r := e.call("POST", "/api/v1/activation", `{"token":"`+token+`","password":"Lea#Dubois2026!"}`, ""); r.code != 200 {
		t.Fatalf("activation: %d %v", r.code, r.body)
	}
	lea := e.browser("lea.dubois@acme.example", "Lea#Dubois2026!")
	o := e.do(lea, "GET", "/api/v1/me/applications", "")
	current, requests := o.body["current"].([]any), o.body["requests"].([]any)
	if len(current) != 1 || field(current[0], "appId") != prepress.ID || len(requests) != 2 || field(requests[0], "status") != "refused" {
		t.Fatalf("the new user's applications: %v", o.body)
	}
}

func TestRequestANewUserIsRateLimited(t *testing.T) {
	e := newEnv(t)
	app := e.addApp("Prepress", portal.ApproverOperators, true, 0)
	ask := func(email string) int {
		return e.call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"A","lastName":"B","applications":["`+app.ID+`"]}`, "").code
	}
	for range 3 {
		if c := ask("lea@acme.example"); c != 202 {
			t.Fatalf("within the limit: %d", c)
		}
	}
	if c := ask("lea@acme.example"); c != 429 {
		t.Fatalf("past the per-address limit: %d", c)
	}
	for i := 4; i < 20; i++ {
		if c := ask(fmt.Sprintf("p%d@acme.example", i)); c != 202 {
			t.Fatalf("request %d: %d", i, c)
		}
	}
	if c := ask("late@acme.example"); c != 429 {
		t.Fatalf("past the per-IP limit: %d", c)
	}
	e.clock.Advance(time.Hour)
	if c := ask("lea@acme.example"); c != 202 {
		t.Fatalf("the next hour starts afresh: %d", c)
	}
}
