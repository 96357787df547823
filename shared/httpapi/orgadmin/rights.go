package orgadmin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Rights is the rights matrix of one contract: its organisation's users by its
// sections, read by whoever holds Visitor on its Users section (administrators
// always) and changed in place by its Users Managers. Only administrators grant and
// revoke the supported-user flag.
var Rights = httpapi.Feature{Name: "rights", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/org/contracts/{id}/rights", d.getRightsMatrix)
	rt.Handle("PUT /api/v1/org/contracts/{id}/rights", d.putRightsMatrix)
}}

// matrixUser is a user as the matrix shows them.
type matrixUser struct {
	ID        string            `json:"id"`
	Email     string            `json:"email"`
	Login     string            `json:"login"`
	FirstName string            `json:"firstName"`
	LastName  string            `json:"lastName"`
	Role      portal.Role       `json:"role"`
	Status    portal.UserStatus `json:"status"`
}

// matrixRow is one user's line of the matrix: every section's level as granted
// (None included), the level the user holds there in effect (administrators hold
// Manager everywhere, a referent at least Visitor), the supported-user and referent
// flags, and the version a change of the line must send back.
type matrixRow struct {
	User      matrixUser                      `json:"user"`
	Sections  map[portal.Section]portal.Level `json:"sections"`
	Effective map[portal.Section]portal.Level `json:"effective"`
	Supported bool                            `json:"supported"`
	Referent  bool                            `json:"referent"`
	Version   int64                           `json:"version"`
}

type matrixView struct {
	Contract portal.Contract  `json:"contract"`
	Sections []portal.Section `json:"sections"`
	Items    []matrixRow      `json:"items"`
	Next     string           `json:"next,omitempty"`
}

func (d *deps) matrixRow(a store.Account, r store.UserRights, contractID string) matrixRow {
	c := r.Contracts[contractID]
	row := matrixRow{User: matrixUser{ID: a.ID, Email: a.Email, Login: a.Login, FirstName: a.FirstName, LastName: a.LastName,
		Role: a.Role, Status: httpapi.EffectiveStatus(a, d.Time())}, Sections: map[portal.Section]portal.Level{},
		Effective: map[portal.Section]portal.Level{}, Supported: c.Supported, Referent: c.Referent, Version: r.Version}
	// The policy answers what the line's person holds, so the matrix shows what they
	// may do, not only what was granted to them one by one.
	holder := portal.Principal{UserID: a.ID, OrgID: a.OrgID, Role: a.Role, Rights: portal.Rights{contractID: c}}
	for _, s := range portal.Sections {
		l := c.Sections[s]
		if l.Rank() == 0 {
			l = portal.LevelNone
		}
		row.Sections[s] = l
		row.Effective[s] = portal.LevelNone
		for _, e := range []struct {
			a auth.Action
			l portal.Level
		}{{auth.ActSectionManage, portal.LevelManager}, {auth.ActSectionRead, portal.LevelVisitor}} {
			if auth.Allow(holder, e.a, sectionOf(contractID, s)(holder)) == nil {
				row.Effective[s] = e.l
				break
			}
		}
	}
	return row
}

// sectionOf is the resource of an action on a section of one of the principal's
// organisation's contracts.
func sectionOf(contractID string, s portal.Section) func(p portal.Principal) auth.Resource {
	return func(p portal.Principal) auth.Resource {
		return auth.Resource{OrgID: p.OrgID, ContractID: contractID, Section: s}
	}
}

// getRightsMatrix answers one page of a contract's matrix (its users whose name,
// email or login starts with ?q=, when set) in three round trips: the session, a
// page of users, then the contract with the page's rights and the viewer's own in
// one read; a search that matched emails or logins reads their accounts in one more.
func (d *deps) getRightsMatrix(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Principal(r)
	if err != nil {
		return err
	}
	// The organisation must be a customer's and the person able to act at all before
	// anything is read; the contract's rights decide after the read.
	if err := auth.Allow(p, auth.ActOrgRead, httpapi.OwnOrg(p)); err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return err
	}
	v := r.URL.Query()
	var f portal.Fields
	search := httpapi.SearchParam(&f, v)
	if err := f.Err(); err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(v, 50, store.MaxMatrixPage)
	if err != nil {
		return err
	}
	m, err := d.Store.RightsMatrix(r.Context(), p.OrgID, id, p.UserID, search, limit, cursor)
	if err != nil {
		return err
	}
	p.Rights = httpapi.OrEmpty(m.Viewer.Contracts)
	if err := auth.Allow(p, auth.ActSectionRead, sectionOf(id, portal.SectionUsers)(p)); err != nil {
		return err
	}
	out := matrixView{Contract: m.Contract, Sections: portal.Sections, Items: make([]matrixRow, len(m.Users)), Next: m.Next}
	for i, a := range m.Users {
		out.Items[i] = d.matrixRow(a, m.Rights[a.ID], id)
	}
	return httpapi.Reply(w, out)
}

