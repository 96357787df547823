// Package closing holds the rules of a person's request to close their own account:
// they ask from "My account" and may withdraw while it waits; their organisation's
// administrators grant it (the account is deleted, as an administrator deletes a
// user) or decline it with a reason. The person is told by mail either way. Every
// step is in the organisation's audit log.
package closing

import (
	"context"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// Audit actions, one per step of a request's life.
const (
	ActRequest  = "account.closure_request"
	ActWithdraw = "account.closure_withdraw"
	ActGrant    = "account.closure_grant"
	ActDecline  = "account.closure_decline"
)

// MaxText bounds the person's comment and the administrator's reason.
const MaxText = 1000

// PageAccount is the portal's page of a person's account, linked from the mail.
const PageAccount = "/account"

// Auditor returns the table step that records an action in an organisation's audit
// log, inside the transaction of the change, naming the signed-in person.
type Auditor func(orgID, action, target string, before, after any) table.Op

// Service applies the rules.
type Service struct {
	Store *store.Store
	// BaseURL is the portal's address, for links in mail.
	BaseURL string
	Now     func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

var (
	errNotFound   = portal.E(portal.NotFound, "closure_not_found", "no such request to close an account")
	errPending    = portal.E(portal.Conflict, "closure_pending", "a request to close the account is already pending")
	errNotPending = portal.E(portal.Conflict, "closure_not_pending", "the request is no longer pending")
)

func target(userID string) string { return "user:" + userID }

// text trims and checks a comment or reason: several lines, MaxText at most.
func text(field, s string, required bool) (string, error) {
	s, err := validate.Text(s, MaxText, required, true)
	if err != nil {
		var f portal.Fields
		f.Add(field, validate.CodeOf(err))
		return s, f.Err()
	}
	return s, nil
}

// Mine reads the person's own request; a request of none yet is NotFound
// "closure_not_found".
func (s *Service) Mine(ctx context.Context, orgID, userID string) (portal.ClosureRequest, error) {
	return s.Store.ClosureRequest(ctx, orgID, userID)
}

// Ask files the signed-in person's request to close their account, with an
// optional comment for the administrators. One that waits already is a Conflict; a
// declined or withdrawn one is replaced.
func (s *Service) Ask(ctx context.Context, orgID, userID, comment string, audit Auditor) (portal.ClosureRequest, error) {
	comment, err := text("comment", comment, false)
	if err != nil {
		return portal.ClosureRequest{}, err
	}
	acc, err := s.Store.Account(ctx, orgID, userID)
	if err != nil {
		return portal.ClosureRequest{}, err
	}
	prev, err := s.Store.ClosureRequest(ctx, orgID, userID)
	switch {
	case err == nil && prev.State == portal.ClosurePending:
		return portal.ClosureRequest{}, errPending
	case err != nil && !portal.Is(err, portal.NotFound):
		return portal.ClosureRequest{}, err
	}
	r := portal.ClosureRequest{UserID: acc.ID, OrgID: orgID, Name: fullName(acc.User), Email: acc.Email, Login: acc.Login,
		Comment: comment, State: portal.ClosurePending, Created: s.now(), Version: prev.Version}
	if err := s.Store.Table().Transact(ctx, store.PutClosureRequest(r), audit(orgID, ActRequest, target(userID), nil, view(r))); err != nil {
		return portal.ClosureRequest{}, changed(err)
	}
	r.Version++
	return r, nil
}

// Withdraw takes back the person's own pending request.
func (s *Service) Withdraw(ctx context.Context, orgID, userID string, audit Auditor) (portal.ClosureRequest, error) {
	r, err := s.Store.ClosureRequest(ctx, orgID, userID)
	if err != nil {
		return r, err
	}
	if r.State != portal.ClosurePending {
		return r, errNotPending
	}
	before := r
	r.State, r.Decided, r.DecidedBy = portal.ClosureWithdrawn, s.now(), userID
	if err := s.Store.Table().Transact(ctx, store.PutClosureRequest(r), audit(orgID, ActWithdraw, target(userID), view(before), view(r))); err != nil {
		return before, changed(err)
	}
	r.Version++
	return r, nil
}

// Queue reads one page of an organisation's pending requests, oldest first.
func (s *Service) Queue(ctx context.Context, orgID string, limit int, cursor string) ([]portal.ClosureRequest, string, error) {
	return s.Store.PendingClosureRequests(ctx, orgID, limit, cursor)
}

// Pending reads a pending request of the organisation for its administrators: any
// other (another organisation's, decided, none) is NotFound, whoever's it is.
func (s *Service) Pending(ctx context.Context, orgID, userID string) (portal.ClosureRequest, error) {
	r, err := s.Store.ClosureRequest(ctx, orgID, userID)
	if err == nil && r.State != portal.ClosurePending {
		return r, errNotPending
	}
	if portal.Is(err, portal.NotFound) {
		return r, errNotFound
	}
	return r, err
}

// Decline refuses a pending request with a reason the person reads in the mail.
func (s *Service) Decline(ctx context.Context, orgID, adminID, userID, reason string, audit Auditor) (portal.ClosureRequest, error) {
	reason, err := text("reason", reason, true)
	if err != nil {
		return portal.ClosureRequest{}, err
	}
	r, err := s.Pending(ctx, orgID, userID)
	if err != nil {
		return r, err
	}
	acc, err := s.Store.Account(ctx, orgID, userID)
	if err != nil {
		return r, err
	}
	before := r
	r.State, r.Decided, r.DecidedBy, r.Reason = portal.ClosureDeclined, s.now(), adminID, reason
	m, err := s.mail(ctx, acc, false, reason)
	if err != nil {
		return r, err
	}
	if err := s.Store.Table().Transact(ctx, store.PutClosureRequest(r), m, audit(orgID, ActDecline, target(userID), view(before), view(r))); err != nil {
		return before, changed(err)
	}
	r.Version++
	return r, nil
}

// Grant closes the account of a pending request: the deletion administrators make
// of a user (the referent of a contract and the last administrator cannot be
// deleted), with the request's own deletion, the mail that tells the person and the
// audit entry, in one transaction. also are more steps for it (the ends of the
// person's sessions).
func (s *Service) Grant(ctx context.Context, orgID, userID string, audit Auditor, also []table.Op) error {
	r, err := s.Pending(ctx, orgID, userID)
	if err != nil {
		return err
	}
	_, err = s.Store.DeleteAccount(ctx, orgID, userID, func(a store.Account) ([]table.Op, error) {
		m, err := s.mail(ctx, a, true, "")
		if err != nil {
			return nil, err
		}
		ops := []table.Op{store.DeleteClosureRequest(r), m, audit(orgID, ActGrant, target(userID), view(r), nil)}
		return append(ops, also...), nil
	})
	return changed(err)
}

// mail is the decision's mail to the person, in their language.
func (s *Service) mail(ctx context.Context, acc store.Account, granted bool, reason string) (table.Op, error) {
	org, err := s.Store.Organisation(ctx, acc.OrgID)
	if err != nil {
		return table.Op{}, err
	}
	m, err := mail.Compose(acc.Email, acc.Lang, "closure_decision", map[string]any{
		"BaseURL": s.BaseURL, "Name": acc.FirstName, "Granted": granted, "Organisation": org.Name, "Reason": reason,
		"Link": s.BaseURL + "/#" + PageAccount,
	})
	if err != nil {
		return table.Op{}, err
	}
	return mail.Enqueue(m, s.now())
}

// auditView is what the audit log keeps of a request: who asked, what they said,
// where it stands, never an id alone.
type auditView struct {
	Name    string              `json:"name"`
	Email   string              `json:"email"`
	Comment string              `json:"comment,omitempty"`
	State   portal.ClosureState `json:"state"`
	Reason  string              `json:"reason,omitempty"`
}

func view(r portal.ClosureRequest) auditView {
	return auditView{Name: r.Name, Email: r.Email, Comment: r.Comment, State: r.State, Reason: r.Reason}
}

// changed turns a failed condition (someone decided or withdrew meanwhile) into the
// answer the loser of the race gets.
func changed(err error) error {
	if portal.CodeOf(err) == "condition_failed" {
		return portal.Wrap(portal.Conflict, "closure_changed", err)
	}
	return err
}

func fullName(u portal.User) string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}
