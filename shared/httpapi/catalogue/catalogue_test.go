package catalogue_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// directService is a direct service with a field of every type.
const directService = `{"kind":"direct","name":{"fr":"Audit de sécurité","en":"Security audit"},"summary":{"fr":"Un audit","en":"An audit"},
"category":"security","learnMore":{"fr":"# Déroulé\n<script>alert(1)</script>\n[lien](javascript:alert(1))","en":"**Two days** on site. [Contact](mailto:sales@vendor.example)"},
"form":[{"id":"site","type":"text","label":{"fr":"Site","en":"Site"},"required":true},
{"id":"contact","type":"email","label":{"fr":"Contact","en":"Contact"}},
{"id":"phone","type":"phone","label":{"fr":"Téléphone","en":"Phone"}},
{"id":"servers","type":"number","label":{"fr":"Serveurs","en":"Servers"},"min":1,"max":50,"required":true},
{"id":"scope","type":"choice","label":{"fr":"Périmètre","en":"Scope"},"options":[{"value":"web","label":{"fr":"Web","en":"Web"}},{"value":"network","label":{"fr":"Réseau","en":"Network"}}]},
{"id":"extras","type":"choices","label":{"fr":"Options","en":"Extras"},"options":[{"value":"report","label":{"fr":"Rapport","en":"Report"}}]},
{"id":"start","type":"date","label":{"fr":"Début","en":"Start"}},
{"id":"notes","type":"longtext","label":{"fr":"Notes","en":"Notes"},"help":{"fr":"Tout ce qui aide","en":"Anything that helps"}},
{"id":"nda","type":"checkbox","label":{"fr":"NDA signé","en":"NDA signed"}}]`

// seatService is a marketplace service with the three terms.
const seatService = `{"kind":"marketplace","name":{"fr":"Sièges bureautique","en":"Office seats"},"summary":{"fr":"Messagerie et bureautique","en":"Mail and office"},
"category":"collaboration","plans":[{"id":"business","name":{"fr":"Business","en":"Business"},"unit":{"fr":"siège","en":"seat"},"currency":"EUR",
"prices":[{"term":"monthly_monthly","amount":1320},{"term":"annual_monthly","amount":1100},{"term":"annual_annual","amount":13200}],
"minQuantity":1,"maxQuantity":300,
"params":[{"id":"tenant","type":"text","label":{"fr":"Domaine du tenant","en":"Tenant domain"},"required":true}]}]`

type world struct {
	e                       *apitest.Env
	op                      apitest.As
	acme                    apitest.Tenant
	visitor, manager, noneB apitest.As
	globex                  apitest.Tenant
	directID, seatsID       string
}

func newWorld(t *testing.T) *world {
	e := apitest.NewEnv(t)
	w := &world{e: e, acme: e.Tenant("acme"), globex: e.Tenant("globex")}
	e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "op@guichet.example")
	w.op = e.Browser("op@guichet.example", apitest.StaffPW)
	for _, p := range []struct {
		email string
		level portal.Level
		b     *apitest.As
	}{{"visitor@acme.example", portal.LevelVisitor, &w.visitor}, {"manager@acme.example", portal.LevelManager, &w.manager}, {"none@acme.example", "", &w.noneB}} {
		u := e.Person("acme", portal.RoleUser, "P", "Q", p.email)
		if p.level != "" {
			e.Grant("acme", u.ID, w.acme.Contract.ID, map[portal.Section]portal.Level{portal.SectionServices: p.level}, false)
		} else {
			e.Grant("acme", u.ID, w.acme.Contract.ID, map[portal.Section]portal.Level{portal.SectionInvoices: portal.LevelManager}, false)
		}
		*p.b = e.Browser(p.email, apitest.StaffPW)
	}
	r := e.Do(w.op, "POST", "/api/v1/backoffice/catalogue", directService+"}")
	if r.Code != 201 {
		t.Fatalf("create direct: %d %v", r.Code, r.Body)
	}
	w.directID = r.Body["id"].(string)
	r = e.Do(w.op, "POST", "/api/v1/backoffice/catalogue", seatService+"}")
	if r.Code != 201 {
		t.Fatalf("create seats: %d %v", r.Code, r.Body)
	}
	w.seatsID = r.Body["id"].(string)
	return w
}

func names(r apitest.Resp) []string {
	var out []string
	for _, it := range r.Items() {
		out = append(out, apitest.Field(it, "name", "en").(string))
	}
	return out
}

