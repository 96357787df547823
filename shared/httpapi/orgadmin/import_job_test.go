package orgadmin_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// faultyDriver lets a test act on the transactions a runner commits: before may
// refuse one (a fault of the table), after sees each one committed.
type faultyDriver struct {
	table.Driver
	mu     sync.Mutex
	before func(ops []table.Op) error
	after  func(ops []table.Op)
}

func (f *faultyDriver) Transact(ctx context.Context, ops []table.Op, now int64) error {
	f.mu.Lock()
	before, after := f.before, f.after
	f.mu.Unlock()
	if before != nil {
		if err := before(ops); err != nil {
			return err
		}
	}
	err := f.Driver.Transact(ctx, ops, now)
	if err == nil && after != nil {
		after(ops)
	}
	return err
}

func (f *faultyDriver) set(before func([]table.Op) error, after func([]table.Op)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.before, f.after = before, after
}

// progressSaved reads the rows done a transaction records as a running job's
// progress; false when it records something else.
func progressSaved(ops []table.Op) (int, bool) {
	if len(ops) != 1 || !strings.HasPrefix(ops[0].Item.SK, "JOB#") {
		return 0, false
	}
	var j store.Job
	if err := json.Unmarshal(ops[0].Item.Data, &j); err != nil || j.State != store.JobRunning || j.Total == 0 {
		return 0, false
	}
	return j.Done, true
}

// newFaultyEnv is newEnv on a driver whose transactions the test can refuse or watch.
func newFaultyEnv(t *testing.T) (*apitest.Env, *faultyDriver) {
	var f *faultyDriver
	e := apitest.NewEnvOn(t, apitest.Cheap, func(d table.Driver) table.Driver {
		f = &faultyDriver{Driver: d}
		return f
	})
	return e, f
}

// importPeople is an import of n new people of acme: the even rows set a
// password, the odd ones get the activation mail.
func importPeople(n int, contractRef string) string {
	var b strings.Builder
	b.WriteString("email;login;firstName;lastName;sendActivation;password;contract;orders\n")
	for i := range n {
		send, password := "oui", ""
		if i%2 == 0 {
			send, password = "non", fmt.Sprintf("Chosen#Pass%04d", i)
		}
		fmt.Fprintf(&b, "person%04d@acme.example;person.%04d;Prénom%d;Nom%d;%s;%s;%s;manager\n", i, i, i, i, send, password, contractRef)
	}
	return b.String()
}

