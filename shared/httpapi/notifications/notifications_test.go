package notifications_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/notify"
	"github.com/guichet/guichet/shared/portal"
)

// tell queues n events of a kind to people and drains the outbox, as the features
// and the notify-drain job do, a minute apart each.
func tell(t *testing.T, e *apitest.Env, kind portal.EventKind, org string, n int, people ...string) {
	t.Helper()
	for i := range n {
		e.Clock.Advance(time.Minute)
		op, err := notify.Enqueue(notify.Event{Kind: kind, OrgID: org, To: notify.Audience{UserIDs: people},
			Params: map[string]string{"Browser": fmt.Sprintf("Firefox %d", i)}, Link: "/account"}, e.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Store.Table().Transact(context.Background(), op); err != nil {
			t.Fatal(err)
		}
	}
	e.DrainEvents()
}

func items(r apitest.Resp) []map[string]any {
	var out []map[string]any
	for _, it := range r.Body["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func unread(t *testing.T, e *apitest.Env, b apitest.As) float64 {
	t.Helper()
	r := e.Do(b, "GET", "/api/v1/notifications/unread", "")
	if r.Code != 200 {
		t.Fatalf("unread: %d %v", r.Code, r.Body)
	}
	return r.Body["unread"].(float64)
}

func TestAPersonReadsPagesAndClearsTheirNotifications(t *testing.T) {
	e := apitest.NewEnv(t)
	ann := e.Person("acme", portal.RoleUser, "Ann", "Lee", "ann@acme.example")
	b := e.Browser(ann.Email, apitest.StaffPW)

	r := e.Do(b, "GET", "/api/v1/notifications", "")
	if r.Code != 200 || len(items(r)) != 0 || r.Body["unread"].(float64) != 0 {
		t.Fatalf("empty centre: %d %v", r.Code, r.Body)
	}
	tell(t, e, portal.EventNewDevice, "acme", 5, ann.ID)

	// The bell reads one item.
	r = e.Do(b, "GET", "/api/v1/notifications/unread", "")
	if r.Code != 200 || r.Body["unread"].(float64) != 5 || r.Trips != "2" {
		t.Fatalf("unread: %d %v, %s round trips (session and count)", r.Code, r.Body, r.Trips)
	}
	r = e.Do(b, "GET", "/api/v1/notifications?limit=3", "")
	page1 := items(r)
	if r.Code != 200 || len(page1) != 3 || r.Body["next"] == nil || r.Body["unread"].(float64) != 5 || r.Trips != "3" {
		t.Fatalf("page 1: %d %v", r.Code, r.Body)
	}
	r = e.Do(b, "GET", "/api/v1/notifications?limit=3&cursor="+r.Body["next"].(string), "")
	page2 := items(r)
	if r.Code != 200 || len(page2) != 2 || r.Body["next"] != nil {
		t.Fatalf("page 2: %d %v", r.Code, r.Body)
	}
	all := append(page1, page2...)
	var browsers []string
	for _, n := range all {
		if n["kind"] != "new_device" || n["read"] != false || n["link"] != "/account" {
			t.Fatalf("notification: %v", n)
		}
		browsers = append(browsers, n["params"].(map[string]any)["Browser"].(string))
	}
	if !slices.Equal(browsers, []string{"Firefox 4", "Firefox 3", "Firefox 2", "Firefox 1", "Firefox 0"}) {
		t.Fatalf("not newest first: %v", browsers)
	}

	r = e.Do(b, "POST", "/api/v1/notifications/"+all[1]["id"].(string)+"/read", "")
	if r.Code != 200 || r.Body["unread"].(float64) != 4 {
		t.Fatalf("mark one: %d %v", r.Code, r.Body)
	}
	// Marking it again changes nothing.
	if r = e.Do(b, "POST", "/api/v1/notifications/"+all[1]["id"].(string)+"/read", ""); r.Code != 200 || r.Body["unread"].(float64) != 4 {
		t.Fatalf("mark again: %d %v", r.Code, r.Body)
	}
	r = e.Do(b, "GET", "/api/v1/notifications", "")
	if got := items(r); got[1]["read"] != true || got[0]["read"] != false {
		t.Fatalf("after marking one: %v", got)
	}
	if r = e.Do(b, "POST", "/api/v1/notifications/read-all", ""); r.Code != 200 || r.Body["unread"].(float64) != 0 {
		t.Fatalf("mark all: %d %v", r.Code, r.Body)
	}
	for _, n := range items(e.Do(b, "GET", "/api/v1/notifications", "")) {
		if n["read"] != true {
			t.Fatalf("left unread after marking all: %v", n)
		}
	}
	// A later one is unread again.
	tell(t, e, portal.EventPasswordChanged, "acme", 1, ann.ID)
	if n := unread(t, e, b); n != 1 {
		t.Fatalf("%v unread after a new one", n)
	}
}

func TestNotificationsPastTheirLifeAreNotShown(t *testing.T) {
	e := apitest.NewEnv(t)
	ann := e.Person("acme", portal.RoleUser, "Ann", "Lee", "ann@acme.example")
	b := e.Browser(ann.Email, apitest.StaffPW)
	tell(t, e, portal.EventNewDevice, "acme", 2, ann.ID)
	e.Clock.Advance(100 * 24 * time.Hour)
	tell(t, e, portal.EventNewDevice, "acme", 1, ann.ID)
	b = e.Browser(ann.Email, apitest.StaffPW) // the first session ended meanwhile
	if got := len(items(e.Do(b, "GET", "/api/v1/notifications", ""))); got != 3 || unread(t, e, b) != 3 {
		t.Fatalf("%d shown", got)
	}
	e.Clock.Advance(81 * 24 * time.Hour)
	b = e.Browser(ann.Email, apitest.StaffPW)
	r := e.Do(b, "GET", "/api/v1/notifications", "")
	if got := len(items(r)); got != 1 || r.Body["unread"].(float64) != 1 || unread(t, e, b) != 1 {
		t.Fatalf("181 days later, %d shown, %v unread; want only the 81-day-old one", got, r.Body["unread"])
	}
}

func TestNobodyReadsOrMarksAnothersNotification(t *testing.T) {
	e := apitest.NewEnv(t)
	ann := e.Person("acme", portal.RoleUser, "Ann", "Lee", "ann@acme.example")
	bob := e.Person("acme", portal.RoleAdmin, "Bob", "Boss", "bob@acme.example")
	eve := e.Person("globex", portal.RoleAdmin, "Eve", "Other", "eve@globex.example")
	tell(t, e, portal.EventNewDevice, "acme", 1, ann.ID)
	annB := e.Browser(ann.Email, apitest.StaffPW)
	id := items(e.Do(annB, "GET", "/api/v1/notifications", ""))[0]["id"].(string)

	for _, who := range []string{bob.Email, eve.Email} {
		b := e.Browser(who, apitest.StaffPW)
		if got := items(e.Do(b, "GET", "/api/v1/notifications", "")); len(got) != 0 {
			t.Fatalf("%s reads %v", who, got)
		}
		if r := e.Do(b, "POST", "/api/v1/notifications/"+id+"/read", ""); r.Code != 404 || r.ErrCode() != "notification_not_found" {
			t.Fatalf("%s marked ann's notification: %d %v", who, r.Code, r.Body)
		}
		if r := e.Do(b, "POST", "/api/v1/notifications/read-all", ""); r.Code != 200 {
			t.Fatalf("%s marking their own: %d", who, r.Code)
		}
	}
	if n := unread(t, e, annB); n != 1 {
		t.Fatalf("ann has %v unread after the others marked", n)
	}
	for _, bad := range []string{"..%2F..%2Fx", "a%00b", "x%27%20OR%201%3D1", "%3Cscript%3E"} {
		if r := e.Do(annB, "POST", "/api/v1/notifications/"+bad+"/read", ""); r.Code != 404 {
			t.Fatalf("id %q: %d %v", bad, r.Code, r.Body)
		}
	}
	if r := e.Do(annB, "GET", "/api/v1/notifications?limit=0", ""); r.Code != 400 {
		t.Fatalf("limit 0: %d", r.Code)
	}
	if r := e.Do(annB, "GET", "/api/v1/notifications?cursor=forged", ""); r.Code != 400 || r.ErrCode() != "bad_cursor" {
		t.Fatalf("forged cursor: %d %v", r.Code, r.Body)
	}

	// Someone logged in as ann reads what she would, and marks nothing.
	r, as, _ := e.Impersonate(e.Browser(bob.Email, apitest.StaffPW), `{"userId":"`+ann.ID+`","reason":"Helping with her settings"}`)
	if r.Code != 201 {
		t.Fatalf("log in as: %d %v", r.Code, r.Body)
	}
	if got := items(e.Do(as, "GET", "/api/v1/notifications", "")); len(got) != 1 {
		t.Fatalf("logged in as ann: %v", got)
	}
	for _, path := range []string{"/api/v1/notifications/" + id + "/read", "/api/v1/notifications/read-all"} {
		if r := e.Do(as, "POST", path, ""); r.Code != 403 || r.ErrCode() != "impersonation_forbidden" {
			t.Fatalf("%s logged in as ann: %d %v", path, r.Code, r.Body)
		}
	}
	if r := e.Do(as, "PUT", "/api/v1/me/notification-preferences", `{"mail":{"budget_threshold":false},"version":0}`); r.Code != 403 {
		t.Fatalf("preferences logged in as ann: %d", r.Code)
	}
	if r := e.Do(annB, "GET", "/api/v1/notifications", ""); r.Code != 200 {
		t.Fatal(r.Code)
	}
	if r := e.Call("GET", "/api/v1/notifications/unread", "", ""); r.Code != 401 {
		t.Fatalf("anonymous: %d", r.Code)
	}
}

func TestPreferencesPerKind(t *testing.T) {
	e := apitest.NewEnv(t)
	ann := e.Person("acme", portal.RoleUser, "Ann", "Lee", "ann@acme.example")
	b := e.Browser(ann.Email, apitest.StaffPW)
	r := e.Do(b, "GET", "/api/v1/me/notification-preferences", "")
	if r.Code != 200 || r.Body["version"].(float64) != 0 {
		t.Fatalf("%d %v", r.Code, r.Body)
	}
	kinds := map[string]map[string]any{}
	for _, k := range r.Body["kinds"].([]any) {
		k := k.(map[string]any)
		kinds[k["kind"].(string)] = k
	}
	if len(kinds) != len(portal.EventKinds) {
		t.Fatalf("%d kinds listed, the catalogue has %d", len(kinds), len(portal.EventKinds))
	}
	for kind, want := range map[string]string{"outage_started": "always_managers", "budget_threshold": "optional", "new_device": "always", "password_changed": "always"} {
		if kinds[kind]["rule"] != want || kinds[kind]["mail"] != true {
			t.Errorf("%s: %v, want rule %s and mail on", kind, kinds[kind], want)
		}
	}

	bad := e.Do(b, "PUT", "/api/v1/me/notification-preferences", `{"mail":{"party":false,"new_device":false,"budget_threshold":false},"version":0}`)
	codes := bad.FieldCodes()
	slices.Sort(codes)
	if bad.Code != 400 || !slices.Equal(codes, []string{"mail.new_device:mail_mandatory", "mail.party:unknown_kind"}) {
		t.Fatalf("unknown and mandatory kinds: %d %v", bad.Code, bad.Body)
	}
	// Nothing was saved.
	if r := e.Do(b, "GET", "/api/v1/me/notification-preferences", ""); r.Body["version"].(float64) != 0 {
		t.Fatalf("a refused change saved: %v", r.Body)
	}
	// Switching a security kind on is no change at all; outages may be switched off
	// (they stay mailed about the contracts the person manages).
	r = e.Do(b, "PUT", "/api/v1/me/notification-preferences", `{"mail":{"new_device":true,"budget_threshold":false,"outage_started":false},"version":0}`)
	if r.Code != 200 || r.Body["version"].(float64) != 1 {
		t.Fatalf("save: %d %v", r.Code, r.Body)
	}
	// A kind not named keeps its choice.
	r = e.Do(b, "PUT", "/api/v1/me/notification-preferences", `{"mail":{"outage_started":true},"version":1}`)
	if r.Code != 200 {
		t.Fatalf("second save: %d %v", r.Code, r.Body)
	}
	got := map[string]bool{}
	for _, k := range r.Body["kinds"].([]any) {
		k := k.(map[string]any)
		got[k["kind"].(string)] = k["mail"].(bool)
	}
	if got["budget_threshold"] || !got["outage_started"] || !got["new_device"] {
		t.Fatalf("preferences: %v", got)
	}
	if r := e.Do(b, "PUT", "/api/v1/me/notification-preferences", `{"mail":{},"version":1}`); r.Code != 409 || r.ErrCode() != "version_conflict" {
		t.Fatalf("stale version: %d %v", r.Code, r.Body)
	}
	p, err := e.Store.NotificationPrefs(context.Background(), "acme", ann.ID)
	if err != nil || !slices.Equal(p.MailOff, []portal.EventKind{portal.EventBudgetThreshold}) {
		t.Fatalf("stored %+v %v", p, err)
	}
}
