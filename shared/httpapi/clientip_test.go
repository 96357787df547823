package httpapi

import (
	"net/http/httptest"
	"testing"
)

func TestClientIPComesFromTheConfiguredHeaderOnly(t *testing.T) {
	cases := []struct {
		remote, header, value, want string
	}{
		{"203.0.113.7:5555", "", "", "203.0.113.7"},
		{"[2001:db8::9]:443", "", "", "2001:db8::9"},
		// Without a configured header, a client cannot choose its address.
		{"203.0.113.7:5555", "", "198.51.100.1:1", "203.0.113.7"},
		{"10.0.0.1:5555", "CloudFront-Viewer-Address", "198.51.100.10:46532", "198.51.100.10"},
		{"10.0.0.1:5555", "CloudFront-Viewer-Address", "2001:db8:cafe::17:46532", "2001:db8:cafe::17"},
		// A configured header that is missing or garbage falls back to the connection.
		{"10.0.0.1:5555", "CloudFront-Viewer-Address", "", "10.0.0.1"},
		{"10.0.0.1:5555", "CloudFront-Viewer-Address", "<script>", "10.0.0.1"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.value != "" {
			r.Header.Set("CloudFront-Viewer-Address", c.value)
		}
		if got := resolveClientIP(r, c.header); got != c.want {
			t.Errorf("remote %q header %q=%q: got %q, want %q", c.remote, c.header, c.value, got, c.want)
		}
	}
}
