package httpapi

import (
	"context"
	"net/http"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// Registrations are decided at two desks: an organisation's administrators decide
// the join requests of their organisation (the joinrequests feature), operators
// decide every registration (the backoffice feature). Both use the handlers below,
// each with its own way of finding a registration the principal may see.

var (
	ErrRegistrationNotFound = portal.E(portal.NotFound, "registration_not_found", "no such registration")
	errRegistrationDecided  = portal.E(portal.Conflict, "registration_decided", "the registration was already decided")
	errDomainFreeMail       = portal.E(portal.Conflict, "domain_free_mail", "a free-mail domain cannot be verified")
	ErrDomainTaken          = portal.E(portal.Conflict, "domain_taken", "another organisation verified this domain")
)

// maxReasonLen bounds the reason given with a refusal.
const maxReasonLen = 1000

// RegistrationDesk serves the registrations one kind of decider may see: find
// returns the registration named in the path, NotFound when the principal may not
// see it, Forbidden when they may not decide it and write is set.
type RegistrationDesk struct {
	D    *Deps
	Find func(r *http.Request, write bool) (portal.Registration, error)
}

// Get answers a registration the desk's decider may see.
func (k RegistrationDesk) Get(w http.ResponseWriter, r *http.Request) error {
	reg, err := k.Find(r, false)
	if err != nil {
		return err
	}
	return Reply(w, reg)
}

// Approve approves a pending registration: 409 registration_decided when someone
// decided it first.
func (k RegistrationDesk) Approve(w http.ResponseWriter, r *http.Request) error {
	reg, err := k.Find(r, true)
	if err != nil {
		return err
	}
	reg, err = k.D.decide(r, reg, true, "")
	if err != nil {
		return err
	}
	return Reply(w, reg)
}

// RefuseBody is a refusal with its reason, as deciders send it.
type RefuseBody struct {
	Reason string `json:"reason"`
}

// Refuse refuses a pending registration with a reason the person reads in the mail.
func (k RegistrationDesk) Refuse(w http.ResponseWriter, r *http.Request) error {
	var in RefuseBody
	if err := Decode(r, &in); err != nil {
		return err
	}
	reason, err := validate.Text(in.Reason, maxReasonLen, true, true)
	if err != nil {
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "reason", Code: validate.CodeOf(err)}}}
	}
	reg, err := k.Find(r, true)
	if err != nil {
		return err
	}
	reg, err = k.D.decide(r, reg, false, reason)
	if err != nil {
		return err
	}
	return Reply(w, reg)
}

// decisionAudit is what the audit log keeps of a decision.
type decisionAudit struct {
	Kind   portal.RegistrationKind  `json:"kind"`
	State  portal.RegistrationState `json:"state"`
	OrgID  string                   `json:"orgId"`
	Reason string                   `json:"reason,omitempty"`
}

// decide approves or refuses a pending registration in one transaction with the
// account's new state, the registration's, the mail that tells the person, the
// audit entry and the end of the person's sessions (which carried the old status;
// they sign in again). The registration's write is conditioned on the version read,
// so of two deciders at once one wins and the other gets 409 registration_decided.
func (d *Deps) decide(r *http.Request, reg portal.Registration, approve bool, reason string) (portal.Registration, error) {
	if reg.State != portal.RegistrationPending {
		return reg, errRegistrationDecided
	}
	p, err := Principal(r)
	if err != nil {
		return reg, err
	}
	next := reg
	next.State, next.Reason, next.Decided, next.DecidedBy = portal.RegistrationRefused, reason, d.Time().UTC(), p.UserID
	if approve {
		next.State = portal.RegistrationApproved
	}
	ctx := r.Context()
	switch {
	case !approve:
		err = d.changeRegistered(r, next, portal.StatusRefused)
	case reg.Kind == portal.RegistrationJoin:
		err = d.changeRegistered(r, next, portal.StatusReady)
	default:
		next, err = d.approveOrganisation(r, next)
	}
	if portal.Is(err, portal.Conflict) || portal.Is(err, portal.NotFound) {
		if now, again := d.Store.Registration(ctx, reg.ID); again == nil && now.State != portal.RegistrationPending {
			return now, errRegistrationDecided
		}
	}
	if err != nil {
		return reg, err
	}
	// Sessions beyond what the transaction had room for, or opened meanwhile.
	return next, d.Sessions.EndOthers(ctx, reg.ID, "")
}

// auditOrg is the organisation whose log records a decision on reg: the one joined,
// or the vendor's for a refused organisation request.
func auditOrg(reg portal.Registration) string {
	if reg.OrgID == portal.UnlinkedOrg {
		return portal.VendorOrg
	}
	return reg.OrgID
}

// changeRegistered writes a decision that leaves the person where they are: a join
// request approved (the account becomes ready) or any registration refused.
func (d *Deps) changeRegistered(r *http.Request, next portal.Registration, status portal.UserStatus) error {
	ctx := r.Context()
	_, _, err := d.Store.ChangeAccount(ctx, next.OrgID, next.ID, func(a *store.Account) ([]table.Op, error) {
		a.Status = status
		return d.decisionOps(r, next, a, false)
	})
	return err
}

