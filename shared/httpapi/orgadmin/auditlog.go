package orgadmin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/csvout"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// AuditLog lets administrators browse and filter their organisation's audit log,
// and export it as a job. No route changes or deletes an entry.
var AuditLog = httpapi.Feature{Name: "audit", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/org/audit", d.listAudit)
	rt.Handle("POST /api/v1/org/audit/exports", d.enqueueAuditExport)
	rt.Handle("GET /api/v1/org/audit/exports/{id}", d.showAuditExport)
}}

// maxAuditExport bounds one CSV export (about 130 MB): a longer log is exported a
// date range at a time.
const maxAuditExport = 100_000

// auditFilter reads ?action=, ?user=, ?from= and ?to= (dates as YYYY-MM-DD, to
// included, or RFC 3339 times, to excluded).
func auditFilter(v url.Values) (store.AuditFilter, error) {
	var f portal.Fields
	af := store.AuditFilter{Action: v.Get("action"), UserID: v.Get("user")}
	if af.Action != "" && !httpapi.ValidID(af.Action) {
		f.Add("action", "format")
	}
	if af.UserID != "" && !httpapi.ValidID(af.UserID) {
		f.Add("user", "format")
	}
	var ok bool
	if af.From, ok = auditTime(v.Get("from"), false); !ok {
		f.Add("from", "date")
	}
	if af.To, ok = auditTime(v.Get("to"), true); !ok {
		f.Add("to", "date")
	}
	if !af.From.IsZero() && !af.To.IsZero() && !af.From.Before(af.To) {
		f.Add("to", "before_start")
	}
	return af, f.Err()
}

// auditTime reads a bound of the range; a date as an end means the end of that day.
func auditTime(s string, end bool) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	t, err := time.Parse(httpapi.DateLayout, s)
	if err != nil {
		return time.Time{}, false
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, true
}

// auditPerson is who an entry names, as the log shows them.
type auditPerson struct {
	FirstName string      `json:"firstName"`
	LastName  string      `json:"lastName"`
	Email     string      `json:"email"`
	Role      portal.Role `json:"role"`
}

type auditView struct {
	Items []store.AuditEntry `json:"items"`
	// People names the users and actors of the page who still exist (up to 100 of
	// them): the organisation's, and the vendor's operators (role "operator")
	// who acted in its log.
	People map[string]auditPerson `json:"people"`
	Next   string                 `json:"next,omitempty"`
}

// people reads who the entries name, each among the organisation's users and the
// vendor's operators: an operator acts in a customer's log themself (a contract
// created from the back office, a registration decided) or as its user (a log-in
// as, where they are the actor). A page names at most
// table.MaxTransact of them, read in one round trip; the CSV export reads every
// page's.
func (d *deps) people(ctx context.Context, orgID string, entries []store.AuditEntry, max int) (map[string]auditPerson, error) {
	var refs []store.Owner
	seen := map[store.Owner]bool{}
	add := func(o store.Owner) {
		if o.UserID != "" && !seen[o] && len(refs) < max {
			seen[o] = true
			refs = append(refs, o)
		}
	}
	for _, e := range entries {
		for _, id := range []string{e.UserID, e.ActorID} {
			add(store.Owner{OrgID: orgID, UserID: id})
			add(store.Owner{OrgID: portal.VendorOrg, UserID: id})
		}
	}
	users, err := d.Store.People(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make(map[string]auditPerson, len(users))
	for id, u := range users {
		out[id] = auditPerson{FirstName: u.FirstName, LastName: u.LastName, Email: u.Email, Role: u.Role}
	}
	return out, nil
}

// listAudit answers one page of the log, newest first, in three round trips: the
// session, the entries, the people they name.
func (d *deps) listAudit(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActAuditRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 50, 100)
	if err != nil {
		return err
	}
	entries, next, err := d.Store.AuditSearch(r.Context(), p.OrgID, f, limit, cursor)
	if err != nil {
		return err
	}
	people, err := d.people(r.Context(), p.OrgID, entries, table.MaxTransact)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, auditView{Items: httpapi.OrEmptyList(entries), People: people, Next: next})
}

// jobAuditExport is the kind of the audit log's CSV export jobs.
const jobAuditExport = "audit-export"

