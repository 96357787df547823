package account

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// Account is "My account": the person's profile, password, sign-in address, second
// factor, sessions, sign-in history and company. Enrolling a second factor stays
// open to a session that must do so first.
var Account = httpapi.Feature{Name: "account", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/me", d.getMe)
	rt.Handle("PUT /api/v1/me", d.putMe)
	rt.HandleDuring("POST /api/v1/me/password", d.changePassword, portal.LimitPasswordChange)
	rt.Handle("POST /api/v1/me/email", d.requestEmailChange)
	rt.Handle("POST /api/v1/me/email/confirm", d.confirmEmailChange)
	rt.Handle("POST /api/v1/me/notification-email/confirm", d.confirmNotificationEmail)
	rt.HandleDuring("POST /api/v1/me/totp/start", d.startTOTP, portal.LimitMFAEnrolment)
	rt.HandleDuring("POST /api/v1/me/totp/confirm", d.confirmTOTP, portal.LimitMFAEnrolment)
	rt.Handle("POST /api/v1/me/totp/disable", d.disableTOTP)
	rt.Handle("POST /api/v1/me/totp/recovery-codes", d.renewRecoveryCodes)
	rt.Handle("GET /api/v1/me/sessions", d.mySessions)
	rt.Handle("DELETE /api/v1/me/sessions/{id}", d.endMySession)
	rt.Handle("POST /api/v1/me/sessions/revoke-others", d.endMyOtherSessions)
	rt.Handle("GET /api/v1/me/signins", d.mySignIns)
	rt.Handle("GET /api/v1/me/company", d.myCompany)
	rt.Handle("POST /api/v1/me/company/contact", d.contactAdministrators)
	rt.Handle("PUT /api/v1/me/company/security", d.setCompanySecurity)
}}

// self returns the signed-in principal and their account when the policy lets them
// do a on themself.
func (d *deps) self(r *http.Request, a auth.Action) (portal.Principal, store.Account, error) {
	p, err := httpapi.Allow(r, a, func(p portal.Principal) auth.Resource { return auth.Resource{OrgID: p.OrgID, UserID: p.UserID} })
	if err != nil {
		return p, store.Account{}, err
	}
	acc, err := d.Store.Account(r.Context(), p.OrgID, p.UserID)
	return p, acc, err
}

// sensitiveSelf is self for the changes only the person may make: their password,
// sign-in address and second factor. Someone logged in as them may not.
func (d *deps) sensitiveSelf(r *http.Request) (portal.Principal, store.Account, error) {
	p, acc, err := d.self(r, auth.ActSelfWrite)
	if err == nil && p.Actor != nil {
		err = httpapi.ErrImpersonationForbidden
	}
	return p, acc, err
}

// sensitiveRequest is sensitiveSelf for a change that comes with a body: it
// decodes the body into in first, so that a malformed one is refused before the
// account is read.
func (d *deps) sensitiveRequest(r *http.Request, in any) (portal.Principal, store.Account, error) {
	if err := httpapi.Decode(r, in); err != nil {
		return portal.Principal{}, store.Account{}, err
	}
	return d.sensitiveSelf(r)
}

// meView is the person's own account: the profile, the version their edits send
// back, and the state of their security.
type meView struct {
	portal.User
	Version      int64  `json:"version"`
	PendingEmail string `json:"pendingEmail,omitempty"`
	// PendingNotificationEmail waits for its code before it replaces
	// notificationEmail.
	PendingNotificationEmail string       `json:"pendingNotificationEmail,omitempty"`
	Security                 securityView `json:"security"`
}

type securityView struct {
	TOTP              bool      `json:"totp"`
	RecoveryCodesLeft int       `json:"recoveryCodesLeft"`
	Passkeys          int       `json:"passkeys"`
	PasswordChanged   time.Time `json:"passwordChanged,omitzero"`
	// MFARequired is the organisation's policy: the last second factor cannot go.
	MFARequired bool `json:"mfaRequired"`
}

