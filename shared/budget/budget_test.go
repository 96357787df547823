package budget_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/budget"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

type fixture struct {
	s   *store.Store
	svc *budget.Service
	c   portal.Contract
	now time.Time
}

// newFixture is an organisation with an administrator, a Manager on Invoices, a
// Manager on Dashboard, a Visitor, and a contract of budget 1,000.00 EUR, on
// 10 November 2026 (day 10 of 30).
func newFixture(t *testing.T) *fixture {
	d, err := bolt.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	tb := table.New(d, table.Options{CursorSecret: []byte("t"), Now: func() time.Time { return now }})
	t.Cleanup(func() { tb.Close() })
	s := store.New(tb)
	ctx := context.Background()
	if err := s.CreateOrganisation(ctx, portal.Organisation{ID: "acme", Name: "ACME", Created: now}); err != nil {
		t.Fatal(err)
	}
	people := map[string]portal.Role{"admin": portal.RoleAdmin, "inv": portal.RoleUser, "dash": portal.RoleUser, "visitor": portal.RoleUser}
	for id, role := range people {
		u := portal.User{ID: id, OrgID: "acme", Email: id + "@acme.example", Login: id + ".acme", FirstName: id, LastName: "X", Role: role, Status: portal.StatusReady}
		if err := s.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
	}
	c := portal.Contract{ID: "C1", OrgID: "acme", Name: "Hosting", Reference: "H-1", Start: "2026-01-01", ReferentID: "visitor", Budget: 100000, Created: now}
	grant := func(user string, s portal.Section, l portal.Level) table.Op {
		return store.PutRights(store.UserRights{OrgID: "acme", UserID: user}.With(c.ID, portal.ContractRights{Sections: map[portal.Section]portal.Level{s: l}, Referent: user == "visitor"}))
	}
	if err := s.CreateContract(ctx, c, grant("inv", portal.SectionInvoices, portal.LevelManager), grant("dash", portal.SectionDashboard, portal.LevelManager),
		grant("visitor", portal.SectionInvoices, portal.LevelVisitor)); err != nil {
		t.Fatal(err)
	}
	svc := &budget.Service{Store: s, Now: func() time.Time { return now }}
	return &fixture{s: s, svc: svc, c: c, now: now}
}

// sent reads the budget events queued in the outbox: the notifications sent.
func (f *fixture) sent(t *testing.T) []store.OutboxEvent {
	events, _, err := f.s.DueEvents(context.Background(), f.now, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Kind != portal.EventBudgetThreshold || e.Link != "/contracts/C1" || e.Params["contract"] != "Hosting" || e.Params["currency"] != "EUR" ||
			(e.Params["month"] == "2026-11" && (e.Params["monthFr"] != "novembre 2026" || e.Params["monthEn"] != "November 2026")) {
			t.Errorf("event: %+v", e)
		}
	}
	return events
}

func alertsOf(es []store.OutboxEvent) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Params["alert"])
	}
	slices.Sort(out)
	return out
}

// Concurrent updates of the aggregate that all cross 80 % and 100 %: every update
// lands, and each alert is sent once, to the Managers of Dashboard or Invoices and
// the administrators, not to the Visitor.
func TestAlertsGoOnceUnderConcurrentUpdates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// 850.00 to 1,000.15: all over 80 %, the later ones over 100 %.
			_, _, err := f.svc.SetConsumption(ctx, "acme", "C1", "2026-11", 85000+int64(i)*1001, func(store.BudgetState) []table.Op { return nil })
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got := f.sent(t)
	if a := alertsOf(got); !slices.Equal(a, []string{"100", "80", "forecast"}) {
		t.Fatalf("alerts sent: %v, want 80, 100 and forecast once each", a)
	}
	for _, e := range got {
		if !slices.Equal(e.UserIDs, []string{"admin", "dash", "inv"}) {
			t.Errorf("alert %s went to %v", e.Params["alert"], e.UserIDs)
		}
	}
	// Another update the same month sends nothing more.
	if _, _, err := f.svc.SetConsumption(ctx, "acme", "C1", "2026-11", 120000, func(store.BudgetState) []table.Op { return nil }); err != nil {
		t.Fatal(err)
	}
	if len(f.sent(t)) != 3 {
		t.Fatalf("a later update sent again: %v", alertsOf(f.sent(t)))
	}
	// The next month starts afresh.
	if _, _, err := f.svc.SetConsumption(ctx, "acme", "C1", "2026-10", 90000, func(store.BudgetState) []table.Op { return nil }); err != nil {
		t.Fatal(err)
	}
	if a := alertsOf(f.sent(t)); len(a) != 4 || !slices.Contains(a, "80") {
		t.Fatalf("October's 90 %% sent: %v", a)
	}
}

