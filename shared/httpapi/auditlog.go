package httpapi

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/csvout"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// AuditLog lets administrators browse, filter and export their organisation's
// audit log. No route changes or deletes an entry.
var AuditLog = Feature{Name: "audit", Routes: func(rt *Router, d *Deps) {
	rt.Handle("GET /api/v1/org/audit", d.listAudit)
	rt.Handle("GET /api/v1/org/audit.csv", d.exportAudit)
}}

// maxAuditExport bounds one CSV export: an answer through API Gateway and Lambda
// holds at most 6 MB. A longer log is exported a date range at a time.
const maxAuditExport = 5000

// auditFilter reads ?action=, ?user=, ?from= and ?to= (dates as YYYY-MM-DD, to
// included, or RFC 3339 times, to excluded).
func auditFilter(v url.Values) (store.AuditFilter, error) {
	var f portal.Fields
	af := store.AuditFilter{Action: v.Get("action"), UserID: v.Get("user")}
	if af.Action != "" && !validID(af.Action) {
		f.Add("action", "format")
	}
	if af.UserID != "" && !validID(af.UserID) {
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
	t, err := time.Parse(dateLayout, s)
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
func (d *Deps) people(r *http.Request, orgID string, entries []store.AuditEntry, max int) (map[string]auditPerson, error) {
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
	users, err := d.Store.People(r.Context(), refs)
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
func (d *Deps) listAudit(w http.ResponseWriter, r *http.Request) error {
	p, err := allow(r, auth.ActAuditRead, ownOrg)
	if err != nil {
		return err
	}
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	limit, cursor, err := pageParams(r.URL.Query(), 50, 100)
	if err != nil {
		return err
	}
	entries, next, err := d.Store.AuditSearch(r.Context(), p.OrgID, f, limit, cursor)
	if err != nil {
		return err
	}
	people, err := d.people(r, p.OrgID, entries, table.MaxTransact)
	if err != nil {
		return err
	}
	return Reply(w, auditView{Items: orEmptyList(entries), People: people, Next: next})
}

// exportAudit streams the log as CSV (UTF-8 with a byte-order mark, which
// spreadsheets need to read accents), newest first, with the same filters as the
// list, at most maxAuditExport entries; a cut export ends with a line that says so.
func (d *Deps) exportAudit(w http.ResponseWriter, r *http.Request) error {
	p, err := allow(r, auth.ActAuditRead, ownOrg)
	if err != nil {
		return err
	}
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ctx := r.Context()
	entries, cursor, err := d.Store.AuditSearch(ctx, p.OrgID, f, 500, "")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit-`+d.now().UTC().Format(dateLayout)+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(csvout.BOM))
	out := csvout.NewWriter(w)
	_ = out.Write("time", "action", "user", "userEmail", "actor", "actorEmail", "target", "ip", "before", "after")
	written := 0
	for {
		people, err := d.people(r, p.OrgID, entries, 3*len(entries))
		if err != nil {
			// The answer has started: the log has the cause, the file ends here.
			logger(ctx).Error("audit export stopped", "err", err.Error())
			break
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
			_ = out.Write("# cut after " + strconv.Itoa(written) + " entries: export a shorter date range")
			break
		}
		if entries, cursor, err = d.Store.AuditSearch(ctx, p.OrgID, f, 500, cursor); err != nil {
			logger(ctx).Error("audit export stopped", "err", err.Error())
			break
		}
	}
	_ = out.Flush()
	return nil
}
