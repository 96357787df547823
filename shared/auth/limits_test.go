package auth_test

import (
	"testing"

	"github.com/guichet/guichet/shared/auth"
)

func TestTrustedNetworks(t *testing.T) {
	tr, err := auth.ParseTrusted(" 127.0.0.0/8, ::1/128 ,10.1.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	for ip, want := range map[string]bool{"127.0.0.1": true, "::1": true, "::ffff:127.0.0.2": true, "10.1.200.3": true, "10.2.0.1": false, "203.0.113.7": false, "not-an-ip": false} {
		if got := tr.Contains(ip); got != want {
			t.Errorf("Contains(%q) = %v, want %v", ip, got, want)
		}
	}
	if _, err := auth.ParseTrusted("127.0.0.1"); err == nil {
		t.Fatal("a bare address is not a prefix")
	}
	if tr, err := auth.ParseTrusted(""); err != nil || tr.Contains("127.0.0.1") {
		t.Fatal("no networks are trusted by default")
	}
}
