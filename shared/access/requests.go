package access

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Audit actions, one per step of a request's life.
const (
	ActRequest       = "access.request"
	ActRequestExtend = "access.request_extension"
	ActCancel        = "access.cancel"
	ActApprove       = "access.approve"
	ActExtend        = "access.extend"
	ActRefuse        = "access.refuse"
	ActExpire        = "access.expire"
	ActRemove        = "access.remove"
)

// Audit actions of an account someone asked for in an address's name ("Request a
// new user"): its owner claimed it (proved they hold the address by a mailed link),
// superseded it (signed up themselves), or it expired with its last request.
const (
	ActNewUserClaimed    = "newuser.claimed"
	ActNewUserSuperseded = "newuser.superseded"
	ActNewUserExpired    = "newuser.expired"
)

// Holding is a grant the person holds, with its catalog entry (nil when the
// application left the catalog).
type Holding struct {
	Grant portal.Grant
	App   *portal.Application
	// Extendable says whether the person may ask to extend it now: it ends, its
	// application is still requestable with a duration, and no request for it waits.
	Extendable bool
}

// Overview is everything "Manage applications" shows a person.
type Overview struct {
	// Current are the grants that give access now.
	Current []Holding
	// Available are the applications the person may request now: in the catalog,
	// not held, not already asked for.
	Available []portal.Application
	// Requests are all the person's requests, newest first, whatever their status.
	Requests []portal.AccessRequest
	// Refused are the refusals that hold: applications the person may not ask for
	// until an operator lifts the refusal.
	Refused []portal.Refusal
}

// Requestable lists the catalog's applications that can be requested, by name in
// lang.
func (s *Service) Requestable(ctx context.Context, lang string) ([]portal.Application, error) {
	all, err := s.Store.Applications(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(a portal.Application) bool { return a.Archived })
	SortByName(out, lang)
	return out, nil
}

// SortByName orders applications by their name in lang.
func SortByName(apps []portal.Application, lang string) {
	slices.SortFunc(apps, func(a, b portal.Application) int {
		return strings.Compare(store.SearchKey(a.Name.In(lang)), store.SearchKey(b.Name.In(lang)))
	})
}

// Overview reads a person's applications and requests in two round trips: the
// catalog, and the person's grants and requests together.
func (s *Service) Overview(ctx context.Context, userID, lang string) (Overview, error) {
	all, err := s.Store.Applications(ctx)
	if err != nil {
		return Overview{}, err
	}
	mine, err := s.Store.UserApplications(ctx, userID)
	if err != nil {
		return Overview{}, err
	}
	requests := mine.Requests
	if requests == nil {
		requests = []portal.AccessRequest{}
	}
	now := s.now()
	SortByName(all, lang)
	busy := busyApps(mine, now)
	out := Overview{Current: []Holding{}, Available: []portal.Application{}, Requests: requests, Refused: mine.Refusals}
	if out.Refused == nil {
		out.Refused = []portal.Refusal{}
	}
	for _, g := range mine.Grants {
		if !g.ActiveAt(now) {
			continue
		}
		h := Holding{Grant: g}
		if i := slices.IndexFunc(all, func(a portal.Application) bool { return a.ID == g.AppID }); i >= 0 {
			h.App = &all[i]
			h.Extendable = !g.Expires.IsZero() && !h.App.Archived && h.App.DurationDays > 0 && !pending(requests, g.AppID)
		}
		out.Current = append(out.Current, h)
	}
	for _, a := range all {
		if !a.Archived && busy[a.ID] == "" {
			out.Available = append(out.Available, a)
		}
	}
	return out, nil
}

// busyApps names, per application, why the person cannot ask for it again (nor be
// given it): an active grant, a pending request, or a refusal that holds, which
// comes first since nothing but an operator lifts it.
func busyApps(mine store.UserApps, now time.Time) map[string]string {
	busy := map[string]string{}
	for _, g := range mine.Grants {
		if g.ActiveAt(now) {
			busy[g.AppID] = "already_granted"
		}
	}
	for _, r := range mine.Requests {
		if r.Status == portal.RequestPending && r.Kind == portal.KindAccess {
			busy[r.AppID] = "already_requested"
		}
	}
	for _, r := range mine.Refusals {
		busy[r.AppID] = CodeRefused
	}
	return busy
}

// CodeRefused is the error code of a request for an application whose refusal
// holds.
const CodeRefused = "access_refused"

// errRefused refuses to ask for, or give, an application whose refusal holds.
func errRefused(appID string) error {
	return portal.E(portal.Conflict, CodeRefused, "access to "+appID+" was refused; only an operator can lift the refusal")
}

// pending reports whether one of requests for appID waits for a decision.
func pending(requests []portal.AccessRequest, appID string) bool {
	return slices.ContainsFunc(requests, func(r portal.AccessRequest) bool {
		return r.AppID == appID && r.Status == portal.RequestPending
	})
}

