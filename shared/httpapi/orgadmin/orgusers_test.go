package orgadmin_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

func TestWizardAddsAUserWithActivationAndRights(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	body := `{"email":"Lea.Durand@acme.example","login":"Lea.Durand","firstName":"Léa","lastName":"Durand","lang":"en",
		"address":{"line1":"1 rue de la Paix","postalCode":"75002","city":"Paris","country":"fr"},
		"contracts":[{"contractId":"` + acme.Contract.ID + `","sections":{"invoices":"manager","orders":"visitor"},"supported":true}]}`
	v := e.Do(acme.AdminB, "POST", "/api/v1/org/users/validate", body)
	if v.Code != 200 || v.Body["login"] != "lea.durand" || v.Body["attach"] != nil {
		t.Fatalf("validate: %d %v", v.Code, v.Body)
	}
	if len(e.Mails("lea.durand@acme.example")) != 0 || len(e.AuditActions("acme")) != 0 {
		t.Fatal("validating wrote something")
	}
	r := e.Do(acme.AdminB, "POST", "/api/v1/org/users", body)
	if r.Code != 201 {
		t.Fatalf("create: %d %v", r.Code, r.Body)
	}
	u := r.Body["user"].(map[string]any)
	id := u["id"].(string)
	if u["status"] != "not_activated" || u["login"] != "lea.durand" || u["email"] != "lea.durand@acme.example" ||
		u["address"].(map[string]any)["country"] != "FR" {
		t.Fatalf("created: %v", u)
	}
	rights := r.Body["rights"].(map[string]any)[acme.Contract.ID].(map[string]any)
	if rights["supported"] != true || rights["sections"].(map[string]any)["invoices"] != "manager" {
		t.Fatalf("rights: %v", rights)
	}
	if got := e.AuditActions("acme"); len(got) != 1 || got[0] != "user.create" {
		t.Fatalf("audit: %v", got)
	}
	m := e.LastMail("lea.durand@acme.example")
	if !strings.Contains(m.Text, "48") || !strings.Contains(m.Text, "ACME") {
		t.Fatalf("activation mail: %s", m.Text)
	}
	if r := e.Call("POST", "/api/v1/session", `{"email":"lea.durand@acme.example","password":"x"}`, ""); r.Code != 401 {
		t.Fatalf("a not activated account signs in: %d", r.Code)
	}
	// The person opens the link from the mail, as in the browser test, and is ready.
	if r := e.Call("POST", "/api/v1/activation", `{"token":"`+e.LinkToken(m)+`","password":"Brand#New2026"}`, ""); r.Code != 200 {
		t.Fatalf("activation: %d %v", r.Code, r.Body)
	}
	if a := e.Account("acme", id); a.Status != portal.StatusReady {
		t.Fatalf("after activation: %s", a.Status)
	}
	// The same address again attaches instead of duplicating, whatever login is typed.
	again := e.Do(acme.AdminB, "POST", "/api/v1/org/users/validate", `{"email":"LEA.durand@acme.example","login":"x"}`)
	if again.Code != 200 || again.Body["attach"].(map[string]any)["login"] != "lea.durand" {
		t.Fatalf("validate an existing address: %d %v", again.Code, again.Body)
	}
}

func TestWizardWithPasswordMakesAReadyUserWhoMustChangeIt(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	r := e.Do(acme.AdminB, "POST", "/api/v1/org/users", `{"email":"tom@acme.example","login":"tom.petit","firstName":"Tom","lastName":"Petit","sendActivation":false,"password":"Chosen#Pass42"}`)
	if r.Code != 201 || r.Body["user"].(map[string]any)["status"] != "ready" {
		t.Fatalf("create: %d %v", r.Code, r.Body)
	}
	if len(e.Mails("tom@acme.example")) != 0 {
		t.Fatal("no mail carries an administrator-set password")
	}
	s := e.Call("POST", "/api/v1/session", `{"email":"tom@acme.example","password":"Chosen#Pass42"}`, "")
	if s.Code != 200 || s.Body["user"].(map[string]any)["mustChangePassword"] != true {
		t.Fatalf("sign-in must say the password is to change: %d %v", s.Code, s.Body)
	}
	weak := e.Do(acme.AdminB, "POST", "/api/v1/org/users", `{"email":"w@acme.example","login":"weak.user","firstName":"W","lastName":"K","sendActivation":false,"password":"short"}`)
	if weak.Code != 400 || !strings.Contains(apitest.ErrFields(weak), "password:") {
		t.Fatalf("weak password: %d %v", weak.Code, weak.Body)
	}
}

