package jobs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/jobs"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// recorder is a mail sender that keeps what it was given.
type recorder struct {
	mu   sync.Mutex
	sent []mail.Parsed
}

func (r *recorder) Send(_ context.Context, _ string, raw []byte) error {
	p, err := mail.Parse(raw)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, p)
	return nil
}

func (r *recorder) all() []mail.Parsed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent)
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestJobsSendNothingTwice runs every job once, then again, then twice at once, at
// each step of the life of some requests and grants: the second run and the
// parallel runs must send nothing the first did not.
func TestJobsSendNothingTwice(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := &clock{t: t0}
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	mustNil(t, err)
	tb := table.New(d, table.Options{CursorSecret: []byte("t"), Now: c.Now})
	t.Cleanup(func() { tb.Close() })
	s := store.New(tb)
	ctx := context.Background()
	for _, o := range []portal.Organisation{{ID: portal.VendorOrg, Name: "Vendor"}, {ID: "acme", Name: "ACME"}} {
		mustNil(t, s.CreateOrganisation(ctx, o))
	}
	person := func(org string, role portal.Role, login string) portal.User {
		u := portal.User{ID: portal.NewID(), OrgID: org, Email: login + "@" + org + ".example", Login: login + "-person", FirstName: login,
			LastName: "X", Lang: "fr", Role: role, Status: portal.StatusReady, Created: t0}
		mustNil(t, s.CreateUser(ctx, u, "hash"))
		return u
	}
	person(portal.VendorOrg, portal.RoleOperator, "olivia")
	person(portal.VendorOrg, portal.RoleOperator, "oscar")
	person("acme", portal.RoleAdmin, "adele")
	zoe := person("acme", portal.RoleUser, "zoe")
	app := func(name string, approver portal.Approver, approval bool, days int) string {
		a := portal.Application{ID: portal.NewID(), Name: portal.Text{FR: name, EN: name}, Approver: approver, ApprovalNeeded: approval, DurationDays: days}
		mustNil(t, s.CreateApplication(ctx, a))
		return a.ID
	}
	byOps, byAdmins, ending := app("Prepress", portal.ApproverOperators, true, 0), app("Licences", portal.ApproverCustomerAdmins, true, 0), app("Support", portal.ApproverOperators, false, 10)
	svc := &access.Service{Store: s, BaseURL: "https://portal.example", Now: c.Now}
	_, err = svc.Submit(ctx, "acme", zoe.ID, []string{byOps, byAdmins, ending}, "", svc.SystemAudit)
	mustNil(t, err)
	// A grant that ended an hour after t0.
	mustNil(t, tb.Transact(ctx, store.PutGrant(portal.Grant{OrgID: "acme", UserID: zoe.ID, AppID: "OLD", AppName: portal.Text{FR: "Ancienne"},
		Status: portal.GrantActive, Granted: t0.AddDate(0, -1, 0), Expires: t0.Add(time.Hour)})))

	rec := &recorder{}
	outbox := mail.NewOutbox(tb, rec, mail.OutboxOptions{From: "Guichet <no-reply@guichet.example>", Now: c.Now})
	all := jobs.All(jobs.Env{Store: s, Drain: outbox.Drain, BaseURL: "https://portal.example", Now: c.Now})
	runAll := func() {
		for _, j := range all {
			// The long jobs' runner has its own tests (shared/httpapi/jobs_test.go).
			if j.Name == "sweep" || j.Name == "work" {
				continue
			}
			if _, err := j.Run(ctx); err != nil {
				t.Error(j.Name, err)
			}
		}
	}
	// step runs the jobs at when and returns what the first run sent.
	step := func(when time.Time) []mail.Parsed {
		t.Helper()
		c.Set(when)
		before := len(rec.all())
		runAll()
		_, err := outbox.Drain(ctx)
		mustNil(t, err)
		first := rec.all()[before:]
		runAll()
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); runAll() }()
		}
		wg.Wait()
		_, err = outbox.Drain(ctx)
		mustNil(t, err)
		if again := rec.all()[before+len(first):]; len(again) != 0 {
			t.Fatalf("at %v, running the jobs again sent %d more: %v", when, len(again), subjects(again))
		}
		return first
	}
	count := func(sent []mail.Parsed, to, subject string) int {
		n := 0
		for _, p := range sent {
			if slices.Contains(p.To, to) && strings.Contains(p.Subject, subject) {
				n++
			}
		}
		return n
	}

	// The first run delivers what the submission queued, reminds nobody yet, marks
	// the ended grant expired and warns of the grant that ends in ten days.
	sent := step(t0.Add(time.Hour + time.Minute))
	if len(sent) != 3 || count(sent, zoe.Email, "enregistrées") != 1 || count(sent, zoe.Email, "accordé") != 1 || count(sent, zoe.Email, "se termine") != 1 {
		t.Fatalf("first run: %v", subjects(sent))
	}
	sent = step(t0.Add(23 * time.Hour))
	if len(sent) != 0 {
		t.Fatalf("nobody is reminded before a day: %v", subjects(sent))
	}
	sent = step(t0.Add(25 * time.Hour))
	if len(sent) != 3 || count(sent, "olivia@vendor.example", "attend") != 1 || count(sent, "oscar@vendor.example", "attend") != 1 || count(sent, "adele@acme.example", "attend") != 1 {
		t.Fatalf("each approver is reminded once: %v", subjects(sent))
	}
	sent = step(t0.Add(26 * time.Hour))
	if len(sent) != 0 {
		t.Fatalf("a reminder went twice the same day: %v", subjects(sent))
	}
	// At the deadline: the day's reminders, then the refusals.
	sent = step(t0.AddDate(0, 0, 7).Add(time.Minute))
	if count(sent, zoe.Email, "refusé") != 2 || len(sent) != 5 {
		t.Fatalf("at the deadline: %v", subjects(sent))
	}
	sent = step(t0.AddDate(0, 0, 9).Add(10 * time.Hour))
	if len(sent) != 1 || count(sent, zoe.Email, "se termine") != 1 {
		t.Fatalf("the day before the end: %v", subjects(sent))
	}
	sent = step(t0.AddDate(0, 0, 10).Add(time.Minute))
	if len(sent) != 0 {
		t.Fatalf("at the end: %v", subjects(sent))
	}

	ids := map[string]bool{}
	for _, p := range rec.all() {
		if ids[p.ID] {
			t.Fatalf("mail %s was sent twice", p.ID)
		}
		ids[p.ID] = true
	}
	apps, err := s.UserApplications(ctx, zoe.ID)
	mustNil(t, err)
	for _, g := range apps.Grants {
		if g.Status != portal.GrantExpired {
			t.Errorf("grant of %s: %s, want expired", g.AppID, g.Status)
		}
	}
	entries, _, err := s.AuditPage(ctx, "acme", 100, "")
	mustNil(t, err)
	expired, refused := 0, 0
	for _, e := range entries {
		switch e.Action {
		case access.ActExpire:
			expired++
		case access.ActRefuse:
			refused++
			if e.UserID != access.System {
				t.Errorf("an automatic refusal names %q", e.UserID)
			}
		}
	}
	if expired != 2 || refused != 2 {
		t.Fatalf("audit log: %d expiries, %d refusals, want 2 and 2", expired, refused)
	}
}