// wish is one request to file: an application, what is asked of it, and the grant
// an extension extends.
type wish struct {
	app   portal.Application
	kind  portal.RequestKind
	grant *portal.Grant
}

// pick checks the applications a submission names against the catalog and what the
// person already holds or asks for. Ids named twice count once.
func pick(catalog []portal.Application, ids []string, busy map[string]string) ([]wish, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	var f portal.Fields
	switch {
	case len(ids) == 0:
		f.Add("applications", "required")
	case len(ids) > MaxPerSubmission:
		f.Add("applications", "too_many")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	wishes := make([]wish, 0, len(ids))
	for _, id := range ids {
		i := slices.IndexFunc(catalog, func(a portal.Application) bool { return a.ID == id })
		if i < 0 || catalog[i].Archived {
			f.Add("applications", "unknown_application")
			return nil, f.Err()
		}
		wishes = append(wishes, wish{app: catalog[i], kind: portal.KindAccess})
	}
	for _, w := range wishes {
		if why := busy[w.app.ID]; why != "" {
			return nil, busyErr(why, w.app.ID)
		}
	}
	return wishes, nil
}

// busyErr is the refusal busyApps's reason gives.
func busyErr(why, appID string) error {
	if why == CodeRefused {
		return errRefused(appID)
	}
	return portal.E(portal.Conflict, why, "the person already holds or asked for "+appID)
}

// asker is the person a submission is for, as their requests copy them.
type asker struct {
	acc     store.Account
	orgName string
	// vetted is false for a person who has no account yet: whatever the application,
	// their requests wait for its approver.
	vetted bool
}

// filing is what a submission writes: the requests, every table step, and the
// account when approving at once changed it (nil otherwise).
type filing struct {
	requests []portal.AccessRequest
	ops      []table.Op
	acc      *store.Account
}

// file numbers each wish and files it as a pending request or, when the application
// needs no approval and the person is known, as a request approved at once with its
// grant and mail. The confirmation mail lists them all.
func (s *Service) file(ctx context.Context, who asker, wishes []wish, comment string, audit Auditor) (filing, error) {
	now := s.now()
	var f filing
	acc := who.acc
	var lines []map[string]any
	for _, w := range wishes {
		number, err := s.Store.NextRequestNumber(ctx, now)
		if err != nil {
			return filing{}, err
		}
		approver := w.app.Approver
		if approver == "" {
			approver = portal.ApproverOperators
		}
		r := portal.AccessRequest{
			Number: number, OrgID: acc.OrgID, OrgName: who.orgName, UserID: acc.ID,
			RequesterName: fullName(acc.User), RequesterEmail: acc.Email,
			AppID: w.app.ID, AppName: w.app.Name, Kind: w.kind, Approver: approver,
			Status: portal.RequestPending, Comment: comment, Created: now, Deadline: now.Add(days(s.decisionDays())),
		}
		action := ActRequest
		if w.kind == portal.KindExtension {
			action = ActRequestExtend
		}
		f.ops = append(f.ops, audit(r.OrgID, action, target(r), nil, r))
		if !w.app.ApprovalNeeded && who.vetted {
			pending := r
			r.Status, r.Decided, r.DecidedBy = portal.RequestApproved, now, System
			more, next, err := s.approval(r, w.app, acc, w.grant)
			if err != nil {
				return filing{}, err
			}
			f.ops = append(f.ops, audit(r.OrgID, decisionAction(r), target(r), pending, r))
			f.ops = append(f.ops, more...)
			if next != nil {
				acc, f.acc = *next, next
			}
		}
		f.ops = append(f.ops, store.CreateAccessRequest(r)...)
		r.Version = 1
		f.requests = append(f.requests, r)
		lines = append(lines, map[string]any{"Number": r.Number, "Application": r.AppName.In(acc.Lang),
			"Approved": r.Status == portal.RequestApproved, "Extension": r.Kind == portal.KindExtension})
	}
	m, err := s.mailOp(acc.Email, acc.Lang, "access_received", "", map[string]any{
		"Name": acc.FirstName, "Requests": lines, "Days": s.decisionDays(),
		"NewUser": !who.vetted, "Link": s.link(PageMyApplications),
	})
	if err != nil {
		return filing{}, err
	}
	f.ops = append(f.ops, m)
	return f, nil
}

// write applies a filing or a decision: with the account's save when it changed.
func (s *Service) write(ctx context.Context, acc *store.Account, ops []table.Op) error {
	if acc != nil {
		return s.Store.SaveAccount(ctx, *acc, ops...)
	}
	return s.Store.Table().Transact(ctx, ops...)
}

func target(r portal.AccessRequest) string { return "access_request:" + r.Number }

func grantTarget(g portal.Grant) string { return "grant:" + g.UserID + ":" + g.AppID }

// member reads a signed-in person's account and organisation.
func (s *Service) member(ctx context.Context, orgID, userID string) (asker, error) {
	acc, err := s.Store.Account(ctx, orgID, userID)
	if err != nil {
		return asker{}, err
	}
	org, err := s.Store.Organisation(ctx, orgID)
	if err != nil {
		return asker{}, err
	}
	return asker{acc: acc, orgName: org.Name, vetted: true}, nil
}

// Submit files a signed-in person's requests for one or more applications, with the
// confirmation mail, and returns them.
func (s *Service) Submit(ctx context.Context, orgID, userID string, appIDs []string, comment string, audit Auditor) ([]portal.AccessRequest, error) {
	catalog, err := s.Store.Applications(ctx)
	if err != nil {
		return nil, err
	}
	mine, err := s.Store.UserApplications(ctx, userID)
	if err != nil {
		return nil, err
	}
	wishes, err := pick(catalog, appIDs, busyApps(mine, s.now()))
	if err != nil {
		return nil, err
	}
	for i, w := range wishes {
		// An expired grant is replaced by the new one, on the condition that it is
		// still the one read.
		if j := slices.IndexFunc(mine.Grants, func(g portal.Grant) bool { return g.AppID == w.app.ID }); j >= 0 {
			wishes[i].grant = &mine.Grants[j]
		}
	}
	who, err := s.member(ctx, orgID, userID)
	if err != nil {
		return nil, err
	}
	f, err := s.file(ctx, who, wishes, comment, audit)
	if err != nil {
		return nil, err
	}
	if err := s.write(ctx, f.acc, f.ops); err != nil {
		return nil, conflict(err)
	}
	return f.requests, nil
}

// Extend files a request to extend a grant that ends; it goes to the application's
// approver like a first request.
func (s *Service) Extend(ctx context.Context, orgID, userID, appID, comment string, audit Auditor) (portal.AccessRequest, error) {
	g, err := s.Store.Grant(ctx, orgID, userID, appID)
	if portal.Is(err, portal.NotFound) || (err == nil && !g.ActiveAt(s.now())) {
		return portal.AccessRequest{}, portal.E(portal.NotFound, "grant_not_found", "no current access to this application")
	}
	if err != nil {
		return portal.AccessRequest{}, err
	}
	app, err := s.Store.Application(ctx, appID)
	if err != nil && !portal.Is(err, portal.NotFound) {
		return portal.AccessRequest{}, err
	}
	if err != nil || g.Expires.IsZero() || app.Archived || app.DurationDays == 0 {
		return portal.AccessRequest{}, portal.E(portal.Conflict, "not_extendable", "this access does not end or can no longer be extended")
	}
	mine, err := s.Store.UserApplications(ctx, userID)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	if busyApps(mine, s.now())[appID] == CodeRefused {
		return portal.AccessRequest{}, errRefused(appID)
	}
	if pending(mine.Requests, appID) {
		return portal.AccessRequest{}, portal.E(portal.Conflict, "already_requested", "a request for this application is pending")
	}
	who, err := s.member(ctx, orgID, userID)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	f, err := s.file(ctx, who, []wish{{app: app, kind: portal.KindExtension, grant: &g}}, comment, audit)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	if err := s.write(ctx, f.acc, f.ops); err != nil {
		return portal.AccessRequest{}, conflict(err)
	}
	return f.requests[0], nil
}

// Cancel withdraws one of the person's own pending requests.
func (s *Service) Cancel(ctx context.Context, orgID, userID, number string, audit Auditor) (portal.AccessRequest, error) {
	r, err := s.Store.AccessRequest(ctx, orgID, number)
	if err == nil && r.UserID != userID {
		err = portal.E(portal.NotFound, "not_found", "not one of the person's requests")
	}
	if err != nil {
		return portal.AccessRequest{}, requestNotFound(err)
	}
	if r.Status != portal.RequestPending {
		return portal.AccessRequest{}, portal.E(portal.Conflict, "already_decided", "the request is no longer pending")
	}
	before := r
	r.Status, r.Decided, r.DecidedBy = portal.RequestCancelled, s.now(), userID
	ops := append(store.UpdateAccessRequest(r), audit(r.OrgID, ActCancel, target(r), before, r))
	if err := s.Store.Table().Transact(ctx, ops...); err != nil {
		return portal.AccessRequest{}, conflict(err)
	}
	r.Version++
	return r, nil
}

// Remove ends the person's own current access to an application.
func (s *Service) Remove(ctx context.Context, orgID, userID, appID string, audit Auditor) error {
	g, err := s.Store.Grant(ctx, orgID, userID, appID)
	if portal.Is(err, portal.NotFound) || (err == nil && !g.ActiveAt(s.now())) {
		return portal.E(portal.NotFound, "grant_not_found", "no current access to this application")
	}
	if err != nil {
		return err
	}
	if err := s.Store.Table().Transact(ctx, store.DeleteGrant(g), audit(orgID, ActRemove, grantTarget(g), g, nil)); err != nil {
		return conflict(err)
	}
	return nil
}

// requestNotFound gives a missing request the code clients see.
func requestNotFound(err error) error {
	if portal.Is(err, portal.NotFound) {
		return portal.Wrap(portal.NotFound, "request_not_found", err)
	}
	return err
}
