package areas_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// The rows of application access: the catalog, "Manage applications", the
// customer administrators' approvals, "Request a new user" and the back office's
// side of them.
//
// Each organisation's target user has asked for three applications: one its
// administrators approve ({accessReq}, pending), one operators approve
// ({operatorReq}, pending) and one granted at once ({grantedApp}); {askApp} is one
// the principals have not asked for. The catalog is the whole portal's, so its ids
// are nobody's secret: they are kept shorter than the values secrets() looks for,
// and the requests' numbers, which are an organisation's, are not.

// The shared catalog entries the target users asked for.
const (
	appByAdmins    = "adm"
	appByOperators = "ops"
	appGranted     = "free"
)

func init() {
	isoSetups = append(isoSetups, accessSetup)
	isoSnapshots = append(isoSnapshots, accessSnapshot)

	// A customer's own applications: operators have none. The scope is whose request
	// or grant the path names, and only the target user may touch theirs.
	self := func(ok int) map[string]codes {
		return all(codes{ok, ok}, map[string]codes{anonymous: {401, 401}, operatorAs: {403, 403}})
	}
	isolationRows = append(isolationRows,
		// applications
		isolationRow{method: "GET", path: "/api/v1/applications", want: all(codes{200, 200}, nil)},
		isolationRow{method: "GET", path: "/api/v1/me/applications", want: all(codes{200, 200}, map[string]codes{anonymous: {401, 401}})},
		isolationRow{method: "DELETE", path: "/api/v1/me/applications/{grantedApp}", want: self(404)},
		isolationRow{method: "POST", path: "/api/v1/me/applications/{grantedApp}/extension", body: `{"comment":"Still needed"}`, want: self(404)},
		isolationRow{method: "POST", path: "/api/v1/me/access-requests", body: `{"applications":["{askApp}"],"comment":"For the new project"}`, want: self(201)},
		isolationRow{method: "POST", path: "/api/v1/me/access-requests/{accessReq}/cancel", want: self(404)},
		isolationRow{method: "GET", path: "/api/v1/access-requests?org={org}", want: adminList()},
		isolationRow{method: "GET", path: "/api/v1/access-requests/{accessReq}", want: adminOnly(200)},
		isolationRow{method: "POST", path: "/api/v1/access-requests/{accessReq}/decision", body: `{"decision":"approve"}`, want: adminOnly(200)},
		// An organisation's administrators decide nothing operators approve, their own
		// organisation's included.
		isolationRow{method: "POST", path: "/api/v1/access-requests/{operatorReq}/decision", body: `{"decision":"approve"}`, want: adminOnly(403)},
		isolationRow{method: "POST", path: "/api/v1/access-requests/decisions", body: `{"numbers":["{accessReq}"],"decision":"refuse","reason":"Not now"}`,
			want: adminList()},
		// An administrator's view of one person's applications, and a direct grant: the
		// target holds {grantedApp} already, so their own administrator gets 409.
		isolationRow{method: "GET", path: "/api/v1/org/users/{user}/applications", want: adminOnly(200)},
		isolationRow{method: "POST", path: "/api/v1/org/users/{user}/applications", body: `{"application":"{grantedApp}"}`, want: adminOnly(409)},
		// requestuser: the sign-in page's form, the same for anyone signed in or not. A
		// newcomer of a domain an organisation verified gets an account in it, waiting
		// for approval: a write to that organisation by design.
		isolationRow{method: "POST", path: "/api/v1/new-user-requests",
			body: `{"email":"new{uniq}@staff.{org}.example","firstName":"Côme","lastName":"Collègue","lang":"fr","applications":["{askApp}"]}`,
			want: all(codes{202, 202}, nil), crossWrite: principals},
		// backofficeapps
		isolationRow{method: "GET", path: "/api/v1/backoffice/applications", want: backOffice(200)},
		isolationRow{method: "POST", path: "/api/v1/backoffice/applications",
			body: `{"name":{"fr":"Appli","en":"App"},"description":{"fr":"Une appli","en":"An app"},"approvalNeeded":true,"approver":"operators",` +
				`"durationDays":90,"instructions":{"fr":"Ouvrez-la","en":"Open it"},"archived":false}`,
			want: backOffice(201)},
		isolationRow{method: "GET", path: "/api/v1/backoffice/applications/{askApp}", want: backOffice(200)},
		isolationRow{method: "PUT", path: "/api/v1/backoffice/applications/{askApp}",
			body: `{"name":{"fr":"Appli","en":"App"},"description":{"fr":"Une appli","en":"An app"},"approvalNeeded":true,"approver":"customer_admins",` +
				`"durationDays":30,"instructions":{"fr":"Ouvrez-la","en":"Open it"},"archived":false,"version":1}`,
			want: backOffice(200)},
		isolationRow{method: "GET", path: "/api/v1/backoffice/access-requests?org={org}", want: backOffice(200), crossWrite: []string{operatorAs}},
		isolationRow{method: "GET", path: "/api/v1/backoffice/access-requests/{operatorReq}", want: backOffice(200), crossWrite: []string{operatorAs}},
		isolationRow{method: "POST", path: "/api/v1/backoffice/access-requests/{operatorReq}/decision", body: `{"decision":"approve"}`,
			want: backOffice(200), crossWrite: []string{operatorAs}},
		// Operators decide nothing a customer's administrators approve.
		isolationRow{method: "POST", path: "/api/v1/backoffice/access-requests/{accessReq}/decision", body: `{"decision":"approve"}`,
			want: backOffice(403)},
		isolationRow{method: "POST", path: "/api/v1/backoffice/access-requests/decisions",
			body: `{"numbers":["{operatorReq}"],"decision":"refuse","reason":"Not now"}`, want: backOffice(200), crossWrite: []string{operatorAs}},
		// Refusals that hold: every organisation's, for operators alone.
		isolationRow{method: "GET", path: "/api/v1/backoffice/refusals?q={org}", want: backOffice(200), crossWrite: []string{operatorAs}},
		isolationRow{method: "POST", path: "/api/v1/backoffice/refusals/{org}/{user}/{grantedApp}/lift", body: `{"reason":"Agreed with the customer"}`,
			want: backOffice(200), crossWrite: []string{operatorAs}},
	)
}

