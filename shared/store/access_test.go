package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

func TestRequestNumbersAreConsecutiveUnderConcurrency(t *testing.T) {
	s := newStore(t)
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	const callers = 200
	var mu sync.Mutex
	var got []string
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			n, err := s.NextRequestNumber(context.Background(), now)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got = append(got, n)
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	slices.Sort(got)
	for i, n := range got {
		if want := fmt.Sprintf("REQ-2026-%06d", i+1); n != want {
			t.Fatalf("number %d is %s, want %s (numbers must be distinct and consecutive)", i, n, want)
		}
	}
	if len(got) != callers {
		t.Fatalf("%d numbers for %d callers", len(got), callers)
	}
	// Each year counts from one.
	if n, err := s.NextRequestNumber(context.Background(), now.AddDate(1, 0, 0)); err != nil || n != "REQ-2027-000001" {
		t.Fatalf("next year: %s %v", n, err)
	}
}

func request(org, user, number string, approver portal.Approver, created time.Time) portal.AccessRequest {
	return portal.AccessRequest{Number: number, OrgID: org, UserID: user, AppID: "APP1", Kind: portal.KindAccess,
		Approver: approver, Status: portal.RequestPending, Created: created, Deadline: created.AddDate(0, 0, 7)}
}

func numbers(rs []portal.AccessRequest) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Number)
	}
	return out
}

func TestAccessRequestsAreFiledForTheirRequesterApproverAndDeadline(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	filed := []portal.AccessRequest{
		request("acme", "zoe", "REQ-2026-000001", portal.ApproverOperators, t0),
		request("acme", "zoe", "REQ-2026-000002", portal.ApproverCustomerAdmins, t0.Add(time.Hour)),
		request("globex", "leo", "REQ-2026-000003", portal.ApproverCustomerAdmins, t0.Add(2*time.Hour)),
		request("globex", "leo", "REQ-2026-000004", portal.ApproverOperators, t0.Add(3*time.Hour)),
	}
	for _, r := range filed {
		if err := s.Table().Transact(ctx, store.CreateAccessRequest(r)...); err != nil {
			t.Fatal(err)
		}
	}
	// A number is filed once.
	if err := s.Table().Transact(ctx, store.CreateAccessRequest(request("initech", "bob", "REQ-2026-000001", portal.ApproverOperators, t0))...); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a number was filed twice: %v", err)
	}

	r, err := s.AccessRequest(ctx, "acme", "REQ-2026-000002")
	if err != nil || r.Version != 1 || r.Approver != portal.ApproverCustomerAdmins {
		t.Fatalf("AccessRequest = %+v %v", r, err)
	}
	if _, err := s.AccessRequest(ctx, "globex", "REQ-2026-000002"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("a request was read under another organisation: %v", err)
	}
	if r, err := s.AccessRequestByNumber(ctx, "REQ-2026-000003"); err != nil || r.OrgID != "globex" {
		t.Fatalf("AccessRequestByNumber = %+v %v", r, err)
	}
	apps, err := s.UserApplications(ctx, "zoe")
	mine := apps.Requests
	if err != nil || !slices.Equal(numbers(mine), []string{"REQ-2026-000002", "REQ-2026-000001"}) {
		t.Fatalf("UserApplications = %v %v", numbers(mine), err)
	}
	ops, _, err := s.PendingAccessRequests(ctx, store.PendingQuery{Approver: portal.ApproverOperators})
	if err != nil || !slices.Equal(numbers(ops), []string{"REQ-2026-000001", "REQ-2026-000004"}) {
		t.Fatalf("operators' queue = %v %v", numbers(ops), err)
	}
	acme, _, err := s.PendingAccessRequests(ctx, store.PendingQuery{Approver: portal.ApproverCustomerAdmins, OrgID: "acme"})
	if err != nil || !slices.Equal(numbers(acme), []string{"REQ-2026-000002"}) {
		t.Fatalf("acme's queue = %v %v", numbers(acme), err)
	}
	page, next, err := s.PendingAccessRequests(ctx, store.PendingQuery{Approver: portal.ApproverOperators, Limit: 1,
		Match: func(r portal.AccessRequest) bool { return r.OrgID == "globex" }})
	if err != nil || !slices.Equal(numbers(page), []string{"REQ-2026-000004"}) || next != "" {
		t.Fatalf("filtered queue = %v %q %v", numbers(page), next, err)
	}
	waiting, _, err := s.WaitingAccessRequests(ctx, t0.AddDate(0, 0, 7).Add(time.Hour), 10, "")
	if err != nil || len(waiting) != 2 || waiting[0].Number != "REQ-2026-000001" || !waiting[0].Created.Equal(t0) || !waiting[0].Deadline.Equal(t0.AddDate(0, 0, 7)) {
		t.Fatalf("waiting by deadline = %+v %v", waiting, err)
	}
	got, err := s.AccessRequests(ctx, waiting)
	if err != nil || !slices.Equal(numbers(got), []string{"REQ-2026-000001", "REQ-2026-000002"}) {
		t.Fatalf("AccessRequests = %v %v", numbers(got), err)
	}

	// A decision takes the request out of its queue and of the waiting markers, once.
	r.Status, r.Decided, r.DecidedBy = portal.RequestApproved, t0.Add(4*time.Hour), "adele"
	if err := s.Table().Transact(ctx, store.UpdateAccessRequest(r)...); err != nil {
		t.Fatal(err)
	}
	if err := s.Table().Transact(ctx, store.UpdateAccessRequest(r)...); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale decision was written: %v", err)
	}
	acme, _, _ = s.PendingAccessRequests(ctx, store.PendingQuery{Approver: portal.ApproverCustomerAdmins, OrgID: "acme"})
	waiting, _, _ = s.WaitingAccessRequests(ctx, t0.AddDate(1, 0, 0), 10, "")
	if len(acme) != 0 || len(waiting) != 3 {
		t.Fatalf("after the decision: queue %v, %d waiting", numbers(acme), len(waiting))
	}
	if r, _ := s.AccessRequest(ctx, "acme", "REQ-2026-000002"); r.Status != portal.RequestApproved || r.Version != 2 {
		t.Fatalf("decided request: %+v", r)
	}
}

