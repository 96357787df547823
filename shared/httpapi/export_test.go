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

func codesOf(f portal.Fields) []string {
	var out []string
	for _, e := range f {
		out = append(out, e.Code)
	}
	return out
}
