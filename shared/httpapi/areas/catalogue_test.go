package areas_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"testing"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/catalogue"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// The service catalogue's rows and samples. The catalogue is the vendor's, the
// same for every organisation, so its ids are nobody's secret (kept shorter than
// the values secrets() looks for); what must stay apart is a contract's catalogue:
// the routes under another organisation's contract find nothing.

// The services of the fixtures: a direct one with a form ({isoDirect}) and a
// marketplace one with a plan ({isoPlans}, plan "std"), with a logo.
const (
	isoDirect = "svc-f"
	isoPlans  = "svc-m"
	isoLogo   = "lg.png"
)

// pngBytes is the smallest PNG header the logo rules accept.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 24)...)

// putCatalogue files the two services once in a store (and the logo's file).
func putCatalogue(t *testing.T, e *apitest.Env) {
	ctx := context.Background()
	if _, err := e.Store.CatalogueService(ctx, isoDirect); err == nil {
		return
	}
	now := e.Clock.Now().UTC()
	txt := func(s string) portal.Text { return portal.Text{FR: s, EN: s} }
	direct := portal.CatalogueService{ID: isoDirect, Kind: portal.ServiceDirect, Name: txt("Audit"), Summary: txt("An audit"), Category: "security",
		Form:    []portal.Field{{ID: "site", Type: portal.FieldText, Label: txt("Site"), Required: true}},
		Created: now, Updated: now}
	plans := portal.CatalogueService{ID: isoPlans, Kind: portal.ServiceMarketplace, Name: txt("Seats"), Summary: txt("Seats"), Category: "collaboration",
		Logo: &portal.Logo{Key: isoLogo, ContentType: "image/png", Size: len(pngBytes)},
		Plans: []portal.Plan{{ID: "std", Name: txt("Standard"), Unit: txt("seat"), Currency: "EUR", MinQuantity: 1, MaxQuantity: 10, CancelDays: 7,
			Prices: []portal.Price{{Term: portal.TermMonthlyMonthly, Amount: 1000}}}},
		Created: now, Updated: now}
	for _, s := range []portal.CatalogueService{direct, plans} {
		if err := e.Store.CreateCatalogueService(ctx, s, catalogue.Reprice(nil, &s, now)); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Blobs.Put(ctx, "catalogue/logos/"+isoLogo, bytes.NewReader(pngBytes), blob.Meta{ContentType: "image/png"}); err != nil {
		t.Fatal(err)
	}
}

// directBody is a direct service with a field of each kind of setting. A number
// field's bounds are left out: any whole number, -1 included, is a bound an
// operator may set, which the suite's numbers (versions and counts) would take
// for a value to refuse; the rules' own tests cover them.
const directBody = `{"kind":"direct","name":{"fr":"Audit","en":"Audit"},"summary":{"fr":"Un audit","en":"An audit"},"category":"security",` +
	`"learnMore":{"fr":"# Détails","en":"# Details"},"offers":["Pro"],"contracts":[{"orgId":"acme","contractId":"c1"}],` +
	`"form":[{"id":"site","type":"text","label":{"fr":"Site","en":"Site"},"required":true,"maxLength":50},` +
	`{"id":"servers","type":"number","label":{"fr":"Serveurs","en":"Servers"}},` +
	`{"id":"size","type":"choice","label":{"fr":"Taille","en":"Size"},"options":[{"value":"small","label":{"fr":"Petite","en":"Small"}}]}]`

// plansBody is a marketplace service with one plan.
const plansBody = `{"kind":"marketplace","name":{"fr":"Sièges","en":"Seats"},"summary":{"fr":"Des sièges","en":"Seats"},"category":"collaboration",` +
	`"plans":[{"id":"std","name":{"fr":"Standard","en":"Standard"},"unit":{"fr":"siège","en":"seat"},"currency":"EUR",` +
	`"prices":[{"term":"monthly_monthly","amount":1000},{"term":"annual_annual","amount":10000}],"minQuantity":1,"maxQuantity":300,"cancelDays":7}]`

var pngBase64 = base64.StdEncoding.EncodeToString(pngBytes)

func init() {
	isoSetups = append(isoSetups, func(t *testing.T, f *isoFixture, o *isoOrg) {
		putCatalogue(t, f.e)
		o.vals["svcDirect"], o.vals["svcPlans"], o.vals["logo"], o.vals["plan"] = isoDirect, isoPlans, isoLogo, "std"
	})
	// A contract's catalogue: whoever may see its Services; another organisation's
	// contract is not found, as an unknown one is.
	contract := all(codes{200, 404}, map[string]codes{anonymous: {401, 401}, userNone: {403, 404}, operatorAs: {403, 403}})
	signedIn := all(codes{200, 200}, map[string]codes{anonymous: {401, 401}})
	// A change of the vendor's catalogue: operators only. The catalogue is the same
	// for both scopes, so the other scope's request (sent first) changes the
	// service, and the same scope's, sent with the version both read, conflicts.
	change := all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, operatorAs: {409, 200}})
	isolationRows = append(isolationRows,
		isolationRow{method: "GET", path: "/api/v1/contracts/{contract}/catalogue", want: contract},
		isolationRow{method: "GET", path: "/api/v1/contracts/{contract}/catalogue?q=seat&category=collaboration&sort=newest&page=1&limit=5", want: contract},
		isolationRow{method: "GET", path: "/api/v1/contracts/{contract}/catalogue/{svcPlans}", want: contract},
		isolationRow{method: "GET", path: "/api/v1/catalogue/logos/{logo}", want: signedIn},
		isolationRow{method: "GET", path: "/api/v1/backoffice/catalogue", want: backOffice(200)},
		isolationRow{method: "GET", path: "/api/v1/backoffice/catalogue?retired=1&q=audit", want: backOffice(200)},
		isolationRow{method: "POST", path: "/api/v1/backoffice/catalogue", body: directBody + `}`, want: backOffice(201)},
		isolationRow{method: "GET", path: "/api/v1/backoffice/catalogue/{svcDirect}", want: backOffice(200)},
		isolationRow{method: "PUT", path: "/api/v1/backoffice/catalogue/{svcDirect}", body: directBody + `,"version":1}`, want: change},
		isolationRow{method: "POST", path: "/api/v1/backoffice/catalogue/{svcDirect}/retire", body: `{"version":1}`, want: change},
		isolationRow{method: "PUT", path: "/api/v1/backoffice/catalogue/{svcPlans}/plans/{plan}/prices",
			body: `{"currency":"EUR","prices":[{"term":"monthly_monthly","amount":1100}],"version":1}`, want: change},
		isolationRow{method: "PUT", path: "/api/v1/backoffice/catalogue/{svcPlans}/logo", body: `{"data":"` + pngBase64 + `","version":1}`, want: change},
		isolationRow{method: "DELETE", path: "/api/v1/backoffice/catalogue/{svcPlans}/logo", want: backOffice(200)},
	)

	badSetups = append(badSetups, func(t *testing.T, f *badFixture) { putCatalogue(t, f.e) })
	samples["POST /api/v1/backoffice/catalogue"] = sample{operatorAs, "", directBody + `}`}
	samples["PUT /api/v1/backoffice/catalogue/{id}"] = sample{operatorAs, "/api/v1/backoffice/catalogue/" + isoPlans, plansBody + `,"version":1}`}
	samples["POST /api/v1/backoffice/catalogue/{id}/retire"] = sample{operatorAs, "/api/v1/backoffice/catalogue/" + isoDirect + "/retire", `{"version":1}`}
	samples["PUT /api/v1/backoffice/catalogue/{id}/plans/{plan}/prices"] = sample{operatorAs, "/api/v1/backoffice/catalogue/" + isoPlans + "/plans/std/prices",
		`{"currency":"EUR","prices":[{"term":"monthly_monthly","amount":1100},{"term":"annual_monthly","amount":1000}],"version":1}`}
	samples["PUT /api/v1/backoffice/catalogue/{id}/logo"] = sample{operatorAs, "/api/v1/backoffice/catalogue/" + isoPlans + "/logo", `{"data":"` + pngBase64 + `","version":1}`}
	bodilessActions["DELETE /api/v1/backoffice/catalogue/{id}/logo"] = true
	for _, f := range []string{"summary.fr", "summary.en", "learnMore.fr", "learnMore.en"} {
		multiline[f] = true
	}
}
