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

// UserStatus is where an account stands.
type UserStatus string

// The account statuses.
const (
	StatusReady           UserStatus = "ready"
	StatusNotActivated    UserStatus = "not_activated"
	StatusLocked          UserStatus = "locked"
	StatusDisabled        UserStatus = "disabled"
	StatusPendingApproval UserStatus = "pending_approval"
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
	Version   int64      `json:"-"`
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
}

// NormalizeEmail returns the canonical form of an address used for lookups and
// uniqueness: trimmed and lower-cased.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}
