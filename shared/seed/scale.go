package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/guichet/guichet/shared/access"
	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// ScaleOptions say which organisations Scale writes and how.
type ScaleOptions struct {
	// Orgs is the number of organisations of the plan to write; Users, when
	// positive, replaces it: as many organisations as it takes to hold that many users.
	Orgs  int
	Users int
	// Workers write organisations in parallel (4 when zero). The embedded store
	// commits one transaction at a time; the other workers prepare theirs meanwhile.
	Workers int
	// Params is the cost of the password hashes (auth.OWASP when zero).
	Params auth.Argon2Params
	// Progress, when not nil, gets a line at every 5% of the users written.
	Progress io.Writer
	// Now is what recent data (sign-ins, requests, grants) is dated from.
	Now time.Time
}

// SharedHashes is how many argon2id hashes of DemoPassword the generated users
// share: hashing each of 100,000 passwords at OWASP cost would take about 45
// minutes on two cores, and a sign-in checks a shared hash exactly as it checks
// its own.
const SharedHashes = 4

// ScaleTotals counts what Scale planned, found and wrote.
type ScaleTotals struct {
	// Orgs and PlannedUsers are the scale's organisations and their users, Skipped
	// the organisations an earlier run had written whole.
	Orgs         int
	PlannedUsers int
	Skipped      int
	// The rest counts what this run wrote.
	Users        int
	ByStatus     map[portal.UserStatus]int
	Admins       int
	Contracts    int
	Rights       int
	Grants       int
	Requests     map[portal.RequestStatus]int
	SignIns      int
	AuditEntries int
	Items        int
	Transactions int
	Elapsed      time.Duration
}

func (t *ScaleTotals) add(o ScaleTotals) {
	t.Users += o.Users
	t.Admins += o.Admins
	t.Contracts += o.Contracts
	t.Rights += o.Rights
	t.Grants += o.Grants
	t.SignIns += o.SignIns
	t.AuditEntries += o.AuditEntries
	t.Items += o.Items
	t.Transactions += o.Transactions
	for k, v := range o.ByStatus {
		t.ByStatus[k] += v
	}
	for k, v := range o.Requests {
		t.Requests[k] += v
	}
}

// scaleMark names the mark of a generated organisation written whole.
func scaleMark(o ScaleOrg) string { return "SCALE#" + o.ID }