func TestWizardRefusesBadFieldsLoginsAndOtherOrganisations(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	e.Tenant("globex")
	e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	cases := []struct {
		name, body, code, fields string
	}{
		{"short login", `{"email":"a@acme.example","login":"abc","firstName":"A","lastName":"B"}`, "invalid_fields", "login:too_short"},
		{"bad login", `{"email":"a@acme.example","login":"zoé martin","firstName":"A","lastName":"B"}`, "invalid_fields", "login:login_format"},
		{"long login", `{"email":"a@acme.example","login":"` + strings.Repeat("a", 65) + `","firstName":"A","lastName":"B"}`, "invalid_fields", "login:too_long"},
		{"missing names", `{"email":"a@acme.example","login":"abcdefgh"}`, "invalid_fields", "firstName:required lastName:required"},
		{"bad email", `{"email":"nope","login":"abcdefgh","firstName":"A","lastName":"B"}`, "invalid_fields", "email:email"},
		{"bad role", `{"email":"a@acme.example","login":"abcdefgh","firstName":"A","lastName":"B","role":"operator"}`, "invalid_fields", "role:format"},
		{"taken login", `{"email":"a@acme.example","login":"zoe.acme","firstName":"A","lastName":"B"}`, "login_taken", "login:taken"},
		{"other organisation", `{"email":"admin@globex.example","login":"abcdefgh","firstName":"A","lastName":"B"}`, "email_unavailable", ""},
		{"unknown contract", `{"email":"a@acme.example","login":"abcdefgh","firstName":"A","lastName":"B","contracts":[{"contractId":"nope","sections":{"invoices":"manager"}}]}`, "invalid_fields", "contracts[0].contractId:not_found"},
		{"another's contract", `{"email":"a@acme.example","login":"abcdefgh","firstName":"A","lastName":"B","contracts":[{"contractId":"` + e.Contract("globex", "G2", e.Person("globex", portal.RoleUser, "G", "U", "gu@globex.example").ID).ID + `","sections":{}}]}`, "invalid_fields", "contracts[0].contractId:not_found"},
		{"unknown level", `{"email":"a@acme.example","login":"abcdefgh","firstName":"A","lastName":"B","contracts":[{"contractId":"` + acme.Contract.ID + `","sections":{"invoices":"owner"}}]}`, "invalid_fields", "contracts[0].sections.invoices:format"},
	}
	for _, c := range cases {
		r := e.Do(acme.AdminB, "POST", "/api/v1/org/users", c.body)
		if r.ErrCode() != c.code || apitest.ErrFields(r) != c.fields || r.Code < 400 || r.Code >= 500 {
			t.Errorf("%s: %d %s %q", c.name, r.Code, r.ErrCode(), apitest.ErrFields(r))
		}
	}
	if got := e.AuditActions("acme"); len(got) != 0 {
		t.Fatalf("refused creations wrote %v", got)
	}
}

func TestAddingAnExistingPersonAttachesThem(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	r := e.Do(acme.AdminB, "POST", "/api/v1/org/users", `{"email":"zoe@acme.example","login":"another.login","firstName":"X","lastName":"Y",
		"contracts":[{"contractId":"`+acme.Contract.ID+`","sections":{"documents":"visitor"}}]}`)
	if r.Code != 200 || r.Body["user"].(map[string]any)["id"] != zoe.ID || r.Body["user"].(map[string]any)["login"] != zoe.Login {
		t.Fatalf("attach: %d %v", r.Code, r.Body)
	}
	if got := e.Account("acme", zoe.ID); got.FirstName != "Zoé" {
		t.Fatal("attaching changed the person's details")
	}
	rights, _ := e.Store.Rights(context.Background(), "acme", zoe.ID)
	if rights.Contracts[acme.Contract.ID].Level(portal.SectionDocuments) != portal.LevelVisitor {
		t.Fatalf("rights: %+v", rights)
	}
	if got := e.AuditActions("acme"); strings.Join(got, " ") != "user.attach" {
		t.Fatalf("audit: %v", got)
	}
}

