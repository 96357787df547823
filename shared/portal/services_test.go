package portal_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
)

var t0 = time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)

func svc(id string) portal.Service {
	return portal.Service{ID: id, OrgID: "o", ContractID: "c", Name: "Service " + id}
}

// The contract's weather is its worst current state; a maintenance counts only
// between its start and its end, and before its start it is listed as upcoming.
func TestWeatherIsTheWorstCurrentState(t *testing.T) {
	var w portal.Weather
	if got := w.StateAt(t0); got != portal.HealthOperational {
		t.Fatalf("no event: %s", got)
	}
	maint := portal.NewEvent("m", svc("a"), portal.EventDraft{State: portal.HealthMaintenance, Start: t0.Add(time.Hour), End: t0.Add(3 * time.Hour)}, t0)
	w = w.WithEvent(maint, t0)
	if w.State != portal.HealthOperational || !w.Ongoing[0].Upcoming(t0) {
		t.Fatalf("maintenance before its start: %+v", w)
	}
	if got := w.StateAt(t0.Add(2 * time.Hour)); got != portal.HealthMaintenance {
		t.Fatalf("during the maintenance: %s", got)
	}
	if got := w.StateAt(t0.Add(3 * time.Hour)); got != portal.HealthOperational {
		t.Fatalf("after its end: %s", got)
	}
	if w.Worst() != portal.HealthMaintenance {
		t.Fatalf("worst planned: %s", w.Worst())
	}
	deg := portal.NewEvent("d", svc("b"), portal.EventDraft{State: portal.HealthDegraded, MessageFR: "Lenteurs\ndétails", MessageEN: "Slow"}, t0)
	w = w.WithEvent(deg, t0)
	if w.State != portal.HealthDegraded || w.Ongoing[0].EventID != "d" || w.Ongoing[0].TitleFR != "Lenteurs" {
		t.Fatalf("degraded first: %+v", w)
	}
	major := deg.WithUpdate(portal.EventUpdate{State: portal.HealthMajor, MessageFR: "Panne", MessageEN: "Down"}, t0.Add(time.Minute))
	w = w.WithEvent(major, t0.Add(time.Minute))
	if w.State != portal.HealthMajor || len(w.Ongoing) != 2 || w.Ongoing[0].TitleEN != "Down" {
		t.Fatalf("after the update: %+v", w)
	}
	major.Resolved = t0.Add(30 * time.Minute)
	w = w.WithEvent(major, t0.Add(30*time.Minute))
	if w.State != portal.HealthOperational || len(w.Ongoing) != 1 || w.Ongoing[0].EventID != "m" {
		t.Fatalf("after the resolution: %+v", w)
	}
	if !w.OpenOn("a") || w.OpenOn("b") {
		t.Fatalf("open on: %+v", w)
	}
	if got := w.Renamed("a", "New").Ongoing[0].ServiceName; got != "New" || w.Ongoing[0].ServiceName != "Service a" {
		t.Fatalf("renamed: %s, original %s", got, w.Ongoing[0].ServiceName)
	}
}

func TestEventDraftCheck(t *testing.T) {
	cases := []struct {
		name string
		d    portal.EventDraft
		want []portal.FieldError
	}{
		{"incident", portal.EventDraft{State: portal.HealthMajor}, nil},
		{"no state", portal.EventDraft{}, []portal.FieldError{{Field: "state", Code: "required"}}},
		{"operational is no event", portal.EventDraft{State: portal.HealthOperational}, []portal.FieldError{{Field: "state", Code: "format"}}},
		{"unknown", portal.EventDraft{State: "sunny"}, []portal.FieldError{{Field: "state", Code: "format"}}},
		{"incident with times", portal.EventDraft{State: portal.HealthDegraded, Start: t0, End: t0.Add(time.Hour)},
			[]portal.FieldError{{Field: "start", Code: "not_planned"}, {Field: "end", Code: "not_planned"}}},
		{"maintenance", portal.EventDraft{State: portal.HealthMaintenance, Start: t0.Add(-time.Hour), End: t0.Add(time.Hour)}, nil},
		{"maintenance without times", portal.EventDraft{State: portal.HealthMaintenance},
			[]portal.FieldError{{Field: "start", Code: "required"}, {Field: "end", Code: "required"}}},
		{"end before start", portal.EventDraft{State: portal.HealthMaintenance, Start: t0.Add(2 * time.Hour), End: t0.Add(time.Hour)},
			[]portal.FieldError{{Field: "end", Code: "before_start"}}},
		{"in the past", portal.EventDraft{State: portal.HealthMaintenance, Start: t0.Add(-2 * time.Hour), End: t0.Add(-time.Hour)},
			[]portal.FieldError{{Field: "end", Code: "past"}}},
	}
	for _, c := range cases {
		var f portal.Fields
		c.d.Check(t0, &f)
		if !reflect.DeepEqual([]portal.FieldError(f), c.want) {
			t.Errorf("%s: %v, want %v", c.name, f, c.want)
		}
	}
}

