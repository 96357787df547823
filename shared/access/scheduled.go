package access

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// The scheduled work on requests and grants. Each job reads an index that holds only
// what may need work (the waiting requests by deadline, the active grants that end
// by end date), and each change is a transaction conditioned on what was read, with
// its mail inside: a job run twice, or two runs at once, sends nothing twice.

// jobPage is how many items a job reads per round trip.
const jobPage = 100

// ReminderWait is how long a request waits before its approvers are reminded of it.
const ReminderWait = 24 * time.Hour

// ExpiryReminders are the days before a grant's end at which its holder is mailed.
var ExpiryReminders = []int{14, 1}

// digestLines bounds the requests a reminder lists; it says how many more wait.
const digestLines = 20

// eachWaiting reads the pending requests whose deadline is at or before before, one
// page at a time.
func (s *Service) eachWaiting(ctx context.Context, before time.Time, fn func(portal.AccessRequest) error) error {
	cursor := ""
	for {
		ws, next, err := s.Store.WaitingAccessRequests(ctx, before, jobPage, cursor)
		if err != nil {
			return err
		}
		rs, err := s.Store.AccessRequests(ctx, ws)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.Status != portal.RequestPending {
				continue
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		cursor = next
	}
}

// RefuseStale refuses every pending request whose deadline passed, each with its
// mail, and returns how many it refused. A request decided in between is left alone.
func (s *Service) RefuseStale(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	err := s.eachWaiting(ctx, now, func(r portal.AccessRequest) error {
		if now.Before(r.Deadline) {
			return nil
		}
		_, err := s.decide(ctx, r, false, "", System, s.SystemAudit)
		switch {
		case portal.Is(err, portal.Conflict):
			return nil
		case err != nil:
			return err
		}
		n++
		return nil
	})
	return n, err
}

// queue names one approver's queue.
type queue struct {
	approver portal.Approver
	orgID    string
}

// RemindApprovers mails every approver whose queue holds requests waiting for more
// than ReminderWait one list of them, at most once a day: the day's reminder to a
// person has a fixed mail id, which the outbox takes once. It returns how many
// reminders it queued.
func (s *Service) RemindApprovers(ctx context.Context) (int, error) {
	now := s.now()
	since := now.Add(-ReminderWait)
	// A request made at since has its deadline decisionDays later; the creation time
	// is checked below for requests made under another setting.
	queues := map[queue][]portal.AccessRequest{}
	var order []queue
	err := s.eachWaiting(ctx, since.Add(days(s.decisionDays())), func(r portal.AccessRequest) error {
		if r.Created.After(since) {
			return nil
		}
		q := queue{approver: r.Approver, orgID: r.OrgID}
		if r.Approver == portal.ApproverOperators {
			q.orgID = ""
		}
		if _, ok := queues[q]; !ok {
			order = append(order, q)
		}
		queues[q] = append(queues[q], r)
		return nil
	})
	if err != nil {
		return 0, err
	}
	day := now.Format("20060102")
	sent := 0
	for _, q := range order {
		people, err := s.approvers(ctx, q)
		if err != nil {
			return sent, err
		}
		page := s.link(PageApprovals)
		if q.approver == portal.ApproverOperators {
			page = s.link(PageBackOffice)
		}
		rs := queues[q]
		for _, p := range people {
			lines := make([]map[string]any, 0, digestLines)
			for _, r := range rs[:min(len(rs), digestLines)] {
				lines = append(lines, map[string]any{"Number": r.Number, "Application": r.AppName.In(p.Lang),
					"Requester": r.RequesterName, "Organization": r.OrgName, "Since": dateIn(r.Created, p.Lang)})
			}
			m, err := s.mailOp(p.Email, p.Lang, "access_reminder", "reminder-"+day+"-"+p.ID, map[string]any{
				"Name": p.FirstName, "Count": len(rs), "Requests": lines, "More": len(rs) - len(lines), "Link": page,
			})
			if err != nil {
				return sent, err
			}
			switch err := s.Store.Table().Transact(ctx, m); {
			case portal.Is(err, portal.Conflict):
				// Already reminded today.
			case err != nil:
				return sent, err
			default:
				sent++
			}
		}
	}
	return sent, nil
}

// approvers are the people who decide a queue's requests and can act: an
// organisation's administrators, or the operators. Both lists are read from the
// organisation's users; only this daily job needs them.
func (s *Service) approvers(ctx context.Context, q queue) ([]portal.User, error) {
	if q.approver == portal.ApproverCustomerAdmins {
		return s.Store.Administrators(ctx, q.orgID)
	}
	uq := store.UserQuery{OrgID: portal.VendorOrg, Match: func(l store.Listed) bool {
		return l.Role == portal.RoleOperator && l.Status == portal.StatusReady
	}}
	var out []portal.User
	for {
		page, next, err := s.Store.UsersPage(ctx, uq)
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			out = append(out, a.User)
		}
		if next == "" {
			return out, nil
		}
		uq.Cursor = next
	}
}

