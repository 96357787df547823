package documents_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// pdf is a small file that starts as every PDF does.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// fixture is acme with a contract, an operator, a person holding Visitor on the
// contract's Documents section, and one holding Visitor on its Dashboard only.
type fixture struct {
	e                  *apitest.Env
	t                  apitest.Tenant
	op                 apitest.As
	reader, dashboard  apitest.As
	base, customerBase string
}

func newFixture(t *testing.T) *fixture {
	e := apitest.NewEnv(t)
	ten := e.Tenant("acme")
	reader := e.Person("acme", portal.RoleUser, "Rita", "Reader", "reader@acme.example")
	e.Grant("acme", reader.ID, ten.Contract.ID, map[portal.Section]portal.Level{portal.SectionDocuments: portal.LevelVisitor}, false)
	dash := e.Person("acme", portal.RoleUser, "Dana", "Dashboard", "dash@acme.example")
	e.Grant("acme", dash.ID, ten.Contract.ID, map[portal.Section]portal.Level{portal.SectionDashboard: portal.LevelVisitor}, false)
	return &fixture{e: e, t: ten, op: e.Operator("operator@guichet.example"),
		reader: e.Browser(reader.Email, apitest.StaffPW), dashboard: e.Browser(dash.Email, apitest.StaffPW),
		base:         "/api/v1/backoffice/organisations/acme/contracts/" + ten.Contract.ID,
		customerBase: "/api/v1/contracts/" + ten.Contract.ID}
}

// start asks for an upload slot and returns the answer.
func (f *fixture) start(title, category, date, filename, typ string, size int) apitest.Resp {
	f.e.T.Helper()
	body, _ := json.Marshal(map[string]any{"title": title, "category": category, "date": date, "filename": filename, "size": size, "contentType": typ})
	return f.e.Do(f.op, "POST", f.base+"/documents", string(body))
}

// attach uploads body declared as typ through the presigned link and confirms it.
func (f *fixture) attach(title, category, date, filename, typ string, body []byte) apitest.Resp {
	f.e.T.Helper()
	r := f.start(title, category, date, filename, typ, len(body))
	if r.Code != 201 {
		f.e.T.Fatalf("start upload: %d %v", r.Code, r.Body)
	}
	var link blob.Presigned
	raw, _ := json.Marshal(r.Body["upload"])
	if err := json.Unmarshal(raw, &link); err != nil {
		f.e.T.Fatal(err)
	}
	if code := f.e.Upload(link, link.Headers["Content-Type"], body); code != 200 {
		f.e.T.Fatalf("upload: %d", code)
	}
	return f.e.Do(f.op, "POST", f.base+"/documents/"+apitest.Field(r.Body, "document", "id").(string)+"/confirm", "")
}

func TestOperatorUploadsAndVisitorDownloads(t *testing.T) {
	f := newFixture(t)
	r := f.attach("Contrat cadre 2026", "contract", "2026-01-15", `C:\Users\op\Contrat cadre été 2026 (signé).pdf`, "application/pdf", pdf)
	if r.Code != 201 {
		t.Fatalf("confirm: %d %v", r.Code, r.Body)
	}
	id := r.Body["id"].(string)
	if r.Body["filename"] != "Contrat-cadre-ete-2026-signe.pdf" || r.Body["size"] != float64(len(pdf)) {
		t.Errorf("document %v", r.Body)
	}
	list := f.e.Do(f.reader, "GET", f.customerBase+"/documents", "")
	if list.Code != 200 || len(list.Items()) != 1 || list.Items()[0]["title"] != "Contrat cadre 2026" || list.Items()[0]["createdBy"] != nil {
		t.Fatalf("customer list: %d %v", list.Code, list.Body)
	}
	dl := f.e.Do(f.reader, "GET", f.customerBase+"/documents/"+id+"/download", "")
	if dl.Code != 200 {
		t.Fatalf("download: %d %v", dl.Code, dl.Body)
	}
	link := dl.Body["url"].(string)
	if exp, _ := time.Parse(time.RFC3339, dl.Body["expires"].(string)); !exp.Equal(f.e.Clock.Now().Add(5 * time.Minute)) {
		t.Errorf("link expires %v, want in 5 minutes", dl.Body["expires"])
	}
	code, typ, body := f.e.Download(link)
	if code != 200 || typ != "application/pdf" || body != string(pdf) {
		t.Fatalf("GET link: %d %s %q", code, typ, body)
	}
	if !strings.Contains(link, "Contrat-cadre-ete-2026-signe.pdf") {
		t.Errorf("link %s does not name the safe filename", link)
	}
	f.e.Clock.Advance(5*time.Minute + time.Second)
	if code, _, _ := f.e.Download(link); code != 403 {
		t.Errorf("GET link after 5 minutes: %d, want 403", code)
	}
	if got := f.e.AuditActions("acme"); !slices.Contains(got, "document.add") {
		t.Errorf("audit %v lacks document.add", got)
	}
}

