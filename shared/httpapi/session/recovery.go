package session

import (
	"errors"
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

// Recovery is getting back into an account with a mailed link, without a session:
// a forgotten password, a locked account, an activation, an unwanted change of
// sign-in address.
var Recovery = httpapi.Feature{Name: "recovery", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("POST /api/v1/password/forgot", d.forgotPassword)
	rt.Handle("POST /api/v1/password/reset", d.resetPassword)
	rt.Handle("POST /api/v1/account/unlock", d.unlockAccount)
	rt.Handle("POST /api/v1/activation", d.activate)
	rt.Handle("POST /api/v1/activation/check", d.checkActivation)
	rt.Handle("POST /api/v1/email/undo", d.undoEmailChange)
}}

type forgotBody struct {
	Email string `json:"email"`
}

// forgotPassword mails a reset link valid 30 minutes to the address when an account
// that may sign in has it. The answer is the same whether or not it does, and so is
// the work: the per-address count, the link and the mail are made either way, and
// only a real one is written (a write of nothing stands for it otherwise).
func (d *deps) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	var in forgotBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	email := strings.TrimSpace(in.Email)
	if email == "" {
		return portal.Fields{{Field: "email", Code: "required"}}.Err()
	}
	if len(email) > validate.MaxEmailBytes || !strings.Contains(email, "@") {
		return portal.Fields{{Field: "email", Code: "email"}}.Err()
	}
	ctx := r.Context()
	now := d.Time()
	if err := auth.ForgotPerIP.AllowFrom(ctx, d.Store, portal.CallerFrom(r.Context()).Address, d.Trusted, now); err != nil {
		return err
	}
	accepted := func() error {
		httpapi.WriteJSON(w, http.StatusAccepted, struct{}{})
		return nil
	}
	acc, err := d.Store.AccountByEmail(ctx, email)
	if err != nil && !portal.Is(err, portal.NotFound) {
		return err
	}
	// An unclaimed account (asked for by "Request a new user") has no password yet,
	// but its owner may claim it by a reset link.
	resettable := err == nil && (acc.PasswordHash != "" || acc.Unclaimed) && auth.CanSignIn(acc) == nil
	// Past the per-address limit the mailbox gets nothing more, and the caller
	// learns nothing either.
	if err := auth.ForgotPerAccount.Allow(ctx, d.Store, d.Auth.Hash("forgot", portal.NormalizeEmail(email)), now); portal.Is(err, portal.RateLimited) {
		return accepted()
	} else if err != nil {
		return err
	}
	if !resettable {
		acc = store.Account{User: portal.User{Email: email, Lang: httpapi.Lang(r)}}
	}
	ops, err := d.ResetMail(acc)
	if err != nil {
		return err
	}
	if !resettable {
		if err := d.Store.Pad(ctx); err != nil {
			return err
		}
		return accepted()
	}
	if err := d.Store.Table().Transact(ctx, ops...); err != nil {
		return err
	}
	return accepted()
}

type tokenPasswordBody struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

// account reads the account a one-time secret was made for; one that no longer
// exists makes the link invalid.
func (d *deps) accountOf(r *http.Request, o store.OneTime) (store.Account, error) {
	acc, err := d.Store.Account(r.Context(), o.OrgID, o.UserID)
	if portal.Is(err, portal.NotFound) {
		return acc, portal.E(portal.Invalid, "link_invalid", "the link is unknown, used or expired")
	}
	return acc, err
}

