package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/clientaddr"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// Session is the sign-in feature: open a session with a password and, when the
// account has one, a second factor; read and close it. Reading and closing stay
// open to a session that must first enrol a second factor.
var Session = Feature{Name: "session", Routes: func(rt *Router, d *Deps) {
	rt.Handle("POST /api/v1/session", d.signIn)
	rt.Handle("POST /api/v1/session/mfa", d.signInSecondFactor)
	rt.HandleDuring("GET /api/v1/session", d.currentSession, portal.LimitMFAEnrolment, portal.LimitPasswordChange)
	rt.HandleDuring("DELETE /api/v1/session", d.signOut, portal.LimitMFAEnrolment, portal.LimitPasswordChange)
}}

type signInBody struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type sessionView struct {
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

// challengeView is the answer to a right password when a second factor must follow.
type challengeView struct {
	MFARequired bool     `json:"mfaRequired"`
	Challenge   string   `json:"challenge"`
	Methods     []string `json:"methods"`
}

// clientIP is the caller's address, as the middleware found it; "" when the
// connection gave none that is valid.
func clientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey).(string); ok {
		return ip
	}
	return clientaddr.FromConnection(r.RemoteAddr)
}

// clientIPIn is the caller's address the middleware put in ctx, "" when none.
func clientIPIn(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey).(string)
	return ip
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

