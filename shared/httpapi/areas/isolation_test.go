package areas_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// The tenant-isolation matrix: every route, sent by every kind of principal, at
// the principal's own organisation ("same") and at another one ("other"), with the
// status each case must get, written down. Beyond the status, every case checks
// that nothing of the other organisation came back and that nothing of it changed.
//
// A row is a route with placeholders the harness fills for the scope:
//
//	{org}       the organisation's id (acme, or globex for "other")
//	{user}      a plain user of it, with no rights; {login} and {email} are theirs
//	{contract}  its contract; {admin} its administrator (the contract's referent)
//	{uniq}      a string new to each case (references, addresses)
//	{domain}    the domain it verified; {newDomain} one nobody verified
//	{joinreq}   a person's pending request to join it (a registration)
//
// Principals live in acme (the operator in the vendor's organisation). Other
// features add their routes to isolationRows (an init in their own test file),
// with what their rows need: isoSetups give each organisation more values to fill
// in (o.vals, as {name}), isoSnapshots more of what a request must not change.

// The principals, in the matrix's column order.
const (
	anonymous  = "anonymous"
	userNone   = "user-none"
	visitor    = "user-visitor"
	manager    = "user-manager"
	admin      = "admin"
	logInAs    = "admin-as-manager" // an administrator logged in as the Manager
	operatorAs = "operator"
)

var principals = []string{anonymous, userNone, visitor, manager, admin, logInAs, operatorAs}

// codes are a case's expected statuses: same organisation, other organisation.
type codes [2]int

// isolationRow is one route of the matrix.
type isolationRow struct {
	method, path, body string
	ctype              string // the body's content type; JSON when empty
	want               map[string]codes
	// crossWrite names the principals whose "other" case may change the other
	// organisation (an operator acting on a customer), and read it.
	crossWrite []string
}

// all gives every principal the same expected statuses, then applies exceptions.
func all(c codes, except map[string]codes) map[string]codes {
	out := map[string]codes{}
	for _, p := range principals {
		out[p] = c
	}
	for p, c := range except {
		out[p] = c
	}
	return out
}

// adminOnly is a route of the organisation's administrators about one of its
// users or contracts: 404 for another organisation's.
func adminOnly(ok int) map[string]codes {
	return all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {ok, 404}})
}

// adminList is an administrators' route without ids: the other organisation is
// only reached through a filter, which finds nothing of it.
func adminList() map[string]codes {
	return all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {200, 200}})
}

// usersReaders is a route that reads the organisation's users: its administrators
// and whoever holds Visitor or Manager on one of its contracts' Users section.
func usersReaders(same, other int) map[string]codes {
	ok := codes{same, other}
	return all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, visitor: ok, manager: ok, logInAs: ok, admin: ok})
}

// openToAll is a route whose answer does not depend on who sends it.
func openToAll(c codes) map[string]codes { return all(c, nil) }

// ownAccount is a route of the signed-in person about themselves.
func ownAccount(c codes) map[string]codes {
	return all(c, map[string]codes{anonymous: {401, 401}})
}

// personOnly is a change only the signed-in person may make: not someone logged in
// as them.
func personOnly(c codes) map[string]codes {
	return all(c, map[string]codes{anonymous: {401, 401}, logInAs: {403, 403}})
}

func backOffice(ok int) map[string]codes {
	return all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, operatorAs: {ok, ok}})
}

