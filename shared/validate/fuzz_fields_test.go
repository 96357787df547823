package validate_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/validate"
)

// The form fields' rules, fuzzed: whatever a client sends, each rule either refuses
// it with a field-error code or returns a value of the promised shape that the rule
// accepts again unchanged.

// checkCode fails when a refusal carries no field-error code, which the HTTP layer
// would have to report as an internal error.
func checkCode(t *testing.T, rule, in string, err error) {
	t.Helper()
	if validate.CodeOf(err) == "" {
		t.Fatalf("%s(%q): error %v has no code", rule, in, err)
	}
}

var phoneShape = regexp.MustCompile(`^(\+[0-9]{8,15}|[0-9]{6,15})$`)

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"+33 1 23 45 67 89", "01.23.45.67.89", "0033 (0)1 23", "+", "١٢٣٤٥٦٧٨", "+33\r\n1234567", "12345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := validate.Phone(s)
		if err != nil {
			checkCode(t, "Phone", s, err)
			return
		}
		if !phoneShape.MatchString(p) {
			t.Fatalf("Phone(%q) = %q", s, p)
		}
		if again, err := validate.Phone(p); err != nil || again != p {
			t.Fatalf("Phone is not idempotent: %q -> %q -> %q, %v", s, p, again, err)
		}
	})
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"Zoé Martin", "  a  ", "a\r\nb", "a\x00b", "\u202egnp.exe", "<script>alert(1)</script>", "\xff"} {
		f.Add(s, 10, false)
	}
	f.Fuzz(func(t *testing.T, s string, max int, multiline bool) {
		if max < 1 || max > 1000 {
			return
		}
		out, err := validate.Text(s, max, true, multiline)
		if err != nil {
			checkCode(t, "Text", s, err)
			return
		}
		if out == "" || out != strings.TrimSpace(out) || !utf8.ValidString(out) || utf8.RuneCountInString(out) > max {
			t.Fatalf("Text(%q, %d) = %q", s, max, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) && !(multiline && strings.ContainsRune("\r\n\t", r)) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
				t.Fatalf("Text(%q) kept the control character %U", s, r)
			}
		}
		if again, err := validate.Text(out, max, true, multiline); err != nil || again != out {
			t.Fatalf("Text is not idempotent: %q -> %q -> %q, %v", s, out, again, err)
		}
	})
}

var registrationShape = regexp.MustCompile(`^[A-Z0-9]{4,20}$`)

func FuzzRegistrationNo(f *testing.F) {
	for _, s := range [][2]string{{"732 829 320", "FR"}, {"73282932000074", "fr"}, {"FR44732829320", "DE"}, {"HRB 12345", "DE"}, {"ÀB12", "BE"}, {"", "XX"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, s, country string) {
		c, err := validate.Country(country)
		if err != nil {
			checkCode(t, "Country", country, err)
			c = ""
		} else if len(c) != 2 || strings.ToUpper(c) != c {
			t.Fatalf("Country(%q) = %q", country, c)
		}
		n, err := validate.RegistrationNo(s, c)
		if err != nil {
			checkCode(t, "RegistrationNo", s, err)
			return
		}
		if !registrationShape.MatchString(n) {
			t.Fatalf("RegistrationNo(%q, %q) = %q", s, c, n)
		}
		if again, err := validate.RegistrationNo(n, c); err != nil || again != n {
			t.Fatalf("RegistrationNo is not idempotent: %q -> %q -> %q, %v", s, n, again, err)
		}
	})
}

func FuzzWebsite(f *testing.F) {
	for _, s := range []string{"acme.example", "https://société.fr/accueil/", "javascript:alert(1)", "http://user@x.fr", "https://x.fr:8443", "//x.fr/../..", "https://x.fr/%2e%2e/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := validate.Website(s)
		if err != nil {
			checkCode(t, "Website", s, err)
			return
		}
		if w == "" {
			return // an empty field is allowed
		}
		u, err := url.Parse(w)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Port() != "" {
			t.Fatalf("Website(%q) = %q (%v)", s, w, err)
		}
		checkASCIIDomain(t, s, u.Hostname())
		if again, err := validate.Website(w); err != nil || again != w {
			t.Fatalf("Website is not idempotent: %q -> %q -> %q, %v", s, w, again, err)
		}
	})
}