func subjects(ps []mail.Parsed) []string {
	var out []string
	for _, p := range ps {
		out = append(out, strings.Join(p.To, ",")+": "+p.Subject)
	}
	return out
}

func TestEveryJobHasAName(t *testing.T) {
	seen := map[string]bool{}
	for _, j := range jobs.All(jobs.Env{}) {
		if j.Name == "" || j.Every <= 0 || j.Run == nil || seen[j.Name] {
			t.Errorf("job %+v", j)
		}
		seen[j.Name] = true
	}
	if _, ok := jobs.Find(jobs.All(jobs.Env{}), "access-refuse"); !ok {
		t.Error("access-refuse is not found by name")
	}
}

// Each function runs its own jobs in AWS: the mail drain is the maildrain
// function's, the long jobs' runner the work function's, the local sweep nobody's,
// the access jobs the jobs function's.
func TestJobsOfAFunction(t *testing.T) {
	names := func(js []jobs.Job) string {
		var out []string
		for _, j := range js {
			out = append(out, j.Name)
		}
		return strings.Join(out, " ")
	}
	all := jobs.All(jobs.Env{})
	if got := names(jobs.OfFunction(all, "")); got != "notify-drain access-remind access-refuse access-expire access-expiry-remind" {
		t.Errorf("the jobs function runs %q", got)
	}
	if got := names(jobs.OfFunction(all, "maildrain")); got != "mail-drain" {
		t.Errorf("the maildrain function runs %q", got)
	}
	if got := names(jobs.OfFunction(all, "work")); got != "work" {
		t.Errorf("the work function runs %q", got)
	}
}

// A run that found nothing to do (most mail drains: one a second locally) logs at
// debug level; a run that did something logs at info with its count.
func TestRunOneLogsIdleRunsAtDebug(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sent := 0
	j := jobs.Job{Name: "mail-drain", Counts: "sent", Run: func(context.Context) (int, error) { return sent, nil }}
	for _, n := range []int{0, 3} {
		sent = n
		buf.Reset()
		if err := jobs.RunOne(context.Background(), j, log); err != nil {
			t.Fatal(err)
		}
		var line struct{ Level, Msg, Job, Result string }
		if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
			t.Fatalf("log %q: %v", buf.String(), err)
		}
		want := map[int]string{0: "DEBUG", 3: "INFO"}[n]
		if line.Level != want || line.Job != "mail-drain" || line.Result != fmt.Sprintf("%d sent", n) {
			t.Errorf("a run that sent %d logged %+v, want level %s and result %q", n, line, want, fmt.Sprintf("%d sent", n))
		}
	}
}
