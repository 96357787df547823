package validate

import (
	"net/url"
	"strconv"
	"strings"
)

// maxLaunchURLBytes bounds an application's launch address, as given and as kept.
const maxLaunchURLBytes = 500

// LaunchURL returns the address where people open an application, as operators give
// it: an absolute http or https URL with a host Domain accepts (lower-cased, IDN in its
// "xn--" form), no user name or password, any port, path, query and fragment. Other
// schemes (javascript:, data:…) are refused, because the portal turns the address
// into a link people click.
func LaunchURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if len(s) > maxLaunchURLBytes {
		return "", fail(CodeTooLong)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", fail(CodeURL)
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.User != nil {
		return "", fail(CodeURL)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fail(CodeURL)
	}
	host, err := Domain(u.Hostname())
	if err != nil {
		return "", fail(CodeURL)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", fail(CodeURL)
		}
		host += ":" + p
	}
	u.Host = host
	out := u.String()
	if len(out) > maxLaunchURLBytes {
		return "", fail(CodeTooLong)
	}
	return out, nil
}

// ConsoleURL is LaunchURL for the links to a contract's technical consoles, which
// take people where they sign in to their services: required, https only
// (CodeURLHTTPS: javascript:, data: and plain http among the refused), and never
// with a user name or password (CodeURLCredentials: every reader would see them),
// with a code that tells the operator which rule the address breaks.
func ConsoleURL(s string) (string, error) {
	if u, err := url.Parse(strings.TrimSpace(s)); err == nil {
		if u.User != nil {
			return "", fail(CodeURLCredentials)
		}
		if u.Scheme != "" && !strings.EqualFold(u.Scheme, "https") {
			return "", fail(CodeURLHTTPS)
		}
	}
	out, err := LaunchURL(s)
	switch {
	case err != nil:
		return "", err
	case out == "":
		return "", fail(CodeRequired)
	case !strings.HasPrefix(out, "https://"):
		return "", fail(CodeURLHTTPS)
	}
	return out, nil
}
