package httpapi_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/portal"
)

// TestARefusalHoldsUntilAnOperatorLiftsIt: an administrator refuses Zoe an
// application; the vendor then makes it need no approval. Asking again used to
// grant it at once; now it is refused with a clear error and changes nothing, the
// administrator cannot give it either, until an operator lifts the refusal with a
// reason.
func TestARefusalHoldsUntilAnOperatorLiftsIt(t *testing.T) {
	e := newEnv(t)
	e.addMember(portal.VendorOrg, portal.RoleOperator, "olivia@guichet.example", pw, portal.StatusReady)
	e.addMember("acme", portal.RoleAdmin, "adele@acme.example", pw, portal.StatusReady)
	zoe := e.addUser("zoe@acme.example", pw, portal.StatusReady)
	licences := e.addApp("Licences", portal.ApproverCustomerAdmins, true, 0)
	op, admin, me := e.browser("olivia@guichet.example", pw), e.browser("adele@acme.example", pw), e.browser("zoe@acme.example", pw)

	r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`)
	if r.code != 201 {
		t.Fatal(r.body)
	}
	number := field(r.body["requests"].([]any)[0], "number").(string)
	if r := e.do(admin, "POST", "/api/v1/access-requests/"+number+"/decision", `{"decision":"refuse","reason":"Réservé au service achats"}`); r.code != 200 {
		t.Fatalf("refuse: %d %v", r.code, r.body)
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Text, "Réservé au service achats") ||
		!(strings.Contains(m.Text, "tant que l'éditeur n'aura pas levé ce refus") || strings.Contains(m.Text, "until the vendor lifts this refusal")) {
		t.Fatalf("the refusal mail does not say it holds: %s", m.Text)
	}
	relaxed := `{"name":{"fr":"Licences (fr)","en":"Licences"},"approvalNeeded":false,"approver":"customer_admins","version":1}`
	if r := e.do(op, "PUT", "/api/v1/backoffice/applications/"+licences.ID, relaxed); r.code != 200 {
		t.Fatalf("the vendor relaxes the application: %d %v", r.code, r.body)
	}

	// Asking again is refused, clearly, and writes nothing.
	audit, mails := len(e.auditActions("acme")), len(e.mails("zoe@acme.example"))
	r = e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`, "Accept-Language", "en")
	if r.code != 409 || r.errCode() != "access_refused" || !strings.Contains(fmt.Sprint(field(r.body, "error", "message")), "vendor") {
		t.Fatalf("asking again after a refusal: %d %v", r.code, r.body)
	}
	if r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`); !strings.Contains(fmt.Sprint(field(r.body, "error", "message")), "refusé") {
		t.Fatalf("in French: %v", r.body)
	}
	if len(e.auditActions("acme")) != audit || len(e.mails("zoe@acme.example")) != mails {
		t.Fatal("a refused request wrote an audit entry or a mail")
	}
	if apps, err := e.store.UserApplications(context.Background(), zoe.ID); err != nil || len(apps.Grants) != 0 || len(apps.Requests) != 1 {
		t.Fatalf("a refused request changed Zoe's applications: %+v %v", apps, err)
	}
	// Zoe sees the refusal and its reason instead of something to ask for.
	o := e.do(me, "GET", "/api/v1/me/applications", "")
	refused := o.body["refused"].([]any)
	if len(refused) != 1 || field(refused[0], "appId") != licences.ID || field(refused[0], "reason") != "Réservé au service achats" ||
		field(refused[0], "by") != nil || len(o.body["available"].([]any)) != 0 {
		t.Fatalf("overview: %v", o.body)
	}
	// Her administrator cannot give it either.
	if r := e.do(admin, "POST", "/api/v1/org/users/"+zoe.ID+"/applications", `{"application":"`+licences.ID+`"}`); r.code != 409 || r.errCode() != "access_refused" {
		t.Fatalf("an administrator gives a refused application: %d %v", r.code, r.body)
	}

	// Operators list the refusals that hold, searchable; customers cannot.
	if r := e.do(admin, "GET", "/api/v1/backoffice/refusals", ""); r.code != 403 {
		t.Fatalf("an administrator lists refusals: %d", r.code)
	}
	list := e.do(op, "GET", "/api/v1/backoffice/refusals?q=LICENCES", "")
	items := list.body["items"].([]any)
	if list.code != 200 || len(items) != 1 || field(items[0], "userId") != zoe.ID || field(items[0], "orgName") != "ACME" || field(items[0], "number") != number {
		t.Fatalf("refusals: %d %v", list.code, list.body)
	}
	if r := e.do(op, "GET", "/api/v1/backoffice/refusals?q=globex", ""); len(r.body["items"].([]any)) != 0 {
		t.Fatalf("search: %v", r.body)
	}

	// Lifting needs an operator and a reason.
	lift := "/api/v1/backoffice/refusals/acme/" + zoe.ID + "/" + licences.ID + "/lift"
	if r := e.do(admin, "POST", lift, `{"reason":"x"}`); r.code != 403 {
		t.Fatalf("an administrator lifts: %d %v", r.code, r.body)
	}
	if r := e.do(op, "POST", lift, `{"reason":"  "}`); r.code != 400 || !slices.Equal(r.fieldCodes(), []string{"reason:required"}) {
		t.Fatalf("lift without a reason: %d %v", r.code, r.body)
	}
	if r := e.do(op, "POST", "/api/v1/backoffice/refusals/acme/"+zoe.ID+"/NOPE/lift", `{"reason":"x"}`); r.code != 404 || r.errCode() != "refusal_not_found" {
		t.Fatalf("lift what does not hold: %d %v", r.code, r.body)
	}
	if r := e.do(op, "POST", lift, `{"reason":"Achat validé par le client"}`); r.code != 200 {
		t.Fatalf("lift: %d %v", r.code, r.body)
	}
	if got := e.auditActions("acme"); got[len(got)-1] != "access.lift" {
		t.Fatalf("audit log: %v", got)
	}
	if m := e.lastMail("zoe@acme.example"); !strings.Contains(m.Text, "#/applications?app="+licences.ID) {
		t.Fatalf("the lift mail: %s\n%s", m.Subject, m.Text)
	}
	if r := e.do(op, "POST", lift, `{"reason":"again"}`); r.code != 404 || r.errCode() != "refusal_not_found" {
		t.Fatalf("lifting twice: %d %v", r.code, r.body)
	}
	if r := e.do(op, "GET", "/api/v1/backoffice/refusals", ""); len(r.body["items"].([]any)) != 0 {
		t.Fatalf("a lifted refusal is still listed: %v", r.body)
	}

	// Zoe may ask again, and the application needs no approval now.
	r = e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`)
	if r.code != 201 || field(r.body["requests"].([]any)[0], "status") != "approved" {
		t.Fatalf("asking after the lift: %d %v", r.code, r.body)
	}
}

// TestAnAutomaticRefusalDoesNotHold: a request nobody decided in time is refused by
// the portal, which is no approver's refusal: the person may ask again.
func TestAnAutomaticRefusalDoesNotHold(t *testing.T) {
	e := newEnv(t)
	e.addMember("acme", portal.RoleAdmin, "adele@acme.example", pw, portal.StatusReady)
	e.addUser("zoe@acme.example", pw, portal.StatusReady)
	licences := e.addApp("Licences", portal.ApproverCustomerAdmins, true, 0)
	me := e.browser("zoe@acme.example", pw)
	if r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`); r.code != 201 {
		t.Fatal(r.body)
	}
	e.clock.Advance(8 * 24 * time.Hour)
	svc := access.Service{Store: e.store, Now: e.clock.Now}
	if _, err := svc.RefuseStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	me = e.browser("zoe@acme.example", pw)
	if r := e.do(me, "POST", "/api/v1/me/access-requests", `{"applications":["`+licences.ID+`"]}`); r.code != 201 {
		t.Fatalf("asking again after an automatic refusal: %d %v", r.code, r.body)
	}
}
