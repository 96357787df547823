package httpapi_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

func TestWizardAddsAUserWithActivationAndRights(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	body := `{"email":"Lea.Durand@acme.example","login":"Lea.Durand","firstName":"Léa","lastName":"Durand","lang":"en",
		"address":{"line1":"1 rue de la Paix","postalCode":"75002","city":"Paris","country":"fr"},
		"contracts":[{"contractId":"` + acme.contract.ID + `","sections":{"invoices":"manager","orders":"visitor"},"supported":true}]}`
	v := e.do(acme.adminB, "POST", "/api/v1/org/users/validate", body)
	if v.code != 200 || v.body["login"] != "lea.durand" || v.body["attach"] != nil {
		t.Fatalf("validate: %d %v", v.code, v.body)
	}
	if len(e.mails("lea.durand@acme.example")) != 0 || len(e.auditActions("acme")) != 0 {
		t.Fatal("validating wrote something")
	}
	r := e.do(acme.adminB, "POST", "/api/v1/org/users", body)
	if r.code != 201 {
		t.Fatalf("create: %d %v", r.code, r.body)
	}
	u := r.body["user"].(map[string]any)
	id := u["id"].(string)
	if u["status"] != "not_activated" || u["login"] != "lea.durand" || u["email"] != "lea.durand@acme.example" ||
		u["address"].(map[string]any)["country"] != "FR" {
		t.Fatalf("created: %v", u)
	}
	rights := r.body["rights"].(map[string]any)[acme.contract.ID].(map[string]any)
	if rights["supported"] != true || rights["sections"].(map[string]any)["invoices"] != "manager" {
		t.Fatalf("rights: %v", rights)
	}
	if got := e.auditActions("acme"); len(got) != 1 || got[0] != "user.create" {
		t.Fatalf("audit: %v", got)
	}
	m := e.lastMail("lea.durand@acme.example")
	if !strings.Contains(m.Text, "48") || !strings.Contains(m.Text, "ACME") {
		t.Fatalf("activation mail: %s", m.Text)
	}
	if r := e.call("POST", "/api/v1/session", `{"email":"lea.durand@acme.example","password":"x"}`, ""); r.code != 401 {
		t.Fatalf("a not activated account signs in: %d", r.code)
	}
	// The person opens the link from the mail, as in the browser test, and is ready.
	if r := e.call("POST", "/api/v1/activation", `{"token":"`+e.linkToken(m)+`","password":"Brand#New2026"}`, ""); r.code != 200 {
		t.Fatalf("activation: %d %v", r.code, r.body)
	}
	if a := e.account("acme", id); a.Status != portal.StatusReady {
		t.Fatalf("after activation: %s", a.Status)
	}
	// The same address again attaches instead of duplicating, whatever login is typed.
	again := e.do(acme.adminB, "POST", "/api/v1/org/users/validate", `{"email":"LEA.durand@acme.example","login":"x"}`)
	if again.code != 200 || again.body["attach"].(map[string]any)["login"] != "lea.durand" {
		t.Fatalf("validate an existing address: %d %v", again.code, again.body)
	}
}

func TestWizardWithPasswordMakesAReadyUserWhoMustChangeIt(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	r := e.do(acme.adminB, "POST", "/api/v1/org/users", `{"email":"tom@acme.example","login":"tom.petit","firstName":"Tom","lastName":"Petit","sendActivation":false,"password":"Chosen#Pass42"}`)
	if r.code != 201 || r.body["user"].(map[string]any)["status"] != "ready" {
		t.Fatalf("create: %d %v", r.code, r.body)
	}
	if len(e.mails("tom@acme.example")) != 0 {
		t.Fatal("no mail carries an administrator-set password")
	}
	s := e.call("POST", "/api/v1/session", `{"email":"tom@acme.example","password":"Chosen#Pass42"}`, "")
	if s.code != 200 || s.body["user"].(map[string]any)["mustChangePassword"] != true {
		t.Fatalf("sign-in must say the password is to change: %d %v", s.code, s.body)
	}
	weak := e.do(acme.adminB, "POST", "/api/v1/org/users", `{"email":"w@acme.example","login":"weak.user","firstName":"W","lastName":"K","sendActivation":false,"password":"short"}`)
	if weak.code != 400 || !strings.Contains(errFields(weak), "password:") {
		t.Fatalf("weak password: %d %v", weak.code, weak.body)
	}
}

