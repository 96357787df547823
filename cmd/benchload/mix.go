package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
)

// The routes of the mix, as the report names them.
const (
	routeSignIn      = "sign-in"
	routeSession     = "session check"
	routeMe          = "my account"
	routeMyApps      = "my applications"
	routeRequest     = "access request"
	routeDashboard   = "dashboard"
	routeContracts   = "contracts list"
	routeUsers       = "users list (filtered)"
	routeMatrix      = "rights matrix"
	routeDecision    = "approval"
	browserUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)

// routeOrder is the order of the report's lines; reads are the authenticated reads
// whose round trips the design bounds.
var (
	routeOrder = []string{routeSignIn, routeSession, routeDashboard, routeMe, routeMyApps, routeRequest, routeContracts, routeUsers, routeMatrix, routeDecision}
	reads      = map[string]bool{routeSession: true, routeMe: true, routeMyApps: true, routeContracts: true, routeUsers: true, routeMatrix: true}
)

// sample is one request's outcome.
type sample struct {
	route  string
	took   time.Duration
	trips  int
	writes int
	err    string // "" when it succeeded, else the status and error code
	// common is set on the visits to the first scale's organisations.
	common bool
}

// population is who the virtual people are: the scale's organisations by size
// class, and in each the people who can sign in.
type population struct {
	all    chooser
	common chooser                    // the organisations of the first scale, which every scale holds
	people map[int][]seed.ScalePerson // by organisation number: ready users, administrator first
	search []string
}

// chooser picks organisations: a size class by its weight, then one of its
// organisations.
type chooser struct {
	classes map[seed.SizeClass][]seed.ScaleOrg
	weights []classWeight
}

type classWeight struct {
	class  seed.SizeClass
	weight float64
}

// commonShare is the share of visits that go, at a scale larger than the first, to
// the first scale's organisations: the same people making the same requests on a
// larger table, which is what the growth of p99 compares.
const commonShare = 0.5

// newPopulation plans the people of a scale, whose first commonOrgs organisations
// are the first scale's. Visits go to the size classes in the proportions of users
// at 1,000 organisations, whatever the scale.
func newPopulation(users, commonOrgs int) *population {
	p := &population{people: map[int][]seed.ScalePerson{}, search: seed.SearchPrefixes()}
	share := map[seed.SizeClass]int{}
	for _, o := range seed.ScaleOrgs(1000, 0) {
		share[o.Class] += o.Users
	}
	orgs := seed.ScaleOrgs(0, users)
	p.all = newChooser(orgs, share)
	p.common = newChooser(orgs[:min(commonOrgs, len(orgs))], share)
	for _, o := range orgs {
		for _, person := range o.People() {
			if person.CanSignIn() {
				p.people[o.N] = append(p.people[o.N], person)
			}
		}
	}
	return p
}

func newChooser(orgs []seed.ScaleOrg, share map[seed.SizeClass]int) chooser {
	c := chooser{classes: map[seed.SizeClass][]seed.ScaleOrg{}}
	for _, o := range orgs {
		c.classes[o.Class] = append(c.classes[o.Class], o)
	}
	for _, class := range seed.SizeClasses {
		if len(c.classes[class]) > 0 {
			c.weights = append(c.weights, classWeight{class, float64(share[class])})
		}
	}
	return c
}

func (c chooser) pick(r *rand.Rand) seed.ScaleOrg {
	total := 0.0
	for _, w := range c.weights {
		total += w.weight
	}
	x := r.Float64() * total
	for _, w := range c.weights {
		if x < w.weight {
			orgs := c.classes[w.class]
			return orgs[r.IntN(len(orgs))]
		}
		x -= w.weight
	}
	orgs := c.classes[c.weights[len(c.weights)-1].class]
	return orgs[r.IntN(len(orgs))]
}

// size is the number of organisations the chooser picks from.
func (c chooser) size() int {
	n := 0
	for _, orgs := range c.classes {
		n += len(orgs)
	}
	return n
}

// org picks the organisation of a visit, and says whether it is one of the first
// scale's.
func (p *population) org(r *rand.Rand) seed.ScaleOrg {
	if p.common.size() < p.all.size() && r.Float64() < commonShare {
		return p.common.pick(r)
	}
	return p.all.pick(r)
}