func TestGrantsAndTheirExpiryIndex(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	forever := portal.Grant{OrgID: "acme", UserID: "zoe", AppID: "A", Status: portal.GrantActive, Granted: t0}
	ending := portal.Grant{OrgID: "acme", UserID: "zoe", AppID: "B", Status: portal.GrantActive, Granted: t0, Expires: t0.AddDate(0, 0, 30)}
	other := portal.Grant{OrgID: "globex", UserID: "leo", AppID: "B", Status: portal.GrantActive, Granted: t0, Expires: t0.AddDate(0, 0, 10)}
	for _, g := range []portal.Grant{forever, ending, other} {
		if err := s.Table().Transact(ctx, store.PutGrant(g)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Table().Transact(ctx, store.PutGrant(forever)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a new grant replaced one it did not read: %v", err)
	}
	for _, n := range []string{"REQ-2026-000001", "REQ-2026-000002"} {
		if err := s.Table().Transact(ctx, store.CreateAccessRequest(request("acme", "zoe", n, portal.ApproverOperators, t0))...); err != nil {
			t.Fatal(err)
		}
	}
	apps, err := s.UserApplications(ctx, "zoe")
	mine, requests := apps.Grants, apps.Requests
	if err != nil || len(mine) != 2 || mine[0].AppID != "A" || mine[1].AppID != "B" || mine[1].Version != 1 ||
		!slices.Equal(numbers(requests), []string{"REQ-2026-000002", "REQ-2026-000001"}) {
		t.Fatalf("UserApplications = %+v %v %v", mine, numbers(requests), err)
	}
	soon, _, err := s.EndingGrants(ctx, t0.AddDate(0, 0, 30), 10, "")
	if err != nil || len(soon) != 2 || soon[0].UserID != "leo" || soon[1].AppID != "B" {
		t.Fatalf("EndingGrants = %+v %v", soon, err)
	}
	if early, _, _ := s.EndingGrants(ctx, t0.AddDate(0, 0, 9), 10, ""); len(early) != 0 {
		t.Fatalf("grants ending later were listed: %+v", early)
	}
	g := soon[0]
	g.Status = portal.GrantExpired
	if err := s.Table().Transact(ctx, store.PutGrant(g)); err != nil {
		t.Fatal(err)
	}
	if left, _, _ := s.EndingGrants(ctx, t0.AddDate(1, 0, 0), 10, ""); len(left) != 1 || left[0].UserID != "zoe" {
		t.Fatalf("an expired grant stayed in the expiry index: %+v", left)
	}
	if err := s.Table().Transact(ctx, store.DeleteGrant(mine[0])); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Grant(ctx, "acme", "zoe", "A"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("deleted grant: %v", err)
	}
}

func TestCatalog(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	a := portal.Application{ID: "APP1", Name: portal.Text{FR: "Prépresse", EN: "Prepress"}, Approver: portal.ApproverOperators}
	if err := s.CreateApplication(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateApplication(ctx, a); !portal.Is(err, portal.Conflict) {
		t.Fatalf("duplicate id: %v", err)
	}
	got, err := s.Application(ctx, "APP1")
	if err != nil || got.Version != 1 || got.Name.In("en") != "Prepress" {
		t.Fatalf("Application = %+v %v", got, err)
	}
	got.Archived = true
	if err := s.SaveApplication(ctx, got); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveApplication(ctx, got); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale save was written: %v", err)
	}
	all, err := s.Applications(ctx)
	if err != nil || len(all) != 1 || !all[0].Archived || all[0].Version != 2 {
		t.Fatalf("Applications = %+v %v", all, err)
	}
}

func TestRefusalsHoldAndArePagedAndSearched(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	people := []struct{ org, user, name, app string }{
		{"acme", "zoe", "Zoé Martin", "A"},
		{"acme", "zoe", "Zoé Martin", "B"},
		{"globex", "gus", "Gus Grant", "A"},
	}
	for i, p := range people {
		r := portal.Refusal{OrgID: p.org, OrgName: strings.ToUpper(p.org), UserID: p.user, UserName: p.name, UserEmail: p.user + "@" + p.org + ".example",
			AppID: p.app, AppName: portal.Text{FR: "Appli " + p.app, EN: "App " + p.app}, Reason: "Non", By: "adele", Created: now.Add(time.Duration(i) * time.Minute)}
		if err := s.Table().Transact(ctx, store.PutRefusal(r)); err != nil {
			t.Fatal(err)
		}
	}
	apps, err := s.UserApplications(ctx, "zoe")
	if err != nil || len(apps.Refusals) != 2 || apps.Refusals[0].AppID != "A" || len(apps.Requests)+len(apps.Grants) != 0 {
		t.Fatalf("UserApplications = %+v %v", apps, err)
	}
	// Newest first, a page at a time; a search folds accents and case.
	first, next, err := s.RefusalsPage(ctx, "", 2, "")
	if err != nil || len(first) != 2 || first[0].UserID != "gus" || next == "" {
		t.Fatalf("first page: %+v %q %v", first, next, err)
	}
	second, next, err := s.RefusalsPage(ctx, "", 2, next)
	if err != nil || len(second) != 1 || second[0].AppID != "A" || second[0].UserID != "zoe" || next != "" {
		t.Fatalf("second page: %+v %q %v", second, next, err)
	}
	if found, _, _ := s.RefusalsPage(ctx, "ZOE", 10, ""); len(found) != 2 {
		t.Fatalf("search by name: %+v", found)
	}
	if found, _, _ := s.RefusalsPage(ctx, "globex", 10, ""); len(found) != 1 || found[0].UserID != "gus" {
		t.Fatalf("search by organisation: %+v", found)
	}
	// Lifting is conditioned on the refusal as read.
	r, err := s.Refusal(ctx, "acme", "zoe", "B")
	if err != nil || r.Version != 1 {
		t.Fatalf("Refusal = %+v %v", r, err)
	}
	stale := r
	stale.Version = 9
	if err := s.Table().Transact(ctx, store.LiftRefusal(stale)); !portal.Is(err, portal.Conflict) {
		t.Fatalf("a stale lift: %v", err)
	}
	if err := s.Table().Transact(ctx, store.LiftRefusal(r)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Refusal(ctx, "acme", "zoe", "B"); !portal.Is(err, portal.NotFound) {
		t.Fatalf("a lifted refusal: %v", err)
	}
}
