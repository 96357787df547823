package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// AuditEntry records one administrative or security action. Entries are only ever
// added, inside the transaction of the change they record; no route edits or
// deletes them.
type AuditEntry struct {
	ID     string    `json:"id"`
	OrgID  string    `json:"orgId"`
	Time   time.Time `json:"time"`
	Action string    `json:"action"`
	// UserID is who acted as seen by the portal; ActorID is the real person when
	// they were logged in as UserID.
	UserID  string `json:"userId,omitempty"`
	ActorID string `json:"actorId,omitempty"`
	// Target names what the action applied to, e.g. "user:<id>".
	Target string          `json:"target,omitempty"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	IP     string          `json:"ip,omitempty"`
}

// Audit returns the table step that records e; callers add it to the transaction of
// the change, so an action is recorded exactly when it happens.
// The entry's id is made for its time, so that a date range is a key range; it is
// also indexed by acting user (GSI1) and by action (GSI2) for the log's filters.
func Audit(e AuditEntry) table.Op {
	if e.ID == "" {
		at := e.Time
		if at.IsZero() {
			at = time.Now()
		}
		e.ID = portal.NewIDAt(at)
	}
	k := auditKey(e.OrgID, e.ID)
	it := table.Item{PK: k.PK, SK: k.SK, GSI2PK: auditByActionIndex(e.OrgID, e.Action), GSI2SK: e.ID, Version: 1, Data: encode(e)}
	if e.UserID != "" {
		it.GSI1PK, it.GSI1SK = auditByUserIndex(e.OrgID, e.UserID), e.ID
	}
	return table.Put(it, table.IfAbsent())
}

// AuditPage lists an organisation's audit entries, newest first.
func (s *Store) AuditPage(ctx context.Context, orgID string, limit int, cursor string) ([]AuditEntry, string, error) {
	page, err := s.t.Query(ctx, table.Query{PK: "ORG#" + orgID, Prefix: "AUDIT#", Backward: true, Limit: limit, Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	out := make([]AuditEntry, 0, len(page.Items))
	for _, it := range page.Items {
		e, err := decode[AuditEntry](it)
		if err != nil {
			return nil, "", err
		}
		out = append(out, e)
	}
	return out, page.Next, nil
}
