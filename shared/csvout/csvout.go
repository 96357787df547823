// Package csvout writes CSV files that people open in a spreadsheet: every export of
// the portal goes through it, so that no cell a client wrote can run as a formula.
package csvout

import (
	"bufio"
	"io"
	"strings"
)

// BOM starts a UTF-8 file so that spreadsheets read its accents right.
const BOM = "\xef\xbb\xbf"

// Writer writes records, each cell quoted and neutralised (see Cell).
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter writes to w; call Flush at the end.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriter(w)} }

// Write writes one record, its lines ending in CRLF as RFC 4180 has them.
func (w *Writer) Write(cells ...string) error {
	for i, c := range cells {
		if i > 0 {
			w.put(",")
		}
		w.put(`"` + strings.ReplaceAll(Cell(c), `"`, `""`) + `"`)
	}
	w.put("\r\n")
	return w.err
}

func (w *Writer) put(s string) {
	if w.err == nil {
		_, w.err = w.w.WriteString(s)
	}
}

// Flush writes what is buffered and reports the first error of any write.
func (w *Writer) Flush() error {
	if w.err == nil {
		w.err = w.w.Flush()
	}
	return w.err
}

// Cell neutralises what a spreadsheet could read as a formula: wherever a cell may
// start, at the beginning or after a separator of any locale (comma, semicolon,
// tab) or a line break, a =, +, -, @, tab or carriage return gets an apostrophe
// before it. A French Excel splits on semicolons, and a lenient reader may split
// inside quotes, so the start of the cell is not the only place a formula can begin.
// Quotes and spaces before the character do not hide it.
func Cell(s string) string {
	var b strings.Builder
	start := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case start && strings.IndexByte(trigger, c) >= 0:
			b.WriteByte('\'')
			start = c == '\t' || c == '\r'
		case strings.IndexByte(separators, c) >= 0:
			start = true
		case c != '"' && c != ' ':
			start = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

const (
	// trigger starts a formula, or hides one behind it.
	trigger = "=+-@\t\r"
	// separators may start a new cell or line in some spreadsheet.
	separators = ",;\t\r\n"
)
