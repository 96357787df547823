package portal

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Service is one service of a contract that operators report the health of (a
// hosting platform, an API, a support line), with its public description.
type Service struct {
	ID            string    `json:"id"`
	OrgID         string    `json:"orgId"`
	ContractID    string    `json:"contractId"`
	Name          string    `json:"name"`
	DescriptionFR string    `json:"descriptionFr,omitempty"`
	DescriptionEN string    `json:"descriptionEn,omitempty"`
	Created       time.Time `json:"created"`
	Version       int64     `json:"version"`
}

// The bounds of services and health events. Open events of a contract are copied
// into its one weather item, so they are few; an event's updates live in its item.
const (
	MaxServiceName        = 100
	MaxServiceDescription = 500
	MaxServices           = 50
	MaxOpenEvents         = 20
	MaxEventMessage       = 2000
	MaxEventUpdates       = 100
	// HistoryDays is how far back a service's history goes.
	HistoryDays = 90
	// maxTitle bounds the first line of a message the dashboard shows.
	maxTitle = 140
)

// IncidentStates are the states of an unplanned event; maintenance is the planned
// one. Operational is no event's state: it is the absence of events.
var IncidentStates = []HealthState{HealthDegraded, HealthPartial, HealthMajor}

// EventUpdate is one step of an event's life after it was published: a new public
// message, and the state from then on (the same or another incident state).
type EventUpdate struct {
	Time      time.Time   `json:"time"`
	State     HealthState `json:"state"`
	MessageFR string      `json:"messageFr"`
	MessageEN string      `json:"messageEn"`
}

// HealthEvent is what operators publish about one service: an incident (degraded,
// partial or major outage) that starts when published, or a planned maintenance
// from Start to End. It stays open, with updates, until resolved.
type HealthEvent struct {
	ID          string `json:"id"`
	OrgID       string `json:"orgId"`
	ContractID  string `json:"contractId"`
	ServiceID   string `json:"serviceId"`
	ServiceName string `json:"serviceName"`
	// Initial is the state it was published with; State is the current one (the
	// last update's).
	Initial   HealthState `json:"initial"`
	State     HealthState `json:"state"`
	MessageFR string      `json:"messageFr"`
	MessageEN string      `json:"messageEn"`
	// Start is when an incident was published, or when a maintenance begins.
	Start time.Time `json:"start"`
	// End is when a maintenance is planned to end; zero for incidents.
	End      time.Time     `json:"end,omitzero"`
	Updates  []EventUpdate `json:"updates,omitempty"`
	Resolved time.Time     `json:"resolved,omitzero"`
	// ResolvedFR and ResolvedEN are the closing message, when one was given.
	ResolvedFR string    `json:"resolvedFr,omitempty"`
	ResolvedEN string    `json:"resolvedEn,omitempty"`
	Created    time.Time `json:"created"`
	Version    int64     `json:"version"`
}

// Open reports whether the event is not resolved yet.
func (e HealthEvent) Open() bool { return e.Resolved.IsZero() }

// Planned reports whether the event is a maintenance.
func (e HealthEvent) Planned() bool { return e.Initial == HealthMaintenance }

// Latest is the event's newest public message, in French and in English.
func (e HealthEvent) Latest() (fr, en string) {
	if n := len(e.Updates); n > 0 {
		return e.Updates[n-1].MessageFR, e.Updates[n-1].MessageEN
	}
	return e.MessageFR, e.MessageEN
}

// Summary is what the weather item keeps of an open event.
func (e HealthEvent) Summary() WeatherEvent {
	fr, en := e.Latest()
	return WeatherEvent{EventID: e.ID, ServiceID: e.ServiceID, ServiceName: e.ServiceName, State: e.State,
		TitleFR: FirstLine(fr), TitleEN: FirstLine(en), Start: e.Start, End: e.End}
}

// FirstLine is a message's first non-empty line, cut to a title's length.
func FirstLine(msg string) string {
	for line := range strings.SplitSeq(msg, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if utf8.RuneCountInString(line) > maxTitle {
				r := []rune(line)
				return strings.TrimSpace(string(r[:maxTitle-1])) + "…"
			}
			return line
		}
	}
	return ""
}

