package applications_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// numbersOf reads the numbers of a list of requests in an answer.
func numbersOf(v any) []string {
	var out []string
	for _, it := range v.([]any) {
		out = append(out, it.(map[string]any)["number"].(string))
	}
	return out
}

func TestCatalogIsKeptByOperators(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", apitest.Pw, portal.StatusReady)
	e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.Pw, portal.StatusReady)
	op := e.Browser("olivia@guichet.example", apitest.Pw)
	admin := e.Browser("adele@acme.example", apitest.Pw)

	body := `{"name":{"fr":"Prépresse","en":"Prepress"},"description":{"fr":"Flux","en":"Workflow"},"approvalNeeded":true,
		"approver":"operators","durationDays":90,"instructions":{"fr":"Ouvrez l'appli","en":"Open the app"}}`
	if r := e.Do(admin, "POST", "/api/v1/backoffice/applications", body); r.Code != 403 {
		t.Fatalf("a customer administrator changed the catalog: %d %v", r.Code, r.Body)
	}
	r := e.Do(op, "POST", "/api/v1/backoffice/applications", `{"name":{"fr":"Prépresse"},"approver":"nobody"}`)
	if r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"name.en:required", "approvalNeeded:required", "approver:format"}) {
		t.Fatalf("bad entry: %d %v", r.Code, r.FieldCodes())
	}
	r = e.Do(op, "POST", "/api/v1/backoffice/applications", body)
	if r.Code != 201 || r.Body["version"] != 1.0 || apitest.Field(r.Body, "instructions", "en") != "Open the app" {
		t.Fatalf("create: %d %v", r.Code, r.Body)
	}
	id := r.Body["id"].(string)
	e.Do(op, "POST", "/api/v1/backoffice/applications", `{"name":{"fr":"Licences","en":"Licences"},"approvalNeeded":false,"approver":"customer_admins"}`)

	// Customers, signed in or not, see the requestable catalog without instructions.
	pub := e.Call("GET", "/api/v1/applications", "", "", "Accept-Language", "en")
	items := pub.Body["items"].([]any)
	if pub.Code != 200 || len(items) != 2 || apitest.Field(items[0], "name", "en") != "Licences" || apitest.Field(items[1], "instructions") != nil {
		t.Fatalf("public catalog: %d %v", pub.Code, pub.Body)
	}

	update := strings.Replace(body, `"durationDays":90`, `"durationDays":30,"archived":true,"version":1`, 1)
	if r := e.Do(op, "PUT", "/api/v1/backoffice/applications/"+id, update); r.Code != 200 || r.Body["version"] != 2.0 || r.Body["archived"] != true {
		t.Fatalf("update: %d %v", r.Code, r.Body)
	}
	if r := e.Do(op, "PUT", "/api/v1/backoffice/applications/"+id, update); r.Code != 409 || r.ErrCode() != "version_conflict" {
		t.Fatalf("stale update: %d %v", r.Code, r.Body)
	}
	if r := e.Do(op, "PUT", "/api/v1/backoffice/applications/NOPE", update); r.Code != 404 || r.ErrCode() != "application_not_found" {
		t.Fatalf("unknown application: %d %v", r.Code, r.Body)
	}
	if items := e.Call("GET", "/api/v1/applications", "", "").Body["items"].([]any); len(items) != 1 {
		t.Fatalf("an archived application is still requestable: %v", items)
	}
	all := e.Do(op, "GET", "/api/v1/backoffice/applications", "")
	if all.Code != 200 || len(all.Body["items"].([]any)) != 2 {
		t.Fatalf("back office catalog: %d %v", all.Code, all.Body)
	}
	if got := e.Do(op, "GET", "/api/v1/backoffice/applications/"+id, ""); got.Code != 200 || got.Body["durationDays"] != 30.0 {
		t.Fatalf("back office entry: %d %v", got.Code, got.Body)
	}
	if got := e.AuditActions(portal.VendorOrg); !slices.Equal(got, []string{"application.create", "application.create", "application.update"}) {
		t.Fatalf("vendor audit log: %v", got)
	}
}

