// Package httpapi is the platform of Guichet's HTTP layer, on which every area's
// handlers are built: the Router and Feature an area registers its routes with,
// the Server and its middleware (request ids, security headers, bounded bodies,
// the access log), the principal and the authorization helpers (Principal, Allow,
// OrgAdmin), strict JSON decoding (Decode) and the answers (Reply, Created,
// Accepted), the one map from error kinds to statuses with its messages in French
// and English, paging (PageParams, Page), and the few helpers several areas need:
// sessions (OpenSession, EndSession), audit entries (Audit), security mail (Notice,
// PageLink). These exported names are the areas' API; a helper only one area uses
// lives in that area.
//
// Each area is a package under this one (health, session, account, signup,
// applications, orgadmin, backoffice…) whose handlers are methods on its own type
// embedding *Deps; no area imports another, and package areas lists them all.
// Features build on the standard library mux, so the same handlers serve the local
// binary and every Lambda function.
package httpapi

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// HandlerFunc is a handler that returns its failure instead of writing it, so that
// errors are turned into answers in one place.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Router registers a feature's routes and remembers their patterns, so that tests can
// compare what the mux serves with what the deployment template routes.
type Router struct {
	api      *http.ServeMux
	site     *http.ServeMux
	patterns []string
	// during holds, per session limit, the patterns a session held to it may use;
	// Server.route refuses it every other.
	during map[portal.SessionLimit]map[string]bool
}

// Handle registers h at pattern ("METHOD /path").
func (rt *Router) Handle(pattern string, h HandlerFunc) {
	rt.patterns = append(rt.patterns, pattern)
	rt.api.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, err)
		}
	})
}

// HandleDuring registers h at pattern like Handle, and lets a session held to any
// of limits (see portal.SessionLimit) use it.
func (rt *Router) HandleDuring(pattern string, h HandlerFunc, limits ...portal.SessionLimit) {
	rt.Handle(pattern, h)
	for _, l := range limits {
		if rt.during[l] == nil {
			rt.during[l] = map[string]bool{}
		}
		rt.during[l][pattern] = true
	}
}

// Mount serves a plain handler outside /api/: the local binary's portal files and
// mail viewer, which never exist in Lambda.
func (rt *Router) Mount(pattern string, h http.Handler) {
	rt.site.Handle(pattern, h)
}

// Feature is one deployable unit: a Lambda function in AWS, a set of routes locally.
// Its Name is the folder under functions/ whose main serves it.
type Feature struct {
	Name   string
	Routes func(rt *Router, d *Deps)
}

// Server is the assembled HTTP API.
type Server struct {
	deps     *Deps
	api      *http.ServeMux
	site     *http.ServeMux
	handler  http.Handler
	patterns []string
	// during is the Router's routes open to a session held to a limit.
	during map[portal.SessionLimit]map[string]bool
}

// New mounts the given features (areas.All() for all of them) behind the
// middleware. extra lets the local binary add routes that never exist in Lambda.
func New(d *Deps, features []Feature, extra ...func(rt *Router)) *Server {
	rt := &Router{api: http.NewServeMux(), site: http.NewServeMux(), during: map[portal.SessionLimit]map[string]bool{}}
	for _, f := range features {
		f.Routes(rt, d)
	}
	for _, add := range extra {
		add(rt)
	}
	s := &Server{deps: d, api: rt.api, site: rt.site, patterns: rt.patterns, during: rt.during}
	s.handler = middleware(d.logger(), d.ClientIPHeader, d.ViaProxy, d.DebugHeaders, http.HandlerFunc(s.route))
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Patterns lists the API's route patterns.
func (s *Server) Patterns() []string { return slices.Clone(s.patterns) }

// route sends /api/ to the API mux and the rest to the site mux, and answers
// unknown API routes and wrong methods with the same JSON error shape as every
// other failure.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		s.site.ServeHTTP(w, r)
		return
	}
	r, err := s.deps.authenticate(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	defer s.deps.slideAfter(w, r)
	// Handler only looks the route up; ServeHTTP also sets the path values.
	h, pattern := s.api.Handler(r)
	if sw, ok := w.(*statusWriter); ok {
		sw.route = pattern
	}
	if pattern != "" {
		if p, ok := portal.PrincipalFrom(r.Context()); ok && p.Limit != "" && !s.during[p.Limit][pattern] {
			writeError(w, r, portal.E(portal.Forbidden, p.Limit.Code(), "do what the session is held to first"))
			return
		}
		s.api.ServeHTTP(w, r)
		return
	}
	probe := &probeWriter{header: http.Header{}}
	h.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		writeError(w, r, portal.E(portal.MethodNotAllowed, "method_not_allowed", "method not allowed"))
		return
	}
	writeError(w, r, portal.E(portal.NotFound, "route_not_found", "no such route"))
}

