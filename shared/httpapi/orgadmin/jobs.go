package orgadmin

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Long work (exports, imports) runs as jobs: the HTTP call checks the request and
// queues a job in the organisation's partition; a runner (a ticker of the local
// binary, the work function in AWS) claims it under a lease, saves its progress as it
// goes and leaves a file in the blob store; the person follows the progress and
// downloads the file by a short-lived link. A runner that dies loses its lease, and
// the next one resumes the job.

// jobLease is how long a runner holds a job without saving progress before another
// may take it over.
const jobLease = 2 * time.Minute

// maxJobAttempts bounds how often a job is taken up again after its runner died or
// failed on it without saving any progress: a run that saved some counts as the
// first attempt since, so a long job its runners keep moving on always ends.
const maxJobAttempts = 3

// linkTTL is the life of a download link: it is made when the person asks for the
// job and followed at once.
const linkTTL = 5 * time.Minute

// errJobLost stops a runner whose job another runner has taken over.
var errJobLost = errors.New("the job's lease was lost")

// jobKind runs one kind of job.
type jobKind struct {
	run func(ctx context.Context, j *jobRun) error
	// file names the download a finished job offers, from its creation time.
	file func(j store.Job) blob.Meta
}

func (d *deps) jobKinds() map[string]jobKind {
	return map[string]jobKind{
		jobAuditExport: {run: d.runAuditExport, file: auditExportFile},
		jobUserImport:  {run: d.runImport, file: importReportFile},
	}
}

// enqueue queues a job of kind for the principal's organisation, in the principal's
// name, with the steps of also in the same transaction, and answers it.
func (d *deps) enqueue(w http.ResponseWriter, r *http.Request, p portal.Principal, j store.Job, also ...table.Op) error {
	now := d.Time().UTC()
	j.OrgID, j.By, j.IP, j.Lang, j.Created, j.Updated = p.OrgID, p.UserID, portal.CallerFrom(r.Context()).Address, httpapi.Lang(r), now, now
	if j.ID == "" {
		j.ID = portal.NewID()
	}
	if p.Actor != nil {
		j.ActorID = p.Actor.UserID
	}
	if err := d.Store.Table().Transact(r.Context(), append([]table.Op{store.EnqueueJobOp(j)}, also...)...); err != nil {
		return err
	}
	j.State = store.JobQueued
	return httpapi.Accepted(w, viewJob(j))
}

// jobView is a job as its owner sees it.
type jobView struct {
	ID      string         `json:"id"`
	Kind    string         `json:"kind"`
	State   store.JobState `json:"state"`
	Done    int            `json:"done"`
	Total   int            `json:"total"`
	Summary any            `json:"summary,omitempty"`
	Error   string         `json:"error,omitempty"`
	Created time.Time      `json:"created"`
	Updated time.Time      `json:"updated"`
	// Download is a link to the job's file, valid for a few minutes, once done.
	Download *download `json:"download,omitempty"`
}

type download struct {
	URL      string    `json:"url"`
	Filename string    `json:"filename"`
	Expires  time.Time `json:"expires"`
}

func viewJob(j store.Job) jobView {
	v := jobView{ID: j.ID, Kind: j.Kind, State: j.State, Done: j.Done, Total: j.Total, Error: j.Error, Created: j.Created, Updated: j.Updated}
	if len(j.Summary) > 0 {
		v.Summary = j.Summary
	}
	return v
}

// showJob answers the organisation's job id of kind, with a fresh download link
// when it is done. Another organisation's job, or one of another kind, is not found.
func (d *deps) showJob(w http.ResponseWriter, r *http.Request, p portal.Principal, kind string) error {
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	j, err := d.Store.Job(ctx, p.OrgID, id)
	if err == nil && j.Kind != kind {
		err = portal.E(portal.NotFound, "not_found", "no such job")
	}
	if err != nil {
		return err
	}
	v, err := d.viewJobLinked(ctx, j)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, v)
}

// viewJobLinked is the job as its owner sees it, with a fresh download link when
// it is done.
func (d *deps) viewJobLinked(ctx context.Context, j store.Job) (jobView, error) {
	v := viewJob(j)
	if j.State == store.JobDone && j.Result != "" {
		meta := d.jobKinds()[j.Kind].file(j)
		link, err := d.Blobs.Link(ctx, j.Result, linkTTL, meta)
		if err != nil {
			return v, err
		}
		v.Download = &download{URL: link, Filename: meta.Filename, Expires: d.Time().UTC().Add(linkTTL)}
	}
	return v, nil
}

// RunJobs returns what runs the organisations' due long jobs (audit exports, user
// imports) with d: the work function, the local binary's ticker and its jobs command
// call it.
func RunJobs(d *httpapi.Deps) func(ctx context.Context) (int, error) { return (&deps{d}).runDue }