// Scale writes the organisations of a scale of the plan (plan.go) with the demo
// data, in transactions of up to table.MaxTransact steps through the store's own
// methods: organisations with their verified domain and contracts, users of every
// status with their guards, rights, grants, access requests, audit entries and
// sign-in history. An organisation written whole is marked and skipped by later
// runs; one interrupted half-way is completed, since its ids are the same and each
// transaction is written whole or not at all.
func Scale(ctx context.Context, s *store.Store, opt ScaleOptions) (ScaleTotals, error) {
	start := time.Now()
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Params == (auth.Argon2Params{}) {
		opt.Params = auth.OWASP
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = 4
	}
	orgs := ScaleOrgs(opt.Orgs, opt.Users)
	totals := ScaleTotals{Orgs: len(orgs), ByStatus: map[portal.UserStatus]int{}, Requests: map[portal.RequestStatus]int{}}
	names := make([]string, len(orgs))
	for i, o := range orgs {
		totals.PlannedUsers += o.Users
		names[i] = scaleMark(o)
	}
	if _, err := Demo(ctx, s, opt.Now); err != nil {
		return totals, err
	}
	done, err := s.Seeded(ctx, names)
	if err != nil {
		return totals, err
	}
	var todo []ScaleOrg
	toWrite := 0
	for _, o := range orgs {
		if done[scaleMark(o)] {
			totals.Skipped++
			continue
		}
		todo = append(todo, o)
		toWrite += o.Users
	}
	if len(todo) == 0 {
		totals.Elapsed = time.Since(start)
		return totals, nil
	}
	w, err := newWriter(ctx, s, opt)
	if err != nil {
		return totals, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan ScaleOrg)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	progress := newProgress(opt.Progress, toWrite, start)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range next {
				t, err := w.org(ctx, o, progress.wrote)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("organisation %s: %w", o.ID, err)
					cancel()
				}
				totals.add(t)
				mu.Unlock()
			}
		}()
	}
	for _, o := range todo {
		select {
		case next <- o:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	totals.Elapsed = time.Since(start)
	return totals, firstErr
}

// progress prints a line each time another 5% of the users are written.
type progress struct {
	mu    sync.Mutex
	out   io.Writer
	total int
	done  int
	shown int
	start time.Time
}

func newProgress(out io.Writer, total int, start time.Time) *progress {
	return &progress{out: out, total: total, start: start}
}

func (p *progress) wrote(users int) {
	if p.out == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += users
	pct := p.done * 100 / p.total
	if pct/5 == p.shown/5 {
		return
	}
	p.shown = pct
	elapsed := time.Since(p.start)
	fmt.Fprintf(p.out, "seed: %3d%%  %7d/%d users  %6.0f users/s  %s\n", pct, p.done, p.total,
		float64(p.done)/elapsed.Seconds(), elapsed.Round(100*time.Millisecond))
}

// writer writes generated organisations.
type writer struct {
	s        *store.Store
	now      time.Time
	hashes   []string
	apps     map[string]portal.Application
	operator string
	numbers  *numberPool
}

// numberPool hands out access request numbers from runs taken a thousand at a
// time, so that numbering costs a round trip per thousand requests rather than one
// per organisation. The numbers left at the end are lost, as the store allows.
type numberPool struct {
	mu   sync.Mutex
	s    *store.Store
	now  time.Time
	left []string
}

func (p *numberPool) take(ctx context.Context, n int) ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.left) < n {
		more, err := p.s.NextRequestNumbers(ctx, p.now, max(1000, n))
		if err != nil {
			return nil, err
		}
		p.left = append(p.left, more...)
	}
	out := p.left[:n:n]
	p.left = p.left[n:]
	return out, nil
}

func newWriter(ctx context.Context, s *store.Store, opt ScaleOptions) (*writer, error) {
	w := &writer{s: s, now: opt.Now, hashes: make([]string, SharedHashes), apps: map[string]portal.Application{},
		numbers: &numberPool{s: s, now: opt.Now}}
	op, err := s.AccountByEmail(ctx, DemoAccounts[0].Email)
	if err != nil {
		return nil, err
	}
	w.operator = op.ID
	for _, a := range DemoApplications {
		w.apps[a.ID] = a
	}
	errs := make([]error, len(w.hashes))
	var wg sync.WaitGroup
	for i := range w.hashes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.hashes[i], errs[i] = auth.HashPassword(DemoPassword, opt.Params)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return w, nil
}

