package mail_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	guichetmail "github.com/guichet/guichet/shared/mail"
)

// fakeSES speaks the SES v2 SendEmail call. Its first failFor requests fail the
// ways SES does when it is down or sheds load; then it accepts, and counts what it
// accepted per X-Guichet-Mail-ID.
type fakeSES struct {
	mu        sync.Mutex
	failFor   int
	requests  int
	delivered map[string]int
}

// outageAnswers are the failures, in turn: an internal error, an unavailable
// service, the sending-rate throttle and the throttle some SES answers carry
// with a 400.
var outageAnswers = []struct {
	status    int
	errorType string
}{{500, "InternalFailure"}, {503, "ServiceUnavailable"}, {429, "TooManyRequestsException"}, {400, "ThrottlingException"}}

func (f *fakeSES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v2/email/outbound-emails" {
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	var in struct {
		Content struct{ Raw struct{ Data []byte } }
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	w.Header().Set("Content-Type", "application/json")
	if f.requests <= f.failFor {
		a := outageAnswers[f.requests%len(outageAnswers)]
		w.Header().Set("X-Amzn-ErrorType", a.errorType)
		w.WriteHeader(a.status)
		fmt.Fprintf(w, `{"message":"%s"}`, a.errorType)
		return
	}
	p, err := guichetmail.Parse(in.Content.Raw.Data)
	if err != nil || p.ID == "" {
		w.Header().Set("X-Amzn-ErrorType", "BadRequestException")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"message":"unreadable message"}`)
		return
	}
	f.delivered[p.ID]++
	fmt.Fprintf(w, `{"MessageId":"ses-%d"}`, f.requests)
}

func (f *fakeSES) counts() (requests int, delivered map[string]int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.delivered))
	for id, n := range f.delivered {
		out[id] = n
	}
	return f.requests, out
}

// An SES outage: the mail waits in the outbox, each attempt backs off, and once SES
// answers again every message is delivered exactly once.
func TestSESOutageDelaysMailAndSendsEachOnce(t *testing.T) {
	const mails = 20
	ses := &fakeSES{failFor: 100, delivered: map[string]int{}}
	srv := httptest.NewServer(ses)
	defer srv.Close()
	ctx := context.Background()
	// The SDK retries each call up to three times itself, here without sleeping; the
	// outage outlasts that, so the outbox's own backoff is what carries the mail over.
	client, err := guichetmail.NewSESClient(ctx, srv.URL, "eu-west-3", func(o *sesv2.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			so.RateLimiter = ratelimit.None
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: fixedNow}
	tb := newTable(t, clk.Now)
	ob := guichetmail.NewOutbox(tb, guichetmail.NewSESSender(client, "no-reply@guichet.example", ""),
		guichetmail.OutboxOptions{From: "no-reply@guichet.example", Now: clk.Now, BaseBackoff: 30 * time.Second, MaxBackoff: 5 * time.Minute,
			Logger: slog.New(slog.DiscardHandler)})
	ids := map[string]bool{}
	for i := range mails {
		ids[enqueue(t, tb, queued(fmt.Sprintf("p%02d@example.com", i)), fixedNow)] = true
	}

	// The first pass meets the outage: nothing is sent, everything waits.
	if n, err := ob.Drain(ctx); n != 0 || err != nil {
		t.Fatalf("Drain during the outage = %d, %v", n, err)
	}
	if pending, err := guichetmail.Pending(ctx, tb); err != nil || len(pending) != mails {
		t.Fatalf("%d messages wait in the outbox (%v), want %d", len(pending), err, mails)
	}
	// Nothing is due before its backoff ends: another pass asks SES nothing.
	before, _ := ses.counts()
	if n, err := ob.Drain(ctx); n != 0 || err != nil {
		t.Fatalf("Drain before the backoff ended = %d, %v", n, err)
	}
	if after, _ := ses.counts(); after != before {
		t.Fatalf("a pass before the backoff ended made %d requests", after-before)
	}

	sent := 0
	for pass := 0; sent < mails && pass < 10; pass++ {
		clk.Advance(5 * time.Minute) // the longest backoff
		n, err := ob.Drain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sent += n
	}
	requests, delivered := ses.counts()
	if sent != mails || len(delivered) != mails {
		t.Fatalf("sent %d, SES accepted %d distinct messages, want %d (after %d requests)", sent, len(delivered), mails, requests)
	}
	retried := 0
	for id := range ids {
		if delivered[id] != 1 {
			t.Errorf("message %s delivered %d times, want once", id, delivered[id])
		}
		rec, err := ob.Lookup(ctx, id)
		if err != nil || rec.Status != guichetmail.StatusSent {
			t.Errorf("message %s: %+v, %v", id, rec, err)
		}
		if rec.Attempts > 1 {
			retried++
		}
	}
	if retried == 0 || requests <= ses.failFor {
		t.Fatalf("the outage was not exercised: %d retried messages, %d requests", retried, requests)
	}
	t.Logf("%d messages, %d SES requests of which %d failed, %d messages needed more than one attempt", mails, requests, ses.failFor, retried)
}