var isolationRows = []isolationRow{
	// orgusers
	// Delegated administrators (Visitor or Manager on a contract's Users section)
	// read the users as administrators do; the other organisation is only reached
	// through the filter, which finds nothing of it.
	{method: "GET", path: "/api/v1/org/users?q={login}", want: usersReaders(200, 200)},
	// Another organisation's member is answered for as an unknown address, and
	// refused only at creation.
	{method: "POST", path: "/api/v1/org/users/validate", body: `{"email":"{email}","login":"login{uniq}","firstName":"N","lastName":"U"}`,
		want: all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {200, 200}})},
	{method: "POST", path: "/api/v1/org/users", body: `{"email":"{email}","login":"login{uniq}","firstName":"N","lastName":"U"}`,
		want: all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {200, 409}})},
	{method: "POST", path: "/api/v1/org/users", body: `{"email":"new{uniq}@{org}.example","login":"login{uniq}","firstName":"N","lastName":"U","contracts":[{"contractId":"{contract}","sections":{"orders":"manager"}}]}`,
		want: all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {201, 400}})},
	{method: "POST", path: "/api/v1/org/users/import", ctype: "text/csv", body: "email,login,firstName,lastName\n{email},login{uniq},N,U\nnew{uniq}@{org}.example,other{uniq},N,U\n",
		want: all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {202, 202}})},
	{method: "GET", path: "/api/v1/org/users/{user}", want: usersReaders(200, 404)},
	{method: "GET", path: "/api/v1/org/users/{user}/signins", want: adminOnly(200)},
	{method: "PUT", path: "/api/v1/org/users/{user}", body: `{"version":0,"firstName":"Changed","lastName":"Name"}`, want: adminOnly(200)},
	{method: "PUT", path: "/api/v1/org/users/{user}/role", body: `{"role":"admin"}`, want: adminOnly(200)},
	{method: "POST", path: "/api/v1/org/users/{user}/disable", want: adminOnly(200)},
	{method: "POST", path: "/api/v1/org/users/{user}/enable", want: adminOnly(200)},
	{method: "POST", path: "/api/v1/org/users/{user}/unlock", want: adminOnly(200)},
	{method: "POST", path: "/api/v1/org/users/{user}/activation", want: adminOnly(409)},
	{method: "POST", path: "/api/v1/org/users/{user}/password-reset", want: adminOnly(200)},
	{method: "POST", path: "/api/v1/org/users/{user}/email", body: `{"email":"moved{uniq}@{org}.example"}`, want: adminOnly(200)},
	{method: "PUT", path: "/api/v1/org/users/{user}/notification-email", body: `{"email":"notices{uniq}@{org}.example"}`, want: adminOnly(200)},
	{method: "DELETE", path: "/api/v1/org/users/{user}", body: `{"confirm":"{login}"}`, want: adminOnly(204)},
	// rights
	{method: "GET", path: "/api/v1/org/contracts/{contract}/rights",
		want: all(codes{200, 404}, map[string]codes{anonymous: {401, 401}, userNone: {403, 404}, operatorAs: {403, 403}})},
	{method: "PUT", path: "/api/v1/org/contracts/{contract}/rights", body: `{"changes":[{"userId":"{user}","version":0,"sections":{"orders":"visitor"}}]}`,
		want: all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, manager: {200, 403}, logInAs: {200, 403}, admin: {200, 404}})},
	// contracts
	{method: "GET", path: "/api/v1/org/contracts", want: all(codes{200, 200}, map[string]codes{anonymous: {401, 401}, operatorAs: {403, 403}})},
	{method: "GET", path: "/api/v1/org/contracts?section=users", want: all(codes{200, 200}, map[string]codes{anonymous: {401, 401}, operatorAs: {403, 403}})},
	{method: "GET", path: "/api/v1/org/contracts/{contract}",
		want: all(codes{200, 404}, map[string]codes{anonymous: {401, 401}, userNone: {403, 404}, operatorAs: {403, 403}})},
	{method: "PUT", path: "/api/v1/org/contracts/{contract}/referent", body: `{"userId":"{user}","version":1}`, want: adminOnly(200)},
	// audit
	{method: "GET", path: "/api/v1/org/audit?user={admin}", want: adminList()},
	// impersonation
	{method: "POST", path: "/api/v1/impersonation", body: `{"userId":"{user}","orgId":"{org}","reason":"Isolation matrix check"}`,
		want:       all(codes{403, 404}, map[string]codes{anonymous: {401, 401}, admin: {201, 404}, logInAs: {409, 409}, operatorAs: {201, 201}}),
		crossWrite: []string{operatorAs}},
	{method: "DELETE", path: "/api/v1/impersonation",
		want: all(codes{409, 409}, map[string]codes{anonymous: {204, 204}, logInAs: {204, 204}})},
	// back office: a customer's contracts and users
	{method: "POST", path: "/api/v1/backoffice/organisations/{org}/contracts", body: `{"name":"N","reference":"R{uniq}","start":"2026-01-01","referentId":"{user}"}`,
		want: backOffice(201), crossWrite: []string{operatorAs}},
	{method: "GET", path: "/api/v1/backoffice/organisations/{org}/contracts", want: backOffice(200), crossWrite: []string{operatorAs}},
	{method: "GET", path: "/api/v1/backoffice/organisations/{org}/users", want: backOffice(200), crossWrite: []string{operatorAs}},
	{method: "GET", path: "/api/v1/backoffice/organisations/{org}", want: backOffice(200), crossWrite: []string{operatorAs}},
}

