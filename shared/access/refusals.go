package access

import (
	"context"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/validate"
)

// ActLift is the audit action of an operator lifting a refusal that held.
const ActLift = "access.lift"

// Lift lifts the refusal that holds a person's access to an application, so that
// they may ask for it again. Only operators call it (the HTTP layer checks); the
// reason is required and goes to the organisation's audit log with the refusal it
// lifts. Of two operators lifting at once, one does and the other gets a Conflict.
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
	lifted := map[string]string{"reason": reason}
	if err := s.Store.Table().Transact(ctx, store.LiftRefusal(r), audit(orgID, ActLift, grantTarget(portal.Grant{UserID: userID, AppID: appID}), r, lifted)); err != nil {
		if portal.Is(err, portal.Conflict) {
			return portal.Refusal{}, portal.Wrap(portal.Conflict, "refusal_changed", err)
		}
		return portal.Refusal{}, err
	}
	return r, nil
}
