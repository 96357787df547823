package notify_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/notify"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

// The kinds these tests fan out, one of each mail rule (and a security kind, whose
// mail is its feature's own).
const (
	kindOptional = portal.EventBudgetThreshold
	kindManagers = portal.EventOutageStarted
)

type env struct {
	s     *store.Store
	d     *notify.Drainer
	now   time.Time
	outbx *mail.Outbox
}

func newEnv(t *testing.T) *env {
	t.Helper()
	drv, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	tb := table.New(drv, table.Options{CursorSecret: []byte("t")})
	t.Cleanup(func() { tb.Close() })
	s := store.New(tb)
	now := time.Now().UTC()
	return &env{s: s, now: now, d: &notify.Drainer{Store: s, BaseURL: "https://portal.example", Now: func() time.Time { return now }},
		outbx: mail.NewOutbox(tb, nil, mail.OutboxOptions{})}
}

func (e *env) org(t *testing.T, id string) {
	t.Helper()
	if err := e.s.CreateOrganisation(context.Background(), portal.Organisation{ID: id, Name: id}); err != nil {
		t.Fatal(err)
	}
}

// person creates a user of org with the given rights (contract -> section -> level).
func (e *env) person(t *testing.T, org, id string, role portal.Role, rights map[string]map[portal.Section]portal.Level) {
	t.Helper()
	ctx := context.Background()
	u := portal.User{ID: id, OrgID: org, Email: id + "@" + org + ".example", Login: id + "." + org, FirstName: id,
		LastName: "Test", Lang: "en", Role: role, Status: portal.StatusReady}
	if err := e.s.CreateUser(ctx, u, "x"); err != nil {
		t.Fatal(err)
	}
	if len(rights) == 0 {
		return
	}
	r := store.UserRights{OrgID: org, UserID: id}
	for c, secs := range rights {
		r = r.With(c, portal.ContractRights{Sections: secs})
	}
	if err := e.s.Table().Transact(ctx, store.PutRights(r)); err != nil {
		t.Fatal(err)
	}
}

func (e *env) enqueue(t *testing.T, ev notify.Event) {
	t.Helper()
	op, err := notify.Enqueue(ev, e.now)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.s.Table().Transact(context.Background(), op); err != nil {
		t.Fatal(err)
	}
}

func (e *env) notifications(t *testing.T, org, user string) []store.Notification {
	t.Helper()
	p, err := e.s.Notifications(context.Background(), org, user, 100, "", e.now)
	if err != nil {
		t.Fatal(err)
	}
	return p.Items
}

