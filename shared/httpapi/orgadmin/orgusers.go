package orgadmin

import (
	"net/http"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// OrgUsers is the administration of an organisation's users by its administrators:
// the list, a user's page, adding users one at a time or from a CSV file, and the
// actions on a user.
var OrgUsers = httpapi.Feature{Name: "orgusers", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/org/users", d.listOrgUsers)
	rt.Handle("POST /api/v1/org/users/validate", d.validateOrgUser)
	rt.Handle("POST /api/v1/org/users", d.createOrgUser)
	rt.Handle("POST /api/v1/org/users/import", d.importOrgUsers)
	rt.Handle("GET /api/v1/org/imports", d.listImports)
	rt.Handle("GET /api/v1/org/imports/{id}", d.showImport)
	rt.Handle("GET /api/v1/org/users/{id}", d.getOrgUser)
	rt.Handle("GET /api/v1/org/users/{id}/signins", d.orgUserSignIns)
	rt.Handle("PUT /api/v1/org/users/{id}", d.updateOrgUser)
	rt.Handle("PUT /api/v1/org/users/{id}/role", d.setOrgUserRole)
	rt.Handle("POST /api/v1/org/users/{id}/disable", d.disableOrgUser)
	rt.Handle("POST /api/v1/org/users/{id}/enable", d.enableOrgUser)
	rt.Handle("POST /api/v1/org/users/{id}/unlock", d.unlockOrgUser)
	rt.Handle("POST /api/v1/org/users/{id}/activation", d.resendActivation)
	rt.Handle("POST /api/v1/org/users/{id}/password-reset", d.resetOrgUserPassword)
	rt.Handle("POST /api/v1/org/users/{id}/email", d.changeOrgUserEmail)
	rt.Handle("PUT /api/v1/org/users/{id}/notification-email", d.setOrgUserNotificationEmail)
	rt.Handle("DELETE /api/v1/org/users/{id}", d.deleteOrgUser)
}}

// usersReader returns the principal, with its rights, when it may read the
// organisation's users: an administrator, or a Users Visitor or Manager of one of
// its contracts (delegated administration).
func (d *deps) usersReader(r *http.Request) (portal.Principal, error) {
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err != nil {
		return p, err
	}
	if p, err = d.WithRights(r.Context(), p); err != nil {
		return p, err
	}
	return p, auth.Allow(p, auth.ActUsersRead, httpapi.OwnOrg(p))
}

// listOrgUsers answers one page of the organisation's users, to its administrators
// and its delegated administrators, in three round trips: the session, the reader's
// rights (none for administrators), the page.
func (d *deps) listOrgUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := d.usersReader(r)
	if err != nil {
		return err
	}
	return d.ReplyUserPage(w, r, p.OrgID)
}

// userDetail is a user's page: the profile and the rights per contract (with the
// version a change of them must send back). A delegated administrator sees the
// rights on the contracts whose Users section they may read, no others.
type userDetail struct {
	User          httpapi.UserView `json:"user"`
	Rights        portal.Rights    `json:"rights"`
	RightsVersion int64            `json:"rightsVersion"`
}

// getOrgUser answers a user's page in two round trips: the session, then the user
// with their rights and the reader's own.
func (d *deps) getOrgUser(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActOrgRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return err
	}
	ids := []string{id}
	if p.Role != portal.RoleAdmin && id != p.UserID {
		ids = append(ids, p.UserID)
	}
	accounts, rights, err := d.Store.AccountsAndRights(r.Context(), p.OrgID, ids)
	if err != nil {
		return err
	}
	if p.Role != portal.RoleAdmin {
		p.Rights = httpapi.OrEmpty(rights[p.UserID].Contracts)
	}
	if err := auth.Allow(p, auth.ActUsersRead, httpapi.OwnOrg(p)); err != nil {
		return err
	}
	a, ok := accounts[id]
	if !ok {
		return portal.E(portal.NotFound, "user_not_found", "no such user")
	}
	out := userDetail{User: d.ViewUser(a), Rights: portal.Rights{}, RightsVersion: rights[id].Version}
	for c, cr := range rights[id].Contracts {
		if auth.Allow(p, auth.ActSectionRead, sectionOf(c, portal.SectionUsers)(p)) == nil {
			out.Rights[c] = cr
		}
	}
	return httpapi.Reply(w, out)
}

// orgUserSignIns answers a page of a user's sign-in history, newest first, in three
// round trips: the session, the user (404 when not the organisation's), the page.
func (d *deps) orgUserSignIns(w http.ResponseWriter, r *http.Request) error {
	p, id, err := httpapi.OrgAdminItem(r)
	if err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 20, 100)
	if err != nil {
		return err
	}
	if _, err := d.Store.User(r.Context(), p.OrgID, id); err != nil {
		return err
	}
	items, next, err := d.Store.SignIns(r.Context(), p.OrgID, id, limit, cursor)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[store.SignIn]{Items: items, Next: next})
}
