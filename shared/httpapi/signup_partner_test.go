package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

// The sign-up's "additional access" choice: a person who works for a partner, or
// wants to become one, files a partner request in the operators' queue, which they
// approve (a partner organisation, the person its first administrator) or decline
// with a reason; the person is told by mail and the decision is audited.
func TestPartnerSignupGoesToTheOperatorsQueue(t *testing.T) {
	e := newEnv(t)
	v := e.signupToken("pia@printpartners.example", "fr")
	token := v.body["signupToken"].(string)
	if r := e.call("POST", "/api/v1/signup/complete", completeBody(token, "Pia", "fr", `"partner":true`), ""); errFields(r) != "newOrganisation:required" {
		t.Fatalf("a partner request without its company: %d %v", r.code, r.body)
	}
	company := `"partner":true,"newOrganisation":{"legalName":"Print Partners SAS","registrationNo":"732 829 320 00074","address":"2 quai des Imprimeurs\n69002 Lyon","country":"FR","website":"printpartners.example"}`
	r := e.call("POST", "/api/v1/signup/complete", completeBody(token, "Pia", "fr", company), "")
	reg, _ := r.body["registration"].(map[string]any)
	if r.code != 201 || reg["kind"] != "partner" || reg["state"] != "pending" || reg["organisation"] != "Print Partners SAS" {
		t.Fatalf("complete: %d %v", r.code, r.body)
	}
	if ms := mailsTo(e.deliver(), "pia@printpartners.example"); len(ms) != 1 || !strings.Contains(ms[0].Text, "demande de partenariat pour Print Partners SAS") {
		t.Fatalf("the registration mail: %+v", ms)
	}
	ops := e.operator("olivia@guichet.example")
	q := e.do(ops, "GET", "/api/v1/backoffice/registrations?kind=partner", "")
	items := q.items()
	if q.code != 200 || len(items) != 1 || items[0]["kind"] != "partner" {
		t.Fatalf("the partner queue: %d %v", q.code, q.body)
	}
	if q := e.do(ops, "GET", "/api/v1/backoffice/registrations?kind=organisation", ""); len(q.items()) != 0 {
		t.Fatalf("a partner request among organisation requests: %v", q.body)
	}
	id := items[0]["id"].(string)
	if r := e.do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/approve", ""); r.code != 200 || r.body["state"] != "approved" {
		t.Fatalf("approve: %d %v", r.code, r.body)
	}
	ms := mailsTo(e.deliver(), "pia@printpartners.example")
	if len(ms) != 1 || !strings.Contains(ms[0].Text, "Print Partners SAS, partenaire de Guichet") {
		t.Fatalf("the decision mail: %+v", ms)
	}
	pia := e.browser("pia@printpartners.example", regPassword)
	me := e.call("GET", "/api/v1/session", "", pia.token).body["user"].(map[string]any)
	org, err := e.store.Organisation(context.Background(), me["orgId"].(string))
	if err != nil || !org.Partner || org.Name != "Print Partners SAS" || me["role"] != "admin" {
		t.Fatalf("the partner organisation: %+v %v, %v", org, err, me)
	}
	if got := e.auditActions(org.ID); len(got) == 0 || got[len(got)-1] != "registration.approved" {
		t.Fatalf("audit: %v", got)
	}

	// A declined partner request: the reason goes to the person.
	v = e.signupToken("paul@inkworks.example", "en")
	company = strings.NewReplacer("Print Partners SAS", "Ink Works Ltd", "printpartners.example", "inkworks.example").Replace(company)
	r = e.call("POST", "/api/v1/signup/complete", completeBody(v.body["signupToken"].(string), "Paul", "en", company), "")
	if r.code != 201 {
		t.Fatalf("second partner: %d %v", r.code, r.body)
	}
	e.deliver()
	q = e.do(ops, "GET", "/api/v1/backoffice/registrations?kind=partner", "")
	id = q.items()[0]["id"].(string)
	if r := e.do(ops, "POST", "/api/v1/backoffice/registrations/"+id+"/refuse", `{"reason":"We do not work with printers in this region."}`); r.code != 200 || r.body["state"] != "refused" {
		t.Fatalf("refuse: %d %v", r.code, r.body)
	}
	ms = mailsTo(e.deliver(), "paul@inkworks.example")
	if len(ms) != 1 || !strings.Contains(ms[0].Text, "Your partner request for Ink Works Ltd was declined") || !strings.Contains(ms[0].Text, "We do not work with printers") {
		t.Fatalf("the refusal mail: %+v", ms)
	}
	if got := e.auditActions(portal.VendorOrg); len(got) == 0 || got[len(got)-1] != "registration.refused" {
		t.Fatalf("vendor audit: %v", got)
	}
}
