package httpapi

import "github.com/guichet/guichet/shared/portal"

// Hooks that the fuzz targets of package httpapi_test reach the unexported form
// rules through.

// CleanLogin checks a login as the user forms do; it returns the login as kept and
// the field-error codes.
func CleanLogin(login string) (string, []string) {
	var f portal.Fields
	out := cleanLogin(&f, login)
	return out, codesOf(f)
}

// ImportedRow is what FuzzParseImport sees of a parsed row.
type ImportedRow struct {
	Line         int
	Email, Login string
	Codes        []string
}

// ParseImport parses a CSV import file as the import route does.
func ParseImport(raw []byte) ([]ImportedRow, error) {
	rows, err := parseImport(raw)
	out := make([]ImportedRow, len(rows))
	for i, r := range rows {
		out[i] = ImportedRow{Line: r.Line, Email: r.Email, Login: r.Login, Codes: codesOf(r.fields)}
	}
	return out, err
}

// HasFieldMessage reports whether a field-error code has its messages.
func HasFieldMessage(code string) bool {
	_, ok := fieldMessages[code]
	return ok
}

func codesOf(f portal.Fields) []string {
	var out []string
	for _, e := range f {
		out = append(out, e.Code)
	}
	return out
}
