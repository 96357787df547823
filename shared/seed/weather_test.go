package seed_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/table"
)

// The demo weather: services in several states, an ongoing incident, a planned
// maintenance, and past events in the history; a second run changes nothing.
func TestDemoWeather(t *testing.T) {
	s := newStore(t, table.Options{})
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	if _, err := seed.Demo(ctx, s, now); err != nil {
		t.Fatal(err)
	}
	if err := seed.DemoWeather(ctx, s, now); err != nil {
		t.Fatalf("a second run: %v", err)
	}
	p, err := s.WeatherParts(ctx, seed.DemoOrgID, seed.DemoContract.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Weather.StateAt(now) != portal.HealthPartial || len(p.Weather.Ongoing) != 2 || !p.Weather.Ongoing[1].Upcoming(now) || p.WeatherVersion != 1 {
		t.Fatalf("weather: %+v", p.Weather)
	}
	sheet, err := s.WeatherSheet(ctx, seed.DemoOrgID, seed.DemoContract.ID, now.AddDate(0, 0, -portal.HistoryDays))
	if err != nil {
		t.Fatal(err)
	}
	if len(sheet.Services) != 4 || len(sheet.Events) != 5 {
		t.Fatalf("sheet: %d services, %d events", len(sheet.Services), len(sheet.Events))
	}
	hits, _, err := s.Hits(ctx, 50, "")
	if err != nil || len(hits) != 2 || hits[0].Contract != seed.DemoContract.Name || hits[1].Weather.State != portal.HealthDegraded {
		t.Fatalf("the contracts hit: %+v %v", hits, err)
	}
	var states []portal.HealthState
	for _, sv := range sheet.Services {
		for _, day := range portal.History(sv.ID, sheet.Events, now).Days {
			if !slices.Contains(states, day) {
				states = append(states, day)
			}
		}
	}
	for _, want := range []portal.HealthState{portal.HealthOperational, portal.HealthMaintenance, portal.HealthDegraded, portal.HealthMajor} {
		if !slices.Contains(states, want) {
			t.Errorf("no day in the history is %s: %v", want, states)
		}
	}
}
