package store

import (
	"context"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// UserRights is one user's rights on the contracts of their organisation, kept in
// one item per user so that a request loads them in one read, and a change of them
// is one conditioned write.
type UserRights struct {
	OrgID     string        `json:"orgId"`
	UserID    string        `json:"userId"`
	Contracts portal.Rights `json:"contracts,omitempty"`
	// Version is 0 while the user has never had rights stored.
	Version int64 `json:"-"`
}

// Referent reports whether the user is the referent of any contract.
func (r UserRights) Referent() bool {
	for _, c := range r.Contracts {
		if c.Referent {
			return true
		}
	}
	return false
}

// With returns a copy of r whose rights on contractID are c (removed when empty).
func (r UserRights) With(contractID string, c portal.ContractRights) UserRights {
	next := make(portal.Rights, len(r.Contracts)+1)
	for id, cr := range r.Contracts {
		next[id] = cr
	}
	if c.Empty() {
		delete(next, contractID)
	} else {
		next[contractID] = c
	}
	r.Contracts = next
	return r
}

func (r UserRights) cond() table.Cond {
	if r.Version == 0 {
		return table.IfAbsent()
	}
	return table.IfVersion(r.Version)
}

// Rights reads a user's rights; a user without any has an empty set at version 0.
func (s *Store) Rights(ctx context.Context, orgID, userID string) (UserRights, error) {
	r, v, err := get[UserRights](ctx, s.t, rightsKey(orgID, userID))
	if portal.Is(err, portal.NotFound) {
		return UserRights{OrgID: orgID, UserID: userID}, nil
	}
	r.Version = v
	return r, err
}

// PutRights is the table step that writes r, on the condition that the stored rights
// are still the ones r was read as.
func PutRights(r UserRights) table.Op {
	k := rightsKey(r.OrgID, r.UserID)
	return table.Put(table.Item{PK: k.PK, SK: k.SK, Version: r.Version + 1, Data: encode(r)}, r.cond())
}

// deleteRights is the table step that removes r as read.
func deleteRights(r UserRights) table.Op {
	k := rightsKey(r.OrgID, r.UserID)
	if r.Version == 0 {
		return table.Check(k, table.IfAbsent())
	}
	return table.Delete(k, table.IfVersion(r.Version))
}

// Matrix is one page of a contract's rights matrix: users by name with their rights,
// the contract, and the rights of the person looking (to decide whether they may).
type Matrix struct {
	Contract portal.Contract
	Viewer   UserRights
	Users    []Account
	Rights   map[string]UserRights
	Next     string
}

// MaxMatrixPage bounds a matrix page: its users' rights, the contract and the
// viewer's rights are read in one round trip of at most table.MaxTransact keys.
const MaxMatrixPage = table.MaxTransact - 2

// RightsMatrix reads one page of the users of an organisation by name (those whose
// name, email or login starts with search, when it is set), then in one round trip
// the contract, the viewer's rights and the page's users' rights: two round trips
// in all, three when a search matched emails or logins (UsersPage reads their
// accounts). NotFound "contract_not_found" when the contract is not the
// organisation's.
func (s *Store) RightsMatrix(ctx context.Context, orgID, contractID, viewerID, search string, limit int, cursor string) (Matrix, error) {
	limit = min(max(limit, 1), MaxMatrixPage)
	users, next, err := s.UsersPage(ctx, UserQuery{OrgID: orgID, Search: search, Sort: ByName, Limit: limit, Cursor: cursor})
	if err != nil {
		return Matrix{}, err
	}
	ck := contractKey(orgID, contractID)
	keys := []table.Key{ck, rightsKey(orgID, viewerID)}
	for _, u := range users {
		if u.ID != viewerID {
			keys = append(keys, rightsKey(orgID, u.ID))
		}
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return Matrix{}, err
	}
	m := Matrix{Users: users, Next: next, Rights: map[string]UserRights{}, Viewer: UserRights{OrgID: orgID, UserID: viewerID}}
	for _, u := range users {
		m.Rights[u.ID] = UserRights{OrgID: orgID, UserID: u.ID}
	}
	for _, it := range items {
		if it.Key() == ck {
			if m.Contract, err = decode[portal.Contract](it); err != nil {
				return Matrix{}, err
			}
			m.Contract.Version = it.Version
			continue
		}
		r, err := decode[UserRights](it)
		if err != nil {
			return Matrix{}, err
		}
		r.Version = it.Version
		if r.UserID == viewerID {
			m.Viewer = r
		}
		if _, ok := m.Rights[r.UserID]; ok {
			m.Rights[r.UserID] = r
		}
	}
	if m.Contract.ID == "" {
		return Matrix{}, errContractNotFound
	}
	return m, nil
}

var errContractNotFound = portal.E(portal.NotFound, "contract_not_found", "no such contract")

// AccountsAndRights reads users of an organisation and their rights in one round
// trip (up to table.MaxTransact/2 users); missing users are missing from the first
// map, and users without rights have empty ones at version 0.
func (s *Store) AccountsAndRights(ctx context.Context, orgID string, userIDs []string) (map[string]Account, map[string]UserRights, error) {
	keys := make([]table.Key, 0, 2*len(userIDs))
	rights := make(map[string]UserRights, len(userIDs))
	for _, id := range userIDs {
		keys = append(keys, userKey(orgID, id), rightsKey(orgID, id))
		rights[id] = UserRights{OrgID: orgID, UserID: id}
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return nil, nil, err
	}
	accounts := make(map[string]Account, len(userIDs))
	for _, it := range items {
		if isUserItem(it) {
			a, err := decodeAccount(it)
			if err != nil {
				return nil, nil, err
			}
			accounts[a.ID] = a
			continue
		}
		r, err := decode[UserRights](it)
		if err != nil {
			return nil, nil, err
		}
		r.Version = it.Version
		rights[r.UserID] = r
	}
	return accounts, rights, nil
}
