package access

import (
	"context"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// MaxReason bounds the reason given with a decision.
const MaxReason = 1000

// Decider is who decides: an operator, for the requests operators approve, or an
// administrator of OrgID, for the requests of that organisation its administrators
// approve.
type Decider struct {
	UserID   string
	Operator bool
	OrgID    string
}

// decides reports whether d is r's approver.
func (d Decider) decides(r portal.AccessRequest) bool {
	if d.Operator {
		return r.Approver == portal.ApproverOperators
	}
	return r.Approver == portal.ApproverCustomerAdmins && r.OrgID == d.OrgID
}

// QueueFilter narrows an approver's queue; empty fields keep everything.
type QueueFilter struct {
	AppID string
	// OrgID keeps one organisation's requests (operators' queue only: an
	// administrator's queue holds their organisation's alone).
	OrgID string
	Kind  portal.RequestKind
	// Before keeps the requests made before it.
	Before time.Time
}

func (f QueueFilter) match() func(portal.AccessRequest) bool {
	if f == (QueueFilter{}) {
		return nil
	}
	return func(r portal.AccessRequest) bool {
		return (f.AppID == "" || r.AppID == f.AppID) && (f.OrgID == "" || r.OrgID == f.OrgID) &&
			(f.Kind == "" || r.Kind == f.Kind) && (f.Before.IsZero() || r.Created.Before(f.Before))
	}
}

// Queue reads one page of d's queue of pending requests, oldest first.
func (s *Service) Queue(ctx context.Context, d Decider, f QueueFilter, limit int, cursor string) ([]portal.AccessRequest, string, error) {
	q := store.PendingQuery{Approver: portal.ApproverOperators, Limit: limit, Cursor: cursor}
	if !d.Operator {
		q.Approver, q.OrgID, f.OrgID = portal.ApproverCustomerAdmins, d.OrgID, ""
	}
	q.Match = f.match()
	out, next, err := s.Store.PendingAccessRequests(ctx, q)
	if out == nil {
		out = []portal.AccessRequest{}
	}
	return out, next, err
}

// Find reads a request d may see: any request for an operator, a request of their
// organisation for an administrator.
func (s *Service) Find(ctx context.Context, d Decider, number string) (portal.AccessRequest, error) {
	if !portal.IsRequestNumber(number) {
		return portal.AccessRequest{}, portal.E(portal.NotFound, "request_not_found", "no such request")
	}
	var r portal.AccessRequest
	var err error
	if d.Operator {
		r, err = s.Store.AccessRequestByNumber(ctx, number)
	} else {
		r, err = s.Store.AccessRequest(ctx, d.OrgID, number)
	}
	return r, requestNotFound(err)
}

// CheckReason trims the reason of a decision and checks it as text of several
// lines: a refusal needs one.
func CheckReason(approve bool, reason string) (string, error) {
	reason, err := validate.Text(reason, MaxReason, !approve, true)
	if err != nil {
		var f portal.Fields
		f.Add("reason", validate.CodeOf(err))
		return reason, f.Err()
	}
	return reason, nil
}

// Decide approves or refuses one pending request of which d is the approver. A
// refusal needs a reason. Of two approvers deciding at once, one wins and the other
// gets a Conflict; exactly one mail goes out.
func (s *Service) Decide(ctx context.Context, d Decider, number string, approve bool, reason string, audit Auditor) (portal.AccessRequest, error) {
	reason, err := CheckReason(approve, reason)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	r, err := s.Find(ctx, d, number)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	if !d.decides(r) {
		return portal.AccessRequest{}, portal.E(portal.Forbidden, "not_approver", "another approver decides this request")
	}
	if r.Status != portal.RequestPending {
		return portal.AccessRequest{}, portal.E(portal.Conflict, "already_decided", "the request is no longer pending")
	}
	return s.decide(ctx, r, approve, reason, d.UserID, audit)
}

// decide writes a decision on the pending request r as read, on the condition that
// nobody changed it since, with the requester's mail and the audit entry. by is the
// deciding user's id, or System. An approver's refusal holds (portal.Refusal): the
// person may not ask again until an operator lifts it.
func (s *Service) decide(ctx context.Context, r portal.AccessRequest, approve bool, reason, by string, audit Auditor) (portal.AccessRequest, error) {
	acc, err := s.Store.Account(ctx, r.OrgID, r.UserID)
	gone := portal.Is(err, portal.NotFound)
	if err != nil && !gone {
		return portal.AccessRequest{}, err
	}
	if gone && approve {
		return portal.AccessRequest{}, portal.E(portal.Conflict, "requester_gone", "the requester's account no longer exists")
	}
	before := r
	r.Status, r.Decided, r.DecidedBy, r.Reason = portal.RequestRefused, s.now(), by, reason
	if approve {
		r.Status = portal.RequestApproved
	}
	ops := append(store.UpdateAccessRequest(r), audit(r.OrgID, decisionAction(r), target(r), before, r))
	var next *store.Account
	switch {
	case approve:
		app, err := s.Store.Application(ctx, r.AppID)
		if err != nil {
			return portal.AccessRequest{}, err
		}
		var held *portal.Grant
		g, err := s.Store.Grant(ctx, r.OrgID, r.UserID, r.AppID)
		switch {
		case err == nil:
			held = &g
		case !portal.Is(err, portal.NotFound):
			return portal.AccessRequest{}, err
		}
		var more []table.Op
		more, next, err = s.approval(r, app, acc, held)
		if err != nil {
			return portal.AccessRequest{}, err
		}
		ops = append(ops, more...)
	case !gone:
		m, err := s.decisionMail(r, acc, "", "", time.Time{})
		if err != nil {
			return portal.AccessRequest{}, err
		}
		ops = append(ops, m)
		if by != System {
			ops = append(ops, store.PutRefusal(refusal(r)))
		}
	}
	if err := s.write(ctx, next, ops); err != nil {
		return portal.AccessRequest{}, conflict(err)
	}
	r.Version++
	return r, nil
}

// refusal is the refusal that holds after an approver refused r: a refusal the
// portal decided by itself (nobody decided in time) does not hold.
func refusal(r portal.AccessRequest) portal.Refusal {
	return portal.Refusal{OrgID: r.OrgID, OrgName: r.OrgName, UserID: r.UserID, UserName: r.RequesterName, UserEmail: r.RequesterEmail,
		AppID: r.AppID, AppName: r.AppName, Number: r.Number, Reason: r.Reason, By: r.DecidedBy,
		ByOperator: r.Approver == portal.ApproverOperators, Created: r.Decided}
}

// decisionAction is the audit action of a decided request.
func decisionAction(r portal.AccessRequest) string {
	switch {
	case r.Status == portal.RequestRefused:
		return ActRefuse
	case r.Kind == portal.KindExtension:
		return ActExtend
	}
	return ActApprove
}

// approval returns the steps that give the approved request r's requester what it
// asks (a new grant, or a later end for an extension) and the mail that says so,
// with the setup instructions and, for a person who has no password yet, the
// activation link that opens the portal on the application. held is the grant the
// person has for the application, if any, as read. The account is returned when it
// must be saved with the steps (nil otherwise).
func (s *Service) approval(r portal.AccessRequest, app portal.Application, acc store.Account, held *portal.Grant) ([]table.Op, *store.Account, error) {
	now := s.now()
	g := portal.Grant{OrgID: r.OrgID, UserID: r.UserID, AppID: r.AppID, Granted: now}
	from := now
	if held != nil {
		g.Version = held.Version
		if r.Kind == portal.KindExtension && held.ActiveAt(now) {
			// An extension adds its days to what is left; the grant keeps its start.
			g.Granted = held.Granted
			if held.Expires.After(now) {
				from = held.Expires
			}
		}
	}
	g.AppName, g.Status, g.Request = app.Name, portal.GrantActive, r.Number
	if app.DurationDays > 0 {
		g.Expires = from.Add(days(app.DurationDays))
	}
	ops := []table.Op{store.PutGrant(g)}
	var next *store.Account
	link := ""
	if acc.PasswordHash == "" {
		a := acc
		if s.Activation != nil {
			l, issued, more := s.Activation.Issue(acc)
			link, a = withApp(l, app.ID), issued
			ops = append(ops, more...)
		}
		if a.Status == portal.StatusPendingApproval {
			a.Status = portal.StatusNotActivated
		}
		next = &a
	} else if acc.Status == portal.StatusPendingApproval {
		// The owner of a requested address claimed it by a reset link: the first
		// approval lets them in.
		a := acc
		a.Status = portal.StatusReady
		next = &a
	}
	m, err := s.decisionMail(r, acc, app.Instructions.In(acc.Lang), link, g.Expires)
	if err != nil {
		return nil, nil, err
	}
	return append(ops, m), next, nil
}

// withApp adds the application to an activation link, so that the portal opens on
// it once the password is set.
func withApp(link, appID string) string {
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return link + sep + "app=" + appID
}

// decisionMail is the one mail a decided request sends its requester, in their
// language: approved (with instructions, the end date and the activation link when
// there is one) or refused (with the reason, or saying that nobody decided in time).
func (s *Service) decisionMail(r portal.AccessRequest, acc store.Account, instructions, link string, expires time.Time) (table.Op, error) {
	end := ""
	if !expires.IsZero() {
		end = dateIn(expires, acc.Lang)
	}
	return s.mailOp(acc.Email, acc.Lang, "access_decision", "", map[string]any{
		"Name": acc.FirstName, "Application": r.AppName.In(acc.Lang), "Number": r.Number,
		"Approved": r.Status == portal.RequestApproved, "Extension": r.Kind == portal.KindExtension, "Direct": r.Kind == portal.KindGrant,
		"Reason": r.Reason, "Auto": r.DecidedBy == System && r.Status == portal.RequestRefused,
		"Instructions": instructions, "Link": link, "Expires": end,
	})
}
