package closing

import (
	"net/http"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/closing"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// Closing is a person's request to close their own account, from "My account",
// and its administrators' side: the organisation's queue of such requests, granted
// (the account is deleted) or declined with a reason.
var Closing = httpapi.Feature{Name: "closing", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/me/closure", d.myClosure)
	rt.Handle("POST /api/v1/me/closure", d.askClosure)
	rt.Handle("POST /api/v1/me/closure/withdraw", d.withdrawClosure)
	rt.Handle("GET /api/v1/org/closure-requests", d.listClosures)
	rt.Handle("POST /api/v1/org/closure-requests/{id}/grant", d.grantClosure)
	rt.Handle("POST /api/v1/org/closure-requests/{id}/decline", d.declineClosure)
}}

func (d *deps) closing() *closing.Service {
	return &closing.Service{Store: d.Store, BaseURL: d.BaseURL, Now: d.Time}
}

// closureAuditor records the steps of a request in the audit log, naming the
// signed-in person.
func (d *deps) closureAuditor(r *http.Request) closing.Auditor {
	return func(orgID, action, target string, before, after any) table.Op {
		return d.Audit(r.Context(), orgID, action, target, before, after)
	}
}

// member returns the signed-in member of a customer organisation, when they act as
// themselves: someone logged in as them may not ask to close their account.
func member(r *http.Request, personal bool) (portal.Principal, error) {
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err == nil && !portal.IsCustomerOrg(p.OrgID) {
		err = portal.E(portal.Forbidden, "forbidden", "only customers' members close their account here")
	}
	if err == nil && personal && p.Actor != nil {
		err = portal.E(portal.Forbidden, "impersonation_forbidden", "only the person may ask this")
	}
	return p, err
}

// closureView is the person's request, null when they have none.
type closureView struct {
	Request *portal.ClosureRequest `json:"request"`
}

func (d *deps) myClosure(w http.ResponseWriter, r *http.Request) error {
	p, err := member(r, false)
	if err != nil {
		return err
	}
	c, err := d.closing().Mine(r.Context(), p.OrgID, p.UserID)
	if portal.Is(err, portal.NotFound) {
		return httpapi.Reply(w, closureView{})
	}
	if err != nil {
		return err
	}
	return httpapi.Reply(w, closureView{Request: &c})
}

type closureBody struct {
	Comment string `json:"comment"`
}

// askClosure files the person's request. Its body is an object, {} for no comment:
// a bare null asks nothing.
func (d *deps) askClosure(w http.ResponseWriter, r *http.Request) error {
	var body *closureBody
	if err := httpapi.Decode(r, &body); err != nil {
		return err
	}
	if body == nil {
		return portal.E(portal.Invalid, "malformed_json", "the body must be a JSON object")
	}
	in := *body
	p, err := member(r, true)
	if err != nil {
		return err
	}
	c, err := d.closing().Ask(r.Context(), p.OrgID, p.UserID, in.Comment, d.closureAuditor(r))
	if err != nil {
		return err
	}
	return httpapi.Created(w, c)
}

func (d *deps) withdrawClosure(w http.ResponseWriter, r *http.Request) error {
	p, err := member(r, true)
	if err != nil {
		return err
	}
	c, err := d.closing().Withdraw(r.Context(), p.OrgID, p.UserID, d.closureAuditor(r))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, c)
}

// listClosures is the organisation's queue of pending requests, oldest first.
func (d *deps) listClosures(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 50, 100)
	if err != nil {
		return err
	}
	items, next, err := d.closing().Queue(r.Context(), p.OrgID, limit, cursor)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[portal.ClosureRequest]{Items: items, Next: next})
}

// closureDecider returns the administrator and the person whose request the path
// names; an administrator's own request is for another administrator to decide.
func closureDecider(r *http.Request) (portal.Principal, string, error) {
	p, id, err := httpapi.OrgAdminItem(r)
	if err == nil && id == p.UserID {
		err = portal.E(portal.Forbidden, "closure_own_request", "another administrator decides one's own request")
	}
	return p, id, err
}

// grantClosure closes the account of a pending request: the person, their rights
// and sessions are deleted, and they are told by mail.
func (d *deps) grantClosure(w http.ResponseWriter, r *http.Request) error {
	p, id, err := closureDecider(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	ends, err := d.WithSessionEnds(ctx, id)
	if err != nil {
		return err
	}
	if err := d.closing().Grant(ctx, p.OrgID, id, d.closureAuditor(r), ends); err != nil {
		return err
	}
	if err := d.Sessions.EndOthers(ctx, id, ""); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (d *deps) declineClosure(w http.ResponseWriter, r *http.Request) error {
	var in httpapi.RefuseBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	p, id, err := closureDecider(r)
	if err != nil {
		return err
	}
	c, err := d.closing().Decline(r.Context(), p.OrgID, p.UserID, id, in.Reason, d.closureAuditor(r))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, c)
}

// deps are the platform's dependencies, on which the closing area's handlers are
// methods.
type deps struct{ *httpapi.Deps }
