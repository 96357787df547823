package applications_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// TestARefusalHoldsUntilAnOperatorLiftsIt: an administrator refuses Zoe an
// application; the vendor then makes it need no approval. Asking again used to
// grant it at once; now it is refused with a clear error and changes nothing, the
// administrator cannot give it either, until an operator lifts the refusal with a
// reason.
func TestARefusalHoldsUntilAnOperatorLiftsIt(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", apitest.Pw, portal.StatusReady)
	e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.Pw, portal.StatusReady)
	zoe := e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	licences := e.AddApp("Licences", portal.ApproverCustomerAdmins, true, 0)
	op, admin, me := e.Browser("olivia@guichet.example", apitest.Pw), e.Browser("adele@acme.example", apitest.Pw), e.Browser("zoe@acme.example", apitest.Pw)

	r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`)
	if r.Code != 201 {
		t.Fatal(r.Body)
	}
	number := apitest.Field(r.Body["requests"].([]any)[0], "number").(string)
	if r := e.Do(admin, "POST", "/api/v1/access-requests/"+number+"/decision", `{"decision":"refuse","reason":"Réservé au service achats"}`); r.Code != 200 {
		t.Fatalf("refuse: %d %v", r.Code, r.Body)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Text, "Réservé au service achats") ||
		!(strings.Contains(m.Text, "tant que l'éditeur n'aura pas levé ce refus") || strings.Contains(m.Text, "until the vendor lifts this refusal")) {
		t.Fatalf("the refusal mail does not say it holds: %s", m.Text)
	}
	relaxed := `{"name":{"fr":"Licences (fr)","en":"Licences"},"approvalNeeded":false,"approver":"customer_admins","version":1}`
	if r := e.Do(op, "PUT", "/api/v1/backoffice/applications/"+licences.ID, relaxed); r.Code != 200 {
		t.Fatalf("the vendor relaxes the application: %d %v", r.Code, r.Body)
	}

	// Asking again is refused, clearly, and writes nothing.
	audit, mails := len(e.AuditActions("acme")), len(e.Mails("zoe@acme.example"))
	r = e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`, "Accept-Language", "en")
	if r.Code != 409 || r.ErrCode() != "access_refused" || !strings.Contains(fmt.Sprint(apitest.Field(r.Body, "error", "message")), "vendor") {
		t.Fatalf("asking again after a refusal: %d %v", r.Code, r.Body)
	}
	if r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`); !strings.Contains(fmt.Sprint(apitest.Field(r.Body, "error", "message")), "refusé") {
		t.Fatalf("in French: %v", r.Body)
	}
	if len(e.AuditActions("acme")) != audit || len(e.Mails("zoe@acme.example")) != mails {
		t.Fatal("a refused request wrote an audit entry or a mail")
	}
	if apps, err := e.Store.UserApplications(context.Background(), zoe.ID); err != nil || len(apps.Grants) != 0 || len(apps.Requests) != 1 {
		t.Fatalf("a refused request changed Zoe's applications: %+v %v", apps, err)
	}
	// Zoe sees the refusal and its reason instead of something to ask for.
	o := e.Do(me, "GET", "/api/v1/me/applications", "")
	refused := o.Body["refused"].([]any)
	if len(refused) != 1 || apitest.Field(refused[0], "appId") != licences.ID || apitest.Field(refused[0], "reason") != "Réservé au service achats" ||
		apitest.Field(refused[0], "by") != nil || len(o.Body["available"].([]any)) != 0 {
		t.Fatalf("overview: %v", o.Body)
	}
	// Her administrator cannot give it either, and reads why on her page.
	if m := e.Do(admin, "GET", "/api/v1/org/users/"+zoe.ID+"/applications", ""); len(m.Body["refused"].([]any)) != 1 ||
		apitest.Field(m.Body["refused"].([]any)[0], "reason") != "Réservé au service achats" || len(m.Body["grantable"].([]any)) != 0 {
		t.Fatalf("the administrator's view of Zoe's applications: %v", m.Body)
	}
	if r := e.Do(admin, "POST", "/api/v1/org/users/"+zoe.ID+"/applications", `{"application":"`+licences.ID+`"}`); r.Code != 409 || r.ErrCode() != "access_refused" {
		t.Fatalf("an administrator gives a refused application: %d %v", r.Code, r.Body)
	}

	// Operators list the refusals that hold, searchable; customers cannot.
	if r := e.Do(admin, "GET", "/api/v1/backoffice/refusals", ""); r.Code != 403 {
		t.Fatalf("an administrator lists refusals: %d", r.Code)
	}
	list := e.Do(op, "GET", "/api/v1/backoffice/refusals?q=LICENCES", "")
	items := list.Body["items"].([]any)
	if list.Code != 200 || len(items) != 1 || apitest.Field(items[0], "userId") != zoe.ID || apitest.Field(items[0], "orgName") != "ACME" || apitest.Field(items[0], "number") != number {
		t.Fatalf("refusals: %d %v", list.Code, list.Body)
	}
	if r := e.Do(op, "GET", "/api/v1/backoffice/refusals?q=globex", ""); len(r.Body["items"].([]any)) != 0 {
		t.Fatalf("search: %v", r.Body)
	}

	// Lifting needs an operator and a reason.
	lift := "/api/v1/backoffice/refusals/acme/" + zoe.ID + "/" + licences.ID + "/lift"
	if r := e.Do(admin, "POST", lift, `{"reason":"x"}`); r.Code != 403 {
		t.Fatalf("an administrator lifts: %d %v", r.Code, r.Body)
	}
	if r := e.Do(op, "POST", lift, `{"reason":"  "}`); r.Code != 400 || !slices.Equal(r.FieldCodes(), []string{"reason:required"}) {
		t.Fatalf("lift without a reason: %d %v", r.Code, r.Body)
	}
	if r := e.Do(op, "POST", "/api/v1/backoffice/refusals/acme/"+zoe.ID+"/NOPE/lift", `{"reason":"x"}`); r.Code != 404 || r.ErrCode() != "refusal_not_found" {
		t.Fatalf("lift what does not hold: %d %v", r.Code, r.Body)
	}
	if r := e.Do(op, "POST", lift, `{"reason":"Achat validé par le client"}`); r.Code != 200 {
		t.Fatalf("lift: %d %v", r.Code, r.Body)
	}
	if got := e.AuditActions("acme"); got[len(got)-1] != "access.lift" {
		t.Fatalf("audit log: %v", got)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Text, "#/applications?app="+licences.ID) {
		t.Fatalf("the lift mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.Do(op, "POST", lift, `{"reason":"again"}`); r.Code != 404 || r.ErrCode() != "refusal_not_found" {
		t.Fatalf("lifting twice: %d %v", r.Code, r.Body)
	}
	if r := e.Do(op, "GET", "/api/v1/backoffice/refusals", ""); len(r.Body["items"].([]any)) != 0 {
		t.Fatalf("a lifted refusal is still listed: %v", r.Body)
	}

	// Zoe may ask again, and the application needs no approval now.
	r = e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`)
	if r.Code != 201 || apitest.Field(r.Body["requests"].([]any)[0], "status") != "approved" {
		t.Fatalf("asking after the lift: %d %v", r.Code, r.Body)
	}
}

// TestAnAutomaticRefusalDoesNotHold: a request nobody decided in time is refused by
// the portal, which is no approver's refusal: the person may ask again.
func TestAnAutomaticRefusalDoesNotHold(t *testing.T) {
	e := apitest.NewEnv(t)
	e.AddMember("acme", portal.RoleAdmin, "adele@acme.example", apitest.Pw, portal.StatusReady)
	e.AddUser("zoe@acme.example", apitest.Pw, portal.StatusReady)
	licences := e.AddApp("Licences", portal.ApproverCustomerAdmins, true, 0)
	me := e.Browser("zoe@acme.example", apitest.Pw)
	if r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`); r.Code != 201 {
		t.Fatal(r.Body)
	}
	e.Clock.Advance(8 * 24 * time.Hour)
	svc := access.Service{Store: e.Store, Now: e.Clock.Now}
	if _, err := svc.RefuseStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	me = e.Browser("zoe@acme.example", apitest.Pw)
	if r := e.Do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`); r.Code != 201 {
		t.Fatalf("asking again after an automatic refusal: %d %v", r.Code, r.Body)
	}
}
