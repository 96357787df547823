package orgadmin

import (
	"context"
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

// errUnchanged ends a change that has nothing to do: the user already is as asked.
var errUnchanged = errors.New("unchanged")

var errVersion = portal.E(portal.Conflict, "version_conflict", "someone else changed it in the meantime")

// changeUser applies change to a user of the administrator's organisation in one
// transaction (see store.ChangeAccount) and answers the user as they are after it.
// A change that revokes the user's sessions (revoke) ends those left after it.
func (d *deps) changeUser(w http.ResponseWriter, r *http.Request, revoke bool, change func(p portal.Principal, a *store.Account) ([]table.Op, error)) error {
	p, id, err := httpapi.OrgAdminItem(r)
	if err != nil {
		return err
	}
	before, after, err := d.Store.ChangeAccount(r.Context(), p.OrgID, id, func(a *store.Account) ([]table.Op, error) {
		return change(p, a)
	})
	if errors.Is(err, errUnchanged) {
		return httpapi.Reply(w, d.ViewUser(before))
	}
	if err != nil {
		return err
	}
	if revoke {
		if err := d.Sessions.EndOthers(r.Context(), id, ""); err != nil {
			return err
		}
	}
	return httpapi.Reply(w, d.ViewUser(after))
}

// detailsBody is an edit of a user's details, with the version it was made on.
type detailsBody struct {
	Version int64 `json:"version"`
	httpapi.UserDetails
}

// updateOrgUser edits a user's details, postal address included. The version is
// the one the user's page showed: an edit made on an older one is refused.
func (d *deps) updateOrgUser(w http.ResponseWriter, r *http.Request) error {
	var in detailsBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	details := in.UserDetails.Clean(&f)
	if err := f.Err(); err != nil {
		return err
	}
	return d.changeUser(w, r, false, func(p portal.Principal, a *store.Account) ([]table.Op, error) {
		if a.ProfileVersion != in.Version {
			return nil, errVersion
		}
		before := httpapi.AuditOf(a.User)
		details.Apply(&a.User)
		a.ProfileVersion++
		return []table.Op{d.Audit(r.Context(), p.OrgID, "user.update", httpapi.AuditTarget(a.ID), before, httpapi.AuditOf(a.User))}, nil
	})
}

type roleBody struct {
	Role portal.Role `json:"role"`
}

// setOrgUserRole makes a user an administrator or a user. The person signs in
// again, so that no session keeps the old role; the last administrator stays one.
func (d *deps) setOrgUserRole(w http.ResponseWriter, r *http.Request) error {
	var in roleBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	if in.Role != portal.RoleUser && in.Role != portal.RoleAdmin {
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "role", Code: "format"}}}
	}
	return d.changeUser(w, r, true, func(p portal.Principal, a *store.Account) ([]table.Op, error) {
		if a.Role == in.Role {
			return nil, errUnchanged
		}
		before := a.Role
		a.Role = in.Role
		return d.WithSessionEnds(r.Context(), a.ID, d.Audit(r.Context(), p.OrgID, "user.role", httpapi.AuditTarget(a.ID), map[string]any{"role": before}, map[string]any{"role": in.Role}))
	})
}

// disableOrgUser stops a user from signing in and ends their sessions. The referent
// of a contract and the last administrator cannot be disabled.
func (d *deps) disableOrgUser(w http.ResponseWriter, r *http.Request) error {
	return d.changeUser(w, r, true, func(p portal.Principal, a *store.Account) ([]table.Op, error) {
		if a.Status == portal.StatusDisabled {
			return nil, errUnchanged
		}
		rights, err := d.Store.Rights(r.Context(), p.OrgID, a.ID)
		if err != nil {
			return nil, err
		}
		if rights.Referent() {
			return nil, store.ErrReferent
		}
		before := a.Status
		a.Status = portal.StatusDisabled
		// Rewriting the rights (unchanged) moves their version, so that naming this
		// user a referent at the same moment fails instead of crossing this change.
		return d.WithSessionEnds(r.Context(), a.ID, store.PutRights(rights),
			d.Audit(r.Context(), p.OrgID, "user.disable", httpapi.AuditTarget(a.ID), map[string]any{"status": before}, map[string]any{"status": a.Status}))
	})
}

// enableOrgUser lets a disabled user sign in again: ready when they have a
// password, else not activated.
func (d *deps) enableOrgUser(w http.ResponseWriter, r *http.Request) error {
	return d.changeUser(w, r, false, func(p portal.Principal, a *store.Account) ([]table.Op, error) {
		if a.Status != portal.StatusDisabled {
			return nil, errUnchanged
		}
		a.Status = portal.StatusReady
		if a.PasswordHash == "" {
			a.Status = portal.StatusNotActivated
		}
		return []table.Op{d.Audit(r.Context(), p.OrgID, "user.enable", httpapi.AuditTarget(a.ID), map[string]any{"status": portal.StatusDisabled}, map[string]any{"status": a.Status})}, nil
	})
}

