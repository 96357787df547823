package store

import (
	"context"
	"errors"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

func contractItem(c portal.Contract) table.Item {
	k := contractKey(c.OrgID, c.ID)
	return table.Item{PK: k.PK, SK: k.SK, Version: c.Version, Data: encode(c)}
}

// contractRef is what a reference guard points at.
type contractRef struct {
	ContractID string `json:"contractId"`
}

// ContractRefKey is the form of a contract reference its uniqueness compares.
func ContractRefKey(ref string) string { return SearchKey(ref) }

// CreateContract adds a contract with the guard that keeps its reference unique in
// its organisation, and whatever else must be written with it (the referent's rights,
// an audit entry), in one transaction. A reference in use is a Conflict with code
// "reference_taken".
func (s *Store) CreateContract(ctx context.Context, c portal.Contract, also ...table.Op) error {
	err := s.t.Transact(ctx, append(NewContract(c), also...)...)
	var cf *table.ConditionFailed
	if errors.As(err, &cf) && cf.Index == 1 {
		return portal.Wrap(portal.Conflict, "reference_taken", err)
	}
	return err
}

// NewContract returns the steps that add a contract and the guard of its reference,
// each on the condition that it is new: the contract first, the guard second.
func NewContract(c portal.Contract) []table.Op {
	c.Version = 1
	rk := contractRefGuard(c.OrgID, ContractRefKey(c.Reference))
	return []table.Op{
		table.Put(contractItem(c), table.IfAbsent()),
		table.Put(table.Item{PK: rk.PK, SK: rk.SK, Version: 1, Data: encode(contractRef{ContractID: c.ID})}, table.IfAbsent()),
	}
}

// Contract reads one contract of an organisation.
func (s *Store) Contract(ctx context.Context, orgID, id string) (portal.Contract, error) {
	c, v, err := get[portal.Contract](ctx, s.t, contractKey(orgID, id))
	if portal.Is(err, portal.NotFound) {
		return c, errContractNotFound
	}
	c.Version = v
	return c, err
}

// ContractAndRights reads a contract and one user's rights in one round trip.
func (s *Store) ContractAndRights(ctx context.Context, orgID, contractID, userID string) (portal.Contract, UserRights, error) {
	items, err := s.t.GetMany(ctx, []table.Key{contractKey(orgID, contractID), rightsKey(orgID, userID)})
	if err != nil {
		return portal.Contract{}, UserRights{}, err
	}
	var c portal.Contract
	r := UserRights{OrgID: orgID, UserID: userID}
	for _, it := range items {
		if it.SK == contractKey(orgID, contractID).SK {
			if c, err = decode[portal.Contract](it); err != nil {
				return portal.Contract{}, UserRights{}, err
			}
			c.Version = it.Version
		} else {
			if r, err = decode[UserRights](it); err != nil {
				return portal.Contract{}, UserRights{}, err
			}
			r.Version = it.Version
		}
	}
	if c.ID == "" {
		return portal.Contract{}, UserRights{}, errContractNotFound
	}
	return c, r, nil
}

// ContractsPage lists an organisation's contracts in creation order, keeping those
// keep accepts (all when nil), one page at a time. It reads the table once (up to
// 200 contracts when filtering), so that a person's list, who needs their rights
// read first, stays within three round trips; a filtered page may be short while a
// cursor remains.
func (s *Store) ContractsPage(ctx context.Context, orgID string, keep func(portal.Contract) bool, limit int, cursor string) ([]portal.Contract, string, error) {
	if limit <= 0 || limit > table.MaxLimit {
		limit = table.DefaultLimit
	}
	var out []portal.Contract
	q := table.Query{PK: "ORG#" + orgID, Prefix: "CONTRACT#", Cursor: cursor}
	readSize := limit
	if keep != nil {
		readSize = max(limit, userReadSize)
	}
	_, next, err := s.filteredPage(ctx, q, limit, readSize, 1, func(it table.Item) (bool, error) {
		c, err := decode[portal.Contract](it)
		if err != nil || (keep != nil && !keep(c)) {
			return false, err
		}
		c.Version = it.Version
		out = append(out, c)
		return true, nil
	})
	return out, next, err
}

// PutContract is the table step that writes a changed contract, on the condition
// that nobody changed it since it was read.
func PutContract(c portal.Contract) table.Op {
	prev := c.Version
	c.Version++
	return table.Put(contractItem(c), table.IfVersion(prev))
}

// ContractsByID reads up to table.MaxTransact contracts of an organisation in one
// round trip; the ids that name none are missing from the answer.
func (s *Store) ContractsByID(ctx context.Context, orgID string, ids []string) (map[string]portal.Contract, error) {
	keys := make([]table.Key, len(ids))
	for i, id := range ids {
		keys[i] = contractKey(orgID, id)
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]portal.Contract, len(items))
	for _, it := range items {
		c, err := decode[portal.Contract](it)
		if err != nil {
			return nil, err
		}
		c.Version = it.Version
		out[c.ID] = c
	}
	return out, nil
}

// OrganisationExists is the table step that fails unless the organisation exists,
// for the transaction that adds something to it.
func OrganisationExists(orgID string) table.Op { return table.Check(orgKey(orgID), table.IfExists()) }
