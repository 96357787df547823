// Package access holds the rules of application access: which applications a person
// may request, access requests and their numbers, decisions, grants that end, and the
// scheduled work on them. The HTTP handlers and the jobs both call it, so that an
// approver's decision and the job that refuses a stale request go through the same
// code, with the same mail and audit entries.
package access

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// DefaultDecisionDays is how long a request waits for a decision when the
// configuration says nothing.
const DefaultDecisionDays = 7

// MaxPerSubmission bounds the applications one submission asks for, so that its
// transaction stays well inside the table's limit of steps.
const MaxPerSubmission = 10

// System is the user id the audit log and the requests name for decisions the
// portal takes by itself: automatic approvals and refusals, expiries.
const System = "system"

// Auditor returns the table step that records an action in an organisation's audit
// log, inside the transaction of the change. The HTTP layer's names the signed-in
// person; the jobs' names System.
type Auditor func(orgID, action, target string, before, after any) table.Op

// Activator hands a person who has no password yet the 48-hour link that sets one,
// killing any earlier link. It returns the link, the account as it must be saved
// (with the new link's reference) and the other table steps to write with it.
type Activator interface {
	Issue(acc store.Account) (link string, next store.Account, ops []table.Op)
}

// Service applies the rules. Its zero values take the defaults in brackets.
type Service struct {
	Store *store.Store
	// BaseURL is the portal's address, for links in mail.
	BaseURL string
	// DecisionDays is how long a request waits before it is refused by itself [7].
	DecisionDays int
	// Activation issues activation links; nil when none can be issued (tests of
	// people who all have a password).
	Activation Activator
	Now        func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) decisionDays() int {
	if s.DecisionDays > 0 {
		return s.DecisionDays
	}
	return DefaultDecisionDays
}

// The portal's pages that mail links to.
const (
	PageMyApplications = "/applications"
	PageApprovals      = "/applications/approvals"
	PageBackOffice     = "/backoffice/access-requests"
	PageSignIn         = "/signin"
	PageForgotPassword = "/forgot-password"
	PageRegister       = "/register"
)

// link is the portal's address of a page.
func (s *Service) link(page string) string { return s.BaseURL + "/#" + page }

// days is a duration of whole days.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// fullName is a person's name as the approvers' lists show it.
func fullName(u portal.User) string {
	switch {
	case u.FirstName == "":
		return u.LastName
	case u.LastName == "":
		return u.FirstName
	}
	return u.FirstName + " " + u.LastName
}

// mailOp composes a template for one recipient and returns the outbox step to write
// with the change it reports. id names the message when it must be queued at most
// once (a digest per day); "" gives it a fresh id.
func (s *Service) mailOp(to, lang, template, id string, data map[string]any) (table.Op, error) {
	data["BaseURL"] = s.BaseURL
	m, err := mail.Compose(to, lang, template, data)
	if err != nil {
		return table.Op{}, err
	}
	m.ID = id
	return mail.Enqueue(m, s.now())
}

// dateIn writes a date the way the reader's language does.
func dateIn(t time.Time, lang string) string {
	if mail.PickLang(lang) == "en" {
		return t.UTC().Format("2 January 2006")
	}
	months := [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	t = t.UTC()
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// SystemAudit is the Auditor of what the portal does by itself.
func (s *Service) SystemAudit(orgID, action, target string, before, after any) table.Op {
	return store.Audit(store.AuditEntry{OrgID: orgID, Time: s.now(), Action: action, UserID: System, Target: target,
		Before: rawJSON(before), After: rawJSON(after)})
}

func rawJSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// conflict turns a failed condition of a decision's transaction into the answer the
// loser of a race gets.
func conflict(err error) error {
	if portal.Is(err, portal.Conflict) {
		return portal.Wrap(portal.Conflict, "request_changed", err)
	}
	return err
}
