package httpapi_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/portal"
)

// behindCloudFront makes the env read the caller's address from CloudFront's header.
func behindCloudFront(e *apitest.Env) {
	e.Deps.ClientIPHeader = "CloudFront-Viewer-Address"
	e.Srv = httpapi.New(e.Deps, areas.All())
}

// A viewer address is the client's to write: one with a zone, whatever its bytes, is
// no address, and sign-in goes on with the connection's.
func TestOddViewerAddressesAreDropped(t *testing.T) {
	e := apitest.NewEnv(t)
	behindCloudFront(e)
	zoe := e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	for _, v := range []string{"fe80::1%\xff\xfe:443", "fe80::1%x;=1+1;@SUM(2+2):443", "[fe80::1%eth0]:443"} {
		r := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Secret#Pass1"}`, "", "CloudFront-Viewer-Address", v)
		if r.Code != 200 {
			t.Fatalf("viewer address %q: %d %v", v, r.Code, r.Body)
		}
	}
	logins, _, err := e.Store.SignIns(context.Background(), "acme", zoe.ID, 10, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(logins) != 3 {
		t.Fatalf("%d sign-ins recorded, want 3", len(logins))
	}
	for _, l := range logins {
		if l.IP != e.IP {
			t.Errorf("sign-in recorded from %q, want the connection's %q", l.IP, e.IP)
		}
	}
}

// Per-address limits count a whole IPv6 /64 as one address: a customer network
// hands out /64s, so the addresses inside one are the same caller.
func TestIPv6LimitsKeyOnTheSlash64(t *testing.T) {
	e := apitest.NewEnv(t)
	behindCloudFront(e)
	limited := false
	for i := 0; i <= auth.SignInPerIP.Max; i++ {
		addr := fmt.Sprintf("2001:db8:1:2:%x::%x:443", i, 3*i+1)
		r := e.Call("POST", "/api/v1/session", `{"email":"nobody@acme.example","password":"Secret#Pass1"}`, "", "CloudFront-Viewer-Address", addr)
		if r.Code == 429 {
			limited = true
		}
	}
	if !limited {
		t.Fatalf("%d sign-ins from one /64 were never limited", auth.SignInPerIP.Max+1)
	}
	r := e.Call("POST", "/api/v1/session", `{"email":"nobody@acme.example","password":"Secret#Pass1"}`, "", "CloudFront-Viewer-Address", "2001:db8:1:3::1:443")
	if r.Code == 429 {
		t.Fatal("the next /64 was limited too")
	}
}
