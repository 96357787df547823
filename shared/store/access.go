package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// NextRequestNumber hands out the next access request number of now's year
// (REQ-2026-000042). One atomic increment per number: concurrent requests get
// distinct, consecutive numbers without retrying. A number whose request then fails
// to be written is lost, which leaves a gap but never a duplicate.
func (s *Store) NextRequestNumber(ctx context.Context, now time.Time) (string, error) {
	numbers, err := s.NextRequestNumbers(ctx, now, 1)
	if err != nil {
		return "", err
	}
	return numbers[0], nil
}

// NextRequestNumbers hands out n (at least 1) consecutive numbers of now's year in
// one atomic increment, for a writer that files many requests at once (the load
// tests' generated data).
func (s *Store) NextRequestNumbers(ctx context.Context, now time.Time, n int) ([]string, error) {
	year := now.UTC().Year()
	last, err := s.t.Increment(ctx, requestCounterKey(year), int64(n))
	if err != nil {
		return nil, err
	}
	out := make([]string, n)
	for i := range out {
		out[i] = portal.RequestNumber(year, last-int64(n-1-i))
	}
	return out, nil
}

// waiting is the marker of a pending request in the waiting partition.
type waiting struct {
	OrgID    string          `json:"orgId"`
	Number   string          `json:"number"`
	Approver portal.Approver `json:"approver"`
	Created  time.Time       `json:"created"`
}

// numberGuard is what a request number's guard points at.
type numberGuard struct {
	OrgID string `json:"orgId"`
}

// accessRequestItem is the stored request: in its requester's applications (GSI1)
// always, and in its approver's queue (GSI2) while pending.
func accessRequestItem(r portal.AccessRequest) table.Item {
	k := accessRequestKey(r.OrgID, r.Number)
	it := table.Item{PK: k.PK, SK: k.SK, GSI1PK: userAppsIndex(r.UserID), GSI1SK: k.SK, Version: r.Version, Data: encode(r)}
	if r.Status == portal.RequestPending {
		it.GSI2PK, it.GSI2SK = pendingIndex(r.Approver, r.OrgID), r.Number
	}
	return it
}

func waitingItem(r portal.AccessRequest) table.Item {
	k := waitingKey(r.Deadline, r.Number)
	return table.Item{PK: k.PK, SK: k.SK, Version: 1, Data: encode(waiting{OrgID: r.OrgID, Number: r.Number, Approver: r.Approver, Created: r.Created})}
}

// CreateAccessRequest returns the steps that file a new request: the request, the
// guard of its number and, while it is pending, its waiting marker, each on the
// condition that it is new. Callers add them to the transaction of what else the
// request writes (the mail, the audit entry, the requester's account).
func CreateAccessRequest(r portal.AccessRequest) []table.Op {
	r.Version = 1
	g := requestNumberGuard(r.Number)
	ops := []table.Op{
		table.Put(accessRequestItem(r), table.IfAbsent()),
		table.Put(table.Item{PK: g.PK, SK: g.SK, Version: 1, Data: encode(numberGuard{OrgID: r.OrgID})}, table.IfAbsent()),
	}
	if r.Status == portal.RequestPending {
		ops = append(ops, table.Put(waitingItem(r), table.IfAbsent()))
	}
	return ops
}

// UpdateAccessRequest returns the steps that write a changed request on the condition
// that it is still at the version r.Version that was read, so that of two deciders
// only one wins. The first step is the request's; a request that is no longer
// pending also loses its waiting marker.
func UpdateAccessRequest(r portal.AccessRequest) []table.Op {
	prev := r.Version
	r.Version++
	ops := []table.Op{table.Put(accessRequestItem(r), table.IfVersion(prev))}
	if r.Status != portal.RequestPending {
		ops = append(ops, leaveWaiting(r))
	}
	return ops
}

// leaveWaiting is the step that takes a request that stops being pending out of
// the waiting partition. Its approver's queue, an index of the request's own item,
// drops it with the write of that item.
func leaveWaiting(r portal.AccessRequest) table.Op {
	return table.Delete(waitingKey(r.Deadline, r.Number), table.Cond{})
}

func decodeRequest(it table.Item) (portal.AccessRequest, error) {
	r, err := decode[portal.AccessRequest](it)
	r.Version = it.Version
	return r, err
}

