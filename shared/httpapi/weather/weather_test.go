package weather_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// weatherEnv is acme with a contract, people holding one section each on it, an
// operator, and globex with its own contract.
type weatherEnv struct {
	e                 *apitest.Env
	acme, globex      apitest.Tenant
	op                apitest.As
	dashboard, sheet  apitest.As // Visitor on Dashboard; Visitor on Services
	documents, nobody apitest.As // Visitor on Documents only; no rights
	contracts         apitest.As // Visitor on Contracts only
	base              string
}

func newWeatherEnv(t *testing.T) *weatherEnv {
	e := apitest.NewEnv(t)
	w := &weatherEnv{e: e, acme: e.Tenant("acme"), globex: e.Tenant("globex")}
	person := func(email string, s portal.Section) apitest.As {
		u := e.Person("acme", portal.RoleUser, "Vic", "Visitor", email)
		if s != "" {
			e.Grant("acme", u.ID, w.acme.Contract.ID, map[portal.Section]portal.Level{s: portal.LevelVisitor}, false)
		}
		return e.Browser(u.Email, apitest.StaffPW)
	}
	w.dashboard = person("dash@acme.example", portal.SectionDashboard)
	w.sheet = person("sheet@acme.example", portal.SectionServices)
	w.contracts = person("contracts@acme.example", portal.SectionContracts)
	w.documents = person("docs@acme.example", portal.SectionDocuments)
	w.nobody = person("none@acme.example", "")
	operator := e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "operator@guichet.example")
	w.op = e.Browser(operator.Email, apitest.StaffPW)
	w.base = "/api/v1/backoffice/organisations/acme/contracts/" + w.acme.Contract.ID
	return w
}

// must sends a request and fails the test unless it gets status.
func (w *weatherEnv) must(t *testing.T, b apitest.As, status int, method, path, body string) apitest.Resp {
	t.Helper()
	r := w.e.Do(b, method, path, body)
	if r.Code != status {
		t.Fatalf("%s %s: %d %v, want %d", method, path, r.Code, r.Body, status)
	}
	return r
}