func TestManageApplications(t *testing.T) {
	e := apitest.NewEnv(t)
	zoe := e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	e.AddUser("leo@acme.example", apitest.Pw, portal.StatusReady)
	prepress := e.AddApp("Prepress", portal.ApproverOperators, true, 0)
	licences := e.AddApp("Licences", portal.ApproverCustomerAdmins, false, 365)
	support := e.AddApp("Support", portal.ApproverOperators, true, 0)
	me := e.Browser("zoe@acme.example", apitest.Pw)
	leo := e.Browser("leo@acme.example", apitest.Pw)

	r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+prepress.ID+`","`+licences.ID+`"],"comment":"Pour le studio"}`)
	if r.Code != 201 {
		t.Fatalf("request: %d %v", r.Code, r.Body)
	}
	reqs := r.Body["requests"].([]any)
	got := map[string]string{}
	for _, q := range reqs {
		got[apitest.Field(q, "appId").(string)] = apitest.Field(q, "number").(string) + " " + apitest.Field(q, "status").(string)
	}
	if len(got) != 2 || !strings.HasSuffix(got[prepress.ID], " pending") || !strings.HasSuffix(got[licences.ID], " approved") {
		t.Fatalf("an application needing no approval is granted at once, the other waits: %v", got)
	}
	if !slices.Equal(slices.Sorted(slices.Values(numbersOf(reqs))), []string{"REQ-2026-000001", "REQ-2026-000002"}) {
		t.Fatalf("numbers: %v", numbersOf(reqs))
	}
	mails := e.Mails("zoe@acme.example")
	if len(mails) != 2 || !strings.Contains(mails[1].Text, "REQ-2026-00000") || !strings.Contains(mails[1].Text, "24 heures") {
		t.Fatalf("want the approval of Licences and one confirmation listing both numbers, got %d mails: %+v", len(mails), mails)
	}

	o := e.Do(me, "GET", "/api/v1/me/applications", "")
	if o.Code != 200 || o.Trips != "3" {
		t.Fatalf("overview: %d, %s round trips (want 1 for the session, 2 for the page) %v", o.Code, o.Trips, o.Body)
	}
	current, available := o.Body["current"].([]any), o.Body["available"].([]any)
	if len(current) != 1 || apitest.Field(current[0], "appId") != licences.ID || apitest.Field(current[0], "expires") == nil || apitest.Field(current[0], "extendable") != true {
		t.Fatalf("current: %v", current)
	}
	if len(available) != 1 || apitest.Field(available[0], "id") != support.ID {
		t.Fatalf("available: %v", available)
	}
	if len(o.Body["requests"].([]any)) != 2 {
		t.Fatalf("requests: %v", o.Body["requests"])
	}

	// What is held or pending cannot be asked for again; unknown ids are refused.
	if r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+prepress.ID+`"]}`); r.Code != 409 || r.ErrCode() != "already_requested" {
		t.Fatalf("pending again: %d %v", r.Code, r.Body)
	}
	if r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`); r.Code != 409 || r.ErrCode() != "already_granted" {
		t.Fatalf("held again: %d %v", r.Code, r.Body)
	}
	if r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["NOPE"]}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"applications:unknown_application"}) {
		t.Fatalf("unknown application: %d %v", r.Code, r.Body)
	}
	if r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":[]}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"applications:required"}) {
		t.Fatalf("no application: %d %v", r.Code, r.Body)
	}

	pending := got[prepress.ID][:len("REQ-2026-000001")]
	if r := e.Do(leo, "POST", "/api/v1/me/access-requests/"+pending+"/cancel", ""); r.Code != 404 || r.ErrCode() != "request_not_found" {
		t.Fatalf("someone else's request: %d %v", r.Code, r.Body)
	}
	if r := e.Do(me, "POST", "/api/v1/me/access-requests/"+pending+"/cancel", ""); r.Code != 200 || r.Body["status"] != "cancelled" {
		t.Fatalf("cancel: %d %v", r.Code, r.Body)
	}
	if r := e.Do(me, "POST", "/api/v1/me/access-requests/"+pending+"/cancel", ""); r.Code != 409 || r.ErrCode() != "already_decided" {
		t.Fatalf("cancel twice: %d %v", r.Code, r.Body)
	}
	o = e.Do(me, "GET", "/api/v1/me/applications", "")
	if len(o.Body["available"].([]any)) != 2 {
		t.Fatalf("a cancelled request's application is available again: %v", o.Body["available"])
	}

	if r := e.Do(me, "DELETE", "/api/v1/me/applications/"+licences.ID, ""); r.Code != 204 {
		t.Fatalf("remove: %d %v", r.Code, r.Body)
	}
	if r := e.Do(me, "DELETE", "/api/v1/me/applications/"+licences.ID, ""); r.Code != 404 || r.ErrCode() != "grant_not_found" {
		t.Fatalf("remove twice: %d %v", r.Code, r.Body)
	}
	if len(e.Do(me, "GET", "/api/v1/me/applications", "").Body["current"].([]any)) != 0 {
		t.Fatal("a removed application is still current")
	}
	want := []string{"access.request", "access.request", "access.approve", "access.cancel", "access.remove"}
	if got := e.AuditActions("acme"); !slices.Equal(got, want) {
		t.Fatalf("audit log: %v, want %v", got, want)
	}
	entries, _, _ := e.Store.AuditPage(context.Background(), "acme", 1, "")
	if entries[0].UserID != zoe.ID || entries[0].IP == "" || entries[0].Before == nil {
		t.Fatalf("audit entry: %+v", entries[0])
	}
	if r := e.Call("GET", "/api/v1/me/applications", "", ""); r.Code != 401 {
		t.Fatalf("anonymous: %d", r.Code)
	}
}

func TestDecisionsByTheirApprovers(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", apitest.Pw, portal.StatusReady)
	e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.Pw, portal.StatusReady)
	e.AddMember("globex", portal.RoleAdmin, "gus@globex.example", apitest.Pw, portal.StatusReady)
	zoe := e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	acc, _ := e.Store.Account(context.Background(), "acme", zoe.ID)
	acc.Lang = "en"
	if err := e.Store.SaveAccount(context.Background(), acc); err != nil {
		t.Fatal(err)
	}
	prepress := e.AddApp("Prepress", portal.ApproverOperators, true, 30)
	licences := e.AddApp("Licences", portal.ApproverCustomerAdmins, true, 0)
	support := e.AddApp("Support", portal.ApproverOperators, true, 0)
	op, admin, other := e.Browser("olivia@guichet.example", apitest.Pw), e.Browser("adele@acme.example", apitest.Pw), e.Browser("gus@globex.example", apitest.Pw)
	me := e.Browser("zoe@acme.example", apitest.Pw)
	r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+prepress.ID+`","`+licences.ID+`","`+support.ID+`"]}`)
	if r.Code != 201 {
		t.Fatal(r.Body)
	}
	number := map[string]string{}
	for _, q := range r.Body["requests"].([]any) {
		number[apitest.Field(q, "appId").(string)] = apitest.Field(q, "number").(string)
	}

	// Each approver's queue holds what they decide, and no more.
	q := e.Do(op, "GET", "/api/v1/backoffice/access-requests", "")
	if q.Code != 200 || !slices.Equal(numbersOf(q.Body["items"]), []string{number[prepress.ID], number[support.ID]}) {
		t.Fatalf("operators' queue: %d %v", q.Code, q.Body)
	}
	if q := e.Do(op, "GET", "/api/v1/backoffice/access-requests?app="+support.ID+"&org=acme&kind=access", ""); !slices.Equal(numbersOf(q.Body["items"]), []string{number[support.ID]}) {
		t.Fatalf("filtered queue: %v", q.Body)
	}
	if q := e.Do(op, "GET", "/api/v1/backoffice/access-requests?org=globex", ""); len(q.Body["items"].([]any)) != 0 {
		t.Fatalf("another organisation's filter: %v", q.Body)
	}
	if q := e.Do(op, "GET", "/api/v1/backoffice/access-requests?before=2026-11-01", ""); len(q.Body["items"].([]any)) != 0 {
		t.Fatalf("made before: %v", q.Body)
	}
	if q := e.Do(op, "GET", "/api/v1/backoffice/access-requests?kind=other&before=yesterday", ""); q.Code != 400 || !slices.Equal(q.FieldCodes(), []string{"kind:format", "before:format"}) {
		t.Fatalf("bad filters: %d %v", q.Code, q.Body)
	}
	first := e.Do(op, "GET", "/api/v1/backoffice/access-requests?limit=1", "")
	second := e.Do(op, "GET", "/api/v1/backoffice/access-requests?limit=1&cursor="+first.Body["next"].(string), "")
	if !slices.Equal(numbersOf(second.Body["items"]), []string{number[support.ID]}) || second.Body["next"] != nil {
		t.Fatalf("pages: %v then %v", first.Body, second.Body)
	}
	if q := e.Do(admin, "GET", "/api/v1/access-requests", ""); !slices.Equal(numbersOf(q.Body["items"]), []string{number[licences.ID]}) {
		t.Fatalf("administrators' queue: %v", q.Body)
	}
	if q := e.Do(other, "GET", "/api/v1/access-requests", ""); len(q.Body["items"].([]any)) != 0 {
		t.Fatalf("another organisation's administrators see: %v", q.Body)
	}
	if q := e.Do(me, "GET", "/api/v1/access-requests", ""); q.Code != 403 {
		t.Fatalf("a user reads the queue: %d", q.Code)
	}
	if q := e.Do(admin, "GET", "/api/v1/backoffice/access-requests", ""); q.Code != 403 {
		t.Fatalf("an administrator reads the operators' queue: %d", q.Code)
	}

	// Nobody decides what is not theirs; a refusal needs a reason.
	cases := []struct {
		who    apitest.As
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
		if r := e.Do(c.who, "POST", c.path, `{"decision":"approve"}`); r.Code != c.status || r.ErrCode() != c.code {
			t.Errorf("%s: %d %v, want %d %s", c.path, r.Code, r.Body, c.status, c.code)
		}
	}
	if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/"+number[support.ID]+"/decision", `{"decision":"refuse"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"reason:required"}) {
		t.Fatalf("refusal without a reason: %d %v", r.Code, r.Body)
	}
	if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/"+number[support.ID]+"/decision", `{"decision":"maybe"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"decision:format"}) {
		t.Fatalf("unknown decision: %d %v", r.Code, r.Body)
	}
	if len(e.Mails("zoe@acme.example")) != 1 {
		t.Fatal("a refused attempt sent mail")
	}

	r = e.Do(op, "POST", "/api/v1/backoffice/access-requests/"+number[prepress.ID]+"/decision", `{"decision":"approve"}`)
	if r.Code != 200 || r.Body["status"] != "approved" || r.Body["decidedBy"] == nil {
		t.Fatalf("approve: %d %v", r.Code, r.Body)
	}
	m := e.LastMail("zoe@acme.example")
	if m.Lang != "en" || !strings.Contains(m.Subject, number[prepress.ID]) || !strings.Contains(m.Text, "https://prepress.example") ||
		!strings.Contains(m.Text, "open until 23 December 2026") || strings.Contains(m.Text, "activate") {
		t.Fatalf("approval mail in the requester's language with the instructions and the end: %s\n%s", m.Subject, m.Text)
	}
	r = e.Do(admin, "POST", "/api/v1/access-requests/"+number[licences.ID]+"/decision", `{"decision":"refuse","reason":"Pas de licence disponible"}`)
	if r.Code != 200 || r.Body["status"] != "refused" || r.Body["reason"] != "Pas de licence disponible" {
		t.Fatalf("refuse: %d %v", r.Code, r.Body)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Text, "declined") || !strings.Contains(m.Text, "Pas de licence disponible") {
		t.Fatalf("refusal mail: %s", m.Text)
	}
	if r := e.Do(admin, "POST", "/api/v1/access-requests/"+number[licences.ID]+"/decision", `{"decision":"approve"}`); r.Code != 409 || r.ErrCode() != "already_decided" {
		t.Fatalf("deciding twice: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "GET", "/api/v1/access-requests/"+number[licences.ID], ""); r.Code != 200 || r.Body["status"] != "refused" {
		t.Fatalf("read a decided request: %d %v", r.Code, r.Body)
	}
	if got := e.AuditActions("acme"); !slices.Equal(got[len(got)-2:], []string{"access.approve", "access.refuse"}) {
		t.Fatalf("audit log: %v", got)
	}
	o := e.Do(me, "GET", "/api/v1/me/applications", "")
	if len(o.Body["current"].([]any)) != 1 || apitest.Field(o.Body["current"].([]any)[0], "appId") != prepress.ID {
		t.Fatalf("after the decisions: %v", o.Body)
	}
}