// probeWriter captures what the mux's own not-found or not-allowed handler would send.
type probeWriter struct {
	header http.Header
	status int
}

func (p *probeWriter) Header() http.Header         { return p.header }
func (p *probeWriter) Write(b []byte) (int, error) { return len(b), nil }
func (p *probeWriter) WriteHeader(code int)        { p.status = code }

// Deps are what handlers need, built once per process by the app package.
type Deps struct {
	Log      *slog.Logger
	Store    *store.Store
	Outbox   *mail.Outbox
	Sessions *auth.Sessions
	Auth     *auth.Authenticator
	// Blobs keeps the files of jobs (exports, import files and reports); only the
	// programs that start, run or hand out jobs set it (see blobenv).
	Blobs blob.Store
	// Passkeys runs WebAuthn ceremonies; only the programs that serve the passkey
	// feature set it (see PasskeyCeremonies).
	Passkeys PasskeyCeremonies
	BaseURL  string
	// AllowedOrigins are the portal's origins, normalised by config.Origin; a
	// state-changing request from any other is refused. Empty: BaseURL's origin.
	AllowedOrigins []string
	MailFrom       string
	// Secret keys the HMACs of one-time codes and links, so a leaked table does not
	// let anyone brute-force them offline.
	Secret []byte
	// Trusted networks are exempt from the per-address rate limits.
	Trusted auth.Trusted
	// ClientIPHeader names the header a fronting proxy puts the caller's address in.
	ClientIPHeader string
	// ViaProxy, when set, tells a request that came through the fronting proxy
	// (shared/origincheck): any other is answered with its error before anything
	// else runs, so ClientIPHeader is read only from requests it passed.
	ViaProxy func(*http.Request) error
	// DebugHeaders sends X-Table-Trips and X-Table-Writes (GUICHET_DEBUG_HEADERS).
	DebugHeaders bool
	// AccessDecisionDays is how long an access request waits for a decision before
	// it is refused by itself (GUICHET_ACCESS_DECISION_DAYS); 0 means the default.
	AccessDecisionDays int
	Now                func() time.Time
}

// Time is the current time: Now's when a test set it, the clock's otherwise.
func (d *Deps) Time() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deps) logger() *slog.Logger {
	if d == nil || d.Log == nil {
		return slog.Default()
	}
	return d.Log
}

// PasskeyCeremonies runs WebAuthn ceremonies (shared/auth/passkey). The HTTP layer
// sees them through this interface, so that only the programs that serve the
// passkey feature link the WebAuthn library: they set Deps.Passkeys.
type PasskeyCeremonies interface {
	// BeginRegistration returns the options of navigator.credentials.create() for a
	// new passkey of acc, and the state to keep until FinishRegistration.
	BeginRegistration(acc store.Account, existing []store.Passkey) (options json.RawMessage, state []byte, err error)
	// FinishRegistration checks the browser's answer and returns the new passkey.
	FinishRegistration(acc store.Account, existing []store.Passkey, state, response []byte) (store.Passkey, error)
	// BeginLogin returns the options of navigator.credentials.get(): for acc's
	// passkeys, or for any discoverable one when acc is nil.
	BeginLogin(acc *store.Account, existing []store.Passkey) (options json.RawMessage, state []byte, err error)
	// FinishLogin checks the browser's answer; owner finds who registered the
	// credential. It returns the account and the passkey used, to save.
	FinishLogin(state, response []byte, owner func(credentialID []byte) (store.Account, []store.Passkey, error)) (store.Account, store.Passkey, error)
}
