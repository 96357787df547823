package httpapi

import (
	"net/http"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// Access is the application-access service over the handlers' dependencies.
func (d *Deps) Access() *access.Service {
	return &access.Service{Store: d.Store, BaseURL: d.BaseURL, DecisionDays: d.AccessDecisionDays, Activation: activator{d}, Now: d.Time}
}

// activator issues the link an approval mails to a person who has no password yet,
// as an administrator's invitation does, keeping the links of earlier approvals
// working.
type activator struct{ d *Deps }

// Issue gives acc an activation link and returns the page it opens.
func (a activator) Issue(acc store.Account) (string, store.Account, []table.Op) {
	token, ops := a.d.Auth.AddActivation(&acc)
	return a.d.PageLink(PageActivate, token), acc, ops
}

// Auditor records the access steps a request takes in the audit log, naming the
// signed-in person (and the real one during an impersonation).
func (d *Deps) Auditor(r *http.Request) access.Auditor {
	return func(orgID, action, target string, before, after any) table.Op {
		return d.Audit(r.Context(), orgID, action, target, before, after)
	}
}

// MaxComment bounds the comment a person adds to a request.
const MaxComment = 1000

// CheckComment cleans the comment a person adds to a request, into f.
func CheckComment(f *portal.Fields, comment string) string {
	comment, err := validate.Text(comment, MaxComment, false, true)
	if err != nil {
		f.Add("comment", validate.CodeOf(err))
	}
	return comment
}
