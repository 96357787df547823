// Package catalogue is the service catalogue's area: the operators' side that
// keeps it (services, order forms, plans and prices, logos, retirement) and the
// customers' side that browses it for one contract. Ordering comes later, on top of
// the same services: each answer already says whether the person may order.
package catalogue

import (
	"net/http"
	"strconv"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// The area's routes.
const (
	routeBackOffice      = "/api/v1/backoffice/catalogue"
	routeBackOfficeItem  = "/api/v1/backoffice/catalogue/{id}"
	routeContractList    = "/api/v1/contracts/{id}/catalogue"
	routeContractService = "/api/v1/contracts/{id}/catalogue/{service}"
	routeLogo            = "/api/v1/catalogue/logos/{name}"
)

// deps is what the area needs: the platform's dependencies (the store, the blob
// store for logos, the clock and the audit log).
type deps struct{ *httpapi.Deps }

// Catalogue is the area's one function.
var Catalogue = httpapi.Feature{Name: "catalogue", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET "+routeBackOffice, d.listServices)
	rt.Handle("POST "+routeBackOffice, d.createService)
	rt.Handle("GET "+routeBackOfficeItem, d.getService)
	rt.Handle("PUT "+routeBackOfficeItem, d.updateService)
	rt.Handle("POST "+routeBackOfficeItem+"/retire", d.retireService)
	rt.Handle("PUT "+routeBackOfficeItem+"/plans/{plan}/prices", d.setPrices)
	rt.Handle("PUT "+routeBackOfficeItem+"/logo", d.putLogo)
	rt.Handle("DELETE "+routeBackOfficeItem+"/logo", d.deleteLogo)
	rt.Handle("GET "+routeLogo, d.getLogo)
	rt.Handle("GET "+routeContractList, d.contractCatalogue)
	rt.Handle("GET "+routeContractService, d.contractService)
}}

// The bounds of a list's query.
const (
	defaultLimit = 12
	maxLimit     = 60
	maxPage      = 10000
)

// listQuery reads q, category, sort, page and limit; each wrong one is a field
// error.
func listQuery(r *http.Request) (store.CatalogueQuery, error) {
	v := r.URL.Query()
	var f portal.Fields
	q := store.CatalogueQuery{Search: httpapi.SearchParam(&f, v), Category: v.Get("category"), Sort: v.Get("sort"), Lang: httpapi.Lang(r),
		Page: 1, Limit: defaultLimit}
	if _, ok := portal.CategoryName(q.Category); q.Category != "" && !ok {
		f.Add("category", "format")
	}
	switch q.Sort {
	case "", store.SortName, store.SortCategory, store.SortNewest:
	default:
		f.Add("sort", "format")
	}
	for _, p := range []struct {
		name     string
		into     *int
		min, max int
	}{{"page", &q.Page, 1, maxPage}, {"limit", &q.Limit, 1, maxLimit}} {
		if s := v.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < p.min || n > p.max {
				f.Add(p.name, "format")
			}
			*p.into = n
		}
	}
	return q, f.Err()
}

// cardView is a service of a customer's catalogue: its card, and whether the
// person may order it on this contract.
type cardView struct {
	portal.CatalogueCard
	Orderable bool `json:"orderable"`
}

// catalogueView is one page of a contract's catalogue. Orderable says whether the
// person may order on the contract at all (Manager on its Services).
type catalogueView struct {
	Items      []cardView            `json:"items"`
	Total      int                   `json:"total"`
	Page       int                   `json:"page"`
	Pages      int                   `json:"pages"`
	Categories []store.CategoryCount `json:"categories"`
	Orderable  bool                  `json:"orderable"`
}

// customer returns the person with their rights on the contract the path names, in
// one read with whatever else read asks for, once they may see its Services:
// another organisation's contract is not found, as an unknown one is.
func customer(r *http.Request) (portal.Principal, string, error) {
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err != nil {
		return p, "", err
	}
	id, err := httpapi.PathID(r, "id")
	return p, id, err
}

