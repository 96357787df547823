package httpapi

import (
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// PasswordProblems checks a new password against the policy, and against the
// person's own address and names, into f under field.
func PasswordProblems(f *portal.Fields, field, password string, u portal.User) {
	for _, code := range validate.PasswordProblems(password, u.Email, u.Login, u.FirstName, u.LastName) {
		f.Add(field, code)
	}
}

// PasswordChanged returns the steps written with a new password: the mail that says
// so, with the way back if it was not the person, and the notification.
func (d *Deps) PasswordChanged(acc store.Account) ([]table.Op, error) {
	return d.SecurityNotice(acc, portal.EventPasswordChanged, map[string]any{"Name": acc.FirstName,
		"ResetURL": d.PageLink(PageForgotPassword, "")}, nil)
}

// ErrImpersonationForbidden refuses, during a log-in-as, what only the person may do.
var ErrImpersonationForbidden = portal.E(portal.Forbidden, "impersonation_forbidden", "only the person may change this")