func TestWizardRefusesBadFieldsLoginsAndOtherOrganisations(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	e.tenant("globex")
	e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
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
		{"another's contract", `{"email":"a@acme.example","login":"abcdefgh","firstName":"A","lastName":"B","contracts":[{"contractId":"` + e.contract("globex", "G2", e.person("globex", portal.RoleUser, "G", "U", "gu@globex.example").ID).ID + `","sections":{}}]}`, "invalid_fields", "contracts[0].contractId:not_found"},
		{"unknown level", `{"email":"a@acme.example","login":"abcdefgh","firstName":"A","lastName":"B","contracts":[{"contractId":"` + acme.contract.ID + `","sections":{"invoices":"owner"}}]}`, "invalid_fields", "contracts[0].sections.invoices:format"},
	}
	for _, c := range cases {
		r := e.do(acme.adminB, "POST", "/api/v1/org/users", c.body)
		if r.errCode() != c.code || errFields(r) != c.fields || r.code < 400 || r.code >= 500 {
			t.Errorf("%s: %d %s %q", c.name, r.code, r.errCode(), errFields(r))
		}
	}
	if got := e.auditActions("acme"); len(got) != 0 {
		t.Fatalf("refused creations wrote %v", got)
	}
}

func TestAddingAnExistingPersonAttachesThem(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	r := e.do(acme.adminB, "POST", "/api/v1/org/users", `{"email":"zoe@acme.example","login":"another.login","firstName":"X","lastName":"Y",
		"contracts":[{"contractId":"`+acme.contract.ID+`","sections":{"documents":"visitor"}}]}`)
	if r.code != 200 || r.body["user"].(map[string]any)["id"] != zoe.ID || r.body["user"].(map[string]any)["login"] != zoe.Login {
		t.Fatalf("attach: %d %v", r.code, r.body)
	}
	if got := e.account("acme", zoe.ID); got.FirstName != "Zoé" {
		t.Fatal("attaching changed the person's details")
	}
	rights, _ := e.store.Rights(context.Background(), "acme", zoe.ID)
	if rights.Contracts[acme.contract.ID].Level(portal.SectionDocuments) != portal.LevelVisitor {
		t.Fatalf("rights: %+v", rights)
	}
	if got := e.auditActions("acme"); strings.Join(got, " ") != "user.attach" {
		t.Fatalf("audit: %v", got)
	}
}

// A person waiting for someone else's decision is not the administrator's: one who
// registered a new organisation (of no organisation yet) or asked to join another
// organisation. The wizard answers for their address as for an unknown one, and
// refuses only at creation, naming no organisation, changing nothing.
func TestWizardLeavesStrangersAlone(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	e.tenant("globex")
	ctx := context.Background()
	stranger := e.registrant(portal.UnlinkedOrg, portal.RegistrationOrganisation, "founder@startup.example")
	joiner := e.registrant("globex", portal.RegistrationJoin, "joiner@globex.example")
	member := e.person("globex", portal.RoleUser, "Gus", "Member", "member@globex.example")
	for _, p := range []portal.User{stranger, joiner, member} {
		before, err := e.db.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		body := `{"email":"` + p.Email + `","login":"fresh.login","firstName":"F","lastName":"L"}`
		unknown := `{"email":"unknown@startup.example","login":"fresh.login","firstName":"F","lastName":"L"}`
		v, u := e.do(acme.adminB, "POST", "/api/v1/org/users/validate", body), e.do(acme.adminB, "POST", "/api/v1/org/users/validate", unknown)
		if v.code != 200 || u.code != 200 || v.body["attach"] != nil || v.body["login"] != u.body["login"] || len(v.body) != len(u.body) {
			t.Errorf("validate %s answers otherwise than for an unknown address: %d %v / %d %v", p.Email, v.code, v.body, u.code, u.body)
		}
		r := e.do(acme.adminB, "POST", "/api/v1/org/users", body)
		if r.code != 409 || r.errCode() != "email_unavailable" {
			t.Errorf("create %s: %d %v", p.Email, r.code, r.body)
		}
		for _, name := range []string{"globex", "GLOBEX", p.ID, p.Login} {
			if strings.Contains(strings.ReplaceAll(mustJSON(v.body)+mustJSON(r.body), p.Email, ""), name) {
				t.Errorf("the answers for %s name %q: %v %v", p.Email, name, v.body, r.body)
			}
		}
		after, err := e.db.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if mustJSON(before) != mustJSON(after) {
			t.Errorf("adding %s changed the table", p.Email)
		}
	}
	if got := e.auditActions("acme"); len(got) != 0 {
		t.Fatalf("audit: %v", got)
	}
}

