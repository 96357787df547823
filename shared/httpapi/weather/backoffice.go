package weather

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/notify"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

var (
	errTooManyServices   = portal.E(portal.Conflict, "too_many_services", "the contract has as many services as it may")
	errTooManyOpenEvents = portal.E(portal.Conflict, "too_many_open_events", "the contract has as many open events as it may")
	errServiceInUse      = portal.E(portal.Conflict, "service_has_open_events", "resolve the service's open events first")
	errVersion           = portal.E(portal.Conflict, "version_conflict", "someone else changed it in the meantime")
	errRaced             = portal.E(portal.Conflict, "condition_failed", "the contract's weather changed meanwhile")
)

// contractOf reads the customer organisation and the contract of the path for an
// operator: never the vendor's own organisation.
func contractOf(r *http.Request, write bool) (orgID, contractID string, err error) {
	if _, err = httpapi.Operator(r, write); err != nil {
		return "", "", err
	}
	if orgID, err = httpapi.PathID(r, "orgId"); err != nil {
		return "", "", err
	}
	if !portal.IsCustomerOrg(orgID) {
		return "", "", portal.E(portal.NotFound, "organisation_not_found", "no such organisation")
	}
	contractID, err = httpapi.PathID(r, "id")
	return orgID, contractID, err
}

// backOfficeView is the back office's sheet of one contract.
type backOfficeView struct {
	Contract portal.Contract `json:"contract"`
	sheetView
}

// backOfficeSheet answers a contract with its weather sheet for operators.
func (d *deps) backOfficeSheet(w http.ResponseWriter, r *http.Request) error {
	orgID, id, err := contractOf(r, false)
	if err != nil {
		return err
	}
	parts, err := d.Store.WeatherParts(r.Context(), orgID, id, "", "")
	if err != nil {
		return err
	}
	v, err := d.sheet(r, orgID, id)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, backOfficeView{Contract: parts.Contract, sheetView: v})
}

// serviceForm is what an operator gives of a service; Version is the service's
// as read, for a change.
type serviceForm struct {
	Name          string `json:"name"`
	DescriptionFR string `json:"descriptionFr"`
	DescriptionEN string `json:"descriptionEn"`
	Version       int64  `json:"version"`
}

func (f serviceForm) clean(fields *portal.Fields) serviceForm {
	f.Name = httpapi.TextField(fields, "name", f.Name, portal.MaxServiceName, true)
	f.DescriptionFR = multiline(fields, "descriptionFr", f.DescriptionFR, portal.MaxServiceDescription, false)
	f.DescriptionEN = multiline(fields, "descriptionEn", f.DescriptionEN, portal.MaxServiceDescription, false)
	return f
}

// multiline checks a text of several lines into f and returns it trimmed.
func multiline(f *portal.Fields, field, s string, max int, required bool) string {
	out, err := validate.Text(s, max, required, true)
	if err != nil {
		f.Add(field, validate.CodeOf(err))
	}
	return out
}

// serviceAudit is what the audit log keeps of a service: its words, not its ids.
func serviceAudit(s portal.Service) map[string]string {
	return map[string]string{"name": s.Name, "descriptionFr": s.DescriptionFR, "descriptionEn": s.DescriptionEN}
}

// decodeForm reads the body, then checks the operator and the path: the body
// first, so that a malformed one is refused whoever sends it.
func decodeForm[T any](r *http.Request, write bool) (T, string, string, error) {
	var in T
	if err := httpapi.Decode(r, &in); err != nil {
		return in, "", "", err
	}
	orgID, id, err := contractOf(r, write)
	return in, orgID, id, err
}

