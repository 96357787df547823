package mail

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// The metrics the mail drainer reports after each drain in AWS (template.yaml's mail
// alarms read them), under the dimension FunctionName.
const (
	MetricNamespace        = "Guichet"
	MetricPending          = "PendingMail"
	MetricOldestPendingAge = "OldestPendingMailAge"
	MetricFailedLastHour   = "MailFailedLastHour"
)

// backlogScanMax bounds the pending messages Backlog reads: past it the outbox is in
// trouble anyway, and the count says "at least".
const backlogScanMax = 1000

// Backlog is what an operator watches in the outbox.
type Backlog struct {
	// Pending counts the messages not yet delivered (up to backlogScanMax).
	Pending int
	// OldestPending is how long ago the oldest of them was queued; 0 when none waits.
	OldestPending time.Duration
	// FailedLastHour counts the messages given up in the last hour.
	FailedLastHour int
}

// Backlog reads the outbox's indexes: the pending messages, whose records say when
// each was queued (the index sorts them by their next attempt, not their age), and
// the failures of the last hour.
func (o *Outbox) Backlog(ctx context.Context) (Backlog, error) {
	now := o.opts.Now()
	var b Backlog
	err := o.scan(ctx, table.Query{Index: table.GSI1, PK: OutboxPending, Limit: table.MaxLimit}, func(it table.Item) {
		b.Pending++
		var rec Record
		if json.Unmarshal(it.Data, &rec) == nil && now.Sub(rec.Created) > b.OldestPending {
			b.OldestPending = now.Sub(rec.Created)
		}
	})
	if err != nil {
		return b, err
	}
	err = o.scan(ctx, table.Query{Index: table.GSI1, PK: OutboxFailed, From: dueKey(now.Add(-time.Hour), ""), Limit: table.MaxLimit},
		func(table.Item) { b.FailedLastHour++ })
	return b, err
}

// scan calls each for the items of q, up to backlogScanMax of them.
func (o *Outbox) scan(ctx context.Context, q table.Query, each func(table.Item)) error {
	for n := 0; n < backlogScanMax; {
		page, err := o.t.Query(ctx, q)
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			if n < backlogScanMax {
				each(it)
				n++
			}
		}
		if page.Next == "" {
			return nil
		}
		q.Cursor = page.Next
	}
	return nil
}

// EMF writes b as one line of CloudWatch's embedded metric format: printed to a
// Lambda function's output, CloudWatch Logs turns it into the three metrics of
// MetricNamespace with the dimension FunctionName = function.
func (b Backlog) EMF(function string, now time.Time) ([]byte, error) {
	type metric struct {
		Name string `json:"Name"`
		Unit string `json:"Unit"`
	}
	line := map[string]any{
		"_aws": map[string]any{
			"Timestamp": now.UnixMilli(),
			"CloudWatchMetrics": []any{map[string]any{
				"Namespace":  MetricNamespace,
				"Dimensions": [][]string{{"FunctionName"}},
				"Metrics": []metric{
					{MetricPending, "Count"}, {MetricOldestPendingAge, "Seconds"}, {MetricFailedLastHour, "Count"},
				},
			}},
		},
		"FunctionName":         function,
		MetricPending:          b.Pending,
		MetricOldestPendingAge: int64(b.OldestPending / time.Second),
		MetricFailedLastHour:   b.FailedLastHour,
	}
	out, err := json.Marshal(line)
	if err != nil {
		return nil, portal.Internalf("mail: encode metrics: %v", err)
	}
	return append(out, '\n'), nil
}
