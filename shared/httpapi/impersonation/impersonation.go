package impersonation

import (
	"net/http"
	"strconv"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// Impersonation is "log in as user": an operator as any customer's user, an
// administrator as another user of their organisation, for a stated reason and at
// most auth.ImpersonationLimit. The person is mailed; every audit entry made
// meanwhile names both people. Ending it brings the real person back to the
// session they started it from.
var Impersonation = httpapi.Feature{Name: "impersonation", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("POST /api/v1/impersonation", d.startImpersonation)
	rt.Handle("DELETE /api/v1/impersonation", d.endImpersonation)
}}

// ReturnCookie keeps the real person's own session token while they are logged in
// as someone else. Only the impersonation route receives it (its Path), so the
// session it names does nothing until the impersonation ends. Its Path rules out the
// __Host- prefix; __Secure- still keeps plain-http pages from setting it.
const ReturnCookie = "__Secure-guichet_return"

const impersonationPath = "/api/v1/impersonation"

type impersonationBody struct {
	UserID string `json:"userId"`
	// OrgID names the customer an operator reaches; an administrator reaches their
	// own organisation only, whatever this says.
	OrgID  string `json:"orgId"`
	Reason string `json:"reason"`
}

const (
	minImpersonationReason = 10
	maxImpersonationReason = 500
)

var errImpersonationTarget = portal.E(portal.Conflict, "impersonation_unavailable", "this person cannot be logged in as")

// startImpersonation opens a session as the person, in one transaction with the
// audit entry and the mail to the person, and answers it like GET /api/v1/session. The real person's session stays alive,
// out of use, to come back to.
func (d *deps) startImpersonation(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Principal(r)
	if err != nil {
		return err
	}
	cookie, cerr := r.Cookie(d.Cookie(httpapi.SessionCookie))
	if _, ok := httpapi.SessionOf(r.Context()); !ok || cerr != nil {
		return portal.E(portal.Unauthenticated, "unauthenticated", "sign in first")
	}
	var in impersonationBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	reason := httpapi.TextField(&f, "reason", in.Reason, maxImpersonationReason, true)
	if reason != "" && len([]rune(reason)) < minImpersonationReason {
		f.Add("reason", "too_short")
	}
	if !httpapi.ValidID(in.UserID) {
		f.Add("userId", "required")
	}
	orgID := p.OrgID
	if p.Operator() {
		if orgID = in.OrgID; !httpapi.ValidID(orgID) {
			f.Add("orgId", "required")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if p.Actor != nil {
		return portal.E(portal.Conflict, "already_impersonating", "end the current log-in-as first")
	}
	ctx := r.Context()
	target, err := d.Store.Account(ctx, orgID, in.UserID)
	if portal.Is(err, portal.NotFound) || (err == nil && orgID == portal.VendorOrg) {
		return portal.E(portal.NotFound, "user_not_found", "no such user")
	}
	if err != nil {
		return err
	}
	if err := auth.Allow(p, auth.ActImpersonate, auth.Resource{OrgID: orgID, UserID: target.ID, Role: target.Role}); err != nil {
		return err
	}
	if target.Status == portal.StatusDisabled {
		return errImpersonationTarget
	}
	realUser, err := d.Store.User(ctx, p.OrgID, p.UserID)
	if err != nil {
		return err
	}
	now := d.Time().UTC()
	until := now.Add(auth.ImpersonationLimit)
	actorName, start := realUser.FirstName+" "+realUser.LastName, now.Format("2006-01-02 15:04 UTC")
	notice, err := d.SecurityNotice(target, portal.EventImpersonation, map[string]any{
		"Name": target.FirstName, "Actor": actorName, "Staff": p.Operator(),
		"Reason": reason, "Start": start, "Minutes": int(auth.ImpersonationLimit / time.Minute)},
		map[string]string{"Actor": actorName, "Staff": strconv.FormatBool(p.Operator()), "Reason": reason, "Start": start})
	if err != nil {
		return err
	}
	entry := d.Audit(r.Context(), orgID, "impersonation.start", httpapi.AuditTarget(target.ID), nil,
		map[string]any{"reason": reason, "until": until, "actorOrgId": p.OrgID})
	actor := portal.Actor{UserID: p.UserID, OrgID: p.OrgID, Role: p.Role}
	token, sess, err := d.Sessions.Impersonate(ctx, target.User, actor, portal.CallerFrom(r.Context()).Address, portal.CallerFrom(r.Context()).Device, append(notice, entry)...)
	if err != nil {
		return err
	}
	// The real session must outlive the impersonation by an idle period, since its
	// person is busy meanwhile.
	own, err := d.Sessions.KeepAlive(ctx, cookie.Value, p.UserID, sess.Expires.Add(auth.IdleTimeout))
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: d.Cookie(ReturnCookie), Value: cookie.Value, Path: impersonationPath, Expires: own.Expires,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	d.SetSessionCookie(w, token, sess.Expires)
	return httpapi.Created(w, httpapi.SessionView{User: target.User, CSRF: sess.CSRF, Actor: &actor, ImpersonationEnds: &sess.Expires})
}

// endImpersonation closes the session as the person and brings the real person
// back to their own session, answered like GET /api/v1/session. When that session
// has ended too (or the impersonation had already expired and its cookie is
// gone), the cookies are cleared and the person signs in again: 204.
func (d *deps) endImpersonation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var actorID string
	if sess, ok := httpapi.SessionOf(ctx); ok {
		if sess.Actor == nil {
			return portal.E(portal.Conflict, "not_impersonating", "no log-in-as to end")
		}
		actorID = sess.Actor.UserID
		if err := d.EndSession(r); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: d.Cookie(ReturnCookie), Value: "", Path: impersonationPath, MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	back, err := r.Cookie(d.Cookie(ReturnCookie))
	if err != nil {
		d.ClearSessionCookie(w)
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	own, err := d.Sessions.Resolve(ctx, back.Value)
	if err != nil || own.Actor != nil || (actorID != "" && own.UserID != actorID) {
		d.ClearSessionCookie(w)
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	u, err := d.Store.User(ctx, own.OrgID, own.UserID)
	if err != nil {
		return err
	}
	d.SetSessionCookie(w, back.Value, own.Expires)
	return httpapi.Reply(w, httpapi.SessionView{User: u, CSRF: own.CSRF})
}

// deps are the platform's dependencies, on which the impersonation area's handlers are
// methods.
type deps struct{ *httpapi.Deps }
