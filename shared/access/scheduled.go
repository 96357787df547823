package access

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
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

// eachPage calls fn on every item of a paged read, stopping at the first error: read
// returns the page at cursor and the next page's cursor, "" after the last.
func eachPage[T any](read func(cursor string) ([]T, string, error), fn func(T) error) error {
	cursor := ""
	for {
		items, next, err := read(cursor)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		cursor = next
	}
}

// counting turns a job's step into the function eachWaiting or eachEnding calls,
// adding to n each item the step changed.
func counting[T any](n *int, step func(T) (bool, error)) func(T) error {
	return func(it T) error {
		done, err := step(it)
		if done {
			*n++
		}
		return err
	}
}

// changed reads the outcome of a job's transaction: a conflict means the item
// changed since the job read it (decided in between, or handled by another run at
// once), so there is nothing left to do and no failure either.
func changed(err error) (bool, error) {
	if portal.Is(err, portal.Conflict) {
		return false, nil
	}
	return err == nil, err
}

// eachWaiting reads the pending requests whose deadline is at or before before, one
// page at a time.
func (s *Service) eachWaiting(ctx context.Context, before time.Time, fn func(portal.AccessRequest) error) error {
	read := func(cursor string) ([]portal.AccessRequest, string, error) {
		ws, next, err := s.Store.WaitingAccessRequests(ctx, before, jobPage, cursor)
		if err != nil {
			return nil, "", err
		}
		rs, err := s.Store.AccessRequests(ctx, ws)
		return rs, next, err
	}
	return eachPage(read, func(r portal.AccessRequest) error {
		if r.Status != portal.RequestPending {
			return nil
		}
		return fn(r)
	})
}

// RefuseStale refuses every pending request whose deadline passed, each with its
// mail, and returns how many it refused. A request decided in between is left alone.
func (s *Service) RefuseStale(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	err := s.eachWaiting(ctx, now, counting(&n, func(r portal.AccessRequest) (bool, error) {
		if now.Before(r.Deadline) {
			return false, nil
		}
		_, err := s.decide(ctx, r, false, "", System, s.SystemAudit)
		done, err := changed(err)
		if done {
			err = s.dropUnclaimed(ctx, r)
		}
		return done, err
	}))
	return n, err
}

// dropUnclaimed deletes the requester of r, just refused, when their account is
// unclaimed and nothing of theirs waits any more: someone asked for it in the
// address's name, its owner never came, and the address is free again. A change
// in between (a claim, a new request) leaves the account alone.
func (s *Service) dropUnclaimed(ctx context.Context, r portal.AccessRequest) error {
	acc, err := s.Store.Account(ctx, r.OrgID, r.UserID)
	if portal.Is(err, portal.NotFound) || err == nil && !acc.Unclaimed {
		return nil
	}
	if err != nil {
		return err
	}
	mine, err := s.Store.UserApplications(ctx, r.UserID)
	if err != nil {
		return err
	}
	for _, q := range mine.Requests {
		if q.Status == portal.RequestPending {
			return nil
		}
	}
	_, err = s.Store.DeleteAccount(ctx, r.OrgID, r.UserID, func(a store.Account) ([]table.Op, error) {
		if a.Version != acc.Version {
			return nil, portal.E(portal.Conflict, "account_changed", "the account changed since it was read")
		}
		return []table.Op{s.SystemAudit(r.OrgID, ActNewUserExpired, "user:"+a.ID, expiredUser{Email: a.Email, FirstName: a.FirstName, LastName: a.LastName}, nil)}, nil
	})
	if portal.Is(err, portal.Conflict) || portal.Is(err, portal.NotFound) {
		return nil
	}
	return err
}

// expiredUser is what the audit log keeps of an expired unclaimed account.
type expiredUser struct {
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
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
			// A conflict is today's reminder, already queued.
			ok, err := changed(s.Store.Table().Transact(ctx, m))
			if err != nil {
				return sent, err
			}
			if ok {
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
	read := func(cursor string) ([]store.Account, string, error) {
		uq.Cursor = cursor
		return s.Store.UsersPage(ctx, uq)
	}
	var out []portal.User
	err := eachPage(read, func(a store.Account) error {
		out = append(out, a.User)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachEnding reads the active grants that end at or before before, one page at a time.
func (s *Service) eachEnding(ctx context.Context, before time.Time, fn func(portal.Grant) error) error {
	return eachPage(func(cursor string) ([]portal.Grant, string, error) {
		return s.Store.EndingGrants(ctx, before, jobPage, cursor)
	}, fn)
}

// ExpireGrants marks expired, with an audit entry, every grant whose end passed, and
// returns how many. Access already ended at its end: readers judge it themselves.
func (s *Service) ExpireGrants(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	err := s.eachEnding(ctx, now, counting(&n, func(g portal.Grant) (bool, error) {
		if g.ActiveAt(now) {
			return false, nil
		}
		before := g
		g.Status = portal.GrantExpired
		return changed(s.Store.Table().Transact(ctx, store.PutGrant(g), s.SystemAudit(g.OrgID, ActExpire, grantTarget(g), before, g)))
	}))
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
	err := s.eachEnding(ctx, now.Add(days(slices.Max(ExpiryReminders))), counting(&n, func(g portal.Grant) (bool, error) {
		due := reminderDue(g, now)
		if !g.ActiveAt(now) || due == 0 {
			return false, nil
		}
		acc, err := s.Store.Account(ctx, g.OrgID, g.UserID)
		if portal.Is(err, portal.NotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
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
			return false, err
		}
		return changed(s.Store.Table().Transact(ctx, store.PutGrant(g), m))
	}))
	return n, err
}
