package applications_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// An administrator gives a person an application directly: the approval's path,
// with its grant, mail and audit entry, only for what the administrators decide.
func TestAdministratorGrantsAnApplicationDirectly(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.Pw, portal.StatusReady)
	zoe := e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	newcomer := e.AddMember("acme", portal.RoleUser, "noe@acme.example", "", portal.StatusNotActivated)
	stranger := e.AddMember("globex", portal.RoleUser, "gus@globex.example", apitest.Pw, portal.StatusReady)
	licences := e.AddApp("Licences", portal.ApproverCustomerAdmins, true, 30)
	prepress := e.AddApp("Prepress", portal.ApproverOperators, true, 0)
	wiki := e.AddApp("Wiki", portal.ApproverOperators, false, 0)
	admin := e.Browser("adele@acme.example", apitest.Pw)
	user := e.Browser("zoe@acme.example", apitest.Pw)
	base := "/api/v1/org/users/" + zoe.ID + "/applications"

	r := e.Do(admin, "GET", base, "")
	if r.Code != 200 || len(r.Body["current"].([]any)) != 0 || !slices.Equal(idsOf(r.Body["grantable"]), []string{licences.ID, wiki.ID}) {
		t.Fatalf("before: %d %v", r.Code, r.Body)
	}
	if r := e.Do(user, "POST", base, `{"application":"`+licences.ID+`"}`); r.Code != 403 {
		t.Fatalf("a plain user gave access: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "POST", base, `{"application":"`+prepress.ID+`"}`); r.Code != 403 || r.ErrCode() != "not_approver" {
		t.Fatalf("an administrator gave what operators decide: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "POST", base, `{"application":"NOPE"}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"application:unknown_application"}) {
		t.Fatalf("unknown application: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "POST", base, `{}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"application:required"}) {
		t.Fatalf("no application: %d %v", r.Code, r.Body)
	}
	if r := e.Do(admin, "POST", "/api/v1/org/users/"+stranger.ID+"/applications", `{"application":"`+licences.ID+`"}`); r.Code != 404 || r.ErrCode() != "user_not_found" {
		t.Fatalf("another organisation's person: %d %v", r.Code, r.Body)
	}

	r = e.Do(admin, "POST", base, `{"application":"`+licences.ID+`"}`)
	if r.Code != 201 || r.Body["kind"] != "grant" || r.Body["status"] != "approved" || r.Body["userId"] != zoe.ID {
		t.Fatalf("grant: %d %v", r.Code, r.Body)
	}
	number := r.Body["number"].(string)
	m := e.LastMail("zoe@acme.example")
	if !strings.Contains(m.Text, "vous a donné accès à Licences (fr) ("+number+")") || !strings.Contains(m.Text, "Ouvrez https://licences.example") {
		t.Fatalf("mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.Do(admin, "POST", base, `{"application":"`+licences.ID+`"}`); r.Code != 409 || r.ErrCode() != "already_granted" {
		t.Fatalf("granted twice: %d %v", r.Code, r.Body)
	}
	mine := e.Do(user, "GET", "/api/v1/me/applications", "")
	cur := mine.Body["current"].([]any)
	if len(cur) != 1 || apitest.Field(cur[0], "appId") != licences.ID || apitest.Field(cur[0], "request") != number || apitest.Field(cur[0], "expires") == nil {
		t.Fatalf("the person's applications: %v", mine.Body)
	}
	if got := e.AuditActions("acme"); !slices.Contains(got, access.ActGrant) {
		t.Fatalf("audit: %v", got)
	}
	r = e.Do(admin, "GET", base, "")
	if len(r.Body["current"].([]any)) != 1 || !slices.Equal(idsOf(r.Body["grantable"]), []string{wiki.ID}) {
		t.Fatalf("after: %v", r.Body)
	}

	// A person who never set a password gets the activation link, as an approval gives.
	if r := e.Do(admin, "POST", "/api/v1/org/users/"+newcomer.ID+"/applications", `{"application":"`+wiki.ID+`"}`); r.Code != 201 {
		t.Fatalf("grant to a newcomer: %d %v", r.Code, r.Body)
	}
	if m := e.LastMail("noe@acme.example"); !strings.Contains(m.Text, "/#/activate?token=") || !strings.Contains(m.Text, "app="+wiki.ID) {
		t.Fatalf("newcomer's mail: %s", m.Text)
	}
	if a := e.Account("acme", newcomer.ID); a.Status != portal.StatusNotActivated {
		t.Fatalf("newcomer's status: %s", a.Status)
	}

	// Nobody is given access while their account is disabled.
	ctx := context.Background()
	a := e.Account("acme", zoe.ID)
	a.Status = portal.StatusDisabled
	if err := e.Store.SaveAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if r := e.Do(admin, "POST", base, `{"application":"`+wiki.ID+`"}`); r.Code != 409 || r.ErrCode() != "account_unavailable" {
		t.Fatalf("disabled person: %d %v", r.Code, r.Body)
	}
}

// Granted applications carry their launch address, which operators keep to http(s).
func TestLaunchLinksOfGrantedApplications(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", apitest.Pw, portal.StatusReady)
	e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	op := e.Browser("olivia@guichet.example", apitest.Pw)
	user := e.Browser("zoe@acme.example", apitest.Pw)
	entry := `{"name":{"fr":"Wiki","en":"Wiki"},"approvalNeeded":false,"approver":"operators","url":%q}`
	for _, bad := range []string{"javascript:alert(1)", "data:text/html,x", "wiki.example", "https://u:p@wiki.example"} {
		if r := e.Do(op, "POST", "/api/v1/backoffice/applications", strings.Replace(entry, "%q", apitest.MustJSON(bad), 1)); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"url:url"}) {
			t.Fatalf("url %q: %d %v", bad, r.Code, r.FieldCodes())
		}
	}
	r := e.Do(op, "POST", "/api/v1/backoffice/applications", strings.Replace(entry, "%q", `"https://Wiki.example/start?lang=fr"`, 1))
	if r.Code != 201 || r.Body["url"] != "https://wiki.example/start?lang=fr" {
		t.Fatalf("create: %d %v", r.Code, r.Body)
	}
	id := r.Body["id"].(string)
	if r := e.Do(user, "POST", "/api/v1/me/access-requests", `{"applications":["`+id+`"]}`); r.Code != 201 {
		t.Fatalf("request: %d %v", r.Code, r.Body)
	}
	mine := e.Do(user, "GET", "/api/v1/me/applications", "")
	if cur := mine.Body["current"].([]any); len(cur) != 1 || apitest.Field(cur[0], "url") != "https://wiki.example/start?lang=fr" {
		t.Fatalf("launch link: %v", mine.Body)
	}
	if avail := e.Do(user, "GET", "/api/v1/applications", "").Body["items"].([]any); len(avail) != 1 || apitest.Field(avail[0], "url") != nil {
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