// Active reports whether an open event weighs on the weather at now: an incident
// always, a maintenance only between its start and its end (before, it is listed
// as planned; after, it weighs no more until an operator resolves it).
func (w WeatherEvent) Active(now time.Time) bool {
	if w.State != HealthMaintenance {
		return true
	}
	return !now.Before(w.Start) && now.Before(w.End)
}

// Upcoming reports whether the event is a maintenance that has not begun at now.
func (w WeatherEvent) Upcoming(now time.Time) bool {
	return w.State == HealthMaintenance && now.Before(w.Start)
}

// StateAt is the contract's worst state at now among its open events. The stored
// State is the one at the last change; a maintenance may have begun or ended since,
// so readers judge it again.
func (w Weather) StateAt(now time.Time) HealthState {
	s := HealthOperational
	for _, e := range w.Ongoing {
		if e.Active(now) {
			s = Worst(s, e.State)
		}
	}
	return s
}

// Worst is the worst state any open event may give the contract, maintenance
// counted whether begun or not: what the back office sorts contracts by.
func (w Weather) Worst() HealthState {
	s := HealthOperational
	for _, e := range w.Ongoing {
		s = Worst(s, e.State)
	}
	return s
}

// WithEvent returns the weather of a contract once its open event e changed:
// e's summary replaces its former one, or leaves when e is resolved. The list is
// kept worst first, then oldest first, and State is judged at now.
func (w Weather) WithEvent(e HealthEvent, now time.Time) Weather {
	out := Weather{ContractID: e.ContractID, Updated: now}
	for _, o := range w.Ongoing {
		if o.EventID != e.ID {
			out.Ongoing = append(out.Ongoing, o)
		}
	}
	if e.Open() {
		out.Ongoing = append(out.Ongoing, e.Summary())
	}
	slices.SortStableFunc(out.Ongoing, func(a, b WeatherEvent) int {
		if d := b.State.Severity() - a.State.Severity(); d != 0 {
			return d
		}
		return a.Start.Compare(b.Start)
	})
	out.State = out.StateAt(now)
	return out
}

// Renamed returns the weather with a service's new name in its open events.
func (w Weather) Renamed(serviceID, name string) Weather {
	w.Ongoing = slices.Clone(w.Ongoing)
	for i := range w.Ongoing {
		if w.Ongoing[i].ServiceID == serviceID {
			w.Ongoing[i].ServiceName = name
		}
	}
	return w
}

// OpenOn reports whether the service has an open event.
func (w Weather) OpenOn(serviceID string) bool {
	return slices.ContainsFunc(w.Ongoing, func(e WeatherEvent) bool { return e.ServiceID == serviceID })
}

// EventDraft is what an operator publishes: the service, the state, the public
// message, and for a maintenance its planned start and end.
type EventDraft struct {
	ServiceID string
	State     HealthState
	MessageFR string
	MessageEN string
	Start     time.Time
	End       time.Time
}

// Check reports what is wrong with the draft at now into f: the state must be an
// incident state or maintenance; a maintenance needs a start and an end after its
// start and after now; an incident takes no planned times (it starts when
// published). Texts are checked by the caller, which cleans them.
func (d EventDraft) Check(now time.Time, f *Fields) {
	switch {
	case d.State == "":
		f.Add("state", "required")
	case d.State != HealthMaintenance && !slices.Contains(IncidentStates, d.State):
		f.Add("state", "format")
	}
	if d.State != HealthMaintenance {
		if !d.Start.IsZero() {
			f.Add("start", "not_planned")
		}
		if !d.End.IsZero() {
			f.Add("end", "not_planned")
		}
		return
	}
	if d.Start.IsZero() {
		f.Add("start", "required")
	}
	switch {
	case d.End.IsZero():
		f.Add("end", "required")
	case !d.Start.IsZero() && !d.End.After(d.Start):
		f.Add("end", "before_start")
	case !d.End.After(now):
		f.Add("end", "past")
	}
}

