package session_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// BenchmarkSignIn measures the whole POST /api/v1/session through the mux on the
// embedded store with the production argon2id parameters (OWASP): the per-IP
// counter, the account, the password, the history, the new-device check and the new
// session. Run it on two cores (-cpu 2) for the figures of the README; it reports
// the median and the 99th percentile of one sign-in, and the sign-ins per second.
func BenchmarkSignIn(b *testing.B) {
	// One log line per request would measure the terminal; the server keeps the
	// logger it is built with.
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.DiscardHandler))
	e := apitest.NewEnvWith(b, auth.OWASP)
	ctx := context.Background()
	const people = 64
	hash, err := auth.HashPassword("Secret#Pass1", auth.OWASP)
	if err != nil {
		b.Fatal(err)
	}
	if err := e.Store.CreateOrganisation(ctx, portal.Organisation{ID: "acme", Name: "Acme"}); err != nil {
		b.Fatal(err)
	}
	for i := range people {
		u := portal.User{ID: portal.NewID(), OrgID: "acme", Email: fmt.Sprintf("p%d@acme.example", i), Login: fmt.Sprintf("person%d", i),
			FirstName: "P", LastName: "Q", Lang: "fr", Role: portal.RoleUser, Status: portal.StatusReady}
		if err := e.Store.CreateUser(ctx, u, hash); err != nil {
			b.Fatal(err)
		}
	}
	var n atomic.Int64
	var mu sync.Mutex
	var latencies []time.Duration
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			i := n.Add(1)
			req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(fmt.Sprintf(`{"email":"p%d@acme.example","password":"Secret#Pass1"}`, i%people)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
			// Each person from their own address, a known device after their first
			// sign-in; the clock moves ten seconds a sign-in, so that the per-IP
			// limit's windows turn over as they would over a working day.
			req.RemoteAddr = fmt.Sprintf("10.0.%d.%d:4000", i%people/256, i%people%256)
			e.Clock.Advance(10 * time.Second)
			rec := httptest.NewRecorder()
			t0 := time.Now()
			e.Srv.ServeHTTP(rec, req)
			mine = append(mine, time.Since(t0))
			if rec.Code != 200 {
				b.Errorf("sign-in %d: %d %s", i, rec.Code, rec.Body)
				return
			}
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(latencies) == 0 {
		return
	}
	slices.Sort(latencies)
	at := func(q float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(q*float64(len(latencies))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "signins/s")
}
