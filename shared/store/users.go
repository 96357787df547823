package store

import (
	"context"
	"errors"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// Account is how a user is stored: the profile and the security state that only the
// auth package reads.
type Account struct {
	portal.User
	PasswordHash string `json:"passwordHash,omitempty"`
	// FailedSignIns counts wrong passwords in a row; a success resets it.
	FailedSignIns int `json:"failedSignIns,omitempty"`
	// LockedUntil is when a lock ends; Locks counts locks since the last success, so
	// that each lock lasts twice the previous one.
	LockedUntil time.Time `json:"lockedUntil,omitzero"`
	Locks       int       `json:"locks,omitempty"`
	// Security holds the second factor and the pending changes (security.go).
	Security
}

// guard is what a uniqueness guard points at. Unclaimed copies the account's flag,
// so that a sign-up learns from the guard alone whether the address is held.
type guard struct {
	OrgID     string `json:"orgId"`
	UserID    string `json:"userId"`
	Unclaimed bool   `json:"unclaimed,omitempty"`
}

// accountItem is the stored user, indexed by name for its organisation's user list
// (GSI1) and search (GSI2), so that every write keeps both in step.
func accountItem(a Account) table.Item {
	k := userKey(a.OrgID, a.ID)
	byName := nameKey(a.User) + "#" + a.ID
	return table.Item{PK: k.PK, SK: k.SK, GSI1PK: usersIndex(a.OrgID), GSI1SK: byName,
		GSI2PK: userSearchIndex(a.OrgID), GSI2SK: byName, Version: a.Version, Data: encode(a)}
}

// guardItem is the uniqueness guard at k of u's address or login: it points at u and
// is u's search entry for that value (GSI2).
func guardItem(k table.Key, u portal.User, value string, version int64) table.Item {
	return table.Item{PK: k.PK, SK: k.SK, GSI2PK: userSearchIndex(u.OrgID), GSI2SK: SearchKey(value) + "#" + u.ID,
		Version: version, Data: encode(guard{OrgID: u.OrgID, UserID: u.ID, Unclaimed: u.Unclaimed})}
}

// Claim returns the steps that save a, whose owner just proved they hold its
// address, as claimed, with its address guard, if nobody changed it since it was
// read, and whatever else must be written with it.
func Claim(a Account, also ...table.Op) []table.Op {
	a.Unclaimed = false
	prev := a.Version
	a.Version++
	return append([]table.Op{
		table.Put(accountItem(a), table.IfVersion(prev)),
		table.Put(guardItem(emailGuard(a.Email), a.User, a.Email, 1), table.IfExists()),
		table.Put(guardItem(loginGuard(a.Login), a.User, a.Login, 1), table.IfExists()),
	}, also...)
}

// SaveProven writes a changed account as SaveAccount does; an account whose owner
// just proved they hold its address (a.Unclaimed, as read) is saved claimed.
func (s *Store) SaveProven(ctx context.Context, a Account, also ...table.Op) error {
	if !a.Unclaimed {
		return s.SaveAccount(ctx, a, also...)
	}
	return s.t.Transact(ctx, Claim(a, also...)...)
}

// CreateUser adds a user with its email and login guards, and whatever else must be
// written with it (an outbox mail, an audit entry), in one transaction. An address or
// login already in use is a Conflict with code "email_taken" or "login_taken". An
// administrator also joins the organisation's item of administrators (AdminGuard),
// as the last step.
func (s *Store) CreateUser(ctx context.Context, u portal.User, passwordHash string, also ...table.Op) error {
	_, err := s.CreateAccounts(ctx, NewAccount{Account: Account{User: u, PasswordHash: passwordHash}, Also: also})
	return err
}

// NewAccount is an account to create and what must be written with it.
type NewAccount struct {
	Account Account
	Also    []table.Op
}

// CreateAccounts adds accounts of one organisation, each with its guards and Also,
// in one transaction, as CreateUser does for one; administrators among them join
// the item of administrators in one step. When an address or login is taken, the
// Conflict ("email_taken" or "login_taken") comes with the index of the account
// whose step failed; the index is -1 for any other failure.
func (s *Store) CreateAccounts(ctx context.Context, batch ...NewAccount) (int, error) {
	if len(batch) == 0 {
		return -1, nil
	}
	type owner struct{ account, step int }
	var owners []owner
	err := retryOnGuard(func() ([]int, error) {
		var ops []table.Op
		owners = owners[:0]
		var m adminMoves
		for i, n := range batch {
			a := n.Account
			a.Email = portal.NormalizeEmail(a.Email)
			a.Version = 1
			m.add(portal.User{}, a.User)
			for step, op := range append([]table.Op{
				table.Put(accountItem(a), table.IfAbsent()),
				table.Put(guardItem(emailGuard(a.Email), a.User, a.Email, 1), table.IfAbsent()),
				table.Put(guardItem(loginGuard(a.Login), a.User, a.Login, 1), table.IfAbsent()),
			}, n.Also...) {
				ops = append(ops, op)
				owners = append(owners, owner{account: i, step: step})
			}
		}
		return s.withAdminGuard(ctx, batch[0].Account.OrgID, m, ops)
	})
	var cf *table.ConditionFailed
	if errors.As(err, &cf) && cf.Index < len(owners) {
		o := owners[cf.Index]
		switch o.step {
		case 1:
			return o.account, portal.Wrap(portal.Conflict, "email_taken", err)
		case 2:
			return o.account, portal.Wrap(portal.Conflict, "login_taken", err)
		}
		return o.account, err
	}
	return -1, err
}

// Account reads one user of an organisation with its security state.
func (s *Store) Account(ctx context.Context, orgID, userID string) (Account, error) {
	a, v, err := get[Account](ctx, s.t, userKey(orgID, userID))
	a.Version = v
	return a, err
}

// User reads one user of an organisation.
func (s *Store) User(ctx context.Context, orgID, userID string) (portal.User, error) {
	a, err := s.Account(ctx, orgID, userID)
	return a.User, err
}

// AccountByEmail finds the account with an address in two round trips: the guard,
// then the account. An unknown address costs the same two: the second reads an
// item that never exists, so that no answer's cost tells which addresses have
// accounts.
func (s *Store) AccountByEmail(ctx context.Context, email string) (Account, error) {
	g, _, err := get[guard](ctx, s.t, emailGuard(portal.NormalizeEmail(email)))
	if portal.Is(err, portal.NotFound) {
		if _, perr := s.t.Get(ctx, padKey); !portal.Is(perr, portal.NotFound) && perr != nil {
			return Account{}, perr
		}
		return Account{}, err
	}
	if err != nil {
		return Account{}, err
	}
	return s.Account(ctx, g.OrgID, g.UserID)
}

// Pad is a write round trip that changes nothing (it deletes an item that never
// exists): what an answer for an unknown address writes in place of the write the
// answer for a known one makes, so that both cost the same.
func (s *Store) Pad(ctx context.Context) error {
	return s.t.Delete(ctx, padKey, table.Cond{})
}

// SaveAccount writes a changed account if nobody changed it since it was read
// (Conflict otherwise), with whatever else must be written with it.
func (s *Store) SaveAccount(ctx context.Context, a Account, also ...table.Op) error {
	prev := a.Version
	a.Version++
	return s.t.Transact(ctx, append([]table.Op{table.Put(accountItem(a), table.IfVersion(prev))}, also...)...)
}
