package clientaddr_test

import (
	"net/netip"
	"testing"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/clientaddr"
)

func TestFromViewerHeader(t *testing.T) {
	cases := map[string]string{
		"198.51.100.10:46532":       "198.51.100.10",
		"2001:db8:cafe::17:46532":   "2001:db8:cafe::17",
		"2001:db8::17:443":          "2001:db8::17",
		"[2001:db8::17]:443":        "2001:db8::17",
		"::ffff:198.51.100.10:1":    "198.51.100.10",
		" 198.51.100.10:1 ":         "198.51.100.10",
		"":                          "",
		"<script>":                  "",
		"198.51.100.10":             "",
		"[::1]:-1":                  "",
		"fe80::1%eth0:443":          "",
		"fe80::1%\xff\xfe:443":      "",
		"[fe80::1%25x]:443":         "",
		"fe80::1%x;=1+1;@SUM(2+2)":  "",
		"2001:db8::1:+443":          "",
		"2001:db8::1:0443":          "",
		"2001:db8::1:65536":         "",
		"198.51.100.10:46532, evil": "",
	}
	for in, want := range cases {
		if got := clientaddr.FromViewerHeader(in); got != want {
			t.Errorf("FromViewerHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFromConnection(t *testing.T) {
	cases := map[string]string{
		"203.0.113.7:5555":     "203.0.113.7",
		"[2001:db8::9]:443":    "2001:db8::9",
		"203.0.113.7":          "203.0.113.7",
		"2001:db8::9":          "2001:db8::9",
		"[fe80::1%eth0]:443":   "",
		"fe80::1%eth0":         "",
		"":                     "",
		"pipe":                 "",
		"::ffff:203.0.113.7":   "203.0.113.7",
		"[::ffff:10.0.0.1]:80": "10.0.0.1",
	}
	for in, want := range cases {
		if got := clientaddr.FromConnection(in); got != want {
			t.Errorf("FromConnection(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzAddress holds both readers to what the rest of the code relies on: an
// answer is empty or a plain, zone-free address in canonical form, valid UTF-8, that
// reads back as itself.
func FuzzAddress(f *testing.F) {
	for _, s := range []string{"198.51.100.10:46532", "2001:db8:cafe::17:46532", "[::1]:80", "fe80::1%\xff:1", "::ffff:1.2.3.4", "1.2.3.4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, got := range []string{clientaddr.FromViewerHeader(s), clientaddr.FromConnection(s)} {
			if got == "" {
				continue
			}
			a, err := netip.ParseAddr(got)
			if err != nil || a.Zone() != "" || a.String() != got || a.Is4In6() || !utf8.ValidString(got) {
				t.Fatalf("%q read as %q", s, got)
			}
		}
	})
}