// auditExportInput is what an export job exports: the list's filters.
type auditExportInput struct {
	Action string    `json:"action,omitempty"`
	UserID string    `json:"userId,omitempty"`
	From   time.Time `json:"from,omitzero"`
	To     time.Time `json:"to,omitzero"`
}

// auditExportForm is the body of an export request: the list's filters, as its
// query string takes them.
type auditExportForm struct {
	Action string `json:"action"`
	User   string `json:"user"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// auditExportSummary is what a finished export reports.
type auditExportSummary struct {
	Entries int  `json:"entries"`
	Cut     bool `json:"cut"`
}

// enqueueAuditExport checks the filters and queues the export: however long the
// log, the answer is the job, and the file is downloaded from the blob store.
func (d *deps) enqueueAuditExport(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActAuditRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	var in auditExportForm
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	f, err := auditFilter(url.Values{"action": {in.Action}, "user": {in.User}, "from": {in.From}, "to": {in.To}})
	if err != nil {
		return err
	}
	input := auditExportInput{Action: f.Action, UserID: f.UserID, From: f.From, To: f.To}
	return d.enqueue(w, r, p, store.Job{Kind: jobAuditExport, Input: httpapi.RawJSON(input)})
}

// showAuditExport answers an export job of the organisation.
func (d *deps) showAuditExport(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActAuditRead, httpapi.OwnOrg)
	if err != nil {
		return err
	}
	return d.showJob(w, r, p, jobAuditExport)
}

func auditExportFile(j store.Job) blob.Meta {
	return blob.Meta{ContentType: "text/csv; charset=utf-8", Filename: "audit-" + j.Created.UTC().Format(httpapi.DateLayout) + ".csv"}
}

// auditExportPage is how many entries an export reads, and records as done, at a time.
const auditExportPage = 500

// runAuditExport writes the log as CSV (UTF-8 with a byte-order mark, which
// spreadsheets need to read accents), newest first, at most maxAuditExport entries,
// into a temporary file, then puts it in the blob store. A cut export ends with a
// line that says so. Reading writes nothing, so a resumed export starts again.
func (d *deps) runAuditExport(ctx context.Context, run *jobRun) error {
	var in auditExportInput
	if err := json.Unmarshal(run.job.Input, &in); err != nil {
		return portal.Wrap(portal.Internal, "job_input", err)
	}
	f := store.AuditFilter{Action: in.Action, UserID: in.UserID, From: in.From, To: in.To}
	tmp, err := os.CreateTemp("", "guichet-export-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := tmp.WriteString(csvout.BOM); err != nil {
		return err
	}
	out := csvout.NewWriter(tmp)
	_ = out.Write("time", "action", "user", "userEmail", "actor", "actorEmail", "target", "ip", "before", "after")
	written, cursor, cut := 0, "", false
	for {
		var entries []store.AuditEntry
		if entries, cursor, err = d.Store.AuditSearch(ctx, run.job.OrgID, f, auditExportPage, cursor); err != nil {
			return err
		}
		people, err := d.people(ctx, run.job.OrgID, entries, 3*len(entries))
		if err != nil {
			return err
		}
		for _, e := range entries {
			_ = out.Write(e.Time.UTC().Format(time.RFC3339), e.Action, e.UserID, people[e.UserID].Email,
				e.ActorID, people[e.ActorID].Email, e.Target, e.IP, string(e.Before), string(e.After))
		}
		written += len(entries)
		if cursor == "" {
			break
		}
		if written >= maxAuditExport {
			cut = true
			_ = out.Write("# cut after " + strconv.Itoa(written) + " entries: export a shorter date range")
			break
		}
		if err := run.progress(ctx, written, 0); err != nil {
			return err
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	key := "exports/" + run.job.OrgID + "/" + run.job.ID + ".csv"
	if err := d.Blobs.Put(ctx, key, tmp, auditExportFile(run.job)); err != nil {
		return err
	}
	return run.finish(ctx, key, auditExportSummary{Entries: written, Cut: cut})
}

// deps are the platform's dependencies, on which the orgadmin area's handlers are
// methods.
type deps struct{ *httpapi.Deps }
