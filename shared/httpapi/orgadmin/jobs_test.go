package orgadmin_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/store"
)

func TestExportLinkIsShortLivedAndBoundToItsFile(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	r := e.Do(acme.AdminB, "POST", "/api/v1/org/audit/exports", `{}`)
	done := e.FinishedJob(acme.AdminB, "/api/v1/org/audit/exports/"+r.Body["id"].(string))
	link := done.Body["download"].(map[string]any)["url"].(string)
	u, _ := url.Parse(link)
	bent := u.Query()
	bent.Set("t", "text/html")
	if code, _, _ := e.Download(apitest.TestBaseURL + u.Path + "?" + bent.Encode()); code != 403 {
		t.Fatalf("a link with another type: %d", code)
	}
	e.Clock.Advance(6 * time.Minute)
	if code, _, _ := e.Download(link); code != 403 {
		t.Fatalf("a link after its time: %d", code)
	}
	// Asking again gives a fresh link to the same file.
	again := e.Do(acme.AdminB, "GET", "/api/v1/org/audit/exports/"+r.Body["id"].(string), "")
	if code, _, _ := e.Download(again.Body["download"].(map[string]any)["url"].(string)); code != 200 {
		t.Fatalf("a fresh link: %d", code)
	}
}

func TestAJobWhoseRunnerDiedIsTakenUpWhenItsLeaseRunsOut(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	r := e.Do(acme.AdminB, "POST", "/api/v1/org/audit/exports", `{}`)
	id := r.Body["id"].(string)
	// A runner claims the job and dies before saving anything more.
	ctx := context.Background()
	j, err := e.Store.Job(ctx, "acme", id)
	if err != nil {
		t.Fatal(err)
	}
	j.State, j.Attempts, j.Lease = store.JobRunning, 1, e.Clock.Now().Add(2*time.Minute)
	if _, err := e.Store.SaveJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if n := e.RunJobs(); n != 0 {
		t.Fatalf("a job under a live lease was run again: %d", n)
	}
	if got := e.Do(acme.AdminB, "GET", "/api/v1/org/audit/exports/"+id, ""); got.Body["state"] != "running" {
		t.Fatalf("while held: %v", got.Body)
	}
	e.Clock.Advance(3 * time.Minute)
	if n := e.RunJobs(); n != 1 {
		t.Fatalf("the abandoned job was not taken up: %d", n)
	}
	if j, _ := e.Store.Job(ctx, "acme", id); j.State != store.JobDone || j.Attempts != 2 {
		t.Fatalf("after taking it up: %+v", j)
	}
	// A job every runner died on fails for good rather than running forever.
	r = e.Do(acme.AdminB, "POST", "/api/v1/org/audit/exports", `{}`)
	j, _ = e.Store.Job(ctx, "acme", r.Body["id"].(string))
	j.State, j.Attempts, j.Lease = store.JobRunning, 3, e.Clock.Now()
	if _, err := e.Store.SaveJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	e.RunJobs()
	if got := e.Do(acme.AdminB, "GET", "/api/v1/org/audit/exports/"+j.ID, ""); got.Body["state"] != "failed" || got.Body["error"] != "job_attempts" || got.Body["download"] != nil {
		t.Fatalf("after three deaths: %v", got.Body)
	}
}
