package validate_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/validate"
)

// The fuzz targets run on their seed corpus (testdata/fuzz) as ordinary tests; run
// `go test -fuzz FuzzEmail ./shared/validate` to explore further.

func FuzzDomain(f *testing.F) {
	for _, s := range []string{"example.com", "société.fr", "xn--socit-esab.fr", "a..b", "1.2.3.4", "ＡＢＣ.com."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := validate.Domain(s)
		if err != nil {
			if validate.CodeOf(err) == "" {
				t.Fatalf("Domain(%q): error %v has no code", s, err)
			}
			return
		}
		checkASCIIDomain(t, s, d)
		again, err := validate.Domain(d)
		if err != nil || again != d {
			t.Fatalf("Domain is not idempotent: %q -> %q -> %q, %v", s, d, again, err)
		}
		if len(validate.Parents(d)) == 0 {
			t.Fatalf("Parents(%q) is empty", d)
		}
		_ = validate.FreeMail(d)
	})
}

func checkASCIIDomain(t *testing.T, in, d string) {
	t.Helper()
	if len(d) > validate.MaxDomainBytes || !strings.Contains(d, ".") || strings.HasSuffix(d, ".") {
		t.Fatalf("Domain(%q) = %q", in, d)
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			t.Fatalf("Domain(%q) = %q holds %q", in, d, c)
		}
	}
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"zoe@acme.example", "Zoé@acme.example", "a+b@société.fr", "\"q\"@x.fr", "a@b@c.fr", "x@[1.2.3.4]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := validate.Email(s)
		if err != nil {
			if validate.CodeOf(err) == "" {
				t.Fatalf("Email(%q): error %v has no code", s, err)
			}
			return
		}
		if len(e) > validate.MaxEmailBytes || strings.Count(e, "@") != 1 || strings.ContainsAny(e, " \r\n\"<>,;:\\") {
			t.Fatalf("Email(%q) = %q", s, e)
		}
		if e != strings.ToLower(e) {
			t.Fatalf("Email(%q) = %q is not lower case", s, e)
		}
		checkASCIIDomain(t, s, validate.DomainOf(e))
		again, err := validate.Email(e)
		if err != nil || again != e {
			t.Fatalf("Email is not idempotent: %q -> %q -> %q, %v", s, e, again, err)
		}
	})
}

func FuzzPassword(f *testing.F) {
	for _, s := range []string{"Correct#Horse9", "password", "P@ssw0rd2026!", "", "Aa1#", "é-Ê9xyzwv", "\xff\xfe"} {
		f.Add(s, "zoe.martin@acme.example")
	}
	f.Fuzz(func(t *testing.T, pw, personal string) {
		problems := validate.PasswordProblems(pw, personal)
		s := validate.PasswordStrength(pw, personal)
		if s.Score < 0 || s.Score > 4 || s.Level == "" {
			t.Fatalf("PasswordStrength(%q) = %+v", pw, s)
		}
		if (len(problems) == 0) != (s.Score > 0) || len(problems) != len(s.Problems) {
			t.Fatalf("PasswordStrength(%q) = %+v but problems %v", pw, s, problems)
		}
		if len(problems) == 0 {
			if utf8.RuneCountInString(pw) < validate.MinPasswordLen || len(pw) > validate.MaxPasswordBytes ||
				!strings.ContainsAny(pw, validate.PasswordSymbols) || !strings.ContainsAny(pw, "0123456789") {
				t.Fatalf("PasswordProblems accepted %q", pw)
			}
		}
	})
}