// org writes one organisation a batch of users at a time: the first batch with the
// organisation, its domain claim and its contracts, the last with the mark.
func (w *writer) org(ctx context.Context, o ScaleOrg, wrote func(int)) (ScaleTotals, error) {
	t := ScaleTotals{ByStatus: map[portal.UserStatus]int{}, Requests: map[portal.RequestStatus]int{}}
	people := o.People()
	contracts := w.contracts(o, people[0].ID)
	r := planRand(o.N, 2)
	lives := make([]life, len(people))
	requests := 0
	for k, p := range people {
		lives[k] = w.life(r, p, contracts)
		requests += len(lives[k].requests)
	}
	numbers, err := w.numbers.take(ctx, requests)
	if err != nil {
		return t, err
	}
	accounts := make([]store.NewAccount, len(people))
	counts := make([]ScaleTotals, len(people))
	for k, p := range people {
		accounts[k], counts[k] = w.account(o, p, people[0].ID, lives[k], &numbers)
	}
	// The organisation, its domain claim and its contracts go with its first user.
	org := portal.Organisation{ID: o.ID, Name: o.Name, Country: "FR", Website: "https://www." + o.Domain,
		Domains: []string{o.Domain}, Created: o.Created}
	first := []table.Op{store.NewOrganisation(org), store.PutDomainClaim(store.DomainClaim{Domain: o.Domain, OrgIDs: []string{o.ID}})}
	for _, c := range contracts {
		first = append(first, store.NewContract(c)...)
		first = append(first, store.Audit(store.AuditEntry{OrgID: o.ID, Time: c.Created, Action: "contract.create",
			UserID: w.operator, Target: "contract:" + c.ID}))
	}
	accounts[0].Also = append(first, accounts[0].Also...)
	counts[0].Contracts, counts[0].AuditEntries, counts[0].Items = len(contracts), counts[0].AuditEntries+len(contracts), counts[0].Items+len(first)
	mark := store.SeedMark(scaleMark(o))
	accounts[len(accounts)-1].Also = append(accounts[len(accounts)-1].Also, mark)

	// Batches of whole users, leaving a step for the item of administrators.
	for len(accounts) > 0 {
		n, steps := 0, 0
		for n < len(accounts) && steps+3+len(accounts[n].Also) < table.MaxTransact {
			steps += 3 + len(accounts[n].Also)
			n++
		}
		batch, batchCounts := accounts[:n], counts[:n]
		accounts, counts = accounts[n:], counts[n:]
		switch _, err := w.s.CreateAccounts(ctx, batch...); {
		case err == nil:
			for _, c := range batchCounts {
				t.add(c)
			}
			t.Transactions++
		case !portal.Is(err, portal.Conflict):
			return t, err
		default:
			// A batch an interrupted run wrote: its first account is there. When it was
			// the last, the run stopped before the mark, which goes on its own.
			if _, err := w.s.Account(ctx, o.ID, batch[0].Account.ID); err != nil {
				return t, fmt.Errorf("a batch conflicts with data the generator did not write: %w", err)
			}
			if len(accounts) == 0 {
				if err := w.s.Table().Transact(ctx, mark); err != nil && !portal.Is(err, portal.Conflict) {
					return t, err
				}
			}
		}
		wrote(n)
	}
	return t, nil
}

var offers = []string{"Essentiel", "Premium", "Entreprise", "Maintenance", "Infogérance"}

// contracts are the organisation's contracts, its first user their referent.
func (w *writer) contracts(o ScaleOrg, referent string) []portal.Contract {
	r := planRand(o.N, 3)
	out := make([]portal.Contract, o.Contracts)
	for k := range out {
		created := o.Created.Add(time.Duration(k*40+r.IntN(30)) * 24 * time.Hour)
		var bits [10]byte
		for b := range bits {
			bits[b] = byte(r.Uint32())
		}
		offer := offers[r.IntN(len(offers))]
		out[k] = portal.Contract{ID: portal.IDFrom(created, bits), OrgID: o.ID, Name: "Contrat " + offer,
			Reference: fmt.Sprintf("CTR-%d-%02d", o.N, k+1), Offer: offer, Start: created.Format(time.DateOnly),
			End: created.AddDate(3, 0, 0).Format(time.DateOnly), ReferentID: referent, Created: created}
	}
	return out
}

// life is what a generated person has and did: rights, requests for applications
// (a grant for each approved one) and sign-ins.
type life struct {
	rights   *store.UserRights
	requests []lifeRequest
	signIns  []store.SignIn
}

type lifeRequest struct {
	app     portal.Application
	status  portal.RequestStatus
	created time.Time
	decided time.Time
	// decidedBy is empty when the organisation's first administrator decided.
	decidedBy string
}

const day = 24 * time.Hour

func (w *writer) ago(r *rand.Rand, from, to time.Duration) time.Time {
	return w.now.Add(-from - time.Duration(r.Int64N(int64(to-from)))).UTC().Truncate(time.Second)
}

var userAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
	"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
}