// The thresholds and the forecast, one by one: 70 % on day 10 of 30 forecasts
// 210 % (forecast alert only), 80 % then adds its own, a budget lowered under
// consumption adds 100 %.
func TestThresholdsAndForecast(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	none := func(store.BudgetState) []table.Op { return nil }
	_, b, err := f.svc.SetConsumption(ctx, "acme", "C1", "2026-11", 20000, none)
	if err != nil {
		t.Fatal(err)
	}
	// 200.00 on day 10 of 30: 600.00 at the month's end, under budget.
	if b.Forecast.Minor != 60000 || b.Percent != 20 || len(b.Reached) != 0 || len(f.sent(t)) != 0 {
		t.Fatalf("20 %%: %+v, sent %v", b, f.sent(t))
	}
	if _, b, err = f.svc.SetConsumption(ctx, "acme", "C1", "2026-11", 70000, none); err != nil {
		t.Fatal(err)
	}
	if b.Forecast.Minor != 210000 || !slices.Equal(alertsOf(f.sent(t)), []string{"forecast"}) {
		t.Fatalf("70 %%: %+v, sent %v", b, alertsOf(f.sent(t)))
	}
	if _, _, err = f.svc.SetConsumption(ctx, "acme", "C1", "2026-11", 80000, none); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(alertsOf(f.sent(t)), []string{"80", "forecast"}) {
		t.Fatalf("80 %%: sent %v", alertsOf(f.sent(t)))
	}
	c, b, err := f.svc.SetBudget(ctx, "acme", "C1", 75000, none)
	if err != nil {
		t.Fatal(err)
	}
	if c.Budget != 75000 || b.Percent != 106 || !slices.Equal(alertsOf(f.sent(t)), []string{"100", "80", "forecast"}) {
		t.Fatalf("budget lowered: %+v %+v, sent %v", c, b, alertsOf(f.sent(t)))
	}
	if _, _, err := f.svc.SetBudget(ctx, "acme", "NOPE", 1, none); !portal.Is(err, portal.NotFound) {
		t.Fatalf("unknown contract: %v", err)
	}
}

func TestForecastAndDays(t *testing.T) {
	at := time.Date(2024, 2, 1, 23, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		consumed int64
		month    string
		now      time.Time
		want     int64
	}{
		{100, "2024-02", at, 2900},                                             // day 1 of a leap February
		{100, "2024-02", at.AddDate(0, 0, 28), 100},                            // 29 February: the whole month
		{3333, "2026-11", time.Date(2026, 11, 7, 0, 0, 0, 0, time.UTC), 14284}, // rounded down
		{500, "2026-10", time.Date(2026, 11, 7, 0, 0, 0, 0, time.UTC), 500},    // a past month is over
	} {
		if got := portal.Forecast(c.consumed, c.month, c.now); got != c.want {
			t.Errorf("Forecast(%d, %s, %s) = %d, want %d", c.consumed, c.month, c.now, got, c.want)
		}
	}
	if portal.DaysIn("2026-02") != 28 || portal.DaysIn("2024-02") != 29 || portal.DaysIn("junk") != 0 {
		t.Error("DaysIn")
	}
	if r := portal.BudgetReached(0, 1_000_000, "2026-11", at); r != nil {
		t.Errorf("no budget reaches nothing: %v", r)
	}
	// 79.99 % is under 80 %; 80 % exactly reaches it.
	if r := portal.BudgetReached(10000, 7999, "2024-01", at); len(r) != 0 {
		t.Errorf("79.99 %%: %v", r)
	}
	if r := portal.BudgetReached(10000, 8000, "2024-01", at); !slices.Equal(r, []portal.BudgetAlert{portal.BudgetAlert80}) {
		t.Errorf("80 %%: %v", r)
	}
}
