package signup_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// The sign-up's "additional access" choice: a person who works for a partner, or
// wants to become one, files a partner request in the operators' queue, which they
// approve (a partner organisation, the person its first administrator) or decline
// with a reason; the person is told by mail and the decision is audited.
func TestPartnerSignupGoesToTheOperatorsQueue(t *testing.T) {
	e := apitest.NewEnv(t)
	v := e.SignupToken("pia@printpartners.example", "fr")
	token := v.Body["signupToken"].(string)
	if r := e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Pia", "fr", `"partner":true`), ""); apitest.ErrFields(r) != "newOrganisation:required" {
		t.Fatalf("a partner request without its company: %d %v", r.Code, r.Body)
	}
	company := `"partner":true,"newOrganisation":{"legalName":"Print Partners SAS","registrationNo":"732 829 320 00074","address":"2 quai des Imprimeurs\n69002 Lyon","country":"FR","website":"printpartners.example"}`
	r := e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(token, "Pia", "fr", company), "")
	reg, _ := r.Body["registration"].(map[string]any)
	if r.Code != 201 || reg["kind"] != "partner" || reg["state"] != "pending" || reg["organisation"] != "Print Partners SAS" {
		t.Fatalf("complete: %d %v", r.Code, r.Body)
	}
	if ms := apitest.MailsTo(e.Deliver(), "pia@printpartners.example"); len(ms) != 1 || !strings.Contains(ms[0].Text, "demande de partenariat pour Print Partners SAS") {
		t.Fatalf("the registration mail: %+v", ms)
	}
	ops := e.Operator("olivia@guichet.example")
	q := e.Do(ops, "GET", "/api/v1/backoffice/registrations?kind=partner", "")
	items := q.Items()
	if q.Code != 200 || len(items) != 1 || items[0]["kind"] != "partner" {
		t.Fatalf("the partner queue: %d %v", q.Code, q.Body)
	}
	if q := e.Do(ops, "GET", "/api/v1/backoffice/registrations?kind=organisation", ""); len(q.Items()) != 0 {
		t.Fatalf("a partner request among organisation requests: %v", q.Body)
	}
	id := items[0]["id"].(string)
	if r := e.Do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/approve", ""); r.Code != 200 || r.Body["state"] != "approved" {
		t.Fatalf("approve: %d %v", r.Code, r.Body)
	}
	ms := apitest.MailsTo(e.Deliver(), "pia@printpartners.example")
	if len(ms) != 1 || !strings.Contains(ms[0].Text, "Print Partners SAS, partenaire de Guichet") {
		t.Fatalf("the decision mail: %+v", ms)
	}
	pia := e.Browser("pia@printpartners.example", apitest.RegPassword)
	me := e.Call("GET", "/api/v1/session", "", pia.Token).Body["user"].(map[string]any)
	org, err := e.Store.Organisation(context.Background(), me["orgId"].(string))
	if err != nil || !org.Partner || org.Name != "Print Partners SAS" || me["role"] != "admin" {
		t.Fatalf("the partner organisation: %+v %v, %v", org, err, me)
	}
	if got := e.AuditActions(org.ID); len(got) == 0 || got[len(got)-1] != "registration.approved" {
		t.Fatalf("audit: %v", got)
	}

	// A declined partner request: the reason goes to the person.
	v = e.SignupToken("paul@inkworks.example", "en")
	company = strings.NewReplacer("Print Partners SAS", "Ink Works Ltd", "printpartners.example", "inkworks.example").Replace(company)
	r = e.Call("POST", "/api/v1/signup/complete", apitest.CompleteBody(v.Body["signupToken"].(string), "Paul", "en", company), "")
	if r.Code != 201 {
		t.Fatalf("second partner: %d %v", r.Code, r.Body)
	}
	e.Deliver()
	q = e.Do(ops, "GET", "/api/v1/backoffice/registrations?kind=partner", "")
	id = q.Items()[0]["id"].(string)
	if r := e.Do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/refuse", `{"reason":"We do not work with printers in this region."}`); r.Code != 200 || r.Body["state"] != "refused" {
		t.Fatalf("refuse: %d %v", r.Code, r.Body)
	}
	ms = apitest.MailsTo(e.Deliver(), "paul@inkworks.example")
	if len(ms) != 1 || !strings.Contains(ms[0].Text, "Your partner request for Ink Works Ltd was declined") || !strings.Contains(ms[0].Text, "We do not work with printers") {
		t.Fatalf("the refusal mail: %+v", ms)
	}
	if got := e.AuditActions(portal.VendorOrg); len(got) == 0 || got[len(got)-1] != "registration.refused" {
		t.Fatalf("vendor audit: %v", got)
	}
}
