package auth

import "github.com/guichet/guichet/shared/portal"

// Action is something a principal may try to do. Each feature names its actions
// here, so that the one policy below answers every "may P do A on R?".
type Action string

// The actions. Self actions concern the principal's own account; Org actions an
// organisation's data; BackOffice actions are the vendor's.
const (
	ActSelfRead        Action = "self.read"
	ActSelfWrite       Action = "self.write"
	ActOrgRead         Action = "org.read"
	ActOrgAdminister   Action = "org.administer"
	ActBackOffice      Action = "backoffice"
	ActBackOfficeWrite Action = "backoffice.write"
)

// Resource is what an action applies to: always an organisation, since every
// customer partition belongs to one, and optionally a user in it.
type Resource struct {
	OrgID  string
	UserID string
}

var errForbidden = portal.E(portal.Forbidden, "forbidden", "not allowed")

// Allow answers whether p may do a on r: nil when it may, a Forbidden error when it
// may not. Everything not granted here is denied.
func Allow(p portal.Principal, a Action, r Resource) error {
	if p.UserID == "" {
		return portal.E(portal.Unauthenticated, "unauthenticated", "sign in first")
	}
	if allowed(p, a, r) {
		return nil
	}
	return errForbidden
}

func allowed(p portal.Principal, a Action, r Resource) bool {
	ready := p.Status == "" || p.Status == portal.StatusReady
	switch a {
	case ActSelfRead, ActSelfWrite:
		return r.UserID == p.UserID && r.OrgID == p.OrgID
	case ActOrgRead:
		return ready && r.OrgID == p.OrgID && p.Role != portal.RoleOperator
	case ActOrgAdminister:
		return ready && r.OrgID == p.OrgID && p.Role == portal.RoleAdmin
	case ActBackOffice, ActBackOfficeWrite:
		// Impersonating operators act as the customer, not as staff.
		return p.Role == portal.RoleOperator && p.Actor == nil
	}
	return false
}