// imported checks that each of the n people of importPeople exists once, with one
// activation mail for those who get one, and that the audit log has one creation
// per person and the import's start and end once each.
func imported(e *apitest.Env, n int) {
	e.T.Helper()
	emails := make([]string, n)
	for i := range n {
		emails[i] = fmt.Sprintf("person%04d@acme.example", i)
	}
	byEmail, _, err := e.Store.Owners(context.Background(), emails, nil)
	if err != nil || len(byEmail) != n {
		e.T.Fatalf("%d of %d people exist (%v)", len(byEmail), n, err)
	}
	pending, err := mail.Pending(context.Background(), e.Store.Table())
	if err != nil {
		e.T.Fatal(err)
	}
	mails := map[string]int{}
	for _, m := range pending {
		mails[m.To]++
	}
	for i, addr := range emails {
		if want := i % 2; mails[addr] != want {
			e.T.Fatalf("%s got %d mails, want %d", addr, mails[addr], want)
		}
	}
	counts := map[string]int{}
	cursor := ""
	for {
		entries, next, err := e.Store.AuditPage(context.Background(), "acme", 100, cursor)
		if err != nil {
			e.T.Fatal(err)
		}
		for _, en := range entries {
			counts[en.Action]++
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	if counts["user.create"] != n || counts["user.import"] != 1 || counts["user.import_done"] != 1 {
		e.T.Fatalf("audit: %v", counts)
	}
}

// reportOutcomes counts a report's lines by outcome, checking that each line of
// the file is there once, in order.
func reportOutcomes(t *testing.T, report [][]string, n int) map[string]int {
	t.Helper()
	if len(report) != n+1 {
		t.Fatalf("report of %d lines for %d rows", len(report)-1, n)
	}
	out := map[string]int{}
	for i, row := range report[1:] {
		if row[0] != fmt.Sprint(i+2) || row[1] != fmt.Sprintf("person%04d@acme.example", i) {
			t.Fatalf("report line %d: %q", i+1, row)
		}
		out[row[3]]++
	}
	return out
}

// TestImportOfAThousandRowsWithPasswordsIsQueuedInLambda sends a 1,000-row import
// whose rows set passwords through the function's adapter, as API Gateway 2.0
// sends it. The request answers 202 with the queued job and neither creates anyone
// nor hashes anything: while it runs the hashing parameters are unusable (argon2id
// refuses a lane count of zero), so a single hash in the request would fail it.
// The job then creates the thousand people, whose passwords work.
func TestImportOfAThousandRowsWithPasswordsIsQueuedInLambda(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	file := importPeople(orgadmin.MaxImportRows, acme.Contract.Reference)
	fn := httpadapter.NewV2(e.Srv)
	call := func(method, path, ctype, body string) events.APIGatewayV2HTTPResponse {
		t.Helper()
		ev := apitest.LambdaEvent(acme.AdminB, method, path, body)
		ev.Headers["content-type"] = ctype
		out, err := fn.ProxyWithContext(context.Background(), ev)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	e.Deps.Auth.Params = auth.Argon2Params{}
	queued := call("POST", "/api/v1/org/users/import", "text/csv; charset=utf-8", file)
	e.Deps.Auth.Params = apitest.Cheap
	var job map[string]any
	if err := json.Unmarshal([]byte(queued.Body), &job); queued.StatusCode != 202 || err != nil {
		t.Fatalf("import: %d %.300s", queued.StatusCode, queued.Body)
	}
	if job["state"] != "queued" || job["done"] != float64(0) || job["total"] != float64(orgadmin.MaxImportRows) {
		t.Fatalf("job: %v", job)
	}
	// Nobody exists yet, and the request wrote the job with its audit entry only.
	if users := e.Do(acme.AdminB, "GET", "/api/v1/org/users?q=person", ""); len(users.Items()) != 0 {
		t.Fatalf("the request created %d people", len(users.Items()))
	}
	if got := strings.Join(e.AuditActions("acme"), " "); got != "user.import" {
		t.Fatalf("the request wrote %s", got)
	}
	if n := e.RunJobs(); n != 1 {
		t.Fatalf("%d jobs ran", n)
	}
	done := call("GET", "/api/v1/org/imports/"+job["id"].(string), "application/json", "")
	if err := json.Unmarshal([]byte(done.Body), &job); done.StatusCode != 200 || err != nil || job["state"] != "done" ||
		job["done"] != float64(orgadmin.MaxImportRows) {
		t.Fatalf("job: %d %.300s", done.StatusCode, done.Body)
	}
	if s := job["summary"].(map[string]any); s["created"] != float64(orgadmin.MaxImportRows) || s["failed"] != float64(0) || s["skipped"] != float64(0) {
		t.Fatalf("summary: %v", s)
	}
	imported(e, orgadmin.MaxImportRows)
	e.Browser("person0998@acme.example", "Chosen#Pass0998")
	code, _, report := e.Download(job["download"].(map[string]any)["url"].(string))
	if code != 200 {
		t.Fatalf("report: %d", code)
	}
	if got := reportOutcomes(t, apitest.ParseCSV(t, report), orgadmin.MaxImportRows); got["Utilisateur créé"] != orgadmin.MaxImportRows {
		t.Fatalf("report: %v", got)
	}
}

// TestAnImportStoppedAfterAChunkResumesFromItsProgress stops a runner after its
// first chunk (its function's time is up: the context ends), then lets the
// schedule take the job up: each row is done once and the report is whole.
func TestAnImportStoppedAfterAChunkResumesFromItsProgress(t *testing.T) {
	e, f := newFaultyEnv(t)
	acme := e.Tenant("acme")
	const n = 120
	r := importCSV(e, acme.AdminB, importPeople(n, acme.Contract.Reference), false)
	if r.Code != 202 {
		t.Fatalf("import: %d %v", r.Code, r.Body)
	}
	id := r.Body["id"].(string)
	ctx, stop := context.WithCancel(context.Background())
	f.set(nil, func(ops []table.Op) {
		if done, ok := progressSaved(ops); ok && done > 0 {
			stop()
		}
	})
	if _, err := orgadmin.RunJobs(e.Deps)(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped runner: %v", err)
	}
	f.set(nil, nil)
	got := e.Do(acme.AdminB, "GET", "/api/v1/org/imports/"+id, "")
	if got.Body["state"] != "running" || got.Body["done"] != float64(50) || got.Body["total"] != float64(n) {
		t.Fatalf("after a chunk: %v", got.Body)
	}
	// The schedule finds the job once the stopped runner's lease has run out.
	if n := e.RunJobs(); n != 0 {
		t.Fatalf("a job under a live lease was run: %d", n)
	}
	e.Clock.Advance(3 * time.Minute)
	report, job := importReport(e, acme.AdminB, id)
	if got := reportOutcomes(t, report, n); got["Utilisateur créé"] != n {
		t.Fatalf("report: %v", got)
	}
	if s := job.Body["summary"].(map[string]any); s["created"] != float64(n) {
		t.Fatalf("summary: %v", s)
	}
	imported(e, n)
}

// TestAnImportWhoseRunnerDiedBeforeSavingItsProgressWritesNobodyTwice fails the
// save of the second chunk's progress after its rows were written (the runner
// died between the two): the runner taking the job up does that chunk again from
// the saved progress and finds its rows recorded.
func TestAnImportWhoseRunnerDiedBeforeSavingItsProgressWritesNobodyTwice(t *testing.T) {
	e, f := newFaultyEnv(t)
	acme := e.Tenant("acme")
	const n = 120
	r := importCSV(e, acme.AdminB, importPeople(n, acme.Contract.Reference), false)
	id := r.Body["id"].(string)
	f.set(func(ops []table.Op) error {
		if done, ok := progressSaved(ops); ok && done == 100 {
			return errors.New("the runner died")
		}
		return nil
	}, nil)
	e.RunJobs()
	f.set(nil, nil)
	if got := e.Do(acme.AdminB, "GET", "/api/v1/org/imports/"+id, ""); got.Body["state"] != "running" || got.Body["done"] != float64(50) {
		t.Fatalf("after the fault: %v", got.Body)
	}
	e.Clock.Advance(3 * time.Minute)
	report, _ := importReport(e, acme.AdminB, id)
	if got := reportOutcomes(t, report, n); got["Utilisateur créé"] != n {
		t.Fatalf("report: %v", got)
	}
	imported(e, n)
}

// TestAFinishedImportRunAgainChangesNothing runs the runners again once an import
// is done, then takes the finished job up again from its start as a runner would
// whose copy of it was stale: nobody is created, mailed or audited again, and the
// report is the same.
func TestAFinishedImportRunAgainChangesNothing(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	const n = 60
	r := importCSV(e, acme.AdminB, importPeople(n, acme.Contract.Reference), false)
	id := r.Body["id"].(string)
	first, _ := importReport(e, acme.AdminB, id)
	if got := e.RunJobs(); got != 0 {
		t.Fatalf("a finished job ran again: %d", got)
	}
	ctx := context.Background()
	j, err := e.Store.Job(ctx, "acme", id)
	if err != nil {
		t.Fatal(err)
	}
	j.State, j.Done, j.Attempts = store.JobQueued, 0, 0
	if _, err := e.Store.SaveJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	again, job := importReport(e, acme.AdminB, id)
	if fmt.Sprint(again) != fmt.Sprint(first) {
		t.Fatalf("report changed:\n%q\n%q", first, again)
	}
	if s := job.Body["summary"].(map[string]any); s["created"] != float64(n) {
		t.Fatalf("summary: %v", s)
	}
	imported(e, n)
}

// TestImportsAreListedNewestFirstWithTheirReports lists the organisation's imports
// as the import page shows them, and another kind of job is not among them.
func TestImportsAreListedNewestFirstWithTheirReports(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	if r := e.Do(acme.AdminB, "GET", "/api/v1/org/imports", ""); r.Code != 200 || len(r.Items()) != 0 {
		t.Fatalf("no import yet: %d %v", r.Code, r.Body)
	}
	first := importCSV(e, acme.AdminB, importPeople(3, acme.Contract.Reference), false).Body["id"].(string)
	e.RunJobs()
	e.Do(acme.AdminB, "POST", "/api/v1/org/audit/exports", `{}`)
	second := importCSV(e, acme.AdminB, "email,login,firstName,lastName\nnina@acme.example,nina.new,Nina,New\n", false).Body["id"].(string)
	list := e.Do(acme.AdminB, "GET", "/api/v1/org/imports", "")
	items := list.Items()
	if len(items) != 2 || items[0]["id"] != second || items[1]["id"] != first {
		t.Fatalf("imports: %v", list.Body)
	}
	if items[0]["state"] != "queued" || items[0]["download"] != nil || items[1]["state"] != "done" || items[1]["download"] == nil {
		t.Fatalf("imports: %v", items)
	}
	name := items[1]["download"].(map[string]any)["filename"]
	if name != "rapport-import-2026-11-23.csv" {
		t.Fatalf("report name: %v", name)
	}
	if r := e.Do(acme.AdminB, "GET", "/api/v1/org/audit/exports/"+first, ""); r.Code != 404 {
		t.Fatalf("an import read as an export: %d", r.Code)
	}
}

// TestAnImportStoppedAfterEveryChunkStillEnds stops each runner after one chunk, more
// often than a job may be taken up without progress: a run that saved progress
// does not count against the job's attempts, so the import ends whole.
func TestAnImportStoppedAfterEveryChunkStillEnds(t *testing.T) {
	e, f := newFaultyEnv(t)
	acme := e.Tenant("acme")
	const n = 220 // five chunks
	id := importCSV(e, acme.AdminB, importPeople(n, acme.Contract.Reference), false).Body["id"].(string)
	for run := 1; run < 5; run++ {
		ctx, stop := context.WithCancel(context.Background())
		f.set(nil, func(ops []table.Op) {
			if done, ok := progressSaved(ops); ok && done > 0 {
				stop()
			}
		})
		if _, err := orgadmin.RunJobs(e.Deps)(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("run %d: %v", run, err)
		}
		if got := e.Do(acme.AdminB, "GET", "/api/v1/org/imports/"+id, ""); got.Body["done"] != float64(50*run) {
			t.Fatalf("after run %d: %v", run, got.Body)
		}
		e.Clock.Advance(3 * time.Minute)
	}
	f.set(nil, nil)
	report, _ := importReport(e, acme.AdminB, id)
	if got := reportOutcomes(t, report, n); got["Utilisateur créé"] != n {
		t.Fatalf("report: %v", got)
	}
	imported(e, n)
}
