package home

import (
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/budget"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// amountBody carries an amount as people type it ("1 250,50"): text, never a JSON
// number, which a client would have made from a float.
type amountBody struct {
	Amount string `json:"amount"`
}

// amountField reads an amount of at most two decimals into f, refusing zero when
// positive is set.
func amountField(f *portal.Fields, s string, positive bool) int64 {
	if s == "" {
		f.Add("amount", "required")
		return 0
	}
	n, err := portal.ParseAmount(s)
	switch {
	case err != nil:
		f.Add("amount", portal.CodeOf(err))
	case positive && n == 0:
		f.Add("amount", "amount_positive")
	}
	return n
}

// budgetAudit is the audit entry of a change of a contract's budget or consumption:
// the amounts before and after, in the contract's currency.
func (d *deps) budgetAudit(r *http.Request, action string, before, after int64) budget.Also {
	return func(st store.BudgetState) []table.Op {
		cur := st.Contract.CurrencyOrDefault()
		return []table.Op{d.Audit(r.Context(), st.Contract.OrgID, action, "contract:"+st.Contract.ID,
			map[string]string{"amount": portal.Decimal(before), "currency": cur, "name": st.Contract.Name},
			map[string]string{"amount": portal.Decimal(after), "currency": cur, "name": st.Contract.Name})}
	}
}

// setBudget sets a contract's monthly budget, in its currency, for a Manager of its
// Dashboard or of its Invoices, and answers the month's budget gauge. Crossing a
// threshold by lowering the budget alerts the Managers as consumption would.
func (d *deps) setBudget(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return err
	}
	if p, err = d.WithRights(r.Context(), p); err != nil {
		return err
	}
	if !managesBudget(p, id) {
		return portal.E(portal.Forbidden, "forbidden", "not allowed")
	}
	var in amountBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	minor := amountField(&f, in.Amount, true)
	if err := f.Err(); err != nil {
		return err
	}
	audit := func(st store.BudgetState) []table.Op {
		return d.budgetAudit(r, "contract.budget", st.Contract.Budget, minor)(st)
	}
	_, b, err := d.budgets().SetBudget(r.Context(), p.OrgID, id, minor, audit)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, b)
}

// consumptionBody is an operator's figure of what a contract consumed in a month
// (the current one when Month is empty).
type consumptionBody struct {
	Month  string `json:"month"`
	Amount string `json:"amount"`
}

// setConsumption sets what a customer's contract consumed in a month, for
// operators (and, through the same budget service, the billing run later), and
// answers that month's budget gauge. Zero is a consumption like any other.
func (d *deps) setConsumption(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, true); err != nil {
		return err
	}
	orgID, err := httpapi.PathID(r, "orgId")
	if err == nil && !portal.IsCustomerOrg(orgID) {
		err = portal.E(portal.NotFound, "organisation_not_found", "no such organisation")
	}
	if err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return err
	}
	var in consumptionBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	now := d.Time()
	month := in.Month
	if month == "" {
		month = portal.MonthOf(now)
	} else if m, err := time.Parse("2006-01", month); err != nil || m.Format("2006-01") != month {
		f.Add("month", "format")
	} else if month > portal.MonthOf(now) {
		f.Add("month", "month_future")
	}
	minor := amountField(&f, in.Amount, false)
	if err := f.Err(); err != nil {
		return err
	}
	audit := func(st store.BudgetState) []table.Op {
		return d.budgetAudit(r, "contract.consumption", st.Consumed, minor)(st)
	}
	_, b, err := d.budgets().SetConsumption(r.Context(), orgID, id, month, minor, audit)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, b)
}