func TestBulkDecisionsAreDecidedOneByOne(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", apitest.Pw, portal.StatusReady)
	op := e.Browser("olivia@guichet.example", apitest.Pw)
	var nums []string
	for i := range 4 {
		email := fmt.Sprintf("p%d@acme.example", i)
		e.AddUser(email, apitest.Pw, portal.StatusReady)
		app := e.AddApp(fmt.Sprintf("App%d", i), portal.ApproverOperators, true, 0)
		r := e.Do(e.Browser(email, apitest.Pw), "POST", "/api/v1/me/access-requests", `{"applications":["`+app.ID+`"]}`)
		nums = append(nums, numbersOf(r.Body["requests"])[0])
	}
	if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/"+nums[1]+"/decision", `{"decision":"approve"}`); r.Code != 200 {
		t.Fatal(r.Body)
	}
	if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/decisions", `{"numbers":[],"decision":"refuse"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"numbers:required"}) {
		t.Fatalf("no numbers: %d %v", r.Code, r.Body)
	}
	if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/decisions", `{"numbers":["`+nums[0]+`"],"decision":"refuse"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"reason:required"}) {
		t.Fatalf("bulk refusal without a reason: %d %v", r.Code, r.Body)
	}
	body := `{"numbers":["` + strings.Join([]string{nums[0], nums[1], nums[2], "REQ-2026-999999", nums[0]}, `","`) + `"],"decision":"refuse","reason":"Hors contrat"}`
	r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/decisions", body)
	if r.Code != 200 {
		t.Fatalf("bulk: %d %v", r.Code, r.Body)
	}
	results := r.Body["results"].([]any)
	var got []string
	for _, res := range results {
		outcome := apitest.Field(res, "request", "status")
		if outcome == nil {
			outcome = apitest.Field(res, "error", "code")
		}
		got = append(got, apitest.Field(res, "number").(string)+" "+outcome.(string))
	}
	want := []string{nums[0] + " refused", nums[1] + " already_decided", nums[2] + " refused", "REQ-2026-999999 request_not_found"}
	if !slices.Equal(got, want) {
		t.Fatalf("per-item results: %v, want %v", got, want)
	}
	for i, n := range []int{2, 2, 2, 1} {
		if got := len(e.Mails(fmt.Sprintf("p%d@acme.example", i))); got != n {
			t.Errorf("p%d got %d mails, want %d (confirmation and at most one decision)", i, got, n)
		}
	}
	if q := e.Do(op, "GET", "/api/v1/backoffice/access-requests", ""); !slices.Equal(numbersOf(q.Body["items"]), []string{nums[3]}) {
		t.Fatalf("queue after the bulk decision: %v", q.Body)
	}
}

