package auth_test

import (
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
)

func TestPolicyDeniesByDefaultAndAcrossOrganisations(t *testing.T) {
	user := portal.Principal{UserID: "u1", OrgID: "acme", Role: portal.RoleUser, Status: portal.StatusReady}
	admin := portal.Principal{UserID: "a1", OrgID: "acme", Role: portal.RoleAdmin, Status: portal.StatusReady}
	pending := portal.Principal{UserID: "p1", OrgID: "acme", Role: portal.RoleUser, Status: portal.StatusPendingApproval}
	operator := portal.Principal{UserID: "o1", OrgID: portal.VendorOrg, Role: portal.RoleOperator}
	impersonating := operator
	impersonating.Actor = &portal.Actor{UserID: "o1", OrgID: portal.VendorOrg, Role: portal.RoleOperator}
	own, other := auth.Resource{OrgID: "acme"}, auth.Resource{OrgID: "globex"}
	cases := []struct {
		name string
		p    portal.Principal
		a    auth.Action
		r    auth.Resource
		want bool
	}{
		{"user reads own org", user, auth.ActOrgRead, own, true},
		{"user reads other org", user, auth.ActOrgRead, other, false},
		{"user administers", user, auth.ActOrgAdminister, own, false},
		{"admin administers own org", admin, auth.ActOrgAdminister, own, true},
		{"admin administers other org", admin, auth.ActOrgAdminister, other, false},
		{"pending user reads org data", pending, auth.ActOrgRead, own, false},
		{"pending user reads self", pending, auth.ActSelfRead, auth.Resource{OrgID: "acme", UserID: "p1"}, true},
		{"user writes another user", user, auth.ActSelfWrite, auth.Resource{OrgID: "acme", UserID: "u2"}, false},
		{"operator back office", operator, auth.ActBackOffice, own, true},
		{"operator reads customer data as itself", operator, auth.ActOrgRead, own, false},
		{"impersonating operator back office", impersonating, auth.ActBackOffice, own, false},
		{"customer admin back office", admin, auth.ActBackOffice, own, false},
		{"unknown action", admin, auth.Action("org.delete-everything"), own, false},
		{"anonymous", portal.Principal{}, auth.ActSelfRead, own, false},
	}
	for _, c := range cases {
		err := auth.Allow(c.p, c.a, c.r)
		if (err == nil) != c.want {
			t.Errorf("%s: Allow = %v, want allowed=%v", c.name, err, c.want)
		}
	}
	if err := auth.Allow(portal.Principal{}, auth.ActSelfRead, own); !portal.Is(err, portal.Unauthenticated) {
		t.Errorf("anonymous must be Unauthenticated, got %v", err)
	}
}
