package catalogue_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
)

// BenchmarkContractCatalogue serves a Visitor's catalogue page (the demo catalogue
// of 14 services, a search and a category filter in turn) through the whole mux
// on bbolt, and reports its latency. Its reads are by key and one fixed partition
// (the session, the contract with the person's rights, the cards), so the number
// of users in the table does not change them:
//
//	go test -run '^$' -bench ContractCatalogue -benchtime 2000x ./shared/httpapi/catalogue/
func BenchmarkContractCatalogue(b *testing.B) {
	e := apitest.NewEnv(b)
	e.Deps.Log = slog.New(slog.DiscardHandler)
	acme := e.Tenant("acme")
	u := e.Person("acme", portal.RoleUser, "V", "Visitor", "visitor@acme.example")
	e.Grant("acme", u.ID, acme.Contract.ID, map[portal.Section]portal.Level{portal.SectionServices: portal.LevelVisitor}, false)
	if err := seed.DemoCatalogueServices(context.Background(), e.Store, e.Clock.Now()); err != nil {
		b.Fatal(err)
	}
	v := e.Browser("visitor@acme.example", apitest.StaffPW)
	queries := []string{"", "?q=backup", "?category=collaboration&sort=newest", "?page=2&limit=5"}
	var mu sync.Mutex
	var latencies []time.Duration
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		i := 0
		for pb.Next() {
			req := httptest.NewRequest("GET", "/api/v1/contracts/"+acme.Contract.ID+"/catalogue"+queries[i%len(queries)], nil)
			req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: v.Token})
			rec := httptest.NewRecorder()
			t0 := time.Now()
			e.Srv.ServeHTTP(rec, req)
			mine = append(mine, time.Since(t0))
			if rec.Code != 200 {
				b.Errorf("%d %s", rec.Code, rec.Body)
				return
			}
			i++
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	slices.Sort(latencies)
	at := func(q float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(q*float64(len(latencies))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