// runDue runs the due jobs one after another until none is left, and returns how
// many it finished. Several runners may call it at once: each job is claimed under a
// lease, and a runner that loses it stops.
func (d *deps) runDue(ctx context.Context) (int, error) {
	finished := 0
	for {
		due, err := d.Store.DueJobs(ctx, d.Time(), 10)
		if err != nil || len(due) == 0 {
			return finished, err
		}
		took := false
		for _, j := range due {
			run, err := d.claim(ctx, j)
			if portal.Is(err, portal.Conflict) {
				continue
			}
			if err != nil {
				return finished, err
			}
			took = true
			if run == nil {
				continue
			}
			if err := d.runJob(ctx, run); err != nil {
				return finished, err
			}
			finished++
		}
		if !took {
			return finished, nil
		}
	}
}

// claim takes j under a fresh lease; a job taken up too often already fails
// instead, and claim returns no run.
func (d *deps) claim(ctx context.Context, j store.Job) (*jobRun, error) {
	now := d.Time().UTC()
	j.Updated = now
	if _, ok := d.jobKinds()[j.Kind]; !ok || j.Attempts >= maxJobAttempts {
		j.State, j.Error = store.JobFailed, "job_attempts"
		_, err := d.Store.SaveJob(ctx, j)
		return nil, err
	}
	j.State, j.Attempts, j.Lease = store.JobRunning, j.Attempts+1, now.Add(jobLease)
	j, err := d.Store.SaveJob(ctx, j)
	if err != nil {
		return nil, err
	}
	return &jobRun{d: d, job: j}, nil
}

// runJob runs a claimed job to its end. A job that fails on the client's side
// (bad input found late) is marked failed; an internal failure leaves it to be
// taken up again when the lease runs out, and so does the end of ctx (the
// function's time is up), which also stops the runner.
func (d *deps) runJob(ctx context.Context, run *jobRun) error {
	err := d.jobKinds()[run.job.Kind].run(ctx, run)
	switch {
	case err == nil || errors.Is(err, errJobLost):
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case portal.KindOf(err) != portal.Internal:
		var pe *portal.Error
		errors.As(err, &pe)
		return run.fail(ctx, pe.Code)
	default:
		httpapi.Logger(ctx).Error("job stopped", "job", run.job.ID, "kind", run.job.Kind, "err", err.Error())
		return nil
	}
}

// jobRun is a job held by this runner.
type jobRun struct {
	d   *deps
	job store.Job
	// next is the job as progressOp's step writes it, until the step commits.
	next *store.Job
}

// progress records done of total and extends the lease.
func (r *jobRun) progress(ctx context.Context, done, total int) error {
	op := r.progressOp(done, total)
	if err := r.d.Store.Table().Transact(ctx, op); err != nil {
		return r.lost(err)
	}
	r.committed()
	return nil
}

// progressOp is the step that records done of total with the work of a batch; the
// caller calls committed once the batch's transaction succeeded.
func (r *jobRun) progressOp(done, total int) table.Op {
	j := r.job
	j.Done, j.Total, j.Updated, j.Attempts = done, total, r.d.Time().UTC(), 1
	j.Lease = j.Updated.Add(jobLease)
	op, after := store.SaveJobOp(j)
	r.next = &after
	return op
}

func (r *jobRun) committed() {
	if r.next != nil {
		r.job, r.next = *r.next, nil
	}
}

// lost turns a refused save into errJobLost: another runner holds the job now.
func (r *jobRun) lost(err error) error {
	if portal.Is(err, portal.Conflict) {
		return errJobLost
	}
	return err
}

// finish records the job's file and figures, with the steps of also in the same
// transaction.
func (r *jobRun) finish(ctx context.Context, result string, summary any, also ...table.Op) error {
	j := r.job
	j.State, j.Result, j.Summary, j.Updated, j.Lease = store.JobDone, result, httpapi.RawJSON(summary), r.d.Time().UTC(), time.Time{}
	op, _ := store.SaveJobOp(j)
	return r.lost(r.d.Store.Table().Transact(ctx, append([]table.Op{op}, also...)...))
}

// fail records why the job cannot be done.
func (r *jobRun) fail(ctx context.Context, code string) error {
	j := r.job
	j.State, j.Error, j.Updated, j.Lease = store.JobFailed, code, r.d.Time().UTC(), time.Time{}
	_, err := r.d.Store.SaveJob(ctx, j)
	if errors.Is(r.lost(err), errJobLost) {
		return nil
	}
	return err
}

// context gives ctx the identity and address of the job's author, for the code
// that audits in their name.
func (r *jobRun) context(ctx context.Context) context.Context {
	j := r.job
	p := portal.Principal{UserID: j.By, OrgID: j.OrgID, Role: portal.RoleAdmin, Lang: j.Lang}
	if j.ActorID != "" {
		p.Actor = &portal.Actor{UserID: j.ActorID}
	}
	return portal.WithCaller(portal.WithPrincipal(ctx, p), portal.Caller{Address: j.IP})
}