// A person waiting for someone else's decision is not the administrator's: one who
// registered a new organisation (of no organisation yet) or asked to join another
// organisation. The wizard answers for their address as for an unknown one, and
// refuses only at creation, naming no organisation, changing nothing.
func TestWizardLeavesStrangersAlone(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	e.Tenant("globex")
	ctx := context.Background()
	stranger := e.Registrant(portal.UnlinkedOrg, portal.RegistrationOrganisation, "founder@startup.example")
	joiner := e.Registrant("globex", portal.RegistrationJoin, "joiner@globex.example")
	member := e.Person("globex", portal.RoleUser, "Gus", "Member", "member@globex.example")
	for _, p := range []portal.User{stranger, joiner, member} {
		before, err := e.DB.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		body := `{"email":"` + p.Email + `","login":"fresh.login","firstName":"F","lastName":"L"}`
		unknown := `{"email":"unknown@startup.example","login":"fresh.login","firstName":"F","lastName":"L"}`
		v, u := e.Do(acme.AdminB, "POST", "/api/v1/org/users/validate", body), e.Do(acme.AdminB, "POST", "/api/v1/org/users/validate", unknown)
		if v.Code != 200 || u.Code != 200 || v.Body["attach"] != nil || v.Body["login"] != u.Body["login"] || len(v.Body) != len(u.Body) {
			t.Errorf("validate %s answers otherwise than for an unknown address: %d %v / %d %v", p.Email, v.Code, v.Body, u.Code, u.Body)
		}
		r := e.Do(acme.AdminB, "POST", "/api/v1/org/users", body)
		if r.Code != 409 || r.ErrCode() != "email_unavailable" {
			t.Errorf("create %s: %d %v", p.Email, r.Code, r.Body)
		}
		for _, name := range []string{"globex", "GLOBEX", p.ID, p.Login} {
			if strings.Contains(strings.ReplaceAll(apitest.MustJSON(v.Body)+apitest.MustJSON(r.Body), p.Email, ""), name) {
				t.Errorf("the answers for %s name %q: %v %v", p.Email, name, v.Body, r.Body)
			}
		}
		after, err := e.DB.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if apitest.MustJSON(before) != apitest.MustJSON(after) {
			t.Errorf("adding %s changed the table", p.Email)
		}
	}
	if got := e.AuditActions("acme"); len(got) != 0 {
		t.Fatalf("audit: %v", got)
	}
}

// A person waiting to join the administrator's own organisation is theirs to
// decide: adding them approves their registration, and mails the activation link
// to one without a password.
func TestWizardApprovesItsOwnJoiner(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	ctx := context.Background()
	joiner := e.Registrant("acme", portal.RegistrationJoin, "new@acme.example")
	if v := e.Do(acme.AdminB, "POST", "/api/v1/org/users/validate", `{"email":"new@acme.example"}`); v.Code != 200 || v.Body["attach"].(map[string]any)["userId"] != joiner.ID {
		t.Fatalf("validate: %d %v", v.Code, v.Body)
	}
	r := e.Do(acme.AdminB, "POST", "/api/v1/org/users", `{"email":"new@acme.example","login":"ignored.login","firstName":"N","lastName":"P"}`)
	if r.Code != 200 || r.Body["user"].(map[string]any)["status"] != "not_activated" {
		t.Fatalf("attach the joiner: %d %v", r.Code, r.Body)
	}
	if got := e.Account("acme", joiner.ID); got.Login != joiner.Login {
		t.Fatalf("attached: %+v", got.User)
	}
	if got, _ := e.Store.Registration(ctx, joiner.ID); got.State != portal.RegistrationApproved || got.DecidedBy != acme.Admin.ID {
		t.Fatalf("registration: %+v", got)
	}
	if m := e.LastMail("new@acme.example"); !strings.Contains(m.Text, "48") {
		t.Fatalf("the attached person without a password gets the activation mail: %s", m.Text)
	}
}

