package store

import (
	"context"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// ChangeAccount reads a user of an organisation, lets change edit it and name what
// else to write, and writes it all in one transaction conditioned on the account as
// read. When the change makes or unmakes an administrator, the organisation's item
// of administrators is part of the transaction (ErrLastAdmin when none would be
// left); a transaction that failed only because that item moved meanwhile is tried
// again from a fresh
// read, so two administrators removed at once never leave none. It returns the
// account before and after.
func (s *Store) ChangeAccount(ctx context.Context, orgID, userID string, change func(a *Account) ([]table.Op, error)) (Account, Account, error) {
	var before, after Account
	err := retryOnGuard(func() ([]int, error) {
		a, err := s.Account(ctx, orgID, userID)
		if err != nil {
			return nil, err
		}
		before, after = a, a
		also, err := change(&after)
		if err != nil {
			return nil, err
		}
		after.Version = a.Version + 1
		ops := append([]table.Op{table.Put(accountItem(after), table.IfVersion(a.Version))}, also...)
		var m adminMoves
		m.add(before.User, after.User)
		return s.withAdminGuard(ctx, orgID, m, ops)
	})
	return before, after, err
}

// withAdminGuard writes ops, whose first step is the account, with the step that
// moves the organisation's administrators by m, if it moves them. It returns the indexes of the
// steps whose failure retryOnGuard retries: the account's (it also moves with every
// sign-in, and callers check their own optimistic versions inside the attempt) and
// the administrators' item.
func (s *Store) withAdminGuard(ctx context.Context, orgID string, m adminMoves, ops []table.Op) ([]int, error) {
	retry := []int{0}
	if ops[0].Cond.Kind == table.MustNotExist {
		retry = nil // a new account's id is taken: trying again changes nothing
	}
	if m.none() {
		return retry, s.t.Transact(ctx, ops...)
	}
	g, err := s.AdminGuard(ctx, orgID)
	if err != nil {
		return nil, err
	}
	op, err := g.change(m)
	if err != nil {
		return nil, err
	}
	return append(retry, len(ops)), s.t.Transact(ctx, append(ops, op)...)
}

// ErrReferent refuses to delete or disable the referent of a contract.
var ErrReferent = portal.E(portal.Conflict, "user_is_referent", "the user is the referent of a contract")

// DeleteAccount removes a user of an organisation with their address and login
// guards and their rights, and whatever check returns to write with it (sessions to
// end, an audit entry), in one transaction conditioned on the account and the
// rights as read: a user who is the referent of a contract, or who becomes one
// meanwhile, is not deleted (ErrReferent or a Conflict), nor is the last
// administrator (ErrLastAdmin). check sees the account and may refuse. Once the
// account is gone, PurgeUser deletes what the person kept besides it, even if the
// caller stops waiting; an error then means the account is deleted but the purge
// unfinished, which CheckIntegrity reports and PurgeUser run again finishes.
func (s *Store) DeleteAccount(ctx context.Context, orgID, userID string, check func(a Account) ([]table.Op, error)) (Account, error) {
	var deleted Account
	err := retryOnGuard(func() ([]int, error) {
		a, r, err := s.AccountAndRights(ctx, orgID, userID)
		if err != nil {
			return nil, err
		}
		if r.Referent() {
			return nil, ErrReferent
		}
		also, err := check(a)
		if err != nil {
			return nil, err
		}
		deleted = a
		ops := append([]table.Op{
			table.Delete(userKey(orgID, userID), table.IfVersion(a.Version)),
			table.Delete(emailGuard(a.Email), table.Cond{}),
			table.Delete(loginGuard(a.Login), table.Cond{}),
			deleteRights(r),
		}, also...)
		var m adminMoves
		m.add(a.User, portal.User{})
		return s.withAdminGuard(ctx, orgID, m, ops)
	})
	if err != nil {
		return deleted, err
	}
	return deleted, s.PurgeUser(context.WithoutCancel(ctx), orgID, userID)
}

// AccountAndRights reads a user and their rights in one round trip.
func (s *Store) AccountAndRights(ctx context.Context, orgID, userID string) (Account, UserRights, error) {
	items, err := s.t.GetMany(ctx, []table.Key{userKey(orgID, userID), rightsKey(orgID, userID)})
	if err != nil {
		return Account{}, UserRights{}, err
	}
	var a Account
	r := UserRights{OrgID: orgID, UserID: userID}
	for _, it := range items {
		if it.SK == rightsKey(orgID, userID).SK {
			if r, err = decode[UserRights](it); err != nil {
				return Account{}, UserRights{}, err
			}
			r.Version = it.Version
		} else if a, err = decodeAccount(it); err != nil {
			return Account{}, UserRights{}, err
		}
	}
	if a.ID == "" {
		return Account{}, UserRights{}, portal.E(portal.NotFound, "user_not_found", "no such user")
	}
	return a, r, nil
}

// SessionEnds returns the table steps that end every live session of a user, for
// the transaction that disables, deletes or changes the role of the user.
func (s *Store) SessionEnds(ctx context.Context, userID string) ([]table.Op, error) {
	sessions, err := s.UserSessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	ops := make([]table.Op, len(sessions))
	for i, sess := range sessions {
		ops[i] = table.Delete(sessionKey(sess.ID), table.Cond{})
	}
	return ops, nil
}

// LoginTaken reports whether a login belongs to someone, in one read of its guard.
func (s *Store) LoginTaken(ctx context.Context, login string) (bool, error) {
	_, err := s.t.Get(ctx, loginGuard(login))
	if portal.Is(err, portal.NotFound) {
		return false, nil
	}
	return err == nil, err
}

// AccountExists is the table step that fails unless the user still exists, for a
// change that concerns them without changing their account (their rights).
func AccountExists(orgID, userID string) table.Op {
	return table.Check(userKey(orgID, userID), table.IfExists())
}

// Owner is the user a uniqueness guard points at.
type Owner struct {
	OrgID  string `json:"orgId"`
	UserID string `json:"userId"`
}

// Owners finds who holds each of many addresses (normalised) and logins, reading
// their guards up to table.MaxTransact at a time: a bulk import checks its rows in
// a few round trips instead of two per row.
func (s *Store) Owners(ctx context.Context, emails, logins []string) (map[string]Owner, map[string]Owner, error) {
	keys := make([]table.Key, 0, len(emails)+len(logins))
	for _, e := range emails {
		keys = append(keys, emailGuard(e))
	}
	for _, l := range logins {
		keys = append(keys, loginGuard(l))
	}
	byEmail, byLogin := map[string]Owner{}, map[string]Owner{}
	for start := 0; start < len(keys); start += table.MaxTransact {
		items, err := s.t.GetMany(ctx, keys[start:min(start+table.MaxTransact, len(keys))])
		if err != nil {
			return nil, nil, err
		}
		for _, it := range items {
			o, err := decode[Owner](it)
			if err != nil {
				return nil, nil, err
			}
			if value, ok := strings.CutPrefix(it.PK, "EMAIL#"); ok {
				byEmail[value] = o
			} else {
				byLogin[strings.TrimPrefix(it.PK, "LOGIN#")] = o
			}
		}
	}
	return byEmail, byLogin, nil
}

// People reads the users refs name, up to table.MaxTransact per round trip; the
// users that no longer exist are missing from the answer, which is keyed by user id.
func (s *Store) People(ctx context.Context, refs []Owner) (map[string]portal.User, error) {
	keys := make([]table.Key, 0, len(refs))
	seen := map[table.Key]bool{}
	for _, o := range refs {
		k := userKey(o.OrgID, o.UserID)
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	out := map[string]portal.User{}
	for start := 0; start < len(keys); start += table.MaxTransact {
		items, err := s.t.GetMany(ctx, keys[start:min(start+table.MaxTransact, len(keys))])
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			a, err := decodeAccount(it)
			if err != nil {
				return nil, err
			}
			out[a.ID] = a.User
		}
	}
	return out, nil
}