func decodeRequests(items []table.Item) ([]portal.AccessRequest, error) {
	out := make([]portal.AccessRequest, 0, len(items))
	for _, it := range items {
		r, err := decodeRequest(it)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// AccessRequest reads one request of an organisation.
func (s *Store) AccessRequest(ctx context.Context, orgID, number string) (portal.AccessRequest, error) {
	it, err := s.t.Get(ctx, accessRequestKey(orgID, number))
	if err != nil {
		return portal.AccessRequest{}, err
	}
	return decodeRequest(it)
}

// AccessRequestByNumber finds a request of any organisation from its number alone, in
// two round trips (the number's guard, then the request): the back office's way in.
func (s *Store) AccessRequestByNumber(ctx context.Context, number string) (portal.AccessRequest, error) {
	g, _, err := get[numberGuard](ctx, s.t, requestNumberGuard(number))
	if err != nil {
		return portal.AccessRequest{}, err
	}
	return s.AccessRequest(ctx, g.OrgID, number)
}

// UserApps is what a person holds and asked for of the applications.
type UserApps struct {
	// Grants are their grants, expired ones included, by application id.
	Grants []portal.Grant
	// Requests are their requests, newest first.
	Requests []portal.AccessRequest
	// Refusals are the refusals that hold, by application id.
	Refusals []portal.Refusal
}

// UserApplications reads a person's grants, requests and refusals that hold in one
// query. A person holds and asks for a few applications a year; one page of the
// largest size holds them.
func (s *Store) UserApplications(ctx context.Context, userID string) (UserApps, error) {
	page, err := s.t.Query(ctx, table.Query{Index: table.GSI1, PK: userAppsIndex(userID), Backward: true, Limit: table.MaxLimit})
	if err != nil {
		return UserApps{}, err
	}
	var out UserApps
	for _, it := range page.Items {
		switch {
		case strings.HasPrefix(it.GSI1SK, "GRANT#"):
			g, err := decodeGrant(it)
			if err != nil {
				return UserApps{}, err
			}
			out.Grants = append(out.Grants, g)
		case strings.HasPrefix(it.GSI1SK, "REFUSAL#"):
			r, err := decodeRefusal(it)
			if err != nil {
				return UserApps{}, err
			}
			out.Refusals = append(out.Refusals, r)
		default:
			r, err := decodeRequest(it)
			if err != nil {
				return UserApps{}, err
			}
			out.Requests = append(out.Requests, r)
		}
	}
	slices.Reverse(out.Grants)
	slices.Reverse(out.Refusals)
	return out, nil
}

// PendingQuery asks for one page of an approver's queue: the operators' queue, or
// the queue of the administrators of OrgID.
type PendingQuery struct {
	Approver portal.Approver
	OrgID    string
	// Match, when set, keeps only the requests it accepts (application, organisation).
	Match  func(portal.AccessRequest) bool
	Limit  int
	Cursor string
}

// The bounds of one queue page: a filtered page reads at most two table pages.
const (
	queueReads    = 2
	queueReadSize = 200
	maxQueuePage  = 100
)

// PendingAccessRequests reads one page of an approver's queue, oldest first, and the
// cursor of the next page ("" at the end). A filtered page may be short while a
// cursor remains; its cost never depends on the size of the queue.
func (s *Store) PendingAccessRequests(ctx context.Context, q PendingQuery) ([]portal.AccessRequest, string, error) {
	limit := q.Limit
	if limit <= 0 || limit > maxQueuePage {
		limit = maxQueuePage / 2
	}
	readSize, reads := limit, 1
	if q.Match != nil {
		readSize, reads = queueReadSize, queueReads
	}
	var out []portal.AccessRequest
	tq := table.Query{Index: table.GSI2, PK: pendingIndex(q.Approver, q.OrgID), Cursor: q.Cursor}
	_, next, err := s.filteredPage(ctx, tq, limit, readSize, reads, func(it table.Item) (bool, error) {
		r, err := decodeRequest(it)
		if err != nil || (q.Match != nil && !q.Match(r)) {
			return false, err
		}
		out = append(out, r)
		return true, nil
	})
	return out, next, err
}

// AccessRequests reads the named requests of any organisations in one round trip
// (at most table.MaxTransact), skipping those that are gone.
func (s *Store) AccessRequests(ctx context.Context, which []WaitingRequest) ([]portal.AccessRequest, error) {
	keys := make([]table.Key, len(which))
	for i, w := range which {
		keys[i] = accessRequestKey(w.OrgID, w.Number)
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return nil, err
	}
	return decodeRequests(items)
}

// WaitingRequest names a pending request of any organisation, as the jobs find it.
type WaitingRequest struct {
	OrgID    string
	Number   string
	Approver portal.Approver
	Created  time.Time
	Deadline time.Time
}

// WaitingAccessRequests reads one page of the pending requests of every organisation
// whose deadline is at or before before, soonest deadline first.
func (s *Store) WaitingAccessRequests(ctx context.Context, before time.Time, limit int, cursor string) ([]WaitingRequest, string, error) {
	// '~' sorts after every character of a number, so the bound takes every marker of
	// the last second.
	page, err := s.t.Query(ctx, table.Query{PK: waitingPartition, To: before.UTC().Format(keyTime) + "#~", Limit: limit, Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	out := make([]WaitingRequest, 0, len(page.Items))
	for _, it := range page.Items {
		w, err := decode[waiting](it)
		if err != nil {
			return nil, "", err
		}
		deadline, err := time.Parse(keyTime, it.SK[:len(keyTime)])
		if err != nil {
			return nil, "", portal.Internalf("store: waiting marker %s: %w", it.SK, err)
		}
		out = append(out, WaitingRequest{OrgID: w.OrgID, Number: w.Number, Approver: w.Approver, Created: w.Created, Deadline: deadline})
	}
	return out, page.Next, nil
}

// grantItem is the stored grant: in its holder's applications (GSI1) always, and in
// the expiry index (GSI2) while it is active and has an end.
func grantItem(g portal.Grant) table.Item {
	k := grantKey(g.OrgID, g.UserID, g.AppID)
	it := table.Item{PK: k.PK, SK: k.SK, GSI1PK: userAppsIndex(g.UserID), GSI1SK: "GRANT#" + g.AppID, Version: g.Version, Data: encode(g)}
	if g.Status == portal.GrantActive && !g.Expires.IsZero() {
		it.GSI2PK, it.GSI2SK = grantExpiryIndex, g.Expires.UTC().Format(keyTime)+"#"+k.PK+"#"+k.SK
	}
	return it
}

// PutGrant returns the step that writes g: a new grant when g.Version is 0 (on the
// condition that there is none), else over the version g.Version that was read.
func PutGrant(g portal.Grant) table.Op {
	cond := table.IfVersion(g.Version)
	if g.Version == 0 {
		cond = table.IfAbsent()
	}
	g.Version++
	return table.Put(grantItem(g), cond)
}

// DeleteGrant returns the step that removes g on the condition that it is still at
// the version g.Version that was read.
func DeleteGrant(g portal.Grant) table.Op {
	return table.Delete(grantKey(g.OrgID, g.UserID, g.AppID), table.IfVersion(g.Version))
}

func decodeGrant(it table.Item) (portal.Grant, error) {
	g, err := decode[portal.Grant](it)
	g.Version = it.Version
	return g, err
}

// Grant reads a person's grant of one application, expired or not.
func (s *Store) Grant(ctx context.Context, orgID, userID, appID string) (portal.Grant, error) {
	it, err := s.t.Get(ctx, grantKey(orgID, userID, appID))
	if err != nil {
		return portal.Grant{}, err
	}
	return decodeGrant(it)
}

// EndingGrants reads one page of the active grants of every organisation that end at
// or before before, soonest first.
func (s *Store) EndingGrants(ctx context.Context, before time.Time, limit int, cursor string) ([]portal.Grant, string, error) {
	page, err := s.t.Query(ctx, table.Query{Index: table.GSI2, PK: grantExpiryIndex, To: before.UTC().Format(keyTime) + "#~", Limit: limit, Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	out := make([]portal.Grant, 0, len(page.Items))
	for _, it := range page.Items {
		g, err := decodeGrant(it)
		if err != nil {
			return nil, "", err
		}
		out = append(out, g)
	}
	return out, page.Next, nil
}