// unlockOrgUser lifts a lock that wrong passwords put on an account.
func (d *deps) unlockOrgUser(w http.ResponseWriter, r *http.Request) error {
	return d.changeUser(w, r, false, func(p portal.Principal, a *store.Account) ([]table.Op, error) {
		if !d.Time().Before(a.LockedUntil) && a.FailedSignIns == 0 {
			return nil, errUnchanged
		}
		until := a.LockedUntil
		a.FailedSignIns, a.Locks, a.LockedUntil = 0, 0, time.Time{}
		return []table.Op{d.Audit(r.Context(), p.OrgID, "user.unlock", httpapi.AuditTarget(a.ID), map[string]any{"lockedUntil": until}, nil)}, nil
	})
}

// resendActivation mails a new activation link; the previous one stops working.
func (d *deps) resendActivation(w http.ResponseWriter, r *http.Request) error {
	return d.changeUser(w, r, false, func(p portal.Principal, a *store.Account) ([]table.Op, error) {
		if a.Status != portal.StatusNotActivated {
			return nil, portal.E(portal.Conflict, "already_activated", "the account is not waiting for activation")
		}
		org, err := d.Store.Organisation(r.Context(), p.OrgID)
		if err != nil {
			return nil, err
		}
		ops, err := d.activationMail(a, org.Name)
		if err != nil {
			return nil, err
		}
		return append(ops, d.Audit(r.Context(), p.OrgID, "user.activation_resend", httpapi.AuditTarget(a.ID), nil, nil)), nil
	})
}

// resetOrgUserPassword mails the user a link to choose a new password. The
// current password keeps working until they do.
func (d *deps) resetOrgUserPassword(w http.ResponseWriter, r *http.Request) error {
	p, id, err := httpapi.OrgAdminItem(r)
	if err != nil {
		return err
	}
	a, err := d.Store.Account(r.Context(), p.OrgID, id)
	if err != nil {
		return err
	}
	switch a.Status {
	case portal.StatusNotActivated:
		return portal.E(portal.Conflict, "not_activated", "the account is not activated yet; send the activation mail again")
	case portal.StatusReady:
	default:
		return portal.E(portal.Conflict, "account_unavailable", "the account cannot sign in")
	}
	// The person's own requests and their administrators' share one budget per
	// address, so that neither floods the mailbox.
	if err := auth.ForgotPerAccount.Allow(r.Context(), d.Store, d.Auth.Hash("forgot", portal.NormalizeEmail(a.Email)), d.Time()); err != nil {
		return err
	}
	ops, err := d.ResetMail(a)
	if err != nil {
		return err
	}
	ops = append(ops, store.AccountExists(p.OrgID, a.ID), d.Audit(r.Context(), p.OrgID, "user.password_reset", httpapi.AuditTarget(a.ID), nil, nil))
	if err := d.Store.Table().Transact(r.Context(), ops...); err != nil {
		return err
	}
	return httpapi.Reply(w, d.ViewUser(a))
}

type deleteBody struct {
	// Confirm must repeat the user's login.
	Confirm string `json:"confirm"`
}

