package session

import (
	"net/http"
	"strings"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// Session is the sign-in feature: open a session with a password and, when the
// account has one, a second factor; read and close it. Reading and closing stay
// open to a session that must first enrol a second factor.
var Session = httpapi.Feature{Name: "session", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("POST /api/v1/session", d.signIn)
	rt.Handle("POST /api/v1/session/mfa", d.signInSecondFactor)
	rt.HandleDuring("GET /api/v1/session", d.currentSession, portal.LimitMFAEnrolment, portal.LimitPasswordChange)
	rt.HandleDuring("DELETE /api/v1/session", d.signOut, portal.LimitMFAEnrolment, portal.LimitPasswordChange)
}}

type signInBody struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// challengeView is the answer to a right password when a second factor must follow.
type challengeView struct {
	MFARequired bool     `json:"mfaRequired"`
	Challenge   string   `json:"challenge"`
	Methods     []string `json:"methods"`
}

func (d *deps) signIn(w http.ResponseWriter, r *http.Request) error {
	var in signInBody
	if err := httpapi.Decode(r, &in); err != nil {
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
	acc, err := d.Auth.CheckPassword(ctx, in.Email, in.Password, d.Attempt(r.Context()))
	if err != nil {
		return err
	}
	if acc.HasSecondFactor() {
		token, err := d.Auth.StartChallenge(ctx, acc)
		if err != nil {
			return err
		}
		return httpapi.Reply(w, challengeView{MFARequired: true, Challenge: token, Methods: secondFactors(acc)})
	}
	org, err := d.Store.Organisation(ctx, acc.OrgID)
	if err != nil && !portal.Is(err, portal.NotFound) {
		return err
	}
	ops, err := d.SignedIn(ctx, acc, store.MethodPassword)
	if err != nil {
		return err
	}
	if err := d.Store.Table().Transact(ctx, ops...); err != nil {
		return err
	}
	return d.OpenSession(w, r, acc, org.MFARequired)
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

type secondFactorBody struct {
	Challenge    string `json:"challenge"`
	Code         string `json:"code"`
	RecoveryCode string `json:"recoveryCode"`
}

// signInSecondFactor closes the challenge of a right password with a code of the
// person's app or one of their recovery codes, and opens the session.
func (d *deps) signInSecondFactor(w http.ResponseWriter, r *http.Request) error {
	var in secondFactorBody
	if err := httpapi.Decode(r, &in); err != nil {
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
		return d.Auth.FailChallenge(ctx, ch, acc, d.Attempt(r.Context()), method)
	}
	ops, err := d.SignedIn(ctx, acc, method)
	if err != nil {
		return err
	}
	if err := d.Auth.PassChallenge(ctx, ch, acc, ops...); err != nil {
		return err
	}
	return d.OpenSession(w, r, acc, false)
}

// noSessionView answers GET /api/v1/session when nobody is signed in: every page a
// visitor opens asks, so it is an answer, not an error.
type noSessionView struct {
	User *portal.User `json:"user"`
}

func (d *deps) currentSession(w http.ResponseWriter, r *http.Request) error {
	sess, ok := httpapi.SessionOf(r.Context())
	if !ok {
		return httpapi.Reply(w, noSessionView{})
	}
	a, rights, err := d.Store.AccountAndRights(r.Context(), sess.OrgID, sess.UserID)
	if err != nil {
		return err
	}
	u := a.User
	view := httpapi.SessionView{User: u, CSRF: sess.CSRF, Actor: sess.Actor, MFAEnrolmentRequired: sess.Limit == portal.LimitMFAEnrolment}
	if u.Role == portal.RoleUser {
		own := httpapi.OrEmpty(rights.Contracts)
		view.Rights = &own
	}
	if sess.Actor != nil {
		view.ImpersonationEnds = &sess.Expires
	}
	return httpapi.Reply(w, view)
}

func (d *deps) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := d.EndSession(r); err != nil {
		return err
	}
	d.ClearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// deps are the platform's dependencies, on which the session area's handlers are
// methods.
type deps struct{ *httpapi.Deps }