// TestDashboardVisitorSeesNoDocuments: Visitor on the Dashboard shows the contract's
// card and sheet (its consoles) but not its documents.
func TestDashboardVisitorSeesNoDocuments(t *testing.T) {
	f := newFixture(t)
	doc := f.e.Document("acme", f.t.Contract.ID, "Rapport", portal.CategoryReport, "2026-02-01", pdf)
	f.e.Console("acme", f.t.Contract.ID, "Cloud", "https://console.example.com")
	for _, path := range []string{f.customerBase + "/documents", f.customerBase + "/documents/" + doc.ID + "/download"} {
		if r := f.e.Do(f.dashboard, "GET", path, ""); r.Code != 403 || r.ErrCode() != "forbidden" {
			t.Errorf("GET %s with Visitor on Dashboard only: %d %v, want 403", path, r.Code, r.Body)
		}
	}
	if r := f.e.Do(f.dashboard, "GET", f.customerBase+"/consoles", ""); r.Code != 200 || len(r.Items()) != 1 {
		t.Errorf("consoles with Visitor on Dashboard: %d %v", r.Code, r.Body)
	}
	// Visitor on Documents alone does not show the sheet, nor its consoles.
	if r := f.e.Do(f.reader, "GET", f.customerBase+"/consoles", ""); r.Code != 403 {
		t.Errorf("consoles with Visitor on Documents only: %d, want 403", r.Code)
	}
}

func TestFakePDFIsRefusedAndDeleted(t *testing.T) {
	f := newFixture(t)
	r := f.start("Faux", "report", "2026-03-01", "faux.pdf", "application/pdf", 11)
	id := apitest.Field(r.Body, "document", "id").(string)
	if c := f.e.Do(f.op, "POST", f.base+"/documents/"+id+"/confirm", ""); c.Code != 409 || c.ErrCode() != "document_not_uploaded" {
		t.Errorf("confirm before the upload: %d %v", c.Code, c.Body)
	}
	var link blob.Presigned
	raw, _ := json.Marshal(r.Body["upload"])
	_ = json.Unmarshal(raw, &link)
	if code := f.e.Upload(link, "application/pdf", []byte("just a text")); code != 200 {
		t.Fatalf("upload: %d", code)
	}
	c := f.e.Do(f.op, "POST", f.base+"/documents/"+id+"/confirm", "")
	if c.Code != 400 || c.ErrCode() != "document_content_mismatch" || !strings.Contains(c.Body["error"].(map[string]any)["message"].(string), "n'est pas ce qu'il prétend être") {
		t.Fatalf("confirm a text renamed .pdf: %d %v", c.Code, c.Body)
	}
	if _, _, err := f.e.Blobs.Get(context.Background(), "documents/acme/"+f.t.Contract.ID+"/"+id); !portal.Is(err, portal.NotFound) {
		t.Errorf("the refused file is still there: %v", err)
	}
	if again := f.e.Do(f.op, "POST", f.base+"/documents/"+id+"/confirm", ""); again.Code != 404 || again.ErrCode() != "upload_not_found" {
		t.Errorf("confirm again: %d %v", again.Code, again.Body)
	}
	if l := f.e.Do(f.op, "GET", f.base+"/documents", ""); len(l.Items()) != 0 {
		t.Errorf("list after a refusal: %v", l.Body)
	}
}

