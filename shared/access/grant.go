package access

import (
	"context"
	"slices"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// ActGrant is the audit action of access an administrator gave directly.
const ActGrant = "access.grant"

// Member is one person of an organisation as their administrators see their
// applications: what they hold now, and what the administrators may give them.
type Member struct {
	Current []portal.Grant
	// Grantable are the catalog's applications the administrators may give the
	// person now: ones they approve, or that need no approval, not held, not
	// already asked for and not refused for good.
	Grantable []portal.Application
	// Refused are the refusals that hold, which keep their applications out of
	// Grantable until an operator lifts them.
	Refused []portal.Refusal
}

// grantable reports whether an organisation's administrators may give app
// directly: they decide its requests, or it needs no approval at all.
func grantable(app portal.Application) bool {
	return !app.Archived && (app.Approver == portal.ApproverCustomerAdmins || !app.ApprovalNeeded)
}

// grantableTo reports whether a person in this status can be given access: not one
// whose registration waits or was refused, nor a disabled account.
func grantableTo(status portal.UserStatus) bool {
	switch status {
	case portal.StatusPendingApproval, portal.StatusRefused, portal.StatusDisabled:
		return false
	}
	return true
}

// MemberApplications reads what d, an administrator, sees of a person of their
// organisation's applications.
func (s *Service) MemberApplications(ctx context.Context, d Decider, userID, lang string) (Member, error) {
	acc, err := s.Store.Account(ctx, d.OrgID, userID)
	if err != nil {
		return Member{}, personNotFound(err)
	}
	catalog, err := s.Store.Applications(ctx)
	if err != nil {
		return Member{}, err
	}
	mine, err := s.Store.UserApplications(ctx, acc.ID)
	if err != nil {
		return Member{}, err
	}
	now := s.now()
	out := Member{Current: []portal.Grant{}, Grantable: []portal.Application{}, Refused: mine.Refusals}
	for _, g := range mine.Grants {
		if g.ActiveAt(now) {
			out.Current = append(out.Current, g)
		}
	}
	if grantableTo(acc.Status) {
		busy := busyApps(mine, now)
		SortByName(catalog, lang)
		for _, a := range catalog {
			if grantable(a) && busy[a.ID] == "" {
				out.Grantable = append(out.Grantable, a)
			}
		}
	}
	return out, nil
}

// Grant gives a person of d's organisation an application directly, without a
// request of theirs. It goes the way of an approval: a request filed approved (kind
// KindGrant, numbered like any), the grant, the approval mail with the setup
// instructions (and the activation link for a person who has no password yet), and
// the audit entry. Administrators give only what they would approve: applications
// they decide, or that need no approval.
func (s *Service) Grant(ctx context.Context, d Decider, userID, appID string, audit Auditor) (portal.AccessRequest, error) {
	who, err := s.member(ctx, d.OrgID, userID)
	if err != nil {
		return portal.AccessRequest{}, personNotFound(err)
	}
	if !grantableTo(who.acc.Status) {
		return portal.AccessRequest{}, portal.E(portal.Conflict, "account_unavailable", "this person cannot be given access now")
	}
	catalog, err := s.Store.Applications(ctx)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	i := slices.IndexFunc(catalog, func(a portal.Application) bool { return a.ID == appID })
	if i < 0 || catalog[i].Archived {
		var f portal.Fields
		f.Add("application", "unknown_application")
		return portal.AccessRequest{}, f.Err()
	}
	app := catalog[i]
	if !grantable(app) {
		return portal.AccessRequest{}, portal.E(portal.Forbidden, "not_approver", "the vendor's operators decide this application")
	}
	mine, err := s.Store.UserApplications(ctx, userID)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	now := s.now()
	if why := busyApps(mine, now)[appID]; why != "" {
		return portal.AccessRequest{}, busyErr(why, appID)
	}
	var held *portal.Grant
	if j := slices.IndexFunc(mine.Grants, func(g portal.Grant) bool { return g.AppID == appID }); j >= 0 {
		held = &mine.Grants[j]
	}
	number, err := s.Store.NextRequestNumber(ctx, now)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	acc := who.acc
	r := portal.AccessRequest{
		Number: number, OrgID: acc.OrgID, OrgName: who.orgName, UserID: acc.ID,
		RequesterName: fullName(acc.User), RequesterEmail: acc.Email,
		AppID: app.ID, AppName: app.Name, Kind: portal.KindGrant, Approver: app.Approver,
		Status: portal.RequestApproved, Created: now, Deadline: now, Decided: now, DecidedBy: d.UserID,
	}
	if r.Approver == "" {
		r.Approver = portal.ApproverOperators
	}
	ops, next, err := s.approval(r, app, acc, held)
	if err != nil {
		return portal.AccessRequest{}, err
	}
	ops = append(ops, audit(r.OrgID, ActGrant, target(r), nil, r))
	ops = append(ops, store.CreateAccessRequest(r)...)
	if err := s.write(ctx, next, ops); err != nil {
		return portal.AccessRequest{}, conflict(err)
	}
	r.Version = 1
	return r, nil
}

// personNotFound gives a person missing from the administrator's organisation the
// code clients see, whoever's the id is.
func personNotFound(err error) error {
	if portal.Is(err, portal.NotFound) {
		return portal.Wrap(portal.NotFound, "user_not_found", err)
	}
	return err
}
