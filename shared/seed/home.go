package seed

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/budget"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// demoBudget is a demo contract with its monthly budget and what it consumed this
// month, both in minor units of its currency: a fixed amount, or daily for each day
// elapsed, so that its forecast is the same whatever the day the demo is seeded.
type demoBudget struct {
	contract portal.Contract
	consumed int64
	daily    int64
	// userSections are the demo user's levels on it; nil leaves their rights alone.
	userSections map[portal.Section]portal.Level
}

// demoBudgets are the demo organisation's contracts as the dashboard shows them:
// the first contract well within budget, one near 80 %, one over its budget, one
// whose forecast goes over, one without a budget. The demo user sees the Dashboard
// of the contracts they have levels on; on the collaboration contract they have no
// Documents, so it shows on their dashboard without its documents.
var demoBudgets = []demoBudget{
	{contract: portal.Contract{ID: DemoContract.ID, Budget: 3000_00}, daily: 60_00},
	{contract: portal.Contract{ID: "DEMOCONTRACT0000000000002", Name: "Hébergement cloud", Reference: "DEMO-2026-002", Offer: "Infogérance",
		Start: "2026-03-01", End: "2029-02-28", Budget: 5000_00}, consumed: 4210_00,
		userSections: map[portal.Section]portal.Level{portal.SectionDashboard: portal.LevelManager, portal.SectionDocuments: portal.LevelVisitor,
			portal.SectionServices: portal.LevelVisitor, portal.SectionInvoices: portal.LevelVisitor}},
	{contract: portal.Contract{ID: "DEMOCONTRACT0000000000003", Name: "Messagerie collaborative", Reference: "DEMO-2026-003", Offer: "Essentiel",
		Start: "2025-09-01", Currency: "USD", Budget: 1200_00}, consumed: 1318_40,
		userSections: map[portal.Section]portal.Level{portal.SectionDashboard: portal.LevelVisitor}},
	{contract: portal.Contract{ID: "DEMOCONTRACT0000000000004", Name: "Sauvegarde externalisée", Reference: "DEMO-2026-004", Offer: "Premium",
		Start: "2026-06-15", End: "2027-06-14", Currency: "GBP", Budget: 800_00}, daily: 80_00},
	{contract: portal.Contract{ID: "DEMOCONTRACT0000000000005", Name: "Réseau et sécurité", Reference: "DEMO-2026-005", Offer: "Entreprise",
		Start: "2024-01-01", End: "2026-12-31", Currency: "CHF"}, consumed: 2150_00},
}

// demoHome writes the demo organisation's further contracts, their budgets and
// this month's consumption, through the budget rules, so that the thresholds they
// reach alert the contracts' Managers as they would in use.
func demoHome(ctx context.Context, s *store.Store, now time.Time) error {
	admin, err := s.AccountByEmail(ctx, DemoAccounts[1].Email)
	if err != nil {
		return err
	}
	user, err := s.AccountByEmail(ctx, DemoAccounts[2].Email)
	if err != nil {
		return err
	}
	svc := &budget.Service{Store: s, Now: func() time.Time { return now }}
	none := func(store.BudgetState) []table.Op { return nil }
	for i, d := range demoBudgets {
		c := d.contract
		if i > 0 {
			if err := demoHomeContract(ctx, s, c, admin.ID, user.ID, d.userSections, now); err != nil {
				return err
			}
		}
		if _, _, err := svc.SetBudget(ctx, DemoOrgID, c.ID, c.Budget, none); err != nil {
			return err
		}
		consumed := d.consumed + d.daily*int64(now.UTC().Day())
		if _, _, err := svc.SetConsumption(ctx, DemoOrgID, c.ID, portal.MonthOf(now), consumed, none); err != nil {
			return err
		}
	}
	return nil
}

// demoHomeContract writes one further demo contract, the administrator its
// referent and the demo user holding sections, unless a previous run wrote it.
func demoHomeContract(ctx context.Context, s *store.Store, c portal.Contract, adminID, userID string, sections map[portal.Section]portal.Level, now time.Time) error {
	c.OrgID, c.ReferentID, c.Created = DemoOrgID, adminID, now
	ar, err := s.Rights(ctx, DemoOrgID, adminID)
	if err != nil {
		return err
	}
	ops := []table.Op{store.PutRights(ar.With(c.ID, portal.ContractRights{Referent: true}))}
	if sections != nil {
		ur, err := s.Rights(ctx, DemoOrgID, userID)
		if err != nil {
			return err
		}
		ops = append(ops, store.PutRights(ur.With(c.ID, portal.ContractRights{Sections: sections})))
	}
	err = s.CreateContract(ctx, c, ops...)
	if portal.Is(err, portal.Conflict) {
		return nil // another run wrote it
	}
	return err
}