// isCommon reports whether o is one of the first scale's organisations.
func (p *population) isCommon(o seed.ScaleOrg) bool { return o.N <= p.common.size() }

// member picks a ready user of o who is not an administrator, or its administrator
// when it has no such user.
func (p *population) member(r *rand.Rand, o seed.ScaleOrg) seed.ScalePerson {
	people := p.people[o.N]
	for range 8 {
		if c := people[r.IntN(len(people))]; c.Role == portal.RoleUser {
			return c
		}
	}
	return people[0]
}

// decisions are the access requests filed during the run, waiting for their
// organisation's administrator, oldest first.
type decisions struct {
	mu      sync.Mutex
	pending []filed
}

type filed struct {
	org    seed.ScaleOrg
	number string
}

func (d *decisions) add(f filed) {
	d.mu.Lock()
	d.pending = append(d.pending, f)
	d.mu.Unlock()
}

// take returns the oldest waiting request's organisation and up to max requests of
// it, or false when none waits.
func (d *decisions) take(max int) (seed.ScaleOrg, []string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.pending) == 0 {
		return seed.ScaleOrg{}, nil, false
	}
	org := d.pending[0].org
	var numbers []string
	rest := d.pending[:0]
	for _, f := range d.pending {
		if f.org.N == org.N && len(numbers) < max {
			numbers = append(numbers, f.number)
		} else {
			rest = append(rest, f)
		}
	}
	d.pending = rest
	return org, numbers, true
}

// client is one virtual person's browser: its session cookie and CSRF token.
type client struct {
	http *http.Client
	base string
	// cookieName and cookie are the session cookie the server set last.
	cookieName string
	cookie     string
	csrf       string
	common     bool // the visit under way is to one of the first scale's organisations
	record     func(sample)
	pace       func()
	scratch    bytes.Buffer
}

// pacer spaces requests evenly at a rate shared by every worker; a request whose
// turn has passed (every worker was busy) goes at once, so the rate reached can
// fall short of the rate asked, which the report shows.
type pacer struct {
	start time.Time
	every time.Duration
	next  atomic.Int64
}

func newPacer(rate float64) *pacer {
	if rate <= 0 {
		return nil
	}
	return &pacer{start: time.Now(), every: time.Duration(float64(time.Second) / rate)}
}

func (p *pacer) wait() {
	if p == nil {
		return
	}
	at := p.start.Add(time.Duration(p.next.Add(1)-1) * p.every)
	if d := time.Until(at); d > 0 {
		time.Sleep(d)
	}
}

// do sends one request and records it under route; out, when not nil, receives the
// decoded answer.
func (c *client) do(route, method, path string, body any, out any) bool {
	var rd io.Reader
	if body != nil {
		c.scratch.Reset()
		json.NewEncoder(&c.scratch).Encode(body)
		rd = bytes.NewReader(c.scratch.Bytes())
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		panic(err)
	}
	req.Header.Set("User-Agent", browserUserAgent)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cookie != "" {
		req.Header.Set("Cookie", c.cookieName+"="+c.cookie)
	}
	if c.csrf != "" && method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	c.pace()
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.record(sample{route: route, took: time.Since(start), err: "transport: " + err.Error(), common: c.common})
		return false
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	s := sample{route: route, took: took, common: c.common}
	s.trips, _ = strconv.Atoi(resp.Header.Get("X-Table-Trips"))
	s.writes, _ = strconv.Atoi(resp.Header.Get("X-Table-Writes"))
	switch {
	case err != nil:
		s.err = "read: " + err.Error()
	case resp.StatusCode >= 300:
		var e struct {
			Error struct{ Code string } `json:"error"`
		}
		json.Unmarshal(b, &e)
		s.err = fmt.Sprintf("%d %s", resp.StatusCode, e.Error.Code)
	}
	c.record(s)
	if s.err != "" {
		return false
	}
	for _, ck := range resp.Cookies() {
		// The session cookie is __Host-guichet_session over https, guichet_session
		// over http on this machine.
		if strings.HasSuffix(ck.Name, "guichet_session") {
			c.cookieName, c.cookie = ck.Name, ck.Value
		}
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return false
		}
	}
	return true
}

