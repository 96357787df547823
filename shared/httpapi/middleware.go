package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// ContentSecurityPolicy allows the portal's own files only: no inline script or
// style, no framing, no foreign origins.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

type ctxKey int

const (
	requestIDKey ctxKey = iota
	loggerKey
	upstreamKey
)

// upstreamIDs are the ids the platform in front gave a request: the Lambda
// invocation's and API Gateway's.
type upstreamIDs struct{ lambda, api string }

// WithUpstreamIDs records in ctx the request ids of the Lambda invocation and of
// API Gateway, which the middleware then writes into every log line and error answer
// of the request, so that a complaint quoting any of the ids finds the others. The
// function's edge (shared/lambdaedge) calls it; the local server has neither.
func WithUpstreamIDs(ctx context.Context, lambdaID, apiID string) context.Context {
	return context.WithValue(ctx, upstreamKey, upstreamIDs{lambda: lambdaID, api: apiID})
}

func upstreamOf(ctx context.Context) upstreamIDs {
	up, _ := ctx.Value(upstreamKey).(upstreamIDs)
	return up
}

// RequestID returns the id the server gave the request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Logger is the request's logger, which names its ids.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// TripsHeader reports how many table round trips a request made, for the load
// report; handlers answer after their last table call, so the count is complete.
// WritesHeader says how many of them wrote, so that a read's occasional write (the
// session's sliding idle limit) shows as such. Both are sent only with
// Deps.DebugHeaders: the counts tell an existing account from an unknown one.
const (
	TripsHeader  = "X-Table-Trips"
	WritesHeader = "X-Table-Writes"
)

// statusWriter remembers the status a handler wrote, for the access log, and adds
// the round-trip count to the headers when debug is on.
type statusWriter struct {
	http.ResponseWriter
	status int
	trips  *table.Trips
	debug  bool
	// route is the API route's pattern: the API is served a copy of the request
	// (with the principal in its context), so the pattern the mux sets is on that copy.
	route string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		if w.debug {
			w.Header().Set(TripsHeader, strconv.FormatInt(w.trips.Count(), 10))
			w.Header().Set(WritesHeader, strconv.FormatInt(w.trips.Writes(), 10))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// middleware gives every request an id, a bounded body, the security headers, a
// table round-trip counter, panic recovery and one structured log line, and refuses
// requests that did not come through the proxy when viaProxy is set.
func middleware(base *slog.Logger, ipHeader string, viaProxy func(*http.Request) error, debugHeaders bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		log := base.With("requestId", id)
		if up := upstreamOf(r.Context()); up != (upstreamIDs{}) {
			log = log.With("lambdaRequestId", up.lambda, "apiRequestId", up.api)
		}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, loggerKey, log)
		ctx, trips := table.WithTrips(ctx)
		r = r.WithContext(ctx)

		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		// The API's bodies are bounded here; the site's few handlers that read one
		// bound it themselves (the folder blob store's uploads, by their signed size).
		if strings.HasPrefix(r.URL.Path, "/api/") {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		}

		sw := &statusWriter{ResponseWriter: w, trips: trips, debug: debugHeaders}
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeError(sw, r, portal.Internalf("panic: %v", p))
				}
			}
			route := sw.route
			if route == "" {
				route = r.Pattern
			}
			log.Info("request", "method", r.Method, "path", r.URL.Path, "route", route,
				"status", sw.status, "ms", float64(time.Since(start).Microseconds())/1000, "tableTrips", trips.Count(), "tableWrites", trips.Writes())
		}()
		if viaProxy != nil {
			if err := viaProxy(r); err != nil {
				writeError(sw, r, err)
				return
			}
		}
		// The caller is resolved here, once, and only once the proxy is proven: its
		// address header is trusted then.
		r = r.WithContext(portal.WithCaller(r.Context(), portal.Caller{Address: resolveClientIP(r, ipHeader), Device: r.UserAgent(), RequestID: id}))
		next.ServeHTTP(sw, r)
	})
}
