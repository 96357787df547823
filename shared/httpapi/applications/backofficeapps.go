package applications

import (
	"net/http"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/validate"
)

// BackOfficeApps is the operators' side of application access: the catalog they
// keep, and the queue of the requests operators decide.
var BackOfficeApps = httpapi.Feature{Name: "backofficeapps", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/backoffice/applications", d.listCatalog)
	rt.Handle("POST /api/v1/backoffice/applications", d.createApplication)
	rt.Handle("GET /api/v1/backoffice/applications/{id}", d.getApplication)
	rt.Handle("PUT /api/v1/backoffice/applications/{id}", d.updateApplication)
	a := approvals{d: d, who: d.operatorDecider}
	rt.Handle("GET /api/v1/backoffice/access-requests", a.queue)
	rt.Handle("GET /api/v1/backoffice/access-requests/{number}", a.get)
	rt.Handle("POST /api/v1/backoffice/access-requests/{number}/decision", a.decide)
	rt.Handle("POST /api/v1/backoffice/access-requests/decisions", a.decideMany)
	rt.Handle("GET /api/v1/backoffice/refusals", d.listRefusals)
	rt.Handle("POST /api/v1/backoffice/refusals/{org}/{user}/{app}/lift", d.liftRefusal)
}}

// listRefusals answers one page of the refusals that hold, newest first, for
// operators: those whose person, organisation or application contains q when it is
// set.
func (d *deps) listRefusals(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, false); err != nil {
		return err
	}
	return httpapi.SearchPage(w, r, d.Store.RefusalsPage)
}

// liftRefusal lets an operator lift a refusal that holds, with a reason (required),
// so that the person may ask for the application again.
func (d *deps) liftRefusal(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, true); err != nil {
		return err
	}
	var ids [3]string
	for i, name := range []string{"org", "user", "app"} {
		id, err := httpapi.PathID(r, name)
		if err != nil {
			return portal.E(portal.NotFound, "refusal_not_found", "no such refusal")
		}
		ids[i] = id
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	lifted, err := d.Access().Lift(r.Context(), ids[0], ids[1], ids[2], in.Reason, d.Auditor(r))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, lifted)
}

// The bounds of a catalog entry's fields.
const (
	maxAppName         = 100
	maxAppDescription  = 2000
	maxAppInstructions = 4000
	maxAppDays         = 3650
)

// catalogManager returns the principal when it may keep the catalog.
func catalogManager(r *http.Request) (portal.Principal, error) {
	return httpapi.Allow(r, auth.ActCatalogManage, func(portal.Principal) auth.Resource { return auth.Resource{} })
}

func (d *deps) listCatalog(w http.ResponseWriter, r *http.Request) error {
	if _, err := catalogManager(r); err != nil {
		return err
	}
	apps, err := d.Store.Applications(r.Context())
	if err != nil {
		return err
	}
	access.SortByName(apps, httpapi.Lang(r))
	return httpapi.Reply(w, httpapi.Page[portal.Application]{Items: apps})
}

func (d *deps) getApplication(w http.ResponseWriter, r *http.Request) error {
	if _, err := catalogManager(r); err != nil {
		return err
	}
	a, err := d.catalogEntry(r)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, a)
}

// catalogEntry reads the application the path names.
func (d *deps) catalogEntry(r *http.Request) (portal.Application, error) {
	id, err := httpapi.PathID(r, "id")
	if err == nil {
		var a portal.Application
		if a, err = d.Store.Application(r.Context(), id); err == nil {
			return a, nil
		}
	}
	if portal.Is(err, portal.NotFound) {
		return portal.Application{}, portal.Wrap(portal.NotFound, "application_not_found", err)
	}
	return portal.Application{}, err
}

// applicationBody is a catalog entry as the back office sends it. Version is the
// version read, for updates.
type applicationBody struct {
	Name           portal.Text     `json:"name"`
	Description    portal.Text     `json:"description"`
	ApprovalNeeded *bool           `json:"approvalNeeded"`
	Approver       portal.Approver `json:"approver"`
	DurationDays   int             `json:"durationDays"`
	Instructions   portal.Text     `json:"instructions"`
	URL            string          `json:"url"`
	Archived       bool            `json:"archived"`
	Version        int64           `json:"version"`
}

func textIn(f *portal.Fields, field string, t portal.Text, max int, required, multiline bool) portal.Text {
	var out portal.Text
	for _, l := range []struct {
		lang string
		in   string
		out  *string
	}{{"fr", t.FR, &out.FR}, {"en", t.EN, &out.EN}} {
		s, err := validate.Text(l.in, max, required, multiline)
		if err != nil {
			f.Add(field+"."+l.lang, validate.CodeOf(err))
		}
		*l.out = s
	}
	return out
}

// apply checks the body into f and copies it onto a.
func (b applicationBody) apply(f *portal.Fields, a *portal.Application) {
	a.Name = textIn(f, "name", b.Name, maxAppName, true, false)
	a.Description = textIn(f, "description", b.Description, maxAppDescription, false, true)
	a.Instructions = textIn(f, "instructions", b.Instructions, maxAppInstructions, false, true)
	if b.ApprovalNeeded == nil {
		f.Add("approvalNeeded", "required")
	} else {
		a.ApprovalNeeded = *b.ApprovalNeeded
	}
	switch b.Approver {
	case portal.ApproverOperators, portal.ApproverCustomerAdmins:
		a.Approver = b.Approver
	case "":
		f.Add("approver", "required")
	default:
		f.Add("approver", "format")
	}
	if b.DurationDays < 0 || b.DurationDays > maxAppDays {
		f.Add("durationDays", "format")
	}
	url, err := validate.LaunchURL(b.URL)
	if err != nil {
		f.Add("url", validate.CodeOf(err))
	}
	a.DurationDays, a.Archived, a.URL = b.DurationDays, b.Archived, url
}

func applicationTarget(id string) string { return "application:" + id }

func (d *deps) createApplication(w http.ResponseWriter, r *http.Request) error {
	if _, err := catalogManager(r); err != nil {
		return err
	}
	var in applicationBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	now := d.Time().UTC()
	a := portal.Application{ID: portal.NewID(), Created: now, Updated: now}
	var f portal.Fields
	in.apply(&f, &a)
	if err := f.Err(); err != nil {
		return err
	}
	if err := d.Store.CreateApplication(r.Context(), a, d.Audit(r.Context(), portal.VendorOrg, "application.create", applicationTarget(a.ID), nil, a)); err != nil {
		return err
	}
	a.Version = 1
	return httpapi.Created(w, a)
}

// updateApplication replaces a catalog entry when the version sent is the one
// stored (409 version_conflict otherwise). Pending requests keep the approver they
// were made with.
func (d *deps) updateApplication(w http.ResponseWriter, r *http.Request) error {
	if _, err := catalogManager(r); err != nil {
		return err
	}
	var in applicationBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	before, err := d.catalogEntry(r)
	if err != nil {
		return err
	}
	a := before
	var f portal.Fields
	in.apply(&f, &a)
	if in.Version < 1 {
		f.Add("version", "required")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if in.Version != before.Version {
		return portal.E(portal.Conflict, "version_conflict", "the application changed since it was read")
	}
	a.Updated = d.Time().UTC()
	err = d.Store.SaveApplication(r.Context(), a, d.Audit(r.Context(), portal.VendorOrg, "application.update", applicationTarget(a.ID), before, a))
	if portal.Is(err, portal.Conflict) {
		return portal.Wrap(portal.Conflict, "version_conflict", err)
	}
	if err != nil {
		return err
	}
	a.Version++
	return httpapi.Reply(w, a)
}