// signIn opens a session for person, as the sign-in page does.
func (c *client) signIn(person seed.ScalePerson) bool {
	c.cookie, c.csrf = "", ""
	var s struct {
		CSRF string `json:"csrf"`
	}
	if !c.do(routeSignIn, http.MethodPost, "/api/v1/session", map[string]string{"email": person.Email, "password": seed.DemoPassword}, &s) {
		return false
	}
	c.csrf = s.CSRF
	return true
}

// scene is what the visits of one scale share: who the people are, the requests
// waiting for a decision, and the sessions still open.
type scene struct {
	pop      *population
	queue    decisions
	sessions sessions
	// onlyCommon sends every visit to the first scale's organisations.
	onlyCommon bool
}

// org picks the organisation of a visit.
func (sc *scene) org(r *rand.Rand) seed.ScaleOrg {
	if sc.onlyCommon {
		return sc.pop.common.pick(r)
	}
	return sc.pop.org(r)
}

// returnShare is the share of visits by someone whose session is still open, who
// therefore does not sign in again: sessions last up to 12 hours, so most people
// sign in once a day and come back to the portal several times.
const returnShare = 0.5

// sessions keeps the open sessions of the people who signed in during the run.
type sessions struct {
	mu     sync.Mutex
	users  []session
	admins map[int]session // by organisation number
}

type session struct {
	org          seed.ScaleOrg
	cookie, csrf string
}

// maxOpenSessions bounds the users' sessions kept; a new one replaces one at random.
const maxOpenSessions = 2000

// user takes an open session out of the pool, so that no two workers act as the
// same person at once; keepUser puts it back after the visit.
func (s *sessions) user(r *rand.Rand) (session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.users) == 0 {
		return session{}, false
	}
	i := r.IntN(len(s.users))
	o := s.users[i]
	s.users[i] = s.users[len(s.users)-1]
	s.users = s.users[:len(s.users)-1]
	return o, true
}

func (s *sessions) keepUser(r *rand.Rand, o session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.users) < maxOpenSessions {
		s.users = append(s.users, o)
	} else {
		s.users[r.IntN(len(s.users))] = o
	}
}

func (s *sessions) admin(n int) (session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.admins[n]
	return o, ok
}

func (s *sessions) keepAdmin(o session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.admins == nil {
		s.admins = map[int]session{}
	}
	s.admins[o.org.N] = o
}

// resume makes c the browser of an open session.
func (c *client) resume(o session, common bool) {
	c.cookie, c.csrf, c.common = o.cookie, o.csrf, common
}

// userVisit is a person's visit: sign in unless their session is still open, the
// portal's first pages (the session, the dashboard, the account), "Manage applications", a
// request for the licence manager when it is available, then a few more pages, each
// of which checks the session and reads the account or the applications again.
func userVisit(c *client, r *rand.Rand, sc *scene) {
	var open session
	ok := r.Float64() < returnShare
	if ok {
		open, ok = sc.sessions.user(r)
	}
	if ok {
		c.resume(open, sc.pop.isCommon(open.org))
	} else {
		open.org = sc.org(r)
		c.common = sc.pop.isCommon(open.org)
		if !c.signIn(sc.pop.member(r, open.org)) {
			return
		}
		open.cookie, open.csrf = c.cookie, c.csrf
	}
	defer sc.sessions.keepUser(r, open)
	c.do(routeSession, http.MethodGet, "/api/v1/session", nil, nil)
	c.do(routeDashboard, http.MethodGet, "/api/v1/dashboard", nil, nil)
	c.do(routeMe, http.MethodGet, "/api/v1/me", nil, nil)
	var apps struct {
		Available []struct {
			ID string `json:"id"`
		} `json:"available"`
	}
	if c.do(routeMyApps, http.MethodGet, "/api/v1/me/applications", nil, &apps) {
		for _, a := range apps.Available {
			if a.ID != "licence-manager" {
				continue
			}
			var filedReqs struct {
				Requests []struct {
					Number string `json:"number"`
				} `json:"requests"`
			}
			if c.do(routeRequest, http.MethodPost, "/api/v1/me/access-requests", map[string]any{"applications": []string{a.ID}, "comment": "Pour le suivi des licences de l'équipe."}, &filedReqs) {
				for _, fr := range filedReqs.Requests {
					sc.queue.add(filed{org: open.org, number: fr.Number})
				}
			}
		}
	}
	for page := range 4 {
		c.do(routeSession, http.MethodGet, "/api/v1/session", nil, nil)
		if page%2 == 0 {
			c.do(routeMe, http.MethodGet, "/api/v1/me", nil, nil)
		} else {
			c.do(routeMyApps, http.MethodGet, "/api/v1/me/applications", nil, nil)
		}
	}
}

