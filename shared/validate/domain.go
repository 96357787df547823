package validate

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// idnaProfile converts a domain the way a browser looks it up (UTS #46,
// non-transitional: "faß.de" stays distinct from "fass.de"), refusing what a DNS
// name cannot hold.
var idnaProfile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.VerifyDNSLength(true), idna.Transitional(false))

// MaxDomainBytes is the longest domain name DNS carries.
const MaxDomainBytes = 253

// Domain returns the canonical form of a mail domain: trimmed, lower-cased, without
// a trailing dot, Unicode labels in their ASCII "xn--" form. It refuses anything
// that is not a name of at least two labels of letters, digits and inner hyphens
// whose last label is not all digits (so no address literal or IP address).
func Domain(s string) (string, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return "", fail(CodeRequired)
	}
	if len(s) > 4*MaxDomainBytes || !utf8.ValidString(s) {
		return "", fail(CodeDomain)
	}
	a, err := idnaProfile.ToASCII(s)
	if err != nil || len(a) > MaxDomainBytes {
		return "", fail(CodeDomain)
	}
	// A canonical name converts to itself; anything else was mangled on the way.
	if again, err := idnaProfile.ToASCII(a); err != nil || again != a {
		return "", fail(CodeDomain)
	}
	labels := strings.Split(a, ".")
	if len(labels) < 2 {
		return "", fail(CodeDomain)
	}
	for _, l := range labels {
		if !ldhLabel(l) {
			return "", fail(CodeDomain)
		}
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return "", fail(CodeDomain)
	}
	return a, nil
}

// ldhLabel reports whether l is 1 to 63 lower-case letters, digits and hyphens, not
// starting or ending with a hyphen. The IDNA profile already enforces most of it;
// checking again keeps the promise independent of the library's options.
func ldhLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Parents returns a canonical domain and each domain above it that has at least two
// labels: "a.b.example.com" gives a.b.example.com, b.example.com, example.com. A
// list that names a provider's domain thereby also covers its sub-domains.
func Parents(domain string) []string {
	var out []string
	for {
		out = append(out, domain)
		i := strings.IndexByte(domain, '.')
		if i < 0 || !strings.Contains(domain[i+1:], ".") {
			return out
		}
		domain = domain[i+1:]
	}
}
