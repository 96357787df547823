// Package areas knows every area of the HTTP API: the local binary mounts them
// all, the deployment template's consistency test compares them with the template,
// and its tests hold the suites that must cover every route (the tenant isolation
// matrix and the bad-input suite). No area imports it; a Lambda function imports
// only its own area.
package areas

import (
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/account"
	"github.com/guichet/guichet/shared/httpapi/closing"
	"github.com/guichet/guichet/shared/httpapi/health"
	"github.com/guichet/guichet/shared/httpapi/impersonation"
	"github.com/guichet/guichet/shared/httpapi/session"
	"github.com/guichet/guichet/shared/httpapi/signup"
)

// All lists every feature, in the order the local binary mounts them.
func All() []httpapi.Feature {
	return []httpapi.Feature{health.Health, session.Session, account.Account, session.Recovery, account.Passkey, httpapi.Applications, signup.RequestUser, httpapi.BackOfficeApps, signup.Signup, httpapi.JoinRequests, closing.Closing, httpapi.Backoffice, httpapi.OrgUsers, httpapi.Rights, httpapi.Contracts, httpapi.AuditLog, impersonation.Impersonation}
}
