package httpapi

import (
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/clientaddr"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// SessionView is the answer that opens a session: who is signed in, the session's
// CSRF token, and what the session is held to.
type SessionView struct {
	User  portal.User   `json:"user"`
	CSRF  string        `json:"csrf"`
	Actor *portal.Actor `json:"actor,omitempty"`
	// MFAEnrolmentRequired says the session may do nothing but enrol a second
	// factor, which the person's organisation requires.
	MFAEnrolmentRequired bool `json:"mfaEnrolmentRequired,omitempty"`
	// ImpersonationEnds is when a "log in as" session ends at the latest, for the
	// portal's banner.
	ImpersonationEnds *time.Time `json:"impersonationEnds,omitempty"`
	// Rights are a customer user's rights per contract, so that the portal shows the
	// pages they give (a Users Manager's administration pages); only GET answers
	// them (an empty map: none), and the server decides every request anyway.
	// Administrators hold every right and get no map.
	Rights *portal.Rights `json:"rights,omitempty"`
}

// resolveClientIP takes the caller's address from header when one is configured and
// holds a valid address (a proxy such as CloudFront in front), else from the
// connection. API Gateway and the local server both put the connection's address in
// RemoteAddr.
func resolveClientIP(r *http.Request, header string) string {
	if header != "" {
		if ip := clientaddr.FromViewerHeader(r.Header.Get(header)); ip != "" {
			return ip
		}
	}
	return clientaddr.FromConnection(r.RemoteAddr)
}

// OpenSession starts a session for acc under a new id, ending the one the request
// came with, if any, and answers with it. mfaRequired says the organisation
// requires a second factor (see sessionLimit).
func (d *Deps) OpenSession(w http.ResponseWriter, r *http.Request, acc store.Account, mfaRequired bool) error {
	limit := SessionLimit(acc, mfaRequired)
	sess, err := d.RenewSession(w, r, acc.User, limit)
	if err != nil {
		return err
	}
	return Reply(w, SessionView{User: acc.User, CSRF: sess.CSRF, MFAEnrolmentRequired: limit == portal.LimitMFAEnrolment})
}

// SessionLimit is what a new session of acc is held to first: enrolling a second
// factor when the organisation requires one (mfaRequired) and acc has none, then
// replacing a password an administrator chose.
func SessionLimit(acc store.Account, mfaRequired bool) portal.SessionLimit {
	switch {
	case mfaRequired && !acc.HasSecondFactor():
		return portal.LimitMFAEnrolment
	case acc.MustChangePassword:
		return portal.LimitPasswordChange
	}
	return ""
}

// RenewSession starts a session for u under a new id, held to limit, and sets its
// cookie, ending the one the request came with, if any: on every sign-in and every
// change of what the session may do.
func (d *Deps) RenewSession(w http.ResponseWriter, r *http.Request, u portal.User, limit portal.SessionLimit) (store.Session, error) {
	ctx := r.Context()
	if err := d.EndSession(r); err != nil {
		return store.Session{}, err
	}
	c := portal.CallerFrom(ctx)
	token, sess, err := d.Sessions.Start(ctx, u, limit, c.Address, c.Device)
	if err != nil {
		return store.Session{}, err
	}
	d.SetSessionCookie(w, token, sess.Expires)
	return sess, nil
}

// EndSession ends the session the request came with, if any. Ending a log-in-as
// that way (signing out, or signing in over it) is audited as its end, as
// DELETE /api/v1/impersonation is.
func (d *Deps) EndSession(r *http.Request) error {
	ctx := r.Context()
	c, err := r.Cookie(d.Cookie(SessionCookie))
	if err != nil {
		return nil
	}
	if err := d.Sessions.End(ctx, c.Value); err != nil {
		return err
	}
	if sess, ok := SessionOf(ctx); ok && sess.Actor != nil {
		return d.Store.Table().Transact(ctx, d.Audit(r.Context(), sess.OrgID, "impersonation.end", AuditTarget(sess.UserID), nil, nil))
	}
	return nil
}
