package impersonation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// actorScene is a live log-in-as of Paul, an administrator of acme, as Béa, another
// one; Adèle, the first administrator, is there to change Paul.
type actorScene struct {
	acme  apitest.Tenant
	paul  portal.User
	bea   portal.User
	asBea apitest.As
}

func newActorScene(e *apitest.Env) actorScene {
	e.T.Helper()
	s := actorScene{acme: e.Tenant("acme")}
	s.paul = e.Person("acme", portal.RoleAdmin, "Paul", "Actor", "paul@acme.example")
	s.bea = e.Person("acme", portal.RoleAdmin, "Béa", "Target", "bea@acme.example")
	r, asBea, _ := e.Impersonate(e.Browser(s.paul.Email, apitest.StaffPW), `{"userId":"`+s.bea.ID+`","reason":"Check the rights page"}`)
	if r.Code != 201 {
		e.T.Fatalf("log in as Béa: %d %v", r.Code, r.Body)
	}
	s.asBea = asBea
	if !e.SignedIn(asBea) {
		e.T.Fatal("the log-in-as does not answer")
	}
	return s
}

// TestActorChangesEndTheirLogInAs changes the real person of a live log-in-as in
// every way that takes their power away: each ends the log-in-as, whose next
// request is refused, and its end is audited as a log-in-as end is, naming both.
func TestActorChangesEndTheirLogInAs(t *testing.T) {
	// The changes an administrator makes end the log-in-as in their own
	// transaction (ended true); the others end it at its next request.
	cases := []struct {
		name   string
		ended  bool
		change func(e *apitest.Env, s actorScene)
	}{
		{"disabled", true, func(e *apitest.Env, s actorScene) {
			if r := e.Do(s.acme.AdminB, "POST", "/api/v1/org/users/"+s.paul.ID+"/disable", ""); r.Code != 200 {
				e.T.Fatalf("disable: %d %v", r.Code, r.Body)
			}
		}},
		{"locked", false, func(e *apitest.Env, s actorScene) {
			for range auth.MaxFailedSignIns {
				e.Call("POST", "/api/v1/session", `{"email":"`+s.paul.Email+`","password":"wrong password"}`, "")
			}
		}},
		{"demoted", true, func(e *apitest.Env, s actorScene) {
			if r := e.Do(s.acme.AdminB, "PUT", "/api/v1/org/users/"+s.paul.ID+"/role", `{"role":"user"}`); r.Code != 200 {
				e.T.Fatalf("demote: %d %v", r.Code, r.Body)
			}
		}},
		{"deleted", true, func(e *apitest.Env, s actorScene) {
			if r := e.Do(s.acme.AdminB, "DELETE", "/api/v1/org/users/"+s.paul.ID, `{"confirm":"`+s.paul.Login+`"}`); r.Code != 204 {
				e.T.Fatalf("delete: %d %v", r.Code, r.Body)
			}
		}},
		{"moved", false, func(e *apitest.Env, s actorScene) {
			// No route moves an administrator yet: the store moves Paul, as the
			// day one does would.
			ctx := context.Background()
			e.Person("globex", portal.RoleAdmin, "Gil", "Globex", "gil@globex.example")
			acc, err := e.Store.Account(ctx, "acme", s.paul.ID)
			if err != nil {
				e.T.Fatal(err)
			}
			if _, err := e.Store.DeleteAccount(ctx, "acme", s.paul.ID, func(store.Account) ([]table.Op, error) { return nil, nil }); err != nil {
				e.T.Fatal(err)
			}
			moved := acc.User
			moved.OrgID = "globex"
			if err := e.Store.CreateUser(ctx, moved, acc.PasswordHash); err != nil {
				e.T.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := apitest.NewEnv(t)
			s := newActorScene(e)
			c.change(e, s)
			if _, err := e.Store.Session(context.Background(), auth.SessionID(s.asBea.Token)); c.ended != portal.Is(err, portal.NotFound) {
				t.Fatalf("right after the change, the log-in-as session is read with %v", err)
			}
			if e.SignedIn(s.asBea) {
				t.Fatal("the log-in-as still answers")
			}
			if _, err := e.Store.Session(context.Background(), auth.SessionID(s.asBea.Token)); !portal.Is(err, portal.NotFound) {
				t.Fatalf("the log-in-as session is still stored: %v", err)
			}
			entries, _, err := e.Store.AuditPage(context.Background(), "acme", 100, "")
			if err != nil {
				t.Fatal(err)
			}
			ends := 0
			for _, en := range entries {
				if en.Action == "impersonation.end" {
					ends++
					if en.Target != "user:"+s.bea.ID && en.Target != s.bea.ID {
						t.Errorf("the end names %q, not Béa", en.Target)
					}
				}
			}
			if ends != 1 {
				t.Fatalf("%d log-in-as ends audited, want 1", ends)
			}
			if e.SignedIn(s.asBea) {
				t.Fatal("a second request still finds the log-in-as")
			}
		})
	}
}

// TestDisabledAdministratorCannotEnableThemselvesFromALogInAs is the attack of
// issue 11: Paul, disabled while logged in as Béa, tries to enable himself again
// from the log-in-as.
func TestDisabledAdministratorCannotEnableThemselvesFromALogInAs(t *testing.T) {
	e := apitest.NewEnv(t)
	s := newActorScene(e)
	if r := e.Do(s.acme.AdminB, "POST", "/api/v1/org/users/"+s.paul.ID+"/disable", ""); r.Code != 200 {
		t.Fatalf("disable: %d %v", r.Code, r.Body)
	}
	if r := e.Do(s.asBea, "POST", "/api/v1/org/users/"+s.paul.ID+"/enable", ""); r.Code != 401 {
		t.Fatalf("enable from the log-in-as: %d %v", r.Code, r.Body)
	}
	if acc, err := e.Store.Account(context.Background(), "acme", s.paul.ID); err != nil || acc.Status != portal.StatusDisabled {
		t.Fatalf("Paul is %s (%v)", acc.Status, err)
	}
}

// TestLogInAsChecksItsActorInTheSessionRead measures the session check of a
// log-in-as: the session and its real person are read in one round trip, so an
// authenticated read keeps within its budget.
func TestLogInAsChecksItsActorInTheSessionRead(t *testing.T) {
	e := apitest.NewEnv(t)
	s := newActorScene(e)
	ctx, trips := table.WithTrips(context.Background())
	sess, _, err := e.Deps.Sessions.Lookup(ctx, s.asBea.Token)
	if err != nil || sess.Actor == nil || sess.Actor.UserID != s.paul.ID {
		t.Fatalf("lookup: %+v %v", sess, err)
	}
	if trips.Count() != 1 || trips.Writes() != 0 {
		t.Fatalf("the session check took %d trips (%d writes), want 1 and 0", trips.Count(), trips.Writes())
	}
}

// TestForgedLogInAsCookiesAreNoSession sends cookies shaped like a log-in-as's
// with what the hint holds changed or malformed: each is no session, never an error.
func TestForgedLogInAsCookiesAreNoSession(t *testing.T) {
	e := apitest.NewEnv(t)
	s := newActorScene(e)
	random, _, _ := strings.Cut(s.asBea.Token, "~")
	for _, token := range []string{
		random + "~acme~" + s.bea.ID,
		random + "~globex~" + s.paul.ID,
		random + "~acme",
		random + "~~",
		random + "~acme~\xff",
		random + "~a\x00b~" + s.paul.ID,
		"~acme~" + s.paul.ID,
		random + "~" + strings.Repeat("a", 70) + "~" + s.paul.ID,
	} {
		if e.HasSession(token) {
			t.Errorf("cookie %q opens a session", token)
		}
	}
	if !e.SignedIn(s.asBea) {
		t.Fatal("the real cookie opens no session")
	}
}