// A person waiting to join the administrator's own organisation is theirs to
// decide: adding them approves their registration, and mails the activation link
// to one without a password.
func TestWizardApprovesItsOwnJoiner(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	ctx := context.Background()
	joiner := e.registrant("acme", portal.RegistrationJoin, "new@acme.example")
	if v := e.do(acme.adminB, "POST", "/api/v1/org/users/validate", `{"email":"new@acme.example"}`); v.code != 200 || v.body["attach"].(map[string]any)["userId"] != joiner.ID {
		t.Fatalf("validate: %d %v", v.code, v.body)
	}
	r := e.do(acme.adminB, "POST", "/api/v1/org/users", `{"email":"new@acme.example","login":"ignored.login","firstName":"N","lastName":"P"}`)
	if r.code != 200 || r.body["user"].(map[string]any)["status"] != "not_activated" {
		t.Fatalf("attach the joiner: %d %v", r.code, r.body)
	}
	if got := e.account("acme", joiner.ID); got.Login != joiner.Login {
		t.Fatalf("attached: %+v", got.User)
	}
	if got, _ := e.store.Registration(ctx, joiner.ID); got.State != portal.RegistrationApproved || got.DecidedBy != acme.admin.ID {
		t.Fatalf("registration: %+v", got)
	}
	if m := e.lastMail("new@acme.example"); !strings.Contains(m.Text, "48") {
		t.Fatalf("the attached person without a password gets the activation mail: %s", m.Text)
	}
}

