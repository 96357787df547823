package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Audit returns the table step that records an action done through r on target in
// orgID's log, naming the signed-in person and, during an impersonation, the real
// one. before and after are any JSON-encodable values, or nil.
func (d *Deps) Audit(r *http.Request, orgID, action, target string, before, after any) table.Op {
	return d.auditIn(r.Context(), ClientIP(r), orgID, action, target, before, after)
}

// auditIn is audit for code that has the request's context rather than the
// request: the principal comes from ctx, the address is ip.
func (d *Deps) auditIn(ctx context.Context, ip, orgID, action, target string, before, after any) table.Op {
	e := store.AuditEntry{OrgID: orgID, Time: d.Time().UTC(), Action: action, Target: target, IP: ip,
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
