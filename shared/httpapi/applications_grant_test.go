package httpapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/portal"
)

// An administrator gives a person an application directly: the approval's path,
// with its grant, mail and audit entry, only for what the administrators decide.
func TestAdministratorGrantsAnApplicationDirectly(t *testing.T) {
	e := newEnv(t)
	e.addMember("acme", portal.RoleAdmin, "adele@acme.example", pw, portal.StatusReady)
	zoe := e.addUser("zoe@acme.example", pw, portal.StatusReady)
	newcomer := e.addMember("acme", portal.RoleUser, "noe@acme.example", "", portal.StatusNotActivated)
	stranger := e.addMember("globex", portal.RoleUser, "gus@globex.example", pw, portal.StatusReady)
	licences := e.addApp("Licences", portal.ApproverCustomerAdmins, true, 30)
	prepress := e.addApp("Prepress", portal.ApproverOperators, true, 0)
	wiki := e.addApp("Wiki", portal.ApproverOperators, false, 0)
	admin := e.browser("adele@acme.example", pw)
	user := e.browser("zoe@acme.example", pw)
	base := "/api/v1/org/users/" + zoe.ID + "/applications"

	r := e.do(admin, "GET", base, "")
	if r.code != 200 || len(r.body["current"].([]any)) != 0 || !slices.Equal(idsOf(r.body["grantable"]), []string{licences.ID, wiki.ID}) {
		t.Fatalf("before: %d %v", r.code, r.body)
	}
	if r := e.do(user, "POST", base, `{"application":"`+licences.ID+`"}`); r.code != 403 {
		t.Fatalf("a plain user gave access: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "POST", base, `{"application":"`+prepress.ID+`"}`); r.code != 403 || r.errCode() != "not_approver" {
		t.Fatalf("an administrator gave what operators decide: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "POST", base, `{"application":"NOPE"}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"application:unknown_application"}) {
		t.Fatalf("unknown application: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "POST", base, `{}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"application:required"}) {
		t.Fatalf("no application: %d %v", r.code, r.body)
	}
	if r := e.do(admin, "POST", "/api/v1/org/users/"+stranger.ID+"/applications", `{"application":"`+licences.ID+`"}`); r.code != 404 || r.errCode() != "user_not_found" {
		t.Fatalf("another organisation's person: %d %v", r.code, r.body)
	}

	r = e.do(admin, "POST", base, `{"application":"`+licences.ID+`"}`)
	if r.code != 201 || r.body["kind"] != "grant" || r.body["status"] != "approved" || r.body["userId"] != zoe.ID {
		t.Fatalf("grant: %d %v", r.code, r.body)
	}
	number := r.body["number"].(string)
	m := e.lastMail("zoe@acme.example")
	if !strings.Contains(m.Text, "vous a donné accès à Licences (fr) ("+number+")") || !strings.Contains(m.Text, "Ouvrez https://licences.example") {
		t.Fatalf("mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.do(admin, "POST", base, `{"application":"`+licences.ID+`"}`); r.code != 409 || r.errCode() != "already_granted" {
		t.Fatalf("granted twice: %d %v", r.code, r.body)
	}
	mine := e.do(user, "GET", "/api/v1/me/applications", "")
	cur := mine.body["current"].([]any)
	if len(cur) != 1 || field(cur[0], "appId") != licences.ID || field(cur[0], "request") != number || field(cur[0], "expires") == nil {
		t.Fatalf("the person's applications: %v", mine.body)
	}
	if got := e.auditActions("acme"); !slices.Contains(got, access.ActGrant) {
		t.Fatalf("audit: %v", got)
	}
	r = e.do(admin, "GET", base, "")
	if len(r.body["current"].([]any)) != 1 || !slices.Equal(idsOf(r.body["grantable"]), []string{wiki.ID}) {
		t.Fatalf("after: %v", r.body)
	}

	// A person who never set a password gets the activation link, as an approval gives.
	if r := e.do(admin, "POST", "/api/v1/org/users/"+newcomer.ID+"/applications", `{"application":"`+wiki.ID+`"}`); r.code != 201 {
		t.Fatalf("grant to a newcomer: %d %v", r.code, r.body)
	}
	if m := e.lastMail("noe@acme.example"); !strings.Contains(m.Text, "/#/activate?token=") || !strings.Contains(m.Text, "app="+wiki.ID) {
		t.Fatalf("newcomer's mail: %s", m.Text)
	}
	if a := e.account("acme", newcomer.ID); a.Status != portal.StatusNotActivated {
		t.Fatalf("newcomer's status: %s", a.Status)
	}

	// Nobody is given access while their account is disabled.
	ctx := context.Background()
	a := e.account("acme", zoe.ID)
	a.Status = portal.StatusDisabled
	if err := e.store.SaveAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if r := e.do(admin, "POST", base, `{"application":"`+wiki.ID+`"}`); r.code != 409 || r.errCode() != "account_unavailable" {
		t.Fatalf("disabled person: %d %v", r.code, r.body)
	}
}

// Granted applications carry their launch address, which operators keep to http(s).
func TestLaunchLinksOfGrantedApplications(t *testing.T) {
	e := newEnv(t)
	e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", pw, portal.StatusReady)
	e.addUser("zoe@acme.example", pw, portal.StatusReady)
	op := e.browser("olivia@guichet.example", pw)
	user := e.browser("zoe@acme.example", pw)
	entry := `{"name":{"fr":"Wiki","en":"Wiki"},"approvalNeeded":false,"approver":"operators","url":%q}`
	for _, bad := range []string{"javascript:alert(1)", "data:text/html,x", "wiki.example", "https://u:p@wiki.example"} {
		if r := e.do(op, "POST", "/api/v1/backoffice/applications", strings.Replace(entry, "%q", mustJSON(bad), 1)); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"url:url"}) {
			t.Fatalf("url %q: %d %v", bad, r.code, r.fieldCodes())
		}
	}
	r := e.do(op, "POST", "/api/v1/backoffice/applications", strings.Replace(entry, "%q", `"https://Wiki.example/start?lang=fr"`, 1))
	if r.code != 201 || r.body["url"] != "https://wiki.example/start?lang=fr" {
		t.Fatalf("create: %d %v", r.code, r.body)
	}
	id := r.body["id"].(string)
	if r := e.do(user, "POST", "/api/v1/me/access-requests", `{"applications":["`+id+`"]}`); r.code != 201 {
		t.Fatalf("request: %d %v", r.code, r.body)
	}
	mine := e.do(user, "GET", "/api/v1/me/applications", "")
	if cur := mine.body["current"].([]any); len(cur) != 1 || field(cur[0], "url") != "https://wiki.example/start?lang=fr" {
		t.Fatalf("launch link: %v", mine.body)
	}
	if avail := e.do(user, "GET", "/api/v1/applications", "").body["items"].([]any); len(avail) != 1 || field(avail[0], "url") != nil {
		t.Fatalf("the catalog shows launch addresses to people who hold nothing: %v", avail)
	}
}

// idsOf reads the ids of a list of applications in an answer.
func idsOf(v any) []string {
	var out []string
	for _, it := range v.([]any) {
		out = append(out, it.(map[string]any)["id"].(string))
	}
	return out
}