// replyMe answers with the person's profile as "My account" shows it, after any
// change to acc.
func (d *deps) replyMe(w http.ResponseWriter, r *http.Request, acc store.Account) error {
	org, err := d.Store.Organisation(r.Context(), acc.OrgID)
	if err != nil && !portal.Is(err, portal.NotFound) {
		return err
	}
	v := meView{User: acc.User, Version: acc.ProfileVersion, Security: securityView{TOTP: acc.TOTP != "",
		RecoveryCodesLeft: len(acc.RecoveryCodes), Passkeys: acc.Passkeys, PasswordChanged: acc.PasswordChanged,
		MFARequired: org.MFARequired}}
	if c := acc.EmailChange; c != nil && d.Time().Before(c.Expires) {
		v.PendingEmail = c.NewEmail
	}
	if c := acc.NotificationChange; c != nil && d.Time().Before(c.Expires) {
		v.PendingNotificationEmail = c.NewEmail
	}
	return httpapi.Reply(w, v)
}

func (d *deps) getMe(w http.ResponseWriter, r *http.Request) error {
	_, acc, err := d.self(r, auth.ActSelfRead)
	if err != nil {
		return err
	}
	return d.replyMe(w, r, acc)
}

// profileBody is what the person edits of themself: what an administrator edits
// (userDetails), their landline and the address notices go to.
type profileBody struct {
	Version int64 `json:"version"`
	httpapi.UserDetails
	Landline          string `json:"landline"`
	NotificationEmail string `json:"notificationEmail"`
}

func (b profileBody) clean(f *portal.Fields) profileBody {
	b.UserDetails = b.UserDetails.Clean(f)
	b.Landline = optional(f, "landline", b.Landline, validate.Phone)
	b.NotificationEmail = optional(f, "notificationEmail", b.NotificationEmail, validate.Email)
	return b
}

// optional checks a field that may be empty with rule, into f.
func optional(f *portal.Fields, field, s string, rule func(string) (string, error)) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	out, err := rule(s)
	if err != nil {
		f.Add(field, validate.CodeOf(err))
	}
	return out
}

// putMe replaces the profile when the version sent is the one stored: an edit made
// from a stale page is refused (409 version_conflict) rather than undoing another.
// A new notification address is not used yet: a code goes to it, and
// POST /me/notification-email/confirm makes it the one in use. Nobody logged in as
// the person may change it, since members' messages to an administrator go there.
func (d *deps) putMe(w http.ResponseWriter, r *http.Request) error {
	var in profileBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	p, err := httpapi.Principal(r)
	if err != nil {
		return err
	}
	var f portal.Fields
	in = in.clean(&f)
	if err := f.Err(); err != nil {
		return err
	}
	for range 3 {
		_, acc, err := d.self(r, auth.ActSelfWrite)
		if err != nil {
			return err
		}
		renotify := in.NotificationEmail != acc.NotificationEmail
		if renotify && p.Actor != nil {
			return httpapi.ErrImpersonationForbidden
		}
		if in.Version != acc.ProfileVersion {
			return portal.E(portal.Conflict, "version_conflict", "the profile changed since it was read")
		}
		in.UserDetails.Apply(&acc.User)
		acc.Landline = in.Landline
		var ops []table.Op
		if renotify {
			if ops, err = d.newNotificationEmail(r, &acc, in.NotificationEmail); err != nil {
				return err
			}
		}
		acc.ProfileVersion++
		err = d.Store.SaveAccount(r.Context(), acc, ops...)
		if portal.Is(err, portal.Conflict) {
			// The item moved (a sign-in, a security change): read it again; only a
			// moved profile version is the caller's conflict.
			continue
		}
		if err != nil {
			return err
		}
		acc.Version++
		return d.replyMe(w, r, acc)
	}
	return portal.E(portal.Conflict, "condition_failed", "the account keeps changing; try again")
}

