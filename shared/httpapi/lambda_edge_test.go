package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/lambdaedge"
)

// TestLambdaReadsAcceptLanguageWhole sends, through the function's adapter, an
// Accept-Language whose first tag is neither French nor English: API Gateway hands
// the header as one comma-joined value that the adapter splits into several, and
// the answer must still be in the first language the person understands.
func TestLambdaReadsAcceptLanguageWhole(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	fn := httpadapter.NewV2(e.Srv)
	messageIn := func(acceptLanguage string) string {
		t.Helper()
		ev := apitest.LambdaEvent(acme.AdminB, "GET", "/api/v1/org/users/nobody", "")
		ev.Headers["accept-language"] = acceptLanguage
		out, err := fn.ProxyWithContext(context.Background(), ev)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Message string } `json:"error"`
		}
		if err := json.Unmarshal([]byte(out.Body), &body); err != nil || out.StatusCode != 404 {
			t.Fatalf("%d %s", out.StatusCode, out.Body)
		}
		return body.Error.Message
	}
	en, fr := messageIn("en"), messageIn("fr")
	if en == fr {
		t.Fatalf("the same message in both languages: %q", en)
	}
	if got := messageIn("de-DE,de;q=0.9,en;q=0.8,fr;q=0.7"); got != en {
		t.Fatalf("message %q, want the English %q", got, en)
	}
}

// TestLambdaRequestIDsInLogsAndErrors serves an event as Lambda does, with its
// invocation's context: every log line of the request and the error body name the
// Lambda request id and API Gateway's, so a complaint quoting either finds the rest.
func TestLambdaRequestIDsInLogsAndErrors(t *testing.T) {
	e := apitest.NewEnv(t)
	var buf bytes.Buffer
	e.Deps.Log = slog.New(slog.NewJSONHandler(&buf, nil))
	e.Srv = httpapi.New(e.Deps, areas.All())
	acme := e.Tenant("acme")
	fn := lambdaedge.Handler(e.Srv)
	ev := apitest.LambdaEvent(acme.AdminB, "GET", "/api/v1/org/users/nobody", "")
	ev.RequestContext.RequestID = "Ab1CdEfGhIjKlM="
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "7e6f1a2b-0000-4000-8000-123456789abc"})
	buf.Reset()
	out, err := fn(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Error struct {
			LambdaRequestID string `json:"lambdaRequestId"`
			APIRequestID    string `json:"apiRequestId"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(out.Body), &body); err != nil {
		t.Fatal(err)
	}
	if body.Error.LambdaRequestID != "7e6f1a2b-0000-4000-8000-123456789abc" || body.Error.APIRequestID != "Ab1CdEfGhIjKlM=" {
		t.Fatalf("error body %s", out.Body)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) < 2 {
		t.Fatalf("log: %s", buf.String())
	}
	for _, line := range lines {
		var rec struct {
			Lambda string `json:"lambdaRequestId"`
			API    string `json:"apiRequestId"`
		}
		if json.Unmarshal([]byte(line), &rec) != nil || rec.Lambda != "7e6f1a2b-0000-4000-8000-123456789abc" || rec.API != "Ab1CdEfGhIjKlM=" {
			t.Errorf("log line without both request ids: %s", line)
		}
	}
}