func (e *env) unread(t *testing.T, org, user string) int {
	t.Helper()
	n, err := e.s.UnreadNotifications(context.Background(), org, user, e.now)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// mailed reports whether the outbox holds the mail of event id to user.
func (e *env) mailed(t *testing.T, eventID, user string) bool {
	t.Helper()
	_, err := e.outbx.Lookup(context.Background(), notify.MailID(eventID, user))
	if err != nil && !portal.Is(err, portal.NotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func (e *env) drain(t *testing.T) int {
	t.Helper()
	n, err := e.d.Drain(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEventOfAFailedChangeIsNeverDelivered(t *testing.T) {
	e := newEnv(t)
	e.org(t, "acme")
	e.person(t, "acme", "ann", portal.RoleUser, nil)
	op, err := notify.Enqueue(notify.Event{Kind: kindOptional, OrgID: "acme", To: notify.Audience{UserIDs: []string{"ann"}}}, e.now)
	if err != nil {
		t.Fatal(err)
	}
	// The change the event reports fails its condition: the transaction writes nothing.
	change := table.Check(table.Key{PK: "NOWHERE", SK: "X"}, table.IfExists())
	if err := e.s.Table().Transact(context.Background(), change, op); !portal.Is(err, portal.Conflict) {
		t.Fatalf("the change should have failed: %v", err)
	}
	if n := e.drain(t); n != 0 {
		t.Fatalf("delivered %d notifications of a change that never happened", n)
	}
	if got := e.notifications(t, "acme", "ann"); len(got) != 0 || e.unread(t, "acme", "ann") != 0 {
		t.Fatalf("ann holds %+v", got)
	}
}

func TestDrainingTwiceOrConcurrentlyDeliversOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.org(t, "acme")
	people := []string{}
	for i := range 12 {
		id := fmt.Sprintf("p%02d", i)
		people = append(people, id)
		e.person(t, "acme", id, portal.RoleUser, map[string]map[portal.Section]portal.Level{"c1": {portal.SectionDashboard: portal.LevelVisitor}})
	}
	const events = 5
	for i := range events {
		e.enqueue(t, notify.Event{Kind: kindOptional, OrgID: "acme", ContractID: "c1", Params: map[string]string{"n": fmt.Sprint(i)},
			To: notify.Audience{Section: portal.SectionDashboard, Level: portal.LevelVisitor}})
	}
	pending, _, err := e.s.DueEvents(ctx, e.now, 100, "")
	if err != nil || len(pending) != events {
		t.Fatalf("%d pending, %v", len(pending), err)
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 6 {
		wg.Go(func() {
			n, err := e.d.Drain(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		})
	}
	wg.Wait()
	if want := events * len(people); total != want {
		t.Fatalf("concurrent drains wrote %d notifications, want %d", total, want)
	}
	// A drainer that died after delivering, before removing the events from the
	// outbox, leaves them there: they are drained again and deliver nothing new.
	for _, ev := range pending {
		if err := e.s.Table().Transact(ctx, store.QueueEvent(ev)); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.drain(t); n != 0 {
		t.Fatalf("a second drain wrote %d notifications", n)
	}
	for _, p := range people {
		got := e.notifications(t, "acme", p)
		if len(got) != events || e.unread(t, "acme", p) != events {
			t.Fatalf("%s holds %d notifications, %d unread; want %d", p, len(got), e.unread(t, "acme", p), events)
		}
		for _, ev := range pending {
			if !e.mailed(t, ev.ID, p) {
				t.Fatalf("%s was not mailed event %s", p, ev.ID)
			}
		}
	}
	// One mail per person and event, however often it was drained.
	if n := len(outboxItems(t, e)); n != events*len(people) {
		t.Fatalf("%d mails queued, want %d", n, events*len(people))
	}
	if left, _, _ := e.s.DueEvents(ctx, e.now, 100, ""); len(left) != 0 {
		t.Fatalf("%d events left in the outbox", len(left))
	}
}

// outboxItems lists the queued mail.
func outboxItems(t *testing.T, e *env) []table.Item {
	t.Helper()
	page, err := e.s.Table().Query(context.Background(), table.Query{Index: table.GSI1, PK: mail.OutboxPending, Limit: table.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func TestAudienceBySectionAndLevel(t *testing.T) {
	e := newEnv(t)
	e.org(t, "acme")
	e.org(t, "other")
	dash := func(l portal.Level) map[string]map[portal.Section]portal.Level {
		return map[string]map[portal.Section]portal.Level{"c1": {portal.SectionDashboard: l}}
	}
	e.person(t, "acme", "admin", portal.RoleAdmin, nil)
	e.person(t, "acme", "manager", portal.RoleUser, dash(portal.LevelManager))
	e.person(t, "acme", "visitor", portal.RoleUser, dash(portal.LevelVisitor))
	e.person(t, "acme", "invoices", portal.RoleUser, map[string]map[portal.Section]portal.Level{"c1": {portal.SectionInvoices: portal.LevelManager}})
	e.person(t, "acme", "elsewhere", portal.RoleUser, map[string]map[portal.Section]portal.Level{"c2": {portal.SectionDashboard: portal.LevelManager}})
	e.person(t, "acme", "nobody", portal.RoleUser, nil)
	// Same contract id, same section, another organisation.
	e.person(t, "other", "stranger", portal.RoleUser, dash(portal.LevelManager))
	e.person(t, "other", "strangeadmin", portal.RoleAdmin, nil)

	e.enqueue(t, notify.Event{Kind: kindOptional, OrgID: "acme", ContractID: "c1", Link: "/contracts/c1",
		To: notify.Audience{Section: portal.SectionDashboard, Level: portal.LevelVisitor}})
	e.enqueue(t, notify.Event{Kind: kindOptional, OrgID: "acme", ContractID: "c1",
		To: notify.Audience{Section: portal.SectionDashboard, Level: portal.LevelManager}})
	e.drain(t)
	want := map[string]int{"admin": 2, "manager": 2, "visitor": 1}
	for _, p := range []struct{ org, id string }{{"acme", "admin"}, {"acme", "manager"}, {"acme", "visitor"},
		{"acme", "invoices"}, {"acme", "elsewhere"}, {"acme", "nobody"}, {"other", "stranger"}, {"other", "strangeadmin"}} {
		got := e.notifications(t, p.org, p.id)
		if len(got) != want[p.id] {
			t.Errorf("%s/%s holds %d notifications, want %d", p.org, p.id, len(got), want[p.id])
		}
	}
	got := e.notifications(t, "acme", "visitor")
	if len(got) == 1 && (got[0].Link != "/contracts/c1" || got[0].ContractID != "c1" || got[0].Read) {
		t.Errorf("visitor's notification: %+v", got[0])
	}
}

func TestPreferencesAreRespectedExceptWhereMailIsForced(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.org(t, "acme")
	dash := func(l portal.Level) map[string]map[portal.Section]portal.Level {
		return map[string]map[portal.Section]portal.Level{"c1": {portal.SectionDashboard: l}}
	}
	e.person(t, "acme", "manager", portal.RoleUser, dash(portal.LevelManager))
	e.person(t, "acme", "visitor", portal.RoleUser, dash(portal.LevelVisitor))
	e.person(t, "acme", "keen", portal.RoleUser, dash(portal.LevelVisitor))
	for _, id := range []string{"manager", "visitor"} {
		p, err := e.s.NotificationPrefs(ctx, "acme", id)
		if err != nil {
			t.Fatal(err)
		}
		p.MailOff = []portal.EventKind{kindOptional, kindManagers, portal.EventNewDevice}
		if err := e.s.SaveNotificationPrefs(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	audience := notify.Audience{Section: portal.SectionDashboard, Level: portal.LevelVisitor}
	e.enqueue(t, notify.Event{Kind: kindOptional, OrgID: "acme", ContractID: "c1", To: audience})
	e.enqueue(t, notify.Event{Kind: kindManagers, OrgID: "acme", ContractID: "c1", To: audience})
	e.enqueue(t, notify.Event{Kind: portal.EventNewDevice, OrgID: "acme", To: notify.Audience{UserIDs: []string{"manager", "keen"}},
		Params: map[string]string{"Browser": "Firefox"}})
	evs, _, err := e.s.DueEvents(ctx, e.now, 10, "")
	if err != nil || len(evs) != 3 {
		t.Fatal(len(evs), err)
	}
	optional, managers, security := evs[0].ID, evs[1].ID, evs[2].ID
	e.drain(t)

	cases := []struct {
		event, user string
		mailed      bool
		why         string
	}{
		{optional, "manager", false, "switched off"},
		{optional, "visitor", false, "switched off"},
		{optional, "keen", true, "left on"},
		{managers, "manager", true, "forced for the contract's managers"},
		{managers, "visitor", false, "switched off, and not a manager"},
		{managers, "keen", true, "left on"},
		{security, "manager", false, "security mail is its feature's own, never the drain's"},
		{security, "keen", false, "security mail is its feature's own, never the drain's"},
	}
	for _, c := range cases {
		if got := e.mailed(t, c.event, c.user); got != c.mailed {
			t.Errorf("%s mailed %v for event %s, want %v (%s)", c.user, got, c.event, c.mailed, c.why)
		}
	}
	// In-app always, whatever the preferences.
	for user, want := range map[string]int{"manager": 3, "visitor": 2, "keen": 3} {
		if n := e.unread(t, "acme", user); n != want {
			t.Errorf("%s has %d unread, want %d", user, n, want)
		}
	}
}

func TestEnqueueRefusesMalformedEvents(t *testing.T) {
	now := time.Now()
	for name, ev := range map[string]notify.Event{
		"unknown kind":   {Kind: "party", OrgID: "acme", To: notify.Audience{UserIDs: []string{"u"}}},
		"no org":         {Kind: kindOptional, To: notify.Audience{UserIDs: []string{"u"}}},
		"no audience":    {Kind: kindOptional, OrgID: "acme"},
		"no contract":    {Kind: kindOptional, OrgID: "acme", To: notify.Audience{Section: portal.SectionDashboard, Level: portal.LevelVisitor}},
		"level none":     {Kind: kindOptional, OrgID: "acme", ContractID: "c", To: notify.Audience{Section: portal.SectionDashboard, Level: portal.LevelNone}},
		"foreign link":   {Kind: kindOptional, OrgID: "acme", Link: "//evil.example/x", To: notify.Audience{UserIDs: []string{"u"}}},
		"absolute link":  {Kind: kindOptional, OrgID: "acme", Link: "https://evil.example/x", To: notify.Audience{UserIDs: []string{"u"}}},
		"unknown sector": {Kind: kindOptional, OrgID: "acme", ContractID: "c", To: notify.Audience{Section: "bar", Level: portal.LevelVisitor}},
	} {
		if _, err := notify.Enqueue(ev, now); !portal.Is(err, portal.Internal) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The drain mails a kind through the template named after it, and the security
// features mail theirs the same way: every kind has it in every language.
func TestEveryKindHasItsMailInEveryLanguage(t *testing.T) {
	for _, k := range portal.EventKinds {
		for _, lang := range mail.Languages {
			m, err := mail.Compose("someone@example.com", lang, string(k.Kind), map[string]any{})
			if err != nil || m.Lang != lang {
				t.Errorf("%s in %s: %v", k.Kind, lang, err)
			}
		}
	}
}

func TestTheCatalogueForcesSecurityAndManagersOutageMail(t *testing.T) {
	for _, k := range portal.EventKinds {
		switch {
		case k.Security && (k.Switchable() || !k.MailForced(false)):
			t.Errorf("%s is a security kind whose mail may be switched off", k.Kind)
		case k.Kind == portal.EventOutageStarted || k.Kind == portal.EventOutageEnded:
			if !k.MailForced(true) || k.MailForced(false) {
				t.Errorf("%s: mail forced for managers only, got %+v", k.Kind, k)
			}
		}
	}
	for _, k := range []portal.EventKind{portal.EventOutageStarted, portal.EventOutageEnded, portal.EventBudgetThreshold,
		portal.EventNewDevice, portal.EventPasswordChanged, portal.EventMFAChanged} {
		if !k.Valid() {
			t.Errorf("%s is not in the catalogue", k)
		}
	}
}

// Each person is one small transaction: an audience larger than a transaction may
// hold is delivered whole.
func TestAnAudienceOfHundredsIsDelivered(t *testing.T) {
	e := newEnv(t)
	e.org(t, "acme")
	const n = 150
	for i := range n {
		e.person(t, "acme", fmt.Sprintf("p%03d", i), portal.RoleUser, map[string]map[portal.Section]portal.Level{"c1": {portal.SectionDashboard: portal.LevelVisitor}})
	}
	e.enqueue(t, notify.Event{Kind: kindOptional, OrgID: "acme", ContractID: "c1", To: notify.Audience{Section: portal.SectionDashboard, Level: portal.LevelVisitor}})
	if got := e.drain(t); got != n {
		t.Fatalf("delivered %d notifications, want %d", got, n)
	}
	if got := len(outboxItems(t, e)); got != n {
		t.Fatalf("%d mails queued, want %d", got, n)
	}
}
