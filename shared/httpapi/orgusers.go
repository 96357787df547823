package httpapi

import (
	"net/http"
	"net/url"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// OrgUsers is the administration of an organisation's users by its administrators:
// the list, a user's page, adding users one at a time or from a CSV file, and the
// actions on a user.
var OrgUsers = Feature{Name: "orgusers", Routes: func(rt *Router, d *Deps) {
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

// maxSearchLen bounds a search term; no name, address or login is longer.
const maxSearchLen = 100

// searchParam reads a list's search term (q) into f: optional, one line.
func searchParam(f *portal.Fields, v url.Values) string {
	return TextField(f, "q", v.Get("q"), maxSearchLen, false)
}

// userListQuery reads the list's parameters: q (search), status, role, sort (name or
// created), order (asc or desc), limit and cursor.
func (d *Deps) userListQuery(orgID string, v url.Values) (store.UserQuery, error) {
	var f portal.Fields
	q := store.UserQuery{OrgID: orgID}
	q.Search = searchParam(&f, v)
	switch v.Get("sort") {
	case "", "name":
		q.Sort = store.ByName
		q.Reverse = v.Get("order") == "desc"
	case "created":
		q.Sort = store.ByCreated
		q.Reverse = v.Get("order") == "asc"
	default:
		f.Add("sort", "format")
	}
	if o := v.Get("order"); o != "" && o != "asc" && o != "desc" {
		f.Add("order", "format")
	}
	status := portal.UserStatus(v.Get("status"))
	switch status {
	case "", portal.StatusReady, portal.StatusNotActivated, portal.StatusLocked, portal.StatusDisabled, portal.StatusPendingApproval:
	default:
		f.Add("status", "format")
	}
	role := portal.Role(v.Get("role"))
	if role != "" && role != portal.RoleUser && role != portal.RoleAdmin {
		f.Add("role", "format")
	}
	limit, cursor, err := PageParams(v, 25, 100)
	if err != nil {
		return q, err
	}
	q.Limit, q.Cursor = limit, cursor
	if status != "" || role != "" {
		now := d.Time()
		q.Match = func(l store.Listed) bool {
			return (status == "" || effectiveStatus(store.Account{User: portal.User{Status: l.Status}, LockedUntil: l.LockedUntil}, now) == status) &&
				(role == "" || l.Role == role)
		}
	}
	return q, f.Err()
}

// usersReader returns the principal, with its rights, when it may read the
// organisation's users: an administrator, or a Users Visitor or Manager of one of
// its contracts (delegated administration).
func (d *Deps) usersReader(r *http.Request) (portal.Principal, error) {
	p, err := Allow(r, auth.ActOrgRead, OwnOrg)
	if err != nil {
		return p, err
	}
	if p, err = d.withRights(r.Context(), p); err != nil {
		return p, err
	}
	return p, auth.Allow(p, auth.ActUsersRead, OwnOrg(p))
}

// listOrgUsers answers one page of the organisation's users, to its administrators
// and its delegated administrators, in three round trips: the session, the reader's
// rights (none for administrators), the page.
func (d *Deps) listOrgUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := d.usersReader(r)
	if err != nil {
		return err
	}
	return d.replyUserPage(w, r, p.OrgID)
}

func (d *Deps) replyUserPage(w http.ResponseWriter, r *http.Request, orgID string) error {
	q, err := d.userListQuery(orgID, r.URL.Query())
	if err != nil {
		return err
	}
	accounts, next, err := d.Store.UsersPage(r.Context(), q)
	if err != nil {
		return err
	}
	out := Page[userView]{Items: make([]userView, len(accounts)), Next: next}
	for i, a := range accounts {
		out.Items[i] = d.viewUser(a)
	}
	return Reply(w, out)
}

// userDetail is a user's page: the profile and the rights per contract (with the
// version a change of them must send back). A delegated administrator sees the
// rights on the contracts whose Users section they may read, no others.
type userDetail struct {
	User          userView      `json:"user"`
	Rights        portal.Rights `json:"rights"`
	RightsVersion int64         `json:"rightsVersion"`
}

// getOrgUser answers a user's page in two round trips: the session, then the user
// with their rights and the reader's own.
func (d *Deps) getOrgUser(w http.ResponseWriter, r *http.Request) error {
	p, err := Allow(r, auth.ActOrgRead, OwnOrg)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
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
		p.Rights = OrEmpty(rights[p.UserID].Contracts)
	}
	if err := auth.Allow(p, auth.ActUsersRead, OwnOrg(p)); err != nil {
		return err
	}
	a, ok := accounts[id]
	if !ok {
		return portal.E(portal.NotFound, "user_not_found", "no such user")
	}
	out := userDetail{User: d.viewUser(a), Rights: portal.Rights{}, RightsVersion: rights[id].Version}
	for c, cr := range rights[id].Contracts {
		if auth.Allow(p, auth.ActSectionRead, sectionOf(c, portal.SectionUsers)(p)) == nil {
			out.Rights[c] = cr
		}
	}
	return Reply(w, out)
}

// orgUserSignIns answers a page of a user's sign-in history, newest first, in three
// round trips: the session, the user (404 when not the organisation's), the page.
func (d *Deps) orgUserSignIns(w http.ResponseWriter, r *http.Request) error {
	p, id, err := OrgAdminItem(r)
	if err != nil {
		return err
	}
	limit, cursor, err := PageParams(r.URL.Query(), 20, 100)
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
	return Reply(w, Page[store.SignIn]{Items: items, Next: next})
}