// office builds a ZIP package with the given entries, in order.
func office(t *testing.T, entries ...string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := z.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(entries[i+1]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func contentTypes(main string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="` + main + `"/></Types>`
}

func TestOfficeFilesAreJudgedByTheirContent(t *testing.T) {
	const (
		docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		odt  = "application/vnd.oasis.opendocument.text"
	)
	word := office(t, "[Content_Types].xml", contentTypes(docx+".main+xml"), "word/document.xml", "<w/>")
	text := office(t, "mimetype", odt, "content.xml", "<office/>")
	for _, c := range []struct {
		name, typ string
		body      []byte
		ok        bool
	}{
		{"a Word file", docx, word, true},
		{"an OpenDocument text", odt, text, true},
		{"a Word file declared a spreadsheet", xlsx, word, false},
		{"a PDF declared a Word file", docx, pdf, false},
		{"a ZIP of anything declared a Word file", docx, office(t, "readme.txt", "hello"), false},
		{"a Word file declared a PDF", "application/pdf", word, false},
	} {
		f := newFixture(t)
		r := f.attach("Annexe", "technical", "2026-04-01", "annexe.bin", c.typ, c.body)
		if ok := r.Code == 201; ok != c.ok {
			t.Errorf("%s: %d %v", c.name, r.Code, r.Body)
		}
	}
}

func TestUploadFormIsChecked(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		title, category, date, filename, typ string
		size                                 int
		want                                 string
	}{
		{"", "contract", "2026-01-01", "a.pdf", "application/pdf", 10, "title:required"},
		{"T", "invoice", "2026-01-01", "a.pdf", "application/pdf", 10, "category:format"},
		{"T", "", "2026-01-01", "a.pdf", "application/pdf", 10, "category:required"},
		{"T", "contract", "01/02/2026", "a.pdf", "application/pdf", 10, "date:date"},
		{"T", "contract", "2026-01-01", "", "application/pdf", 10, "filename:required"},
		{"T", "contract", "2026-01-01", "a.pdf", "application/pdf", 0, "size:required"},
		{"T", "contract", "2026-01-01", "a.pdf", "application/pdf", portal.MaxDocumentBytes + 1, "size:document_too_large"},
		{"T", "contract", "2026-01-01", "a.html", "text/html", 10, "contentType:document_type"},
		{"T", "contract", "2026-01-01", "a.exe", "application/octet-stream", 10, "contentType:document_type"},
	} {
		r := f.start(c.title, c.category, c.date, c.filename, c.typ, c.size)
		if r.Code != 400 || apitest.ErrFields(r) != c.want {
			t.Errorf("%+v: %d %v, want %s", c, r.Code, r.Body, c.want)
		}
	}
	// The largest file allowed gets its slot.
	if r := f.start("T", "contract", "2026-01-01", "a.pdf", "application/pdf", portal.MaxDocumentBytes); r.Code != 201 {
		t.Errorf("20 MB: %d %v", r.Code, r.Body)
	}
	// The local upload checks the signed size and type as S3 does.
	r := f.start("T", "contract", "2026-01-01", "a.pdf", "application/pdf", len(pdf))
	var link blob.Presigned
	raw, _ := json.Marshal(r.Body["upload"])
	_ = json.Unmarshal(raw, &link)
	if code := f.e.Upload(link, "text/html", pdf); code != 403 {
		t.Errorf("upload of another type: %d, want 403", code)
	}
	if code := f.e.Upload(link, "application/pdf", append(pdf, '!')); code != 400 {
		t.Errorf("upload of another size: %d, want 400", code)
	}
	f.e.Clock.Advance(blob.MaxLinkTTL + time.Second)
	if code := f.e.Upload(link, "application/pdf", pdf); code != 403 {
		t.Errorf("upload after the link's time: %d, want 403", code)
	}
}

func TestDocumentsListNewestFirstByCategoryPaged(t *testing.T) {
	f := newFixture(t)
	for i, c := range []portal.DocumentCategory{portal.CategoryContract, portal.CategoryReport, portal.CategoryReport, portal.CategoryAmendment, portal.CategoryReport} {
		f.e.Document("acme", f.t.Contract.ID, fmt.Sprintf("Doc %d", i), c, fmt.Sprintf("2026-0%d-01", 5-i), pdf)
	}
	titles := func(r apitest.Resp) []string {
		var out []string
		for _, it := range r.Items() {
			out = append(out, it["title"].(string))
		}
		return out
	}
	all := f.e.Do(f.reader, "GET", f.customerBase+"/documents", "")
	if got := titles(all); !slices.Equal(got, []string{"Doc 0", "Doc 1", "Doc 2", "Doc 3", "Doc 4"}) {
		t.Errorf("all, newest first: %v", got)
	}
	page1 := f.e.Do(f.reader, "GET", f.customerBase+"/documents?category=report&limit=2", "")
	next, _ := page1.Body["next"].(string)
	page2 := f.e.Do(f.reader, "GET", f.customerBase+"/documents?category=report&limit=2&cursor="+next, "")
	if got := append(titles(page1), titles(page2)...); !slices.Equal(got, []string{"Doc 1", "Doc 2", "Doc 4"}) || next == "" {
		t.Errorf("reports, two pages: %v (next %q)", got, next)
	}
	if r := f.e.Do(f.reader, "GET", f.customerBase+"/documents?category=invoice", ""); r.Code != 400 || apitest.ErrFields(r) != "category:format" {
		t.Errorf("unknown category: %d %v", r.Code, r.Body)
	}
	if n := apitest.TripsOf(t, all); n > 3 {
		t.Errorf("the list took %d round trips, want at most 3", n)
	}
}

func TestOperatorDeletesDocument(t *testing.T) {
	f := newFixture(t)
	doc := f.e.Document("acme", f.t.Contract.ID, "Avenant 1", portal.CategoryAmendment, "2026-02-01", pdf)
	if r := f.e.Do(f.op, "DELETE", f.base+"/documents/"+doc.ID, ""); r.Code != 204 {
		t.Fatalf("delete: %d %v", r.Code, r.Body)
	}
	if r := f.e.Do(f.reader, "GET", f.customerBase+"/documents/"+doc.ID+"/download", ""); r.Code != 404 || r.ErrCode() != "document_not_found" {
		t.Errorf("download after delete: %d %v", r.Code, r.Body)
	}
	if _, _, err := f.e.Blobs.Get(context.Background(), doc.BlobKey()); !portal.Is(err, portal.NotFound) {
		t.Errorf("file after delete: %v", err)
	}
	if r := f.e.Do(f.op, "DELETE", f.base+"/documents/"+doc.ID, ""); r.Code != 404 {
		t.Errorf("delete again: %d", r.Code)
	}
	if got := f.e.AuditActions("acme"); !slices.Contains(got, "document.delete") {
		t.Errorf("audit %v lacks document.delete", got)
	}
	// An upload given up before its confirmation goes with its file, unaudited.
	r := f.start("Brouillon", "report", "2026-03-01", "b.pdf", "application/pdf", len(pdf))
	id := apitest.Field(r.Body, "document", "id").(string)
	if d := f.e.Do(f.op, "DELETE", f.base+"/documents/"+id, ""); d.Code != 204 {
		t.Errorf("give up an upload: %d %v", d.Code, d.Body)
	}
	if c := f.e.Do(f.op, "POST", f.base+"/documents/"+id+"/confirm", ""); c.Code != 404 {
		t.Errorf("confirm a given-up upload: %d", c.Code)
	}
}

func TestCustomersCannotManageDocuments(t *testing.T) {
	f := newFixture(t)
	admin := f.t.AdminB
	body := `{"title":"T","category":"contract","date":"2026-01-01","filename":"a.pdf","size":10,"contentType":"application/pdf"}`
	if r := f.e.Do(admin, "POST", f.base+"/documents", body); r.Code != 403 {
		t.Errorf("an administrator uploads: %d", r.Code)
	}
	if r := f.e.Do(f.op, "GET", f.customerBase+"/documents", ""); r.Code != 403 {
		t.Errorf("an operator on the customers' route: %d", r.Code)
	}
	if r := f.e.Do(f.op, "POST", "/api/v1/backoffice/organisations/acme/contracts/nope/documents", body); r.Code != 404 || r.ErrCode() != "contract_not_found" {
		t.Errorf("upload to no contract: %d %v", r.Code, r.Body)
	}
}

func TestConsoles(t *testing.T) {
	f := newFixture(t)
	for url, code := range map[string]string{
		"javascript:alert(1)":                      "url:url_https",
		"data:text/html,hi":                        "url:url_https",
		"http://console.example.com":               "url:url_https",
		"https://root:hunter2@console.example.com": "url:url_credentials",
		"https://": "url:url",
		"":         "url:required",
	} {
		body, _ := json.Marshal(map[string]any{"name": "Console", "url": url})
		if r := f.e.Do(f.op, "POST", f.base+"/consoles", string(body)); r.Code != 400 || apitest.ErrFields(r) != code {
			t.Errorf("console %q: %d %v, want %s", url, r.Code, r.Body, code)
		}
	}
	r := f.e.Do(f.op, "POST", f.base+"/consoles", `{"name":"Cloud","url":"https://cloud.example.com/tenant/acme","description":{"fr":"Vos machines","en":"Your machines"}}`)
	if r.Code != 201 {
		t.Fatalf("create: %d %v", r.Code, r.Body)
	}
	id := r.Body["id"].(string)
	if l := f.e.Do(f.dashboard, "GET", f.customerBase+"/consoles", ""); len(l.Items()) != 1 || l.Items()[0]["url"] != "https://cloud.example.com/tenant/acme" ||
		apitest.Field(l.Items()[0], "description", "en") != "Your machines" {
		t.Errorf("customer list: %v", l.Body)
	}
	if u := f.e.Do(f.op, "PUT", f.base+"/consoles/"+id, `{"name":"Cloud 2","url":"https://cloud2.example.com","version":1}`); u.Code != 200 || u.Body["version"] != float64(2) {
		t.Errorf("update: %d %v", u.Code, u.Body)
	}
	if u := f.e.Do(f.op, "PUT", f.base+"/consoles/"+id, `{"name":"Cloud 3","url":"https://cloud3.example.com","version":1}`); u.Code != 409 || u.ErrCode() != "version_conflict" {
		t.Errorf("stale update: %d %v", u.Code, u.Body)
	}
	if d := f.e.Do(f.op, "DELETE", f.base+"/consoles/"+id, ""); d.Code != 204 {
		t.Errorf("delete: %d", d.Code)
	}
	if l := f.e.Do(f.dashboard, "GET", f.customerBase+"/consoles", ""); len(l.Items()) != 0 {
		t.Errorf("after delete: %v", l.Body)
	}
	got := f.e.AuditActions("acme")
	for _, a := range []string{"console.create", "console.update", "console.delete"} {
		if !slices.Contains(got, a) {
			t.Errorf("audit %v lacks %s", got, a)
		}
	}
}
