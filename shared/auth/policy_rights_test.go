package auth_test

import (
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
)

func TestPolicySectionsSupportAuditAndImpersonation(t *testing.T) {
	rights := portal.Rights{
		"c1": {Sections: map[portal.Section]portal.Level{portal.SectionInvoices: portal.LevelVisitor, portal.SectionOrders: portal.LevelManager}, Supported: true},
		"c2": {Referent: true},
	}
	user := portal.Principal{UserID: "u1", OrgID: "acme", Role: portal.RoleUser, Status: portal.StatusReady, Rights: rights}
	unloaded := user
	unloaded.Rights = nil
	noUsers := user
	noUsers.Rights = portal.Rights{"c1": rights["c1"]}
	usersManager := user
	usersManager.Rights = portal.Rights{"c3": {Sections: map[portal.Section]portal.Level{portal.SectionUsers: portal.LevelManager}}}
	admin := portal.Principal{UserID: "a1", OrgID: "acme", Role: portal.RoleAdmin, Status: portal.StatusReady}
	disabledAdmin := admin
	disabledAdmin.Status = portal.StatusDisabled
	operator := portal.Principal{UserID: "o1", OrgID: portal.VendorOrg, Role: portal.RoleOperator}
	asUser := user
	asUser.Actor = &portal.Actor{UserID: "a1", OrgID: "acme", Role: portal.RoleAdmin}
	sec := func(org, contract string, s portal.Section) auth.Resource {
		return auth.Resource{OrgID: org, ContractID: contract, Section: s}
	}
	cases := []struct {
		name string
		p    portal.Principal
		a    auth.Action
		r    auth.Resource
		want bool
	}{
		{"visitor reads", user, auth.ActSectionRead, sec("acme", "c1", portal.SectionInvoices), true},
		{"visitor manages", user, auth.ActSectionManage, sec("acme", "c1", portal.SectionInvoices), false},
		{"manager manages", user, auth.ActSectionManage, sec("acme", "c1", portal.SectionOrders), true},
		{"none reads", user, auth.ActSectionRead, sec("acme", "c1", portal.SectionDocuments), false},
		{"rights not loaded", unloaded, auth.ActSectionRead, sec("acme", "c1", portal.SectionInvoices), false},
		{"other contract", user, auth.ActSectionRead, sec("acme", "c9", portal.SectionInvoices), false},
		{"other organisation", user, auth.ActSectionRead, sec("globex", "c1", portal.SectionInvoices), false},
		{"unknown section", admin, auth.ActSectionRead, sec("acme", "c1", "secrets"), false},
		{"referent reads", user, auth.ActSectionRead, sec("acme", "c2", portal.SectionDocuments), true},
		{"referent manages", user, auth.ActSectionManage, sec("acme", "c2", portal.SectionDocuments), false},
		{"admin manages any contract", admin, auth.ActSectionManage, sec("acme", "c9", portal.SectionUsers), true},
		{"admin of another organisation", admin, auth.ActSectionRead, sec("globex", "c9", portal.SectionUsers), false},
		{"disabled admin", disabledAdmin, auth.ActSectionRead, sec("acme", "c9", portal.SectionUsers), false},
		{"operator as itself", operator, auth.ActSectionRead, sec("acme", "c1", portal.SectionInvoices), false},
		{"impersonated user keeps the user's rights", asUser, auth.ActSectionRead, sec("acme", "c1", portal.SectionInvoices), true},
		{"referent reads the users", user, auth.ActUsersRead, auth.Resource{OrgID: "acme"}, true},
		{"rights not loaded read the users", unloaded, auth.ActUsersRead, auth.Resource{OrgID: "acme"}, false},
		{"no Users right reads the users", noUsers, auth.ActUsersRead, auth.Resource{OrgID: "acme"}, false},
		{"Users manager reads the users", usersManager, auth.ActUsersRead, auth.Resource{OrgID: "acme"}, true},
		{"admin reads the users", admin, auth.ActUsersRead, auth.Resource{OrgID: "acme"}, true},
		{"users of another organisation", user, auth.ActUsersRead, auth.Resource{OrgID: "globex"}, false},
		{"operator reads customer users as itself", operator, auth.ActUsersRead, auth.Resource{OrgID: "acme"}, false},
		{"supported user", user, auth.ActSupportCases, auth.Resource{OrgID: "acme", ContractID: "c1"}, true},
		{"not supported", user, auth.ActSupportCases, auth.Resource{OrgID: "acme", ContractID: "c2"}, false},
		{"admin is not supported by default", admin, auth.ActSupportCases, auth.Resource{OrgID: "acme", ContractID: "c1"}, false},
		{"admin reads audit", admin, auth.ActAuditRead, auth.Resource{OrgID: "acme"}, true},
		{"user reads audit", user, auth.ActAuditRead, auth.Resource{OrgID: "acme"}, false},
		{"admin reads another audit", admin, auth.ActAuditRead, auth.Resource{OrgID: "globex"}, false},
		{"operator reads customer audit as itself", operator, auth.ActAuditRead, auth.Resource{OrgID: "acme"}, false},
		{"admin impersonates a user", admin, auth.ActImpersonate, auth.Resource{OrgID: "acme", UserID: "u1", Role: portal.RoleUser}, true},
		{"admin impersonates another admin", admin, auth.ActImpersonate, auth.Resource{OrgID: "acme", UserID: "a2", Role: portal.RoleAdmin}, true},
		{"admin impersonates itself", admin, auth.ActImpersonate, auth.Resource{OrgID: "acme", UserID: "a1", Role: portal.RoleAdmin}, false},
		{"admin reaches another organisation", admin, auth.ActImpersonate, auth.Resource{OrgID: "globex", UserID: "g1", Role: portal.RoleUser}, false},
		{"admin reaches an operator", admin, auth.ActImpersonate, auth.Resource{OrgID: portal.VendorOrg, UserID: "o1", Role: portal.RoleOperator}, false},
		{"user impersonates", user, auth.ActImpersonate, auth.Resource{OrgID: "acme", UserID: "u2", Role: portal.RoleUser}, false},
		{"operator impersonates a customer", operator, auth.ActImpersonate, auth.Resource{OrgID: "globex", UserID: "g1", Role: portal.RoleAdmin}, true},
		{"operator impersonates an operator", operator, auth.ActImpersonate, auth.Resource{OrgID: portal.VendorOrg, UserID: "o2", Role: portal.RoleOperator}, false},
		{"operator as an unlinked person", operator, auth.ActImpersonate, auth.Resource{OrgID: portal.UnlinkedOrg, UserID: "x1", Role: portal.RoleUser}, false},
		{"nested impersonation", asUser, auth.ActImpersonate, auth.Resource{OrgID: "acme", UserID: "u2", Role: portal.RoleUser}, false},
	}
	for _, c := range cases {
		if err := auth.Allow(c.p, c.a, c.r); (err == nil) != c.want {
			t.Errorf("%s: Allow = %v, want allowed=%v", c.name, err, c.want)
		}
	}
}
