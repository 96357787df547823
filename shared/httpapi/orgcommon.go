package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Allow returns the signed-in principal when the policy lets it do a on r, where r
// is built from the principal (its organisation, never the request's).
func Allow(r *http.Request, a auth.Action, res func(p portal.Principal) auth.Resource) (portal.Principal, error) {
	p, err := Principal(r)
	if err != nil {
		return p, err
	}
	return p, auth.Allow(p, a, res(p))
}

// OwnOrg is the resource of an action on the principal's own organisation.
func OwnOrg(p portal.Principal) auth.Resource { return auth.Resource{OrgID: p.OrgID} }

// OrgAdmin returns the principal when it administers its organisation.
func OrgAdmin(r *http.Request) (portal.Principal, error) {
	return Allow(r, auth.ActOrgAdminister, OwnOrg)
}

// OrgAdminItem returns the administrator and the id the path names, for the routes
// on one item of the administrator's organisation. The role is checked first, so a
// person who may not administer learns nothing from the id's shape.
func OrgAdminItem(r *http.Request) (portal.Principal, string, error) {
	p, err := OrgAdmin(r)
	if err != nil {
		return p, "", err
	}
	id, err := PathID(r, "id")
	return p, id, err
}

// WithRights returns p with its rights loaded, in one read; administrators need
// none, since the policy grants them every section of their organisation.
func (d *Deps) WithRights(ctx context.Context, p portal.Principal) (portal.Principal, error) {
	if p.Role != portal.RoleUser {
		return p, nil
	}
	rights, err := d.Store.Rights(ctx, p.OrgID, p.UserID)
	if err != nil {
		return p, err
	}
	p.Rights = rights.Contracts
	if p.Rights == nil {
		p.Rights = portal.Rights{}
	}
	return p, nil
}

// CustomerContract returns the signed-in customer, with their rights, and the
// contract of the path's {id} when they may read at least one of sections on it, in
// two round trips: the session, then the contract with the person's rights. A
// contract of another organisation is not found, as it is not in theirs.
func (d *Deps) CustomerContract(r *http.Request, sections ...portal.Section) (portal.Principal, portal.Contract, error) {
	p, err := Allow(r, auth.ActOrgRead, OwnOrg)
	if err != nil {
		return p, portal.Contract{}, err
	}
	id, err := PathID(r, "id")
	if err != nil {
		return p, portal.Contract{}, err
	}
	c, rights, err := d.Store.ContractAndRights(r.Context(), p.OrgID, id, p.UserID)
	if err != nil {
		return p, c, err
	}
	p.Rights = OrEmpty(rights.Contracts)
	for _, s := range sections {
		if err = auth.Allow(p, auth.ActSectionRead, auth.Resource{OrgID: p.OrgID, ContractID: id, Section: s}); err == nil {
			return p, c, nil
		}
	}
	return p, c, err
}

// PathID reads an id from the path; one validID refuses names nothing.
func PathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !ValidID(id) {
		return "", portal.E(portal.NotFound, "not_found", "no such item")
	}
	return id, nil
}

// ValidID reports whether s has the shape of an id the portal gives out: ULIDs,
// slugs, request numbers, session ids, at most 64 ASCII letters, digits, '.', '_'
// and '-'. Ids a client sends become parts of table keys, so they are checked here,
// at the boundary: one that holds the key separator could reach another key, and
// one the table cannot hold (a NUL, bytes that are not UTF-8) would fail there as
// the internal error a key built by the code is.
func ValidID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// PageParams reads ?limit= and ?cursor=: a limit outside 1..max is Invalid.
func PageParams(q url.Values, def, max int) (int, string, error) {
	limit := def
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > max {
			return 0, "", &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "limit", Code: "format"}}}
		}
		limit = n
	}
	cursor := q.Get("cursor")
	if len(cursor) > 2048 {
		return 0, "", portal.E(portal.Invalid, "bad_cursor", "the page cursor is not valid for this list")
	}
	return limit, cursor, nil
}

// Page is the shape of every list answer.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// EffectiveStatus is the status the portal shows: a ready account whose lock has
// not ended is locked.
func EffectiveStatus(a store.Account, now time.Time) portal.UserStatus {
	if a.Status == portal.StatusReady && now.Before(a.LockedUntil) {
		return portal.StatusLocked
	}
	return a.Status
}