// newNotificationEmail applies a new notification address to acc: removing it
// takes effect at once; any other waits for the code it returns the mail of, which
// replaces a code sent before. The address already waiting keeps its code.
func (d *deps) newNotificationEmail(r *http.Request, acc *store.Account, email string) ([]table.Op, error) {
	if email == "" {
		acc.NotificationEmail = ""
		return nil, nil
	}
	if c := acc.NotificationChange; c != nil && c.NewEmail == email && d.Time().Before(c.Expires) && c.Tries < auth.MaxTries {
		return nil, nil
	}
	if err := auth.EmailChangePerUser.Allow(r.Context(), d.Store, acc.ID, d.Time()); err != nil {
		return nil, err
	}
	code, codeHash := d.Auth.NewCode(auth.PurposeNotificationCode)
	m, err := d.Notice(email, acc.Lang, "notification_email_code", map[string]any{"Code": code})
	if err != nil {
		return nil, err
	}
	acc.NotificationChange = &store.EmailChange{NewEmail: email, CodeHash: codeHash, Expires: d.Time().Add(auth.EmailCodeTTL).UTC()}
	return []table.Op{m}, nil
}

// confirmNotificationEmail makes the waiting notification address the one in use
// when the code sent to it is right.
func (d *deps) confirmNotificationEmail(w http.ResponseWriter, r *http.Request) error {
	var in codeBody
	_, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	c := acc.NotificationChange
	if err := d.checkAddressCode(r.Context(), acc, c, auth.PurposeNotificationCode, in.Code,
		portal.E(portal.Conflict, "no_notification_email_change", "no notification address is waiting, or its code expired")); err != nil {
		return err
	}
	acc.NotificationEmail, acc.NotificationChange = c.NewEmail, nil
	acc.ProfileVersion++
	if err := d.Store.SaveAccount(r.Context(), acc); err != nil {
		return err
	}
	acc.Version++
	return d.replyMe(w, r, acc)
}

// checkAddressCode checks the code of c, an address change of acc waiting for it;
// a wrong one counts, and after MaxTries, or once c expired, none is waiting: none.
func (d *deps) checkAddressCode(ctx context.Context, acc store.Account, c *store.EmailChange, purpose, code string, none error) error {
	code = strings.TrimSpace(code)
	if code == "" {
		return portal.Fields{{Field: "code", Code: "required"}}.Err()
	}
	if c == nil || !d.Time().Before(c.Expires) || c.Tries >= auth.MaxTries {
		return none
	}
	if !d.Auth.CodeMatches(purpose, code, c.CodeHash) {
		c.Tries++
		if err := d.Store.SaveAccount(ctx, acc); err != nil && !portal.Is(err, portal.Conflict) {
			return err
		}
		return portal.Fields{{Field: "code", Code: "wrong_code"}}.Err()
	}
	return nil
}

type passwordBody struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// changePassword sets a new password after checking the current one, ends every
// other session of the person and moves this one to a new id (a new cookie and CSRF
// token in the answer).
func (d *deps) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordBody
	_, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	var f portal.Fields
	if in.Current == "" {
		f.Add("current", "required")
	}
	httpapi.PasswordProblems(&f, "new", in.New, acc.User)
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	if err := d.Auth.Reauthenticate(ctx, acc, in.Current, "current", d.Attempt(r.Context())); err != nil {
		return err
	}
	if err := d.Auth.SetPassword(&acc, in.New); err != nil {
		return err
	}
	acc.MustChangePassword = false
	ops, err := d.PasswordChanged(acc)
	if err != nil {
		return err
	}
	if err := d.Store.SaveAccount(ctx, acc, ops...); err != nil {
		return err
	}
	if err := d.Sessions.EndOthers(ctx, acc.ID, ""); err != nil {
		return err
	}
	return d.OpenSession(w, r, acc, false)
}

type emailChangeBody struct {
	NewEmail string `json:"newEmail"`
	Password string `json:"password"`
}

