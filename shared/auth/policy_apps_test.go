package auth_test

import (
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
)

func TestPolicyOfApplicationAccess(t *testing.T) {
	user := portal.Principal{UserID: "u1", OrgID: "acme", Role: portal.RoleUser, Status: portal.StatusReady}
	admin := portal.Principal{UserID: "a1", OrgID: "acme", Role: portal.RoleAdmin, Status: portal.StatusReady}
	pending := portal.Principal{UserID: "p1", OrgID: "acme", Role: portal.RoleUser, Status: portal.StatusPendingApproval}
	operator := portal.Principal{UserID: "o1", OrgID: portal.VendorOrg, Role: portal.RoleOperator}
	impersonating := user
	impersonating.Actor = &portal.Actor{UserID: "o1", OrgID: portal.VendorOrg, Role: portal.RoleOperator}
	operatorAsUser := operator
	operatorAsUser.Actor = &portal.Actor{UserID: "o1", OrgID: portal.VendorOrg, Role: portal.RoleOperator}
	self := auth.Resource{OrgID: "acme", UserID: "u1"}
	cases := []struct {
		name string
		p    portal.Principal
		a    auth.Action
		r    auth.Resource
		want bool
	}{
		{"user requests for self", user, auth.ActAppsRequest, self, true},
		{"user requests for another", user, auth.ActAppsRequest, auth.Resource{OrgID: "acme", UserID: "u2"}, false},
		{"user requests in another org", user, auth.ActAppsRequest, auth.Resource{OrgID: "globex", UserID: "u1"}, false},
		{"pending user requests", pending, auth.ActAppsRequest, auth.Resource{OrgID: "acme", UserID: "p1"}, false},
		{"impersonated user requests", impersonating, auth.ActAppsRequest, self, true},
		{"operator requests for self", operator, auth.ActAppsRequest, auth.Resource{OrgID: portal.VendorOrg, UserID: "o1"}, false},
		{"admin decides own org", admin, auth.ActAppsDecideOrg, auth.Resource{OrgID: "acme"}, true},
		{"admin decides other org", admin, auth.ActAppsDecideOrg, auth.Resource{OrgID: "globex"}, false},
		{"user decides", user, auth.ActAppsDecideOrg, auth.Resource{OrgID: "acme"}, false},
		{"admin decides as operator", admin, auth.ActAppsDecide, auth.Resource{}, false},
		{"operator decides", operator, auth.ActAppsDecide, auth.Resource{}, true},
		{"operator decides for a customer org", operator, auth.ActAppsDecideOrg, auth.Resource{OrgID: "acme"}, false},
		{"impersonating operator decides", operatorAsUser, auth.ActAppsDecide, auth.Resource{}, false},
		{"operator keeps the catalog", operator, auth.ActCatalogManage, auth.Resource{}, true},
		{"admin keeps the catalog", admin, auth.ActCatalogManage, auth.Resource{}, false},
	}
	for _, c := range cases {
		if err := auth.Allow(c.p, c.a, c.r); (err == nil) != c.want {
			t.Errorf("%s: Allow = %v, want allowed=%v", c.name, err, c.want)
		}
	}
}