func TestEventUpdateCheck(t *testing.T) {
	inc := portal.NewEvent("e", svc("a"), portal.EventDraft{State: portal.HealthDegraded}, t0)
	maint := portal.NewEvent("m", svc("a"), portal.EventDraft{State: portal.HealthMaintenance, Start: t0, End: t0.Add(time.Hour)}, t0)
	for _, c := range []struct {
		e     portal.HealthEvent
		state portal.HealthState
		want  string
	}{
		{inc, "", ""}, {inc, portal.HealthMajor, ""}, {inc, portal.HealthMaintenance, "format"}, {inc, "bad", "format"},
		{maint, portal.HealthMaintenance, ""}, {maint, portal.HealthMajor, "maintenance_state"},
	} {
		var f portal.Fields
		c.e.CheckUpdate(portal.EventUpdate{State: c.state}, &f)
		got := ""
		if len(f) > 0 {
			got = f[0].Code
		}
		if got != c.want {
			t.Errorf("%s -> %q: %q, want %q", c.e.State, c.state, got, c.want)
		}
	}
	if got := inc.WithUpdate(portal.EventUpdate{}, t0).State; got != portal.HealthDegraded {
		t.Errorf("an update without a state keeps it: %s", got)
	}
}

func TestMajorChange(t *testing.T) {
	deg := portal.NewEvent("e", svc("a"), portal.EventDraft{State: portal.HealthDegraded}, t0)
	major := deg.WithUpdate(portal.EventUpdate{State: portal.HealthMajor}, t0)
	resolved := major
	resolved.Resolved = t0
	for _, c := range []struct {
		name          string
		before, after portal.HealthEvent
		start, end    bool
	}{
		{"published major", portal.HealthEvent{}, portal.NewEvent("x", svc("a"), portal.EventDraft{State: portal.HealthMajor}, t0), true, false},
		{"published degraded", portal.HealthEvent{}, deg, false, false},
		{"worsened", deg, major, true, false},
		{"major again", major, major.WithUpdate(portal.EventUpdate{}, t0), false, false},
		{"eased", major, major.WithUpdate(portal.EventUpdate{State: portal.HealthPartial}, t0), false, true},
		{"resolved", major, resolved, false, true},
		{"resolved degraded", deg, func() portal.HealthEvent { d := deg; d.Resolved = t0; return d }(), false, false},
	} {
		s, e := portal.MajorChange(c.before, c.after)
		if s != c.start || e != c.end {
			t.Errorf("%s: started %v ended %v", c.name, s, e)
		}
	}
}

// The history marks each day with the worst state of the service's events that
// day: an incident's states from each update, a maintenance within its window.
func TestHistory(t *testing.T) {
	now := t0
	day := func(d int) time.Time { return time.Date(2026, 6, 10+d, 10, 0, 0, 0, time.UTC) }
	inc := portal.NewEvent("i", svc("a"), portal.EventDraft{State: portal.HealthDegraded}, day(-5))
	inc = inc.WithUpdate(portal.EventUpdate{State: portal.HealthMajor}, day(-4))
	inc.Resolved = day(-3)
	maint := portal.NewEvent("m", svc("a"), portal.EventDraft{State: portal.HealthMaintenance, Start: day(-1), End: day(-1).Add(time.Hour)}, day(-2))
	future := portal.NewEvent("f", svc("a"), portal.EventDraft{State: portal.HealthMaintenance, Start: day(2), End: day(3)}, day(-2))
	old := portal.NewEvent("o", svc("a"), portal.EventDraft{State: portal.HealthMajor}, now.AddDate(0, 0, -200))
	old.Resolved = now.AddDate(0, 0, -100)
	open := portal.NewEvent("p", svc("a"), portal.EventDraft{State: portal.HealthPartial}, now.Add(-time.Hour))
	other := portal.NewEvent("x", svc("b"), portal.EventDraft{State: portal.HealthMajor}, day(-1))
	h := portal.History("a", []portal.HealthEvent{inc, maint, future, old, open, other}, now)
	if len(h.Days) != portal.HistoryDays || h.From != "2026-03-13" {
		t.Fatalf("window: %d days from %s", len(h.Days), h.From)
	}
	last := func(d int) portal.HealthState { return h.Days[len(h.Days)-1+d] }
	want := map[int]portal.HealthState{-6: "operational", -5: "degraded", -4: "major_outage", -3: "major_outage", -2: "operational", -1: "maintenance", 0: "partial_outage"}
	for d, s := range want {
		if last(d) != s {
			t.Errorf("day %d: %s, want %s", d, last(d), s)
		}
	}
	if n := strings.Count(strings.Join(func() []string {
		var s []string
		for _, d := range h.Days {
			s = append(s, string(d))
		}
		return s
	}(), ","), "operational"); n != portal.HistoryDays-5 {
		t.Errorf("%d operational days, want %d", n, portal.HistoryDays-5)
	}
}
