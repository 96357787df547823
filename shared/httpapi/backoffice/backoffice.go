package backoffice

import (
	"context"
	"net/http"
	"slices"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/validate"
)

// Backoffice is the operators' side of registration: the queue of organisations to
// create and people to link, the free-mail domains that cannot sign up, and which
// organisations verified which mail domains; in backofficeorgs.go, the list of
// customer organisations; and, in backofficecontracts.go, their contracts and users.
var Backoffice = httpapi.Feature{Name: "backoffice", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	desk := httpapi.RegistrationDesk{D: pd, Find: d.backofficeRegistration}
	rt.Handle("GET /api/v1/backoffice/registrations", d.registrationQueue)
	rt.Handle("GET /api/v1/backoffice/registrations/{id}", desk.Get)
	rt.Handle("POST /api/v1/backoffice/registrations/{id}/approve", desk.Approve)
	rt.Handle("POST /api/v1/backoffice/registrations/{id}/refuse", desk.Refuse)
	rt.Handle("GET /api/v1/backoffice/freemail", d.listFreeMail)
	rt.Handle("POST /api/v1/backoffice/freemail", d.addFreeMail)
	rt.Handle("DELETE /api/v1/backoffice/freemail/{domain}", d.removeFreeMail)
	rt.Handle("GET /api/v1/backoffice/domains/{domain}", d.getDomain)
	rt.Handle("PUT /api/v1/backoffice/domains/{domain}", d.shareDomain)
	rt.Handle("POST /api/v1/backoffice/domains/{domain}/organisations", d.verifyDomain)
	rt.Handle("DELETE /api/v1/backoffice/domains/{domain}/organisations/{orgId}", d.unverifyDomain)
	rt.Handle("GET /api/v1/backoffice/organisations", d.listOrganisations)
	rt.Handle("GET /api/v1/backoffice/organisations/{orgId}", d.getOrganisation)
	d.backofficeContractRoutes(rt)
}}

func (d *deps) backofficeRegistration(r *http.Request, write bool) (portal.Registration, error) {
	if _, err := httpapi.Operator(r, write); err != nil {
		return portal.Registration{}, err
	}
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return portal.Registration{}, err
	}
	return d.Store.Registration(r.Context(), id)
}

// registrationQueue lists the pending registrations, oldest first, of one kind
// (?kind=organisation, partner or join) or of all.
func (d *deps) registrationQueue(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, false); err != nil {
		return err
	}
	kind := portal.RegistrationKind(r.URL.Query().Get("kind"))
	if kind != "" && kind != portal.RegistrationJoin && kind != portal.RegistrationOrganisation && kind != portal.RegistrationPartner {
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "kind", Code: "format"}}}
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 50, 100)
	if err != nil {
		return err
	}
	items, next, err := d.Store.PendingRegistrations(r.Context(), kind, limit, cursor)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[portal.Registration]{Items: items, Next: next})
}

// pathDomain reads the domain in the path in its canonical form.
func pathDomain(r *http.Request) (string, error) {
	domain, err := validate.Domain(r.PathValue("domain"))
	if err != nil {
		return "", &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "domain", Code: validate.CodeOf(err)}}}
	}
	return domain, nil
}

type freeMailPage struct {
	// BuiltIn is how many entries the list kept in the code holds.
	BuiltIn int                    `json:"builtIn"`
	Items   []store.FreeMailDomain `json:"items"`
	Next    string                 `json:"next,omitempty"`
}

// listFreeMail lists the free-mail domains operators added to the built-in list.
func (d *deps) listFreeMail(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, false); err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 100, 1000)
	if err != nil {
		return err
	}
	items, next, err := d.Store.FreeMailDomains(r.Context(), limit, cursor)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, freeMailPage{BuiltIn: validate.FreeMailEntries(), Items: items, Next: next})
}

type freeMailBody struct {
	Domain string `json:"domain"`
}

