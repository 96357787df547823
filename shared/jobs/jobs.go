// Package jobs holds Guichet's scheduled jobs. Each is idempotent and safe to run
// twice or concurrently: in AWS an EventBridge rule starts it, locally a ticker does,
// and `guichet jobs run` runs it once by hand.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/notify"
	"github.com/guichet/guichet/shared/store"
)

// Job is one scheduled task. A LocalOnly job has no schedule in AWS.
type Job struct {
	Name      string
	Every     time.Duration
	LocalOnly bool
	// Function is the folder under functions/ whose Lambda runs the job on its
	// schedule in AWS; empty for the jobs function.
	Function string
	// Run does the work once and says how many things it did, which Counts names.
	Run    func(ctx context.Context) (int, error)
	Counts string
}

// Env is what the jobs work with.
type Env struct {
	Store *store.Store
	// Drain delivers the mail outbox (mail.Outbox.Drain). The jobs function leaves
	// it nil: the maildrain function runs that job in AWS, and a binary that never
	// drains does not link the rendering of mail (about 5 MB).
	Drain func(context.Context) (int, error)
	// Work runs the due long jobs (exports, imports: orgadmin.RunJobs). Only the
	// programs that hold a blob store set it: the local binary and the work function.
	Work func(context.Context) (int, error)
	// BaseURL is the portal's address, for links in mail.
	BaseURL string
	// AccessDecisionDays is how long an access request waits for a decision before
	// access-refuse refuses it; 0 means access.DefaultDecisionDays.
	AccessDecisionDays int
	// Now is the clock of the access jobs; time.Now when nil.
	Now func() time.Time
}

// All returns every job, wired to its dependencies.
func All(e Env) []Job {
	// The jobs never approve, so their service needs no activation links.
	apps := &access.Service{Store: e.Store, BaseURL: e.BaseURL, DecisionDays: e.AccessDecisionDays, Now: e.Now}
	events := &notify.Drainer{Store: e.Store, BaseURL: e.BaseURL, Now: e.Now}
	return []Job{
		// Locally this ticker is what delivers mail, so it runs often; a drain with
		// nothing due is one index query.
		{Name: "mail-drain", Every: time.Second, Function: "maildrain", Counts: "sent", Run: func(ctx context.Context) (int, error) {
			return e.Drain(ctx)
		}},
		// Locally this ticker starts the exports and imports people queue, so it runs
		// often; with nothing due it is one index query. In AWS the table's stream
		// starts the work function on each new job, and its schedule takes up the
		// jobs whose runner died.
		{Name: "work", Every: 2 * time.Second, Function: "work", Counts: "jobs finished", Run: func(ctx context.Context) (int, error) {
			return e.Work(ctx)
		}},
		// Fans the event outbox out into notifications and their mail. Locally it runs
		// as often as the mail drain, so that a notification shows at once; in AWS the
		// jobs function runs it every minute, EventBridge's finest rate. With nothing
		// due it is one index query.
		{Name: "notify-drain", Every: time.Second, Counts: "notifications delivered", Run: events.Drain},
		// DynamoDB deletes expired items by itself; the embedded store needs this.
		{Name: "sweep", Every: time.Hour, LocalOnly: true, Counts: "expired items deleted", Run: func(ctx context.Context) (int, error) {
			return e.Store.Table().Sweep(ctx)
		}},
		// Each approver gets at most one reminder a day, so running hourly only
		// means the first run after a request's first day catches it.
		{Name: "access-remind", Every: time.Hour, Counts: "reminders queued", Run: func(ctx context.Context) (int, error) {
			return apps.RemindApprovers(ctx)
		}},
		{Name: "access-refuse", Every: time.Hour, Counts: "requests refused", Run: func(ctx context.Context) (int, error) {
			return apps.RefuseStale(ctx)
		}},
		// Access ends at its end whatever this job does (readers check); the job
		// records the end in the grant and the audit log.
		{Name: "access-expire", Every: 15 * time.Minute, Counts: "grants expired", Run: func(ctx context.Context) (int, error) {
			return apps.ExpireGrants(ctx)
		}},
		{Name: "access-expiry-remind", Every: time.Hour, Counts: "reminders queued", Run: func(ctx context.Context) (int, error) {
			return apps.RemindExpiring(ctx)
		}},
	}
}

// OfFunction keeps the jobs the named function runs on their schedules in AWS
// ("" for the jobs function).
func OfFunction(all []Job, function string) []Job {
	var out []Job
	for _, j := range all {
		if !j.LocalOnly && j.Function == function {
			out = append(out, j)
		}
	}
	return out
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

// RunOne runs a job once and logs its outcome: at debug level when it found nothing
// to do, which is most runs of the mail drain (every second locally).
func RunOne(ctx context.Context, j Job, log *slog.Logger) error {
	start := time.Now()
	n, err := j.Run(ctx)
	if err != nil {
		log.Error("job failed", "job", j.Name, "err", err.Error(), "ms", time.Since(start).Milliseconds())
		return err
	}
	level := slog.LevelInfo
	if n == 0 {
		level = slog.LevelDebug
	}
	log.Log(ctx, level, "job done", "job", j.Name, "result", fmt.Sprintf("%d %s", n, j.Counts), "ms", time.Since(start).Milliseconds())
	return nil
}
