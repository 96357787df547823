package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Services and events of a contract: every event change writes the weather in its
// transaction; the sheet (services, events open or resolved in the window) is one
// query; resolved events before the window are not read.
func TestWeatherSheetAndParts(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, o := range []string{"acme", "globex"} {
		if err := s.CreateOrganisation(ctx, portal.Organisation{ID: o, Name: "Org " + o}); err != nil {
			t.Fatal(err)
		}
	}
	c := portal.Contract{ID: portal.NewID(), OrgID: "acme", Name: "Hosting", Reference: "H-1"}
	if err := s.CreateContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WeatherParts(ctx, "globex", c.ID, "", ""); portal.CodeOf(err) != "contract_not_found" {
		t.Fatalf("another organisation's contract: %v", err)
	}
	api := portal.Service{ID: "api", OrgID: "acme", ContractID: c.ID, Name: "API"}
	web := portal.Service{ID: "web", OrgID: "acme", ContractID: c.ID, Name: "Web"}
	if err := s.Table().Transact(ctx, store.PutService(api), store.PutService(web)); err != nil {
		t.Fatal(err)
	}
	if err := s.Table().Transact(ctx, store.PutService(api)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a service twice: %v", err)
	}
	if _, err := s.WeatherParts(ctx, "acme", c.ID, "nope", ""); portal.CodeOf(err) != "service_not_found" {
		t.Fatalf("unknown service: %v", err)
	}
	// publish writes the event and the weather together, as a handler does.
	publish := func(e portal.HealthEvent, at time.Time) portal.HealthEvent {
		t.Helper()
		p, err := s.WeatherParts(ctx, "acme", c.ID, e.ServiceID, "")
		if err != nil {
			t.Fatal(err)
		}
		ops := append(store.PutEvent(e), store.PutWeather("acme", p.Weather.WithEvent(e, at), p.WeatherVersion))
		if err := s.Table().Transact(ctx, ops...); err != nil {
			t.Fatal(err)
		}
		e.Version = 1
		return e
	}
	resolve := func(e portal.HealthEvent, at time.Time) {
		t.Helper()
		p, err := s.WeatherParts(ctx, "acme", c.ID, "", e.ID)
		if err != nil {
			t.Fatal(err)
		}
		e = p.Event
		e.Resolved = at
		ops := append(store.PutEvent(e), store.PutWeather("acme", p.Weather.WithEvent(e, at), p.WeatherVersion))
		if err := s.Table().Transact(ctx, ops...); err != nil {
			t.Fatal(err)
		}
	}
	old := publish(portal.NewEvent("e-old", api, portal.EventDraft{State: portal.HealthMajor}, now.AddDate(0, 0, -120)), now.AddDate(0, 0, -120))
	resolve(old, now.AddDate(0, 0, -100))
	recent := publish(portal.NewEvent("e-recent", api, portal.EventDraft{State: portal.HealthDegraded}, now.AddDate(0, 0, -10)), now.AddDate(0, 0, -10))
	resolve(recent, now.AddDate(0, 0, -9))
	open := publish(portal.NewEvent("e-open", web, portal.EventDraft{State: portal.HealthPartial}, now), now)

	tctx, trips := table.WithTrips(ctx)
	sheet, err := s.WeatherSheet(tctx, "acme", c.ID, now.AddDate(0, 0, -portal.HistoryDays))
	if err != nil {
		t.Fatal(err)
	}
	if trips.Count() != 1 {
		t.Errorf("the sheet took %d round trips, want 1", trips.Count())
	}
	if len(sheet.Services) != 2 || len(sheet.Events) != 2 || sheet.Events[0].ID != "e-recent" || sheet.Events[1].ID != "e-open" {
		t.Fatalf("sheet: %+v", sheet)
	}
	if sheet.Events[0].Open() || !sheet.Events[1].Open() || sheet.Events[0].Version != 2 {
		t.Fatalf("resolved then open: %+v", sheet.Events)
	}
	// A resolved event is no longer open; a stale update loses.
	if _, err := s.WeatherParts(ctx, "acme", c.ID, "", "e-recent"); portal.CodeOf(err) != "event_not_found" {
		t.Fatalf("a resolved event: %v", err)
	}
	if err := s.Table().Transact(ctx, store.PutEvent(recent)...); !portal.Is(err, portal.Conflict) {
		t.Fatalf("resolving again from a stale read: %v", err)
	}
	p, err := s.WeatherParts(ctx, "acme", c.ID, "web", "e-open")
	if err != nil || p.Weather.State != portal.HealthPartial || len(p.Weather.Ongoing) != 1 || p.Event.ID != open.ID || p.Service.Name != "Web" || p.WeatherVersion != 5 {
		t.Fatalf("parts: %+v %v", p, err)
	}
	if err := s.Table().Transact(ctx, store.PutWeather("acme", p.Weather, p.WeatherVersion-1)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale weather write: %v", err)
	}
	// Deleting a service takes the version read.
	if err := s.Table().Transact(ctx, store.DeleteService(p.Service)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WeatherParts(ctx, "acme", c.ID, "web", ""); portal.CodeOf(err) != "service_not_found" {
		t.Fatalf("deleted service: %v", err)
	}
}

// The back office's overview reads the contracts with open events across
// organisations, worst first, with their names, from a sparse index: a contract
// whose last event is resolved leaves it.
func TestHitsAcrossOrganisations(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	type hit struct {
		org, contract string
		state         portal.HealthState
	}
	var evs []portal.HealthEvent
	for i, h := range []hit{{"acme", "Hosting", portal.HealthDegraded}, {"globex", "Mail", portal.HealthMajor}, {"acme", "Backup", portal.HealthMaintenance}, {"globex", "Quiet", ""}} {
		if i < 2 {
			if err := s.CreateOrganisation(ctx, portal.Organisation{ID: h.org, Name: "Org " + h.org}); err != nil {
				t.Fatal(err)
			}
		}
		c := portal.Contract{ID: portal.NewID(), OrgID: h.org, Name: h.contract, Reference: h.contract}
		if err := s.CreateContract(ctx, c); err != nil {
			t.Fatal(err)
		}
		if h.state == "" {
			continue
		}
		d := portal.EventDraft{State: h.state}
		if h.state == portal.HealthMaintenance {
			d.Start, d.End = now.Add(time.Hour), now.Add(2*time.Hour)
		}
		e := portal.NewEvent(portal.NewID(), portal.Service{ID: "s", OrgID: h.org, ContractID: c.ID, Name: "S"}, d, now)
		w := portal.Weather{}.WithEvent(e, now)
		if err := s.Table().Transact(ctx, append(store.PutEvent(e), store.PutWeather(h.org, w, 0))...); err != nil {
			t.Fatal(err)
		}
		e.Version = 1
		evs = append(evs, e)
	}
	tctx, trips := table.WithTrips(ctx)
	hits, _, err := s.Hits(tctx, 50, "")
	if err != nil {
		t.Fatal(err)
	}
	if trips.Count() != 2 {
		t.Errorf("%d round trips, want 2", trips.Count())
	}
	if len(hits) != 3 || hits[0].Contract != "Mail" || hits[0].Organisation != "Org globex" || hits[1].Contract != "Hosting" || hits[2].Contract != "Backup" || hits[2].Reference != "Backup" {
		t.Fatalf("hits, worst first: %+v", hits)
	}
	// Resolving the last event takes the contract out of the index.
	e := evs[1]
	e.Resolved = now
	w := portal.Weather{}.WithEvent(evs[1], now).WithEvent(e, now)
	if err := s.Table().Transact(ctx, append(store.PutEvent(e), store.PutWeather("globex", w, 1))...); err != nil {
		t.Fatal(err)
	}
	hits, _, err = s.Hits(ctx, 1, "")
	if err != nil || len(hits) != 1 || hits[0].Contract != "Hosting" {
		t.Fatalf("after the resolution, first page: %+v %v", hits, err)
	}
}