func TestTwoApproversDecidingAtOnce(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", apitest.Pw, portal.StatusReady)
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "oscar@guichet.example", apitest.Pw, portal.StatusReady)
	ops := []apitest.As{e.Browser("olivia@guichet.example", apitest.Pw), e.Browser("oscar@guichet.example", apitest.Pw)}
	const rounds = 10
	for i := range rounds {
		email := fmt.Sprintf("p%d@acme.example", i)
		e.AddUser(email, apitest.Pw, portal.StatusReady)
		app := e.AddApp(fmt.Sprintf("App%d", i), portal.ApproverOperators, true, 0)
		r := e.Do(e.Browser(email, apitest.Pw), "POST", "/api/v1/me/access-requests", `{"applications":["`+app.ID+`"]}`)
		number := numbersOf(r.Body["requests"])[0]
		codes := make([]int, 2)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for j, decision := range []string{`{"decision":"approve"}`, `{"decision":"refuse","reason":"Non"}`} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				r := e.Do(ops[j], "POST", "/api/v1/backoffice/access-requests/"+number+"/decision", decision)
				codes[j] = r.Code
				if r.Code == 409 && r.ErrCode() != "request_changed" && r.ErrCode() != "already_decided" {
					t.Errorf("the loser's code: %v", r.Body)
				}
			}()
		}
		close(start)
		wg.Wait()
		slices.Sort(codes)
		if !slices.Equal(codes, []int{200, 409}) {
			t.Fatalf("round %d: answers %v, want one 200 and one 409", i, codes)
		}
		if got := len(e.Mails(email)); got != 2 {
			t.Fatalf("round %d: %d mails, want the confirmation and exactly one decision", i, got)
		}
	}
}

