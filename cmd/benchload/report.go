package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// Report is what bench-load.json holds.
type Report struct {
	Started     time.Time     `json:"started"`
	CPUs        int           `json:"cpus"`
	GOOS        string        `json:"goos"`
	GOARCH      string        `json:"goarch"`
	Workers     int           `json:"workers"`
	Rate        float64       `json:"rateAsked"`
	Duration    string        `json:"duration"`
	Slices      int           `json:"slices"`
	SeedVersion int           `json:"seedVersion"`
	Scales      []ScaleResult `json:"scales"`
	// Growth compares the one-at-a-time phase (a request's own cost), MixGrowth
	// the mix's visits to the organisations every scale holds (with the machine's
	// contention in it), which only informs.
	Growth    []Growth `json:"p99Growth"`
	MixGrowth []Growth `json:"p99GrowthInTheMix"`
	Checks    []Check  `json:"checks"`
}

// ScaleResult is one scale's measurements: the mix, then sign-in alone.
type ScaleResult struct {
	Users         int     `json:"users"`
	Organisations int     `json:"organisations"`
	StoreMB       float64 `json:"storeMB"`
	Workers       int     `json:"workers"`
	Rate          float64 `json:"rateAsked"`
	Mix           Summary `json:"mix"`
	// Common is the part of the mix that went to the first scale's organisations
	// (absent at the first scale, where it is all of it).
	Common              *Summary `json:"mixCommonOrganisations,omitempty"`
	CommonOrganisations int      `json:"commonOrganisations,omitempty"`
	SignInAlone         Summary  `json:"signInAloneConcurrency2"`
	// OneAtATime is the mix on the first scale's organisations, one request at a
	// time.
	OneAtATime Summary `json:"mixOneAtATime"`
}

// Summary is one run's requests per route.
type Summary struct {
	Seconds float64      `json:"seconds"`
	Total   int          `json:"requests"`
	Routes  []RouteStats `json:"routes"`
}

// RouteStats are one route's figures.
type RouteStats struct {
	Route     string         `json:"route"`
	Requests  int            `json:"requests"`
	PerSecond float64        `json:"perSecond"`
	P50       float64        `json:"p50Ms"`
	P95       float64        `json:"p95Ms"`
	P99       float64        `json:"p99Ms"`
	Max       float64        `json:"maxMs"`
	Errors    int            `json:"errors"`
	ErrorKind map[string]int `json:"errorKinds,omitempty"`
	TripsAvg  float64        `json:"tableTripsAvg"`
	TripsMax  int            `json:"tableTripsMax"`
	// ReadsMax is the most round trips a request made that did not write; WritesMax
	// the most that did (a read's only write slides its session's idle limit, once a
	// minute per session).
	ReadsMax  int `json:"tableReadsMax"`
	WritesMax int `json:"tableWritesMax"`
}

// Growth is a route's p99 at the first and the last scale.
type Growth struct {
	Route   string  `json:"route"`
	FromP99 float64 `json:"fromP99Ms"`
	ToP99   float64 `json:"toP99Ms"`
	Percent float64 `json:"percent"`
	// Samples is the fewer of the two counts the p99s come from: under a few
	// hundred, a p99 is one of the slowest few requests, and noisy.
	Samples int `json:"samples"`
}