func (d *Deps) signIn(w http.ResponseWriter, r *http.Request) error {
	var in signInBody
	if err := Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	in.Email = strings.TrimSpace(in.Email)
	if in.Email == "" {
		f.Add("email", "required")
	} else if len(in.Email) > 254 || !strings.Contains(in.Email, "@") {
		f.Add("email", "email")
	}
	if in.Password == "" {
		f.Add("password", "required")
	} else if len(in.Password) > 256 {
		f.Add("password", "too_long")
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	acc, err := d.Auth.CheckPassword(ctx, in.Email, in.Password, d.attempt(r))
	if err != nil {
		return err
	}
	if acc.HasSecondFactor() {
		token, err := d.Auth.StartChallenge(ctx, acc)
		if err != nil {
			return err
		}
		return Reply(w, challengeView{MFARequired: true, Challenge: token, Methods: secondFactors(acc)})
	}
	org, err := d.Store.Organisation(ctx, acc.OrgID)
	if err != nil && !portal.Is(err, portal.NotFound) {
		return err
	}
	ops, err := d.signedIn(ctx, acc, r, store.MethodPassword)
	if err != nil {
		return err
	}
	if err := d.Store.Table().Transact(ctx, ops...); err != nil {
		return err
	}
	return d.openSession(w, r, acc, org.MFARequired)
}

// secondFactors lists what acc can give as a second factor, in the order the portal
// offers them.
func secondFactors(acc store.Account) []string {
	var m []string
	if acc.TOTP != "" {
		m = append(m, store.MethodTOTP)
	}
	if len(acc.RecoveryCodes) > 0 {
		m = append(m, store.MethodRecovery)
	}
	if acc.Passkeys > 0 {
		m = append(m, store.MethodPasskey)
	}
	return m
}

// openSession starts a session for acc under a new id, ending the one the request
// came with, if any, and answers with it. mfaRequired says the organisation
// requires a second factor (see sessionLimit).
func (d *Deps) openSession(w http.ResponseWriter, r *http.Request, acc store.Account, mfaRequired bool) error {
	limit := sessionLimit(acc, mfaRequired)
	sess, err := d.renewSession(w, r, acc.User, limit)
	if err != nil {
		return err
	}
	return Reply(w, sessionView{User: acc.User, CSRF: sess.CSRF, MFAEnrolmentRequired: limit == portal.LimitMFAEnrolment})
}

// sessionLimit is what a new session of acc is held to first: enrolling a second
// factor when the organisation requires one (mfaRequired) and acc has none, then
// replacing a password an administrator chose.
func sessionLimit(acc store.Account, mfaRequired bool) portal.SessionLimit {
	switch {
	case mfaRequired && !acc.HasSecondFactor():
		return portal.LimitMFAEnrolment
	case acc.MustChangePassword:
		return portal.LimitPasswordChange
	}
	return ""
}

// renewSession starts a session for u under a new id, held to limit, and sets its
// cookie, ending the one the request came with, if any: on every sign-in and every
// change of what the session may do.
func (d *Deps) renewSession(w http.ResponseWriter, r *http.Request, u portal.User, limit portal.SessionLimit) (store.Session, error) {
	ctx := r.Context()
	if err := d.endSession(r); err != nil {
		return store.Session{}, err
	}
	token, sess, err := d.Sessions.Start(ctx, u, limit, clientIP(r), r.UserAgent())
	if err != nil {
		return store.Session{}, err
	}
	d.setSessionCookie(w, token, sess.Expires)
	return sess, nil
}

type secondFactorBody struct {
	Challenge    string `json:"challenge"`
	Code         string `json:"code"`
	RecoveryCode string `json:"recoveryCode"`
}

// signInSecondFactor closes the challenge of a right password with a code of the
// person's app or one of their recovery codes, and opens the session.
func (d *Deps) signInSecondFactor(w http.ResponseWriter, r *http.Request) error {
	var in secondFactorBody
	if err := Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	if in.Challenge == "" {
		f.Add("challenge", "required")
	}
	if (in.Code == "") == (in.RecoveryCode == "") {
		f.Add("code", "required")
	}
	if len(in.Code) > 16 || len(in.RecoveryCode) > 32 {
		f.Add("code", "too_long")
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	ch, acc, err := d.Auth.OpenChallenge(ctx, in.Challenge)
	if err != nil {
		return err
	}
	method, ok := store.MethodTOTP, false
	if in.Code != "" {
		ok = d.Auth.CheckTOTP(&acc, in.Code)
	} else {
		method, ok = store.MethodRecovery, d.Auth.UseRecoveryCode(&acc, in.RecoveryCode)
	}
	if !ok {
		return d.Auth.FailChallenge(ctx, ch, acc, d.attempt(r), method)
	}
	ops, err := d.signedIn(ctx, acc, r, method)
	if err != nil {
		return err
	}
	if err := d.Auth.PassChallenge(ctx, ch, acc, ops...); err != nil {
		return err
	}
	return d.openSession(w, r, acc, false)
}

// noSessionView answers GET /api/v1/session when nobody is signed in: every page a
// visitor opens asks, so it is an answer, not an error.
type noSessionView struct {
	User *portal.User `json:"user"`
}

func (d *Deps) currentSession(w http.ResponseWriter, r *http.Request) error {
	sess, ok := r.Context().Value(sessionCtxKey{}).(store.Session)
	if !ok {
		return Reply(w, noSessionView{})
	}
	a, rights, err := d.Store.AccountAndRights(r.Context(), sess.OrgID, sess.UserID)
	if err != nil {
		return err
	}
	u := a.User
	view := sessionView{User: u, CSRF: sess.CSRF, Actor: sess.Actor, MFAEnrolmentRequired: sess.Limit == portal.LimitMFAEnrolment}
	if u.Role == portal.RoleUser {
		own := orEmpty(rights.Contracts)
		view.Rights = &own
	}
	if sess.Actor != nil {
		view.ImpersonationEnds = &sess.Expires
	}
	return Reply(w, view)
}

func (d *Deps) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := d.endSession(r); err != nil {
		return err
	}
	d.clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// endSession ends the session the request came with, if any. Ending a log-in-as
// that way (signing out, or signing in over it) is audited as its end, as
// DELETE /api/v1/impersonation is.
func (d *Deps) endSession(r *http.Request) error {
	ctx := r.Context()
	c, err := r.Cookie(d.cookie(SessionCookie))
	if err != nil {
		return nil
	}
	if err := d.Sessions.End(ctx, c.Value); err != nil {
		return err
	}
	if sess, ok := ctx.Value(sessionCtxKey{}).(store.Session); ok && sess.Actor != nil {
		return d.Store.Table().Transact(ctx, d.audit(r, sess.OrgID, "impersonation.end", auditTarget(sess.UserID), nil, nil))
	}
	return nil
}
