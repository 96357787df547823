package store

import (
	"context"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// registrationItem stores a registration. While pending it sits in the operators'
// queue (GSI1, by kind then id, and ids are ULIDs, so oldest first); a join request
// is also listed under its organisation (GSI2, by state then id) for the
// administrators who decide it.
func registrationItem(r portal.Registration) table.Item {
	k := registrationKey(r.ID)
	it := table.Item{PK: k.PK, SK: k.SK, Version: r.Version, Data: encode(r)}
	if r.State == portal.RegistrationPending {
		it.GSI1PK, it.GSI1SK = registrationQueue, string(r.Kind)+"#"+r.ID
	}
	if r.Kind == portal.RegistrationJoin {
		it.GSI2PK, it.GSI2SK = joinRequestsIndex(r.OrgID), string(r.State)+"#"+r.ID
	}
	return it
}

// PutRegistration returns the table step that writes r in place of the
// registration it was read as (r.Version; 0 for a new one), so that of two
// decisions taken at once only one is written.
func PutRegistration(r portal.Registration) table.Op {
	prev := r.Version
	r.Version++
	if prev == 0 {
		return table.Put(registrationItem(r), table.IfAbsent())
	}
	return table.Put(registrationItem(r), table.IfVersion(prev))
}

// Registration reads a person's registration; NotFound "registration_not_found"
// when they have none.
func (s *Store) Registration(ctx context.Context, userID string) (portal.Registration, error) {
	r, v, err := get[portal.Registration](ctx, s.t, registrationKey(userID))
	if portal.Is(err, portal.NotFound) {
		return r, portal.Wrap(portal.NotFound, "registration_not_found", err)
	}
	r.Version = v
	return r, err
}

// PendingRegistrations is the operators' queue: the pending registrations of one
// kind, or of every kind when kind is "" (organisation requests, then join
// requests), oldest first.
func (s *Store) PendingRegistrations(ctx context.Context, kind portal.RegistrationKind, limit int, cursor string) ([]portal.Registration, string, error) {
	q := table.Query{Index: table.GSI1, PK: registrationQueue, Limit: limit, Cursor: cursor}
	if kind != "" {
		q.Prefix = string(kind) + "#"
	}
	return s.registrations(ctx, q)
}

// JoinRequests lists an organisation's join requests in one state: the pending ones
// oldest first (a queue), the decided ones newest first (a history).
func (s *Store) JoinRequests(ctx context.Context, orgID string, state portal.RegistrationState, limit int, cursor string) ([]portal.Registration, string, error) {
	q := table.Query{Index: table.GSI2, PK: joinRequestsIndex(orgID), Prefix: string(state) + "#",
		Backward: state != portal.RegistrationPending, Limit: limit, Cursor: cursor}
	return s.registrations(ctx, q)
}

func (s *Store) registrations(ctx context.Context, q table.Query) ([]portal.Registration, string, error) {
	page, err := s.t.Query(ctx, q)
	if err != nil {
		return nil, "", err
	}
	out := make([]portal.Registration, 0, len(page.Items))
	for _, it := range page.Items {
		r, err := decode[portal.Registration](it)
		if err != nil {
			return nil, "", err
		}
		r.Version = it.Version
		out = append(out, r)
	}
	return out, page.Next, nil
}

// NewOrganisation returns the table step that adds o if its id is free, for a
// transaction that creates it with other things (its first administrator).
func NewOrganisation(o portal.Organisation) table.Op {
	o.Version = 1
	return table.Put(orgItem(o), table.IfAbsent())
}

// errMoveAdmin refuses to move an administrator, whose leaving would need the old
// organisation's item of administrators too; nobody needs it yet.
var errMoveAdmin = portal.E(portal.Conflict, "move_admin", "an administrator cannot be moved to another organisation")

// MoveAccount moves a user into another organisation, keeping their id: move edits
// the account (its OrgID at least) and names what else to write. In one transaction
// the old item is deleted if it did not change since it was read, the new one put,
// the address and login guards pointed at the new place, the user added to the new
// organisation's item of administrators when they become one, and the rest written;
// a transaction that failed only because the account or that item moved meanwhile
// is tried again from a fresh read. It returns the account before and after.
func (s *Store) MoveAccount(ctx context.Context, orgID, userID string, move func(a *Account) ([]table.Op, error)) (Account, Account, error) {
	var before, after Account
	err := retryOnGuard(func() ([]int, error) {
		a, err := s.Account(ctx, orgID, userID)
		if err != nil {
			return nil, err
		}
		if CountsAsAdmin(a.User) {
			return nil, errMoveAdmin
		}
		before, after = a, a
		also, err := move(&after)
		if err != nil {
			return nil, err
		}
		if after.OrgID == orgID || after.Email != a.Email || after.Login != a.Login {
			return nil, portal.Internalf("store: MoveAccount must change the organisation, not the address or login")
		}
		after.Version = 1
		ops := append([]table.Op{
			table.Delete(userKey(orgID, userID), table.IfVersion(a.Version)),
			table.Put(accountItem(after), table.IfAbsent()),
			table.Put(guardItem(emailGuard(a.Email), after.User, a.Email, 1), table.IfExists()),
			table.Put(guardItem(loginGuard(a.Login), after.User, a.Login, 1), table.IfExists()),
		}, also...)
		var m adminMoves
		m.add(portal.User{}, after.User)
		return s.withAdminGuard(ctx, after.OrgID, m, ops)
	})
	return before, after, err
}
