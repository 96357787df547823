package httpapi

import (
	"context"
	"net/http"
	"net/url"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// maxSearchLen bounds a search term; no name, address or login is longer.
const maxSearchLen = 100

// SearchParam reads a list's search term (q) into f: optional, one line.
func SearchParam(f *portal.Fields, v url.Values) string {
	return TextField(f, "q", v.Get("q"), maxSearchLen, false)
}

// SearchPage answers one page of a searched list: q, limit (25 by default, 100 at
// most) and cursor read from the query and checked, then the page read by page. The
// caller has checked who may read the list.
func SearchPage[T any](w http.ResponseWriter, r *http.Request, page func(ctx context.Context, search string, limit int, cursor string) ([]T, string, error)) error {
	v := r.URL.Query()
	var f portal.Fields
	search := SearchParam(&f, v)
	limit, cursor, err := PageParams(v, 25, 100)
	if err != nil {
		return err
	}
	if err := f.Err(); err != nil {
		return err
	}
	items, next, err := page(r.Context(), search, limit, cursor)
	if err != nil {
		return err
	}
	return Reply(w, Page[T]{Items: items, Next: next})
}

// userListQuery reads the list's parameters: q (search), status, role, sort (name or
// created), order (asc or desc), limit and cursor.
func (d *Deps) userListQuery(orgID string, v url.Values) (store.UserQuery, error) {
	var f portal.Fields
	q := store.UserQuery{OrgID: orgID}
	q.Search = SearchParam(&f, v)
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
			return (status == "" || EffectiveStatus(store.Account{User: portal.User{Status: l.Status}, LockedUntil: l.LockedUntil}, now) == status) &&
				(role == "" || l.Role == role)
		}
	}
	return q, f.Err()
}

// ReplyUserPage answers a page of an organisation's users, as its administrators
// and the vendor's operators list them (see userListQuery for the parameters).
func (d *Deps) ReplyUserPage(w http.ResponseWriter, r *http.Request, orgID string) error {
	q, err := d.userListQuery(orgID, r.URL.Query())
	if err != nil {
		return err
	}
	accounts, next, err := d.Store.UsersPage(r.Context(), q)
	if err != nil {
		return err
	}
	out := Page[UserView]{Items: make([]UserView, len(accounts)), Next: next}
	for i, a := range accounts {
		out.Items[i] = d.ViewUser(a)
	}
	return Reply(w, out)
}
