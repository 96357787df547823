package orgadmin

import (
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// activationMail gives a a new activation link (auth.IssueActivation: valid 48
// hours, any earlier link stops working) and returns the steps that store it and
// mail it; the caller writes them in the transaction that writes a.
func (d *deps) activationMail(a *store.Account, orgName string) ([]table.Op, error) {
	token, ops := d.Auth.IssueActivation(a)
	m, err := d.Notice(a.Email, a.Lang, "activation", map[string]any{
		"Name": a.FirstName, "Organization": orgName, "Link": d.PageLink(httpapi.PageActivate, token)})
	if err != nil {
		return nil, err
	}
	return append(ops, m), nil
}
