package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// RequestUser is the sign-in page's "Request a new user": a person without an
// account asks for one and for applications.
var RequestUser = Feature{Name: "requestuser", Routes: func(rt *Router, d *Deps) {
	rt.Handle("POST /api/v1/new-user-requests", d.requestNewUser)
}}

// The limits of "Request a new user": per caller's address, and per mail address so
// that nobody floods a mailbox with confirmations.
var (
	NewUserPerIP      = auth.Limit{Name: "newuser-ip", Max: 20, Window: time.Hour}
	NewUserPerAddress = auth.Limit{Name: "newuser-email", Max: 3, Window: time.Hour}
)

type newUserBody struct {
	Email string `json:"email"`
	UserDetails
	Applications []string `json:"applications"`
	Comment      string   `json:"comment"`
}

// requestNewUser answers 202 {"status":"received"} whether the address has an
// account, has none, or belongs to no customer company: only the mail to the
// address differs (access.Service.SubmitNewUser).
func (d *Deps) requestNewUser(w http.ResponseWriter, r *http.Request) error {
	ctx, now := r.Context(), d.Time()
	if err := NewUserPerIP.AllowFrom(ctx, d.Store, ClientIP(r), d.Trusted, now); err != nil {
		return err
	}
	var in newUserBody
	if err := Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	email, err := validate.Email(in.Email)
	if err != nil {
		f.Add("email", validate.CodeOf(err))
	} else if err := d.businessDomain(ctx, validate.DomainOf(email)); err == errFreeMail {
		f.Add("email", "free_mail")
	} else if err != nil {
		return err
	}
	details := in.UserDetails
	if details.Lang == "" {
		details.Lang = Lang(r)
	}
	details = details.Clean(&f)
	in.Comment = checkComment(&f, in.Comment)
	if err := f.Err(); err != nil {
		return err
	}
	if err := NewUserPerAddress.Allow(ctx, d.Store, email, now); err != nil {
		return err
	}
	person := portal.User{Email: email}
	details.Apply(&person)
	err = d.access().SubmitNewUser(ctx, access.NewUser{Person: person, Apps: in.Applications, Comment: in.Comment}, d.companies, d.auditor(r))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusAccepted, map[string]string{"status": "received"})
	return nil
}

// companies are the organisations that verified a domain, as registration finds
// them.
func (d *Deps) companies(ctx context.Context, domain string) ([]portal.Organisation, error) {
	c, err := d.domainCandidates(ctx, domain)
	if err != nil {
		return nil, err
	}
	out := make([]portal.Organisation, len(c.Organisations))
	for i, o := range c.Organisations {
		out[i] = portal.Organisation{ID: o.ID, Name: o.Name}
	}
	return out, nil
}

// supersedeRequest deletes the unclaimed account an address has, with its pending
// requests, for the owner of the address who just proved they hold it by signing
// up; the deletion is audited in the account's organisation. It reports whether the
// address may be tried again: it is free now, or was already.
func (d *Deps) supersedeRequest(r *http.Request, email string) (bool, error) {
	ctx := r.Context()
	acc, err := d.Store.AccountByEmail(ctx, email)
	if portal.Is(err, portal.NotFound) {
		return true, nil
	}
	if err != nil || !acc.Unclaimed {
		return false, err
	}
	_, err = d.Store.DeleteAccount(ctx, acc.OrgID, acc.ID, func(a store.Account) ([]table.Op, error) {
		if !a.Unclaimed || a.PasswordHash != "" {
			return nil, portal.E(portal.Conflict, "email_taken", "the address's owner claimed the account meanwhile")
		}
		return []table.Op{d.Audit(r, a.OrgID, access.ActNewUserSuperseded, auditTarget(a.ID), auditOf(a.User), nil)}, nil
	})
	if portal.Is(err, portal.NotFound) {
		return true, nil
	}
	return err == nil, err
}
