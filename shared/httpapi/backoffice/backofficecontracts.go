package backoffice

import (
	"errors"
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// backofficeContractRoutes are the back office's routes for a customer's contracts
// and users: operators create contracts and find users (to name a referent, or to
// log in as one of them). The Backoffice feature mounts them.
func (d *deps) backofficeContractRoutes(rt *httpapi.Router) {
	rt.Handle("POST /api/v1/backoffice/organisations/{orgId}/contracts", d.createContract)
	rt.Handle("GET /api/v1/backoffice/organisations/{orgId}/contracts", d.backOfficeContracts)
	rt.Handle("GET /api/v1/backoffice/organisations/{orgId}/users", d.backOfficeUsers)
}

// customerOrg reads the organisation of the path for an operator: a customer's,
// never the vendor's own or the holding place of unlinked people.
func customerOrg(r *http.Request, write bool) (portal.Principal, string, error) {
	p, err := httpapi.Operator(r, write)
	if err != nil {
		return p, "", err
	}
	orgID, err := httpapi.PathID(r, "orgId")
	if err == nil && !portal.IsCustomerOrg(orgID) {
		err = portal.E(portal.NotFound, "organisation_not_found", "no such organisation")
	}
	return p, orgID, err
}

// contractForm is what an operator gives of a new contract.
type contractForm struct {
	Name       string `json:"name"`
	Reference  string `json:"reference"`
	Offer      string `json:"offer"`
	Start      string `json:"start"`
	End        string `json:"end"`
	ReferentID string `json:"referentId"`
	// Currency is the ISO code the contract's amounts are in; empty for
	// portal.DefaultCurrency.
	Currency string `json:"currency"`
}

func (f contractForm) clean(fields *portal.Fields) contractForm {
	f.Name = httpapi.TextField(fields, "name", f.Name, httpapi.MaxLineLen, true)
	f.Reference = httpapi.TextField(fields, "reference", f.Reference, httpapi.MaxLoginLen, true)
	f.Offer = httpapi.TextField(fields, "offer", f.Offer, httpapi.MaxLineLen, false)
	start, err := time.Parse(httpapi.DateLayout, f.Start)
	if f.Start == "" {
		fields.Add("start", "required")
	} else if err != nil {
		fields.Add("start", "date")
	}
	if f.End != "" {
		end, err := time.Parse(httpapi.DateLayout, f.End)
		if err != nil {
			fields.Add("end", "date")
		} else if !start.IsZero() && end.Before(start) {
			fields.Add("end", "before_start")
		}
	}
	if !httpapi.ValidID(f.ReferentID) {
		fields.Add("referentId", "required")
	}
	if f.Currency == "" {
		f.Currency = portal.DefaultCurrency
	} else if !portal.ValidCurrency(f.Currency) {
		fields.Add("currency", "currency")
	}
	return f
}

// createContract adds a contract to a customer's organisation with its referent,
// who gets the referent's rights on it, in one transaction with the entry of the
// organisation's audit log.
func (d *deps) createContract(w http.ResponseWriter, r *http.Request) error {
	_, orgID, err := customerOrg(r, true)
	if err != nil {
		return err
	}
	var in contractForm
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	in = in.clean(&f)
	if err := f.Err(); err != nil {
		return err
	}
	c := portal.Contract{ID: portal.NewID(), OrgID: orgID, Name: in.Name, Reference: in.Reference, Offer: in.Offer,
		Start: in.Start, End: in.End, ReferentID: in.ReferentID, Currency: in.Currency, Created: d.Time().UTC()}
	ops, err := d.ReferentOps(r, c, "", in.ReferentID, "referentId")
	if err != nil {
		return err
	}
	// CreateContract writes the contract and its reference guard before these.
	orgAt := 2 + len(ops)
	ops = append(ops, store.OrganisationExists(orgID), d.Audit(r.Context(), orgID, "contract.create", "contract:"+c.ID, nil, c))
	if err := d.Store.CreateContract(r.Context(), c, ops...); err != nil {
		var cf *table.ConditionFailed
		if errors.As(err, &cf) && cf.Index == orgAt {
			return portal.E(portal.NotFound, "organisation_not_found", "no such organisation")
		}
		return err
	}
	c.Version = 1
	return httpapi.Created(w, c)
}

// backOfficeContracts lists a customer's contracts for operators.
func (d *deps) backOfficeContracts(w http.ResponseWriter, r *http.Request) error {
	_, orgID, err := customerOrg(r, false)
	if err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 50, 200)
	if err != nil {
		return err
	}
	items, next, err := d.Store.ContractsPage(r.Context(), orgID, nil, limit, cursor)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[portal.Contract]{Items: httpapi.OrEmptyList(items), Next: next})
}

// backOfficeUsers lists and searches a customer's users for operators, with the
// same parameters as the administrators' list.
func (d *deps) backOfficeUsers(w http.ResponseWriter, r *http.Request) error {
	_, orgID, err := customerOrg(r, false)
	if err != nil {
		return err
	}
	return d.ReplyUserPage(w, r, orgID)
}