// eachEnding reads the active grants that end at or before before, one page at a time.
func (s *Service) eachEnding(ctx context.Context, before time.Time, fn func(portal.Grant) error) error {
	cursor := ""
	for {
		gs, next, err := s.Store.EndingGrants(ctx, before, jobPage, cursor)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if err := fn(g); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		cursor = next
	}
}

// ExpireGrants marks expired, with an audit entry, every grant whose end passed, and
// returns how many. Access already ended at its end: readers judge it themselves.
func (s *Service) ExpireGrants(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	err := s.eachEnding(ctx, now, func(g portal.Grant) error {
		if g.ActiveAt(now) {
			return nil
		}
		before := g
		g.Status = portal.GrantExpired
		switch err := s.Store.Table().Transact(ctx, store.PutGrant(g), s.SystemAudit(g.OrgID, ActExpire, grantTarget(g), before, g)); {
		case portal.Is(err, portal.Conflict):
			return nil
		case err != nil:
			return err
		}
		n++
		return nil
	})
	return n, err
}

// reminderDue is the expiry reminder g's holder should get at now, 0 for none: the
// latest of ExpiryReminders whose day has come and that was not sent.
func reminderDue(g portal.Grant, now time.Time) int {
	left := g.Expires.Sub(now)
	due := 0
	for _, d := range ExpiryReminders {
		if left <= days(d) && !slices.Contains(g.Reminded, d) {
			due = d
		}
	}
	return due
}

// RemindExpiring mails the holders of grants that end within the first of
// ExpiryReminders' days, once per reminder and end date, and returns how many mails
// it queued. A reminder marks the grant, in the same transaction as its mail, with
// it and every earlier one, so that a late run sends only the latest.
func (s *Service) RemindExpiring(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	err := s.eachEnding(ctx, now.Add(days(slices.Max(ExpiryReminders))), func(g portal.Grant) error {
		due := reminderDue(g, now)
		if !g.ActiveAt(now) || due == 0 {
			return nil
		}
		acc, err := s.Store.Account(ctx, g.OrgID, g.UserID)
		if portal.Is(err, portal.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, d := range ExpiryReminders {
			if d >= due && !slices.Contains(g.Reminded, d) {
				g.Reminded = append(g.Reminded, d)
			}
		}
		m, err := s.mailOp(acc.Email, acc.Lang, "access_expiry", "", map[string]any{
			"Name": acc.FirstName, "Application": g.AppName.In(acc.Lang), "Expires": dateIn(g.Expires, acc.Lang),
			"Days": int(math.Ceil(g.Expires.Sub(now).Hours() / 24)), "Link": s.link(PageMyApplications),
		})
		if err != nil {
			return err
		}
		switch err := s.Store.Table().Transact(ctx, store.PutGrant(g), m); {
		case portal.Is(err, portal.Conflict):
			return nil
		case err != nil:
			return err
		}
		n++
		return nil
	})
	return n, err
}
