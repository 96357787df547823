package portal

import (
	"strings"
	"time"
)

// Role is what a person is to the portal: a customer's user or administrator, or a
// member of the vendor's staff.
type Role string

// The roles.
const (
	RoleUser     Role = "user"
	RoleAdmin    Role = "admin"
	RoleOperator Role = "operator"
)

// VendorOrg is the organisation id of the vendor's own staff.
const VendorOrg = "vendor"

// UnlinkedOrg is the holding partition of people who registered for an organisation
// that does not exist yet: they stay there, pending, until an operator approves the
// organisation and moves them into it.
const UnlinkedOrg = "unlinked"

// IsCustomerOrg reports whether an organisation id names a customer: neither the
// vendor's own organisation nor the holding partition of unlinked people.
func IsCustomerOrg(id string) bool { return id != VendorOrg && id != UnlinkedOrg }

// UserStatus is where an account stands.
type UserStatus string

// The account statuses.
const (
	StatusReady           UserStatus = "ready"
	StatusNotActivated    UserStatus = "not_activated"
	StatusLocked          UserStatus = "locked"
	StatusDisabled        UserStatus = "disabled"
	StatusPendingApproval UserStatus = "pending_approval"
	// StatusRefused is an account whose registration was refused: it may still sign
	// in to read why, and nothing else.
	StatusRefused UserStatus = "refused"
)

// User is a person who can sign in.
type User struct {
	ID        string     `json:"id"`
	OrgID     string     `json:"orgId"`
	Email     string     `json:"email"`
	Login     string     `json:"login"`
	Civility  string     `json:"civility,omitempty"`
	FirstName string     `json:"firstName"`
	LastName  string     `json:"lastName"`
	JobTitle  string     `json:"jobTitle,omitempty"`
	Phone     string     `json:"phone,omitempty"`
	Lang      string     `json:"lang"`
	Role      Role       `json:"role"`
	Status    UserStatus `json:"status"`
	Created   time.Time  `json:"created"`
	// Address is the person's postal address, which administrators keep up to date.
	Address PostalAddress `json:"address,omitzero"`
	// MustChangePassword is set when an administrator chose the password: the portal
	// asks for a new one at the next sign-in.
	MustChangePassword bool  `json:"mustChangePassword,omitempty"`
	Version            int64 `json:"-"`
	// Landline is the fixed phone number; Phone is the mobile one.
	Landline string `json:"landline,omitempty"`
	// NotificationEmail is where the portal's notices go when it is not the sign-in
	// address; empty means the sign-in address. Security mail always goes to the
	// sign-in address.
	NotificationEmail string `json:"notificationEmail,omitempty"`
	// Unclaimed marks an account that someone asked for in the address's name ("Request
	// a new user") and that nobody has yet proved to own by a link or code mailed to
	// it. It does not hold its address: the owner may still sign up, which supersedes
	// it, or choose a password by a reset link, which claims it.
	Unclaimed bool `json:"unclaimed,omitempty"`
}

// PostalAddress is where a person receives letters.
type PostalAddress struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
	City       string `json:"city,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Organisation is a customer company, or the vendor itself.
type Organisation struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	RegistrationNo string    `json:"registrationNo,omitempty"`
	Country        string    `json:"country,omitempty"`
	Website        string    `json:"website,omitempty"`
	Address        string    `json:"address,omitempty"`
	Domains        []string  `json:"domains,omitempty"`
	Created        time.Time `json:"created"`
	Version        int64     `json:"-"`

	// AutoApprove lets people with an address at one of the organisation's verified
	// domains join it at once, without waiting for an administrator.
	AutoApprove bool `json:"autoApprove,omitempty"`

	// Partner marks one of the vendor's partners rather than a customer: it came
	// from a partner request an operator approved.
	Partner bool `json:"partner,omitempty"`

	// MFARequired makes a second factor mandatory for every member: one without it
	// must enrol one at the next sign-in before doing anything else.
	MFARequired bool `json:"mfaRequired,omitempty"`
}

// NormalizeEmail returns the canonical form of an address used for lookups and
// uniqueness: trimmed and lower-cased.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}
