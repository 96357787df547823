package applications

import (
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// Applications is application access for customers: the catalog they may request
// from, "Manage applications" (a person's grants and requests), and the queue of the
// requests their organisation's administrators decide.
var Applications = httpapi.Feature{Name: "applications", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/applications", d.listRequestable)
	rt.Handle("GET /api/v1/me/applications", d.myApplications)
	rt.Handle("DELETE /api/v1/me/applications/{app}", d.removeApplication)
	rt.Handle("POST /api/v1/me/applications/{app}/extension", d.requestExtension)
	rt.Handle("POST /api/v1/me/access-requests", d.requestApplications)
	rt.Handle("POST /api/v1/me/access-requests/{number}/cancel", d.cancelRequest)
	a := approvals{d: d, who: d.orgDecider}
	rt.Handle("GET /api/v1/access-requests", a.queue)
	rt.Handle("GET /api/v1/access-requests/{number}", a.get)
	rt.Handle("POST /api/v1/access-requests/{number}/decision", a.decide)
	rt.Handle("POST /api/v1/access-requests/decisions", a.decideMany)
	rt.Handle("GET /api/v1/org/users/{id}/applications", d.memberApplications)
	rt.Handle("POST /api/v1/org/users/{id}/applications", d.grantApplication)
}}

// appView is an application as customers see it: the setup instructions come with
// the approval mail only.
type appView struct {
	ID             string          `json:"id"`
	Name           portal.Text     `json:"name"`
	Description    portal.Text     `json:"description"`
	ApprovalNeeded bool            `json:"approvalNeeded"`
	Approver       portal.Approver `json:"approver"`
	DurationDays   int             `json:"durationDays,omitempty"`
}

func viewApp(a portal.Application) appView {
	return appView{ID: a.ID, Name: a.Name, Description: a.Description, ApprovalNeeded: a.ApprovalNeeded, Approver: a.Approver, DurationDays: a.DurationDays}
}

func viewApps(apps []portal.Application) []appView {
	out := make([]appView, len(apps))
	for i, a := range apps {
		out[i] = viewApp(a)
	}
	return out
}

// listRequestable is the catalog anyone may request from, the sign-in page's
// "Request a new user" form included: names and descriptions are not secret.
func (d *deps) listRequestable(w http.ResponseWriter, r *http.Request) error {
	apps, err := d.Access().Requestable(r.Context(), httpapi.Lang(r))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[appView]{Items: viewApps(apps)})
}

// holdingView is a current application of "Manage applications".
type holdingView struct {
	AppID   string      `json:"appId"`
	AppName portal.Text `json:"appName"`
	Granted time.Time   `json:"granted"`
	Expires time.Time   `json:"expires,omitzero"`
	// Request is the number of the request that granted or last extended access.
	Request string `json:"request"`
	// Application is the catalog entry; null when it left the catalog.
	Application *appView `json:"application"`
	// Extendable says whether an extension may be asked for now.
	Extendable bool `json:"extendable"`
	// URL opens the application ("" when operators gave it no address).
	URL string `json:"url,omitempty"`
}

// refusedView is a refusal that holds as the person sees it: which application,
// when, and the approver's reason; not who refused.
type refusedView struct {
	AppID   string      `json:"appId"`
	AppName portal.Text `json:"appName"`
	Reason  string      `json:"reason,omitempty"`
	Refused time.Time   `json:"refused"`
}

// viewRefusals shows refusals as the person, and their administrators, see them.
func viewRefusals(refusals []portal.Refusal) []refusedView {
	out := make([]refusedView, len(refusals))
	for i, f := range refusals {
		out[i] = refusedView{AppID: f.AppID, AppName: f.AppName, Reason: f.Reason, Refused: f.Created}
	}
	return out
}

type overviewView struct {
	Current   []holdingView          `json:"current"`
	Available []appView              `json:"available"`
	Requests  []portal.AccessRequest `json:"requests"`
	// Refused are the applications the person may not ask for until an operator
	// lifts the refusal.
	Refused []refusedView `json:"refused"`
}

func (d *deps) myApplications(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActSelfRead, httpapi.Self)
	if err != nil {
		return err
	}
	o, err := d.Access().Overview(r.Context(), p.UserID, httpapi.Lang(r))
	if err != nil {
		return err
	}
	out := overviewView{Current: make([]holdingView, len(o.Current)), Available: viewApps(o.Available), Requests: o.Requests,
		Refused: viewRefusals(o.Refused)}
	for i, h := range o.Current {
		v := holdingView{AppID: h.Grant.AppID, AppName: h.Grant.AppName, Granted: h.Grant.Granted, Expires: h.Grant.Expires,
			Request: h.Grant.Request, Extendable: h.Extendable}
		if h.App != nil {
			a := viewApp(*h.App)
			v.Application, v.URL = &a, h.App.URL
		}
		out.Current[i] = v
	}
	return httpapi.Reply(w, out)
}