// UserView is a user as administrators see them: the profile with its effective
// status and the version their edits must send back.
type UserView struct {
	portal.User
	Status      portal.UserStatus `json:"status"`
	LockedUntil *time.Time        `json:"lockedUntil,omitempty"`
	Version     int64             `json:"version"`
}

// ViewUser is how an organisation's user is listed and shown.
func (d *Deps) ViewUser(a store.Account) UserView {
	v := UserView{User: a.User, Status: EffectiveStatus(a, d.Time()), Version: a.ProfileVersion}
	if v.Status == portal.StatusLocked {
		until := a.LockedUntil.UTC()
		v.LockedUntil = &until
	}
	return v
}

// AuditTarget names a user in audit entries.
func AuditTarget(userID string) string { return "user:" + userID }

// AuditUser is what audit entries keep of a user before and after a change: what
// administrators change, never a secret.
type AuditUser struct {
	Email     string               `json:"email,omitempty"`
	Login     string               `json:"login,omitempty"`
	Civility  string               `json:"civility,omitempty"`
	FirstName string               `json:"firstName,omitempty"`
	LastName  string               `json:"lastName,omitempty"`
	JobTitle  string               `json:"jobTitle,omitempty"`
	Phone     string               `json:"phone,omitempty"`
	Lang      string               `json:"lang,omitempty"`
	Role      portal.Role          `json:"role,omitempty"`
	Status    portal.UserStatus    `json:"status,omitempty"`
	Address   portal.PostalAddress `json:"address,omitzero"`
}

// AuditOf is what the audit log keeps of a person.
func AuditOf(u portal.User) AuditUser {
	return AuditUser{Email: u.Email, Login: u.Login, Civility: u.Civility, FirstName: u.FirstName, LastName: u.LastName,
		JobTitle: u.JobTitle, Phone: u.Phone, Lang: u.Lang, Role: u.Role, Status: u.Status, Address: u.Address}
}

// maxSessionEnds bounds the sessions ended inside a change's transaction; any more
// (a person signed in on that many browsers at once) end right after it.
const maxSessionEnds = 40

// SessionEnds returns the steps that end a user's sessions in the transaction of a
// change that revokes them, and the sessions left for after it. The log-in-as
// sessions the user holds as its real person end in the transaction too, each
// audited as a log-in-as end: the change took the power they were using away.
func (d *Deps) SessionEnds(ctx context.Context, userID string) ([]table.Op, []table.Op, error) {
	held, err := d.Store.HeldSessions(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	var ops []table.Op
	for _, sess := range held {
		ops = append(ops, store.EndSession(sess.ID), d.Audit(ctx, sess.OrgID, "impersonation.end", AuditTarget(sess.UserID), nil, nil))
	}
	own, err := d.Store.SessionEnds(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	ops = append(ops, own...)
	// Every held session stays with its audit entry in the transaction.
	if n := max(maxSessionEnds, 2*len(held)); len(ops) > n {
		return ops[:n], ops[n:], nil
	}
	return ops, nil, nil
}

// WithSessionEnds returns ops followed by the steps that end the user's sessions
// that fit in a transaction; the handler of the change ends every session left
// once it committed (also any opened while the change was being made).
func (d *Deps) WithSessionEnds(ctx context.Context, userID string, ops ...table.Op) ([]table.Op, error) {
	ends, _, err := d.SessionEnds(ctx, userID)
	if err != nil {
		return nil, err
	}
	return append(ops, ends...), nil
}

// OrEmpty is r, or an empty map for none, so that JSON answers {} rather than null.
func OrEmpty(r portal.Rights) portal.Rights {
	if r == nil {
		return portal.Rights{}
	}
	return r
}

// Self is the person themselves, as a resource of the policy.
func Self(p portal.Principal) auth.Resource { return auth.Resource{OrgID: p.OrgID, UserID: p.UserID} }

// DateLayout is how dates without a time are written on the wire.
const DateLayout = "2006-01-02"

// Operator returns the principal when it is an operator acting as such: write asks
// for the right to change things.
func Operator(r *http.Request, write bool) (portal.Principal, error) {
	a := auth.ActBackOffice
	if write {
		a = auth.ActBackOfficeWrite
	}
	return Allow(r, a, OwnOrg)
}