// life draws what p has and did: rights (rights), then applications: about 40% use
// the support site (granted on request), 20% the licence manager (their
// administrators approve, for 90 days), 15% prepress (the operators approve); a few
// requests wait, were refused or cancelled. People who can sign in have a few
// sign-ins of the last 90 days.
func (w *writer) life(r *rand.Rand, p ScalePerson, contracts []portal.Contract) life {
	l := life{rights: rights(r, p, contracts)}
	if p.Status == portal.StatusPendingApproval || p.Status == portal.StatusNotActivated {
		return l
	}
	if x := r.Float64(); x < 0.40 {
		c := w.ago(r, day, 400*day)
		l.requests = append(l.requests, lifeRequest{app: w.apps["support-site"], status: portal.RequestApproved, created: c, decided: c, decidedBy: access.System})
	}
	switch x := r.Float64(); {
	case x < 0.20:
		c := w.ago(r, 2*day, 150*day)
		l.requests = append(l.requests, lifeRequest{app: w.apps["licence-manager"], status: portal.RequestApproved, created: c, decided: c.Add(time.Duration(1+r.IntN(47)) * time.Hour)})
	case x < 0.24:
		l.requests = append(l.requests, lifeRequest{app: w.apps["licence-manager"], status: portal.RequestPending, created: w.ago(r, time.Hour, 6*day)})
	case x < 0.26:
		c := w.ago(r, 3*day, 200*day)
		l.requests = append(l.requests, lifeRequest{app: w.apps["licence-manager"], status: portal.RequestRefused, created: c, decided: c.Add(time.Duration(1+r.IntN(71)) * time.Hour)})
	case x < 0.27:
		c := w.ago(r, 3*day, 200*day)
		l.requests = append(l.requests, lifeRequest{app: w.apps["licence-manager"], status: portal.RequestCancelled, created: c, decided: c.Add(time.Duration(1+r.IntN(23)) * time.Hour), decidedBy: p.ID})
	}
	switch x := r.Float64(); {
	case x < 0.15:
		c := w.ago(r, 2*day, 300*day)
		l.requests = append(l.requests, lifeRequest{app: w.apps["prepress-cloud"], status: portal.RequestApproved, created: c, decided: c.Add(time.Duration(1+r.IntN(23)) * time.Hour), decidedBy: w.operator})
	case x < 0.17:
		l.requests = append(l.requests, lifeRequest{app: w.apps["prepress-cloud"], status: portal.RequestPending, created: w.ago(r, time.Hour, 6*day)})
	}
	n := r.IntN(5)
	result := store.SignInOK
	switch p.Status {
	case portal.StatusLocked:
		n, result = auth.MaxFailedSignIns, store.SignInBadPassword
	case portal.StatusDisabled:
		n = r.IntN(3)
	}
	for range n {
		at := w.ago(r, time.Hour, 90*day)
		l.signIns = append(l.signIns, store.SignIn{ID: portal.NewIDAt(at), Time: at, IP: fmt.Sprintf("203.0.113.%d", 1+r.IntN(254)),
			UserAgent: userAgents[r.IntN(len(userAgents))], Result: result, Method: store.MethodPassword})
	}
	return l
}