// rightsChange sets one user's rights on the contract: every section not named is
// None. Version is the line's version as the matrix showed it.
type rightsChange struct {
	UserID    string                          `json:"userId"`
	Version   int64                           `json:"version"`
	Sections  map[portal.Section]portal.Level `json:"sections"`
	Supported bool                            `json:"supported"`
}

type rightsBody struct {
	Changes []rightsChange `json:"changes"`
}

// maxRightsChanges bounds one save of the matrix: each change is three steps of one
// transaction (the rights, the user's existence, the audit entry).
const maxRightsChanges = 30

// putRightsMatrix saves changes of the matrix in one transaction: all of them or,
// when any line changed since it was read, none (409 version_conflict, naming the
// lines).
func (d *deps) putRightsMatrix(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Principal(r)
	if err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return err
	}
	if p, err = d.WithRights(r.Context(), p); err != nil {
		return err
	}
	if err := auth.Allow(p, auth.ActSectionManage, sectionOf(id, portal.SectionUsers)(p)); err != nil {
		return err
	}
	var in rightsBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	if len(in.Changes) == 0 {
		f.Add("changes", "required")
	} else if len(in.Changes) > maxRightsChanges {
		f.Add("changes", "too_long")
	}
	grants := make([]httpapi.ContractGrant, len(in.Changes))
	seen := map[string]bool{}
	userIDs := make([]string, len(in.Changes))
	for i, c := range in.Changes {
		at := "changes[" + strconv.Itoa(i) + "]"
		if !httpapi.ValidID(c.UserID) || seen[c.UserID] {
			f.Add(at+".userId", "format")
		}
		seen[c.UserID] = true
		userIDs[i] = c.UserID
		grants[i] = httpapi.ContractGrant{ContractID: id, Sections: c.Sections, Supported: c.Supported}
		httpapi.CleanGrants(&f, at, grants[i:i+1])
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := d.Store.Contract(ctx, p.OrgID, id); err != nil {
		return err
	}
	accounts, current, err := d.Store.AccountsAndRights(ctx, p.OrgID, userIDs)
	if err != nil {
		return err
	}
	for i, c := range in.Changes {
		if _, ok := accounts[c.UserID]; !ok {
			f.Add("changes["+strconv.Itoa(i)+"].userId", "not_found")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	ops := make([]table.Op, 0, 3*len(in.Changes))
	written := make([]store.UserRights, len(in.Changes))
	for i, c := range in.Changes {
		cur := current[c.UserID]
		if cur.Version != c.Version {
			f.Add("changes["+strconv.Itoa(i)+"]", "version_conflict")
			continue
		}
		before := cur.Contracts[id]
		if before.Supported != c.Supported {
			if err := auth.Allow(p, auth.ActOrgAdminister, httpapi.OwnOrg(p)); err != nil {
				return portal.E(portal.Forbidden, "supported_admin_only", "only administrators grant or revoke the supported-user flag")
			}
		}
		next := cur.With(id, grants[i].Rights(before.Referent))
		written[i] = next
		written[i].Version++
		ops = append(ops, store.PutRights(next), store.AccountExists(p.OrgID, c.UserID),
			d.Audit(r.Context(), p.OrgID, "rights.update", "contract:"+id+"/user:"+c.UserID, before, next.Contracts[id]))
	}
	if len(f) > 0 {
		return &portal.Error{Kind: portal.Conflict, Code: "version_conflict", Message: "lines changed since they were read", Fields: f}
	}
	if err := d.Store.Table().Transact(ctx, ops...); err != nil {
		var cf *table.ConditionFailed
		if !errors.As(err, &cf) {
			return err
		}
		if cf.Index%3 == 1 {
			return portal.E(portal.NotFound, "user_not_found", "one of the users does not exist")
		}
		return &portal.Error{Kind: portal.Conflict, Code: "version_conflict", Message: "a line changed since it was read",
			Fields: []portal.FieldError{{Field: "changes[" + strconv.Itoa(cf.Index/3) + "]", Code: "version_conflict"}}}
	}
	out := make([]matrixRow, len(in.Changes))
	for i, c := range in.Changes {
		out[i] = d.matrixRow(accounts[c.UserID], written[i], id)
	}
	return httpapi.Reply(w, httpapi.Page[matrixRow]{Items: out})
}
