package signup

import (
	"context"
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// RequestUser is the sign-in page's "Request a new user": a person without an
// account asks for one and for applications.
var RequestUser = httpapi.Feature{Name: "requestuser", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
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
	httpapi.UserDetails
	Applications []string `json:"applications"`
	Comment      string   `json:"comment"`
}

// requestNewUser answers 202 {"status":"received"} whether the address has an
// account, has none, or belongs to no customer company: only the mail to the
// address differs (access.Service.SubmitNewUser).
func (d *deps) requestNewUser(w http.ResponseWriter, r *http.Request) error {
	ctx, now := r.Context(), d.Time()
	if err := NewUserPerIP.AllowFrom(ctx, d.Store, portal.CallerFrom(r.Context()).Address, d.Trusted, now); err != nil {
		return err
	}
	var in newUserBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	email, err := validate.Email(in.Email)
	if err != nil {
		f.Add("email", validate.CodeOf(err))
	} else if err := d.BusinessDomain(ctx, validate.DomainOf(email)); err == httpapi.ErrFreeMail {
		f.Add("email", "free_mail")
	} else if err != nil {
		return err
	}
	details := in.UserDetails
	if details.Lang == "" {
		details.Lang = httpapi.Lang(r)
	}
	details = details.Clean(&f)
	in.Comment = httpapi.CheckComment(&f, in.Comment)
	if err := f.Err(); err != nil {
		return err
	}
	if err := NewUserPerAddress.Allow(ctx, d.Store, email, now); err != nil {
		return err
	}
	person := portal.User{Email: email}
	details.Apply(&person)
	err = d.Access().SubmitNewUser(ctx, access.NewUser{Person: person, Apps: in.Applications, Comment: in.Comment}, d.companies, d.Auditor(r))
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusAccepted, map[string]string{"status": "received"})
	return nil
}

// companies are the organisations that verified a domain, as registration finds
// them.
func (d *deps) companies(ctx context.Context, domain string) ([]portal.Organisation, error) {
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
func (d *deps) supersedeRequest(r *http.Request, email string) (bool, error) {
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
		return []table.Op{d.Audit(r.Context(), a.OrgID, access.ActNewUserSuperseded, httpapi.AuditTarget(a.ID), httpapi.AuditOf(a.User), nil)}, nil
	})
	if portal.Is(err, portal.NotFound) {
		return true, nil
	}
	return err == nil, err
}
