package orgadmin_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// race sends two requests at the same moment and returns their statuses.
func race(e *apitest.Env, a, b func() apitest.Resp) (apitest.Resp, apitest.Resp) {
	var ra, rb apitest.Resp
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
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	// The contract's referent is not one of the two, so that only the count matters.
	keeper := e.Person("acme", portal.RoleUser, "Kim", "Keeper", "keeper@acme.example")
	c := e.Do(acme.AdminB, "PUT", "/api/v1/org/contracts/"+acme.Contract.ID+"/referent", `{"userId":"`+keeper.ID+`","version":1}`)
	if c.Code != 200 {
		t.Fatalf("referent: %d %v", c.Code, c.Body)
	}
	for round := range 10 {
		e.IP = fmt.Sprintf("198.51.100.%d", round) // sign-ins are limited per address
		other := e.Person("acme", portal.RoleAdmin, "Odile", "Other", fmt.Sprintf("odile%d@acme.example", round))
		ob := e.Browser(other.Email, apitest.StaffPW)
		ab := e.Browser(acme.Admin.Email, apitest.StaffPW)
		// Each removes the other: one by demotion, one by disabling.
		r1, r2 := race(e,
			func() apitest.Resp { return e.Do(ab, "PUT", "/api/v1/org/users/"+other.ID+"/role", `{"role":"user"}`) },
			func() apitest.Resp { return e.Do(ob, "POST", "/api/v1/org/users/"+acme.Admin.ID+"/disable", "") },
		)
		ok := 0
		for _, r := range []apitest.Resp{r1, r2} {
			switch {
			case r.Code == 200:
				ok++
			case r.Code == 409 && r.ErrCode() == "last_admin", r.Code == 401:
				// Refused, or its sender's session was ended by the other change.
			default:
				t.Fatalf("round %d: %d %v", round, r.Code, r.Body)
			}
		}
		g, err := e.Store.AdminGuard(context.Background(), "acme")
		if err != nil || g.N != 1 || ok != 1 {
			t.Fatalf("round %d: %d changes went through, count %d (%v)", round, ok, g.N, err)
		}
		// Put both back for the next round: the first administrator active again.
		admin := e.Account("acme", acme.Admin.ID)
		if admin.Status == portal.StatusDisabled {
			b := e.Browser(other.Email, apitest.StaffPW)
			if r := e.Do(b, "POST", "/api/v1/org/users/"+acme.Admin.ID+"/enable", ""); r.Code != 200 {
				t.Fatalf("enable: %d %v", r.Code, r.Body)
			}
			if r := e.Do(e.Browser(acme.Admin.Email, apitest.StaffPW), "PUT", "/api/v1/org/users/"+other.ID+"/role", `{"role":"user"}`); r.Code != 200 {
				t.Fatalf("demote: %d %v", r.Code, r.Body)
			}
		}
	}
}

func TestNamingAReferentWhileDisablingThemNeverLeavesADisabledReferent(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	second := e.Person("acme", portal.RoleAdmin, "Odile", "Other", "odile@acme.example")
	ob := e.Browser(second.Email, apitest.StaffPW)
	for round := range 10 {
		z := e.Person("acme", portal.RoleUser, "Zoé", "Martin", fmt.Sprintf("zoe%d@acme.example", round))
		c, err := e.Store.Contract(context.Background(), "acme", acme.Contract.ID)
		if err != nil {
			t.Fatal(err)
		}
		name, disable := race(e,
			func() apitest.Resp {
				return e.Do(acme.AdminB, "PUT", "/api/v1/org/contracts/"+c.ID+"/referent", fmt.Sprintf(`{"userId":%q,"version":%d}`, z.ID, c.Version))
			},
			func() apitest.Resp { return e.Do(ob, "POST", "/api/v1/org/users/"+z.ID+"/disable", "") },
		)
		if name.Code >= 500 || disable.Code >= 500 || (name.Code != 200 && disable.Code != 200) {
			t.Fatalf("round %d: name %d %v, disable %d %v", round, name.Code, name.Body, disable.Code, disable.Body)
		}
		after, _ := e.Store.Contract(context.Background(), "acme", c.ID)
		rights, _ := e.Store.Rights(context.Background(), "acme", z.ID)
		disabled := e.Account("acme", z.ID).Status == portal.StatusDisabled
		referent := after.ReferentID == z.ID
		if disabled && (referent || rights.Referent()) {
			t.Fatalf("round %d: a disabled referent (name %d, disable %d)", round, name.Code, disable.Code)
		}
		if referent != rights.Referent() {
			t.Fatalf("round %d: the contract and the rights disagree on the referent", round)
		}
		// Hand the contract back to the administrator for the next round.
		if referent {
			r := e.Do(acme.AdminB, "PUT", "/api/v1/org/contracts/"+c.ID+"/referent", fmt.Sprintf(`{"userId":%q,"version":%d}`, acme.Admin.ID, after.Version))
			if r.Code != 200 {
				t.Fatalf("hand back: %d %v", r.Code, r.Body)
			}
		}
	}
}
