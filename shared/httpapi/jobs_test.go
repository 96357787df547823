package httpapi_test

import (
	"context"
	"encoding/csv"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/blob/folder"
	"github.com/guichet/guichet/shared/store"
)

// runJobs runs every due job, as the local ticker or the work function does.
func (e *env) runJobs() int {
	e.t.Helper()
	n, err := e.deps.RunJobs(context.Background())
	if err != nil {
		e.t.Fatalf("RunJobs: %v", err)
	}
	return n
}

// download follows a job's download link as a browser does, without a session,
// and answers its status and body.
func (e *env) download(link string) (int, string, string) {
	e.t.Helper()
	if !strings.HasPrefix(link, testBaseURL+folder.Prefix) {
		e.t.Fatalf("download link %q is not the local server's", link)
	}
	rec := httptest.NewRecorder()
	e.blobs.ServeHTTP(rec, httptest.NewRequest("GET", strings.TrimPrefix(link, testBaseURL), nil))
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.String()
}

// finishedJob runs the due jobs and reads the job at path, which must be done.
func (e *env) finishedJob(b as, path string) resp {
	e.t.Helper()
	e.runJobs()
	r := e.do(b, "GET", path, "")
	if r.code != 200 || r.body["state"] != "done" {
		e.t.Fatalf("%s: %d %v", path, r.code, r.body)
	}
	return r
}

// parseCSV reads a CSV with a byte-order mark.
func parseCSV(t testing.TB, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("no byte-order mark: %.40q", body)
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// exportAudit asks for an export with the filters of body, runs it, and returns
// the file's rows.
func (e *env) exportAudit(b as, body string) [][]string {
	e.t.Helper()
	return parseCSV(e.t, e.exportAuditFile(b, body))
}

// exportAuditFile asks for an export with the filters of body, runs it, and
// returns the file.
func (e *env) exportAuditFile(b as, body string) string {
	e.t.Helper()
	r := e.do(b, "POST", "/api/v1/org/audit/exports", body)
	if r.code != 202 || r.body["state"] != "queued" || r.body["id"] == nil {
		e.t.Fatalf("export: %d %v", r.code, r.body)
	}
	done := e.finishedJob(b, "/api/v1/org/audit/exports/"+r.body["id"].(string))
	dl := done.body["download"].(map[string]any)
	code, ctype, file := e.download(dl["url"].(string))
	if code != 200 || ctype != "text/csv; charset=utf-8" {
		e.t.Fatalf("download: %d %s", code, ctype)
	}
	return file
}

func TestExportLinkIsShortLivedAndBoundToItsFile(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	r := e.do(acme.adminB, "POST", "/api/v1/org/audit/exports", `{}`)
	done := e.finishedJob(acme.adminB, "/api/v1/org/audit/exports/"+r.body["id"].(string))
	link := done.body["download"].(map[string]any)["url"].(string)
	u, _ := url.Parse(link)
	bent := u.Query()
	bent.Set("t", "text/html")
	if code, _, _ := e.download(testBaseURL + u.Path + "?" + bent.Encode()); code != 403 {
		t.Fatalf("a link with another type: %d", code)
	}
	e.clock.Advance(6 * time.Minute)
	if code, _, _ := e.download(link); code != 403 {
		t.Fatalf("a link after its time: %d", code)
	}
	// Asking again gives a fresh link to the same file.
	again := e.do(acme.adminB, "GET", "/api/v1/org/audit/exports/"+r.body["id"].(string), "")
	if code, _, _ := e.download(again.body["download"].(map[string]any)["url"].(string)); code != 200 {
		t.Fatalf("a fresh link: %d", code)
	}
}

func init() {
	// Each organisation has an export job under way; another organisation's is not found.
	isoSetups = append(isoSetups, func(t *testing.T, f *isoFixture, o *isoOrg) {
		id := "job-" + o.id
		j := store.Job{ID: id, OrgID: o.id, Kind: "audit-export", By: o.admin.ID, Created: f.e.clock.Now(), Updated: f.e.clock.Now()}
		if err := f.e.store.EnqueueJob(context.Background(), j); err != nil {
			t.Fatal(err)
		}
		o.vals["exportJob"] = id
	})
	isolationRows = append(isolationRows,
		isolationRow{method: "POST", path: "/api/v1/org/audit/exports", body: `{"user":"{admin}"}`,
			want: all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, admin: {202, 202}})},
		isolationRow{method: "GET", path: "/api/v1/org/audit/exports/{exportJob}", want: adminOnly(200)},
	)
}

func TestAJobWhoseRunnerDiedIsTakenUpWhenItsLeaseRunsOut(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	r := e.do(acme.adminB, "POST", "/api/v1/org/audit/exports", `{}`)
	id := r.body["id"].(string)
	// A runner claims the job and dies before saving anything more.
	ctx := context.Background()
	j, err := e.store.Job(ctx, "acme", id)
	if err != nil {
		t.Fatal(err)
	}
	j.State, j.Attempts, j.Lease = store.JobRunning, 1, e.clock.Now().Add(2*time.Minute)
	if _, err := e.store.SaveJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if n := e.runJobs(); n != 0 {
		t.Fatalf("a job under a live lease was run again: %d", n)
	}
	if got := e.do(acme.adminB, "GET", "/api/v1/org/audit/exports/"+id, ""); got.body["state"] != "running" {
		t.Fatalf("while held: %v", got.body)
	}
	e.clock.Advance(3 * time.Minute)
	if n := e.runJobs(); n != 1 {
		t.Fatalf("the abandoned job was not taken up: %d", n)
	}
	if j, _ := e.store.Job(ctx, "acme", id); j.State != store.JobDone || j.Attempts != 2 {
		t.Fatalf("after taking it up: %+v", j)
	}
	// A job every runner died on fails for good rather than running forever.
	r = e.do(acme.adminB, "POST", "/api/v1/org/audit/exports", `{}`)
	j, _ = e.store.Job(ctx, "acme", r.body["id"].(string))
	j.State, j.Attempts, j.Lease = store.JobRunning, 3, e.clock.Now()
	if _, err := e.store.SaveJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	e.runJobs()
	if got := e.do(acme.adminB, "GET", "/api/v1/org/audit/exports/"+j.ID, ""); got.body["state"] != "failed" || got.body["error"] != "job_attempts" || got.body["download"] != nil {
		t.Fatalf("after three deaths: %v", got.body)
	}
}
