package home_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// putWeather stores a contract's current weather as the weather area keeps it.
func putWeather(t *testing.T, e *apitest.Env, orgID, contractID string, state portal.HealthState) {
	t.Helper()
	w := portal.Weather{ContractID: contractID, State: state, Updated: e.Clock.Now(),
		Ongoing: []portal.WeatherEvent{{EventID: "E1", ServiceID: "S1", ServiceName: "Mail", State: state, TitleFR: "Panne", TitleEN: "Outage", Start: e.Clock.Now()}}}
	data, _ := json.Marshal(w)
	if err := e.Store.Table().Transact(context.Background(), table.Put(table.Item{PK: "ORG#" + orgID, SK: "WEATHER#" + contractID, Version: 1, Data: data}, table.Cond{})); err != nil {
		t.Fatal(err)
	}
}

type homeFixture struct {
	e        *apitest.Env
	acme     apitest.Tenant
	op       apitest.As
	many     []portal.Contract // acme's 50 contracts, the tenant's first
	visitor  portal.User       // Visitor on Dashboard of three contracts, None on Documents
	vb       apitest.As
	invoices apitest.As // Manager on Invoices of the first contract
}

func dashboardOnly(l portal.Level) map[portal.Section]portal.Level {
	return map[portal.Section]portal.Level{portal.SectionDashboard: l}
}

// newHome is acme with 50 contracts (the tenant's and 49 more, every tenth an
// "Infogérance" offer), an operator, a Visitor of the Dashboard of three of them,
// and a Manager of the first one's Invoices.
func newHome(t *testing.T) *homeFixture {
	e := apitest.NewEnv(t)
	f := &homeFixture{e: e, acme: e.Tenant("acme")}
	f.many = append(f.many, f.acme.Contract)
	for i := 1; i < 50; i++ {
		c := e.Contract("acme", fmt.Sprintf("CTR-%02d", i), f.acme.Admin.ID)
		if i%10 == 0 {
			c.Offer = "Infogérance"
			if err := e.Store.Table().Transact(context.Background(), store.PutContract(c)); err != nil {
				t.Fatal(err)
			}
			c.Version++
		}
		f.many = append(f.many, c)
	}
	e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "olivia@guichet.example")
	f.op = e.Browser("olivia@guichet.example", apitest.StaffPW)
	f.visitor = e.Person("acme", portal.RoleUser, "Victor", "Visitor", "victor@acme.example")
	for _, c := range f.many[:3] {
		e.Grant("acme", f.visitor.ID, c.ID, dashboardOnly(portal.LevelVisitor), false)
	}
	f.vb = e.Browser(f.visitor.Email, apitest.StaffPW)
	inv := e.Person("acme", portal.RoleUser, "Inès", "Invoices", "ines@acme.example")
	e.Grant("acme", inv.ID, f.many[0].ID, map[portal.Section]portal.Level{portal.SectionInvoices: portal.LevelManager}, false)
	f.invoices = e.Browser(inv.Email, apitest.StaffPW)
	return f
}

func cardIDs(items []map[string]any) []string {
	var out []string
	for _, c := range items {
		out = append(out, c["id"].(string))
	}
	return out
}

func menuOf(c map[string]any) []string {
	var out []string
	for _, m := range c["menu"].([]any) {
		out = append(out, m.(string))
	}
	return out
}

