package seed_test

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/blob/folder"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/table"
)

func TestDemoFilesAreRealPDFsAndConsoles(t *testing.T) {
	s := newStore(t, table.Options{})
	blobs := folder.New(t.TempDir(), "http://localhost:8080", []byte("a secret of thirty-two bytes...."), nil)
	ctx := context.Background()
	if _, err := seed.Demo(ctx, s, time.Now()); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second run finds its mark and writes nothing
		if err := seed.DemoFiles(ctx, s, blobs, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	docs, _, err := s.DocumentsPage(ctx, seed.DemoOrgID, seed.DemoContract.ID, "", 10, "")
	if err != nil || len(docs) != 2 || docs[0].Category != portal.CategoryAmendment {
		t.Fatalf("the demo contract's documents: %+v %v", docs, err)
	}
	rc, info, err := blobs.Get(ctx, docs[0].BlobKey())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	rc.Close()
	if typ, ok := portal.SniffDocument(bytes.NewReader(body), info.Size); !ok || typ.MediaType != "application/pdf" || info.Size != docs[0].Size {
		t.Errorf("the file is not the PDF it is listed as: %v %+v", ok, info)
	}
	consoles, err := s.Consoles(ctx, seed.DemoOrgID, "DEMOCONTRACT0000000000002")
	if err != nil || len(consoles) != 2 {
		t.Errorf("consoles: %+v %v", consoles, err)
	}
}

// TestPDFCrossReferencesPointAtTheirObjects checks the one thing a minimal PDF can
// get wrong: its xref table's offsets and startxref.
func TestPDFCrossReferencesPointAtTheirObjects(t *testing.T) {
	b := seed.PDF("Hello (world)", `back\slash`)
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no startxref: %q", b)
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 6\n")) {
		t.Fatalf("startxref %d does not point at the table", xref)
	}
	for i, off := range regexp.MustCompile(`(\d{10}) 00000 n`).FindAllSubmatch(b[xref:], -1) {
		n, _ := strconv.Atoi(string(off[1]))
		if want := strconv.Itoa(i+1) + " 0 obj"; !bytes.HasPrefix(b[n:], []byte(want)) {
			t.Errorf("object %d's offset %d points at %q", i+1, n, b[n:min(n+10, len(b))])
		}
	}
}