var errFreeMailExists = portal.E(portal.Conflict, "freemail_exists", "the domain is a free-mail domain already")

// addFreeMail stops a domain from signing up. A domain an organisation verified
// stays verified, so it cannot be added (409 domain_verified): unverify it first.
func (d *deps) addFreeMail(w http.ResponseWriter, r *http.Request) error {
	var in freeMailBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	p, err := httpapi.Operator(r, true)
	if err != nil {
		return err
	}
	domain, err := validate.Domain(in.Domain)
	if err != nil {
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "domain", Code: validate.CodeOf(err)}}}
	}
	if validate.FreeMail(domain) {
		return errFreeMailExists
	}
	ctx := r.Context()
	claim, err := d.Store.DomainClaim(ctx, domain)
	if err != nil {
		return err
	}
	if len(claim.OrgIDs) > 0 {
		return portal.E(portal.Conflict, "domain_verified", "an organisation verified this domain")
	}
	fm := store.FreeMailDomain{Domain: domain, Added: d.Time().UTC(), AddedBy: p.UserID}
	if err := d.Store.AddFreeMailDomain(ctx, fm, d.Audit(r.Context(), portal.VendorOrg, "freemail.add", "domain:"+domain, nil, fm)); err != nil {
		return err
	}
	return httpapi.Created(w, fm)
}

// removeFreeMail lets a domain an operator listed sign up again.
func (d *deps) removeFreeMail(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, true); err != nil {
		return err
	}
	domain, err := pathDomain(r)
	if err != nil {
		return err
	}
	if err := d.Store.RemoveFreeMailDomain(r.Context(), domain, d.Audit(r.Context(), portal.VendorOrg, "freemail.remove", "domain:"+domain, nil, nil)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// domainView is who verified a mail domain.
type domainView struct {
	Domain        string              `json:"domain"`
	Shared        bool                `json:"shared"`
	FreeMail      bool                `json:"freeMail"`
	Organisations []httpapi.Candidate `json:"organisations"`
}

func (d *deps) viewDomain(ctx context.Context, domain string) (domainView, error) {
	claim, err := d.Store.DomainClaim(ctx, domain)
	if err != nil {
		return domainView{}, err
	}
	c, err := d.Candidates(ctx, claim)
	if err != nil {
		return domainView{}, err
	}
	free := d.Verifiable(ctx, domain)
	if free != nil && !portal.Is(free, portal.Conflict) {
		return domainView{}, free
	}
	return domainView{Domain: domain, Shared: claim.Shared, FreeMail: free != nil, Organisations: c.Organisations}, nil
}

func (d *deps) getDomain(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, false); err != nil {
		return err
	}
	domain, err := pathDomain(r)
	if err != nil {
		return err
	}
	v, err := d.viewDomain(r.Context(), domain)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, v)
}

type shareBody struct {
	Shared bool `json:"shared"`
}

// shareDomain lets several organisations verify a domain (divisions of a group,
// public bodies), or only one again once at most one has.
func (d *deps) shareDomain(w http.ResponseWriter, r *http.Request) error {
	var in shareBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	if _, err := httpapi.Operator(r, true); err != nil {
		return err
	}
	domain, err := pathDomain(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := d.Verifiable(ctx, domain); err != nil {
		return err
	}
	claim, err := d.Store.DomainClaim(ctx, domain)
	if err != nil {
		return err
	}
	if !in.Shared && len(claim.OrgIDs) > 1 {
		return portal.E(portal.Conflict, "domain_shared_in_use", "several organisations verified this domain")
	}
	if claim.Shared != in.Shared {
		before := shareBody{Shared: claim.Shared}
		claim.Shared = in.Shared
		if err := d.Store.Table().Transact(ctx, store.PutDomainClaim(claim), d.Audit(r.Context(), portal.VendorOrg, "domain.share", "domain:"+domain, before, in)); err != nil {
			return err
		}
	}
	v, err := d.viewDomain(ctx, domain)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, v)
}