func TestRequestNumbersOfConcurrentRequests(t *testing.T) {
	e := apitest.NewEnv(t)
	app := e.AddApp("Prepress", portal.ApproverOperators, true, 0)
	const people = 200
	browsers := make([]apitest.As, people)
	for i := range people {
		u := e.AddUser(fmt.Sprintf("p%03d@acme.example", i), "", portal.StatusReady)
		token, sess, err := e.Deps.Sessions.Start(context.Background(), u, "", e.IP, "test")
		if err != nil {
			t.Fatal(err)
		}
		browsers[i] = apitest.As{Token: token, CSRF: sess.CSRF}
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
			r := e.Do(b, "POST", "/api/v1/me/access-requests", `{"applications":["`+app.ID+`"]}`)
			if r.Code != 201 {
				t.Errorf("request: %d %v", r.Code, r.Body)
				return
			}
			mu.Lock()
			got = append(got, numbersOf(r.Body["requests"])...)
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
	e := apitest.NewEnv(t)
	e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.Pw, portal.StatusReady)
	e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	licences := e.AddApp("Licences", portal.ApproverCustomerAdmins, false, 30)
	forever := e.AddApp("Forever", portal.ApproverCustomerAdmins, false, 0)
	me := e.Browser("zoe@acme.example", apitest.Pw)
	if r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`","`+forever.ID+`"]}`); r.Code != 201 {
		t.Fatal(r.Body)
	}
	if r := e.Do(me, "POST", "/api/v1/me/applications/"+forever.ID+"/extension", `{}`); r.Code != 409 || r.ErrCode() != "not_extendable" {
		t.Fatalf("extending what never ends: %d %v", r.Code, r.Body)
	}
	e.Clock.Advance(20 * 24 * time.Hour)
	me = e.Browser("zoe@acme.example", apitest.Pw)
	// Once the application needs approval, an extension waits for its approver.
	licences.ApprovalNeeded = true
	if err := e.Store.SaveApplication(context.Background(), licences); err != nil {
		t.Fatal(err)
	}
	r := e.Do(me, "POST", "/api/v1/me/applications/"+licences.ID+"/extension", `{"comment":"Projet prolongé"}`)
	if r.Code != 201 || r.Body["kind"] != "extension" || r.Body["status"] != "pending" {
		t.Fatalf("extension: %d %v", r.Code, r.Body)
	}
	if r := e.Do(me, "POST", "/api/v1/me/applications/"+licences.ID+"/extension", `{}`); r.Code != 409 || r.ErrCode() != "already_requested" {
		t.Fatalf("second extension: %d %v", r.Code, r.Body)
	}
	o := e.Do(me, "GET", "/api/v1/me/applications", "")
	for _, h := range o.Body["current"].([]any) {
		if apitest.Field(h, "extendable") != false {
			t.Fatalf("an extension is offered while one waits or for what never ends: %v", h)
		}
	}
	admin := e.Browser("adele@acme.example", apitest.Pw)
	if d := e.Do(admin, "POST", "/api/v1/access-requests/"+r.Body["number"].(string)+"/decision", `{"decision":"approve"}`); d.Code != 200 {
		t.Fatalf("approve: %d %v", d.Code, d.Body)
	}
	g, err := e.Store.Grant(context.Background(), "acme", r.Body["userId"].(string), licences.ID)
	if err != nil || !g.Expires.Equal(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC).AddDate(0, 0, 60)) || g.Request != r.Body["number"] {
		t.Fatalf("an extension adds its days to the end: %+v %v", g, err)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Text, "prolongation") || !strings.Contains(m.Text, "22 janvier 2027") {
		t.Fatalf("extension mail: %s", m.Text)
	}
	if got := e.AuditActions("acme"); !slices.Contains(got, "access.request_extension") || !slices.Contains(got, "access.extend") {
		t.Fatalf("audit log: %v", got)
	}
	// Once access ended, it is no longer current, whatever the jobs did.
	e.Clock.Advance(41 * 24 * time.Hour)
	me = e.Browser("zoe@acme.example", apitest.Pw)
	o = e.Do(me, "GET", "/api/v1/me/applications", "")
	if len(o.Body["current"].([]any)) != 1 || apitest.Field(o.Body["current"].([]any)[0], "appId") != forever.ID {
		t.Fatalf("an ended grant is still current: %v", o.Body["current"])
	}
	if r := e.Do(me, "POST", "/api/v1/me/applications/"+licences.ID+"/extension", `{}`); r.Code != 404 || r.ErrCode() != "grant_not_found" {
		t.Fatalf("extending an ended grant: %d %v", r.Code, r.Body)
	}
}