// resetPassword sets the password a reset link was sent for and ends every session of
// the person. It lifts no lock and skips no second factor: the person signs in as
// usual afterwards.
func (d *deps) resetPassword(w http.ResponseWriter, r *http.Request) error {
	var in tokenPasswordBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := d.Auth.OneTime(ctx, in.Token, auth.PurposeReset)
	if err != nil {
		return err
	}
	acc, err := d.accountOf(r, o)
	if err != nil {
		return err
	}
	var f portal.Fields
	httpapi.PasswordProblems(&f, "password", in.Password, acc.User)
	if err := f.Err(); err != nil {
		return err
	}
	if err := d.Auth.SetPassword(&acc, in.Password); err != nil {
		return err
	}
	acc.MustChangePassword = false
	ops, err := d.PasswordChanged(acc)
	if err != nil {
		return err
	}
	ends, later, err := d.SessionEnds(ctx, acc.ID)
	if err != nil {
		return err
	}
	if err := d.Store.SaveProven(ctx, acc, append(append(append(ops, store.UseOneTime(o)), ends...), d.claimed(r, acc)...)...); err != nil {
		return d.linkRace(r, o, err)
	}
	if err := d.endLater(ctx, later); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// linkRace answers a transaction that used a one-time link and lost a race: when
// the link is gone, another request used it (link_invalid); otherwise the account
// changed meanwhile and the same link may be tried again (condition_failed).
func (d *deps) linkRace(r *http.Request, o store.OneTime, err error) error {
	if !portal.Is(err, portal.Conflict) {
		return err
	}
	if _, gone := d.Store.OneTime(r.Context(), o.Hash, o.Purpose); portal.Is(gone, portal.NotFound) {
		return portal.Wrap(portal.Invalid, "link_invalid", err)
	}
	return portal.Wrap(portal.Conflict, "condition_failed", err)
}

// unlockAccount lifts the lock whose mail carried the link, once the person gives
// their password again; a wrong one counts against the link.
func (d *deps) unlockAccount(w http.ResponseWriter, r *http.Request) error {
	var in tokenPasswordBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	if in.Password == "" {
		return portal.Fields{{Field: "password", Code: "required"}}.Err()
	}
	ctx := r.Context()
	o, err := d.Auth.OneTime(ctx, in.Token, auth.PurposeUnlock)
	if err != nil {
		return err
	}
	acc, err := d.accountOf(r, o)
	if err != nil {
		return err
	}
	ok := false
	if acc.PasswordHash != "" {
		if ok, _, err = auth.CheckPassword(acc.PasswordHash, in.Password, d.Auth.Params); err != nil {
			return err
		}
	}
	if !ok {
		if err := d.Auth.TryFailed(ctx, o); err != nil {
			return err
		}
		return portal.Fields{{Field: "password", Code: "wrong_password"}}.Err()
	}
	auth.Unlock(&acc)
	if err := d.Store.SaveAccount(ctx, acc, store.UseOneTime(o)); err != nil {
		return d.linkRace(r, o, err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type activationBody struct {
	Token     string `json:"token"`
	Password  string `json:"password"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
}

// activate sets the first password of an account an administrator created, from the
// link of its invitation (only the latest link works), and the name the person goes
// by when they give one.
func (d *deps) activate(w http.ResponseWriter, r *http.Request) error {
	var in activationBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := d.Auth.OneTime(ctx, in.Token, auth.PurposeActivation)
	acc, err := d.activationAccount(r, o, err)
	if err != nil {
		return err
	}
	others := auth.DropActivations(acc, o.Hash)
	var f portal.Fields
	first := optionalText(&f, "firstName", in.FirstName, acc.FirstName)
	last := optionalText(&f, "lastName", in.LastName, acc.LastName)
	acc.FirstName, acc.LastName = first, last
	httpapi.PasswordProblems(&f, "password", in.Password, acc.User)
	if err := f.Err(); err != nil {
		return err
	}
	if err := d.Auth.SetPassword(&acc, in.Password); err != nil {
		return err
	}
	acc.ActivationLink, acc.EarlierActivationLinks, acc.MustChangePassword = "", nil, false
	if acc.Status == portal.StatusNotActivated {
		acc.Status = portal.StatusReady
	}
	m, err := d.Notice(acc.Email, acc.Lang, "welcome", map[string]any{"Name": acc.FirstName})
	if err != nil {
		return err
	}
	if err := d.Store.SaveProven(ctx, acc, append(append(d.claimed(r, acc), store.UseOneTime(o), m), others...)...); err != nil {
		return d.linkRace(r, o, err)
	}
	// The address the person signs in with, for the sign-in page that follows.
	return httpapi.Reply(w, activatedView{Email: acc.Email})
}

// activatedView answers an activation: the holder of the link learns the address
// the link was sent to, and nothing else.
type activatedView struct {
	Email string `json:"email"`
}

// optionalText checks a name the person may change, keeping current when they send
// none.
func optionalText(f *portal.Fields, field, s, current string) string {
	if strings.TrimSpace(s) == "" {
		return current
	}
	out, err := validate.Text(s, httpapi.MaxNameLen, true, false)
	if err != nil {
		f.Add(field, validate.CodeOf(err))
	}
	return out
}

type tokenBody struct {
	Token string `json:"token"`
}

// undoEmailChange answers the link sent to the old address: it cancels a change not
// yet confirmed, or moves the sign-in back to the old address. Either way every
// session of the person ends, since whoever asked for the change knew the password.
func (d *deps) undoEmailChange(w http.ResponseWriter, r *http.Request) error {
	var in tokenBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := d.Auth.OneTime(ctx, in.Token, auth.PurposeEmailUndo)
	if err != nil {
		return err
	}
	acc, err := d.accountOf(r, o)
	if err != nil {
		return err
	}
	oldEmail, newEmail := o.Data["old"], o.Data["new"]
	ends, later, err := d.SessionEnds(ctx, acc.ID)
	if err != nil {
		return err
	}
	ops := append([]table.Op{store.UseOneTime(o)}, ends...)
	switch acc.Email {
	case oldEmail:
		acc.EmailChange = nil
		err = d.Store.SaveAccount(ctx, acc, ops...)
	case newEmail:
		notice, merr := d.SecurityNotice(store.Account{User: portal.User{ID: acc.ID, OrgID: acc.OrgID, Email: oldEmail,
			Lang: acc.Lang}}, portal.EventEmailChanged, map[string]any{"Name": acc.FirstName,
			"OldEmail": newEmail, "NewEmail": oldEmail, "Link": ""}, map[string]string{"OldEmail": newEmail, "NewEmail": oldEmail})
		if merr != nil {
			return merr
		}
		acc.EmailChange = nil
		err = d.Store.ChangeEmail(ctx, acc, oldEmail, append(ops, notice...)...)
	default:
		// The address moved again since: this link no longer says what to restore.
		return portal.E(portal.Invalid, "link_invalid", "the link is unknown, used or expired")
	}
	var pe *portal.Error
	if errors.As(err, &pe) && pe.Code == "email_taken" {
		return err
	}
	if err != nil {
		return d.linkRace(r, o, err)
	}
	if err := d.endLater(ctx, later); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type linkState struct {
	ExpiresAt time.Time `json:"expiresAt"`
}

// checkActivation tells the activation page, before the person types a password,
// whether its link works: 200 with when it ends, 400 link_expired for a link past
// its time, link_invalid for one used, replaced or unknown. It writes nothing.
func (d *deps) checkActivation(w http.ResponseWriter, r *http.Request) error {
	var in tokenBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	o, err := d.Auth.LiveOneTime(r.Context(), in.Token, auth.PurposeActivation)
	if _, err := d.activationAccount(r, o, err); err != nil {
		return err
	}
	return httpapi.Reply(w, linkState{ExpiresAt: o.Expires})
}

// activationAccount reads the account an activation link o is for, given the
// link's lookup and its error: activating and checking a link refuse the same links,
// a replaced one and one whose person has set a password since.
func (d *deps) activationAccount(r *http.Request, o store.OneTime, lookupErr error) (store.Account, error) {
	if lookupErr != nil {
		return store.Account{}, lookupErr
	}
	acc, err := d.accountOf(r, o)
	if err != nil {
		return acc, err
	}
	if !auth.Activates(acc, o.Hash) || acc.PasswordHash != "" {
		return acc, portal.E(portal.Invalid, "link_invalid", "the link is unknown, used or expired")
	}
	return acc, nil
}
