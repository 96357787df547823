package httpapi

import (
	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// ResetMail makes a password-reset link for a, valid auth.ResetTTL, and returns the
// steps that store it and mail it.
func (d *Deps) ResetMail(a store.Account) ([]table.Op, error) {
	token, _, put := d.Auth.NewOneTime(auth.PurposeReset, a, auth.ResetTTL, nil)
	m, err := d.Notice(a.Email, a.Lang, "password_reset", map[string]any{
		"Name": a.FirstName, "Link": d.PageLink(pageResetPassword, token)})
	if err != nil {
		return nil, err
	}
	return []table.Op{put, m}, nil
}
