package validate_test

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/validate"
)

func TestLaunchURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"  https://prepress.example/login  ", "https://prepress.example/login"},
		{"http://intranet.acme.example:8443/app?tenant=acme", "http://intranet.acme.example:8443/app?tenant=acme"},
		{"https://société.example/", "https://xn--socit-esab.example/"},
		{"HTTPS://Apps.Example/#/start", "https://apps.example/#/start"},
	} {
		if got, err := validate.LaunchURL(c.in); err != nil || got != c.want {
			t.Errorf("LaunchURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{
		"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,hi", "vbscript:x", "prepress.example", "//prepress.example/x",
		"ftp://files.example", "https://user:pw@apps.example", "https:///nohost", "https://bad host.example", "http://apps.example:99999",
		"https://apps.example/\nx", "https://" + string(make([]byte, 600)),
	} {
		if _, err := validate.LaunchURL(bad); validate.CodeOf(err) == "" {
			t.Errorf("LaunchURL(%q) accepted", bad)
		}
	}
}

func TestConsoleURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://console.example.com/tenant/42?x=1": "https://console.example.com/tenant/42?x=1",
		"  HTTPS://Console.Example.com:8443/ ":      "https://console.example.com:8443/",
	} {
		if got, err := validate.ConsoleURL(in); err != nil || got != want {
			t.Errorf("validate.ConsoleURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, code := range map[string]string{
		"":                                         validate.CodeRequired,
		"http://console.example.com":               validate.CodeURLHTTPS,
		"javascript:alert(1)":                      validate.CodeURLHTTPS,
		"JavaScript:alert(document.cookie)":        validate.CodeURLHTTPS,
		"data:text/html,<script>x</script>":        validate.CodeURLHTTPS,
		"ftp://files.example.com":                  validate.CodeURLHTTPS,
		"https://admin:secret@console.example.com": validate.CodeURLCredentials,
		"https://admin@console.example.com":        validate.CodeURLCredentials,
		"https://":                                 validate.CodeURL,
		"https:///path":                            validate.CodeURL,
		"//console.example.com":                    validate.CodeURL,
		"console.example.com":                      validate.CodeURL,
		"https://exa mple.com":                     validate.CodeURL,
		"https://console.example.com/a\nb":         validate.CodeURL,
		"https://" + strings.Repeat("a", 600) + ".example.com": validate.CodeTooLong,
	} {
		if _, err := validate.ConsoleURL(in); validate.CodeOf(err) != code {
			t.Errorf("validate.ConsoleURL(%q): %v, want %s", in, err, code)
		}
	}
}
