package httpapi

import (
	"net/http"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// OrEmptyList is s, or an empty list for none, so that JSON answers [] rather
// than null.
func OrEmptyList[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ReferentOps returns the steps that make userID the referent of c in place of its
// current one (none for a new contract): both people's rights and a check that the
// new referent still exists. The new referent must be a user of the contract's
// organisation who is neither disabled nor waiting for approval; field names the
// form field that gave them.
func (d *Deps) ReferentOps(r *http.Request, c portal.Contract, previous, userID, field string) ([]table.Op, error) {
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
