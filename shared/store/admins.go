package store

import (
	"cmp"
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

// adminSet is the stored item of an organisation's administrators: the ids of the
// users CountsAsAdmin holds, sorted, so that finding them reads this item and the
// administrators themselves instead of every user. N repeats their number, as the
// first version of the item stored only it; an item without IDs (nil, as decoded
// from that version) is counted afresh like a missing one.
type adminSet struct {
	N   int      `json:"n"`
	IDs []string `json:"ids"`
}

// AdminGuard is an organisation's set of administrators, read so that a change of
// it can be written in the same transaction as the change of the user, on the
// condition that nobody moved the set in between.
type AdminGuard struct {
	OrgID string
	// N is the number of administrators, len(IDs).
	N int
	// IDs are the administrators' user ids, sorted.
	IDs     []string
	version int64 // 0: the item is not stored yet
	stored  bool  // the item holds IDs (not only the count of its first version)
}

// ErrLastAdmin refuses a change that would leave an organisation without an
// administrator.
var ErrLastAdmin = portal.E(portal.Conflict, "last_admin", "the organisation's last administrator cannot be removed")

// AdminGuard reads an organisation's set of administrators. An organisation that
// never had it stored gets it found among its users (a query bounded by the
// organisation's size); the first change, or the first Administrators, stores it.
func (s *Store) AdminGuard(ctx context.Context, orgID string) (AdminGuard, error) {
	set, v, err := get[adminSet](ctx, s.t, adminsKey(orgID))
	if err == nil && set.IDs != nil {
		return AdminGuard{OrgID: orgID, N: len(set.IDs), IDs: set.IDs, version: v, stored: true}, nil
	}
	if err != nil && !portal.Is(err, portal.NotFound) {
		return AdminGuard{}, err
	}
	g := AdminGuard{OrgID: orgID, IDs: []string{}, version: v}
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
				g.IDs = append(g.IDs, a.ID)
			}
		}
		if page.Next == "" {
			slices.Sort(g.IDs)
			g.N = len(g.IDs)
			return g, nil
		}
		q.Cursor = page.Next
	}
}

// adminMoves is how a write changes an organisation's administrators: the users
// who become one and those who stop being one.
type adminMoves struct{ join, leave []string }

// add records the change of one user from before to after; an empty before is a
// user created (or arriving), an empty after one deleted (or leaving).
func (m *adminMoves) add(before, after portal.User) {
	was, is := CountsAsAdmin(before), CountsAsAdmin(after)
	if was && !is {
		m.leave = append(m.leave, before.ID)
	}
	if is && !was {
		m.join = append(m.join, after.ID)
	}
}

// none reports whether the write leaves the administrators as they are, so that it
// needs neither to read nor to write their item.
func (m adminMoves) none() bool { return len(m.join) == 0 && len(m.leave) == 0 }

// change returns the table step that writes the set moved by m, conditioned on the
// set read. It refuses with ErrLastAdmin a change that would leave no
// administrator.
func (g AdminGuard) change(m adminMoves) (table.Op, error) {
	ids := slices.DeleteFunc(slices.Clone(g.IDs), func(id string) bool { return slices.Contains(m.leave, id) })
	if len(m.leave) > 0 && len(ids)+len(m.join) == 0 {
		return table.Op{}, ErrLastAdmin
	}
	for _, id := range m.join {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return g.write(ids), nil
}

// write returns the table step that stores ids as the set, conditioned on the item
// as read.
func (g AdminGuard) write(ids []string) table.Op {
	k := adminsKey(g.OrgID)
	item := table.Item{PK: k.PK, SK: k.SK, Version: g.version + 1, Data: encode(adminSet{N: len(ids), IDs: ids})}
	if g.version == 0 {
		return table.Put(item, table.IfAbsent())
	}
	return table.Put(item, table.IfVersion(g.version))
}

// Administrators lists the administrators of an organisation who can act (not
// disabled, activated), by name. It reads the organisation's item of
// administrators and then the administrators themselves, up to table.MaxTransact
// per round trip, so that its cost grows with the number of administrators, not
// with the organisation's users. An organisation whose item is not stored yet gets
// it found among its users, once: the item is stored then (a change that stored it
// meanwhile wins, and this answer is as true as the read it came from).
func (s *Store) Administrators(ctx context.Context, orgID string) ([]portal.User, error) {
	g, err := s.AdminGuard(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if !g.stored && len(g.IDs) > 0 {
		op := g.write(g.IDs)
		if err := s.t.Put(ctx, op.Item, op.Cond); err != nil && !portal.Is(err, portal.Conflict) {
			return nil, err
		}
	}
	refs := make([]Owner, len(g.IDs))
	for i, id := range g.IDs {
		refs[i] = Owner{OrgID: orgID, UserID: id}
	}
	people, err := s.People(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]portal.User, 0, len(people))
	for _, u := range people {
		if CountsAsAdmin(u) && u.Status != portal.StatusNotActivated {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b portal.User) int {
		return cmp.Or(cmp.Compare(nameKey(a), nameKey(b)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// retryOnGuard runs attempt again, up to three times in all, while it fails only
// because the step at one of the indexes it returns changed under it: the
// administrators' item, moved by another administrator added or removed at the same
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
