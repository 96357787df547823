// Package home is the contracts home: the dashboard of the contracts a person may
// see, a contract's sheet, the monthly budget its Managers set, and the operators'
// update of a contract's monthly consumption, which the budget gauge and its alerts
// read.
package home

import (
	"net/http"
	"strings"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/budget"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// Home serves the dashboard, the contract sheet and budgets to customers, and the
// consumption update to operators.
var Home = httpapi.Feature{Name: "home", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/dashboard", d.dashboard)
	rt.Handle("GET /api/v1/contracts/{id}", d.sheet)
	rt.Handle("PUT /api/v1/contracts/{id}/budget", d.setBudget)
	rt.Handle("PUT /api/v1/backoffice/organisations/{orgId}/contracts/{id}/consumption", d.setConsumption)
}}

type deps struct{ *httpapi.Deps }

// budgets is the budget service over the area's dependencies.
func (d *deps) budgets() *budget.Service {
	return &budget.Service{Store: d.Store, Now: d.Time}
}

// The dashboard's page sizes: a page's weather, consumption and referents are read
// in one round trip, which bounds it.
const (
	defaultCards = 12
	maxCards     = store.MaxCards
)

// allows reports whether p may do a on section s of contract id.
func allows(p portal.Principal, a auth.Action, id string, s portal.Section) bool {
	return auth.Allow(p, a, auth.Resource{OrgID: p.OrgID, ContractID: id, Section: s}) == nil
}

// menuEntry is one entry of a contract's contextual menu and what allows it.
type menuEntry struct {
	key    string
	allows func(p portal.Principal, id string) bool
}

func readsSection(s portal.Section) func(p portal.Principal, id string) bool {
	return func(p portal.Principal, id string) bool { return allows(p, auth.ActSectionRead, id, s) }
}

// menu lists the entries of the contextual menu in display order. Requests are the
// contract's support requests: its supported users open them, its Support visitors
// follow them. The catalogue is the Services section's, as the catalogue area
// decides (Visitors browse it, Managers order). Help is for everyone who sees the
// card.
var menu = []menuEntry{
	{"sheet", func(portal.Principal, string) bool { return true }},
	{"requests", func(p portal.Principal, id string) bool {
		return readsSection(portal.SectionSupport)(p, id) || auth.Allow(p, auth.ActSupportCases, auth.Resource{OrgID: p.OrgID, ContractID: id}) == nil
	}},
	{"catalogue", readsSection(portal.SectionServices)},
	{"users", readsSection(portal.SectionUsers)},
	{"subscriptions", readsSection(portal.SectionServices)},
	{"invoices", readsSection(portal.SectionInvoices)},
	{"documents", readsSection(portal.SectionDocuments)},
	{"help", func(portal.Principal, string) bool { return true }},
}

// menuOf is the entries of contract id's menu that p's rights allow.
func menuOf(p portal.Principal, id string) []string {
	out := []string{}
	for _, m := range menu {
		if m.allows(p, id) {
			out = append(out, m.key)
		}
	}
	return out
}

// managesBudget reports whether p may set contract id's budget: Manager on its
// Dashboard or on its Invoices.
func managesBudget(p portal.Principal, id string) bool {
	return allows(p, auth.ActSectionManage, id, portal.SectionDashboard) || allows(p, auth.ActSectionManage, id, portal.SectionInvoices)
}

// person is someone named on a card.
type person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// card is one contract of the dashboard.
type card struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Reference string `json:"reference"`
	Offer     string `json:"offer"`
	Start     string `json:"start"`
	End       string `json:"end"`
	Currency  string `json:"currency"`
	Referent  person `json:"referent"`
	// Weather is null while operators declared nothing on the contract.
	Weather *portal.Weather `json:"weather"`
	// Budget is null on a contract sheet whose reader may see neither its Dashboard
	// nor its Invoices.
	Budget *portal.Budget `json:"budget"`
	// Menu lists the contextual menu's entries the person's rights allow.
	Menu         []string `json:"menu"`
	CanSetBudget bool     `json:"canSetBudget"`
}

// cardOf builds contract c's card for p from the details read with it.
func (d *deps) cardOf(p portal.Principal, c portal.Contract, det store.ContractDetails, month string) card {
	k := card{ID: c.ID, Name: c.Name, Reference: c.Reference, Offer: c.Offer, Start: c.Start, End: c.End, Currency: c.CurrencyOrDefault(),
		Referent: person{ID: c.ReferentID, Name: det.Names[c.ReferentID]}, Menu: menuOf(p, c.ID), CanSetBudget: managesBudget(p, c.ID)}
	b := portal.BudgetOf(c, det.Consumed[c.ID], month, d.Time())
	k.Budget = &b
	if w, ok := det.Weather[c.ID]; ok {
		// The stored state dates from the last event change; a planned maintenance
		// begins or ends without one, so the state is judged at the answer's time.
		w.State = w.StateAt(d.Time())
		k.Weather = &w
	}
	return k
}

// matches reports whether contract c's name, reference or offer contains the
// folded search term.
func matches(c portal.Contract, term string) bool {
	return strings.Contains(store.SearchKey(c.Name+"\x00"+c.Reference+"\x00"+c.Offer), term)
}

// dashboard answers one page of the cards of the contracts on whose Dashboard the
// person holds at least Visitor (administrators: every contract), searched by name,
// reference or offer (?q=), in creation order, in at most four round trips: the
// session, the person's rights, the organisation's contracts, then the page's
// weather, consumption and referents in one read. A searched or filtered page may
// be short while a cursor remains (the contracts are read 200 at a time).
func (d *deps) dashboard(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	var f portal.Fields
	term := store.SearchKey(httpapi.SearchParam(&f, v))
	limit, cursor, err := httpapi.PageParams(v, defaultCards, maxCards)
	if err != nil {
		return err
	}
	if err := f.Err(); err != nil {
		return err
	}
	if p, err = d.WithRights(r.Context(), p); err != nil {
		return err
	}
	cards := []card{}
	if p.Role != portal.RoleAdmin && !seesAnyDashboard(p) {
		return httpapi.Reply(w, httpapi.Page[card]{Items: cards})
	}
	keep := func(c portal.Contract) bool {
		return allows(p, auth.ActSectionRead, c.ID, portal.SectionDashboard) && (term == "" || matches(c, term))
	}
	contracts, next, err := d.Store.ContractsPage(r.Context(), p.OrgID, keep, limit, cursor)
	if err != nil {
		return err
	}
	month := portal.MonthOf(d.Time())
	det, err := d.Store.ContractDetails(r.Context(), p.OrgID, contracts, month, false)
	if err != nil {
		return err
	}
	for _, c := range contracts {
		cards = append(cards, d.cardOf(p, c, det, month))
	}
	return httpapi.Reply(w, httpapi.Page[card]{Items: cards, Next: next})
}

// seesAnyDashboard reports whether p's rights give Visitor or more on the Dashboard
// of some contract: a person without any has no contract to read.
func seesAnyDashboard(p portal.Principal) bool {
	for id := range p.Rights {
		if allows(p, auth.ActSectionRead, id, portal.SectionDashboard) {
			return true
		}
	}
	return false
}