// requestEmailChange starts a change of sign-in address: a code goes to the new
// address and a notice with an undo link to the old one, which keeps working until
// the code is confirmed. Asking again replaces the pending change.
func (d *deps) requestEmailChange(w http.ResponseWriter, r *http.Request) error {
	var in emailChangeBody
	_, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	var f portal.Fields
	newEmail, err := validate.Email(in.NewEmail)
	if err != nil {
		f.Add("newEmail", validate.CodeOf(err))
	} else if newEmail == acc.Email {
		f.Add("newEmail", "same_as_current")
	}
	if in.Password == "" {
		f.Add("password", "required")
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	if err := auth.EmailChangePerUser.Allow(ctx, d.Store, acc.ID, d.Time()); err != nil {
		return err
	}
	if err := d.Auth.Reauthenticate(ctx, acc, in.Password, "password", d.Attempt(r.Context())); err != nil {
		return err
	}
	code, codeHash := d.Auth.NewCode(auth.PurposeEmailCode)
	undo, undoItem, put := d.Auth.NewOneTime(auth.PurposeEmailUndo, acc, auth.EmailUndoTTL, map[string]string{"old": acc.Email, "new": newEmail})
	ops := []table.Op{put}
	if prev := acc.EmailChange; prev != nil && prev.UndoLink != "" {
		ops = append(ops, store.DropOneTime(prev.UndoLink, auth.PurposeEmailUndo))
	}
	toNew, err := d.Notice(newEmail, acc.Lang, "email_change_code", map[string]any{"Code": code})
	if err != nil {
		return err
	}
	toOld, err := d.Notice(acc.Email, acc.Lang, "email_change_requested", map[string]any{"Name": acc.FirstName,
		"NewEmail": newEmail, "Link": d.PageLink(httpapi.PageEmailUndo, undo)})
	if err != nil {
		return err
	}
	expires := d.Time().Add(auth.EmailCodeTTL).UTC()
	acc.EmailChange = &store.EmailChange{NewEmail: newEmail, CodeHash: codeHash, Expires: expires, UndoLink: undoItem.Hash}
	if err := d.Store.SaveAccount(ctx, acc, append(ops, toNew, toOld)...); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusAccepted, map[string]any{"pendingEmail": newEmail, "expires": expires})
	return nil
}

type codeBody struct {
	Code string `json:"code"`
}

// confirmEmailChange swaps the sign-in address for the pending one when the code
// sent to it is right, in one transaction with both guards. The old address gets a
// new undo link, valid EmailUndoTTL from now.
func (d *deps) confirmEmailChange(w http.ResponseWriter, r *http.Request) error {
	var in codeBody
	_, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	ctx := r.Context()
	c := acc.EmailChange
	if err := d.checkAddressCode(ctx, acc, c, auth.PurposeEmailCode, in.Code,
		portal.E(portal.Conflict, "no_email_change", "no address change is waiting, or its code expired")); err != nil {
		return err
	}
	oldEmail, newEmail := acc.Email, c.NewEmail
	undo, _, put := d.Auth.NewOneTime(auth.PurposeEmailUndo, acc, auth.EmailUndoTTL, map[string]string{"old": oldEmail, "new": newEmail})
	toOld, err := d.Notice(oldEmail, acc.Lang, "email_changed", map[string]any{"Name": acc.FirstName,
		"OldEmail": oldEmail, "NewEmail": newEmail, "Link": d.PageLink(httpapi.PageEmailUndo, undo)})
	if err != nil {
		return err
	}
	toNew, err := d.Notice(newEmail, acc.Lang, "email_changed", map[string]any{"Name": acc.FirstName,
		"OldEmail": oldEmail, "NewEmail": newEmail, "Link": ""})
	if err != nil {
		return err
	}
	notification, err := d.SecurityEvent(acc, portal.EventEmailChanged, map[string]string{"OldEmail": oldEmail, "NewEmail": newEmail})
	if err != nil {
		return err
	}
	acc.EmailChange = nil
	ops := []table.Op{put, toOld, toNew, notification}
	if c.UndoLink != "" {
		ops = append(ops, store.DropOneTime(c.UndoLink, auth.PurposeEmailUndo))
	}
	if err := d.Store.ChangeEmail(ctx, acc, newEmail, ops...); err != nil {
		return err
	}
	acc.Email, acc.Version = newEmail, acc.Version+1
	return d.replyMe(w, r, acc)
}

