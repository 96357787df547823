package seed

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// demoFilesMark records that the demo contracts' documents and consoles were
// written; apart from the demo's own mark, so that a data directory seeded before
// documents existed gets them too.
const demoFilesMark = "DEMO-FILES"

// demoDocument is a demo contract's document: a one-page PDF whose lines say what
// it is.
type demoDocument struct {
	id, contractID, title, date, filename string
	category                              portal.DocumentCategory
	lines                                 []string
}

var demoDocuments = []demoDocument{
	{"DEMODOC000000000000000001", DemoContract.ID, "Contrat de maintenance et support", "2026-01-05", "Contrat-maintenance-support.pdf", portal.CategoryContract,
		[]string{"Contrat de maintenance et support - DEMO-2026-001", "Entre l'editeur et Demo Industries.", "Document de demonstration."}},
	{"DEMODOC000000000000000002", DemoContract.ID, "Avenant n° 1 : astreinte le week-end", "2026-06-12", "Avenant-1-astreinte.pdf", portal.CategoryAmendment,
		[]string{"Avenant n. 1 au contrat DEMO-2026-001", "Astreinte etendue au week-end.", "Document de demonstration."}},
	{"DEMODOC000000000000000003", "DEMOCONTRACT0000000000002", "Architecture de l'hébergement", "2026-03-20", "Architecture-hebergement.pdf", portal.CategoryTechnical,
		[]string{"Hebergement cloud - DEMO-2026-002", "Schema d'architecture et plan d'adressage.", "Document de demonstration."}},
	{"DEMODOC000000000000000004", "DEMOCONTRACT0000000000002", "Rapport de disponibilité — octobre", "2026-11-03", "Rapport-disponibilite-octobre.pdf", portal.CategoryReport,
		[]string{"Rapport mensuel de disponibilite - octobre 2026", "Disponibilite : 99,97 %.", "Document de demonstration."}},
	{"DEMODOC000000000000000005", "DEMOCONTRACT0000000000003", "Conditions particulières", "2025-09-01", "Conditions-particulieres.pdf", portal.CategoryContract,
		[]string{"Messagerie collaborative - DEMO-2026-003", "Conditions particulieres.", "Document de demonstration."}},
}

var demoConsoles = []portal.Console{
	{ID: "DEMOCONSOLE00000000000001", ContractID: "DEMOCONTRACT0000000000002", Name: "Console cloud", URL: "https://console.cloud.example/demo-industries",
		Description: portal.Text{FR: "Vos machines virtuelles, réseaux et sauvegardes.", EN: "Your virtual machines, networks and backups."}},
	{ID: "DEMOCONSOLE00000000000002", ContractID: "DEMOCONTRACT0000000000002", Name: "Supervision", URL: "https://monitoring.example/d/demo-industries",
		Description: portal.Text{FR: "Les tableaux de bord de supervision du contrat.", EN: "The contract's monitoring dashboards."}},
	{ID: "DEMOCONSOLE00000000000003", ContractID: DemoContract.ID, Name: "Portail de maintenance", URL: "https://maintenance.example/demo",
		Description: portal.Text{FR: "Planification des interventions.", EN: "Scheduling of interventions."}},
}

// DemoFiles writes the demo contracts' documents (small real PDFs, into blobs) and
// console links, once. Each write is conditional on its fixed id, so a run
// interrupted half-way is completed by the next.
func DemoFiles(ctx context.Context, s *store.Store, blobs blob.Store, now time.Time) error {
	if done, err := s.Seeded(ctx, []string{demoFilesMark}); err != nil || done[demoFilesMark] {
		return err
	}
	for _, d := range demoDocuments {
		body := PDF(d.lines...)
		doc := portal.Document{ID: d.id, OrgID: DemoOrgID, ContractID: d.contractID, Title: d.title, Category: d.category, Date: d.date,
			Filename: d.filename, ContentType: "application/pdf", Size: int64(len(body)), Created: now}
		if err := blobs.Put(ctx, doc.BlobKey(), bytes.NewReader(body), blob.Meta{ContentType: doc.ContentType}); err != nil {
			return err
		}
		err := s.Table().Transact(ctx, store.StartDocumentUpload(doc, now.Add(time.Hour)))
		if err == nil {
			err = s.ConfirmDocument(ctx, doc)
		}
		if err != nil && !portal.Is(err, portal.Conflict) {
			return err
		}
	}
	for _, c := range demoConsoles {
		c.OrgID, c.Created = DemoOrgID, now
		if _, err := s.SaveConsole(ctx, c); err != nil && !portal.Is(err, portal.Conflict) {
			return err
		}
	}
	err := s.Table().Transact(ctx, []table.Op{store.SeedMark(demoFilesMark)}...)
	if portal.Is(err, portal.Conflict) {
		return nil
	}
	return err
}

// PDF is a minimal valid one-page PDF (A4) showing lines of ASCII text in
// Helvetica: enough for a viewer to open, and for a test to tell from a file that
// only claims to be one.
func PDF(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 14 Tf 56 780 Td 18 TL\n")
	for _, l := range lines {
		esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l)
		content.WriteString("(" + esc + ") Tj T*\n")
	}
	content.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}
