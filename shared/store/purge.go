package store

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// personalKind is one kind of item that the features keep per person, besides the
// account: where a person's items of that kind are, and the steps that delete one
// of them with what only it points at. The purge of a deleted person and the
// integrity check both read this one list, so that a kind added here is purged and
// checked alike.
type personalKind struct {
	// find is the query that lists the person's items of the kind: in their
	// organisation's partition, or in an index of their own across organisations.
	find func(orgID, userID string) table.Query
	// deletes returns the steps, for one transaction, that delete an item the
	// query found with what only it points at.
	deletes func(ctx context.Context, t *table.Table, it table.Item) ([]table.Op, error)
}

var personalKinds = []personalKind{
	{find: func(orgID, userID string) table.Query {
		return table.Query{PK: orgKey(orgID).PK, Prefix: passkeyPrefix(userID)}
	}, deletes: deletePasskey},
	{find: func(orgID, userID string) table.Query {
		return table.Query{PK: orgKey(orgID).PK, Prefix: signInPrefix(userID)}
	}, deletes: deleteItem},
	{find: func(orgID, userID string) table.Query {
		return table.Query{PK: orgKey(orgID).PK, Prefix: rightsKey(orgID, userID).SK}
	}, deletes: deleteItem},
	{find: func(orgID, userID string) table.Query {
		return table.Query{PK: orgKey(orgID).PK, Prefix: closureKey(orgID, userID).SK}
	}, deletes: deleteItem},
	{find: func(_, userID string) table.Query {
		return table.Query{Index: table.GSI1, PK: userAppsIndex(userID)}
	}, deletes: deleteApplicationItem},
	{find: func(_, userID string) table.Query {
		return table.Query{Index: table.GSI1, PK: userSessionsIndex(userID)}
	}, deletes: deleteItem},
	{find: func(orgID, userID string) table.Query {
		return table.Query{PK: notificationPartition(orgID, userID)}
	}, deletes: deleteItem},
}

func deleteItem(_ context.Context, _ *table.Table, it table.Item) ([]table.Op, error) {
	return []table.Op{table.Delete(it.Key(), table.Cond{})}, nil
}

// deletePasskey deletes a passkey with the guard that names its owner.
func deletePasskey(_ context.Context, _ *table.Table, it table.Item) ([]table.Op, error) {
	p, err := decode[Passkey](it)
	if err != nil {
		return nil, err
	}
	return []table.Op{table.Delete(it.Key(), table.Cond{}), table.Delete(passkeyGuard(p.ID), table.Cond{})}, nil
}

