package httpapi

import (
	"net/http"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Contracts shows an organisation's contracts to whoever holds Visitor on their
// Contracts section (administrators: all of them), and lets administrators name a
// contract's referent.
var Contracts = Feature{Name: "contracts", Routes: func(rt *Router, d *Deps) {
	rt.Handle("GET /api/v1/org/contracts", d.listContracts)
	rt.Handle("GET /api/v1/org/contracts/{id}", d.getContract)
	rt.Handle("PUT /api/v1/org/contracts/{id}/referent", d.setReferent)
}}

// listContracts answers the contracts the principal may see, in creation order, in
// at most three round trips: the session, the person's rights, the contracts. A
// contract shows to whoever may read its Contracts section, or the section that
// ?section= names (users: the contracts whose rights a delegated administrator
// reads, as their matrix shows the contract anyway).
func (d *Deps) listContracts(w http.ResponseWriter, r *http.Request) error {
	p, err := Allow(r, auth.ActOrgRead, OwnOrg)
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
	limit, cursor, err := PageParams(q, 50, 200)
	if err != nil {
		return err
	}
	if p, err = d.withRights(r.Context(), p); err != nil {
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
	return Reply(w, Page[portal.Contract]{Items: orEmptyList(items), Next: next})
}

func orEmptyList[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// contractView is a contract with what the person may do on it.
type contractView struct {
	Contract portal.Contract       `json:"contract"`
	Rights   portal.ContractRights `json:"rights"`
}

// getContract answers one contract in two round trips: the session, then the
// contract with the person's rights.
func (d *Deps) getContract(w http.ResponseWriter, r *http.Request) error {
	p, err := Allow(r, auth.ActOrgRead, OwnOrg)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, rights, err := d.Store.ContractAndRights(r.Context(), p.OrgID, id, p.UserID)
	if err != nil {
		return err
	}
	p.Rights = OrEmpty(rights.Contracts)
	if err := auth.Allow(p, auth.ActSectionRead, sectionOf(id, portal.SectionContracts)(p)); err != nil {
		return err
	}
	return Reply(w, contractView{Contract: c, Rights: p.Rights[id]})
}

// referentBody names a contract's new referent; Version is the contract's, as read.
type referentBody struct {
	UserID  string `json:"userId"`
	Version int64  `json:"version"`
}

// referentOps returns the steps that make userID the referent of c in place of its
// current one (none for a new contract): both people's rights and a check that the
// new referent still exists. The new referent must be a user of the contract's
// organisation who is neither disabled nor waiting for approval; field names the
// form field that gave them.
func (d *Deps) referentOps(r *http.Request, c portal.Contract, previous, userID, field string) ([]table.Op, error) {
	ids := []string{userID}
	if previous != "" && previous != userID {
		ids = append(ids, previous)
	}
	accounts, rights, err := d.Store.AccountsAndRights(r.Context(), c.OrgID, ids)
	if err != nil {
		return nil, err
	}
	a, ok := accounts[userID]
	if !ok || a.Status == portal.StatusDisabled || a.Status == portal.StatusPendingApproval {
		return nil, &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Message: "the referent must be an active user of the organisation",
			Fields: []portal.FieldError{{Field: field, Code: "referent_unavailable"}}}
	}
	next := rights[userID]
	cr := next.Contracts[c.ID]
	cr.Referent = true
	ops := []table.Op{store.PutRights(next.With(c.ID, cr)), store.AccountExists(c.OrgID, userID)}
	if len(ids) == 2 {
		old := rights[previous]
		cr := old.Contracts[c.ID]
		cr.Referent = false
		ops = append(ops, store.PutRights(old.With(c.ID, cr)))
	}
	return ops, nil
}

// setReferent names another referent of a contract; the former one may then be
// disabled or deleted (when they are no other contract's referent).
func (d *Deps) setReferent(w http.ResponseWriter, r *http.Request) error {
	p, id, err := OrgAdminItem(r)
	if err != nil {
		return err
	}
	var in referentBody
	if err := Decode(r, &in); err != nil {
		return err
	}
	if !ValidID(in.UserID) {
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
		return Reply(w, c)
	}
	ops, err := d.referentOps(r, c, c.ReferentID, in.UserID, "userId")
	if err != nil {
		return err
	}
	before := c.ReferentID
	c.ReferentID = in.UserID
	ops = append([]table.Op{store.PutContract(c)}, append(ops,
		d.Audit(r, p.OrgID, "contract.referent", "contract:"+c.ID, map[string]string{"referentId": before}, map[string]string{"referentId": c.ReferentID}))...)
	if err := d.Store.Table().Transact(r.Context(), ops...); err != nil {
		return err
	}
	c.Version++
	return Reply(w, c)
}
