package access_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

type fixture struct {
	db   *bolt.Driver
	s    *store.Store
	svc  *access.Service
	now  time.Time
	mu   sync.Mutex
	apps map[string]string
}

func (f *fixture) clock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
func (f *fixture) set(t time.Time)  { f.mu.Lock(); defer f.mu.Unlock(); f.now = t }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{now: t0, apps: map[string]string{}}
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	tb := table.New(d, table.Options{CursorSecret: []byte("t"), Now: f.clock})
	t.Cleanup(func() { tb.Close() })
	f.s, f.db = store.New(tb), d
	f.svc = &access.Service{Store: f.s, BaseURL: "https://portal.example", Now: f.clock}
	ctx := context.Background()
	for _, o := range []portal.Organisation{{ID: "acme", Name: "ACME"}, {ID: "globex", Name: "Globex"}} {
		if err := f.s.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	for name, approver := range map[string]portal.Approver{"Prepress": portal.ApproverOperators, "Licences": portal.ApproverCustomerAdmins} {
		a := portal.Application{ID: portal.NewID(), Name: portal.Text{FR: name, EN: name}, ApprovalNeeded: true, Approver: approver}
		if err := f.s.CreateApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
		f.apps[name] = a.ID
	}
	return f
}

// companies links every address to one organisation per domain: acme.example and
// globex.example are customers, nothing else is.
func companies(_ context.Context, domain string) ([]portal.Organisation, error) {
	switch domain {
	case "acme.example":
		return []portal.Organisation{{ID: "acme", Name: "ACME"}}, nil
	case "globex.example":
		return []portal.Organisation{{ID: "globex", Name: "Globex"}}, nil
	}
	return nil, nil
}

// outbox lists the queued mails, oldest first.
func (f *fixture) outbox(t *testing.T) []mail.Message {
	t.Helper()
	out, err := mail.Pending(context.Background(), f.s.Table())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNewUsersGetAUsableLogin(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ask := func(email string) {
		t.Helper()
		in := access.NewUser{Person: portal.User{Email: email, FirstName: "Li", LastName: "Wu", Lang: "en"}, Apps: []string{f.apps["Prepress"]}}
		if err := f.svc.SubmitNewUser(ctx, in, companies, f.svc.SystemAudit); err != nil {
			t.Fatal(err)
		}
	}
	ask("li@acme.example")
	ask("li@globex.example")
	ask("li+tag@nowhere.example")
	first, err := f.s.AccountByEmail(ctx, "li@acme.example")
	if err != nil || first.Login != "li-guichet" || first.OrgID != "acme" {
		t.Fatalf("a short local part: %+v %v", first.User, err)
	}
	second, err := f.s.AccountByEmail(ctx, "li@globex.example")
	if err != nil || second.Login == first.Login || len(second.Login) < 8 || second.OrgID != "globex" {
		t.Fatalf("a taken login: %+v %v", second.User, err)
	}
	if _, err := f.s.AccountByEmail(ctx, "li+tag@nowhere.example"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("an address of no customer got an account: %v", err)
	}
	if ms := f.outbox(t); len(ms) != 3 || ms[2].To != "li+tag@nowhere.example" || ms[2].Lang != "en" {
		t.Fatalf("mails: %+v", ms)
	}
}

// TestTheJobAndAnApproverDecidingAtOnce has the refusal job and an approver decide
// the same request at its deadline: one decision stands and one mail goes out.
func TestTheJobAndAnApproverDecidingAtOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 10 {
		f.set(t0)
		u := portal.User{ID: portal.NewID(), OrgID: "acme", Email: "p" + string(rune('a'+i)) + "@acme.example", Login: "person-" + string(rune('a'+i)),
			FirstName: "P", LastName: "Q", Lang: "fr", Role: portal.RoleUser, Status: portal.StatusReady}
		if err := f.s.CreateUser(ctx, u, "hash"); err != nil {
			t.Fatal(err)
		}
		rs, err := f.svc.Submit(ctx, "acme", u.ID, []string{f.apps["Licences"]}, "", f.svc.SystemAudit)
		if err != nil {
			t.Fatal(err)
		}
		f.set(t0.AddDate(0, 0, access.DefaultDecisionDays))
		before := len(f.outbox(t))
		var wg sync.WaitGroup
		var refused int
		var decideErr error
		wg.Add(2)
		go func() {
			defer wg.Done()
			refused, _ = f.svc.RefuseStale(ctx)
		}()
		go func() {
			defer wg.Done()
			_, decideErr = f.svc.Decide(ctx, access.Decider{UserID: "adele", OrgID: "acme"}, rs[0].Number, true, "", f.svc.SystemAudit)
		}()
		wg.Wait()
		approved := decideErr == nil
		if approved == (refused == 1) {
			t.Fatalf("round %d: approved %v, refused %d: exactly one decision must stand", i, approved, refused)
		}
		if !approved && !portal.Is(decideErr, portal.Conflict) {
			t.Fatalf("round %d: the losing approver got %v, want a Conflict", i, decideErr)
		}
		if got := len(f.outbox(t)) - before; got != 1 {
			t.Fatalf("round %d: %d decision mails", i, got)
		}
		r, _ := f.s.AccessRequest(ctx, "acme", rs[0].Number)
		if approved != (r.Status == portal.RequestApproved) {
			t.Fatalf("round %d: stored %s", i, r.Status)
		}
	}
}

