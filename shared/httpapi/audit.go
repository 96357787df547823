package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// audit returns the table step that records an action done through r on target in
// orgID's log, naming the signed-in person and, during an impersonation, the real
// one. before and after are any JSON-encodable values, or nil.
func (d *Deps) audit(r *http.Request, orgID, action, target string, before, after any) table.Op {
	e := store.AuditEntry{OrgID: orgID, Time: d.now().UTC(), Action: action, Target: target, IP: clientIP(r),
		Before: rawJSON(before), After: rawJSON(after)}
	if p, ok := portal.PrincipalFrom(r.Context()); ok {
		e.UserID = p.UserID
		if p.Actor != nil {
			e.ActorID = p.Actor.UserID
		}
	}
	return store.Audit(e)
}

func rawJSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}
