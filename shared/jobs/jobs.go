// Package jobs holds Guichet's scheduled jobs. Each is idempotent and safe to run
// twice or concurrently: in AWS an EventBridge rule starts it, locally a ticker does,
// and `guichet jobs run` runs it once by hand.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/table"
)

// Job is one scheduled task. A LocalOnly job has no schedule in AWS.
type Job struct {
	Name      string
	Every     time.Duration
	LocalOnly bool
	Run       func(ctx context.Context) (string, error)
}

// All returns every job, wired to its dependencies.
func All(t *table.Table, outbox *mail.Outbox) []Job {
	return []Job{
		// Locally this ticker is what delivers mail, so it runs often; a drain with
		// nothing due is one index query.
		{Name: "mail-drain", Every: time.Second, Run: func(ctx context.Context) (string, error) {
			n, err := outbox.Drain(ctx)
			return fmt.Sprintf("%d sent", n), err
		}},
		// DynamoDB deletes expired items by itself; the embedded store needs this.
		{Name: "sweep", Every: time.Hour, LocalOnly: true, Run: func(ctx context.Context) (string, error) {
			n, err := t.Sweep(ctx)
			return fmt.Sprintf("%d expired items deleted", n), err
		}},
	}
}

// Find returns the named job.
func Find(all []Job, name string) (Job, bool) {
	for _, j := range all {
		if j.Name == name {
			return j, true
		}
	}
	return Job{}, false
}

// Schedule runs every job on its own ticker until ctx ends; the local stand-in for
// the EventBridge rules.
func Schedule(ctx context.Context, all []Job, log *slog.Logger) {
	for _, j := range all {
		go func() {
			tick := time.NewTicker(j.Every)
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
					RunOne(ctx, j, log)
				}
			}
		}()
	}
}

// RunOne runs a job once and logs its outcome.
func RunOne(ctx context.Context, j Job, log *slog.Logger) error {
	start := time.Now()
	result, err := j.Run(ctx)
	if err != nil {
		log.Error("job failed", "job", j.Name, "err", err.Error(), "ms", time.Since(start).Milliseconds())
		return err
	}
	log.Info("job done", "job", j.Name, "result", result, "ms", time.Since(start).Milliseconds())
	return nil
}