type verifyDomainBody struct {
	OrganisationID string `json:"organisationId"`
}

var errOrganisationNotFound = portal.E(portal.NotFound, "organisation_not_found", "no such organisation")

// verifyDomain records that an organisation verified a domain: people who sign up
// with an address there then join it. One organisation per domain unless shared;
// never a free-mail domain.
func (d *deps) verifyDomain(w http.ResponseWriter, r *http.Request) error {
	var in verifyDomainBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	return d.changeDomain(w, r, in.OrganisationID, func(ctx context.Context, claim *store.DomainClaim, o *portal.Organisation) error {
		if o.ID == portal.VendorOrg {
			// The vendor's staff are not customers: nobody signs up into it.
			return errOrganisationNotFound
		}
		if err := d.Verifiable(ctx, claim.Domain); err != nil {
			return err
		}
		if claim.Verified(o.ID) {
			return portal.E(portal.Conflict, "domain_already_verified", "the organisation verified this domain already")
		}
		if len(claim.OrgIDs) > 0 && !claim.Shared {
			return httpapi.ErrDomainTaken
		}
		claim.OrgIDs = append(claim.OrgIDs, o.ID)
		if !slices.Contains(o.Domains, claim.Domain) {
			o.Domains = append(o.Domains, claim.Domain)
		}
		return nil
	})
}

// unverifyDomain takes a domain off an organisation: people who sign up with an
// address there no longer join it.
func (d *deps) unverifyDomain(w http.ResponseWriter, r *http.Request) error {
	return d.changeDomain(w, r, r.PathValue("orgId"), func(_ context.Context, claim *store.DomainClaim, o *portal.Organisation) error {
		if !claim.Verified(o.ID) {
			return portal.E(portal.NotFound, "domain_not_verified", "the organisation did not verify this domain")
		}
		claim.OrgIDs = slices.DeleteFunc(claim.OrgIDs, func(id string) bool { return id == o.ID })
		o.Domains = slices.DeleteFunc(o.Domains, func(d string) bool { return d == claim.Domain })
		return nil
	})
}

// changeDomain changes who verified the domain in the path: change edits the claim
// and the organisation as read, and both are written in one transaction with the
// audit entry, each conditioned on its version. A transaction that lost a race is
// judged again on a fresh read.
func (d *deps) changeDomain(w http.ResponseWriter, r *http.Request, orgID string, change func(ctx context.Context, claim *store.DomainClaim, o *portal.Organisation) error) error {
	if _, err := httpapi.Operator(r, true); err != nil {
		return err
	}
	domain, err := pathDomain(r)
	if err != nil {
		return err
	}
	if orgID == "" {
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "organisationId", Code: "required"}}}
	}
	if !httpapi.ValidID(orgID) {
		return errOrganisationNotFound
	}
	ctx := r.Context()
	for range 3 {
		claim, err := d.Store.DomainClaim(ctx, domain)
		if err != nil {
			return err
		}
		o, err := d.Store.Organisation(ctx, orgID)
		if portal.Is(err, portal.NotFound) {
			return errOrganisationNotFound
		}
		if err != nil {
			return err
		}
		before := append([]string{}, claim.OrgIDs...)
		if err := change(ctx, &claim, &o); err != nil {
			return err
		}
		err = d.Store.SaveOrganisation(ctx, o, store.PutDomainClaim(claim),
			d.Audit(r.Context(), o.ID, "domain.verification", "domain:"+domain, before, claim.OrgIDs))
		if !portal.Is(err, portal.Conflict) {
			if err != nil {
				return err
			}
			v, err := d.viewDomain(ctx, domain)
			if err != nil {
				return err
			}
			return httpapi.Reply(w, v)
		}
	}
	return portal.E(portal.Conflict, "condition_failed", "the domain changed meanwhile")
}

// deps are the platform's dependencies, on which the backoffice area's handlers are
// methods.
type deps struct{ *httpapi.Deps }