// allowServices checks the person's rights on the contract's Services, and tells
// whether they may order there.
func allowServices(p portal.Principal, rights store.UserRights, contractID string) (bool, error) {
	p.Rights = httpapi.OrEmpty(rights.Contracts)
	res := auth.Resource{OrgID: p.OrgID, ContractID: contractID, Section: portal.SectionServices}
	if err := auth.Allow(p, auth.ActSectionRead, res); err != nil {
		return false, err
	}
	return auth.Allow(p, auth.ActSectionManage, res) == nil, nil
}

// contractCatalogue answers one page of the catalogue as a contract sees it: the
// services open to it and not retired, searched, filtered and sorted, in three
// round trips (the session, the contract with the person's rights, the cards).
func (d *deps) contractCatalogue(w http.ResponseWriter, r *http.Request) error {
	p, id, err := customer(r)
	if err != nil {
		return err
	}
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	c, rights, err := d.Store.ContractAndRights(r.Context(), p.OrgID, id, p.UserID)
	if err != nil {
		return err
	}
	orderable, err := allowServices(p, rights, id)
	if err != nil {
		return err
	}
	q.Contract = &c
	page, err := d.Store.Catalogue(r.Context(), q)
	if err != nil {
		return err
	}
	out := catalogueView{Items: make([]cardView, len(page.Items)), Total: page.Total, Page: page.Page, Pages: page.Pages,
		Categories: page.Categories, Orderable: orderable}
	for i, card := range page.Items {
		out.Items[i] = cardView{CatalogueCard: card, Orderable: orderable}
	}
	return httpapi.Reply(w, out)
}

// serviceView is a service as customers see it: its page rendered, its order form
// or plans, without who else may order it or the page's Markdown source.
type serviceView struct {
	ID            string             `json:"id"`
	Kind          portal.ServiceKind `json:"kind"`
	Name          portal.Text        `json:"name"`
	Summary       portal.Text        `json:"summary"`
	Category      string             `json:"category"`
	CategoryName  portal.Text        `json:"categoryName"`
	LearnMoreHTML portal.Text        `json:"learnMoreHtml"`
	Logo          *portal.Logo       `json:"logo,omitempty"`
	Form          []portal.Field     `json:"form,omitempty"`
	Plans         []portal.Plan      `json:"plans,omitempty"`
	Orderable     bool               `json:"orderable"`
}

// contractService answers one service of a contract's catalogue, its "learn more"
// page included, in two round trips. A service retired or not open to the contract
// is not found.
func (d *deps) contractService(w http.ResponseWriter, r *http.Request) error {
	p, id, err := customer(r)
	if err != nil {
		return err
	}
	sid, err := httpapi.PathID(r, "service")
	if err != nil {
		return errNoService
	}
	c, rights, svc, err := d.Store.ServiceForContract(r.Context(), p.OrgID, id, p.UserID, sid)
	if err != nil && portal.CodeOf(err) != "catalogue_service_not_found" {
		return err
	}
	// The rights on the contract come first, so that nobody learns which services
	// exist through a contract they may not see.
	orderable, aerr := allowServices(p, rights, id)
	if aerr != nil {
		return aerr
	}
	if err != nil || svc.Retired || !svc.OpenTo(c) {
		return errNoService
	}
	category, _ := portal.CategoryName(svc.Category)
	return httpapi.Reply(w, serviceView{ID: svc.ID, Kind: svc.Kind, Name: svc.Name, Summary: svc.Summary, Category: svc.Category,
		CategoryName: category, LearnMoreHTML: svc.LearnMoreHTML, Logo: svc.Logo, Form: svc.Form, Plans: svc.Plans, Orderable: orderable})
}

var errNoService = portal.E(portal.NotFound, "catalogue_service_not_found", "no such service in the catalogue")