// createService adds a service to a contract, at most portal.MaxServices, with the
// entry of the customer's audit log.
func (d *deps) createService(w http.ResponseWriter, r *http.Request) error {
	in, orgID, id, err := decodeForm[serviceForm](r, true)
	if err != nil {
		return err
	}
	var f portal.Fields
	if in = in.clean(&f); f.Err() != nil {
		return f.Err()
	}
	ctx := r.Context()
	sheet, err := d.Store.WeatherSheet(ctx, orgID, id, d.Time())
	if err != nil {
		return err
	}
	if len(sheet.Services) >= portal.MaxServices {
		return errTooManyServices
	}
	s := portal.Service{ID: portal.NewID(), OrgID: orgID, ContractID: id, Name: in.Name,
		DescriptionFR: in.DescriptionFR, DescriptionEN: in.DescriptionEN, Created: d.Time().UTC()}
	err = d.Store.Table().Transact(ctx, store.PutService(s), store.ContractExists(orgID, id),
		d.Audit(ctx, orgID, "weather.service_create", "contract:"+id, nil, serviceAudit(s)))
	var cf *table.ConditionFailed
	if errors.As(err, &cf) && cf.Index == 1 {
		return portal.E(portal.NotFound, "contract_not_found", "no such contract")
	}
	if err != nil {
		return err
	}
	s.Version = 1
	return httpapi.Created(w, s)
}

// pathService reads the service id of the path.
func pathService(r *http.Request) (string, error) { return httpapi.PathID(r, "serviceId") }

// updateService renames or redescribes a service, given the version read; its
// open events take the new name in the contract's weather, in the same
// transaction.
func (d *deps) updateService(w http.ResponseWriter, r *http.Request) error {
	in, orgID, id, err := decodeForm[serviceForm](r, true)
	if err != nil {
		return err
	}
	serviceID, err := pathService(r)
	if err != nil {
		return err
	}
	var f portal.Fields
	if in = in.clean(&f); f.Err() != nil {
		return f.Err()
	}
	ctx := r.Context()
	p, err := d.Store.WeatherParts(ctx, orgID, id, serviceID, "")
	if err != nil {
		return err
	}
	if p.Service.Version != in.Version {
		return errVersion
	}
	before, s := p.Service, p.Service
	s.Name, s.DescriptionFR, s.DescriptionEN = in.Name, in.DescriptionFR, in.DescriptionEN
	ops := []table.Op{store.PutService(s), d.Audit(ctx, orgID, "weather.service_update", "contract:"+id, serviceAudit(before), serviceAudit(s))}
	if p.Weather.OpenOn(s.ID) && s.Name != before.Name {
		ops = append(ops, store.PutWeather(orgID, p.Weather.Renamed(s.ID, s.Name), p.WeatherVersion))
	}
	if err := d.Store.Table().Transact(ctx, ops...); err != nil {
		if portal.Is(err, portal.Conflict) {
			return errVersion
		}
		return err
	}
	s.Version++
	return httpapi.Reply(w, s)
}

