package httpapi_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

// race sends two requests at the same moment and returns their statuses.
func (e *env) race(a, b func() resp) (resp, resp) {
	var ra, rb resp
	var wg sync.WaitGroup
	start := make(chan struct{})
	wg.Add(2)
	go func() { defer wg.Done(); <-start; ra = a() }()
	go func() { defer wg.Done(); <-start; rb = b() }()
	close(start)
	wg.Wait()
	return ra, rb
}

func TestTwoAdministratorsRemovingEachOtherLeaveOne(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	// The contract's referent is not one of the two, so that only the count matters.
	keeper := e.person("acme", portal.RoleUser, "Kim", "Keeper", "keeper@acme.example")
	c := e.do(acme.adminB, "PUT", "/api/v1/org/contracts/"+acme.contract.ID+"/referent", `{"userId":"`+keeper.ID+`","version":1}`)
	if c.code != 200 {
		t.Fatalf("referent: %d %v", c.code, c.body)
	}
	for round := range 10 {
		e.ip = fmt.Sprintf("198.51.100.%d", round) // sign-ins are limited per address
		other := e.person("acme", portal.RoleAdmin, "Odile", "Other", fmt.Sprintf("odile%d@acme.example", round))
		ob := e.browser(other.Email, staffPW)
		ab := e.browser(acme.admin.Email, staffPW)
		// Each removes the other: one by demotion, one by disabling.
		r1, r2 := e.race(
			func() resp { return e.do(ab, "PUT", "/api/v1/org/users/"+other.ID+"/role", `{"role":"user"}`) },
			func() resp { return e.do(ob, "POST", "/api/v1/org/users/"+acme.admin.ID+"/disable", "") },
		)
		ok := 0
		for _, r := range []resp{r1, r2} {
			switch {
			case r.code == 200:
				ok++
			case r.code == 409 && r.errCode() == "last_admin", r.code == 401:
				// Refused, or its sender's session was ended by the other change.
			default:
				t.Fatalf("round %d: %d %v", round, r.code, r.body)
			}
		}
		g, err := e.store.AdminGuard(context.Background(), "acme")
		if err != nil || g.N != 1 || ok != 1 {
			t.Fatalf("round %d: %d changes went through, count %d (%v)", round, ok, g.N, err)
		}
		// Put both back for the next round: the first administrator active again.
		admin := e.account("acme", acme.admin.ID)
		if admin.Status == portal.StatusDisabled {
			b := e.browser(other.Email, staffPW)
			if r := e.do(b, "POST", "/api/v1/org/users/"+acme.admin.ID+"/enable", ""); r.code != 200 {
				t.Fatalf("enable: %d %v", r.code, r.body)
			}
			if r := e.do(e.browser(acme.admin.Email, staffPW), "PUT", "/api/v1/org/users/"+other.ID+"/role", `{"role":"user"}`); r.code != 200 {
				t.Fatalf("demote: %d %v", r.code, r.body)
			}
		}
	}
}

func TestNamingAReferentWhileDisablingThemNeverLeavesADisabledReferent(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	second := e.person("acme", portal.RoleAdmin, "Odile", "Other", "odile@acme.example")
	ob := e.browser(second.Email, staffPW)
	for round := range 10 {
		z := e.person("acme", portal.RoleUser, "Zoé", "Martin", fmt.Sprintf("zoe%d@acme.example", round))
		c, err := e.store.Contract(context.Background(), "acme", acme.contract.ID)
		if err != nil {
			t.Fatal(err)
		}
		name, disable := e.race(
			func() resp {
				return e.do(acme.adminB, "PUT", "/api/v1/org/contracts/"+c.ID+"/referent", fmt.Sprintf(`{"userId":%q,"version":%d}`, z.ID, c.Version))
			},
			func() resp { return e.do(ob, "POST", "/api/v1/org/users/"+z.ID+"/disable", "") },
		)
		if name.code >= 500 || disable.code >= 500 || (name.code != 200 && disable.code != 200) {
			t.Fatalf("round %d: name %d %v, disable %d %v", round, name.code, name.body, disable.code, disable.body)
		}
		after, _ := e.store.Contract(context.Background(), "acme", c.ID)
		rights, _ := e.store.Rights(context.Background(), "acme", z.ID)
		disabled := e.account("acme", z.ID).Status == portal.StatusDisabled
		referent := after.ReferentID == z.ID
		if disabled && (referent || rights.Referent()) {
			t.Fatalf("round %d: a disabled referent (name %d, disable %d)", round, name.code, disable.code)
		}
		if referent != rights.Referent() {
			t.Fatalf("round %d: the contract and the rights disagree on the referent", round)
		}
		// Hand the contract back to the administrator for the next round.
		if referent {
			r := e.do(acme.adminB, "PUT", "/api/v1/org/contracts/"+c.ID+"/referent", fmt.Sprintf(`{"userId":%q,"version":%d}`, acme.admin.ID, after.Version))
			if r.code != 200 {
				t.Fatalf("hand back: %d %v", r.code, r.body)
			}
		}
	}
}
