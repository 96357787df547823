package orgadmin

import (
	"context"
	"net/http"
	"strconv"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// existingAccount is what the wizard learns about an address that already has an
// account the new user will be attached to: its login is kept.
type existingAccount struct {
	UserID    string            `json:"userId"`
	Login     string            `json:"login"`
	FirstName string            `json:"firstName"`
	LastName  string            `json:"lastName"`
	Status    portal.UserStatus `json:"status"`
}

// validation is the answer to step 1 of the wizard.
type validation struct {
	Email  string           `json:"email"`
	Login  string           `json:"login,omitempty"`
	Attach *existingAccount `json:"attach,omitempty"`
}

// errEmailUnavailable refuses to add an address whose account is not the
// administrator's to attach. Only creation says it, naming no organisation: the
// wizard's validation answers for such an address as for an unknown one, so that
// an administrator cannot probe who has an account elsewhere. It carries no field
// error: the portal shows it on the summary, where creation is asked, rather than
// sending the administrator back to a step 1 that validation accepts.
var errEmailUnavailable = portal.E(portal.Conflict, "email_unavailable", "the address cannot be added")

// mayAttach reports whether an administrator of orgID may attach the account an
// address already has, in ownerOrgID: only one of the organisation's own people, including a person
// waiting to join it, whom its administrators decide on. A member of another
// organisation, or a person waiting for another organisation or for an operator to
// create theirs, is not theirs to read or to take.
func mayAttach(orgID, ownerOrgID string) bool { return ownerOrgID == orgID }

// accountByEmail finds the account an address already has, nil when none.
func (d *deps) accountByEmail(ctx context.Context, email string) (*store.Account, error) {
	a, err := d.Store.AccountByEmail(ctx, email)
	if portal.Is(err, portal.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// cleanNewUser checks the wizard's step 1 and finds the account the address
// already has, if any. A person the administrator may attach keeps their account,
// with its login and details, so only the address is checked then; any other form
// is checked whole, whoever owns the address, so that the answer does not tell
// another organisation's address from an unknown one.
func (d *deps) cleanNewUser(ctx context.Context, orgID string, in httpapi.NewUserForm) (httpapi.NewUserForm, *store.Account, error) {
	var f portal.Fields
	email, err := validate.Email(in.Email)
	if err != nil {
		in.Clean(&f) // reports the address with the rest
		return in, nil, f.Err()
	}
	existing, err := d.accountByEmail(ctx, email)
	if err != nil || existing != nil && mayAttach(orgID, existing.OrgID) {
		return in, existing, err
	}
	in = in.Clean(&f)
	if err := f.Err(); err != nil {
		return in, existing, err
	}
	taken, err := d.Store.LoginTaken(ctx, in.Login)
	if err != nil {
		return in, existing, err
	}
	if taken {
		return in, existing, errLoginTaken
	}
	return in, existing, nil
}

var errLoginTaken = &portal.Error{Kind: portal.Conflict, Code: "login_taken", Message: "the login is taken",
	Fields: []portal.FieldError{{Field: "login", Code: "taken"}}}

// validateOrgUser checks step 1 of the wizard without writing anything.
func (d *deps) validateOrgUser(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	var in httpapi.NewUserForm
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	in, existing, err := d.cleanNewUser(r.Context(), p.OrgID, in)
	if err != nil {
		return err
	}
	if existing != nil && mayAttach(p.OrgID, existing.OrgID) {
		return httpapi.Reply(w, validation{Email: existing.Email, Attach: &existingAccount{UserID: existing.ID, Login: existing.Login,
			FirstName: existing.FirstName, LastName: existing.LastName, Status: existing.Status}})
	}
	return httpapi.Reply(w, validation{Email: in.Email, Login: in.Login})
}

// grantsFor checks that every contract of the grants is one of the organisation's
// (a field error otherwise) and returns the rights they make for a user.
func (d *deps) grantsFor(ctx context.Context, orgID string, grants []httpapi.ContractGrant, base store.UserRights) (store.UserRights, error) {
	var f portal.Fields
	httpapi.CleanGrants(&f, "contracts", grants)
	if err := f.Err(); err != nil || len(grants) == 0 {
		return base, err
	}
	ids := make([]string, len(grants))
	for i, g := range grants {
		ids[i] = g.ContractID
	}
	known, err := d.Store.ContractsByID(ctx, orgID, ids)
	if err != nil {
		return base, err
	}
	for i, g := range grants {
		if _, ok := known[g.ContractID]; !ok {
			f.Add("contracts["+strconv.Itoa(i)+"].contractId", "not_found")
			continue
		}
		base = base.With(g.ContractID, g.Rights(base.Contracts[g.ContractID].Referent))
	}
	return base, f.Err()
}

// createdUser is what the audit log keeps of a new user.
type createdUser struct {
	httpapi.AuditUser
	Rights         portal.Rights `json:"rights,omitempty"`
	SendActivation bool          `json:"sendActivation"`
}

// createOrgUser adds a user with their rights in one transaction: with the
// activation mail (status not_activated) or with the password the administrator
// chose (status ready, to be changed at the first sign-in). An address that already
// has an account attaches that person instead.
func (d *deps) createOrgUser(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	var in httpapi.NewUserForm
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	in, existing, err := d.cleanNewUser(ctx, p.OrgID, in)
	if err != nil {
		return err
	}
	if existing != nil {
		if !mayAttach(p.OrgID, existing.OrgID) {
			return errEmailUnavailable
		}
		return d.attachUser(w, r, p, *existing, in.Contracts)
	}
	acc, ops, err := d.newAccount(ctx, p.OrgID, in, "", "")
	if err != nil {
		return err
	}
	if _, err := d.Store.CreateAccounts(ctx, store.NewAccount{Account: acc, Also: ops}); err != nil {
		switch portal.CodeOf(err) {
		case "login_taken":
			return errLoginTaken
		case "email_taken": // the address got an account meanwhile
			return errEmailUnavailable
		}
		return err
	}
	rights, err := d.Store.Rights(ctx, p.OrgID, acc.ID)
	if err != nil {
		return err
	}
	return httpapi.Created(w, userDetail{User: d.ViewUser(acc), Rights: httpapi.OrEmpty(rights.Contracts), RightsVersion: rights.Version})
}

// newAccount builds a new user of orgID from a checked form, with the steps to
// write with it: the rights, the activation mail and the audit entry. orgName is
// the organisation's name for the mail, read when ""; hash is the form's password
// already hashed, hashed here when "".
func (d *deps) newAccount(ctx context.Context, orgID string, in httpapi.NewUserForm, orgName, hash string) (store.Account, []table.Op, error) {
	now := d.Time().UTC()
	acc := store.Account{User: portal.User{ID: portal.NewID(), OrgID: orgID, Email: in.Email, Login: in.Login, Role: in.Role, Created: now}}
	in.UserDetails.Apply(&acc.User)
	rights, err := d.grantsFor(ctx, orgID, in.Contracts, store.UserRights{OrgID: orgID, UserID: acc.ID})
	if err != nil {
		return acc, nil, err
	}
	var ops []table.Op
	if len(rights.Contracts) > 0 {
		ops = append(ops, store.PutRights(rights))
	}
	if in.SendsActivation() {
		acc.Status = portal.StatusNotActivated
		if orgName == "" {
			org, err := d.Store.Organisation(ctx, orgID)
			if err != nil {
				return acc, nil, err
			}
			orgName = org.Name
		}
		mail, err := d.activationMail(&acc, orgName)
		if err != nil {
			return acc, nil, err
		}
		ops = append(ops, mail...)
	} else {
		acc.Status, acc.MustChangePassword, acc.PasswordChanged, acc.PasswordHash = portal.StatusReady, true, now, hash
		if hash == "" {
			if acc.PasswordHash, err = auth.HashPassword(in.Password, d.Auth.Params); err != nil {
				return acc, nil, err
			}
		}
	}
	ops = append(ops, d.Audit(ctx, orgID, "user.create", httpapi.AuditTarget(acc.ID), nil,
		createdUser{AuditUser: httpapi.AuditOf(acc.User), Rights: rights.Contracts, SendActivation: in.SendsActivation()}))
	return acc, ops, nil
}

// attached is what the audit log keeps of an attachment.
type attached struct {
	Status string        `json:"status"`
	Rights portal.Rights `json:"rights,omitempty"`
}

// attachUser gives an existing person the rights of the form and answers them.
func (d *deps) attachUser(w http.ResponseWriter, r *http.Request, p portal.Principal, a store.Account, grants []httpapi.ContractGrant) error {
	after, rights, err := d.attach(r.Context(), p, a, grants)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, userDetail{User: d.ViewUser(after), Rights: httpapi.OrEmpty(rights.Contracts), RightsVersion: rights.Version})
}

// attach gives one of the organisation's people the rights of grants, keeping
// their login. A person of the organisation keeps their account as it is; a person
// waiting to join it is approved by the administrator who added them, and gets the
// activation mail when they have no password yet. It returns the account and the
// rights as written. The steps of also are written in the same transaction.
func (d *deps) attach(ctx context.Context, p portal.Principal, a store.Account, grants []httpapi.ContractGrant, also ...table.Op) (store.Account, store.UserRights, error) {
	if !mayAttach(p.OrgID, a.OrgID) {
		return a, store.UserRights{}, errEmailUnavailable
	}
	base, err := d.Store.Rights(ctx, p.OrgID, a.ID)
	if err != nil {
		return a, base, err
	}
	rights, err := d.grantsFor(ctx, p.OrgID, grants, base)
	if err != nil {
		return a, rights, err
	}
	ops := append([]table.Op{store.PutRights(rights)}, also...)
	written := rights
	written.Version++
	entry := attached{Rights: rights.Contracts}
	if a.Status != portal.StatusPendingApproval {
		entry.Status = string(a.Status)
		ops = append(ops, store.AccountExists(p.OrgID, a.ID), d.Audit(ctx, p.OrgID, "user.attach", httpapi.AuditTarget(a.ID), nil, entry))
		return a, written, d.Store.Table().Transact(ctx, ops...)
	}
	org, err := d.Store.Organisation(ctx, p.OrgID)
	if err != nil {
		return a, rights, err
	}
	reg, err := d.Store.Registration(ctx, a.ID)
	switch {
	case err == nil && reg.State == portal.RegistrationPending:
		reg.State, reg.Decided, reg.DecidedBy = portal.RegistrationApproved, d.Time().UTC(), p.UserID
		ops = append(ops, store.PutRegistration(reg))
	case err != nil && !portal.Is(err, portal.NotFound):
		return a, rights, err
	}
	_, after, err := d.Store.ChangeAccount(ctx, a.OrgID, a.ID, func(acc *store.Account) ([]table.Op, error) {
		also := append([]table.Op(nil), ops...)
		if acc.PasswordHash != "" {
			acc.Status = portal.StatusReady
		} else {
			acc.Status = portal.StatusNotActivated
			mail, err := d.activationMail(acc, org.Name)
			if err != nil {
				return nil, err
			}
			also = append(also, mail...)
		}
		entry.Status = string(acc.Status)
		return append(also, d.Audit(ctx, p.OrgID, "user.attach", httpapi.AuditTarget(a.ID), httpapi.AuditOf(a.User), entry)), nil
	})
	return after, written, err
}
