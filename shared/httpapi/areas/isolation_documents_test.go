package areas_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// A contract's documents and consoles in the isolation matrix. Each organisation's
// contract has a document ({document}), an upload whose file arrived but is not
// confirmed yet ({upload}) and a console link ({console}). Customers read them on
// their own contract only; operators manage every customer's, as designed.
func init() {
	op := []string{operatorAs}
	bo := "/api/v1/backoffice/organisations/{org}/contracts/{contract}"
	// Visitor on Documents (or on the sheet's sections, for the consoles) reads;
	// the other organisation's contract is not found in the person's own.
	reader := all(codes{200, 404}, map[string]codes{anonymous: {401, 401}, userNone: {403, 404}, operatorAs: {403, 403}})
	isolationRows = append(isolationRows,
		isolationRow{method: "GET", path: "/api/v1/contracts/{contract}/documents?category=report", want: reader},
		isolationRow{method: "GET", path: "/api/v1/contracts/{contract}/documents/{document}/download", want: reader},
		isolationRow{method: "GET", path: "/api/v1/contracts/{contract}/consoles", want: reader},
		isolationRow{method: "GET", path: bo + "/documents", want: backOffice(200), crossWrite: op},
		isolationRow{method: "POST", path: bo + "/documents", want: backOffice(201), crossWrite: op,
			body: `{"title":"Avenant {uniq}","category":"amendment","date":"2026-05-01","filename":"avenant.pdf","size":120,"contentType":"application/pdf"}`},
		isolationRow{method: "POST", path: bo + "/documents/{upload}/confirm", want: backOffice(201), crossWrite: op},
		isolationRow{method: "GET", path: bo + "/documents/{document}/download", want: backOffice(200), crossWrite: op},
		isolationRow{method: "DELETE", path: bo + "/documents/{document}", want: backOffice(204), crossWrite: op},
		isolationRow{method: "GET", path: bo + "/consoles", want: backOffice(200), crossWrite: op},
		isolationRow{method: "POST", path: bo + "/consoles", want: backOffice(201), crossWrite: op,
			body: `{"name":"Console {uniq}","url":"https://console.example.com/{uniq}","description":{"fr":"","en":""}}`},
		isolationRow{method: "PUT", path: bo + "/consoles/{console}", want: backOffice(200), crossWrite: op,
			body: `{"name":"Renamed","url":"https://console.example.com/renamed","description":{"fr":"","en":""},"version":1}`},
		isolationRow{method: "DELETE", path: bo + "/consoles/{console}", want: backOffice(204), crossWrite: op},
	)
	isoSetups = append(isoSetups, func(t *testing.T, f *isoFixture, o *isoOrg) {
		pdf := []byte("%PDF-1.4\n%%EOF\n")
		c := o.contract.ID
		o.vals["document"] = f.e.Document(o.id, c, "Rapport "+o.id, portal.CategoryReport, "2026-04-01", pdf).ID
		o.vals["console"] = f.e.Console(o.id, c, "Console "+o.id, "https://console.example.com/"+o.id).ID
		up := portal.Document{ID: portal.NewID(), OrgID: o.id, ContractID: c, Title: "Envoi " + o.id, Category: portal.CategoryTechnical,
			Date: "2026-04-02", Filename: "envoi.pdf", ContentType: "application/pdf", Size: int64(len(pdf)), Created: f.e.Clock.Now()}
		ctx := context.Background()
		if err := f.e.Blobs.Put(ctx, up.BlobKey(), bytes.NewReader(pdf), blob.Meta{ContentType: up.ContentType}); err != nil {
			t.Fatal(err)
		}
		if err := f.e.Store.Table().Transact(ctx, store.StartDocumentUpload(up, f.e.Clock.Now().Add(1<<40))); err != nil {
			t.Fatal(err)
		}
		o.vals["upload"] = up.ID
	})
}
