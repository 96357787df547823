// Package weather is the service weather: a contract's services and the health
// events operators publish about them. Customers read a contract's weather, its
// open events and each service's 90-day history; operators keep the services,
// publish events, post updates, resolve them, and see every contract hit at once.
package weather

import (
	"net/http"
	"slices"
	"time"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// The back office's routes about one contract of a customer.
const contractPath = "/api/v1/backoffice/organisations/{orgId}/contracts/{id}"

// Weather is the area's feature: the customer's route, then the back office's.
var Weather = httpapi.Feature{Name: "weather", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/contracts/{id}/weather", d.contractWeather)
	rt.Handle("GET "+contractPath+"/services", d.backOfficeSheet)
	rt.Handle("POST "+contractPath+"/services", d.createService)
	rt.Handle("PUT "+contractPath+"/services/{serviceId}", d.updateService)
	rt.Handle("DELETE "+contractPath+"/services/{serviceId}", d.deleteService)
	rt.Handle("POST "+contractPath+"/events", d.publishEvent)
	rt.Handle("POST "+contractPath+"/events/{eventId}/updates", d.updateEvent)
	rt.Handle("POST "+contractPath+"/events/{eventId}/resolve", d.resolveEvent)
	rt.Handle("GET /api/v1/backoffice/weather", d.hits)
}}

// deps are the platform's dependencies, on which the area's handlers are methods.
type deps struct{ *httpapi.Deps }

// WeatherSections are the sections whose Visitor level shows a contract's
// weather: Dashboard, where the contract's card shows it, and Services, the
// section of the contract's services (the contract sheet shows their history to
// either, as home decides).
var WeatherSections = []portal.Section{portal.SectionDashboard, portal.SectionServices}

// serviceView is a service with its current state and its history.
type serviceView struct {
	portal.Service
	State   portal.HealthState `json:"state"`
	History portal.ServiceDays `json:"history"`
}

// sheetView is a contract's weather as the portal shows it: the current state and
// the open events (Weather), every service with its history, and the events open
// or resolved within the history's window, newest first.
type sheetView struct {
	Weather  portal.Weather       `json:"weather"`
	Services []serviceView        `json:"services"`
	Events   []portal.HealthEvent `json:"events"`
}

// historySince is the start of the history's first day at now.
func historySince(now time.Time) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(portal.HistoryDays - 1))
}

// sheet reads and shapes a contract's weather sheet in one query. The weather is
// judged from the open events read with it, at now.
func (d *deps) sheet(r *http.Request, orgID, contractID string) (sheetView, error) {
	now := d.Time().UTC()
	s, err := d.Store.WeatherSheet(r.Context(), orgID, contractID, historySince(now))
	if err != nil {
		return sheetView{}, err
	}
	w := portal.Weather{ContractID: contractID, State: portal.HealthOperational}
	for _, e := range s.Events {
		if e.Open() {
			w = w.WithEvent(e, now)
		}
	}
	// The events keep the service's name of their time; the weather shows today's.
	for _, sv := range s.Services {
		w = w.Renamed(sv.ID, sv.Name)
	}
	out := sheetView{Weather: w, Services: make([]serviceView, 0, len(s.Services)), Events: slices.Clone(s.Events)}
	slices.Reverse(out.Events)
	if out.Events == nil {
		out.Events = []portal.HealthEvent{}
	}
	for _, sv := range s.Services {
		state := portal.HealthOperational
		for _, e := range w.Ongoing {
			if e.ServiceID == sv.ID && e.Active(now) {
				state = portal.Worst(state, e.State)
			}
		}
		out.Services = append(out.Services, serviceView{Service: sv, State: state, History: portal.History(sv.ID, s.Events, now)})
	}
	return out, nil
}

// contractWeather answers a contract's weather to a person of its organisation
// with at least Visitor on its Dashboard or Services section, in three round
// trips: the session, the contract with the person's rights, the sheet.
func (d *deps) contractWeather(w http.ResponseWriter, r *http.Request) error {
	p, c, err := d.CustomerContract(r, WeatherSections...)
	if err != nil {
		return err
	}
	id := c.ID
	v, err := d.sheet(r, p.OrgID, id)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, customerView{Contract: contractName{ID: c.ID, Name: c.Name, Reference: c.Reference}, sheetView: v})
}

// contractName is what the customer's weather says of its contract: its title.
type contractName struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Reference string `json:"reference"`
}

// customerView is a contract's weather sheet as its people read it.
type customerView struct {
	Contract contractName `json:"contract"`
	sheetView
}

// hitView is a contract hit, with its state judged at the time of the answer.
type hitView struct {
	store.Hit
	State portal.HealthState `json:"state"`
}

// hits lists the contracts with open events across organisations, worst first,
// for operators ("which customers are hit"), in three round trips: the session,
// the sparse index, the names of the organisations and contracts.
func (d *deps) hits(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, false); err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 50, 50)
	if err != nil {
		return err
	}
	items, next, err := d.Store.Hits(r.Context(), limit, cursor)
	if err != nil {
		return err
	}
	now := d.Time()
	out := make([]hitView, len(items))
	for i, h := range items {
		out[i] = hitView{Hit: h, State: h.Weather.StateAt(now)}
	}
	return httpapi.Reply(w, httpapi.Page[hitView]{Items: out, Next: next})
}