// NewEvent is the event a checked draft publishes on service s at now.
func NewEvent(id string, s Service, d EventDraft, now time.Time) HealthEvent {
	e := HealthEvent{ID: id, OrgID: s.OrgID, ContractID: s.ContractID, ServiceID: s.ID, ServiceName: s.Name,
		Initial: d.State, State: d.State, MessageFR: d.MessageFR, MessageEN: d.MessageEN, Start: now, Created: now}
	if d.State == HealthMaintenance {
		e.Start, e.End = d.Start.UTC(), d.End.UTC()
	}
	return e
}

// CheckUpdate reports what is wrong with an update of e into f: an incident may
// move to another incident state (empty keeps its state); a maintenance stays one.
func (e HealthEvent) CheckUpdate(u EventUpdate, f *Fields) {
	switch {
	case u.State == "" || u.State == e.State:
	case e.Planned():
		f.Add("state", "maintenance_state")
	case !slices.Contains(IncidentStates, u.State):
		f.Add("state", "format")
	}
	if len(e.Updates) >= MaxEventUpdates {
		f.Add("messageFr", "too_many_updates")
	}
}

// WithUpdate returns e with a checked update u at now.
func (e HealthEvent) WithUpdate(u EventUpdate, now time.Time) HealthEvent {
	if u.State == "" {
		u.State = e.State
	}
	u.Time = now
	e.Updates = append(slices.Clone(e.Updates), u)
	e.State = u.State
	return e
}

// MajorChange tells whether moving from before to after starts a major outage
// (true, false), ends one (false, true), or neither. A resolved event ends.
func MajorChange(before, after HealthEvent) (started, ended bool) {
	was := before.ID != "" && before.Open() && before.State == HealthMajor
	is := after.Open() && after.State == HealthMajor
	return !was && is, was && !is
}

// ServiceDays is one service's history: the worst state of each of the last
// HistoryDays days (UTC), oldest first, from the day From.
type ServiceDays struct {
	ServiceID string        `json:"serviceId"`
	From      string        `json:"from"`
	Days      []HealthState `json:"days"`
}

// History is the daily history of service over the HistoryDays days ending with
// now's day, from its events (those of other services are skipped). An incident
// weighs from its start to its resolution (or now), each update's state from its
// time; a maintenance from its start to its end or resolution, whichever is first.
func History(serviceID string, events []HealthEvent, now time.Time) ServiceDays {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	first := today.AddDate(0, 0, -(HistoryDays - 1))
	out := ServiceDays{ServiceID: serviceID, From: first.Format(time.DateOnly), Days: make([]HealthState, HistoryDays)}
	for i := range out.Days {
		out.Days[i] = HealthOperational
	}
	mark := func(from, to time.Time, s HealthState) {
		if !to.After(from) || !to.After(first) || from.After(now) {
			return
		}
		for i := range out.Days {
			day := first.AddDate(0, 0, i)
			if from.Before(day.AddDate(0, 0, 1)) && to.After(day) {
				out.Days[i] = Worst(out.Days[i], s)
			}
		}
	}
	for _, e := range events {
		if e.ServiceID != serviceID {
			continue
		}
		until := now
		if !e.Open() && e.Resolved.Before(now) {
			until = e.Resolved
		}
		if e.Planned() {
			mark(e.Start, minTime(e.End, until), HealthMaintenance)
			continue
		}
		from, state := e.Start, e.Initial
		for _, u := range e.Updates {
			mark(from, minTime(u.Time, until), state)
			from, state = u.Time, u.State
		}
		mark(from, until, state)
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
