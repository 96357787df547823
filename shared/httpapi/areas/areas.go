// Package areas knows every area of the HTTP API: the local binary mounts them
// all, the deployment template's consistency test compares them with the template,
// and its tests hold the suites that must cover every route (the tenant isolation
// matrix and the bad-input suite). No area imports it; a Lambda function imports
// only its own area.
package areas

import (
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/account"
	"github.com/guichet/guichet/shared/httpapi/applications"
	"github.com/guichet/guichet/shared/httpapi/backoffice"
	"github.com/guichet/guichet/shared/httpapi/catalogue"
	"github.com/guichet/guichet/shared/httpapi/closing"
	"github.com/guichet/guichet/shared/httpapi/documents"
	"github.com/guichet/guichet/shared/httpapi/health"
	"github.com/guichet/guichet/shared/httpapi/home"
	"github.com/guichet/guichet/shared/httpapi/impersonation"
	"github.com/guichet/guichet/shared/httpapi/notifications"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/httpapi/session"
	"github.com/guichet/guichet/shared/httpapi/signup"
	"github.com/guichet/guichet/shared/httpapi/weather"
)

// All lists every feature, in the order the local binary mounts them.
func All() []httpapi.Feature {
	return []httpapi.Feature{health.Health, session.Session, account.Account, session.Recovery, account.Passkey, applications.Applications, signup.RequestUser, applications.BackOfficeApps, signup.Signup, orgadmin.JoinRequests, closing.Closing, backoffice.Backoffice, orgadmin.OrgUsers, orgadmin.Rights, orgadmin.Contracts, orgadmin.AuditLog, impersonation.Impersonation, home.Home, documents.Documents, weather.Weather, notifications.Notifications, catalogue.Catalogue}
}