func TestOperatorsKeepTheCatalogue(t *testing.T) {
	w := newWorld(t)
	e := w.e
	r := e.Do(w.op, "GET", "/api/v1/backoffice/catalogue/"+w.directID, "")
	if r.Code != 200 || len(r.Body["form"].([]any)) != 9 || r.Body["version"].(float64) != 1 {
		t.Fatalf("get: %d %v", r.Code, r.Body)
	}
	// The page is rendered safely, in both languages.
	html := apitest.Field(r.Body, "learnMoreHtml", "fr").(string)
	if strings.Contains(html, "<script") || strings.Contains(html, "javascript:") || !strings.Contains(html, "&lt;script&gt;") {
		t.Errorf("fr page %q", html)
	}
	if got := apitest.Field(r.Body, "learnMoreHtml", "en"); got != `<p><strong>Two days</strong> on site. <a href="mailto:sales@vendor.example" rel="noopener noreferrer nofollow">Contact</a></p>`+"\n" {
		t.Errorf("en page %q", got)
	}
	// Updates need the version read.
	body := strings.Replace(seatService, `"amount":1320`, `"amount":1450`, 1)
	if r := e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.seatsID, body+`,"version":7}`); r.Code != 409 || r.ErrCode() != "version_conflict" {
		t.Errorf("stale version: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.seatsID, body+`}`); r.Code != 400 || apitest.ErrFields(r) != "version:required" {
		t.Errorf("no version: %d %v", r.Code, r.Body)
	}
	// A kind stays what it was.
	if r := e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.directID, strings.Replace(directService, `"kind":"direct"`, `"kind":"marketplace"`, 1)+`,"version":1}`); r.Code != 400 ||
		!slices.Contains(r.FieldCodes(), "kind:not_allowed") {
		t.Errorf("kind change: %d %v", r.Code, r.FieldCodes())
	}
	// A price change makes a new price version; the earlier one stays readable.
	r = e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.seatsID, body+`,"version":1}`)
	if r.Code != 200 || apitest.Field(r.Body, "plans").([]any)[0].(map[string]any)["priceVersion"].(float64) != 2 {
		t.Fatalf("update: %d %v", r.Code, r.Body)
	}
	old, err := e.Store.PriceSet(context.Background(), w.seatsID, "business", 1)
	if err != nil || old.Prices[0].Amount != 1320 {
		t.Errorf("version 1: %+v %v", old, err)
	}
	// The prices route changes one plan's prices, named as its body names them.
	r = e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.seatsID+"/plans/business/prices", `{"currency":"EUR","prices":[{"term":"monthly_monthly","amount":-5},{"term":"weekly","amount":5}],"version":2}`)
	if r.Code != 400 || apitest.ErrFields(r) != "prices.0.amount:price_range prices.1.term:format" {
		t.Errorf("bad prices: %d %v", r.Code, r.FieldCodes())
	}
	r = e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.seatsID+"/plans/business/prices", `{"currency":"EUR","prices":[{"term":"annual_annual","amount":15000}],"version":2}`)
	if r.Code != 200 || apitest.Field(r.Body, "plans").([]any)[0].(map[string]any)["priceVersion"].(float64) != 3 {
		t.Errorf("prices: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.seatsID+"/plans/nope/prices", `{"currency":"EUR","prices":[],"version":3}`); r.Code != 404 || r.ErrCode() != "plan_not_found" {
		t.Errorf("unknown plan: %d %v", r.Code, r.Body)
	}
	// Retiring: gone from customers' catalogue, kept for operators with ?retired=1.
	if r := e.Do(w.op, "POST", "/api/v1/backoffice/catalogue/"+w.directID+"/retire", `{"version":1}`); r.Code != 200 || r.Body["retired"] != true {
		t.Fatalf("retire: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "POST", "/api/v1/backoffice/catalogue/"+w.directID+"/retire", `{"version":2}`); r.Code != 200 || r.Body["version"].(float64) != 2 {
		t.Errorf("retire again: %d %v", r.Code, r.Body)
	}
	if got := names(e.Do(w.op, "GET", "/api/v1/backoffice/catalogue", "")); !slices.Equal(got, []string{"Office seats"}) {
		t.Errorf("operators' list: %v", got)
	}
	if got := names(e.Do(w.op, "GET", "/api/v1/backoffice/catalogue?retired=1", "")); !slices.Equal(got, []string{"Security audit", "Office seats"}) { // by French name
		t.Errorf("operators' list with retired: %v", got)
	}
	if got := names(e.Do(w.visitor, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/catalogue", "")); !slices.Equal(got, []string{"Office seats"}) {
		t.Errorf("customers' list: %v", got)
	}
	if r := e.Do(w.visitor, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/catalogue/"+w.directID, ""); r.Code != 404 || r.ErrCode() != "catalogue_service_not_found" {
		t.Errorf("retired page: %d %v", r.Code, r.Body)
	}
	want := []string{"catalogue.create", "catalogue.create", "catalogue.update", "catalogue.prices", "catalogue.retire"}
	if got := e.AuditActions(portal.VendorOrg); !slices.Equal(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
}

// TestBadDefinitionsAreFieldErrorsInTheCallersLanguage: nothing is saved, and each
// problem is named.
func TestBadDefinitionsAreFieldErrorsInTheCallersLanguage(t *testing.T) {
	w := newWorld(t)
	e := w.e
	bad := strings.NewReplacer(`"minQuantity":1`, `"minQuantity":500`, `"currency":"EUR"`, `"currency":"XBT"`, `"category":"collaboration"`, `"category":"toys"`).Replace(seatService) + "}"
	for _, lang := range []string{"fr", "en"} {
		r := e.Do(w.op, "POST", "/api/v1/backoffice/catalogue", bad, "Accept-Language", lang)
		if r.Code != 400 || apitest.ErrFields(r) != "category:format plans.0.currency:format plans.0.maxQuantity:number_range" {
			t.Errorf("%s: %d %v", lang, r.Code, r.FieldCodes())
		}
		msg := apitest.Field(r.Body, "error", "message")
		if (lang == "fr") != (msg == "Certains champs sont incorrects.") {
			t.Errorf("%s message %q", lang, msg)
		}
	}
	if got := names(e.Do(w.op, "GET", "/api/v1/backoffice/catalogue", "")); len(got) != 2 {
		t.Errorf("saved anyway: %v", got)
	}
	for _, c := range []struct{ query, want string }{
		{"?sort=price", "sort:format"}, {"?category=toys", "category:format"}, {"?page=0", "page:format"}, {"?limit=500", "limit:format"},
		{"?q=" + strings.Repeat("x", 101), "q:too_long"},
	} {
		if r := e.Do(w.visitor, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/catalogue"+c.query, ""); r.Code != 400 || apitest.ErrFields(r) != c.want {
			t.Errorf("%s: %d %v", c.query, r.Code, r.FieldCodes())
		}
	}
}

// TestCustomersBrowseTheirContractsCatalogue: a Visitor on Services browses and
// cannot order; a Manager may; nobody else sees it; offers and contracts restrict
// what a contract sees.
func TestCustomersBrowseTheirContractsCatalogue(t *testing.T) {
	w := newWorld(t)
	e := w.e
	list := "/api/v1/contracts/" + w.acme.Contract.ID + "/catalogue"
	r := e.Do(w.visitor, "GET", list, "")
	if r.Code != 200 || r.Body["orderable"] != false || r.Body["total"].(float64) != 2 || r.Items()[0]["orderable"] != false {
		t.Fatalf("visitor: %d %v", r.Code, r.Body)
	}
	if n := apitest.TripsOf(t, r); n > 3 {
		t.Errorf("the catalogue page took %d round trips", n)
	}
	if r := e.Do(w.manager, "GET", list, ""); r.Body["orderable"] != true || r.Items()[0]["orderable"] != true {
		t.Errorf("manager: %v", r.Body)
	}
	if r := e.Do(w.acme.AdminB, "GET", list, ""); r.Code != 200 || r.Body["orderable"] != true {
		t.Errorf("administrator: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.noneB, "GET", list, ""); r.Code != 403 {
		t.Errorf("no right on Services: %d", r.Code)
	}
	if r := e.Do(w.visitor, "GET", "/api/v1/contracts/"+w.globex.Contract.ID+"/catalogue", ""); r.Code != 404 {
		t.Errorf("another organisation's contract: %d", r.Code)
	}
	if r := e.Do(w.op, "GET", list, ""); r.Code != 403 {
		t.Errorf("operator: %d", r.Code)
	}
	// Search, category, sort, paging, French names.
	if got := names(e.Do(w.visitor, "GET", list+"?q=bureautique", "")); !slices.Equal(got, []string{"Office seats"}) {
		t.Errorf("search in French: %v", got)
	}
	if got := names(e.Do(w.visitor, "GET", list+"?category=security", "")); !slices.Equal(got, []string{"Security audit"}) {
		t.Errorf("category: %v", got)
	}
	r = e.Do(w.visitor, "GET", list+"?limit=1&page=2&sort=name", "", "Accept-Language", "fr")
	if got := names(r); !slices.Equal(got, []string{"Office seats"}) || r.Body["pages"].(float64) != 2 {
		t.Errorf("page 2 by French name (Audit, Sièges): %v %v", got, r.Body)
	}
	if r := e.Do(w.visitor, "GET", list+"?q=nothing-like-it", ""); r.Code != 200 || len(r.Items()) != 0 || r.Body["total"].(float64) != 0 {
		t.Errorf("empty: %v", r.Body)
	}
	// The service's page.
	r = e.Do(w.visitor, "GET", list+"/"+w.seatsID, "")
	if r.Code != 200 || r.Body["orderable"] != false || len(r.Body["plans"].([]any)) != 1 || r.Body["learnMore"] != nil || r.Body["offers"] != nil {
		t.Errorf("page: %d %v", r.Code, r.Body)
	}
	if n := apitest.TripsOf(t, r); n > 2 {
		t.Errorf("the service page took %d round trips", n)
	}
	if r := e.Do(w.visitor, "GET", list+"/NOPE", ""); r.Code != 404 || r.ErrCode() != "catalogue_service_not_found" {
		t.Errorf("unknown service: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.noneB, "GET", list+"/NOPE", ""); r.Code != 403 {
		t.Errorf("an unknown service for someone without Services: %d", r.Code)
	}
	// Restricted to another offer: hidden from acme's "Premium" contract, listed for
	// one named contract.
	restricted := strings.Replace(directService, `"category":"security"`, `"category":"security","offers":["Enterprise"]`, 1)
	r = e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.directID, restricted+`,"version":1}`)
	if r.Code != 200 {
		t.Fatalf("restrict: %d %v", r.Code, r.Body)
	}
	if got := names(e.Do(w.visitor, "GET", list, "")); !slices.Equal(got, []string{"Office seats"}) {
		t.Errorf("restricted to another offer: %v", got)
	}
	if r := e.Do(w.visitor, "GET", list+"/"+w.directID, ""); r.Code != 404 {
		t.Errorf("page of a service for another offer: %d", r.Code)
	}
	named := strings.Replace(restricted, `"offers":["Enterprise"]`, fmt.Sprintf(`"offers":["Enterprise"],"contracts":[{"orgId":"acme","contractId":%q}]`, w.acme.Contract.ID), 1)
	if r := e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.directID, named+`,"version":2}`); r.Code != 200 {
		t.Fatalf("name the contract: %d %v", r.Code, r.Body)
	}
	if got := names(e.Do(w.visitor, "GET", list, "")); len(got) != 2 {
		t.Errorf("a named contract: %v", got)
	}
}

func TestLogos(t *testing.T) {
	w := newWorld(t)
	e := w.e
	png := append([]byte("\x89PNG\r\n\x1a\n"), []byte("rest of the image")...)
	put := func(data []byte, version int) apitest.Resp {
		return e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.seatsID+"/logo",
			fmt.Sprintf(`{"data":%q,"version":%d}`, base64.StdEncoding.EncodeToString(data), version))
	}
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`)
	for _, c := range []struct {
		data []byte
		want string
	}{{svg, "data:logo_type"}, {[]byte("GIF89a"), "data:logo_type"}, {append(png, make([]byte, 256*1024)...), "data:logo_too_large"}} {
		if r := put(c.data, 1); r.Code != 400 || apitest.ErrFields(r) != c.want {
			t.Errorf("%.10q: %d %v", c.data, r.Code, r.FieldCodes())
		}
	}
	if r := e.Do(w.op, "PUT", "/api/v1/backoffice/catalogue/"+w.seatsID+"/logo", `{"data":"not base64!","version":1}`); apitest.ErrFields(r) != "data:format" {
		t.Errorf("not base64: %v", r.FieldCodes())
	}
	r := put(png, 1)
	if r.Code != 200 {
		t.Fatalf("put: %d %v", r.Code, r.Body)
	}
	first := apitest.Field(r.Body, "logo", "key").(string)
	get := func(name string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/api/v1/catalogue/logos/"+name, nil)
		req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: w.visitor.Token})
		rec := httptest.NewRecorder()
		e.Srv.ServeHTTP(rec, req)
		return rec
	}
	rec := get(first)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" || rec.Header().Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(rec.Header().Get("Content-Security-Policy"), "sandbox") || rec.Body.String() != string(png) {
		t.Errorf("get: %d %v %q", rec.Code, rec.Header(), rec.Body.String())
	}
	// The card shows it; a new image replaces the file.
	if r := e.Do(w.visitor, "GET", "/api/v1/contracts/"+w.acme.Contract.ID+"/catalogue?category=collaboration", ""); apitest.Field(r.Items()[0], "logo", "key") != first {
		t.Errorf("card: %v", r.Items())
	}
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3}
	r = put(jpeg, 2)
	second, _ := apitest.Field(r.Body, "logo", "key").(string)
	if r.Code != 200 || !strings.HasSuffix(second, ".jpeg") || get(second).Code != 200 || get(first).Code != 404 {
		t.Errorf("replace: %d %v", r.Code, r.Body)
	}
	if r := e.Do(w.op, "DELETE", "/api/v1/backoffice/catalogue/"+w.seatsID+"/logo", ""); r.Code != 200 || r.Body["logo"] != nil || get(second).Code != 404 {
		t.Errorf("delete: %d %v", r.Code, r.Body)
	}
	if rec := get("../../secret.png"); rec.Code != 404 {
		t.Errorf("traversal: %d", rec.Code)
	}
}
