package httpapi

import (
	"context"
	"encoding/json"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Audit returns the table step that records an action on target in orgID's log,
// naming the signed-in person of ctx and, during an impersonation, the real one,
// and the caller's address. before and after are any JSON-encodable values, or nil.
func (d *Deps) Audit(ctx context.Context, orgID, action, target string, before, after any) table.Op {
	e := store.AuditEntry{OrgID: orgID, Time: d.Time().UTC(), Action: action, Target: target, IP: portal.CallerFrom(ctx).Address,
		Before: RawJSON(before), After: RawJSON(after)}
	if p, ok := portal.PrincipalFrom(ctx); ok {
		e.UserID = p.UserID
		if p.Actor != nil {
			e.ActorID = p.Actor.UserID
		}
	}
	return store.Audit(e)
}

// RawJSON is v as JSON, for an audit entry's before and after.
func RawJSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}
