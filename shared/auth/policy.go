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
	// ActSectionRead and ActSectionManage concern one section of one contract: they
	// need Visitor and Manager there. Administrators hold Manager on every section of
	// every contract of their organisation; a contract's referent holds at least
	// Visitor on each of its sections.
	ActSectionRead   Action = "section.read"
	ActSectionManage Action = "section.manage"
	// ActUsersRead is reading the organisation's users (the list, a user's page):
	// administrators, and whoever may read the Users section of at least one of its
	// contracts, whose matrix shows every user anyway (delegated administration).
	ActUsersRead Action = "users.read"
	// ActSupportCases is opening and managing the support cases of a contract: only
	// its supported users may, administrators included.
	ActSupportCases Action = "support.cases"
	// ActAuditRead is reading the organisation's audit log.
	ActAuditRead Action = "audit.read"
	// ActImpersonate is logging in as r.UserID, whose role is r.Role, of r.OrgID:
	// operators may reach any customer's user, administrators the other users of
	// their own organisation; nobody an operator or a person of no organisation yet,
	// and nobody while already logged in as someone else.
	ActImpersonate Action = "impersonate"
	// ActAppsRequest is changing one's own applications: requesting, extending,
	// cancelling a request, removing one. Reading them is ActSelfRead.
	ActAppsRequest Action = "apps.request"
	// ActAppsDecideOrg is deciding the requests of r.OrgID that its administrators
	// approve.
	ActAppsDecideOrg Action = "apps.decide_org"
	// ActAppsDecide is deciding the requests operators approve; ActCatalogManage is
	// keeping the application catalog. Both are the back office's.
	ActAppsDecide    Action = "apps.decide"
	ActCatalogManage Action = "catalog.manage"
)

// Resource is what an action applies to: always an organisation, since every
// customer partition belongs to one, and optionally a user in it (with their role,
// for impersonation) or a section of one of its contracts.
type Resource struct {
	OrgID      string
	UserID     string
	Role       portal.Role
	ContractID string
	Section    portal.Section
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
	case ActSectionRead, ActSectionManage:
		need := portal.LevelVisitor
		if a == ActSectionManage {
			need = portal.LevelManager
		}
		return ready && customerOf(p, r.OrgID) && r.ContractID != "" && r.Section.Valid() &&
			(p.Role == portal.RoleAdmin || p.Rights[r.ContractID].Level(r.Section).Rank() >= need.Rank())
	case ActUsersRead:
		return ready && customerOf(p, r.OrgID) && (p.Role == portal.RoleAdmin || readsUsers(p.Rights))
	case ActSupportCases:
		return ready && customerOf(p, r.OrgID) && r.ContractID != "" && p.Rights[r.ContractID].Supported
	case ActAuditRead:
		return ready && customerOf(p, r.OrgID) && p.Role == portal.RoleAdmin
	case ActImpersonate:
		if p.Actor != nil || r.UserID == "" || r.UserID == p.UserID || r.Role == portal.RoleOperator ||
			!portal.IsCustomerOrg(r.OrgID) {
			return false
		}
		if p.Role == portal.RoleOperator {
			return true
		}
		return ready && customerOf(p, r.OrgID) && p.Role == portal.RoleAdmin
	case ActAppsRequest:
		return ready && customerOf(p, r.OrgID) && r.UserID == p.UserID
	case ActAppsDecideOrg:
		return ready && customerOf(p, r.OrgID) && p.Role == portal.RoleAdmin
	case ActAppsDecide, ActCatalogManage:
		return p.Role == portal.RoleOperator && p.Actor == nil
	}
	return false
}

// customerOf reports whether p is a customer's user or administrator of orgID.
func customerOf(p portal.Principal, orgID string) bool {
	return orgID != "" && p.OrgID == orgID && (p.Role == portal.RoleUser || p.Role == portal.RoleAdmin)
}

// readsUsers reports whether rights give Visitor or more on the Users section of
// some contract.
func readsUsers(rights portal.Rights) bool {
	for _, c := range rights {
		if c.Level(portal.SectionUsers).Rank() >= portal.LevelVisitor.Rank() {
			return true
		}
	}
	return false
}