// deleteOrgUser removes a user for good, after the administrator typed the user's
// login to confirm. The referent of a contract and the last administrator cannot
// be deleted.
func (d *deps) deleteOrgUser(w http.ResponseWriter, r *http.Request) error {
	p, id, err := httpapi.OrgAdminItem(r)
	if err != nil {
		return err
	}
	var in deleteBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	_, err = d.Store.DeleteAccount(r.Context(), p.OrgID, id, func(a store.Account) ([]table.Op, error) {
		if in.Confirm != a.Login {
			return nil, &portal.Error{Kind: portal.Invalid, Code: "confirmation_mismatch", Message: "type the user's login to confirm",
				Fields: []portal.FieldError{{Field: "confirm", Code: "mismatch"}}}
		}
		return d.WithSessionEnds(r.Context(), a.ID, d.Audit(r.Context(), p.OrgID, "user.delete", httpapi.AuditTarget(a.ID), httpapi.AuditOf(a.User), nil))
	})
	if err != nil {
		return err
	}
	if err := d.Sessions.EndOthers(r.Context(), id, ""); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// addressBody names an address an administrator gives a user.
type addressBody struct {
	Email string `json:"email"`
}

var errEmailTaken = &portal.Error{Kind: portal.Conflict, Code: "email_taken", Message: "the address is used by another account",
	Fields: []portal.FieldError{{Field: "email", Code: "taken"}}}

// adminNames returns what a mail an administrator's action sends says of them: their
// name and their organisation's.
func (d *deps) adminNames(ctx context.Context, p portal.Principal) (admin, org string, err error) {
	u, err := d.Store.User(ctx, p.OrgID, p.UserID)
	if err != nil {
		return "", "", err
	}
	o, err := d.Store.Organisation(ctx, p.OrgID)
	if err != nil {
		return "", "", err
	}
	return strings.TrimSpace(u.FirstName + " " + u.LastName), o.Name, nil
}

// changeOrgUserEmail changes the address a user signs in with, at once: the new
// address must be free (409 email_taken otherwise, nothing changed); both addresses
// get a mail that says who changed it; a change the person had asked for
// themselves is dropped; their sessions end, so that they sign in again with the
// new address. Only the person may do it while an operator is logged in as them.
func (d *deps) changeOrgUserEmail(w http.ResponseWriter, r *http.Request) error {
	p, id, err := httpapi.OrgAdminItem(r)
	if err != nil {
		return err
	}
	if p.Actor != nil {
		return httpapi.ErrImpersonationForbidden
	}
	var in addressBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	email, err := validate.Email(in.Email)
	if err != nil {
		f.Add("email", validate.CodeOf(err))
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	admin, org, err := d.adminNames(ctx, p)
	if err != nil {
		return err
	}
	_, after, err := d.Store.ChangeAccount(ctx, p.OrgID, id, func(a *store.Account) ([]table.Op, error) {
		if a.Email == email {
			return nil, portal.Fields{{Field: "email", Code: "same_address"}}.Err()
		}
		before, oldEmail := httpapi.AuditOf(a.User), a.Email
		a.Email = email
		ops := store.MoveEmailGuard(*a, oldEmail)
		if c := a.EmailChange; c != nil && c.UndoLink != "" {
			ops = append(ops, store.DropOneTime(c.UndoLink, auth.PurposeEmailUndo))
		}
		a.EmailChange = nil
		data := map[string]any{"Name": a.FirstName, "Admin": admin, "Organization": org,
			"OldEmail": oldEmail, "NewEmail": email, "Link": d.PageLink(httpapi.PageSignIn, "")}
		for _, to := range []string{oldEmail, email} {
			m, err := d.Notice(to, a.Lang, "email_set_by_admin", data)
			if err != nil {
				return nil, err
			}
			ops = append(ops, m)
		}
		return append(ops, d.Audit(r.Context(), p.OrgID, "user.email", httpapi.AuditTarget(a.ID), before, httpapi.AuditOf(a.User))), nil
	})
	if err = store.EmailTaken(err, 1); portal.Is(err, portal.Conflict) && portal.CodeOf(err) == "email_taken" {
		return errEmailTaken
	}
	if err != nil {
		return err
	}
	if err := d.Sessions.EndOthers(ctx, id, ""); err != nil {
		return err
	}
	return httpapi.Reply(w, d.ViewUser(after))
}

// notificationAudit is what the audit log keeps of a notification address change.
type notificationAudit struct {
	NotificationEmail string `json:"notificationEmail"`
}

// setOrgUserNotificationEmail sets the address a user's notices go to, at once,
// and mails that address to say so and who set it; "" removes it (notices go to the
// sign-in address again). A change the person had started themselves is dropped.
func (d *deps) setOrgUserNotificationEmail(w http.ResponseWriter, r *http.Request) error {
	p, _, err := httpapi.OrgAdminItem(r)
	if err != nil {
		return err
	}
	if p.Actor != nil {
		return httpapi.ErrImpersonationForbidden
	}
	var in addressBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	email := strings.TrimSpace(in.Email)
	if email != "" {
		var f portal.Fields
		if email, err = validate.Email(email); err != nil {
			f.Add("email", validate.CodeOf(err))
		}
		if err := f.Err(); err != nil {
			return err
		}
	}
	ctx := r.Context()
	admin, org, err := d.adminNames(ctx, p)
	if err != nil {
		return err
	}
	return d.changeUser(w, r, false, func(p portal.Principal, a *store.Account) ([]table.Op, error) {
		if a.NotificationEmail == email && a.NotificationChange == nil {
			return nil, errUnchanged
		}
		before := notificationAudit{a.NotificationEmail}
		a.NotificationEmail, a.NotificationChange = email, nil
		a.ProfileVersion++
		ops := []table.Op{d.Audit(r.Context(), p.OrgID, "user.notification_email", httpapi.AuditTarget(a.ID), before, notificationAudit{email})}
		if email == "" {
			return ops, nil
		}
		m, err := d.Notice(email, a.Lang, "notification_email_set", map[string]any{"Name": a.FirstName, "Admin": admin,
			"Organization": org, "Email": a.Email, "Link": d.PageLink(httpapi.PageAccount, "")})
		return append(ops, m), err
	})
}