// sessionItem is one of the person's sessions as "My sessions" lists it.
type sessionItem struct {
	ID       string      `json:"id"`
	Device   auth.Device `json:"device"`
	IP       string      `json:"ip"`
	Created  time.Time   `json:"created"`
	LastSeen time.Time   `json:"lastSeen"`
	Current  bool        `json:"current"`
}

func (d *deps) mySessions(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActSelfRead, func(p portal.Principal) auth.Resource { return auth.Resource{OrgID: p.OrgID, UserID: p.UserID} })
	if err != nil {
		return err
	}
	sessions, err := d.Store.UserSessions(r.Context(), p.UserID)
	if err != nil {
		return err
	}
	out := make([]sessionItem, 0, len(sessions))
	for _, s := range sessions {
		out = append(out, sessionItem{ID: s.ID, Device: auth.DeviceOf(s.UserAgent), IP: s.IP, Created: s.Created,
			LastSeen: s.LastSeen, Current: s.ID == p.SessionID})
	}
	return httpapi.Reply(w, httpapi.Page[sessionItem]{Items: out})
}

// endMySession ends one of the person's own sessions; another person's is not found.
func (d *deps) endMySession(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActSelfWrite, func(p portal.Principal) auth.Resource { return auth.Resource{OrgID: p.OrgID, UserID: p.UserID} })
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	notFound := portal.E(portal.NotFound, "session_not_found", "no such session")
	if len(id) != 64 || !httpapi.ValidID(id) {
		return notFound
	}
	s, err := d.Store.Session(r.Context(), id)
	if portal.Is(err, portal.NotFound) || (err == nil && (s.UserID != p.UserID || s.OrgID != p.OrgID)) {
		return notFound
	}
	if err != nil {
		return err
	}
	if err := d.Store.DeleteSession(r.Context(), id); err != nil {
		return err
	}
	if id == p.SessionID {
		d.ClearSessionCookie(w)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (d *deps) endMyOtherSessions(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActSelfWrite, func(p portal.Principal) auth.Resource { return auth.Resource{OrgID: p.OrgID, UserID: p.UserID} })
	if err != nil {
		return err
	}
	if err := d.Sessions.EndOthers(r.Context(), p.UserID, p.SessionID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// signInItem is one attempt of the history as the person sees it.
type signInItem struct {
	Time      time.Time   `json:"time"`
	IP        string      `json:"ip"`
	UserAgent string      `json:"userAgent"`
	Device    auth.Device `json:"device"`
	Result    string      `json:"result"`
	Method    string      `json:"method"`
}

func (d *deps) mySignIns(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActSelfRead, func(p portal.Principal) auth.Resource { return auth.Resource{OrgID: p.OrgID, UserID: p.UserID} })
	if err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 20, 100)
	if err != nil {
		return err
	}
	entries, next, err := d.Store.SignIns(r.Context(), p.OrgID, p.UserID, limit, cursor)
	if err != nil {
		return err
	}
	out := make([]signInItem, len(entries))
	for i, e := range entries {
		out[i] = signInItem{Time: e.Time, IP: e.IP, UserAgent: e.UserAgent, Device: auth.DeviceOf(e.UserAgent), Result: e.Result, Method: e.Method}
	}
	return httpapi.Reply(w, httpapi.Page[signInItem]{Items: out, Next: next})
}

// deps are the platform's dependencies, on which the account area's handlers are
// methods.
type deps struct{ *httpapi.Deps }
