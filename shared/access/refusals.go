package access

import (
	"context"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// ActLift is the audit action of an operator lifting a refusal that held.
const ActLift = "access.lift"

// Lift lifts the refusal that holds a person's access to an application, so that
// they may ask for it again. Only operators call it (the HTTP layer checks); the
// reason is required and goes to the organisation's audit log with the refusal it
// lifts, and the person gets a mail saying they may ask again. Of two operators
// lifting at once, one does and the other gets a Conflict.
func (s *Service) Lift(ctx context.Context, orgID, userID, appID, reason string, audit Auditor) (portal.Refusal, error) {
	reason, err := validate.Text(reason, MaxReason, true, true)
	if err != nil {
		var f portal.Fields
		f.Add("reason", validate.CodeOf(err))
		return portal.Refusal{}, f.Err()
	}
	r, err := s.Store.Refusal(ctx, orgID, userID, appID)
	if err != nil {
		return portal.Refusal{}, err
	}
	ops := []table.Op{store.LiftRefusal(r), audit(orgID, ActLift, grantTarget(portal.Grant{UserID: userID, AppID: appID}), r, map[string]string{"reason": reason})}
	// The person learns they may ask again, unless their account went meanwhile.
	acc, err := s.Store.Account(ctx, orgID, userID)
	switch {
	case err == nil:
		m, err := s.mailOp(acc.Email, acc.Lang, "access_lifted", "", map[string]any{"Name": acc.FirstName,
			"Application": r.AppName.In(acc.Lang), "Link": s.link(PageMyApplications + "?app=" + r.AppID)})
		if err != nil {
			return portal.Refusal{}, err
		}
		ops = append(ops, m)
	case !portal.Is(err, portal.NotFound):
		return portal.Refusal{}, err
	}
	if err := s.Store.Table().Transact(ctx, ops...); err != nil {
		if portal.Is(err, portal.Conflict) {
			return portal.Refusal{}, portal.Wrap(portal.Conflict, "refusal_changed", err)
		}
		return portal.Refusal{}, err
	}
	return r, nil
}
