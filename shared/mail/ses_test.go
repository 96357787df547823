package mail_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/guichet/guichet/shared/localaws"
	guichetmail "github.com/guichet/guichet/shared/mail"
)

// sesURL is the endpoint of the aws-ses-v2-local stand-in, empty when it is not
// installed on this machine (the suite is then skipped, loudly; under CI it fails).
var sesURL string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// A fuzzing run (`make fuzz`, or its short run in `make test`) starts this binary
	// once per worker and needs no stand-in: the sender suite runs in the normal run.
	flag.Parse()
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return m.Run()
	}
	defer stopDynamo()
	p, err := localaws.StartSES()
	switch {
	case err == nil:
		sesURL = p.URL
		defer p.Stop()
	case errors.Is(err, localaws.ErrUnavailable) && !localaws.Required():
		localaws.Unavailable("SES v2 sender suite", err)
	default:
		fmt.Fprintf(os.Stderr, "cannot start aws-ses-v2-local: %v\n", err)
		return 1
	}
	return m.Run()
}

func needSES(t *testing.T) {
	t.Helper()
	if sesURL == "" {
		t.Skip("aws-ses-v2-local is not installed (run `make tools`)")
	}
}

func TestSESSenderOverTheWire(t *testing.T) {
	needSES(t)
	ctx := context.Background()
	client, err := guichetmail.NewSESClient(ctx, sesURL, "eu-west-3")
	if err != nil {
		t.Fatal(err)
	}
	s := guichetmail.NewSESSender(client, "no-reply@guichet.example", "")
	m := sampleMessage()
	m.To = "ses-" + m.ID + "@example.com"
	raw, err := m.MIME(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, m.To, raw); err != nil {
		t.Fatalf("Send: %v", err)
	}

	resp, err := http.Get(sesURL + "/store")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var store struct {
		Emails []struct {
			From        string `json:"from"`
			Subject     string `json:"subject"`
			Destination struct {
				To []string `json:"to"`
			} `json:"destination"`
			Body struct {
				Text string `json:"text"`
				HTML string `json:"html"`
			} `json:"body"`
		} `json:"emails"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&store); err != nil {
		t.Fatal(err)
	}
	for _, e := range store.Emails {
		if len(e.Destination.To) == 1 && strings.Contains(e.Destination.To[0], m.To) {
			if e.Subject != m.Subject {
				t.Errorf("subject arrived as %q, want %q", e.Subject, m.Subject)
			}
			if !strings.Contains(e.Body.Text, "Émoji : 🎉") || !strings.Contains(e.Body.HTML, "Zoé") {
				t.Errorf("bodies arrived as %q / %q", e.Body.Text, e.Body.HTML)
			}
			return
		}
	}
	t.Fatalf("no mail to %s in the store: %+v", m.To, store.Emails)
}

// A fake SES endpoint that fails in the ways SES does, then recovers.
func TestSESErrorsAreClassified(t *testing.T) {
	steps := []struct {
		status    int
		errorType string
		retryable bool
	}{
		{500, "InternalServiceErrorException", true},
		{429, "TooManyRequestsException", true},
		{503, "", true},
		{400, "LimitExceededException", true},
		{400, "SendingPausedException", true},
		{400, "MessageRejected", false},
		{400, "BadRequestException", false},
		{400, "MailFromDomainNotVerifiedException", false},
		{200, "", false},
	}
	var call atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v2/email/outbound-emails" {
			http.Error(w, "unexpected "+r.URL.Path, http.StatusNotFound)
			return
		}
		step := steps[min(int(call.Add(1))-1, len(steps)-1)]
		w.Header().Set("Content-Type", "application/json")
		if step.errorType != "" {
			w.Header().Set("X-Amzn-ErrorType", step.errorType)
		}
		w.WriteHeader(step.status)
		if step.status == 200 {
			fmt.Fprint(w, `{"MessageId":"local-1"}`)
		} else {
			fmt.Fprintf(w, `{"message":"%s"}`, step.errorType)
		}
	}))
	defer srv.Close()

	ctx := context.Background()
	// The SDK's own retries are off, so each Send is one request.
	client, err := guichetmail.NewSESClient(ctx, srv.URL, "eu-west-3", func(o *sesv2.Options) { o.RetryMaxAttempts = 1 })
	if err != nil {
		t.Fatal(err)
	}
	s := guichetmail.NewSESSender(client, "", "")
	raw, _ := sampleMessage().MIME(fixedNow)
	for i, step := range steps {
		err := s.Send(ctx, "zoe@example.com", raw)
		if step.status == 200 {
			if err != nil {
				t.Fatalf("step %d: after recovery Send = %v", i, err)
			}
			continue
		}
		if err == nil {
			t.Fatalf("step %d (%d %s): no error", i, step.status, step.errorType)
		}
		if got := guichetmail.Retryable(err); got != step.retryable {
			t.Errorf("step %d (%d %s): Retryable = %v, want %v (%v)", i, step.status, step.errorType, got, step.retryable, err)
		}
		want := "mail_unavailable"
		if !step.retryable {
			want = "mail_rejected"
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("step %d: error %v, want code %s", i, err, want)
		}
	}
	if call.Load() != int64(len(steps)) {
		t.Errorf("%d requests, want %d", call.Load(), len(steps))
	}
}

// The outbox over SES: an outage is retried, then the message goes through.
func TestOutboxOverFlakySES(t *testing.T) {
	var call atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if call.Add(1) == 1 {
			w.Header().Set("X-Amzn-ErrorType", "TooManyRequestsException")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"message":"Maximum sending rate exceeded."}`)
			return
		}
		fmt.Fprint(w, `{"MessageId":"local-2"}`)
	}))
	defer srv.Close()
	ctx := context.Background()
	client, err := guichetmail.NewSESClient(ctx, srv.URL, "", func(o *sesv2.Options) { o.RetryMaxAttempts = 1 })
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: fixedNow}
	tb := newTable(t, clk.Now)
	ob := guichetmail.NewOutbox(tb, guichetmail.NewSESSender(client, "no-reply@guichet.example", ""),
		guichetmail.OutboxOptions{From: "no-reply@guichet.example", Now: clk.Now})
	id := enqueue(t, tb, queued("a@example.com"), fixedNow)
	if n, err := ob.Drain(ctx); n != 0 || err != nil {
		t.Fatalf("throttled Drain = %d, %v", n, err)
	}
	clk.Advance(31 * time.Second) // past the first backoff
	if n, err := ob.Drain(ctx); n != 1 || err != nil {
		t.Fatalf("Drain after recovery = %d, %v", n, err)
	}
	if r, _ := ob.Lookup(ctx, id); r.Attempts != 2 {
		t.Fatalf("record: %+v", r)
	}
}
