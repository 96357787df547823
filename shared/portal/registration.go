package portal

import "time"

// RegistrationKind says what a person who signed up is waiting for.
type RegistrationKind string

// The kinds of registration.
const (
	// RegistrationJoin asks to join an organisation that verified the person's domain;
	// its administrators (or an operator) decide.
	RegistrationJoin RegistrationKind = "join"
	// RegistrationOrganisation asks the vendor to create the person's organisation;
	// an operator decides, and the person becomes its first administrator.
	RegistrationOrganisation RegistrationKind = "organisation"
	// RegistrationPartner asks to become one of the vendor's partners (or says the
	// person works for one): an operator decides, as for an organisation request,
	// and the organisation created is marked a partner.
	RegistrationPartner RegistrationKind = "partner"
)

// RegistrationState is where a registration stands.
type RegistrationState string

// The registration states. A decided registration never changes again.
const (
	RegistrationPending  RegistrationState = "pending"
	RegistrationApproved RegistrationState = "approved"
	RegistrationRefused  RegistrationState = "refused"
)

// OrganisationRequest is what a person says about their organisation when no
// organisation has verified their domain.
type OrganisationRequest struct {
	LegalName      string `json:"legalName"`
	RegistrationNo string `json:"registrationNo"`
	Address        string `json:"address"`
	Country        string `json:"country"`
	Website        string `json:"website,omitempty"`
}

// Registration is one person's request to be linked to an organisation. Its ID is
// the person's user id: a person has one registration, found without an index.
// It copies the person's details so that a queue reads in one query.
type Registration struct {
	ID    string            `json:"id"`
	Kind  RegistrationKind  `json:"kind"`
	State RegistrationState `json:"state"`
	// OrgID is the organisation joined; for an organisation or partner request it is
	// UnlinkedOrg until approval, then the new organisation.
	OrgID   string `json:"orgId"`
	OrgName string `json:"orgName"`
	// Domain is the person's address domain, which an approved organisation
	// request verifies for the new organisation.
	Domain       string               `json:"domain"`
	Email        string               `json:"email"`
	Civility     string               `json:"civility,omitempty"`
	FirstName    string               `json:"firstName"`
	LastName     string               `json:"lastName"`
	JobTitle     string               `json:"jobTitle,omitempty"`
	Phone        string               `json:"phone,omitempty"`
	Lang         string               `json:"lang"`
	Organisation *OrganisationRequest `json:"organisation,omitempty"`
	Reason       string               `json:"reason,omitempty"`
	AutoApproved bool                 `json:"autoApproved,omitempty"`
	Created      time.Time            `json:"created"`
	Decided      time.Time            `json:"decided,omitzero"`
	// DecidedBy is the user id of whoever decided; empty for an automatic approval.
	DecidedBy string `json:"decidedBy,omitempty"`
	Version   int64  `json:"-"`
}

// FullName is the person's name as a greeting or a list shows it.
func (r Registration) FullName() string {
	switch {
	case r.FirstName == "":
		return r.LastName
	case r.LastName == "":
		return r.FirstName
	}
	return r.FirstName + " " + r.LastName
}