// account builds p's account with what is written with it, taking the numbers of
// its requests from numbers, and counts them.
func (w *writer) account(o ScaleOrg, p ScalePerson, adminID string, l life, numbers *[]string) (store.NewAccount, ScaleTotals) {
	t := ScaleTotals{Users: 1, ByStatus: map[portal.UserStatus]int{p.Status: 1}, Requests: map[portal.RequestStatus]int{}}
	u := portal.User{ID: p.ID, OrgID: o.ID, Email: p.Email, Login: p.Login, FirstName: p.FirstName, LastName: p.LastName,
		JobTitle: p.JobTitle, Lang: p.Lang, Role: p.Role, Status: p.Status, Created: p.Created}
	acc := store.Account{User: u}
	if p.Password {
		acc.PasswordHash = w.hashes[(o.N+p.I)%len(w.hashes)]
		acc.PasswordChanged = p.Created
	}
	if p.Status == portal.StatusLocked {
		acc.Status, acc.Locks, acc.LockedUntil = portal.StatusReady, 1, w.now.Add(auth.FirstLock).UTC()
	}
	if p.Role == portal.RoleAdmin && p.Status != portal.StatusDisabled {
		t.Admins = 1
	}
	creator := adminID
	if p.I == 1 {
		creator = w.operator
	}
	ops := []table.Op{store.Audit(store.AuditEntry{OrgID: o.ID, Time: p.Created, Action: "user.create", UserID: creator,
		Target: "user:" + p.ID, After: raw(map[string]string{"email": p.Email, "login": p.Login, "role": string(p.Role)})})}
	t.AuditEntries++
	if l.rights != nil {
		ops = append(ops, store.PutRights(*l.rights))
		t.Rights++
	}
	for _, lr := range l.requests {
		number := (*numbers)[0]
		*numbers = (*numbers)[1:]
		req := portal.AccessRequest{Number: number, OrgID: o.ID, OrgName: o.Name, UserID: p.ID,
			RequesterName: p.FirstName + " " + p.LastName, RequesterEmail: p.Email, AppID: lr.app.ID, AppName: lr.app.Name,
			Kind: portal.KindAccess, Approver: lr.app.Approver, Status: lr.status, Created: lr.created,
			Deadline: lr.created.Add(7 * day)}
		ops = append(ops, store.Audit(store.AuditEntry{OrgID: o.ID, Time: lr.created, Action: access.ActRequest, UserID: p.ID,
			Target: "access_request:" + number, After: raw(map[string]string{"status": string(portal.RequestPending)})}))
		t.AuditEntries++
		t.Requests[lr.status]++
		if lr.status != portal.RequestPending {
			by := lr.decidedBy
			if by == "" {
				by = adminID
			}
			req.Decided, req.DecidedBy = lr.decided, by
			action := access.ActApprove
			switch lr.status {
			case portal.RequestRefused:
				action, req.Reason = access.ActRefuse, "Aucune licence disponible pour le moment."
			case portal.RequestCancelled:
				action = access.ActCancel
			}
			ops = append(ops, store.Audit(store.AuditEntry{OrgID: o.ID, Time: lr.decided, Action: action, UserID: by,
				Target: "access_request:" + number, After: raw(map[string]string{"status": string(lr.status)})}))
			t.AuditEntries++
		}
		ops = append(ops, store.CreateAccessRequest(req)...)
		if lr.status == portal.RequestApproved {
			g := portal.Grant{OrgID: o.ID, UserID: p.ID, AppID: lr.app.ID, AppName: lr.app.Name, Status: portal.GrantActive,
				Granted: lr.decided, Request: number}
			if lr.app.DurationDays > 0 {
				g.Expires = lr.decided.Add(time.Duration(lr.app.DurationDays) * day)
				if !w.now.Before(g.Expires) {
					g.Status = portal.GrantExpired
				}
			}
			ops = append(ops, store.PutGrant(g))
			t.Grants++
		}
	}
	for _, e := range l.signIns {
		e.OrgID, e.UserID = o.ID, p.ID
		ops = append(ops, store.RecordSignIn(e))
	}
	t.SignIns = len(l.signIns)
	t.Items = 3 + len(ops)
	return store.NewAccount{Account: acc, Also: ops}, t
}

// rights gives the first user the referent's flag on every contract, and 80% of the
// other users Visitor rights on most sections of some contracts, Manager on a few,
// support on some; administrators need none.
func rights(r *rand.Rand, p ScalePerson, contracts []portal.Contract) *store.UserRights {
	if p.I != 1 && (p.Role != portal.RoleUser || r.IntN(10) >= 8) {
		return nil
	}
	ur := store.UserRights{OrgID: contracts[0].OrgID, UserID: p.ID}
	for k, c := range contracts {
		if p.I == 1 {
			ur = ur.With(c.ID, portal.ContractRights{Referent: true})
			continue
		}
		if k > 0 && r.IntN(3) == 0 {
			continue
		}
		cr := portal.ContractRights{Sections: map[portal.Section]portal.Level{}, Supported: r.IntN(5) == 0}
		for _, s := range portal.Sections {
			switch x := r.IntN(20); {
			case x < 2:
				cr.Sections[s] = portal.LevelManager
			case x < 15 && s != portal.SectionUsers:
				cr.Sections[s] = portal.LevelVisitor
			}
		}
		ur = ur.With(c.ID, cr)
	}
	if len(ur.Contracts) == 0 {
		return nil
	}
	return &ur
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
