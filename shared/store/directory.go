package store

import (
	"context"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// UserSort is the order of an organisation's user list.
type UserSort string

// The orders of the user list.
const (
	ByName    UserSort = "name"    // last name, then first name, A to Z
	ByCreated UserSort = "created" // newest first
)

// UserQuery asks for one page of an organisation's users.
type UserQuery struct {
	OrgID string
	// Search, when set, keeps the users whose name (last name first), email or login
	// starts with it, compared as SearchKey forms; results come in the order of the
	// value that matched, each user once.
	Search string
	Sort   UserSort
	// Reverse turns the order around (Z to A, oldest first).
	Reverse bool
	// Match, when set, keeps only the accounts it accepts (status, role).
	Match  func(Listed) bool
	Limit  int
	Cursor string
}

// Listed is what a user list's filter sees of an account. It is decoded before the
// rest, so that a filtered page, which may look at hundreds of accounts to keep a
// few, decodes in full only those it keeps.
type Listed struct {
	Role        portal.Role       `json:"role"`
	Status      portal.UserStatus `json:"status"`
	LockedUntil time.Time         `json:"lockedUntil"`
}

func listedOf(a Account) Listed {
	return Listed{Role: a.Role, Status: a.Status, LockedUntil: a.LockedUntil}
}

// The bounds of one user-list request: a filtered list reads at most two table pages
// (with the session, three round trips); a search reads one page of index entries
// and the accounts its guards point at in one more round trip.
const (
	userListReads   = 2
	userReadSize    = 200
	searchReadSize  = 100
	maxUserPageSize = 100
)

func (q UserQuery) limit() int {
	if q.Limit <= 0 || q.Limit > maxUserPageSize {
		return maxUserPageSize / 2
	}
	return q.Limit
}

// isUserItem tells the items of a user from anything else whose key starts with USER#.
func isUserItem(it table.Item) bool {
	return strings.HasPrefix(it.SK, "USER#") && !strings.Contains(it.SK[len("USER#"):], "#")
}

// UsersPage returns one page of an organisation's users and the cursor of the next
// one ("" at the end). Its cost depends on the page size, never on the size of the
// organisation or of the table; a filtered page may be short while a cursor remains.
func (s *Store) UsersPage(ctx context.Context, q UserQuery) ([]Account, string, error) {
	if q.Search != "" {
		return s.searchUsers(ctx, q)
	}
	tq := table.Query{Index: table.GSI1, PK: usersIndex(q.OrgID), Backward: q.Reverse, Cursor: q.Cursor}
	if q.Sort == ByCreated {
		// User ids are ULIDs, so the organisation's partition holds them in creation order.
		tq = table.Query{PK: "ORG#" + q.OrgID, Prefix: "USER#", Backward: !q.Reverse, Cursor: q.Cursor}
	}
	readSize, reads := q.limit(), 1
	if q.Match != nil {
		readSize, reads = userReadSize, userListReads
	}
	var out []Account
	_, next, err := s.filteredPage(ctx, tq, q.limit(), readSize, reads, func(it table.Item) (bool, error) {
		if !isUserItem(it) {
			return false, nil
		}
		if q.Match != nil {
			l, err := listedOfData(it.Data)
			if err != nil {
				return false, portal.Internalf("store: corrupt %s/%s: %w", it.PK, it.SK, err)
			}
			if !q.Match(l) {
				return false, nil
			}
		}
		a, err := decodeAccount(it)
		if err != nil {
			return false, err
		}
		out = append(out, a)
		return true, nil
	})
	return out, next, err
}

func decodeAccount(it table.Item) (Account, error) {
	a, err := decode[Account](it)
	a.Version = it.Version
	return a, err
}

// searchUsers pages through the organisation's search entries that start with the
// search key. An entry is a user item (name) or one of its guards (email, login); a
// user shows at the first of its entries that match, so once in all.
func (s *Store) searchUsers(ctx context.Context, q UserQuery) ([]Account, string, error) {
	prefix := SearchKey(q.Search)
	tq := table.Query{Index: table.GSI2, PK: userSearchIndex(q.OrgID), Prefix: prefix, Backward: q.Reverse, Cursor: q.Cursor, Limit: searchReadSize}
	page, err := s.t.Query(ctx, tq)
	if err != nil {
		return nil, "", err
	}
	accounts := map[string]Account{}
	var missing []table.Key
	for _, it := range page.Items {
		if isUserItem(it) {
			a, err := decodeAccount(it)
			if err != nil {
				return nil, "", err
			}
			accounts[a.ID] = a
			continue
		}
		g, err := decode[guard](it)
		if err != nil {
			return nil, "", err
		}
		if g.OrgID == q.OrgID {
			missing = append(missing, userKey(g.OrgID, g.UserID))
		}
	}
	missing = uniqueKeys(missing, accounts)
	if len(missing) > 0 {
		items, err := s.t.GetMany(ctx, missing)
		if err != nil {
			return nil, "", err
		}
		for _, it := range items {
			a, err := decodeAccount(it)
			if err != nil {
				return nil, "", err
			}
			accounts[a.ID] = a
		}
	}
	var out []Account
	for i, it := range page.Items {
		id := it.GSI2SK[strings.LastIndexByte(it.GSI2SK, '#')+1:]
		a, ok := accounts[id]
		if !ok || firstMatch(a, prefix, q.Reverse) != it.GSI2SK || (q.Match != nil && !q.Match(listedOf(a))) {
			continue
		}
		out = append(out, a)
		if len(out) == q.limit() && i < len(page.Items)-1 {
			return out, s.t.CursorAfter(tq, it), nil
		}
	}
	return out, page.Next, nil
}

// firstMatch is the search entry under which a shows for prefix: the first of its
// matching entries in the order the search reads them.
func firstMatch(a Account, prefix string, reverse bool) string {
	best := ""
	for _, v := range []string{nameKey(a.User), SearchKey(a.Email), SearchKey(a.Login)} {
		if !strings.HasPrefix(v, prefix) {
			continue
		}
		e := v + "#" + a.ID
		if best == "" || (e < best) != reverse {
			best = e
		}
	}
	return best
}

func uniqueKeys(keys []table.Key, known map[string]Account) []table.Key {
	seen := map[table.Key]bool{}
	out := keys[:0]
	for _, k := range keys {
		if _, ok := known[k.SK[len("USER#"):]]; ok || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}
