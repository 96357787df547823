package store

import (
	"context"
	"errors"
	"slices"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// CountsAsAdmin reports whether u is one of the administrators an organisation must
// keep at least one of: an administrator who is not disabled.
func CountsAsAdmin(u portal.User) bool {
	return u.Role == portal.RoleAdmin && u.Status != portal.StatusDisabled
}

type adminCount struct {
	N int `json:"n"`
}

// AdminGuard is an organisation's count of administrators, read so that a change of
// it can be written in the same transaction as the change of the user, on the
// condition that nobody moved the count in between.
type AdminGuard struct {
	OrgID   string
	N       int
	version int64 // 0: the count is not stored yet
}

// ErrLastAdmin refuses a change that would leave an organisation without an
// administrator.
var ErrLastAdmin = portal.E(portal.Conflict, "last_admin", "the organisation's last administrator cannot be removed")

// AdminGuard reads an organisation's count of administrators. An organisation that
// never had it stored gets it counted from its users once (a query bounded by the
// organisation's size); the first change stores it.
func (s *Store) AdminGuard(ctx context.Context, orgID string) (AdminGuard, error) {
	c, v, err := get[adminCount](ctx, s.t, adminsKey(orgID))
	if err == nil {
		return AdminGuard{OrgID: orgID, N: c.N, version: v}, nil
	}
	if !portal.Is(err, portal.NotFound) {
		return AdminGuard{}, err
	}
	g := AdminGuard{OrgID: orgID}
	q := table.Query{PK: "ORG#" + orgID, Prefix: "USER#", Limit: table.MaxLimit}
	for {
		page, err := s.t.Query(ctx, q)
		if err != nil {
			return AdminGuard{}, err
		}
		for _, it := range page.Items {
			a, err := decode[Account](it)
			if err != nil {
				return AdminGuard{}, err
			}
			if CountsAsAdmin(a.User) {
				g.N++
			}
		}
		if page.Next == "" {
			return g, nil
		}
		q.Cursor = page.Next
	}
}

// Change returns the table step that moves the count by delta, conditioned on the
// count read. It refuses with ErrLastAdmin a change that would leave no
// administrator.
func (g AdminGuard) Change(delta int) (table.Op, error) {
	if delta < 0 && g.N+delta < 1 {
		return table.Op{}, ErrLastAdmin
	}
	k := adminsKey(g.OrgID)
	item := table.Item{PK: k.PK, SK: k.SK, Version: g.version + 1, Data: encode(adminCount{N: g.N + delta})}
	if g.version == 0 {
		return table.Put(item, table.IfAbsent()), nil
	}
	return table.Put(item, table.IfVersion(g.version)), nil
}

// AdminDelta is how a change of one user from before to after moves the count.
func AdminDelta(before, after portal.User) int {
	d := 0
	if CountsAsAdmin(before) {
		d--
	}
	if CountsAsAdmin(after) {
		d++
	}
	return d
}

// retryOnGuard runs attempt again, up to three times in all, while it fails only
// because the step at one of the indexes it returns changed under it: the
// administrator count, moved by another administrator added or removed at the same
// moment, or an account whose item also moves with every sign-in. A fresh read then
// decides afresh (and may refuse with ErrLastAdmin).
func retryOnGuard(attempt func() (retryAt []int, err error)) error {
	var err error
	for range 3 {
		var at []int
		at, err = attempt()
		var cf *table.ConditionFailed
		if !errors.As(err, &cf) || !slices.Contains(at, cf.Index) {
			return err
		}
	}
	return err
}
