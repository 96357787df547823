// Package budget holds the rules of a contract's monthly budget: a Manager sets it,
// operators (and later the billing run) set the month's consumption, and either
// change sends the budget alerts the month reaches (80 %, 100 %, a forecast over
// budget) to the contract's Managers, each once per contract and month.
package budget

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/guichet/guichet/shared/notify"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Service applies budget and consumption changes.
type Service struct {
	Store *store.Store
	Now   func() time.Time
}

// AlertSections are the sections whose Managers hear about a contract's budget.
var AlertSections = []portal.Section{portal.SectionDashboard, portal.SectionInvoices}

// attempts bounds the retries of a change that lost a race with another: each
// round, at least one of the racing changes wins.
const attempts = 20

// errBusy answers a change that lost its race attempts times in a row.
var errBusy = portal.E(portal.Conflict, "busy", "the contract changed too often meanwhile; try again")

// Also returns the steps written with a change (an audit entry), given the state
// before it.
type Also func(before store.BudgetState) []table.Op

// SetBudget sets contract contractID's monthly budget to minor units of its
// currency, with what also adds, and sends the alerts the current month then
// reaches.
func (s *Service) SetBudget(ctx context.Context, orgID, contractID string, minor int64, also Also) (portal.Contract, portal.Budget, error) {
	return s.apply(ctx, orgID, contractID, portal.MonthOf(s.Now()), func(st *store.BudgetState) []table.Op {
		before := *st
		st.Contract.Budget = minor
		op := store.PutContract(st.Contract)
		st.Contract.Version++
		return append([]table.Op{op}, also(before)...)
	})
}

// SetConsumption sets what contract contractID consumed in month ("YYYY-MM") to
// minor units of its currency, with what also adds, and sends the alerts the month
// then reaches.
func (s *Service) SetConsumption(ctx context.Context, orgID, contractID, month string, minor int64, also Also) (portal.Contract, portal.Budget, error) {
	return s.apply(ctx, orgID, contractID, month, func(st *store.BudgetState) []table.Op {
		before := *st
		c := portal.Consumption{ContractID: contractID, Month: month,
			Amount: portal.Money{Minor: minor, Currency: st.Contract.CurrencyOrDefault()}, Updated: s.Now().UTC()}
		op := store.PutConsumption(orgID, c, st.ConsumedVersion)
		st.Consumed, st.ConsumedVersion = minor, st.ConsumedVersion+1
		return append([]table.Op{op}, also(before)...)
	})
}

// apply reads the state of a contract's month, makes change's steps on it, and adds
// for each alert the month reaches and has not sent its marker (on the condition
// that it is absent) and its notification, in one transaction. A transaction that
// lost a race (the aggregate, the contract or a marker written meanwhile) is made
// again from a fresh read, so concurrent changes each count and an alert goes once.
func (s *Service) apply(ctx context.Context, orgID, contractID, month string, change func(st *store.BudgetState) []table.Op) (portal.Contract, portal.Budget, error) {
	var recipients []string
	for range attempts {
		st, err := s.Store.BudgetState(ctx, orgID, contractID, month)
		if err != nil {
			return portal.Contract{}, portal.Budget{}, err
		}
		ops := change(&st)
		now := s.Now()
		b := portal.BudgetOf(st.Contract, st.Consumed, month, now)
		for _, a := range b.Reached {
			if st.Sent[a] {
				continue
			}
			if recipients == nil {
				if recipients, err = s.managers(ctx, orgID, contractID); err != nil {
					return portal.Contract{}, portal.Budget{}, err
				}
			}
			op, err := notice(st.Contract, a, b, recipients, now)
			if err != nil {
				return portal.Contract{}, portal.Budget{}, err
			}
			ops = append(ops, store.MarkBudgetAlert(orgID, contractID, month, a), op)
		}
		err = s.Store.Table().Transact(ctx, ops...)
		if portal.Is(err, portal.Conflict) {
			continue
		}
		return st.Contract, b, err
	}
	return portal.Contract{}, portal.Budget{}, errBusy
}

// managers lists who hears about a contract's budget: its Managers on each of
// AlertSections and the organisation's administrators. Only an alert, rare by
// design (three a month at most), reads them.
func (s *Service) managers(ctx context.Context, orgID, contractID string) ([]string, error) {
	var out []string
	for _, sec := range AlertSections {
		ids, err := s.Store.ContractAudience(ctx, orgID, contractID, sec, portal.LevelManager)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// notice is the event of alert a on contract c, whose budget of the month is b, to
// recipients: the kind budget_threshold, whose mail template and portal text read
// these params. Amounts are decimals with the currency's code; the portal formats
// them for its reader.
func notice(c portal.Contract, a portal.BudgetAlert, b portal.Budget, recipients []string, now time.Time) (table.Op, error) {
	return notify.Enqueue(notify.Event{Kind: portal.EventBudgetThreshold, OrgID: c.OrgID, ContractID: c.ID,
		To: notify.Audience{UserIDs: recipients}, Link: "/contracts/" + c.ID,
		Params: map[string]string{"alert": string(a), "contract": c.Name, "reference": c.Reference, "month": b.Month,
			"monthFr": monthIn(b.Month, frenchMonths), "monthEn": monthIn(b.Month, englishMonths),
			"percent": strconv.FormatInt(b.Percent, 10), "consumed": portal.Decimal(b.Consumed.Minor), "budget": portal.Decimal(b.Budget.Minor),
			"forecast": portal.Decimal(b.Forecast.Minor), "currency": b.Budget.Currency}}, now)
}

var (
	frenchMonths  = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	englishMonths = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// monthIn names a month ("YYYY-MM") as people read it: "novembre 2026",
// "November 2026".
func monthIn(month string, names [12]string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	return names[t.Month()-1] + " " + strconv.Itoa(t.Year())
}
