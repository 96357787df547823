package portal

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"time"
	"unicode"
)

// DocumentCategory is the kind of a contract's document.
type DocumentCategory string

// The categories, in the order the portal offers them.
const (
	CategoryContract  DocumentCategory = "contract"
	CategoryAmendment DocumentCategory = "amendment"
	CategoryTechnical DocumentCategory = "technical"
	CategoryReport    DocumentCategory = "report"
)

// DocumentCategories lists every category in display order.
var DocumentCategories = []DocumentCategory{CategoryContract, CategoryAmendment, CategoryTechnical, CategoryReport}

// Valid reports whether c is one of DocumentCategories.
func (c DocumentCategory) Valid() bool {
	for _, v := range DocumentCategories {
		if c == v {
			return true
		}
	}
	return false
}

// MaxDocumentBytes bounds a document's size: 20 MB.
const MaxDocumentBytes = 20 << 20

// DocumentType is a media type a document may have.
type DocumentType struct {
	// MediaType is the Content-Type the file is declared, stored and served with.
	MediaType string
	// Ext is the extension a download's name gets.
	Ext string
	// inner is what an office file's package declares of itself: the content type
	// of the main part in [Content_Types].xml (Office Open XML) or the "mimetype"
	// entry (OpenDocument); empty for PDF, told by its magic.
	inner string
}

// DocumentTypes are the types a document may have: PDF and the office formats of
// Office Open XML and OpenDocument. The older binary office formats (doc, xls,
// ppt) are not taken: their container says nothing checkable of what it holds.
var DocumentTypes = []DocumentType{
	{MediaType: "application/pdf", Ext: ".pdf"},
	{MediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Ext: ".docx",
		inner: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
	{MediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Ext: ".xlsx",
		inner: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"},
	{MediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", Ext: ".pptx",
		inner: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"},
	{MediaType: "application/vnd.oasis.opendocument.text", Ext: ".odt", inner: "application/vnd.oasis.opendocument.text"},
	{MediaType: "application/vnd.oasis.opendocument.spreadsheet", Ext: ".ods", inner: "application/vnd.oasis.opendocument.spreadsheet"},
	{MediaType: "application/vnd.oasis.opendocument.presentation", Ext: ".odp", inner: "application/vnd.oasis.opendocument.presentation"},
}

// DocumentTypeOf returns the document type of a media type (parameters ignored).
func DocumentTypeOf(mediaType string) (DocumentType, bool) {
	mt, _, _ := strings.Cut(mediaType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	for _, t := range DocumentTypes {
		if t.MediaType == mt {
			return t, true
		}
	}
	return DocumentType{}, false
}

// Document is a file operators attach to a contract, which the people holding
// Visitor on the contract's Documents section list and download.
type Document struct {
	ID         string           `json:"id"`
	OrgID      string           `json:"orgId"`
	ContractID string           `json:"contractId"`
	Title      string           `json:"title"`
	Category   DocumentCategory `json:"category"`
	// Date is the document's own date (YYYY-MM-DD), by which lists are ordered.
	Date string `json:"date"`
	// Filename is the name of the file the operator sent, cleaned by SafeFilename:
	// shown and given to downloads, never a storage key.
	Filename    string    `json:"filename"`
	ContentType string    `json:"contentType"`
	Size        int64     `json:"size"`
	Created     time.Time `json:"created"`
	CreatedBy   string    `json:"createdBy,omitempty"`
}

// BlobKey is where the document's bytes are kept: ids only, so that no name a
// person chose reaches a storage key.
func (d Document) BlobKey() string {
	return "documents/" + d.OrgID + "/" + d.ContractID + "/" + d.ID
}

// SafeFilename is name reduced to what any header and file system takes: letters
// and digits of ASCII (accents dropped), '.', '-' and '_', every other run of
// characters one '-', at most 100 characters, with the extension of t (which
// replaces whatever extension the name had).
func SafeFilename(name string, t DocumentType) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	var b strings.Builder
	dash := false
	for _, r := range name {
		r = fold(r)
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	base := strings.Trim(b.String(), "-.")
	if len(base) > 100-len(t.Ext) {
		base = strings.TrimRight(base[:100-len(t.Ext)], "-")
	}
	if base == "" {
		base = "document"
	}
	return base + t.Ext
}

// fold maps the accented Latin letters of French to their bare letter.
func fold(r rune) rune {
	for _, g := range []struct {
		to   rune
		from string
	}{{'a', "àâäáã"}, {'A', "ÀÂÄÁÃ"}, {'e', "éèêë"}, {'E', "ÉÈÊË"}, {'i', "îïíì"}, {'I', "ÎÏÍÌ"},
		{'o', "ôöóò"}, {'O', "ÔÖÓÒ"}, {'u', "ùûüú"}, {'U', "ÙÛÜÚ"}, {'c', "ç"}, {'C', "Ç"}, {'y', "ÿ"}, {'n', "ñ"}} {
		if strings.ContainsRune(g.from, r) {
			return g.to
		}
	}
	return r
}

// SniffDocument tells what the bytes of a file are, among DocumentTypes, by their
// content and never their name: PDF by its magic, the office formats by the ZIP
// package's own declaration of its main part ([Content_Types].xml for Office Open
// XML, the "mimetype" entry for OpenDocument). It returns false for anything else,
// a ZIP that is not one of them, or one that cannot be read.
func SniffDocument(r io.ReaderAt, size int64) (DocumentType, bool) {
	head := make([]byte, 5)
	if n, _ := r.ReadAt(head, 0); n < len(head) {
		return DocumentType{}, false
	}
	if bytes.Equal(head, []byte("%PDF-")) {
		return DocumentTypes[0], true
	}
	if !bytes.Equal(head[:4], []byte("PK\x03\x04")) {
		return DocumentType{}, false
	}
	z, err := zip.NewReader(r, size)
	if err != nil {
		return DocumentType{}, false
	}
	if inner, ok := zipEntry(z, "mimetype"); ok {
		return byInner(strings.TrimSpace(string(inner)))
	}
	ct, ok := zipEntry(z, "[Content_Types].xml")
	if !ok {
		return DocumentType{}, false
	}
	var types struct {
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if xml.Unmarshal(ct, &types) != nil {
		return DocumentType{}, false
	}
	for _, o := range types.Overrides {
		if t, ok := byInner(o.ContentType); ok {
			return t, true
		}
	}
	return DocumentType{}, false
}

// zipEntry reads a small entry of a package (at most 64 KB: a declaration, not a
// payload, so a crafted archive cannot make the check inflate gigabytes).
func zipEntry(z *zip.Reader, name string) ([]byte, bool) {
	for _, f := range z.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, false
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 64<<10))
		return b, err == nil
	}
	return nil, false
}

func byInner(inner string) (DocumentType, bool) {
	for _, t := range DocumentTypes {
		if t.inner != "" && t.inner == inner {
			return t, true
		}
	}
	return DocumentType{}, false
}

// Console is a link to one of the technical consoles of a contract's services,
// which operators set and the people who may see the contract's sheet open.
type Console struct {
	ID          string    `json:"id"`
	OrgID       string    `json:"orgId"`
	ContractID  string    `json:"contractId"`
	Name        string    `json:"name"`
	URL         string    `json:"url"`
	Description Text      `json:"description"`
	Created     time.Time `json:"created"`
	Version     int64     `json:"version"`
}