func TestUserListSearchesFiltersSortsAndPages(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	names := []struct{ first, last, email string }{
		{"Éloïse", "Bernard", "eloise@acme.example"}, {"Jules", "Dupont", "jd@acme.example"}, {"Marc", "Dupond", "marc.dupond@acme.example"},
		{"Anne", "Zola", "anne@acme.example"}, {"Paul", "Martin", "paul@acme.example"}, {"Inès", "Caron", "dupuis@acme.example"},
	}
	ids := map[string]string{}
	for _, n := range names {
		e.Clock.Advance(time.Minute)
		ids[n.last] = e.Person("acme", portal.RoleUser, n.first, n.last, n.email).ID
	}
	e.Person("globex", portal.RoleUser, "Dan", "Dupont", "dan@globex.example")
	list := func(q string) []string {
		t.Helper()
		r := e.Do(acme.AdminB, "GET", "/api/v1/org/users?"+q, "")
		if r.Code != 200 {
			t.Fatalf("%s: %d %v", q, r.Code, r.Body)
		}
		var out []string
		for _, it := range r.Items() {
			out = append(out, it["lastName"].(string))
		}
		return out
	}
	if got := strings.Join(list("sort=name"), ","); got != "Admin,Bernard,Caron,Dupond,Dupont,Martin,Zola" {
		t.Fatalf("by name: %s", got)
	}
	if got := strings.Join(list("sort=created"), ","); got != "Caron,Martin,Zola,Dupond,Dupont,Bernard,Admin" {
		t.Fatalf("newest first: %s", got)
	}
	// Name, address and login prefixes, accents folded, each person once; the other
	// organisation's Dupont is never found.
	if got := strings.Join(list("q=dup"), ","); got != "Dupond,Dupont,Caron" {
		t.Fatalf("search dup: %s", got)
	}
	if got := strings.Join(list("q="+url.QueryEscape("Bernard Élo")), ","); got != "Bernard" {
		t.Fatalf("search with an accent: %s", got)
	}
	if got := strings.Join(list("q=marc.dupond"), ","); got != "Dupond" {
		t.Fatalf("search by login or address: %s", got)
	}
	if _, _, err := e.Store.ChangeAccount(context.Background(), "acme", ids["Martin"], func(a *store.Account) ([]table.Op, error) {
		a.Status = portal.StatusDisabled
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	a := e.Account("acme", ids["Zola"])
	a.LockedUntil = e.Clock.Now().Add(time.Hour)
	if err := e.Store.SaveAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(list("status=disabled"), ","); got != "Martin" {
		t.Fatalf("disabled: %s", got)
	}
	if got := strings.Join(list("status=locked"), ","); got != "Zola" {
		t.Fatalf("locked: %s", got)
	}
	if got := strings.Join(list("role=admin"), ","); got != "Admin" {
		t.Fatalf("admins: %s", got)
	}
	// Pages of two, filtered, lose and repeat nobody.
	var all []string
	cursor := ""
	for range 10 {
		r := e.Do(acme.AdminB, "GET", "/api/v1/org/users?role=user&limit=2&cursor="+url.QueryEscape(cursor), "")
		for _, it := range r.Items() {
			all = append(all, it["lastName"].(string))
		}
		next, _ := r.Body["next"].(string)
		if cursor = next; cursor == "" {
			break
		}
	}
	if got := strings.Join(all, ","); got != "Bernard,Caron,Dupond,Dupont,Martin,Zola" {
		t.Fatalf("paged: %s", got)
	}
	for _, q := range []string{"sort=age", "status=gone", "role=operator", "limit=500", "order=up"} {
		if r := e.Do(acme.AdminB, "GET", "/api/v1/org/users?"+q, ""); r.Code != 400 {
			t.Errorf("%s: %d", q, r.Code)
		}
	}
	if r := e.Do(acme.AdminB, "GET", "/api/v1/org/users?sort=created&cursor=forged.cursor", ""); r.Code != 400 || r.ErrCode() != "bad_cursor" {
		t.Fatalf("forged cursor: %d %v", r.Code, r.Body)
	}
	for q, most := range map[string]int{"": 2, "q=du": 3, "status=ready&limit=1": 3} {
		if r := e.Do(acme.AdminB, "GET", "/api/v1/org/users?"+q, ""); apitest.TripsOf(t, r) > most {
			t.Errorf("?%s took %s round trips, at most %d", q, r.Trips, most)
		}
	}
}

func TestUserPageShowsDetailsRightsAndSignIns(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.Grant("acme", zoe.ID, acme.Contract.ID, map[portal.Section]portal.Level{portal.SectionInvoices: portal.LevelVisitor}, true)
	e.Browser("zoe@acme.example", apitest.StaffPW)
	r := e.Do(acme.AdminB, "GET", "/api/v1/org/users/"+zoe.ID, "")
	if r.Code != 200 || r.Trips != "2" {
		t.Fatalf("detail: %d (%s trips) %v", r.Code, r.Trips, r.Body)
	}
	if strings.Contains(apitest.MustJSON(r.Body), "passwordHash") || r.Body["rights"].(map[string]any)[acme.Contract.ID] == nil {
		t.Fatalf("detail: %v", r.Body)
	}
	s := e.Do(acme.AdminB, "GET", "/api/v1/org/users/"+zoe.ID+"/signins", "")
	if s.Code != 200 || len(s.Items()) != 1 || s.Items()[0]["result"] != "ok" {
		t.Fatalf("sign-ins: %d %v", s.Code, s.Body)
	}
	if r := e.Do(acme.AdminB, "GET", "/api/v1/org/users/NOPE", ""); r.Code != 404 {
		t.Fatalf("unknown: %d", r.Code)
	}
}

func TestEditDetailsIsOptimistic(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	edit := func(version int, city string) apitest.Resp {
		return e.Do(acme.AdminB, "PUT", "/api/v1/org/users/"+zoe.ID, fmt.Sprintf(`{"version":%d,"firstName":"Zoé","lastName":"Martin-Roux","lang":"fr","address":{"line1":"2 quai","city":%q}}`, version, city))
	}
	r := edit(0, "Lyon")
	if r.Code != 200 || r.Body["lastName"] != "Martin-Roux" || r.Body["version"] != float64(1) || r.Body["address"].(map[string]any)["city"] != "Lyon" {
		t.Fatalf("edit: %d %v", r.Code, r.Body)
	}
	// A sign-in moves the item, not the version an edit compares.
	e.Browser("zoe@acme.example", apitest.StaffPW)
	if r := edit(0, "Nantes"); r.Code != 409 || r.ErrCode() != "version_conflict" {
		t.Fatalf("stale edit: %d %v", r.Code, r.Body)
	}
	if r := edit(1, "Nantes"); r.Code != 200 {
		t.Fatalf("edit on the current version: %d %v", r.Code, r.Body)
	}
	if got := e.AuditActions("acme"); strings.Join(got, " ") != "user.update user.update" {
		t.Fatalf("audit: %v", got)
	}
	// The list finds the new name.
	if l := e.Do(acme.AdminB, "GET", "/api/v1/org/users?q=martin-r", ""); len(l.Items()) != 1 {
		t.Fatalf("search by the new name: %v", l.Body)
	}
}

func TestDisableEnableUnlockAndRoleRevokeAsTheyShould(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	zb := e.Browser("zoe@acme.example", apitest.StaffPW)
	r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+zoe.ID+"/disable", "")
	if r.Code != 200 || r.Body["status"] != "disabled" {
		t.Fatalf("disable: %d %v", r.Code, r.Body)
	}
	if e.SignedIn(zb) {
		t.Fatal("a disabled user's session still works")
	}
	if s := e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"`+apitest.StaffPW+`"}`, ""); s.Code != 403 || s.ErrCode() != "account_disabled" {
		t.Fatalf("a disabled user signs in: %d %v", s.Code, s.Body)
	}
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+zoe.ID+"/enable", ""); r.Code != 200 || r.Body["status"] != "ready" {
		t.Fatalf("enable: %d %v", r.Code, r.Body)
	}
	zb = e.Browser("zoe@acme.example", apitest.StaffPW)
	// Wrong passwords lock the account; an administrator lifts the lock.
	for range auth.MaxFailedSignIns {
		e.Call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"wrong"}`, "")
	}
	if l := e.Do(acme.AdminB, "GET", "/api/v1/org/users/"+zoe.ID, ""); l.Body["user"].(map[string]any)["status"] != "locked" {
		t.Fatalf("locked: %v", l.Body)
	}
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+zoe.ID+"/unlock", ""); r.Code != 200 || r.Body["status"] != "ready" {
		t.Fatalf("unlock: %d %v", r.Code, r.Body)
	}
	e.Browser("zoe@acme.example", apitest.StaffPW)
	// A new role takes effect at the next sign-in: every session ends.
	if r := e.Do(acme.AdminB, "PUT", "/api/v1/org/users/"+zoe.ID+"/role", `{"role":"admin"}`); r.Code != 200 || r.Body["role"] != "admin" {
		t.Fatalf("role: %d %v", r.Code, r.Body)
	}
	if e.SignedIn(zb) {
		t.Fatal("a session kept the old role")
	}
	want := "user.disable user.enable user.unlock user.role"
	if got := strings.Join(e.AuditActions("acme"), " "); got != want {
		t.Fatalf("audit: %s, want %s", got, want)
	}
}