// isoOrg is one organisation of the fixture.
type isoOrg struct {
	id                  string
	admin, user, target portal.User
	contract            portal.Contract
	// vals are the placeholders the features' isoSetups add, by name without braces.
	vals map[string]string
}

// isoSetups run for each organisation of every fixture, once the people exist.
var isoSetups []func(t *testing.T, f *isoFixture, o *isoOrg)

// isoSnapshots describe more of an organisation than its partition: items a
// feature keeps elsewhere (grants, requests, passkeys), one line each.
var isoSnapshots []func(t *testing.T, f *isoFixture, o isoOrg) []string

// isoFixture is acme with one person of each kind, globex with its own, and an
// operator; nobody is signed in yet.
type isoFixture struct {
	e                      *apitest.Env
	acme, globex           isoOrg
	none, visitor, manager portal.User
	operator               portal.User
}

func newIsoFixture(t *testing.T) *isoFixture {
	e := apitest.NewEnv(t)
	f := &isoFixture{e: e}
	for _, o := range []*isoOrg{&f.acme, &f.globex} {
		name := []string{"acme", "globex"}[map[bool]int{true: 0, false: 1}[o == &f.acme]]
		o.id = name
		o.admin = e.Person(name, portal.RoleAdmin, "Adèle", "Admin", "admin@"+name+".example")
		o.target = e.Person(name, portal.RoleUser, "Théo", "Target", "target@"+name+".example")
		o.contract = e.Contract(name, "C-"+name, o.admin.ID)
	}
	levels := func(l portal.Level, sections ...portal.Section) map[portal.Section]portal.Level {
		m := map[portal.Section]portal.Level{}
		for _, s := range sections {
			m[s] = l
		}
		return m
	}
	f.none = e.Person("acme", portal.RoleUser, "Nina", "None", "none@acme.example")
	f.visitor = e.Person("acme", portal.RoleUser, "Victor", "Visitor", "visitor@acme.example")
	f.manager = e.Person("acme", portal.RoleUser, "Manon", "Manager", "manager@acme.example")
	e.Grant("acme", f.visitor.ID, f.acme.contract.ID, levels(portal.LevelVisitor, portal.Sections...), false)
	e.Grant("acme", f.manager.ID, f.acme.contract.ID, levels(portal.LevelManager, portal.Sections...), true)
	f.operator = e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "operator@guichet.example")
	for _, o := range []*isoOrg{&f.acme, &f.globex} {
		o.vals = map[string]string{}
		f.domainAndJoiner(t, o)
		for _, setup := range isoSetups {
			setup(t, f, o)
		}
	}
	return f
}