// deleteService removes a service without open events; its resolved events stay
// in the table, out of every sheet. The weather's version is checked with it, so
// that no event is published on it meanwhile.
func (d *deps) deleteService(w http.ResponseWriter, r *http.Request) error {
	orgID, id, err := contractOf(r, true)
	if err != nil {
		return err
	}
	serviceID, err := pathService(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := d.Store.WeatherParts(ctx, orgID, id, serviceID, "")
	if err != nil {
		return err
	}
	if p.Weather.OpenOn(serviceID) {
		return errServiceInUse
	}
	err = d.Store.Table().Transact(ctx, store.DeleteService(p.Service), store.WeatherUnchanged(orgID, id, p.WeatherVersion),
		d.Audit(ctx, orgID, "weather.service_delete", "contract:"+id, serviceAudit(p.Service), nil))
	if portal.Is(err, portal.Conflict) {
		return errRaced
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// eventForm is what an operator publishes; Start and End (RFC 3339) only for a
// maintenance.
type eventForm struct {
	ServiceID string             `json:"serviceId"`
	State     portal.HealthState `json:"state"`
	MessageFR string             `json:"messageFr"`
	MessageEN string             `json:"messageEn"`
	Start     string             `json:"start"`
	End       string             `json:"end"`
}

// messages checks the two public messages of an event or an update into f.
func messages(f *portal.Fields, fr, en string, required bool) (string, string) {
	return multiline(f, "messageFr", fr, portal.MaxEventMessage, required), multiline(f, "messageEn", en, portal.MaxEventMessage, required)
}

// instant reads an optional RFC 3339 time into f.
func instant(f *portal.Fields, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		f.Add(field, "datetime")
	}
	return t.UTC()
}

// eventAudit is what the audit log keeps of an event: the service's name, the
// state, the public messages and, for a maintenance, its window.
func eventAudit(e portal.HealthEvent) map[string]any {
	fr, en := e.Latest()
	out := map[string]any{"service": e.ServiceName, "state": e.State, "messageFr": fr, "messageEn": en}
	if e.Planned() {
		out["start"], out["end"] = e.Start, e.End
	}
	return out
}

// publishEvent publishes an incident or a planned maintenance on a service. The
// event, the contract's weather and the audit entry are written in one
// transaction (with the notification of a major outage that starts).
func (d *deps) publishEvent(w http.ResponseWriter, r *http.Request) error {
	in, orgID, id, err := decodeForm[eventForm](r, true)
	if err != nil {
		return err
	}
	var f portal.Fields
	draft := portal.EventDraft{State: in.State, Start: instant(&f, "start", in.Start), End: instant(&f, "end", in.End)}
	draft.MessageFR, draft.MessageEN = messages(&f, in.MessageFR, in.MessageEN, true)
	if !httpapi.ValidID(in.ServiceID) {
		f.Add("serviceId", "required")
	}
	now := d.Time().UTC()
	draft.Check(now, &f)
	if err := f.Err(); err != nil {
		return err
	}
	eventID := portal.NewID()
	return d.changeEvent(w, r, orgID, id, in.ServiceID, "", http.StatusCreated, func(p store.WeatherParts) (portal.HealthEvent, error) {
		if len(p.Weather.Ongoing) >= portal.MaxOpenEvents {
			return portal.HealthEvent{}, errTooManyOpenEvents
		}
		return portal.NewEvent(eventID, p.Service, draft, now), nil
	})
}

// updateForm is an update of an open event: new public messages and, for an
// incident, possibly another state.
type updateForm struct {
	State     portal.HealthState `json:"state"`
	MessageFR string             `json:"messageFr"`
	MessageEN string             `json:"messageEn"`
}

// updateEvent posts an update on an open event.
func (d *deps) updateEvent(w http.ResponseWriter, r *http.Request) error {
	in, orgID, id, err := decodeForm[updateForm](r, true)
	if err != nil {
		return err
	}
	eventID, err := httpapi.PathID(r, "eventId")
	if err != nil {
		return err
	}
	var f portal.Fields
	u := portal.EventUpdate{State: in.State}
	u.MessageFR, u.MessageEN = messages(&f, in.MessageFR, in.MessageEN, true)
	if err := f.Err(); err != nil {
		return err
	}
	now := d.Time().UTC()
	return d.changeEvent(w, r, orgID, id, "", eventID, http.StatusOK, func(p store.WeatherParts) (portal.HealthEvent, error) {
		var f portal.Fields
		if p.Event.CheckUpdate(u, &f); f.Err() != nil {
			return portal.HealthEvent{}, f.Err()
		}
		return p.Event.WithUpdate(u, now), nil
	})
}

// resolveForm is the optional closing message of an event.
type resolveForm struct {
	MessageFR string `json:"messageFr"`
	MessageEN string `json:"messageEn"`
}

// resolveEvent resolves an open event, with an optional closing message in both
// languages (both or neither).
func (d *deps) resolveEvent(w http.ResponseWriter, r *http.Request) error {
	in, orgID, id, err := decodeForm[resolveForm](r, true)
	if err != nil {
		return err
	}
	eventID, err := httpapi.PathID(r, "eventId")
	if err != nil {
		return err
	}
	var f portal.Fields
	fr, en := messages(&f, in.MessageFR, in.MessageEN, false)
	if (fr == "") != (en == "") {
		if fr == "" {
			f.Add("messageFr", "required")
		} else {
			f.Add("messageEn", "required")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	now := d.Time().UTC()
	return d.changeEvent(w, r, orgID, id, "", eventID, http.StatusOK, func(p store.WeatherParts) (portal.HealthEvent, error) {
		e := p.Event
		e.Resolved, e.ResolvedFR, e.ResolvedEN = now, fr, en
		return e, nil
	})
}

// changeEvent reads a contract's weather with the service or the open event
// named, has change make the event's next version, and writes the event, the
// weather and the audit entry in one transaction, with the notification of a major
// outage that starts or ends (notify's outbox item: the event is told once, and
// only when the change is written). A transaction that lost a race is judged again on a
// fresh read.
func (d *deps) changeEvent(w http.ResponseWriter, r *http.Request, orgID, contractID, serviceID, eventID string, status int,
	change func(store.WeatherParts) (portal.HealthEvent, error)) error {
	ctx := r.Context()
	for range 3 {
		p, err := d.Store.WeatherParts(ctx, orgID, contractID, serviceID, eventID)
		if err != nil {
			return err
		}
		next, err := change(p)
		if err != nil {
			return err
		}
		ops, err := d.eventOps(ctx, p, next)
		if err != nil {
			return err
		}
		err = d.Store.Table().Transact(ctx, ops...)
		if portal.Is(err, portal.Conflict) {
			continue
		}
		if err != nil {
			return err
		}
		next.Version++
		httpapi.WriteJSON(w, status, next)
		return nil
	}
	return errRaced
}

// eventOps are the steps of an event's change from p.Event (none when new) to next.
func (d *deps) eventOps(ctx context.Context, p store.WeatherParts, next portal.HealthEvent) ([]table.Op, error) {
	now := d.Time().UTC()
	action := "weather.event_update"
	var before any
	switch {
	case p.Event.ID == "":
		action = "weather.event_publish"
	case !next.Open():
		action = "weather.event_resolve"
		before = eventAudit(p.Event)
	default:
		before = eventAudit(p.Event)
	}
	after := eventAudit(next)
	if !next.Open() {
		after = map[string]any{"service": next.ServiceName, "resolved": next.Resolved, "messageFr": next.ResolvedFR, "messageEn": next.ResolvedEN}
	}
	ops := append(store.PutEvent(next),
		store.PutWeather(p.Contract.OrgID, p.Weather.WithEvent(next, now), p.WeatherVersion),
		d.Audit(ctx, p.Contract.OrgID, action, "contract:"+p.Contract.ID, before, after))
	started, ended := portal.MajorChange(p.Event, next)
	if !started && !ended {
		return ops, nil
	}
	op, err := notify.Enqueue(outage(p.Contract, next, started, now), now)
	if err != nil {
		return nil, err
	}
	return append(ops, op), nil
}

// outage is the event that tells the people who may see the contract's Dashboard
// that a major outage of e's service started, or ended (resolved, or eased to a
// lesser state), at now, with the latest public message (the closing one, when
// given) and a link to the contract's weather.
func outage(c portal.Contract, e portal.HealthEvent, started bool, now time.Time) notify.Event {
	kind := portal.EventOutageEnded
	if started {
		kind = portal.EventOutageStarted
	}
	fr, en := e.Latest()
	if !e.Open() && e.ResolvedFR != "" {
		fr, en = e.ResolvedFR, e.ResolvedEN
	}
	return notify.Event{Kind: kind, OrgID: c.OrgID, ContractID: c.ID,
		To: notify.Audience{Section: portal.SectionDashboard, Level: portal.LevelVisitor},
		Params: map[string]string{"contract": c.Name, "reference": c.Reference, "service": e.ServiceName,
			"titleFr": portal.FirstLine(fr), "titleEn": portal.FirstLine(en), "at": now.UTC().Format("2006-01-02 15:04 UTC")},
		Link: "/contracts/" + c.ID + "/weather"}
}