// claimDomain makes orgID the organisation that verified domain.
func claimDomain(e *apitest.Env, domain, orgID string) {
	e.T.Helper()
	if err := e.Store.Table().Transact(context.Background(), store.PutDomainClaim(store.DomainClaim{Domain: domain, OrgIDs: []string{orgID}})); err != nil {
		e.T.Fatal(err)
	}
}

func TestRequestANewUser(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", apitest.Pw, portal.StatusReady)
	e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	claimDomain(e, "acme.example", "acme")
	prepress := e.AddApp("Prepress", portal.ApproverOperators, true, 0)
	licences := e.AddApp("Licences", portal.ApproverOperators, false, 0)
	apps := `"applications":["` + prepress.ID + `","` + licences.ID + `"]`
	ask := func(email string, headers ...string) apitest.Resp {
		return e.Call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"Léa","lastName":"Dubois","jobTitle":"Opératrice","lang":"en",`+apps+`}`, "", headers...)
	}

	newcomer, existing, stranger := ask("Lea.Dubois@ACME.example"), ask("zoe@acme.example"), ask("lea@unknown-corp.example")
	for _, r := range []apitest.Resp{newcomer, existing, stranger} {
		if r.Code != 202 || apitest.MustJSON(r.Body) != `{"status":"received"}` {
			t.Fatalf("every case answers the same: %d %v", r.Code, r.Body)
		}
	}
	acc, err := e.Store.AccountByEmail(context.Background(), "lea.dubois@acme.example")
	if err != nil || acc.OrgID != "acme" || acc.Status != portal.StatusPendingApproval || acc.PasswordHash != "" || acc.Lang != "en" || acc.JobTitle != "Opératrice" {
		t.Fatalf("the newcomer's account: %+v %v", acc, err)
	}
	confirm := e.LastMail("lea.dubois@acme.example")
	if !strings.Contains(confirm.Text, "REQ-2026-000001") || !strings.Contains(confirm.Text, "REQ-2026-000002") || !strings.Contains(confirm.Text, "24 hours") {
		t.Fatalf("confirmation: %s", confirm.Text)
	}
	if m := e.Mails("zoe@acme.example"); len(m) != 1 || !strings.Contains(m[0].Text, "already have one") {
		t.Fatalf("the owner of an account is told: %+v", m)
	}
	if m := e.Mails("lea@unknown-corp.example"); len(m) != 1 || !strings.Contains(m[0].Text, "/#/register") {
		t.Fatalf("an address of no customer company is told: %+v", m)
	}
	if got := e.AuditActions("acme"); !slices.Equal(got, []string{"access.request", "access.request"}) {
		t.Fatalf("audit log: %v", got)
	}

	// A person nobody knows waits for the approver even where no approval is needed.
	op := e.Browser("olivia@guichet.example", apitest.Pw)
	q := e.Do(op, "GET", "/api/v1/backoffice/access-requests", "")
	if len(q.Body["items"].([]any)) != 2 || apitest.Field(q.Body["items"].([]any)[0], "requesterEmail") != "lea.dubois@acme.example" || apitest.Field(q.Body["items"].([]any)[0], "orgName") != "ACME" {
		t.Fatalf("operators' queue: %v", q.Body)
	}

	// Bad input is refused the same way whatever the address.
	for _, email := range []string{"lea@gmail.com", "nobody"} {
		if r := ask(email); r.Code != 400 || len(r.FieldCodes()) != 1 || !strings.HasPrefix(r.FieldCodes()[0], "email:") {
			t.Fatalf("%s: %d %v", email, r.Code, r.Body)
		}
	}
	if r := ask("lea@gmail.com"); !slices.Equal(r.FieldCodes(), []string{"email:free_mail"}) {
		t.Fatalf("free mail: %v", r.FieldCodes())
	}
	for _, email := range []string{"zoe@acme.example", "new@acme.example"} {
		r := e.Call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"A","lastName":"B","applications":["NOPE"]}`, "")
		if r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"applications:unknown_application"}) {
			t.Fatalf("%s with an unknown application: %d %v", email, r.Code, r.Body)
		}
	}

	// The approval mails the 48-hour activation link, which opens on the application.
	if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/REQ-2026-000001/decision", `{"decision":"approve"}`); r.Code != 200 {
		t.Fatal(r.Body)
	}
	if r := e.Do(op, "POST", "/api/v1/backoffice/access-requests/REQ-2026-000002/decision", `{"decision":"refuse","reason":"Licences épuisées"}`); r.Code != 200 {
		t.Fatal(r.Body)
	}
	mails := e.Mails("lea.dubois@acme.example")
	approval := mails[len(mails)-2]
	if !strings.Contains(approval.Text, "#/activate?token=") || !strings.Contains(approval.Text, "&app="+prepress.ID) || !strings.Contains(approval.Text, "48 hours") {
		t.Fatalf("approval: %s", approval.Text)
	}
	if acc, _ := e.Store.AccountByEmail(context.Background(), "lea.dubois@acme.example"); acc.Status != portal.StatusNotActivated {
		t.Fatalf("after the approval the account waits for activation: %s", acc.Status)
	}
	token := e.LinkToken(approval)
	if r := e.Call("POST", "/api/v1/activation", `{"token":"`+token+`","password":"Lea#Dubois2026!"}`, ""); r.Code != 200 {
		t.Fatalf("activation: %d %v", r.Code, r.Body)
	}
	lea := e.Browser("lea.dubois@acme.example", "Lea#Dubois2026!")
	o := e.Do(lea, "GET", "/api/v1/me/applications", "")
	current, requests := o.Body["current"].([]any), o.Body["requests"].([]any)
	if len(current) != 1 || apitest.Field(current[0], "appId") != prepress.ID || len(requests) != 2 || apitest.Field(requests[0], "status") != "refused" {
		t.Fatalf("the new user's applications: %v", o.Body)
	}
}

func TestRequestANewUserIsRateLimited(t *testing.T) {
	e := apitest.NewEnv(t)
	app := e.AddApp("Prepress", portal.ApproverOperators, true, 0)
	ask := func(email string) int {
		return e.Call("POST", "/api/v1/new-user-requests", `{"email":"`+email+`","firstName":"A","lastName":"B","applications":["`+app.ID+`"]}`, "").Code
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
	e.Clock.Advance(time.Hour)
	if c := ask("lea@acme.example"); c != 202 {
		t.Fatalf("the next hour starts afresh: %d", c)
	}
}