// decodeCommented decodes r's body into in and checks the comment it carries
// (comment points into in), keeping it as checkComment cleans it.
func decodeCommented(r *http.Request, in any, comment *string) error {
	if err := httpapi.Decode(r, in); err != nil {
		return err
	}
	var f portal.Fields
	*comment = httpapi.CheckComment(&f, *comment)
	return f.Err()
}

type requestBody struct {
	Applications []string `json:"applications"`
	Comment      string   `json:"comment"`
}

type requestsView struct {
	Requests []portal.AccessRequest `json:"requests"`
}

func (d *deps) requestApplications(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActAppsRequest, httpapi.Self)
	if err != nil {
		return err
	}
	var in requestBody
	if err := decodeCommented(r, &in, &in.Comment); err != nil {
		return err
	}
	out, err := d.Access().Submit(r.Context(), p.OrgID, p.UserID, in.Applications, in.Comment, d.Auditor(r))
	if err != nil {
		return err
	}
	return httpapi.Created(w, requestsView{Requests: out})
}

type extensionBody struct {
	Comment string `json:"comment"`
}

// ownApplication returns the signed-in person, when they may manage their own
// applications, and the application the path names.
func ownApplication(r *http.Request) (portal.Principal, string, error) {
	p, err := httpapi.Allow(r, auth.ActAppsRequest, httpapi.Self)
	if err != nil {
		return p, "", err
	}
	app, err := httpapi.PathID(r, "app")
	return p, app, err
}

func (d *deps) requestExtension(w http.ResponseWriter, r *http.Request) error {
	p, app, err := ownApplication(r)
	if err != nil {
		return err
	}
	var in extensionBody
	if err := decodeCommented(r, &in, &in.Comment); err != nil {
		return err
	}
	out, err := d.Access().Extend(r.Context(), p.OrgID, p.UserID, app, in.Comment, d.Auditor(r))
	if err != nil {
		return err
	}
	return httpapi.Created(w, out)
}

func (d *deps) cancelRequest(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActAppsRequest, httpapi.Self)
	if err != nil {
		return err
	}
	number := r.PathValue("number")
	if !portal.IsRequestNumber(number) {
		return portal.E(portal.NotFound, "request_not_found", "no such request")
	}
	out, err := d.Access().Cancel(r.Context(), p.OrgID, p.UserID, number, d.Auditor(r))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, out)
}

