package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// JobState is where a job stands.
type JobState string

// The states of a job: queued until a runner claims it, running while one holds its
// lease, then done or failed for good.
const (
	JobQueued  JobState = "queued"
	JobRunning JobState = "running"
	JobDone    JobState = "done"
	JobFailed  JobState = "failed"
)

// JobKeep is how long a finished job, and the file it made, are kept.
const JobKeep = 7 * 24 * time.Hour

// Job is a long piece of work started by a person of an organisation: its input, its
// progress, and its result.
type Job struct {
	ID    string   `json:"id"`
	OrgID string   `json:"orgId"`
	Kind  string   `json:"kind"`
	State JobState `json:"state"`
	// By is who started it, as the audit log names them; IP and Lang are theirs.
	By      string `json:"by"`
	ActorID string `json:"actorId,omitempty"`
	IP      string `json:"ip,omitempty"`
	Lang    string `json:"lang,omitempty"`
	// Input is the kind's own description of the work (filters, the file's blob key).
	Input json.RawMessage `json:"input,omitempty"`
	// Done of Total units are done; Total is 0 while unknown.
	Done  int `json:"done"`
	Total int `json:"total"`
	// Result is the blob key of the file the job made, and Summary the kind's
	// figures of it.
	Result  string          `json:"result,omitempty"`
	Summary json.RawMessage `json:"summary,omitempty"`
	// Error is the code of what stopped a failed job.
	Error    string    `json:"error,omitempty"`
	Attempts int       `json:"attempts"`
	Lease    time.Time `json:"lease,omitzero"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	Version  int64     `json:"-"`
}

// item is the job as the table holds it: in the due index from its creation while
// queued, from the end of its lease while running; a finished job leaves the index
// and expires JobKeep later.
func (j Job) item() table.Item {
	k := jobKey(j.OrgID, j.ID)
	it := table.Item{PK: k.PK, SK: k.SK, Version: j.Version + 1, Data: encode(j)}
	switch j.State {
	case JobQueued:
		it.GSI1PK, it.GSI1SK = jobsDueIndex, j.Created.UTC().Format(keyTime)+"#"+j.OrgID+"#"+j.ID
	case JobRunning:
		it.GSI1PK, it.GSI1SK = jobsDueIndex, j.Lease.UTC().Format(keyTime)+"#"+j.OrgID+"#"+j.ID
	default:
		it.TTL = j.Updated.Add(JobKeep).Unix()
	}
	return it
}

// EnqueueJob writes a new job, queued.
func (s *Store) EnqueueJob(ctx context.Context, j Job) error {
	op := EnqueueJobOp(j)
	return s.t.Put(ctx, op.Item, op.Cond)
}

// EnqueueJobOp is the transaction step of EnqueueJob, for a job queued together
// with what records it (its audit entry).
func EnqueueJobOp(j Job) table.Op {
	j.State, j.Version = JobQueued, 0
	return table.Put(j.item(), table.IfAbsent())
}

// RecentJobs lists up to limit of an organisation's jobs of kind, newest first. An
// organisation's jobs are kept JobKeep after they end, so it reads few items: it
// reads pages until it has limit of that kind, and at most table.MaxLimit items.
func (s *Store) RecentJobs(ctx context.Context, orgID, kind string, limit int) ([]Job, error) {
	var out []Job
	cursor, read := "", 0
	for read < table.MaxLimit {
		page, err := s.t.Query(ctx, table.Query{PK: jobKey(orgID, "").PK, Prefix: jobKey(orgID, "").SK, Backward: true,
			Limit: table.DefaultLimit, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			j, err := decode[Job](it)
			if err != nil {
				return nil, err
			}
			if j.Kind == kind {
				j.Version = it.Version
				out = append(out, j)
				if len(out) == limit {
					return out, nil
				}
			}
		}
		read += len(page.Items)
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	return out, nil
}

// Job reads one of an organisation's jobs.
func (s *Store) Job(ctx context.Context, orgID, id string) (Job, error) {
	j, v, err := get[Job](ctx, s.t, jobKey(orgID, id))
	j.Version = v
	return j, err
}

// DueJobs lists up to limit jobs a runner may take at now, oldest first.
func (s *Store) DueJobs(ctx context.Context, now time.Time, limit int) ([]Job, error) {
	page, err := s.t.Query(ctx, table.Query{Index: table.GSI1, PK: jobsDueIndex, From: "0", To: now.UTC().Format(keyTime) + "#~", Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]Job, 0, len(page.Items))
	for _, it := range page.Items {
		j, err := decode[Job](it)
		if err != nil {
			return nil, err
		}
		j.Version = it.Version
		out = append(out, j)
	}
	return out, nil
}

// SaveJob writes j if nobody changed it since it was read, and returns it as
// written; a Conflict means another runner took it over.
func (s *Store) SaveJob(ctx context.Context, j Job) (Job, error) {
	op, after := SaveJobOp(j)
	if err := s.t.Put(ctx, op.Item, op.Cond); err != nil {
		return j, err
	}
	return after, nil
}

// SaveJobOp is the transaction step of SaveJob, for work written together with the
// job's progress; it returns the job as the step writes it.
func SaveJobOp(j Job) (table.Op, Job) {
	op := table.Put(j.item(), table.IfVersion(j.Version))
	j.Version++
	return op, j
}

// ImportLine is what an import job did with one line of its file. It is written
// with the line's work, in the same transaction and only if absent, so that a job
// taken up again after its runner died skips the lines already done and never
// writes one twice.
type ImportLine struct {
	Line    int    `json:"line"`
	Email   string `json:"email,omitempty"`
	Login   string `json:"login,omitempty"`
	Outcome string `json:"outcome"`
	UserID  string `json:"userId,omitempty"`
	// Activation: the person created was mailed an activation link (rather than
	// given the file's password).
	Activation bool `json:"activation,omitempty"`
	// Errors are the reasons of a line skipped or failed, as field errors.
	Errors []portal.FieldError `json:"errors,omitempty"`
}

// ImportLineOp records line l of job jobID, if no runner recorded it yet. It
// expires JobKeep after now, with the job it belongs to.
func ImportLineOp(jobID string, l ImportLine, now time.Time) table.Op {
	k := importRowKey(jobID, l.Line)
	return table.Put(table.Item{PK: k.PK, SK: k.SK, TTL: now.Add(JobKeep).Unix(), Version: 1, Data: encode(l)}, table.IfAbsent())
}

// ImportLines reads every line job jobID recorded, in the file's order.
func (s *Store) ImportLines(ctx context.Context, jobID string) ([]ImportLine, error) {
	var out []ImportLine
	k := importRowKey(jobID, 0)
	cursor := ""
	for {
		page, err := s.t.Query(ctx, table.Query{PK: k.PK, Prefix: "ROW#", Limit: table.MaxLimit, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			l, err := decode[ImportLine](it)
			if err != nil {
				return nil, err
			}
			out = append(out, l)
		}
		if page.Next == "" {
			return out, nil
		}
		cursor = page.Next
	}
}

// ImportEndOp marks job jobID's import as ended, if nothing marked it before: it is
// written with the end's audit entry, so that a run of a job that ended already
// (taken up again after its end was written) records no second end.
func ImportEndOp(jobID string, now time.Time) table.Op {
	k := importEndKey(jobID)
	return table.Put(table.Item{PK: k.PK, SK: k.SK, TTL: now.Add(JobKeep).Unix(), Version: 1, Data: encode(struct{}{})}, table.IfAbsent())
}

// ImportEnded reports whether job jobID's import was marked as ended.
func (s *Store) ImportEnded(ctx context.Context, jobID string) (bool, error) {
	_, err := s.t.Get(ctx, importEndKey(jobID))
	if portal.Is(err, portal.NotFound) {
		return false, nil
	}
	return err == nil, err
}