func (w *weatherEnv) customer(t *testing.T, b apitest.As) map[string]any {
	t.Helper()
	return w.must(t, b, 200, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/weather", "").Body
}

func state(sheet map[string]any) string { return sheet["weather"].(map[string]any)["state"].(string) }

func ongoing(sheet map[string]any) []any {
	list, _ := sheet["weather"].(map[string]any)["ongoing"].([]any)
	return list
}

// An operator declares services, publishes a major outage, updates it and resolves
// it; the contract's people with Visitor on Dashboard or Services read each step,
// the others are refused; the weather item, the history and the back office's
// overview follow, and every step is in the customer's audit log.
func TestOutageFromPublicationToResolution(t *testing.T) {
	w := newWeatherEnv(t)
	e := w.e
	api := w.must(t, w.op, 201, "POST", w.base+"/services", `{"name":"API","descriptionFr":"L'API publique","descriptionEn":"The public API"}`).Body
	w.must(t, w.op, 201, "POST", w.base+"/services", `{"name":"Console","descriptionFr":"","descriptionEn":""}`)
	if s := w.customer(t, w.dashboard); state(s) != "operational" || len(s["services"].([]any)) != 2 || len(ongoing(s)) != 0 {
		t.Fatalf("before any event: %v", s)
	}

	ev := w.must(t, w.op, 201, "POST", w.base+"/events",
		`{"serviceId":"`+api["id"].(string)+`","state":"major_outage","messageFr":"Panne de l'API\nNous cherchons.","messageEn":"API down\nInvestigating."}`).Body
	evID := ev["id"].(string)
	for _, b := range []apitest.As{w.dashboard, w.sheet, w.acme.AdminB} {
		s := w.customer(t, b)
		if state(s) != "major_outage" || len(ongoing(s)) != 1 {
			t.Fatalf("during the outage: %v", s)
		}
		o := ongoing(s)[0].(map[string]any)
		if o["titleFr"] != "Panne de l'API" || o["titleEn"] != "API down" || o["serviceName"] != "API" {
			t.Fatalf("the ongoing event: %v", o)
		}
	}
	for _, b := range []apitest.As{w.documents, w.contracts, w.nobody} {
		if r := e.Do(b, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/weather", ""); r.Code != 403 {
			t.Fatalf("without Dashboard or Services: %d %v", r.Code, r.Body)
		}
	}
	if r := e.Do(w.globex.AdminB, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/weather", ""); r.Code != 404 || r.ErrCode() != "contract_not_found" {
		t.Fatalf("another organisation's contract: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/weather", ""); r.Code != 403 {
		t.Fatalf("an operator on the customer's route: %d", r.Code)
	}
	// The dashboard's weather item was written with the event.
	if p, err := e.Store.WeatherParts(t.Context(), "acme", w.acme.Contract.ID, "", ""); err != nil || p.Weather.State != portal.HealthMajor || p.WeatherVersion != 1 {
		t.Fatalf("weather item: %+v %v", p.Weather, err)
	}
	hits := w.must(t, w.op, 200, "GET", "/api/v1/backoffice/weather", "")
	if len(hits.Items()) != 1 || hits.Items()[0]["organisation"] != "ACME" || hits.Items()[0]["contract"] != w.acme.Contract.Name || hits.Items()[0]["state"] != "major_outage" {
		t.Fatalf("hits: %v", hits.Body)
	}

	e.Clock.Advance(10 * time.Minute)
	up := w.must(t, w.op, 200, "POST", w.base+"/events/"+evID+"/updates", `{"state":"partial_outage","messageFr":"Rétablissement partiel","messageEn":"Partly restored"}`).Body
	if up["state"] != "partial_outage" || len(up["updates"].([]any)) != 1 || up["initial"] != "major_outage" {
		t.Fatalf("update: %v", up)
	}
	if s := w.customer(t, w.sheet); state(s) != "partial_outage" || ongoing(s)[0].(map[string]any)["titleEn"] != "Partly restored" {
		t.Fatalf("after the update: %v", s)
	}
	e.Clock.Advance(10 * time.Minute)
	res := w.must(t, w.op, 200, "POST", w.base+"/events/"+evID+"/resolve", `{"messageFr":"Rétabli","messageEn":"Restored"}`).Body
	if res["resolved"] == nil || res["resolvedEn"] != "Restored" {
		t.Fatalf("resolve: %v", res)
	}
	s := w.customer(t, w.dashboard)
	if state(s) != "operational" || len(ongoing(s)) != 0 || len(s["events"].([]any)) != 1 {
		t.Fatalf("after the resolution: %v", s)
	}
	for _, sv := range s["services"].([]any) {
		m := sv.(map[string]any)
		days := m["history"].(map[string]any)["days"].([]any)
		want := "operational"
		if m["name"] == "API" {
			want = "major_outage"
		}
		if len(days) != portal.HistoryDays || days[len(days)-1] != want {
			t.Fatalf("history of %s: today %v, want %s", m["name"], days[len(days)-1], want)
		}
	}
	if r := e.Do(w.op, "POST", w.base+"/events/"+evID+"/resolve", `{}`); r.Code != 404 || r.ErrCode() != "event_not_found" {
		t.Fatalf("resolve twice: %d %v", r.Code, r.Body)
	}
	if hits := w.must(t, w.op, 200, "GET", "/api/v1/backoffice/weather", ""); len(hits.Items()) != 0 {
		t.Fatalf("hits after the resolution: %v", hits.Body)
	}
	want := []string{"weather.service_create", "weather.service_create", "weather.event_publish", "weather.event_update", "weather.event_resolve"}
	if got := e.AuditActions("acme"); !slices.Equal(got[len(got)-5:], want) {
		t.Fatalf("audit: %v", got)
	}
}

// A planned maintenance is listed as upcoming and leaves the contract operational
// until its start; between its start and end the contract is in maintenance.
func TestPlannedMaintenanceCountsOnlyInItsWindow(t *testing.T) {
	w := newWeatherEnv(t)
	now := w.e.Clock.Now().UTC()
	sv := w.must(t, w.op, 201, "POST", w.base+"/services", `{"name":"Backup"}`).Body
	body := fmt.Sprintf(`{"serviceId":"%s","state":"maintenance","messageFr":"Mise à jour","messageEn":"Upgrade","start":"%s","end":"%s"}`,
		sv["id"], now.Add(10*time.Minute).Format(time.RFC3339), now.Add(20*time.Minute).Format(time.RFC3339))
	w.must(t, w.op, 201, "POST", w.base+"/events", body)
	s := w.customer(t, w.dashboard)
	if state(s) != "operational" || len(ongoing(s)) != 1 || ongoing(s)[0].(map[string]any)["state"] != "maintenance" {
		t.Fatalf("before the maintenance: %v", s)
	}
	w.e.Clock.Advance(15 * time.Minute)
	if s := w.customer(t, w.dashboard); state(s) != "maintenance" || s["services"].([]any)[0].(map[string]any)["state"] != "maintenance" {
		t.Fatalf("during the maintenance: %v", s)
	}
	w.e.Clock.Advance(10 * time.Minute)
	if s := w.customer(t, w.dashboard); state(s) != "operational" {
		t.Fatalf("after its end: %v", s)
	}
	if hits := w.must(t, w.op, 200, "GET", "/api/v1/backoffice/weather", ""); len(hits.Items()) != 1 || hits.Items()[0]["state"] != "operational" {
		t.Fatalf("an unresolved maintenance stays in the overview, judged now: %v", hits.Body)
	}
}

// The customer's weather costs three round trips: the session, the contract with
// the person's rights, the services with the events.
func TestCustomerWeatherRoundTrips(t *testing.T) {
	w := newWeatherEnv(t)
	sv := w.must(t, w.op, 201, "POST", w.base+"/services", `{"name":"API"}`).Body
	for i := range 5 {
		w.must(t, w.op, 201, "POST", w.base+"/events", fmt.Sprintf(`{"serviceId":"%s","state":"degraded","messageFr":"Lent %d","messageEn":"Slow %d"}`, sv["id"], i, i))
	}
	r := w.must(t, w.dashboard, 200, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/weather", "")
	if n := apitest.TripsOf(t, r); n > 3 {
		t.Fatalf("%d round trips, want at most 3", n)
	}
}

// Bad input is refused with field errors and changes nothing; rules on services
// and events hold.
func TestWeatherRefusesBadInput(t *testing.T) {
	w := newWeatherEnv(t)
	e := w.e
	sv := w.must(t, w.op, 201, "POST", w.base+"/services", `{"name":"API"}`).Body
	id := sv["id"].(string)
	now := e.Clock.Now().UTC()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	cases := []struct {
		path, body string
		fields     []string
	}{
		{"/services", `{"name":""}`, []string{"name:required"}},
		{"/services", `{"name":"` + strings.Repeat("x", 101) + `","descriptionFr":"` + strings.Repeat("x", 501) + `"}`, []string{"name:too_long", "descriptionFr:too_long"}},
		{"/events", `{"serviceId":"` + id + `","state":"","messageFr":"","messageEn":"x"}`, []string{"messageFr:required", "state:required"}},
		{"/events", `{"serviceId":"` + id + `","state":"operational","messageFr":"x","messageEn":"x"}`, []string{"state:format"}},
		{"/events", `{"serviceId":"` + id + `","state":"degraded","messageFr":"x","messageEn":"x","start":"` + at(time.Hour) + `"}`, []string{"start:not_planned"}},
		{"/events", `{"serviceId":"` + id + `","state":"maintenance","messageFr":"x","messageEn":"x","start":"tomorrow","end":"` + at(time.Hour) + `"}`, []string{"start:datetime", "start:required"}},
		{"/events", `{"serviceId":"` + id + `","state":"maintenance","messageFr":"x","messageEn":"x","start":"` + at(2*time.Hour) + `","end":"` + at(time.Hour) + `"}`, []string{"end:before_start"}},
		{"/events", `{"serviceId":"` + id + `","state":"maintenance","messageFr":"x","messageEn":"x","start":"` + at(-2*time.Hour) + `","end":"` + at(-time.Hour) + `"}`, []string{"end:past"}},
		{"/events", `{"serviceId":"","state":"degraded","messageFr":"x","messageEn":"x"}`, []string{"serviceId:required"}},
		{"/events", `{"serviceId":"` + id + `","state":"degraded","messageFr":"` + strings.Repeat("x", 2001) + `","messageEn":"x"}`, []string{"messageFr:too_long"}},
	}
	for _, c := range cases {
		r := e.Do(w.op, "POST", w.base+c.path, c.body)
		got := r.FieldCodes()
		slices.Sort(got)
		slices.Sort(c.fields)
		if r.Code != 400 || !slices.Equal(got, c.fields) {
			t.Errorf("%s %.80s: %d %v, want %v", c.path, c.body, r.Code, got, c.fields)
		}
	}
	if r := e.Do(w.op, "POST", w.base+"/events", `{"serviceId":"01NOSUCH","state":"degraded","messageFr":"x","messageEn":"x"}`); r.Code != 404 || r.ErrCode() != "service_not_found" {
		t.Errorf("unknown service: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "POST", "/api/v1/backoffice/organisations/acme/contracts/01NOSUCH/services", `{"name":"X"}`); r.Code != 404 || r.ErrCode() != "contract_not_found" {
		t.Errorf("unknown contract: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "POST", "/api/v1/backoffice/organisations/globex/contracts/"+w.acme.Contract.ID+"/services", `{"name":"X"}`); r.Code != 404 {
		t.Errorf("a contract under another organisation: %d %v", r.Code, r.Body)
	}
	ev := w.must(t, w.op, 201, "POST", w.base+"/events", `{"serviceId":"`+id+`","state":"degraded","messageFr":"x","messageEn":"x"}`).Body
	evPath := w.base + "/events/" + ev["id"].(string)
	if r := e.Do(w.op, "POST", evPath+"/updates", `{"state":"maintenance","messageFr":"x","messageEn":"x"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"state:format"}) {
		t.Errorf("an incident turned maintenance: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "POST", evPath+"/resolve", `{"messageFr":"Rétabli"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"messageEn:required"}) {
		t.Errorf("a closing message in one language: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "DELETE", w.base+"/services/"+id, ""); r.Code != 409 || r.ErrCode() != "service_has_open_events" {
		t.Errorf("delete a service with an open event: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "PUT", w.base+"/services/"+id, `{"name":"API v2","version":7}`); r.Code != 409 || r.ErrCode() != "version_conflict" {
		t.Errorf("a stale service: %d %v", r.Code, r.Body)
	}
	// Renaming a service renames its open events in the weather.
	w.must(t, w.op, 200, "PUT", w.base+"/services/"+id, `{"name":"API v2","version":1}`)
	if s := w.customer(t, w.dashboard); ongoing(s)[0].(map[string]any)["serviceName"] != "API v2" {
		t.Errorf("renamed: %v", s)
	}
	w.must(t, w.op, 200, "POST", evPath+"/resolve", `{}`)
	w.must(t, w.op, 204, "DELETE", w.base+"/services/"+id, "")
	if s := w.customer(t, w.dashboard); len(s["services"].([]any)) != 0 {
		t.Errorf("after the deletion: %v", s)
	}
	// Customers may not write.
	if r := e.Do(w.acme.AdminB, "POST", w.base+"/services", `{"name":"X"}`); r.Code != 403 {
		t.Errorf("a customer administrator creates a service: %d", r.Code)
	}
}

// A contract holds at most MaxOpenEvents open events.
func TestOpenEventsAreBounded(t *testing.T) {
	w := newWeatherEnv(t)
	sv := w.must(t, w.op, 201, "POST", w.base+"/services", `{"name":"API"}`).Body
	body := `{"serviceId":"` + sv["id"].(string) + `","state":"degraded","messageFr":"x","messageEn":"x"}`
	for range portal.MaxOpenEvents {
		w.must(t, w.op, 201, "POST", w.base+"/events", body)
	}
	if r := w.e.Do(w.op, "POST", w.base+"/events", body); r.Code != 409 || r.ErrCode() != "too_many_open_events" {
		t.Fatalf("one more: %d %v", r.Code, r.Body)
	}
}

// kinds lists the kinds of a person's notifications, oldest first.
func (w *weatherEnv) kinds(t *testing.T, orgID, userID string) []string {
	t.Helper()
	p, err := w.e.Store.Notifications(t.Context(), orgID, userID, 100, "", w.e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(p.Items) - 1; i >= 0; i-- {
		out = append(out, string(p.Items[i].Kind))
	}
	return out
}

// A major outage tells the people who may see the contract's Dashboard (and the
// organisation's administrators) when it starts and when it ends: one in-app
// notification and one mail each, however often the outbox is drained; an update
// that keeps it major tells nobody; people without Dashboard hear nothing.
func TestMajorOutageNotifiesOncePerPersonAtItsStartAndEnd(t *testing.T) {
	w := newWeatherEnv(t)
	e := w.e
	dash, err := e.Store.AccountByEmail(t.Context(), "dash@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := e.Store.AccountByEmail(t.Context(), "sheet@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	// Twice, as two drains may run: nobody is told twice.
	drain := func() {
		t.Helper()
		e.DrainEvents()
		e.DrainEvents()
	}
	sv := w.must(t, w.op, 201, "POST", w.base+"/services", `{"name":"API"}`).Body
	body := `{"serviceId":"` + sv["id"].(string) + `","state":"degraded","messageFr":"Lenteurs","messageEn":"Slowness"}`
	ev := w.must(t, w.op, 201, "POST", w.base+"/events", body).Body
	path := w.base + "/events/" + ev["id"].(string)
	drain()
	if got := w.kinds(t, "acme", dash.ID); len(got) != 0 {
		t.Fatalf("a degradation is no outage: %v", got)
	}
	w.must(t, w.op, 200, "POST", path+"/updates", `{"state":"major_outage","messageFr":"Panne de l'API","messageEn":"API down"}`)
	w.must(t, w.op, 200, "POST", path+"/updates", `{"messageFr":"Toujours en panne","messageEn":"Still down"}`)
	drain()
	w.must(t, w.op, 200, "POST", path+"/resolve", `{"messageFr":"Rétabli","messageEn":"Restored"}`)
	drain()
	want := []string{"outage_started", "outage_ended"}
	for _, who := range []struct{ id, email string }{{dash.ID, dash.Email}, {w.acme.Admin.ID, w.acme.Admin.Email}} {
		if got := w.kinds(t, "acme", who.id); !slices.Equal(got, want) {
			t.Errorf("%s: notifications %v, want %v", who.email, got, want)
		}
		var subjects []string
		for _, m := range e.Mails(who.email) {
			if strings.Contains(m.Subject, "API") {
				subjects = append(subjects, m.Subject)
			}
		}
		if len(subjects) != 2 || !strings.Contains(subjects[0], "Major outage on API") || !strings.Contains(subjects[1], "Outage over on API") {
			t.Errorf("%s: mails %v", who.email, subjects)
		}
	}
	if got := w.kinds(t, "acme", sheet.ID); len(got) != 0 {
		t.Errorf("Visitor on Services only, not Dashboard: %v", got)
	}
	for _, email := range []string{"docs@acme.example", "none@acme.example", w.globex.Admin.Email} {
		if m := e.Mails(email); len(m) != 0 {
			t.Errorf("%s was mailed: %v", email, m[0].Subject)
		}
	}
	// A new major outage is a new start.
	ev2 := w.must(t, w.op, 201, "POST", w.base+"/events", strings.Replace(body, "degraded", "major_outage", 1)).Body
	w.must(t, w.op, 200, "POST", w.base+"/events/"+ev2["id"].(string)+"/updates", `{"state":"partial_outage","messageFr":"Mieux","messageEn":"Better"}`)
	drain()
	if got := w.kinds(t, "acme", dash.ID); !slices.Equal(got, append(want, want...)) {
		t.Errorf("a second outage, eased: %v", got)
	}
}

// BenchmarkCustomerWeather reads a contract's weather with five services, an open
// event on each and a resolved one a day over the 90 days.
func BenchmarkCustomerWeather(b *testing.B) {
	e := apitest.NewEnv(b)
	acme := e.Tenant("acme")
	op := e.Browser(e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "operator@guichet.example").Email, apitest.StaffPW)
	base := "/api/v1/backoffice/organisations/acme/contracts/" + acme.Contract.ID
	for i := range 5 {
		sv := e.Do(op, "POST", base+"/services", fmt.Sprintf(`{"name":"Service %d"}`, i)).Body
		for range 18 {
			ev := e.Do(op, "POST", base+"/events", fmt.Sprintf(`{"serviceId":"%s","state":"degraded","messageFr":"x","messageEn":"x"}`, sv["id"])).Body
			e.Do(op, "POST", base+"/events/"+ev["id"].(string)+"/resolve", `{}`)
		}
		e.Do(op, "POST", base+"/events", fmt.Sprintf(`{"serviceId":"%s","state":"major_outage","messageFr":"x","messageEn":"x"}`, sv["id"]))
	}
	path := "/api/v1/contracts/" + acme.Contract.ID + "/weather"
	b.ResetTimer()
	for b.Loop() {
		if r := e.Do(acme.AdminB, "GET", path, ""); r.Code != 200 {
			b.Fatal(r.Code)
		}
	}
}
