package orgadmin

// Hooks that the fuzz target of package orgadmin_test reaches the import's parser
// through.

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
		out[i] = ImportedRow{Line: r.Line, Email: r.Email, Login: r.Login}
		for _, e := range r.fields {
			out[i].Codes = append(out[i].Codes, e.Code)
		}
	}
	return out, err
}