// domainAndJoiner has the organisation verify its domain ({domain}: the claim and
// its profile's list, which the join settings show) and adds a person who signed
// up with an address there and waits for its administrators ({joinreq}, a join
// request). {newDomain} is a domain at its name that nobody verified.
func (f *isoFixture) domainAndJoiner(t *testing.T, o *isoOrg) {
	ctx := context.Background()
	s := f.e.Store
	domain := o.id + ".example"
	org, err := s.Organisation(ctx, o.id)
	if err != nil {
		t.Fatal(err)
	}
	org.Domains = []string{domain}
	u := portal.User{ID: portal.NewID(), OrgID: o.id, Email: "applicant@" + domain, Login: "applicant@" + domain, FirstName: "Zoé", LastName: "Durand",
		Lang: "en", Role: portal.RoleUser, Status: portal.StatusPendingApproval, Created: f.e.Clock.Now()}
	reg := portal.Registration{ID: u.ID, Kind: portal.RegistrationJoin, State: portal.RegistrationPending, OrgID: o.id, OrgName: org.Name,
		Domain: domain, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, Lang: u.Lang, Created: u.Created}
	if err := s.SaveOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, u, "", store.PutRegistration(reg), store.PutDomainClaim(store.DomainClaim{Domain: domain, OrgIDs: []string{o.id}})); err != nil {
		t.Fatal(err)
	}
	o.vals["domain"], o.vals["newDomain"], o.vals["joinreq"] = domain, "new-"+domain, reg.ID
}

// browserOf signs in the principal; anonymous has no session.
func (f *isoFixture) browserOf(t *testing.T, who string) apitest.As {
	e := f.e
	switch who {
	case userNone:
		return e.Browser(f.none.Email, apitest.StaffPW)
	case visitor:
		return e.Browser(f.visitor.Email, apitest.StaffPW)
	case manager:
		return e.Browser(f.manager.Email, apitest.StaffPW)
	case admin:
		return e.Browser(f.acme.admin.Email, apitest.StaffPW)
	case logInAs:
		a := e.Browser(f.acme.admin.Email, apitest.StaffPW)
		r, b, _ := e.Impersonate(a, `{"userId":"`+f.manager.ID+`","reason":"Isolation matrix setup"}`)
		if r.Code != 201 {
			t.Fatalf("log in as the manager: %d %v", r.Code, r.Body)
		}
		return b
	case operatorAs:
		return e.Browser(f.operator.Email, apitest.StaffPW)
	}
	return apitest.As{}
}

// fill puts the scope's values in a template.
func (o isoOrg) fill(s, uniq string) string {
	pairs := []string{"{org}", o.id, "{user}", o.target.ID, "{login}", o.target.Login, "{email}", o.target.Email,
		"{contract}", o.contract.ID, "{admin}", o.admin.ID, "{uniq}", uniq}
	for name, v := range o.vals {
		pairs = append(pairs, "{"+name+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// secrets are the values of an organisation no answer to anyone else may hold.
func (o isoOrg) secrets() []string {
	out := []string{o.target.ID, o.admin.ID, o.contract.ID, o.id + ".example"}
	for _, v := range o.vals {
		if len(v) >= 8 { // short values (a number, a flag) appear in any answer
			out = append(out, v)
		}
	}
	return out
}

// snapshot describes everything of an organisation a request could change: the
// items of its partition, its people's sessions and guards, the mail to them.
func (f *isoFixture) snapshot(t *testing.T, o isoOrg) string {
	ctx := context.Background()
	var lines []string
	q := table.Query{PK: "ORG#" + o.id, Limit: table.MaxLimit}
	for {
		page, err := f.e.Store.Table().Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			lines = append(lines, fmt.Sprintf("%s v%d %x", it.SK, it.Version, it.Data))
		}
		if q.Cursor = page.Next; q.Cursor == "" {
			break
		}
	}
	var emails, logins []string
	for _, u := range []portal.User{o.admin, o.target} {
		sessions, err := f.e.Store.UserSessions(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("sessions %s %d, mails %d", u.ID, len(sessions), len(f.e.Mails(u.Email))))
		emails, logins = append(emails, u.Email), append(logins, u.Login)
	}
	byEmail, byLogin, err := f.e.Store.Owners(ctx, emails, logins)
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, fmt.Sprint(byEmail, byLogin))
	reg, err := f.e.Store.Registration(ctx, o.vals["joinreq"])
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, fmt.Sprintf("registration v%d %s", reg.Version, apitest.MustJSON(reg)))
	for _, domain := range []string{o.vals["domain"], o.vals["newDomain"]} {
		claim, err := f.e.Store.DomainClaim(ctx, domain)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("domain claim v%d %s", claim.Version, apitest.MustJSON(claim)))
	}
	for _, more := range isoSnapshots {
		lines = append(lines, more(t, f, o)...)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// send makes the request of a case from browser b.
func (f *isoFixture) send(b apitest.As, row isoRowCase) (int, string) {
	req := httptest.NewRequest(row.method, row.path, strings.NewReader(row.body))
	req.RemoteAddr = f.e.IP + ":5555"
	if row.body != "" {
		ctype := row.ctype
		if ctype == "" {
			ctype = "application/json"
		}
		req.Header.Set("Content-Type", ctype)
	}
	if b.Token != "" {
		req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: b.Token})
		req.Header.Set(httpapi.CSRFHeader, b.CSRF)
	}
	rec := httptest.NewRecorder()
	f.e.Srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

