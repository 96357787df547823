package orgadmin

import (
	"net/http"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// JoinRequests is the administrators' side of registration: the people who signed
// up with an address at one of the organisation's verified domains and wait to join
// it, and whether such people join without waiting.
var JoinRequests = httpapi.Feature{Name: "joinrequests", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	desk := httpapi.RegistrationDesk{D: pd, Find: d.orgJoinRequest}
	rt.Handle("GET /api/v1/org/join-requests", d.listJoinRequests)
	rt.Handle("GET /api/v1/org/join-requests/{id}", desk.Get)
	rt.Handle("POST /api/v1/org/join-requests/{id}/approve", desk.Approve)
	rt.Handle("POST /api/v1/org/join-requests/{id}/refuse", desk.Refuse)
	rt.Handle("GET /api/v1/org/join-settings", d.joinSettings)
	rt.Handle("PUT /api/v1/org/join-settings", d.setJoinSettings)
}}

// orgJoinRequest finds a join request of the administrator's own organisation; any
// other registration is not found, whoever's it is.
func (d *deps) orgJoinRequest(r *http.Request, _ bool) (portal.Registration, error) {
	p, id, err := httpapi.OrgAdminItem(r)
	if err != nil {
		return portal.Registration{}, err
	}
	reg, err := d.Store.Registration(r.Context(), id)
	if portal.Is(err, portal.NotFound) || (err == nil && (reg.Kind != portal.RegistrationJoin || reg.OrgID != p.OrgID)) {
		return portal.Registration{}, httpapi.ErrRegistrationNotFound
	}
	return reg, err
}

// registrationState reads ?state=: pending (the default), approved or refused.
func registrationState(r *http.Request) (portal.RegistrationState, error) {
	switch s := portal.RegistrationState(r.URL.Query().Get("state")); s {
	case "":
		return portal.RegistrationPending, nil
	case portal.RegistrationPending, portal.RegistrationApproved, portal.RegistrationRefused:
		return s, nil
	}
	return "", &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "state", Code: "format"}}}
}

// listJoinRequests lists the organisation's join requests in one state: pending
// ones oldest first, decided ones newest first.
func (d *deps) listJoinRequests(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	state, err := registrationState(r)
	if err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 50, 100)
	if err != nil {
		return err
	}
	items, next, err := d.Store.JoinRequests(r.Context(), p.OrgID, state, limit, cursor)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[portal.Registration]{Items: items, Next: next})
}

// joinSettingsView is how people join the organisation: whether those with an
// address at one of its verified domains join at once.
type joinSettingsView struct {
	AutoApprove bool     `json:"autoApprove"`
	Domains     []string `json:"domains"`
}

func (d *deps) joinSettings(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	o, err := d.Store.Organisation(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, joinSettingsView{AutoApprove: o.AutoApprove, Domains: append([]string{}, o.Domains...)})
}

type joinSettingsBody struct {
	AutoApprove bool `json:"autoApprove"`
}

// setJoinSettings turns automatic approval on or off, recorded in the audit log.
func (d *deps) setJoinSettings(w http.ResponseWriter, r *http.Request) error {
	var in joinSettingsBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := d.Store.Organisation(ctx, p.OrgID)
	if err != nil {
		return err
	}
	if o.AutoApprove != in.AutoApprove {
		before := joinSettingsBody{AutoApprove: o.AutoApprove}
		o.AutoApprove = in.AutoApprove
		if err := d.Store.SaveOrganisation(ctx, o, d.Audit(r.Context(), o.ID, "organisation.join_settings", "org:"+o.ID, before, in)); err != nil {
			return err
		}
	}
	return httpapi.Reply(w, joinSettingsView{AutoApprove: o.AutoApprove, Domains: append([]string{}, o.Domains...)})
}