var filterStatuses = []portal.UserStatus{portal.StatusReady, portal.StatusReady, portal.StatusLocked, portal.StatusDisabled, portal.StatusNotActivated, portal.StatusPendingApproval}

// adminVisit is an administrator's visit: sign in unless their session is still
// open, the dashboard, the contracts, the users list filtered by status and searched by name, a
// contract's rights matrix, and the decisions on the requests filed during the run
// for the organisation.
func adminVisit(c *client, r *rand.Rand, sc *scene) {
	o, numbers, ok := sc.queue.take(5)
	if !ok {
		o = sc.org(r)
	}
	c.common = sc.pop.isCommon(o)
	if open, ok := sc.sessions.admin(o.N); ok && r.Float64() < returnShare {
		c.resume(open, c.common)
	} else {
		if !c.signIn(sc.pop.people[o.N][0]) {
			return
		}
		sc.sessions.keepAdmin(session{org: o, cookie: c.cookie, csrf: c.csrf})
	}
	c.do(routeSession, http.MethodGet, "/api/v1/session", nil, nil)
	c.do(routeDashboard, http.MethodGet, "/api/v1/dashboard", nil, nil)
	var contracts struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	c.do(routeContracts, http.MethodGet, "/api/v1/org/contracts", nil, &contracts)
	for k := range 3 {
		v := url.Values{}
		if k != 1 {
			v.Set("status", string(filterStatuses[r.IntN(len(filterStatuses))]))
		}
		if k != 2 {
			prefix := sc.pop.search[r.IntN(len(sc.pop.search))]
			v.Set("q", prefix[:2+r.IntN(2)])
		}
		c.do(routeUsers, http.MethodGet, "/api/v1/org/users?"+v.Encode(), nil, nil)
		c.do(routeSession, http.MethodGet, "/api/v1/session", nil, nil)
	}
	for range 2 {
		if len(contracts.Items) > 0 {
			id := contracts.Items[r.IntN(len(contracts.Items))].ID
			c.do(routeMatrix, http.MethodGet, "/api/v1/org/contracts/"+url.PathEscape(id)+"/rights", nil, nil)
		}
	}
	for i, n := range numbers {
		body := map[string]string{"decision": "approve"}
		if i%3 == 2 {
			body = map[string]string{"decision": "refuse", "reason": "Plus de licence disponible ce trimestre."}
		}
		c.do(routeDecision, http.MethodPost, "/api/v1/access-requests/"+url.PathEscape(n)+"/decision", body, nil)
	}
	c.do(routeSession, http.MethodGet, "/api/v1/session", nil, nil)
}

// adminShare is the share of visits that are an administrator's.
const adminShare = 0.3

// visit runs one visit of the mix.
func visit(c *client, r *rand.Rand, sc *scene) {
	if r.Float64() < adminShare {
		adminVisit(c, r, sc)
		return
	}
	userVisit(c, r, sc)
}

// signInOnly is the mix of the second phase: sign-ins and nothing else.
func signInOnly(c *client, r *rand.Rand, pop *population) {
	c.signIn(pop.member(r, pop.org(r)))
}

func shortErr(s string) string {
	if i := strings.IndexByte(s, ':'); i > 0 && strings.HasPrefix(s, "transport") {
		return s[:i]
	}
	return s
}