type isoRowCase struct{ method, path, body, ctype string }

func TestTenantIsolationMatrix(t *testing.T) {
	for _, row := range isolationRows {
		for _, who := range principals {
			want, ok := row.want[who]
			if !ok {
				t.Errorf("%s %s: no expected status for %s", row.method, row.path, who)
				continue
			}
			t.Run(row.method+" "+row.path+" as "+who, func(t *testing.T) {
				t.Parallel()
				f := newIsoFixture(t)
				b := f.browserOf(t, who)
				// The other organisation first: it must change nothing of acme's that
				// the same-organisation case then relies on.
				for scope, target := range []isoOrg{f.globex, f.acme} {
					expected := want[1-scope]
					foreign := f.globex
					uniq := fmt.Sprintf("%d%s", scope, strings.ReplaceAll(who, "-", ""))
					c := isoRowCase{method: row.method, path: target.fill(row.path, uniq), body: target.fill(row.body, uniq), ctype: row.ctype}
					before := f.snapshot(t, foreign)
					code, body := f.send(b, c)
					if code != expected {
						t.Errorf("%s scope: got %d, want %d: %.300s", []string{"other", "same"}[scope], code, expected, body)
					}
					if target.id == "globex" && contains(row.crossWrite, who) {
						continue // an operator acting on a customer, as designed
					}
					// A value of the other organisation the request did not carry itself.
					for _, leak := range f.globex.secrets() {
						if strings.Contains(body, leak) && !strings.Contains(c.path+c.body, leak) {
							t.Errorf("%s scope: the answer holds %q of the other organisation: %.300s", []string{"other", "same"}[scope], leak, body)
						}
					}
					if after := f.snapshot(t, foreign); after != before {
						t.Errorf("%s scope: the other organisation changed:\nbefore %s\nafter  %s", []string{"other", "same"}[scope], before, after)
					}
				}
			})
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestIsolationMatrixCoversEveryRoute fails when a route of the API has no row.
func TestIsolationMatrixCoversEveryRoute(t *testing.T) {
	covered := map[string]bool{}
	for _, row := range isolationRows {
		path, _, _ := strings.Cut(row.path, "?")
		covered[row.method+" "+wildcard.ReplaceAllString(path, "{}")] = true
	}
	for _, p := range httpapi.New(&httpapi.Deps{}, areas.All()).Patterns() {
		if !covered[wildcard.ReplaceAllString(p, "{}")] {
			t.Errorf("route %s has no row in the isolation matrix", p)
		}
	}
}
