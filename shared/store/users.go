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
}

// guard is what a uniqueness guard points at.
type guard struct {
	OrgID  string `json:"orgId"`
	UserID string `json:"userId"`
}

func accountItem(a Account) table.Item {
	k := userKey(a.OrgID, a.ID)
	return table.Item{PK: k.PK, SK: k.SK, Version: a.Version, Data: encode(a)}
}

// CreateUser adds a user with its email and login guards, and whatever else must be
// written with it (an outbox mail, an audit entry), in one transaction. An address or
// login already in use is a Conflict with code "email_taken" or "login_taken".
func (s *Store) CreateUser(ctx context.Context, u portal.User, passwordHash string, also ...table.Op) error {
	u.Email = portal.NormalizeEmail(u.Email)
	u.Version = 1
	g := encode(guard{OrgID: u.OrgID, UserID: u.ID})
	ek, lk := emailGuard(u.Email), loginGuard(u.Login)
	ops := []table.Op{
		table.Put(accountItem(Account{User: u, PasswordHash: passwordHash}), table.IfAbsent()),
		table.Put(table.Item{PK: ek.PK, SK: ek.SK, Version: 1, Data: g}, table.IfAbsent()),
		table.Put(table.Item{PK: lk.PK, SK: lk.SK, Version: 1, Data: g}, table.IfAbsent()),
	}
	err := s.t.Transact(ctx, append(ops, also...)...)
	var cf *table.ConditionFailed
	if errors.As(err, &cf) {
		switch cf.Index {
		case 1:
			return portal.Wrap(portal.Conflict, "email_taken", err)
		case 2:
			return portal.Wrap(portal.Conflict, "login_taken", err)
		}
	}
	return err
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
// then the account.
func (s *Store) AccountByEmail(ctx context.Context, email string) (Account, error) {
	g, _, err := get[guard](ctx, s.t, emailGuard(portal.NormalizeEmail(email)))
	if err != nil {
		return Account{}, err
	}
	return s.Account(ctx, g.OrgID, g.UserID)
}

// SaveAccount writes a changed account if nobody changed it since it was read
// (Conflict otherwise), with whatever else must be written with it.
func (s *Store) SaveAccount(ctx context.Context, a Account, also ...table.Op) error {
	prev := a.Version
	a.Version++
	return s.t.Transact(ctx, append([]table.Op{table.Put(accountItem(a), table.IfVersion(prev))}, also...)...)
}
