package validate_test

import (
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