func TestUserListSearchesFiltersSortsAndPages(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	names := []struct{ first, last, email string }{
		{"Éloïse", "Bernard", "eloise@acme.example"}, {"Jules", "Dupont", "jd@acme.example"}, {"Marc", "Dupond", "marc.dupond@acme.example"},
		{"Anne", "Zola", "anne@acme.example"}, {"Paul", "Martin", "paul@acme.example"}, {"Inès", "Caron", "dupuis@acme.example"},
	}
	ids := map[string]string{}
	for _, n := range names {
		e.clock.Advance(time.Minute)
		ids[n.last] = e.person("acme", portal.RoleUser, n.first, n.last, n.email).ID
	}
	e.person("globex", portal.RoleUser, "Dan", "Dupont", "dan@globex.example")
	list := func(q string) []string {
		t.Helper()
		r := e.do(acme.adminB, "GET", "/api/v1/org/users?"+q, "")
		if r.code != 200 {
			t.Fatalf("%s: %d %v", q, r.code, r.body)
		}
		var out []string
		for _, it := range r.items() {
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
	if _, _, err := e.store.ChangeAccount(context.Background(), "acme", ids["Martin"], func(a *store.Account) ([]table.Op, error) {
		a.Status = portal.StatusDisabled
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	a := e.account("acme", ids["Zola"])
	a.LockedUntil = e.clock.Now().Add(time.Hour)
	if err := e.store.SaveAccount(context.Background(), a); err != nil {
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
		r := e.do(acme.adminB, "GET", "/api/v1/org/users?role=user&limit=2&cursor="+url.QueryEscape(cursor), "")
		for _, it := range r.items() {
			all = append(all, it["lastName"].(string))
		}
		next, _ := r.body["next"].(string)
		if cursor = next; cursor == "" {
			break
		}
	}
	if got := strings.Join(all, ","); got != "Bernard,Caron,Dupond,Dupont,Martin,Zola" {
		t.Fatalf("paged: %s", got)
	}
	for _, q := range []string{"sort=age", "status=gone", "role=operator", "limit=500", "order=up"} {
		if r := e.do(acme.adminB, "GET", "/api/v1/org/users?"+q, ""); r.code != 400 {
			t.Errorf("%s: %d", q, r.code)
		}
	}
	if r := e.do(acme.adminB, "GET", "/api/v1/org/users?sort=created&cursor=forged.cursor", ""); r.code != 400 || r.errCode() != "bad_cursor" {
		t.Fatalf("forged cursor: %d %v", r.code, r.body)
	}
	for q, most := range map[string]int{"": 2, "q=du": 3, "status=ready&limit=1": 3} {
		if r := e.do(acme.adminB, "GET", "/api/v1/org/users?"+q, ""); tripsOf(t, r) > most {
			t.Errorf("?%s took %s round trips, at most %d", q, r.trips, most)
		}
	}
}

func TestUserPageShowsDetailsRightsAndSignIns(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.grant("acme", zoe.ID, acme.contract.ID, map[portal.Section]portal.Level{portal.SectionInvoices: portal.LevelVisitor}, true)
	e.browser("zoe@acme.example", staffPW)
	r := e.do(acme.adminB, "GET", "/api/v1/org/users/"+zoe.ID, "")
	if r.code != 200 || r.trips != "2" {
		t.Fatalf("detail: %d (%s trips) %v", r.code, r.trips, r.body)
	}
	if strings.Contains(mustJSON(r.body), "passwordHash") || r.body["rights"].(map[string]any)[acme.contract.ID] == nil {
		t.Fatalf("detail: %v", r.body)
	}
	s := e.do(acme.adminB, "GET", "/api/v1/org/users/"+zoe.ID+"/signins", "")
	if s.code != 200 || len(s.items()) != 1 || s.items()[0]["result"] != "ok" {
		t.Fatalf("sign-ins: %d %v", s.code, s.body)
	}
	if r := e.do(acme.adminB, "GET", "/api/v1/org/users/NOPE", ""); r.code != 404 {
		t.Fatalf("unknown: %d", r.code)
	}
}

func TestEditDetailsIsOptimistic(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	edit := func(version int, city string) resp {
		return e.do(acme.adminB, "PUT", "/api/v1/org/users/"+zoe.ID, fmt.Sprintf(`{"version":%d,"firstName":"Zoé","lastName":"Martin-Roux","lang":"fr","address":{"line1":"2 quai","city":%q}}`, version, city))
	}
	r := edit(0, "Lyon")
	if r.code != 200 || r.body["lastName"] != "Martin-Roux" || r.body["version"] != float64(1) || r.body["address"].(map[string]any)["city"] != "Lyon" {
		t.Fatalf("edit: %d %v", r.code, r.body)
	}
	// A sign-in moves the item, not the version an edit compares.
	e.browser("zoe@acme.example", staffPW)
	if r := edit(0, "Nantes"); r.code != 409 || r.errCode() != "version_conflict" {
		t.Fatalf("stale edit: %d %v", r.code, r.body)
	}
	if r := edit(1, "Nantes"); r.code != 200 {
		t.Fatalf("edit on the current version: %d %v", r.code, r.body)
	}
	if got := e.auditActions("acme"); strings.Join(got, " ") != "user.update user.update" {
		t.Fatalf("audit: %v", got)
	}
	// The list finds the new name.
	if l := e.do(acme.adminB, "GET", "/api/v1/org/users?q=martin-r", ""); len(l.items()) != 1 {
		t.Fatalf("search by the new name: %v", l.body)
	}
}

func TestDisableEnableUnlockAndRoleRevokeAsTheyShould(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	zb := e.browser("zoe@acme.example", staffPW)
	r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+zoe.ID+"/disable", "")
	if r.code != 200 || r.body["status"] != "disabled" {
		t.Fatalf("disable: %d %v", r.code, r.body)
	}
	if e.signedIn(zb) {
		t.Fatal("a disabled user's session still works")
	}
	if s := e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"`+staffPW+`"}`, ""); s.code != 403 || s.errCode() != "account_disabled" {
		t.Fatalf("a disabled user signs in: %d %v", s.code, s.body)
	}
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+zoe.ID+"/enable", ""); r.code != 200 || r.body["status"] != "ready" {
		t.Fatalf("enable: %d %v", r.code, r.body)
	}
	zb = e.browser("zoe@acme.example", staffPW)
	// Wrong passwords lock the account; an administrator lifts the lock.
	for range auth.MaxFailedSignIns {
		e.call("POST", "/api/v1/session", `{"email":"zoe@acme.example","password":"wrong"}`, "")
	}
	if l := e.do(acme.adminB, "GET", "/api/v1/org/users/"+zoe.ID, ""); l.body["user"].(map[string]any)["status"] != "locked" {
		t.Fatalf("locked: %v", l.body)
	}
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+zoe.ID+"/unlock", ""); r.code != 200 || r.body["status"] != "ready" {
		t.Fatalf("unlock: %d %v", r.code, r.body)
	}
	e.browser("zoe@acme.example", staffPW)
	// A new role takes effect at the next sign-in: every session ends.
	if r := e.do(acme.adminB, "PUT", "/api/v1/org/users/"+zoe.ID+"/role", `{"role":"admin"}`); r.code != 200 || r.body["role"] != "admin" {
		t.Fatalf("role: %d %v", r.code, r.body)
	}
	if e.signedIn(zb) {
		t.Fatal("a session kept the old role")
	}
	want := "user.disable user.enable user.unlock user.role"
	if got := strings.Join(e.auditActions("acme"), " "); got != want {
		t.Fatalf("audit: %s, want %s", got, want)
	}
}

func TestResendActivationKillsTheOldLinkAndResetMailsALink(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	r := e.do(acme.adminB, "POST", "/api/v1/org/users", `{"email":"lea@acme.example","login":"lea.durand","firstName":"Léa","lastName":"Durand"}`)
	id := r.body["user"].(map[string]any)["id"].(string)
	first := e.linkToken(e.lastMail("lea@acme.example"))
	e.clock.Advance(10 * time.Minute)
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+id+"/activation", ""); r.code != 200 {
		t.Fatalf("resend: %d %v", r.code, r.body)
	}
	second := e.linkToken(e.lastMail("lea@acme.example"))
	if r := e.call("POST", "/api/v1/activation", `{"token":"`+first+`","password":"Brand#New2026"}`, ""); r.code != 400 {
		t.Fatalf("the old link still works: %d", r.code)
	}
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+id+"/password-reset", ""); r.code != 409 || r.errCode() != "not_activated" {
		t.Fatalf("reset before activation: %d %v", r.code, r.body)
	}
	if r := e.call("POST", "/api/v1/activation", `{"token":"`+second+`","password":"Brand#New2026"}`, ""); r.code != 200 {
		t.Fatalf("the new link: %d %v", r.code, r.body)
	}
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+id+"/activation", ""); r.code != 409 || r.errCode() != "already_activated" {
		t.Fatalf("resend to an active account: %d %v", r.code, r.body)
	}
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/"+id+"/password-reset", ""); r.code != 200 {
		t.Fatalf("reset: %d %v", r.code, r.body)
	}
	token := e.linkToken(e.lastMail("lea@acme.example"))
	if r := e.call("POST", "/api/v1/password/reset", `{"token":"`+token+`","password":"Other#Pass2026"}`, ""); r.code != 204 {
		t.Fatalf("the reset link: %d %v", r.code, r.body)
	}
	e.browser("lea@acme.example", "Other#Pass2026")
}

func TestDeleteNeedsTheLoginAndSparesReferentsAndTheLastAdmin(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	zb := e.browser("zoe@acme.example", staffPW)
	// What Zoé keeps besides her account: a passkey, a request waiting in the
	// administrators' queue, and the sign-in above.
	e.registerPasskey(zb, "Laptop")
	app := e.addApp("Studio", portal.ApproverCustomerAdmins, true, 0)
	if r := e.do(zb, "POST", "/api/v1/me/access-requests", `{"applications":["`+app.ID+`"]}`); r.code != 201 {
		t.Fatalf("request: %d %v", r.code, r.body)
	}
	if q := e.do(acme.adminB, "GET", "/api/v1/access-requests", ""); len(q.body["items"].([]any)) != 1 {
		t.Fatalf("the administrators' queue: %v", q.body)
	}
	if r := e.do(acme.adminB, "DELETE", "/api/v1/org/users/"+zoe.ID, `{"confirm":"zoe"}`); r.code != 400 || r.errCode() != "confirmation_mismatch" {
		t.Fatalf("wrong confirmation: %d %v", r.code, r.body)
	}
	if r := e.do(acme.adminB, "DELETE", "/api/v1/org/users/"+zoe.ID, `{"confirm":"`+zoe.Login+`"}`); r.code != 204 {
		t.Fatalf("delete: %d %v", r.code, r.body)
	}
	if q := e.do(acme.adminB, "GET", "/api/v1/access-requests", ""); len(q.body["items"].([]any)) != 0 {
		t.Fatalf("the administrators' queue still lists the deleted user's request: %v", q.body)
	}
	items, err := e.db.Dump(context.Background())
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
	if _, err := e.store.Account(context.Background(), "acme", zoe.ID); !portal.Is(err, portal.NotFound) {
		t.Fatal("still there")
	}
	if e.signedIn(zb) {
		t.Fatal("a deleted user's session still works")
	}
	// The address is free again.
	if r := e.do(acme.adminB, "POST", "/api/v1/org/users/validate", `{"email":"zoe@acme.example","login":"`+zoe.Login+`","firstName":"Z","lastName":"M"}`); r.code != 200 || r.body["attach"] != nil {
		t.Fatalf("after delete: %d %v", r.code, r.body)
	}
	// The administrator is the contract's referent and the last administrator.
	self := acme.admin
	for _, path := range []string{"/disable", ""} {
		method, body := "POST", ""
		if path == "" {
			method, body = "DELETE", `{"confirm":"`+self.Login+`"}`
		}
		if r := e.do(acme.adminB, method, "/api/v1/org/users/"+self.ID+path, body); r.code != 409 || r.errCode() != "user_is_referent" {
			t.Fatalf("%s the referent: %d %v", method+path, r.code, r.body)
		}
	}
	other := e.person("acme", portal.RoleAdmin, "Odile", "Other", "odile@acme.example")
	if r := e.do(acme.adminB, "PUT", "/api/v1/org/contracts/"+acme.contract.ID+"/referent", `{"userId":"`+other.ID+`","version":1}`); r.code != 200 {
		t.Fatalf("new referent: %d %v", r.code, r.body)
	}
	ob := e.browser("odile@acme.example", staffPW)
	if r := e.do(ob, "PUT", "/api/v1/org/users/"+self.ID+"/role", `{"role":"user"}`); r.code != 200 {
		t.Fatalf("demote the first administrator: %d %v", r.code, r.body)
	}
	for _, c := range []struct{ method, path, body string }{
		{"PUT", "/role", `{"role":"user"}`},
		{"DELETE", "", `{"confirm":"` + other.Login + `"}`},
	} {
		if r := e.do(ob, c.method, "/api/v1/org/users/"+other.ID+c.path, c.body); r.code != 409 {
			t.Fatalf("%s%s on the last administrator (also the referent): %d %v", c.method, c.path, r.code, r.body)
		}
	}
	third := e.person("acme", portal.RoleAdmin, "Théo", "Third", "theo@acme.example")
	if r := e.do(ob, "PUT", "/api/v1/org/contracts/"+acme.contract.ID+"/referent", `{"userId":"`+third.ID+`","version":2}`); r.code != 200 {
		t.Fatalf("another referent: %d %v", r.code, r.body)
	}
	if r := e.do(ob, "POST", "/api/v1/org/users/"+third.ID+"/disable", ""); r.code != 409 || r.errCode() != "user_is_referent" {
		t.Fatalf("disable the referent: %d %v", r.code, r.body)
	}
	tb := e.browser("theo@acme.example", staffPW)
	if r := e.do(tb, "POST", "/api/v1/org/users/"+other.ID+"/disable", ""); r.code != 200 {
		t.Fatalf("disable one of two administrators: %d %v", r.code, r.body)
	}
	if r := e.do(tb, "PUT", "/api/v1/org/users/"+third.ID+"/role", `{"role":"user"}`); r.code != 409 || r.errCode() != "last_admin" {
		t.Fatalf("demote the last active administrator: %d %v", r.code, r.body)
	}
}