func TestRequestsBeforeTheirDeadlineAreNotRefused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.svc.DecisionDays = 3
	u := portal.User{ID: portal.NewID(), OrgID: "acme", Email: "zoe@acme.example", Login: "zoe-martin", FirstName: "Zoé", Lang: "fr", Role: portal.RoleUser, Status: portal.StatusReady}
	if err := f.s.CreateUser(ctx, u, "hash"); err != nil {
		t.Fatal(err)
	}
	rs, err := f.svc.Submit(ctx, "acme", u.ID, []string{f.apps["Prepress"]}, "", f.svc.SystemAudit)
	if err != nil || !rs[0].Deadline.Equal(t0.AddDate(0, 0, 3)) {
		t.Fatalf("deadline: %+v %v", rs, err)
	}
	f.set(t0.AddDate(0, 0, 3).Add(-time.Second))
	if n, err := f.svc.RefuseStale(ctx); n != 0 || err != nil {
		t.Fatalf("a second before the deadline: %d %v", n, err)
	}
	f.set(t0.AddDate(0, 0, 3))
	if n, err := f.svc.RefuseStale(ctx); n != 1 || err != nil {
		t.Fatalf("at the deadline: %d %v", n, err)
	}
	r, _ := f.s.AccessRequest(ctx, "acme", rs[0].Number)
	if r.Status != portal.RequestRefused || r.DecidedBy != access.System {
		t.Fatalf("refused request: %+v", r)
	}
	ms := f.outbox(t)
	if last := ms[len(ms)-1]; last.To != "zoe@acme.example" || !strings.Contains(last.Text, "automatiquement") {
		t.Fatalf("refusal mail: %+v", last)
	}
}

// A request someone made in an address's name expires: once its last request is
// refused at the deadline, the unclaimed account goes too, audited, and the address
// is free. A claimed account stays whatever its requests become.
func TestAnUnclaimedRequestExpires(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, email := range []string{"li@acme.example", "wu@acme.example"} {
		in := access.NewUser{Person: portal.User{Email: email, FirstName: "Li", LastName: "Wu", Lang: "en"}, Apps: []string{f.apps["Prepress"], f.apps["Licences"]}}
		if err := f.svc.SubmitNewUser(ctx, in, companies, f.svc.SystemAudit); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := f.s.AccountByEmail(ctx, "wu@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.Table().Transact(ctx, store.Claim(claimed)...); err != nil {
		t.Fatal(err)
	}
	f.set(t0.AddDate(0, 1, 0))
	if n, err := f.svc.RefuseStale(ctx); n != 4 || err != nil {
		t.Fatalf("refused: %d %v", n, err)
	}
	if _, err := f.s.AccountByEmail(ctx, "li@acme.example"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("the unclaimed account outlived its requests: %v", err)
	}
	if _, err := f.s.AccountByEmail(ctx, "wu@acme.example"); err != nil {
		t.Fatalf("the claimed account: %v", err)
	}
	entries, _, err := f.s.AuditPage(ctx, "acme", 100, "")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == "newuser.expired" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d expiry entries", n)
	}
	items, err := f.db.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v := store.CheckIntegrity(items); len(v) > 0 {
		t.Fatalf("the table is broken:\n%s", strings.Join(v, "\n"))
	}
}
