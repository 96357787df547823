package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

func TestAuditLogIsBrowsedFilteredExportedAndNeverChanged(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.do(acme.adminB, "POST", "/api/v1/org/users/"+zoe.ID+"/disable", "")
	e.clock.Advance(25 * time.Hour)
	acme.adminB = e.browser(acme.admin.Email, staffPW)
	e.do(acme.adminB, "POST", "/api/v1/org/users/"+zoe.ID+"/enable", "")
	// An entry whose values a spreadsheet would run as formulas.
	evil := store.AuditEntry{OrgID: "acme", Time: e.clock.Now(), Action: "user.update", UserID: acme.admin.ID, Target: "=HYPERLINK(\"http://evil\")", IP: "+1", After: []byte(`"@SUM(A1)"`)}
	if err := e.store.Table().Transact(context.Background(), store.Audit(evil)); err != nil {
		t.Fatal(err)
	}
	list := func(q string) resp {
		t.Helper()
		r := e.do(acme.adminB, "GET", "/api/v1/org/audit?"+q, "")
		if r.code != 200 {
			t.Fatalf("%s: %d %v", q, r.code, r.body)
		}
		return r
	}
	all := list("")
	if len(all.items()) != 3 || all.items()[0]["action"] != "user.update" || tripsOf(t, all) > 3 {
		t.Fatalf("log: (%s trips) %v", all.trips, all.body)
	}
	if p := all.body["people"].(map[string]any)[acme.admin.ID].(map[string]any); p["email"] != acme.admin.Email {
		t.Fatalf("people: %v", all.body["people"])
	}
	if got := len(list("action=user.disable").items()); got != 1 {
		t.Fatalf("by action: %d", got)
	}
	if got := len(list("user=" + acme.admin.ID + "&action=user.enable").items()); got != 1 {
		t.Fatalf("by user and action: %d", got)
	}
	if got := len(list("from=2026-11-24").items()); got != 2 {
		t.Fatalf("from a date: %d", got)
	}
	if got := len(list("to=2026-11-23").items()); got != 1 {
		t.Fatalf("to a date, included: %d", got)
	}
	first := list("limit=2")
	if len(first.items()) != 2 || first.body["next"] == nil || len(list("limit=2&cursor="+first.body["next"].(string)).items()) != 1 {
		t.Fatalf("pages: %v", first.body)
	}
	for _, q := range []string{"from=yesterday", "to=2026-01-01&from=2026-02-01", "limit=0", "cursor=forged"} {
		if r := e.do(acme.adminB, "GET", "/api/v1/org/audit?"+q, ""); r.code != 400 {
			t.Errorf("%s: %d", q, r.code)
		}
	}
	for _, body := range []string{`{"from":"yesterday"}`, `{"to":"2026-01-01","from":"2026-02-01"}`, `{"user":"a#b"}`} {
		if r := e.do(acme.adminB, "POST", "/api/v1/org/audit/exports", body); r.code != 400 {
			t.Errorf("export %s: %d", body, r.code)
		}
	}
	rows := e.exportAudit(acme.adminB, `{"from":"2026-11-23"}`)
	if len(rows) != 4 || rows[0][0] != "time" || rows[3][1] != "user.disable" {
		t.Fatalf("export: %v", rows)
	}
	for _, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
			t.Fatalf("a cell a spreadsheet would run: %q in %v", cell, rows[1])
		}
	}
	if rows[1][6] != `'=HYPERLINK("http://evil")` || rows[1][7] != "'+1" {
		t.Fatalf("escaped cells: %v", rows[1])
	}
	if rows := e.exportAudit(acme.adminB, `{"action":"user.enable"}`); len(rows) != 2 {
		t.Fatalf("filtered export: %v", rows)
	}
	// Nothing edits or deletes an entry, and users who are not administrators read nothing.
	for _, method := range []string{"PUT", "PATCH", "DELETE", "POST"} {
		if r := e.do(acme.adminB, method, "/api/v1/org/audit", `{}`); r.code != 405 {
			t.Errorf("%s on the log: %d", method, r.code)
		}
	}
	zb := e.browser(zoe.Email, staffPW)
	if r := e.do(zb, "GET", "/api/v1/org/audit", ""); r.code != 403 {
		t.Fatalf("a user reads the log: %d", r.code)
	}
	if r := e.do(zb, "POST", "/api/v1/org/audit/exports", `{}`); r.code != 403 {
		t.Fatalf("a user exports the log: %d", r.code)
	}
}

// A spreadsheet that splits on semicolons (Excel in French) must find no formula in
// the export either, even in an entry stored before addresses were checked.
func TestAuditExportHasNoFormulaWhateverTheSeparator(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	old := store.AuditEntry{OrgID: "acme", Time: e.clock.Now(), Action: "user.update", UserID: acme.admin.ID,
		Target: "a;=1+1", IP: "fe80::1%x;=1+1;@SUM(2+2)", After: []byte(`{"x":"1;-2"}`)}
	if err := e.store.Table().Transact(context.Background(), store.Audit(old)); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(e.exportAuditFile(acme.adminB, `{}`), "\n") {
		for _, cell := range strings.Split(line, ";") {
			if cell = strings.TrimLeft(cell, `" `); cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("a cell read with ; starts a formula: %q in %q", cell, line)
			}
		}
	}
}

// An operator who acts in a customer's log themself (a contract created from the
// back office) is named there as the vendor's, not taken for a deleted person.
func TestAuditLogNamesTheVendorsOperators(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	op := e.person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "olivia@guichet.example")
	ob := e.browser(op.Email, staffPW)
	body := fmt.Sprintf(`{"name":"Maintenance","reference":"MAINT-01","start":"2026-01-01","referentId":%q}`, acme.admin.ID)
	if r := e.do(ob, "POST", "/api/v1/backoffice/organisations/acme/contracts", body); r.code != 201 {
		t.Fatalf("create: %d %v", r.code, r.body)
	}
	r := e.do(acme.adminB, "GET", "/api/v1/org/audit", "")
	if r.code != 200 || len(r.items()) != 1 || r.items()[0]["userId"] != op.ID || tripsOf(t, r) > 3 {
		t.Fatalf("log: %d (%s trips) %v", r.code, r.trips, r.body)
	}
	who, _ := r.body["people"].(map[string]any)[op.ID].(map[string]any)
	if who["firstName"] != "Olivia" || who["role"] != "operator" {
		t.Fatalf("the operator in people: %v", r.body["people"])
	}
}
