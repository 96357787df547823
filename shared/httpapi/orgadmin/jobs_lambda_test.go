package orgadmin_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// TestAuditExportAnswersStaySmallInLambda exports a log whose CSV is larger than
// Lambda's 6 MB answer limit through the function's adapter: the request answers
// the queued job, the job's page a link, both a few hundred bytes, and the file
// holds every entry.
func TestAuditExportAnswersStaySmallInLambda(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	ctx := context.Background()
	// 5,000 entries of about 1.3 KB each, as a busy organisation's changes of rights make.
	after := json.RawMessage(`{"rights":"` + strings.Repeat("x", 1300) + `"}`)
	const entries = 5000
	for i := 0; i < entries; i += table.MaxTransact {
		ops := make([]table.Op, 0, table.MaxTransact)
		for k := 0; k < table.MaxTransact; k++ {
			ops = append(ops, store.Audit(store.AuditEntry{OrgID: "acme", Time: e.Clock.Now().Add(-time.Duration(i+k) * time.Second),
				Action: "rights.update", UserID: acme.Admin.ID, Target: "user:" + acme.Admin.ID, After: after}))
		}
		if err := e.Store.Table().Transact(ctx, ops...); err != nil {
			t.Fatal(err)
		}
	}
	fn := httpadapter.NewV2(e.Srv)
	call := func(method, path, body string) events.APIGatewayV2HTTPResponse {
		t.Helper()
		out, err := fn.ProxyWithContext(ctx, apitest.LambdaEvent(acme.AdminB, method, path, body))
		if err != nil {
			t.Fatal(err)
		}
		if raw, _ := json.Marshal(out); len(raw) > 4096 {
			t.Fatalf("%s %s: an answer of %d bytes", method, path, len(raw))
		}
		return out
	}
	queued := call("POST", "/api/v1/org/audit/exports", `{}`)
	var job map[string]any
	if err := json.Unmarshal([]byte(queued.Body), &job); queued.StatusCode != 202 || err != nil {
		t.Fatalf("export: %d %s", queued.StatusCode, queued.Body)
	}
	e.RunJobs()
	done := call("GET", "/api/v1/org/audit/exports/"+job["id"].(string), "")
	if err := json.Unmarshal([]byte(done.Body), &job); done.StatusCode != 200 || err != nil || job["state"] != "done" {
		t.Fatalf("job: %d %s", done.StatusCode, done.Body)
	}
	code, _, file := e.Download(job["download"].(map[string]any)["url"].(string))
	if code != 200 || len(file) < 6<<20 {
		t.Fatalf("download: %d, %d bytes", code, len(file))
	}
	if rows := apitest.ParseCSV(t, file); len(rows) != entries+1 { // and the header
		t.Fatalf("%d rows", len(rows))
	}
	if s := job["summary"].(map[string]any); s["entries"] != float64(entries) || s["cut"] != false {
		t.Fatalf("summary: %v", s)
	}
}