// The dashboard of an administrator of 50 contracts, page after page, and of a
// Visitor of three: each page in at most 4 round trips, the session's included.
func TestDashboardPagesWithinFourTrips(t *testing.T) {
	f := newHome(t)
	e := f.e
	putWeather(t, e, "acme", f.many[1].ID, portal.HealthMajor)
	if r := e.Do(f.op, "PUT", "/api/v1/backoffice/organisations/acme/contracts/"+f.many[1].ID+"/consumption", `{"amount":"123.45"}`); r.Code != 200 {
		t.Fatalf("consumption: %d %v", r.Code, r.Body)
	}
	var seen []string
	cursor := ""
	for page := 0; ; page++ {
		r := e.Do(f.acme.AdminB, "GET", "/api/v1/dashboard?limit=12&cursor="+cursor, "")
		if r.Code != 200 || apitest.TripsOf(t, r) > 4 {
			t.Fatalf("page %d: %d, %s trips", page, r.Code, r.Trips)
		}
		for _, c := range r.Items() {
			if c["id"] == f.many[1].ID {
				w := c["weather"].(map[string]any)
				b := c["budget"].(map[string]any)
				if w["state"] != "major_outage" || apitest.Field(b, "consumed", "minor") != float64(12345) || apitest.Field(b, "consumed", "currency") != "EUR" {
					t.Errorf("the second card: %v", c)
				}
				if c["referent"].(map[string]any)["name"] != "Adèle Admin" || c["reference"] != "CTR-01" || c["offer"] != "Premium" || c["start"] != "2026-01-01" {
					t.Errorf("the second card's details: %v", c)
				}
				if !c["canSetBudget"].(bool) || !slices.Equal(menuOf(c), []string{"sheet", "requests", "catalogue", "users", "subscriptions", "invoices", "documents", "help"}) {
					t.Errorf("an administrator's menu: %v %v", menuOf(c), c["canSetBudget"])
				}
			} else if c["weather"] != nil {
				t.Errorf("a contract without weather shows some: %v", c)
			}
		}
		seen = append(seen, cardIDs(r.Items())...)
		next, _ := r.Body["next"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 50 {
		t.Fatalf("the administrator saw %d contracts, want 50", len(seen))
	}
	r := e.Do(f.vb, "GET", "/api/v1/dashboard", "")
	if r.Code != 200 || apitest.TripsOf(t, r) > 4 {
		t.Fatalf("visitor: %d, %s trips", r.Code, r.Trips)
	}
	want := []string{f.many[0].ID, f.many[1].ID, f.many[2].ID}
	if got := cardIDs(r.Items()); !slices.Equal(got, want) {
		t.Fatalf("the visitor sees %v, want %v", got, want)
	}
	// Visitor on the Dashboard only: the sheet and help, no documents, no budget change.
	c := r.Items()[0]
	if !slices.Equal(menuOf(c), []string{"sheet", "help"}) || c["canSetBudget"].(bool) {
		t.Errorf("the visitor's menu: %v, canSetBudget %v", menuOf(c), c["canSetBudget"])
	}
	// A person with no Dashboard anywhere gets an empty page, not an error; so does
	// the Manager of Invoices alone.
	nobody := e.Person("acme", portal.RoleUser, "Nina", "None", "nina@acme.example")
	if r := e.Do(e.Browser(nobody.Email, apitest.StaffPW), "GET", "/api/v1/dashboard", ""); r.Code != 200 || len(r.Items()) != 0 {
		t.Fatalf("nobody: %d %v", r.Code, r.Body)
	}
	if r := e.Do(f.invoices, "GET", "/api/v1/dashboard", ""); r.Code != 200 || len(r.Items()) != 0 {
		t.Fatalf("invoices only: %d %v", r.Code, r.Body)
	}
	// Operators have no dashboard of their own.
	if r := e.Do(f.op, "GET", "/api/v1/dashboard", ""); r.Code != 403 {
		t.Fatalf("operator: %d", r.Code)
	}
}

// Search by name, reference or offer, folded (case and accents), within the
// contracts the person may see.
func TestDashboardSearch(t *testing.T) {
	f := newHome(t)
	e := f.e
	for q, want := range map[string]int{
		"infogerance": 4, "INFOGÉRANCE": 4, "ctr-4": 10, "ctr-49": 1, "contract ctr-0": 9, "nothing": 0, "ref-acme": 1,
	} {
		r := e.Do(f.acme.AdminB, "GET", "/api/v1/dashboard?limit=30&q="+strings.ReplaceAll(q, " ", "+"), "")
		if r.Code != 200 || len(r.Items()) != want || apitest.TripsOf(t, r) > 4 {
			t.Errorf("q=%s: %d, %d cards (want %d), %s trips", q, r.Code, len(r.Items()), want, r.Trips)
		}
	}
	if r := e.Do(f.vb, "GET", "/api/v1/dashboard?q=ctr-0", ""); len(r.Items()) != 2 {
		t.Errorf("the visitor's search reaches beyond their contracts: %v", cardIDs(r.Items()))
	}
	for _, q := range []string{"limit=0", "limit=34", "limit=x", "q=" + strings.Repeat("a", 101), "cursor=forged"} {
		if r := e.Do(f.acme.AdminB, "GET", "/api/v1/dashboard?"+q, ""); r.Code != 400 {
			t.Errorf("%s: %d %v", q, r.Code, r.Body)
		}
	}
}

// The contract sheet: summary, company, the person's own rights in effect, and
// each part only where their level allows it.
func TestContractSheet(t *testing.T) {
	f := newHome(t)
	e := f.e
	id := f.many[0].ID
	r := e.Do(f.vb, "GET", "/api/v1/contracts/"+id, "")
	if r.Code != 200 || apitest.TripsOf(t, r) > 3 {
		t.Fatalf("visitor's sheet: %d, %s trips %v", r.Code, r.Trips, r.Body)
	}
	show := r.Body["show"].(map[string]any)
	if show["documents"] != false || show["weather"] != true || show["budget"] != true || show["subscriptions"] != false {
		t.Errorf("what the Dashboard visitor is shown: %v", show)
	}
	if apitest.Field(r.Body, "company", "name") != "ACME" || apitest.Field(r.Body, "contract", "reference") != "REF-ACME" {
		t.Errorf("sheet: %v", r.Body)
	}
	levels := map[string]string{}
	for _, row := range apitest.Field(r.Body, "rights", "sections").([]any) {
		m := row.(map[string]any)
		levels[m["section"].(string)] = m["level"].(string)
	}
	if len(levels) != 8 || levels["dashboard"] != "visitor" || levels["documents"] != "none" || levels["invoices"] != "none" {
		t.Errorf("the visitor's own rights: %v", levels)
	}
	// The referent (the administrator) holds Manager everywhere and is told so.
	r = e.Do(f.acme.AdminB, "GET", "/api/v1/contracts/"+id, "")
	if r.Code != 200 || apitest.Field(r.Body, "rights", "administrator") != true || apitest.Field(r.Body, "rights", "referent") != true ||
		apitest.Field(r.Body, "show", "documents") != true {
		t.Errorf("administrator's sheet: %v", r.Body)
	}
	// Invoices alone open no sheet; another contract, or another organisation's, neither.
	if r := e.Do(f.invoices, "GET", "/api/v1/contracts/"+id, ""); r.Code != 403 {
		t.Errorf("invoices only: %d", r.Code)
	}
	if r := e.Do(f.vb, "GET", "/api/v1/contracts/"+f.many[5].ID, ""); r.Code != 403 {
		t.Errorf("a contract the visitor has no right on: %d", r.Code)
	}
	globex := e.Tenant("globex")
	if r := e.Do(f.acme.AdminB, "GET", "/api/v1/contracts/"+globex.Contract.ID, ""); r.Code != 404 {
		t.Errorf("another organisation's contract: %d", r.Code)
	}
	// A person with Contracts but not Dashboard reads the sheet without its weather
	// (the weather area's rule: Dashboard or Services) and its budget.
	reader := e.Person("acme", portal.RoleUser, "Rémi", "Reader", "remi@acme.example")
	e.Grant("acme", reader.ID, id, map[portal.Section]portal.Level{portal.SectionContracts: portal.LevelVisitor}, false)
	r = e.Do(e.Browser(reader.Email, apitest.StaffPW), "GET", "/api/v1/contracts/"+id, "")
	if r.Code != 200 || apitest.Field(r.Body, "contract", "budget") != nil || apitest.Field(r.Body, "show", "budget") != false ||
		apitest.Field(r.Body, "contract", "weather") != nil || apitest.Field(r.Body, "show", "weather") != false {
		t.Errorf("contracts reader's sheet: %d %v", r.Code, r.Body)
	}
}

// Budgets: a Manager of Dashboard or Invoices sets one in the contract's
// currency; a Visitor may not; amounts are checked, and the change is audited.
func TestBudgetRules(t *testing.T) {
	f := newHome(t)
	e := f.e
	path := "/api/v1/contracts/" + f.many[0].ID + "/budget"
	r := e.Do(f.invoices, "PUT", path, `{"amount":"1 250,50"}`)
	if r.Code != 200 || apitest.Field(r.Body, "budget", "minor") != float64(125050) || apitest.Field(r.Body, "budget", "currency") != "EUR" {
		t.Fatalf("the Invoices Manager sets a budget: %d %v", r.Code, r.Body)
	}
	c, err := e.Store.Contract(context.Background(), "acme", f.many[0].ID)
	if err != nil || c.Budget != 125050 {
		t.Fatalf("stored budget: %d %v", c.Budget, err)
	}
	if got := e.AuditActions("acme"); !slices.Contains(got, "contract.budget") {
		t.Errorf("audit: %v", got)
	}
	dash := e.Person("acme", portal.RoleUser, "Dan", "Dash", "dan@acme.example")
	e.Grant("acme", dash.ID, f.many[0].ID, dashboardOnly(portal.LevelManager), false)
	if r := e.Do(e.Browser(dash.Email, apitest.StaffPW), "PUT", path, `{"amount":"900"}`); r.Code != 200 {
		t.Fatalf("the Dashboard Manager: %d %v", r.Code, r.Body)
	}
	if r := e.Do(f.vb, "PUT", path, `{"amount":"900"}`); r.Code != 403 {
		t.Fatalf("a Visitor sets a budget: %d", r.Code)
	}
	if r := e.Do(f.invoices, "PUT", "/api/v1/contracts/"+f.many[1].ID+"/budget", `{"amount":"900"}`); r.Code != 403 {
		t.Fatalf("a Manager of another contract: %d", r.Code)
	}
	if r := e.Do(f.op, "PUT", path, `{"amount":"900"}`); r.Code != 403 {
		t.Fatalf("an operator: %d", r.Code)
	}
	for body, want := range map[string]string{
		`{"amount":"-5"}`:             "amount:amount",
		`{"amount":"1.234"}`:          "amount:amount",
		`{"amount":"abc"}`:            "amount:amount",
		`{"amount":"0"}`:              "amount:amount_positive",
		`{"amount":"0,00"}`:           "amount:amount_positive",
		`{"amount":""}`:               "amount:required",
		`{"amount":"1e5"}`:            "amount:amount",
		`{"amount":"99999999999999"}`: "amount:amount_range",
	} {
		r := e.Do(f.acme.AdminB, "PUT", path, body)
		if r.Code != 400 || apitest.ErrFields(r) != want {
			t.Errorf("%s: %d %v, want %s", body, r.Code, r.Body, want)
		}
	}
	if r := e.Do(f.acme.AdminB, "PUT", path, `{"amount":12.5}`); r.Code != 400 {
		t.Errorf("a JSON number: %d", r.Code)
	}
	c2, _ := e.Store.Contract(context.Background(), "acme", f.many[0].ID)
	if c2.Budget != 90000 {
		t.Errorf("refused changes changed the budget: %d", c2.Budget)
	}
	// The French error names the field's problem in French.
	r = e.Do(f.acme.AdminB, "PUT", path, `{"amount":"0"}`, "Accept-Language", "fr")
	if msg := r.Body["error"].(map[string]any)["fields"].([]any)[0].(map[string]any)["message"]; msg != "Le montant doit être supérieur à zéro." {
		t.Errorf("French field message: %v", msg)
	}
}

// Operators set a month's consumption: checked amounts and months, another
// organisation's contract not found, the vendor's organisation refused.
func TestConsumptionRules(t *testing.T) {
	f := newHome(t)
	e := f.e
	path := "/api/v1/backoffice/organisations/acme/contracts/" + f.many[0].ID + "/consumption"
	if r := e.Do(f.acme.AdminB, "PUT", path, `{"amount":"10"}`); r.Code != 403 {
		t.Fatalf("a customer sets consumption: %d", r.Code)
	}
	r := e.Do(f.op, "PUT", path, `{"month":"2026-10","amount":"0"}`)
	if r.Code != 200 || r.Body["month"] != "2026-10" {
		t.Fatalf("October: %d %v", r.Code, r.Body)
	}
	for body, want := range map[string]string{
		`{"month":"2026-12","amount":"1"}`: "month:month_future",
		`{"month":"2026-13","amount":"1"}`: "month:format",
		`{"month":"26-1","amount":"1"}`:    "month:format",
		`{"amount":"-1"}`:                  "amount:amount",
		`{"amount":""}`:                    "amount:required",
	} {
		r := e.Do(f.op, "PUT", path, body)
		if r.Code != 400 || apitest.ErrFields(r) != want {
			t.Errorf("%s: %d %v, want %s", body, r.Code, r.Body, want)
		}
	}
	if r := e.Do(f.op, "PUT", "/api/v1/backoffice/organisations/globex/contracts/"+f.many[0].ID+"/consumption", `{"amount":"1"}`); r.Code != 404 {
		t.Errorf("acme's contract under globex: %d", r.Code)
	}
	if r := e.Do(f.op, "PUT", "/api/v1/backoffice/organisations/vendor/contracts/"+f.many[0].ID+"/consumption", `{"amount":"1"}`); r.Code != 404 {
		t.Errorf("the vendor: %d", r.Code)
	}
	// The gauge: budget 1,000, 850 consumed on 23 November (day 23 of 30).
	if r := e.Do(f.acme.AdminB, "PUT", "/api/v1/contracts/"+f.many[0].ID+"/budget", `{"amount":"1000"}`); r.Code != 200 {
		t.Fatal(r.Body)
	}
	r = e.Do(f.op, "PUT", path, `{"amount":"850"}`)
	if r.Code != 200 || r.Body["percent"] != float64(85) || apitest.Field(r.Body, "forecast", "minor") != float64(85000*30/23) {
		t.Fatalf("gauge: %v", r.Body)
	}
	reached := fmt.Sprint(r.Body["reached"])
	if reached != "[80 forecast]" {
		t.Errorf("reached: %s", reached)
	}
	// Both alerts are queued once, to the administrator and the Manager of Invoices,
	// not to the Visitor; writing the same figure again queues nothing more.
	e.Do(f.op, "PUT", path, `{"amount":"850"}`)
	events, _, err := e.Store.DueEvents(context.Background(), e.Clock.Now(), 50, "")
	if err != nil || len(events) != 2 {
		t.Fatalf("queued events: %d %v", len(events), err)
	}
	for _, ev := range events {
		if ev.Kind != portal.EventBudgetThreshold || len(ev.UserIDs) != 2 || slices.Contains(ev.UserIDs, f.visitor.ID) || ev.Params["percent"] != "85" {
			t.Errorf("event: %+v", ev)
		}
	}
	d := e.Do(f.vb, "GET", "/api/v1/dashboard", "")
	if p := apitest.Field(d.Items()[0], "budget", "percent"); p != float64(85) {
		t.Errorf("the card's gauge: %v", d.Items()[0]["budget"])
	}
}

// Operators set a contract's currency when they create it; EUR by default.
func TestContractCurrency(t *testing.T) {
	f := newHome(t)
	e := f.e
	path := "/api/v1/backoffice/organisations/acme/contracts"
	body := func(ref, cur string) string {
		return fmt.Sprintf(`{"name":"N","reference":%q,"start":"2026-01-01","referentId":%q,"currency":%q}`, ref, f.acme.Admin.ID, cur)
	}
	if r := e.Do(f.op, "POST", path, body("USD-1", "USD")); r.Code != 201 || r.Body["currency"] != "USD" {
		t.Fatalf("USD: %d %v", r.Code, r.Body)
	}
	if r := e.Do(f.op, "POST", path, body("DEF-1", "")); r.Code != 201 || r.Body["currency"] != "EUR" {
		t.Fatalf("default: %d %v", r.Code, r.Body)
	}
	if r := e.Do(f.op, "POST", path, body("BAD-1", "XYZ")); r.Code != 400 || apitest.ErrFields(r) != "currency:currency" {
		t.Fatalf("XYZ: %d %v", r.Code, r.Body)
	}
	r := e.Do(f.acme.AdminB, "GET", "/api/v1/dashboard?q=usd-1", "")
	if len(r.Items()) != 1 || apitest.Field(r.Items()[0], "budget", "consumed", "currency") != "USD" || r.Items()[0]["currency"] != "USD" {
		t.Fatalf("the USD card: %v", r.Body)
	}
}

// Operators' updates of the aggregate racing through the API: each lands, and the
// month's 80 %, 100 % and forecast alerts are each queued once.
func TestConcurrentConsumptionAlertsOnce(t *testing.T) {
	f := newHome(t)
	e := f.e
	id := f.many[0].ID
	if r := e.Do(f.acme.AdminB, "PUT", "/api/v1/contracts/"+id+"/budget", `{"amount":"1000"}`); r.Code != 200 {
		t.Fatal(r.Body)
	}
	path := "/api/v1/backoffice/organisations/acme/contracts/" + id + "/consumption"
	var wg sync.WaitGroup
	codes := make(chan int, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- e.Do(f.op, "PUT", path, fmt.Sprintf(`{"amount":"%d"}`, 900+i*30)).Code
		}()
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != 200 {
			t.Fatalf("an update answered %d", c)
		}
	}
	events, _, err := e.Store.DueEvents(context.Background(), e.Clock.Now(), 50, "")
	if err != nil {
		t.Fatal(err)
	}
	var alerts []string
	for _, ev := range events {
		alerts = append(alerts, ev.Params["alert"])
	}
	slices.Sort(alerts)
	if !slices.Equal(alerts, []string{"100", "80", "forecast"}) {
		t.Fatalf("alerts queued: %v", alerts)
	}
}