// deleteApplicationItem deletes a grant, or a request with the guard of its number
// and, while it is pending, its waiting marker: it leaves its approver's queue as a
// cancelled one does. The request is read again from the table, since an index may
// lag behind it, and goes only if nobody decided it since, so that a grant its
// approval wrote meanwhile is not missed (the purge then reads again).
func deleteApplicationItem(ctx context.Context, t *table.Table, it table.Item) ([]table.Op, error) {
	if !strings.HasPrefix(it.SK, accessRequestKey("", "").SK) {
		return deleteItem(ctx, t, it)
	}
	it, err := t.Get(ctx, it.Key())
	if portal.Is(err, portal.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r, err := decodeRequest(it)
	if err != nil {
		return nil, err
	}
	ops := []table.Op{table.Delete(it.Key(), table.IfVersion(r.Version)), table.Delete(requestNumberGuard(r.Number), table.Cond{})}
	if r.Status == portal.RequestPending {
		ops = append(ops, leaveWaiting(r))
	}
	return ops, nil
}

// personalOwner returns the person a per-person item belongs to, as its data names
// them, and whether it is one: an item of one of personalKinds that the query of its
// kind for that person finds.
func personalOwner(it table.Item) (guard, bool) {
	o, err := decode[guard](it)
	if err != nil || o.UserID == "" {
		return o, false
	}
	return o, slices.ContainsFunc(personalKinds, func(k personalKind) bool { return finds(k.find(o.OrgID, o.UserID), it) })
}

// finds reports whether q, read whole, returns it.
func finds(q table.Query, it table.Item) bool {
	pk, sk := q.IndexKey(it)
	return pk == q.PK && q.MatchSort(sk)
}

// errUserExists refuses to purge the items of a person who still has an account.
var errUserExists = portal.E(portal.Conflict, "user_exists", "the user still exists")

// PurgeUser deletes what a deleted person of an organisation kept besides their
// account: passkeys with their credential guards, grants, access requests with the
// guards of their numbers (a pending one also leaves its approver's queue and the
// waiting partition, as a cancelled one does), sign-in history, rights, sessions,
// and their registration into the organisation. A person who came through the
// holding partition (their registration names this organisation) also left sign-ins
// there, which go too; the registration goes last, so that a purge cut short still
// knows to look there when run again. The audit log keeps what they did.
//
// It writes transactions of at most table.MaxTransact steps, never splitting an item
// from what only it points at, so it can stop anywhere: run again, it finishes the
// job. It touches only items that name this person and one of those organisations,
// and refuses while the person has an account there. A request decided while the
// purge ran makes it read again, up to three times in all.
func (s *Store) PurgeUser(ctx context.Context, orgID, userID string) error {
	var err error
	for range 3 {
		err = s.purge(ctx, orgID, userID)
		var cf *table.ConditionFailed
		if !errors.As(err, &cf) {
			return err
		}
	}
	return err
}

func (s *Store) purge(ctx context.Context, orgID, userID string) error {
	keys := []table.Key{userKey(orgID, userID), registrationKey(userID)}
	if orgID != portal.UnlinkedOrg {
		keys = append(keys, userKey(portal.UnlinkedOrg, userID))
	}
	found, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return err
	}
	orgs := []string{orgID}
	var last []table.Op
	for _, it := range found {
		if it.Key() != registrationKey(userID) {
			return errUserExists
		}
		r, err := decode[portal.Registration](it)
		if err != nil {
			return err
		}
		if r.OrgID == orgID {
			last = []table.Op{table.Delete(it.Key(), table.Cond{})}
			if orgID != portal.UnlinkedOrg {
				orgs = append(orgs, portal.UnlinkedOrg)
			}
		}
	}

	b := batch{t: s.t}
	asked := map[table.Query]bool{}
	for _, o := range orgs {
		for _, k := range personalKinds {
			q := k.find(o, userID)
			if asked[q] {
				continue // an index of the person's own, already read for the first organisation
			}
			asked[q] = true
			if err := s.purgeKind(ctx, &b, q, k, userID, orgs); err != nil {
				return err
			}
		}
	}
	if err := b.add(ctx, last); err != nil {
		return err
	}
	return b.flush(ctx)
}

// purgeKind deletes the items q finds, page by page, that name userID in one of orgs.
func (s *Store) purgeKind(ctx context.Context, b *batch, q table.Query, k personalKind, userID string, orgs []string) error {
	q.Limit = table.MaxLimit
	for {
		page, err := s.t.Query(ctx, q)
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			o, err := decode[guard](it)
			if err != nil {
				return err
			}
			if o.UserID != userID || !slices.Contains(orgs, o.OrgID) {
				continue
			}
			ops, err := k.deletes(ctx, s.t, it)
			if err != nil {
				return err
			}
			if err := b.add(ctx, ops); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		q.Cursor = page.Next
	}
}

// batch gathers groups of steps into transactions of at most table.MaxTransact
// steps, never splitting a group.
type batch struct {
	t   *table.Table
	ops []table.Op
}

func (b *batch) add(ctx context.Context, group []table.Op) error {
	if len(b.ops)+len(group) > table.MaxTransact {
		if err := b.flush(ctx); err != nil {
			return err
		}
	}
	b.ops = append(b.ops, group...)
	return nil
}

func (b *batch) flush(ctx context.Context) error {
	err := b.t.Transact(ctx, b.ops...)
	b.ops = b.ops[:0]
	return err
}
