package account_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// kinds lists the kinds of a person's notifications, newest first.
func kinds(t *testing.T, e *apitest.Env, u portal.User) []string {
	t.Helper()
	p, err := e.Store.Notifications(context.Background(), u.OrgID, u.ID, 100, "", e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range p.Items {
		out = append(out, string(n.Kind))
	}
	return out
}

func TestSecurityMailsAlsoNotifyInAppOnceAndOnlyForChangesThatHappen(t *testing.T) {
	e := apitest.NewEnv(t)
	zoe := e.AddUser("zoe@acme.example", "Secret#Pass1", portal.StatusReady)
	b := e.Browser("zoe@acme.example", "Secret#Pass1") // the first sign-in ever: nothing to tell

	// A refused change tells nothing.
	if r := e.Do(b, "POST", "/api/v1/me/password", `{"current":"nope","new":"New#Passw0rd"}`); r.Code != 400 {
		t.Fatalf("wrong current password: %d", r.Code)
	}
	e.DrainEvents()
	if got := kinds(t, e, zoe); len(got) != 0 {
		t.Fatalf("notified of a change that did not happen: %v", got)
	}

	if r := e.Do(b, "POST", "/api/v1/me/password", `{"current":"Secret#Pass1","new":"New#Passw0rd"}`); r.Code != 200 {
		t.Fatalf("change: %d %v", r.Code, r.Body)
	}
	e.DrainEvents()
	e.DrainEvents()
	if got := kinds(t, e, zoe); len(got) != 1 || got[0] != "password_changed" {
		t.Fatalf("notifications after the change: %v", got)
	}
	// One mail: the feature's own; the drain mails no security kind.
	if n := len(e.Mails("zoe@acme.example")); n != 1 {
		t.Fatalf("%d mails after a password change", n)
	}

	// A sign-in from a device not seen lately.
	e.IP = "198.51.100.9"
	e.Browser("zoe@acme.example", "New#Passw0rd")
	e.DrainEvents()
	p, err := e.Store.Notifications(context.Background(), zoe.OrgID, zoe.ID, 100, "", e.Clock.Now())
	if err != nil || len(p.Items) != 2 || p.Items[0].Kind != portal.EventNewDevice || p.Items[0].Params["IP"] != "198.51.100.9" || p.Unread != 2 {
		t.Fatalf("after a new device: %+v %v", p, err)
	}
	if n := len(e.Mails("zoe@acme.example")); n != 2 {
		t.Fatalf("%d mails after a new device", n)
	}

	// Wrong passwords until the account locks: the lock's mail carries the unlock
	// link; the notification carries no link with a token.
	for range auth.MaxFailedSignIns {
		e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"Wrong#Pass1"}`, "")
	}
	e.DrainEvents()
	p, _ = e.Store.Notifications(context.Background(), zoe.OrgID, zoe.ID, 100, "", e.Clock.Now())
	if len(p.Items) != 3 || p.Items[0].Kind != portal.EventAccountLocked || len(p.Items[0].Params) != 0 || strings.Contains(p.Items[0].Link, "token") {
		t.Fatalf("after the lock: %+v", p.Items)
	}
	if m := e.LastMail("zoe@acme.example"); !strings.Contains(m.Text, "token=") {
		t.Fatalf("the lock mail lost its link: %s", m.Text)
	}
}