// decisionOps are the steps written with every decision on next for the person a:
// the registration, the mail, the audit entry and the ends of a's sessions.
func (d *Deps) decisionOps(r *http.Request, next portal.Registration, a *store.Account, admin bool) ([]table.Op, error) {
	m, err := d.DecisionMail(next, admin)
	if err != nil {
		return nil, err
	}
	audit := d.Audit(r.Context(), auditOrg(next), "registration."+string(next.State), AuditTarget(a.ID), nil,
		decisionAudit{Kind: next.Kind, State: next.State, OrgID: next.OrgID, Reason: next.Reason})
	return d.WithSessionEnds(r.Context(), a.ID, store.PutRegistration(next), m, audit)
}

// approveOrganisation creates the organisation a person asked for (a partner, for a
// partner request), verifies their
// domain for it and moves them into it as its first administrator, in one
// transaction. A domain that became free mail, or that another organisation
// verified meanwhile (unless an operator shared it), stops the approval.
func (d *Deps) approveOrganisation(r *http.Request, next portal.Registration) (portal.Registration, error) {
	ctx := r.Context()
	if err := d.Verifiable(ctx, next.Domain); err != nil {
		return next, err
	}
	claim, err := d.Store.DomainClaim(ctx, next.Domain)
	if err != nil {
		return next, err
	}
	if len(claim.OrgIDs) > 0 && !claim.Shared {
		return next, ErrDomainTaken
	}
	req := next.Organisation
	org := portal.Organisation{ID: portal.NewID(), Name: req.LegalName, RegistrationNo: req.RegistrationNo, Country: req.Country,
		Website: req.Website, Address: req.Address, Domains: []string{next.Domain}, Created: next.Decided,
		Partner: next.Kind == portal.RegistrationPartner}
	claim.OrgIDs = append(claim.OrgIDs, org.ID)
	next.OrgID = org.ID
	_, _, err = d.Store.MoveAccount(ctx, portal.UnlinkedOrg, next.ID, func(a *store.Account) ([]table.Op, error) {
		a.OrgID, a.Role, a.Status = org.ID, portal.RoleAdmin, portal.StatusReady
		ops, err := d.decisionOps(r, next, a, true)
		return append(ops, store.NewOrganisation(org), store.PutDomainClaim(claim)), err
	})
	return next, err
}

// Verifiable refuses, with 409 domain_free_mail, a domain no organisation may verify:
// one of a free or disposable mail provider, built in or listed by an operator.
func (d *Deps) Verifiable(ctx context.Context, domain string) error {
	if err := d.BusinessDomain(ctx, domain); err != nil {
		if portal.KindOf(err) == portal.Invalid {
			return errDomainFreeMail
		}
		return err
	}
	return nil
}

// The portal's pages that registration mail links to.
const (
	PageSignIn             = "/signin"
	PageRegistrationStatus = "/register/status"
	PageJoinRequests       = "/admin/join-requests"
)

// ErrFreeMail refuses an address of a free or disposable mail provider where a
// business address is required.
var ErrFreeMail = &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Message: "a business address is required",
	Fields: []portal.FieldError{{Field: "email", Code: "free_mail"}}}

// BusinessDomain refuses a domain of a free or disposable mail provider, or under
// one, with the "free_mail" field error of "email".
func (d *Deps) BusinessDomain(ctx context.Context, domain string) error {
	if validate.FreeMail(domain) {
		return ErrFreeMail
	}
	listed, err := d.Store.ListedFreeMail(ctx, validate.Parents(domain))
	if err != nil {
		return err
	}
	if listed {
		return ErrFreeMail
	}
	return nil
}

// Candidate is an organisation a person may join: its name only.
type Candidate struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Candidates is what a person may link their account to: the organisations that
// verified their domain, and whether they may ask for a new one instead (no
// organisation verified it, or an operator marked it shared).
type Candidates struct {
	Domain        string      `json:"domain"`
	Organisations []Candidate `json:"organisations"`
	CanCreate     bool        `json:"canCreate"`
}

// Candidates lists the organisations of a claim, in one round trip.
func (d *Deps) Candidates(ctx context.Context, claim store.DomainClaim) (Candidates, error) {
	orgs, err := d.Store.Organisations(ctx, claim.OrgIDs)
	if err != nil {
		return Candidates{}, err
	}
	c := Candidates{Domain: claim.Domain, Organisations: make([]Candidate, len(orgs)), CanCreate: len(orgs) == 0 || claim.Shared}
	for i, o := range orgs {
		c.Organisations[i] = Candidate{ID: o.ID, Name: o.Name}
	}
	return c, nil
}

// DecisionMail tells the person who registered what was decided, in their language;
// admin says they became the first administrator of a new organisation.
func (d *Deps) DecisionMail(reg portal.Registration, admin bool) (table.Op, error) {
	return d.Notice(reg.Email, reg.Lang, "registration_decision", map[string]any{"Name": reg.FirstName,
		"Approved": reg.State == portal.RegistrationApproved, "Admin": admin, "Partner": reg.Kind == portal.RegistrationPartner, "Organisation": reg.OrgName,
		"Reason": reg.Reason, "Link": d.PageLink(PageSignIn, "")})
}
