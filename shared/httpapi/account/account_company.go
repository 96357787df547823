package account

import (
	"net/http"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// maxContacted bounds the administrators one message is mailed to, so that it fits
// one transaction.
const maxContacted = 50

// companyView is "My company": the organisation and whom to ask about it.
type companyView struct {
	Organisation   portal.Organisation `json:"organisation"`
	Administrators []adminContact      `json:"administrators"`
}

type adminContact struct {
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Email     string `json:"email"`
}

// contactAddress is where messages for a person go: their notification address
// when they gave one.
func contactAddress(u portal.User) string {
	if u.NotificationEmail != "" {
		return u.NotificationEmail
	}
	return u.Email
}

func (d *deps) myCompany(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	return d.replyCompany(w, r, p.OrgID)
}

func (d *deps) replyCompany(w http.ResponseWriter, r *http.Request, orgID string) error {
	org, err := d.Store.Organisation(r.Context(), orgID)
	if err != nil {
		return err
	}
	admins, err := d.Store.Administrators(r.Context(), orgID)
	if err != nil {
		return err
	}
	v := companyView{Organisation: org, Administrators: make([]adminContact, len(admins))}
	for i, a := range admins {
		v.Administrators[i] = adminContact{FirstName: a.FirstName, LastName: a.LastName, Email: contactAddress(a)}
	}
	return httpapi.Reply(w, v)
}

type contactBody struct {
	Subject string `json:"subject"`
	Message string `json:"message"`
}

// contactAdministrators mails a member's message to their organisation's other
// administrators, with the member's address to reply to; a few per hour at most.
func (d *deps) contactAdministrators(w http.ResponseWriter, r *http.Request) error {
	var in contactBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	var f portal.Fields
	subject, err := validate.Text(in.Subject, 200, true, false)
	if err != nil {
		f.Add("subject", validate.CodeOf(err))
	}
	message, err := validate.Text(in.Message, 5000, true, true)
	if err != nil {
		f.Add("message", validate.CodeOf(err))
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	from, err := d.Store.User(ctx, p.OrgID, p.UserID)
	if err != nil {
		return err
	}
	org, err := d.Store.Organisation(ctx, p.OrgID)
	if err != nil {
		return err
	}
	admins, err := d.Store.Administrators(ctx, p.OrgID)
	if err != nil {
		return err
	}
	var ops []table.Op
	for _, a := range admins {
		if a.ID == from.ID || len(ops) == maxContacted {
			continue
		}
		m, err := d.Letter(contactAddress(a), a.Lang, "contact_admin", map[string]any{"Name": a.FirstName,
			"FromName": from.FirstName + " " + from.LastName, "FromEmail": contactAddress(from),
			"Organization": org.Name, "Subject": subject, "Message": message})
		if err != nil {
			return err
		}
		m.ReplyTo = contactAddress(from)
		op, err := mail.Enqueue(m, d.Time())
		if err != nil {
			return err
		}
		ops = append(ops, op)
	}
	if len(ops) == 0 {
		return portal.E(portal.Conflict, "no_administrator", "the organisation has no other administrator to write to")
	}
	if err := auth.ContactAdminPerUser.Allow(ctx, d.Store, p.UserID, d.Time()); err != nil {
		return err
	}
	if err := d.Store.Table().Transact(ctx, ops...); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusAccepted, map[string]int{"sent": len(ops)})
	return nil
}

type companySecurityBody struct {
	MFARequired *bool `json:"mfaRequired"`
}

// setCompanySecurity lets an administrator require a second factor of every member
// of their organisation: members without one must enrol one before anything else,
// at their next sign-in or, signed in, within a minute (see slideAfter).
func (d *deps) setCompanySecurity(w http.ResponseWriter, r *http.Request) error {
	var in companySecurityBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	if in.MFARequired == nil {
		return portal.Fields{{Field: "mfaRequired", Code: "required"}}.Err()
	}
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	org, err := d.Store.Organisation(ctx, p.OrgID)
	if err != nil {
		return err
	}
	if org.MFARequired != *in.MFARequired {
		before := map[string]bool{"mfaRequired": org.MFARequired}
		org.MFARequired = *in.MFARequired
		after := map[string]bool{"mfaRequired": org.MFARequired}
		if err := d.Store.SaveOrganisation(ctx, org, d.Audit(r.Context(), org.ID, "org.mfa_policy", "org:"+org.ID, before, after)); err != nil {
			return err
		}
	}
	return d.replyCompany(w, r, p.OrgID)
}
