package csvout_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/csvout"
)

// Whatever separator a spreadsheet splits on (comma, or semicolon in French, or
// tab), every cell stays one cell and none starts with a formula character.
func TestNoCellBecomesAFormulaWhateverTheSeparator(t *testing.T) {
	hostile := []string{"fe80::1%x;=1+1;@SUM(2+2)", "=HYPERLINK(\"http://evil\")", "+1", "-1", "@SUM(1)", "\t=1", "\r=1",
		"a,=1", "a\t=1", "a\n=1", `"=1`, "ok"}
	var b bytes.Buffer
	w := csvout.NewWriter(&b)
	if err := w.Write(hostile...); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(b.String()))
	rec, err := r.Read()
	if err != nil || len(rec) != len(hostile) {
		t.Fatalf("%q read back as %q (%v)", b.String(), rec, err)
	}
	// Split as the most careless reader would: on any separator or line break,
	// quotes ignored.
	pieces := strings.FieldsFunc(b.String(), func(r rune) bool { return strings.ContainsRune(",;\t\r\n", r) })
	for _, p := range pieces {
		p = strings.TrimLeft(p, "\" ")
		if p != "" && strings.ContainsRune("=+-@", rune(p[0])) {
			t.Errorf("a piece starts a formula: %q in %q", p, b.String())
		}
	}
	if !strings.HasSuffix(b.String(), "\r\n") {
		t.Errorf("a record ends with CRLF: %q", b.String())
	}
	if rec[len(rec)-1] != "ok" || rec[0] != "fe80::1%x;'=1+1;'@SUM(2+2)" {
		t.Errorf("cells changed beyond their apostrophes: %q", rec)
	}
}
