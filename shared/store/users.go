package store

import (
	"context"
	"errors"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// userRecord is how a user is stored: the profile and the secrets that never leave
// the store's callers in auth.
type userRecord struct {
	portal.User
	PasswordHash string `json:"passwordHash,omitempty"`
}

// guard is what a uniqueness guard points at.
type guard struct {
	OrgID  string `json:"orgId"`
	UserID string `json:"userId"`
}

func userItem(r userRecord) table.Item {
	k := userKey(r.OrgID, r.ID)
	return table.Item{PK: k.PK, SK: k.SK, Version: r.Version, Data: encode(r)}
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
		table.Put(userItem(userRecord{User: u, PasswordHash: passwordHash}), table.IfAbsent()),
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

// User reads one user of an organisation.
func (s *Store) User(ctx context.Context, orgID, userID string) (portal.User, error) {
	r, v, err := get[userRecord](ctx, s.t, userKey(orgID, userID))
	r.User.Version = v
	return r.User, err
}

// UserByEmail finds the user with an address and its password hash, in two round
// trips: the guard, then the user.
func (s *Store) UserByEmail(ctx context.Context, email string) (portal.User, string, error) {
	g, _, err := get[guard](ctx, s.t, emailGuard(portal.NormalizeEmail(email)))
	if err != nil {
		return portal.User{}, "", err
	}
	r, v, err := get[userRecord](ctx, s.t, userKey(g.OrgID, g.UserID))
	r.User.Version = v
	return r.User, r.PasswordHash, err
}
