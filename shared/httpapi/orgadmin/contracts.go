package orgadmin

import (
	"net/http"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Contracts shows an organisation's contracts to whoever holds Visitor on their
// Contracts section (administrators: all of them), and lets administrators name a
// contract's referent.
var Contracts = httpapi.Feature{Name: "contracts", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/org/contracts", d.listContracts)
	rt.Handle("GET /api/v1/org/contracts/{id}", d.getContract)
	rt.Handle("PUT /api/v1/org/contracts/{id}/referent", d.setReferent)
}}

// listContracts answers the contracts the principal may see, in creation order, in
// at most three round trips: the session, the person's rights, the contracts. A
// contract shows to whoever may read its Contracts section, or the section that
// ?section= names (users: the contracts whose rights a delegated administrator
// reads, as their matrix shows the contract anyway).
func (d *deps) listContracts(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	section := portal.SectionContracts
	if s := q.Get("section"); s != "" {
		section = portal.Section(s)
		if !section.Valid() {
			return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "section", Code: "format"}}}
		}
	}
	limit, cursor, err := httpapi.PageParams(q, 50, 200)
	if err != nil {
		return err
	}
	if p, err = d.WithRights(r.Context(), p); err != nil {
		return err
	}
	var visible func(c portal.Contract) bool // administrators see them all
	if p.Role != portal.RoleAdmin {
		visible = func(c portal.Contract) bool {
			return auth.Allow(p, auth.ActSectionRead, sectionOf(c.ID, section)(p)) == nil
		}
	}
	items, next, err := d.Store.ContractsPage(r.Context(), p.OrgID, visible, limit, cursor)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[portal.Contract]{Items: httpapi.OrEmptyList(items), Next: next})
}

// contractView is a contract with what the person may do on it.
type contractView struct {
	Contract portal.Contract       `json:"contract"`
	Rights   portal.ContractRights `json:"rights"`
}

// getContract answers one contract in two round trips: the session, then the
// contract with the person's rights.
func (d *deps) getContract(w http.ResponseWriter, r *http.Request) error {
	p, c, err := d.CustomerContract(r, portal.SectionContracts)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, contractView{Contract: c, Rights: p.Rights[c.ID]})
}

// referentBody names a contract's new referent; Version is the contract's, as read.
type referentBody struct {
	UserID  string `json:"userId"`
	Version int64  `json:"version"`
}

// setReferent names another referent of a contract; the former one may then be
// disabled or deleted (when they are no other contract's referent).
func (d *deps) setReferent(w http.ResponseWriter, r *http.Request) error {
	p, id, err := httpapi.OrgAdminItem(r)
	if err != nil {
		return err
	}
	var in referentBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	if !httpapi.ValidID(in.UserID) {
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "userId", Code: "required"}}}
	}
	c, err := d.Store.Contract(r.Context(), p.OrgID, id)
	if err != nil {
		return err
	}
	if c.Version != in.Version {
		return errVersion
	}
	if c.ReferentID == in.UserID {
		return httpapi.Reply(w, c)
	}
	ops, err := d.ReferentOps(r, c, c.ReferentID, in.UserID, "userId")
	if err != nil {
		return err
	}
	before := c.ReferentID
	c.ReferentID = in.UserID
	ops = append([]table.Op{store.PutContract(c)}, append(ops,
		d.Audit(r.Context(), p.OrgID, "contract.referent", "contract:"+c.ID, map[string]string{"referentId": before}, map[string]string{"referentId": c.ReferentID}))...)
	if err := d.Store.Table().Transact(r.Context(), ops...); err != nil {
		return err
	}
	c.Version++
	return httpapi.Reply(w, c)
}