// Check is one of the budgets, met or not.
type Check struct {
	What  string `json:"what"`
	Value string `json:"value"`
	Met   bool   `json:"met"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p/100*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func summarize(r runSamples) Summary {
	by := map[string][]sample{}
	for _, s := range r.samples {
		by[s.route] = append(by[s.route], s)
	}
	sum := Summary{Seconds: r.elapsed.Seconds(), Total: len(r.samples)}
	for _, route := range routeOrder {
		ss := by[route]
		if len(ss) == 0 {
			continue
		}
		st := RouteStats{Route: route, Requests: len(ss), PerSecond: float64(len(ss)) / r.elapsed.Seconds()}
		var took []time.Duration
		trips := 0
		for _, s := range ss {
			took = append(took, s.took)
			trips += s.trips
			st.TripsMax = max(st.TripsMax, s.trips)
			st.ReadsMax = max(st.ReadsMax, s.trips-s.writes)
			st.WritesMax = max(st.WritesMax, s.writes)
			if s.err != "" {
				st.Errors++
				if st.ErrorKind == nil {
					st.ErrorKind = map[string]int{}
				}
				st.ErrorKind[shortErr(s.err)]++
			}
		}
		slices.Sort(took)
		st.P50, st.P95, st.P99 = ms(percentile(took, 50)), ms(percentile(took, 95)), ms(percentile(took, 99))
		st.Max = ms(took[len(took)-1])
		st.TripsAvg = float64(trips) / float64(len(ss))
		sum.Routes = append(sum.Routes, st)
	}
	return sum
}

func (s Summary) route(name string) (RouteStats, bool) {
	for _, r := range s.Routes {
		if r.Route == name {
			return r, true
		}
	}
	return RouteStats{}, false
}

func printTable(w io.Writer, s Summary) {
	fmt.Fprintf(w, "%-22s %9s %8s %8s %8s %8s %7s %13s %12s\n", "route", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "trips avg/max", "reads/writes")
	for _, r := range s.Routes {
		fmt.Fprintf(w, "%-22s %9d %8.1f %8.2f %8.2f %8.2f %7d %9.2f / %d %6d / %d\n", r.Route, r.Requests, r.PerSecond, r.P50, r.P95, r.P99, r.Errors, r.TripsAvg, r.TripsMax, r.ReadsMax, r.WritesMax)
	}
	fmt.Fprintf(w, "%-22s %9d %8.1f\n", "all", s.Total, float64(s.Total)/s.Seconds)
	for _, r := range s.Routes {
		if len(r.ErrorKind) == 0 {
			continue
		}
		var kinds []string
		for k, n := range r.ErrorKind {
			kinds = append(kinds, fmt.Sprintf("%s ×%d", k, n))
		}
		sort.Strings(kinds)
		fmt.Fprintf(w, "  errors of %s: %s\n", r.Route, strings.Join(kinds, ", "))
	}
}

func printScale(w io.Writer, r ScaleResult) {
	fmt.Fprintf(w, "\n%d users in %d organisations (store %.0f MB), %d workers at %s, %.0f s:\n", r.Users, r.Organisations, r.StoreMB, r.Workers, rateText(r.Rate), r.Mix.Seconds)
	printTable(w, r.Mix)
	if si, ok := r.Mix.route(routeSignIn); ok {
		fmt.Fprintf(w, "sign-ins are %.1f%% of the mix's requests\n", 100*float64(si.Requests)/float64(r.Mix.Total))
	}
	if r.Common != nil {
		fmt.Fprintf(w, "of which the visits to the first scale's %d organisations (the same people and requests as there):\n", r.CommonOrganisations)
		printTable(w, *r.Common)
	}
	fmt.Fprintf(w, "one at a time, on the first scale's organisations, %.1f s:\n", r.OneAtATime.Seconds)
	printTable(w, r.OneAtATime)
	fmt.Fprintf(w, "sign-in alone, 2 at a time, %.1f s:\n", r.SignInAlone.Seconds)
	printTable(w, r.SignInAlone)
}

// growth compares each route's p99 at the first and the last scale, in the runs of
// them that of picks; sign-in alone is compared too.
func growth(scales []ScaleResult, of func(ScaleResult) Summary) []Growth {
	if len(scales) < 2 {
		return nil
	}
	first, last := scales[0], scales[len(scales)-1]
	var out []Growth
	add := func(label, route string, a, b Summary) {
		x, ok1 := a.route(route)
		y, ok2 := b.route(route)
		if ok1 && ok2 && x.P99 > 0 {
			out = append(out, Growth{Route: label, FromP99: x.P99, ToP99: y.P99, Percent: (y.P99/x.P99 - 1) * 100, Samples: min(x.Requests, y.Requests)})
		}
	}
	for _, r := range of(first).Routes {
		add(r.Route, r.Route, of(first), of(last))
	}
	add("sign-in alone (2 at a time)", routeSignIn, first.SignInAlone, last.SignInAlone)
	return out
}

// oneAtATime and mixCommon pick what growth compares.
func oneAtATime(s ScaleResult) Summary { return s.OneAtATime }

func mixCommon(s ScaleResult) Summary {
	if s.Common != nil {
		return *s.Common
	}
	return s.Mix
}

// checks holds the largest scale to the design's budgets.
func checks(scales []ScaleResult) []Check {
	if len(scales) == 0 {
		return nil
	}
	last := scales[len(scales)-1]
	var out []Check
	limit := func(route string, s Summary, label string, budget float64) {
		if r, ok := s.route(route); ok {
			out = append(out, Check{What: fmt.Sprintf("%s p99 < %.0f ms at %d users", label, budget, last.Users),
				Value: fmt.Sprintf("%.2f ms", r.P99), Met: r.P99 < budget})
		}
	}
	limit(routeSession, last.Mix, "session check", 5)
	limit(routeUsers, last.Mix, "users list", 10)
	limit(routeDashboard, last.Mix, "dashboard", 10)
	limit(routeSignIn, last.SignInAlone, "sign-in (2 at a time)", 150)
	limit(routeSignIn, last.Mix, "sign-in (in the mix)", 150)
	worst, writes, route := 0, 0, ""
	for _, s := range scales {
		for _, r := range s.Mix.Routes {
			if !reads[r.Route] {
				continue
			}
			writes = max(writes, r.WritesMax)
			if r.ReadsMax > worst {
				worst, route = r.ReadsMax, r.Route
			}
		}
	}
	dash := 0
	for _, s := range scales {
		if r, ok := s.Mix.route(routeDashboard); ok {
			dash = max(dash, r.TripsMax)
		}
	}
	out = append(out, Check{What: "dashboard: at most 4 table round trips", Value: fmt.Sprint(dash), Met: dash <= 4})
	out = append(out, Check{What: "authenticated reads: at most 3 table reads, 1 write",
		Value: fmt.Sprintf("%d (%s), %d", worst, route, writes), Met: worst <= 3 && writes <= 1})
	for _, g := range growth(scales, oneAtATime) {
		out = append(out, Check{What: fmt.Sprintf("%s p99 grows at most 20%%", g.Route), Value: fmt.Sprintf("%+.0f%%", g.Percent), Met: g.Percent <= 20})
	}
	errors := 0
	for _, s := range scales {
		for _, r := range s.Mix.Routes {
			errors += r.Errors
		}
		for _, r := range s.SignInAlone.Routes {
			errors += r.Errors
		}
	}
	out = append(out, Check{What: "no errors", Value: fmt.Sprint(errors), Met: errors == 0})
	return out
}

func printSummary(w io.Writer, r Report) {
	if len(r.Growth) > 0 {
		first, last := r.Scales[0], r.Scales[len(r.Scales)-1]
		printGrowth(w, fmt.Sprintf("p99 from %d to %d users, one request at a time, on the organisations both hold:", first.Users, last.Users), r.Growth)
		printGrowth(w, "the same in the mix (4 workers: the machine's contention weighs in; for information):", r.MixGrowth)
	}
	fmt.Fprintf(w, "\nbudgets (%d CPUs):\n", r.CPUs)
	for _, c := range r.Checks {
		verdict := "ok"
		if !c.Met {
			verdict = "MISSED"
		}
		fmt.Fprintf(w, "  %-52s %-26s %s\n", c.What, c.Value, verdict)
	}
}

func printGrowth(w io.Writer, title string, gs []Growth) {
	fmt.Fprintf(w, "\n%s\n%-28s %10s %10s %8s %8s\n", title, "route", "p99 before", "p99 after", "growth", "samples")
	for _, g := range gs {
		fmt.Fprintf(w, "%-28s %10.2f %10.2f %+7.0f%% %8d\n", g.Route, g.FromP99, g.ToP99, g.Percent, g.Samples)
	}
}
