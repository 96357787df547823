package session

import (
	"context"
	"net/http"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// endLater ends the sessions a transaction had no room for.
func (d *deps) endLater(ctx context.Context, ops []table.Op) error {
	for _, op := range ops {
		if err := d.Store.Table().Delete(ctx, op.Key, table.Cond{}); err != nil {
			return err
		}
	}
	return nil
}

// claimed is the audit entry of an unclaimed account whose owner just proved they
// hold its address by a link mailed to it, which makes the request theirs; nothing
// for any other account.
func (d *deps) claimed(r *http.Request, acc store.Account) []table.Op {
	if !acc.Unclaimed {
		return nil
	}
	return []table.Op{d.Audit(r.Context(), acc.OrgID, access.ActNewUserClaimed, httpapi.AuditTarget(acc.ID), nil, nil)}
}