func (d *deps) removeApplication(w http.ResponseWriter, r *http.Request) error {
	p, app, err := ownApplication(r)
	if err != nil {
		return err
	}
	if err := d.Access().Remove(r.Context(), p.OrgID, p.UserID, app, d.Auditor(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// approvals serves an approver's queue and decisions; who says which approver the
// signed-in person is (their organisation's administrator, or an operator).
type approvals struct {
	d   *deps
	who func(r *http.Request) (access.Decider, error)
}

func (d *deps) orgDecider(r *http.Request) (access.Decider, error) {
	p, err := httpapi.Allow(r, auth.ActAppsDecideOrg, httpapi.OwnOrg)
	return access.Decider{UserID: p.UserID, OrgID: p.OrgID}, err
}

func (d *deps) operatorDecider(r *http.Request) (access.Decider, error) {
	p, err := httpapi.Allow(r, auth.ActAppsDecide, func(portal.Principal) auth.Resource { return auth.Resource{} })
	return access.Decider{UserID: p.UserID, Operator: true}, err
}

// queue lists the pending requests the approver decides, oldest first, filtered by
// ?app=, ?kind= (access or extension), ?before= (a date or time: made before it) and,
// for operators, ?org=.
func (a approvals) queue(w http.ResponseWriter, r *http.Request) error {
	who, err := a.who(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	limit, cursor, err := httpapi.PageParams(q, 50, 100)
	if err != nil {
		return err
	}
	filter := access.QueueFilter{AppID: q.Get("app"), OrgID: q.Get("org"), Kind: portal.RequestKind(q.Get("kind"))}
	var f portal.Fields
	if filter.Kind != "" && filter.Kind != portal.KindAccess && filter.Kind != portal.KindExtension {
		f.Add("kind", "format")
	}
	if s := q.Get("before"); s != "" {
		if filter.Before, err = time.Parse(time.RFC3339, s); err != nil {
			if filter.Before, err = time.Parse(time.DateOnly, s); err != nil {
				f.Add("before", "format")
			}
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	items, next, err := a.d.Access().Queue(r.Context(), who, filter, limit, cursor)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[portal.AccessRequest]{Items: items, Next: next})
}

func (a approvals) get(w http.ResponseWriter, r *http.Request) error {
	who, err := a.who(r)
	if err != nil {
		return err
	}
	out, err := a.d.Access().Find(r.Context(), who, r.PathValue("number"))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, out)
}

// decisionBody is one decision: "approve" or "refuse" (with a reason).
type decisionBody struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

func (b decisionBody) approve() (bool, error) {
	switch b.Decision {
	case "approve":
		return true, nil
	case "refuse":
		return false, nil
	}
	var f portal.Fields
	if b.Decision == "" {
		f.Add("decision", "required")
	} else {
		f.Add("decision", "format")
	}
	return false, f.Err()
}

// read returns the approver signed in and decodes the decision's body into in.
func (a approvals) read(r *http.Request, in any) (access.Decider, error) {
	who, err := a.who(r)
	if err != nil {
		return who, err
	}
	return who, httpapi.Decode(r, in)
}

func (a approvals) decide(w http.ResponseWriter, r *http.Request) error {
	var in decisionBody
	who, err := a.read(r, &in)
	if err != nil {
		return err
	}
	approve, err := in.approve()
	if err != nil {
		return err
	}
	out, err := a.d.Access().Decide(r.Context(), who, r.PathValue("number"), approve, in.Reason, a.d.Auditor(r))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, out)
}

// MaxBulkDecisions bounds the requests one bulk decision names.
const MaxBulkDecisions = 100

type bulkBody struct {
	Numbers []string `json:"numbers"`
	decisionBody
}

// bulkResult is the outcome of one request of a bulk decision: the decided request,
// or the error it met, as the single decision would have answered it.
type bulkResult struct {
	Number  string                `json:"number"`
	Request *portal.AccessRequest `json:"request,omitempty"`
	Error   *httpapi.ErrorBody    `json:"error,omitempty"`
}

// decideMany applies one decision to many requests, each on its own: one that fails
// (decided meanwhile, not the approver's) leaves the others decided.
func (a approvals) decideMany(w http.ResponseWriter, r *http.Request) error {
	var in bulkBody
	who, err := a.read(r, &in)
	if err != nil {
		return err
	}
	var f portal.Fields
	switch {
	case len(in.Numbers) == 0:
		f.Add("numbers", "required")
	case len(in.Numbers) > MaxBulkDecisions:
		f.Add("numbers", "too_many")
	}
	if err := f.Err(); err != nil {
		return err
	}
	approve, err := in.approve()
	if err != nil {
		return err
	}
	if _, err := access.CheckReason(approve, in.Reason); err != nil {
		return err
	}
	svc, audit := a.d.Access(), a.d.Auditor(r)
	out := make([]bulkResult, 0, len(in.Numbers))
	seen := map[string]bool{}
	for _, n := range in.Numbers {
		if seen[n] {
			continue
		}
		seen[n] = true
		req, err := svc.Decide(r.Context(), who, n, approve, in.Reason, audit)
		res := bulkResult{Number: n}
		if err != nil {
			status, body := httpapi.ErrorAnswer(r, err)
			if status >= 500 {
				httpapi.Logger(r.Context()).Error("bulk decision failed", "number", n, "err", err.Error())
			}
			res.Error = &body
		} else {
			res.Request = &req
		}
		out = append(out, res)
	}
	return httpapi.Reply(w, map[string][]bulkResult{"results": out})
}

// memberView is what an administrator sees of one person's applications: the
// grants that give access now, what they may give the person directly, and what
// they may not because a refusal holds.
type memberView struct {
	Current   []portal.Grant `json:"current"`
	Grantable []appView      `json:"grantable"`
	Refused   []refusedView  `json:"refused"`
}

// orgMember returns the administrator deciding for their organisation and the
// person the path names.
func (d *deps) orgMember(r *http.Request) (access.Decider, string, error) {
	who, err := d.orgDecider(r)
	if err != nil {
		return who, "", err
	}
	id, err := httpapi.PathID(r, "id")
	return who, id, err
}

func (d *deps) memberApplications(w http.ResponseWriter, r *http.Request) error {
	who, id, err := d.orgMember(r)
	if err != nil {
		return err
	}
	m, err := d.Access().MemberApplications(r.Context(), who, id, httpapi.Lang(r))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, memberView{Current: m.Current, Grantable: viewApps(m.Grantable), Refused: viewRefusals(m.Refused)})
}

type grantBody struct {
	Application string `json:"application"`
}

// grantApplication gives a person of the administrator's organisation an
// application directly, the way an approval does (mail and audit included).
func (d *deps) grantApplication(w http.ResponseWriter, r *http.Request) error {
	who, id, err := d.orgMember(r)
	if err != nil {
		return err
	}
	var in grantBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	if in.Application == "" {
		var f portal.Fields
		f.Add("application", "required")
		return f.Err()
	}
	out, err := d.Access().Grant(r.Context(), who, id, in.Application, d.Auditor(r))
	if err != nil {
		return err
	}
	return httpapi.Created(w, out)
}

// deps are the platform's dependencies, on which the applications area's handlers are
// methods.
type deps struct{ *httpapi.Deps }
