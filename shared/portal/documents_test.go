package portal_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

func pkg(t *testing.T, entries ...string) []byte {
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

func types(override string) string {
	return `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/x/main.xml" ContentType="` + override + `"/></Types>`
}

func TestSniffDocument(t *testing.T) {
	for _, c := range []struct {
		name string
		body []byte
		want string // the media type, "" for a refusal
	}{
		{"pdf", []byte("%PDF-1.7\n..."), "application/pdf"},
		{"docx", pkg(t, "[Content_Types].xml", types("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")),
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx after other entries", pkg(t, "_rels/.rels", "<r/>", "[Content_Types].xml", types("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")),
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"pptx", pkg(t, "[Content_Types].xml", types("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")),
			"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{"odt", pkg(t, "mimetype", "application/vnd.oasis.opendocument.text"), "application/vnd.oasis.opendocument.text"},
		{"ods", pkg(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"},
		{"odp", pkg(t, "mimetype", "application/vnd.oasis.opendocument.presentation"), "application/vnd.oasis.opendocument.presentation"},
		{"macro-enabled workbook", pkg(t, "[Content_Types].xml", types("application/vnd.ms-excel.sheet.macroEnabled.main+xml")), ""},
		{"OpenDocument drawing", pkg(t, "mimetype", "application/vnd.oasis.opendocument.graphics"), ""},
		{"plain zip", pkg(t, "a.txt", "hello"), ""},
		{"broken content types", pkg(t, "[Content_Types].xml", "<Types"), ""},
		{"truncated zip", pkg(t, "mimetype", "application/vnd.oasis.opendocument.text")[:20], ""},
		{"text", []byte("just a text file renamed .pdf"), ""},
		{"html", []byte("<html><script>alert(1)</script>"), ""},
		{"empty", nil, ""},
		{"pdf magic later", []byte(" %PDF-1.4"), ""},
	} {
		got, ok := portal.SniffDocument(bytes.NewReader(c.body), int64(len(c.body)))
		if ok != (c.want != "") || got.MediaType != c.want {
			t.Errorf("%s: %q %v, want %q", c.name, got.MediaType, ok, c.want)
		}
	}
}

func TestSafeFilename(t *testing.T) {
	pdf, _ := portal.DocumentTypeOf("application/pdf; charset=binary")
	for in, want := range map[string]string{
		"Contrat cadre été 2026 (signé).pdf": "Contrat-cadre-ete-2026-signe.pdf",
		`C:\Users\x\rapport.PDF`:             "rapport.pdf",
		"../../etc/passwd":                   "passwd.pdf",
		"facture.exe":                        "facture.pdf",
		"a\"b;c\r\nd.pdf":                    "a-b-c-d.pdf",
		"中文.pdf":                             "document.pdf",
		".hidden":                            "hidden.pdf",
		strings.Repeat("x", 300) + ".pdf":    strings.Repeat("x", 96) + ".pdf",
	} {
		if got := portal.SafeFilename(in, pdf); got != want {
			t.Errorf("SafeFilename(%q) = %q, want %q", in, got, want)
		}
	}
}