func TestResendActivationKillsTheOldLinkAndResetMailsALink(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	r := e.Do(acme.AdminB, "POST", "/api/v1/org/users", `{"email":"lea@acme.example","login":"lea.durand","firstName":"Léa","lastName":"Durand"}`)
	id := r.Body["user"].(map[string]any)["id"].(string)
	first := e.LinkToken(e.LastMail("lea@acme.example"))
	e.Clock.Advance(10 * time.Minute)
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+id+"/activation", ""); r.Code != 200 {
		t.Fatalf("resend: %d %v", r.Code, r.Body)
	}
	second := e.LinkToken(e.LastMail("lea@acme.example"))
	if r := e.Call("POST", "/api/v1/activation", `{"token":"`+first+`","password":"Brand#New2026"}`, ""); r.Code != 400 {
		t.Fatalf("the old link still works: %d", r.Code)
	}
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+id+"/password-reset", ""); r.Code != 409 || r.ErrCode() != "not_activated" {
		t.Fatalf("reset before activation: %d %v", r.Code, r.Body)
	}
	if r := e.Call("POST", "/api/v1/activation", `{"token":"`+second+`","password":"Brand#New2026"}`, ""); r.Code != 200 {
		t.Fatalf("the new link: %d %v", r.Code, r.Body)
	}
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+id+"/activation", ""); r.Code != 409 || r.ErrCode() != "already_activated" {
		t.Fatalf("resend to an active account: %d %v", r.Code, r.Body)
	}
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+id+"/password-reset", ""); r.Code != 200 {
		t.Fatalf("reset: %d %v", r.Code, r.Body)
	}
	token := e.LinkToken(e.LastMail("lea@acme.example"))
	if r := e.Call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"Other#Pass2026"}`, ""); r.Code != 204 {
		t.Fatalf("the reset link: %d %v", r.Code, r.Body)
	}
	e.Browser("lea@acme.example", "Other#Pass2026")
}

func TestDeleteNeedsTheLoginAndSparesReferentsAndTheLastAdmin(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	zb := e.Browser("zoe@acme.example", apitest.StaffPW)
	// What Zoé keeps besides her account: a passkey, a request waiting in the
	// administrators' queue, and the sign-in above.
	e.RegisterPasskey(zb, "Laptop")
	app := e.AddApp("Studio", portal.ApproverCustomerAdmins, true, 0)
	if r := e.Do(zb, "POST", "/api/v1/me/access-requests", `{"applications":["`+app.ID+`"]}`); r.Code != 201 {
		t.Fatalf("request: %d %v", r.Code, r.Body)
	}
	if q := e.Do(acme.AdminB, "GET", "/api/v1/access-requests", ""); len(q.Body["items"].([]any)) != 1 {
		t.Fatalf("the administrators' queue: %v", q.Body)
	}
	if r := e.Do(acme.AdminB, "DELETE", "/api/v1/org/users/"+zoe.ID, `{"confirm":"zoe"}`); r.Code != 400 || r.ErrCode() != "confirmation_mismatch" {
		t.Fatalf("wrong confirmation: %d %v", r.Code, r.Body)
	}
	if r := e.Do(acme.AdminB, "DELETE", "/api/v1/org/users/"+zoe.ID, `{"confirm":"`+zoe.Login+`"}`); r.Code != 204 {
		t.Fatalf("delete: %d %v", r.Code, r.Body)
	}
	if q := e.Do(acme.AdminB, "GET", "/api/v1/access-requests", ""); len(q.Body["items"].([]any)) != 0 {
		t.Fatalf("the administrators' queue still lists the deleted user's request: %v", q.Body)
	}
	// The passkey's security notice waits in the event outbox until the drain, which
	// finds nobody left to tell and takes it out.
	e.DrainEvents()
	items, err := e.DB.Dump(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v := store.CheckIntegrity(items); len(v) > 0 {
		t.Fatalf("the deletion left the table broken:\n%s", strings.Join(v, "\n"))
	}
	for _, it := range items {
		if !strings.HasPrefix(it.SK, "AUDIT#") && strings.Contains(it.PK+it.SK+it.GSI1PK+it.GSI2PK+string(it.Data), zoe.ID) {
			t.Errorf("the deletion left %s/%s", it.PK, it.SK)
		}
	}
	if _, err := e.Store.Account(context.Background(), "acme", zoe.ID); !portal.Is(err, portal.NotFound) {
		t.Fatal("still there")
	}
	if e.SignedIn(zb) {
		t.Fatal("a deleted user's session still works")
	}
	// The address is free again.
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/validate", `{"email":"zoe@acme.example","login":"`+zoe.Login+`","firstName":"Z","lastName":"M"}`); r.Code != 200 || r.Body["attach"] != nil {
		t.Fatalf("after delete: %d %v", r.Code, r.Body)
	}
	// The administrator is the contract's referent and the last administrator.
	self := acme.Admin
	for _, path := range []string{"/disable", ""} {
		method, body := "POST", ""
		if path == "" {
			method, body = "DELETE", `{"confirm":"`+self.Login+`"}`
		}
		if r := e.Do(acme.AdminB, method, "/api/v1/org/users/"+self.ID+path, body); r.Code != 409 || r.ErrCode() != "user_is_referent" {
			t.Fatalf("%s the referent: %d %v", method+path, r.Code, r.Body)
		}
	}
	other := e.Person("acme", portal.RoleAdmin, "Odile", "Other", "odile@acme.example")
	if r := e.Do(acme.AdminB, "PUT", "/api/v1/org/contracts/"+acme.Contract.ID+"/referent", `{"userId":"`+other.ID+`","version":1}`); r.Code != 200 {
		t.Fatalf("new referent: %d %v", r.Code, r.Body)
	}
	ob := e.Browser("odile@acme.example", apitest.StaffPW)
	if r := e.Do(ob, "PUT", "/api/v1/org/users/"+self.ID+"/role", `{"role":"user"}`); r.Code != 200 {
		t.Fatalf("demote the first administrator: %d %v", r.Code, r.Body)
	}
	for _, c := range []struct{ method, path, body string }{
		{"PUT", "/role", `{"role":"user"}`},
		{"DELETE", "", `{"confirm":"` + other.Login + `"}`},
	} {
		if r := e.Do(ob, c.method, "/api/v1/org/users/"+other.ID+c.path, c.body); r.Code != 409 {
			t.Fatalf("%s%s on the last administrator (also the referent): %d %v", c.method, c.path, r.Code, r.Body)
		}
	}
	third := e.Person("acme", portal.RoleAdmin, "Théo", "Third", "theo@acme.example")
	if r := e.Do(ob, "PUT", "/api/v1/org/contracts/"+acme.Contract.ID+"/referent", `{"userId":"`+third.ID+`","version":2}`); r.Code != 200 {
		t.Fatalf("another referent: %d %v", r.Code, r.Body)
	}
	if r := e.Do(ob, "POST", "/api/v1/org/users/"+third.ID+"/disable", ""); r.Code != 409 || r.ErrCode() != "user_is_referent" {
		t.Fatalf("disable the referent: %d %v", r.Code, r.Body)
	}
	tb := e.Browser("theo@acme.example", apitest.StaffPW)
	if r := e.Do(tb, "POST", "/api/v1/org/users/"+other.ID+"/disable", ""); r.Code != 200 {
		t.Fatalf("disable one of two administrators: %d %v", r.Code, r.Body)
	}
	if r := e.Do(tb, "PUT", "/api/v1/org/users/"+third.ID+"/role", `{"role":"user"}`); r.Code != 409 || r.ErrCode() != "last_admin" {
		t.Fatalf("demote the last active administrator: %d %v", r.Code, r.Body)
	}
}
