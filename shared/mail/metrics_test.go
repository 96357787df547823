package mail_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	guichetmail "github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
)

// The backlog counts what waits and how long the oldest has waited, from when it was
// queued (a message in backoff sorts after a newer one due now), and the failures of
// the last hour only.
func TestBacklog(t *testing.T) {
	ctx := context.Background()
	clk := &clock{now: fixedNow}
	tb := newTable(t, clk.Now)
	fail := map[string]bool{}
	rec := &recorder{}
	sender := senderFunc(func(ctx context.Context, to string, raw []byte) error {
		if fail[to] {
			return &portal.Error{Kind: portal.Invalid, Code: "mail_rejected"}
		}
		return &portal.Error{Kind: portal.Internal, Code: "mail_unavailable"} // SES down: retried later
	})
	ob := guichetmail.NewOutbox(tb, sender, guichetmail.OutboxOptions{From: "no-reply@guichet.example", Now: clk.Now})
	if b, err := ob.Backlog(ctx); err != nil || b != (guichetmail.Backlog{}) {
		t.Fatalf("empty outbox: %+v, %v", b, err)
	}

	// Two hours ago a message was refused: not in the last hour.
	fail["old@example.com"] = true
	enqueue(t, tb, queued("old@example.com"), fixedNow)
	clk.Advance(time.Hour)
	enqueue(t, tb, queued("first@example.com"), clk.Now()) // will back off
	if _, err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	fail["now@example.com"] = true
	enqueue(t, tb, queued("now@example.com"), clk.Now())
	enqueue(t, tb, queued("second@example.com"), clk.Now().Add(time.Minute)) // due in a minute
	if _, err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Advance(10 * time.Minute)
	b, err := ob.Backlog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := guichetmail.Backlog{Pending: 2, OldestPending: time.Hour + 10*time.Minute, FailedLastHour: 1}
	if b != want {
		t.Fatalf("backlog %+v, want %+v", b, want)
	}
	if len(rec.all()) != 0 {
		t.Fatal("nothing was to be sent")
	}

	line, err := b.EMF("guichet-MaildrainFunction-X1", clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	var emf struct {
		AWS struct {
			Timestamp         int64
			CloudWatchMetrics []struct {
				Namespace  string
				Dimensions [][]string
				Metrics    []struct{ Name, Unit string }
			}
		} `json:"_aws"`
		FunctionName string
		Pending      int     `json:"PendingMail"`
		Oldest       float64 `json:"OldestPendingMailAge"`
		Failed       int     `json:"MailFailedLastHour"`
	}
	if err := json.Unmarshal(line, &emf); err != nil || line[len(line)-1] != '\n' {
		t.Fatalf("EMF line %q: %v", line, err)
	}
	cw := emf.AWS.CloudWatchMetrics
	if emf.AWS.Timestamp != clk.Now().UnixMilli() || len(cw) != 1 || cw[0].Namespace != guichetmail.MetricNamespace ||
		len(cw[0].Dimensions) != 1 || len(cw[0].Dimensions[0]) != 1 || cw[0].Dimensions[0][0] != "FunctionName" || len(cw[0].Metrics) != 3 {
		t.Fatalf("EMF metadata: %s", line)
	}
	if emf.FunctionName != "guichet-MaildrainFunction-X1" || emf.Pending != 2 || emf.Oldest != 4200 || emf.Failed != 1 {
		t.Fatalf("EMF values: %s", line)
	}
	units := map[string]string{}
	for _, m := range cw[0].Metrics {
		units[m.Name] = m.Unit
	}
	if units[guichetmail.MetricPending] != "Count" || units[guichetmail.MetricOldestPendingAge] != "Seconds" || units[guichetmail.MetricFailedLastHour] != "Count" {
		t.Fatalf("EMF metrics: %v", units)
	}
}
