package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/table"
)

// The demo organisation's dashboard is alive: five contracts, in four currencies,
// one near 80 %, one over budget, one whose forecast is over, one without a
// budget, and the alerts they reached marked sent; the demo user sees the
// collaboration contract's Dashboard but not its Documents.
func TestDemoDashboardHasBudgetsNearAndOverTheirThresholds(t *testing.T) {
	s := newStore(t, table.Options{})
	ctx := context.Background()
	now := time.Date(2026, 11, 9, 10, 0, 0, 0, time.UTC)
	if _, err := seed.Demo(ctx, s, now); err != nil {
		t.Fatal(err)
	}
	contracts, _, err := s.ContractsPage(ctx, seed.DemoOrgID, nil, 50, "")
	if err != nil || len(contracts) != 5 {
		t.Fatalf("%d demo contracts, %v", len(contracts), err)
	}
	want := map[string]struct {
		percent int64
		sent    []portal.BudgetAlert
	}{
		"DEMO-2026-001": {18, nil},
		"DEMO-2026-002": {84, []portal.BudgetAlert{portal.BudgetAlert80, portal.BudgetAlertForecast}},
		"DEMO-2026-003": {109, []portal.BudgetAlert{portal.BudgetAlert80, portal.BudgetAlert100, portal.BudgetAlertForecast}},
		"DEMO-2026-004": {90, []portal.BudgetAlert{portal.BudgetAlert80, portal.BudgetAlertForecast}},
		"DEMO-2026-005": {0, nil},
	}
	for _, c := range contracts {
		st, err := s.BudgetState(ctx, seed.DemoOrgID, c.ID, "2026-11")
		if err != nil {
			t.Fatal(err)
		}
		b := portal.BudgetOf(st.Contract, st.Consumed, "2026-11", now)
		w := want[c.Reference]
		if b.Percent != w.percent || len(st.Sent) != len(w.sent) {
			t.Errorf("%s: %d %%, sent %v; want %d %%, %v", c.Reference, b.Percent, st.Sent, w.percent, w.sent)
		}
		for _, a := range w.sent {
			if !st.Sent[a] {
				t.Errorf("%s: %s not sent", c.Reference, a)
			}
		}
	}
	user, _ := s.AccountByEmail(ctx, seed.DemoAccounts[2].Email)
	ur, _ := s.Rights(ctx, seed.DemoOrgID, user.ID)
	collab := ur.Contracts["DEMOCONTRACT0000000000003"]
	if collab.Level(portal.SectionDashboard) != portal.LevelVisitor || collab.Level(portal.SectionDocuments) != portal.LevelNone {
		t.Errorf("the demo user on the collaboration contract: %+v", collab)
	}
}