// accessSetup fills the catalog once per fixture, and files the target user's
// requests and grant and the organisation's claim of a domain of its own in one
// transaction, as the access service would file them: isoSetups run for every
// case of the matrix, so each write counts.
func accessSetup(t *testing.T, f *isoFixture, o *isoOrg) {
	ctx := context.Background()
	e, now := f.e, f.e.Clock.Now().UTC()
	catalog := map[string]portal.Application{}
	for _, a := range []portal.Application{
		{ID: appByAdmins, Approver: portal.ApproverCustomerAdmins, ApprovalNeeded: true, DurationDays: 90},
		{ID: appByOperators, Approver: portal.ApproverOperators, ApprovalNeeded: true, DurationDays: 90},
		{ID: appGranted, Approver: portal.ApproverCustomerAdmins, DurationDays: 365},
	} {
		a.Name, a.Instructions = portal.Text{FR: "Appli " + a.ID, EN: "App " + a.ID}, portal.Text{FR: "Ouvrez " + a.ID, EN: "Open " + a.ID}
		a.Created, a.Updated = now, now
		catalog[a.ID] = a
	}
	if _, err := e.Store.Application(ctx, appByAdmins); portal.Is(err, portal.NotFound) {
		for _, a := range catalog {
			if err := e.Store.CreateApplication(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	} else if err != nil {
		t.Fatal(err)
	}

	numbers, err := e.Store.NextRequestNumbers(ctx, now, len(catalog))
	if err != nil {
		t.Fatal(err)
	}
	ops := []table.Op{store.PutDomainClaim(store.DomainClaim{Domain: "staff." + o.id + ".example", OrgIDs: []string{o.id}})}
	for i, id := range []string{appByAdmins, appByOperators, appGranted} {
		a := catalog[id]
		r := portal.AccessRequest{Number: numbers[i], OrgID: o.id, OrgName: strings.ToUpper(o.id), UserID: o.target.ID,
			RequesterName: o.target.FirstName + " " + o.target.LastName, RequesterEmail: o.target.Email, AppID: id, AppName: a.Name,
			Kind: portal.KindAccess, Approver: a.Approver, Status: portal.RequestPending, Created: now, Deadline: now.AddDate(0, 0, access.DefaultDecisionDays)}
		if !a.ApprovalNeeded {
			r.Status, r.Decided, r.DecidedBy = portal.RequestApproved, now, access.System
			ops = append(ops, store.PutGrant(portal.Grant{OrgID: o.id, UserID: o.target.ID, AppID: id, AppName: a.Name, Status: portal.GrantActive,
				Granted: now, Expires: now.AddDate(0, 0, a.DurationDays), Request: r.Number}))
		}
		ops = append(ops, store.CreateAccessRequest(r)...)
	}
	// An approver refused the target user {grantedApp} before a later grant was given;
	// the refusal holds until an operator lifts it.
	ops = append(ops, store.PutRefusal(portal.Refusal{OrgID: o.id, OrgName: strings.ToUpper(o.id), UserID: o.target.ID,
		UserName: o.target.FirstName + " " + o.target.LastName, UserEmail: o.target.Email, AppID: appGranted,
		AppName: catalog[appGranted].Name, Number: numbers[2], Reason: "Not now", By: o.admin.ID, Created: now}))
	if err := e.Store.Table().Transact(ctx, ops...); err != nil {
		t.Fatal(err)
	}
	o.vals["accessReq"], o.vals["operatorReq"], o.vals["grantedApp"] = numbers[0], numbers[1], appGranted
	// Each scope asks for another application, so that the second case is not refused
	// as already asked for (or, for the back office, as changed since it was read).
	o.vals["askApp"] = map[string]string{"acme": appByAdmins, "globex": appByOperators}[o.id]
}

// accessSnapshot describes what of an organisation's application access lives
// outside its partition, or is reached through indexes another organisation's
// items could enter: its people's grants and requests, its administrators' queue,
// its requests in the operators' queue, their waiting markers and the guards that
// lead operators from a number to its organisation.
func accessSnapshot(t *testing.T, f *isoFixture, o isoOrg) []string {
	ctx := context.Background()
	s := f.e.Store
	var lines []string
	request := func(where string, r portal.AccessRequest) {
		lines = append(lines, fmt.Sprintf("%s: request %s of %s/%s for %s %s v%d", where, r.Number, r.OrgID, r.UserID, r.AppID, r.Status, r.Version))
	}
	for _, u := range []portal.User{o.admin, o.target} {
		apps, err := s.UserApplications(ctx, u.ID)
		grants, requests := apps.Grants, apps.Requests
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range grants {
			lines = append(lines, fmt.Sprintf("applications of %s: grant of %s/%s for %s %s until %s v%d", u.ID, g.OrgID, g.UserID, g.AppID, g.Status, g.Expires, g.Version))
		}
		for _, r := range requests {
			request("applications of "+u.ID, r)
		}
		for _, r := range apps.Refusals {
			lines = append(lines, fmt.Sprintf("applications of %s: refusal of %s/%s for %s v%d", u.ID, r.OrgID, r.UserID, r.AppID, r.Version))
		}
	}
	for _, q := range []struct {
		name  string
		query store.PendingQuery
	}{
		{"administrators' queue", store.PendingQuery{Approver: portal.ApproverCustomerAdmins, OrgID: o.id}},
		{"operators' queue", store.PendingQuery{Approver: portal.ApproverOperators, Match: func(r portal.AccessRequest) bool { return r.OrgID == o.id }}},
	} {
		pending, _, err := s.PendingAccessRequests(ctx, q.query)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range pending {
			request(q.name, r)
		}
	}
	waiting, _, err := s.WaitingAccessRequests(ctx, f.e.Clock.Now().AddDate(1, 0, 0), table.MaxLimit, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range waiting {
		if w.OrgID == o.id {
			lines = append(lines, fmt.Sprintf("waiting: %s until %s", w.Number, w.Deadline))
		}
	}
	page, err := s.Table().Query(ctx, table.Query{PK: "ORG#" + o.id, Prefix: "AREQ#", Limit: table.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		number := strings.TrimPrefix(it.SK, "AREQ#")
		r, err := s.AccessRequestByNumber(ctx, number)
		switch {
		case portal.Is(err, portal.NotFound):
			lines = append(lines, "number "+number+" leads nowhere")
		case err != nil:
			t.Fatal(err)
		default:
			lines = append(lines, "number "+number+" leads to "+r.OrgID)
		}
	}
	return lines
}
