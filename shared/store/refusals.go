package store

import (
	"context"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// refusalItem is the stored refusal: in its person's applications (GSI1), read with
// their grants and requests, and in the back office's list (GSI2), newest first.
func refusalItem(r portal.Refusal) table.Item {
	k := refusalKey(r.OrgID, r.UserID, r.AppID)
	return table.Item{PK: k.PK, SK: k.SK, GSI1PK: userAppsIndex(r.UserID), GSI1SK: "REFUSAL#" + r.AppID,
		GSI2PK: refusalsIndex, GSI2SK: r.Created.UTC().Format(keyTime) + "#" + k.PK + "#" + k.SK,
		Version: r.Version, Data: encode(r)}
}

// PutRefusal returns the step that makes r hold, in place of any earlier refusal of
// the same person and application (the newer reason is the one shown).
func PutRefusal(r portal.Refusal) table.Op {
	r.Version = 1
	return table.Put(refusalItem(r), table.Cond{})
}

// LiftRefusal returns the step that lifts r on the condition that it is still the
// refusal read (r.Version).
func LiftRefusal(r portal.Refusal) table.Op {
	return table.Delete(refusalKey(r.OrgID, r.UserID, r.AppID), table.IfVersion(r.Version))
}

func decodeRefusal(it table.Item) (portal.Refusal, error) {
	r, err := decode[portal.Refusal](it)
	r.Version = it.Version
	return r, err
}

// Refusal reads the refusal that holds a person's access to one application;
// NotFound "refusal_not_found" when none does.
func (s *Store) Refusal(ctx context.Context, orgID, userID, appID string) (portal.Refusal, error) {
	it, err := s.t.Get(ctx, refusalKey(orgID, userID, appID))
	if portal.Is(err, portal.NotFound) {
		return portal.Refusal{}, portal.Wrap(portal.NotFound, "refusal_not_found", err)
	}
	if err != nil {
		return portal.Refusal{}, err
	}
	return decodeRefusal(it)
}

// The bounds of one page of refusals: a searched page reads at most two table pages.
const (
	refusalReads    = 2
	refusalReadSize = 200
)

// RefusalsPage reads one page of the refusals that hold, of every organisation,
// newest first: those whose person (name or address), organisation or application
// contains search (folded) when it is set. A searched page may be short while a
// cursor remains; its cost never depends on how many refusals there are.
func (s *Store) RefusalsPage(ctx context.Context, search string, limit int, cursor string) ([]portal.Refusal, string, error) {
	q := table.Query{Index: table.GSI2, PK: refusalsIndex, Backward: true, Cursor: cursor}
	want := SearchKey(search)
	out := make([]portal.Refusal, 0, limit)
	_, next, err := s.filteredPage(ctx, q, limit, refusalReadSize, refusalReads, func(it table.Item) (bool, error) {
		r, err := decodeRefusal(it)
		if err != nil {
			return false, err
		}
		if want != "" && !strings.Contains(SearchKey(strings.Join([]string{r.UserName, r.UserEmail, r.OrgName, r.AppName.FR, r.AppName.EN}, " ")), want) {
			return false, nil
		}
		out = append(out, r)
		return true, nil
	})
	return out, next, err
}
