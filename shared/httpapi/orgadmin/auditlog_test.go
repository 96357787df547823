package orgadmin_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

func TestAuditLogIsBrowsedFilteredExportedAndNeverChanged(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+zoe.ID+"/disable", "")
	e.Clock.Advance(25 * time.Hour)
	acme.AdminB = e.Browser(acme.Admin.Email, apitest.StaffPW)
	e.Do(acme.AdminB, "POST", "/api/v1/org/users/"+zoe.ID+"/enable", "")
	// An entry whose values a spreadsheet would run as formulas.
	evil := store.AuditEntry{OrgID: "acme", Time: e.Clock.Now(), Action: "user.update", UserID: acme.Admin.ID, Target: "=HYPERLINK(\"http://evil\")", IP: "+1", After: []byte(`"@SUM(A1)"`)}
	if err := e.Store.Table().Transact(context.Background(), store.Audit(evil)); err != nil {
		t.Fatal(err)
	}
	list := func(q string) apitest.Resp {
		t.Helper()
		r := e.Do(acme.AdminB, "GET", "/api/v1/org/audit?"+q, "")
		if r.Code != 200 {
			t.Fatalf("%s: %d %v", q, r.Code, r.Body)
		}
		return r
	}
	all := list("")
	if len(all.Items()) != 3 || all.Items()[0]["action"] != "user.update" || apitest.TripsOf(t, all) > 3 {
		t.Fatalf("log: (%s trips) %v", all.Trips, all.Body)
	}
	if p := all.Body["people"].(map[string]any)[acme.Admin.ID].(map[string]any); p["email"] != acme.Admin.Email {
		t.Fatalf("people: %v", all.Body["people"])
	}
	if got := len(list("action=user.disable").Items()); got != 1 {
		t.Fatalf("by action: %d", got)
	}
	if got := len(list("user=" + acme.Admin.ID + "&action=user.enable").Items()); got != 1 {
		t.Fatalf("by user and action: %d", got)
	}
	if got := len(list("from=2026-11-24").Items()); got != 2 {
		t.Fatalf("from a date: %d", got)
	}
	if got := len(list("to=2026-11-23").Items()); got != 1 {
		t.Fatalf("to a date, included: %d", got)
	}
	first := list("limit=2")
	if len(first.Items()) != 2 || first.Body["next"] == nil || len(list("limit=2&cursor="+first.Body["next"].(string)).Items()) != 1 {
		t.Fatalf("pages: %v", first.Body)
	}
	for _, q := range []string{"from=yesterday", "to=2026-01-01&from=2026-02-01", "limit=0", "cursor=forged"} {
		if r := e.Do(acme.AdminB, "GET", "/api/v1/org/audit?"+q, ""); r.Code != 400 {
			t.Errorf("%s: %d", q, r.Code)
		}
	}
	for _, body := range []string{`{"from":"yesterday"}`, `{"to":"2026-01-01","from":"2026-02-01"}`, `{"user":"a#b"}`} {
		if r := e.Do(acme.AdminB, "POST", "/api/v1/org/audit/exports", body); r.Code != 400 {
			t.Errorf("export %s: %d", body, r.Code)
		}
	}
	rows := e.ExportAudit(acme.AdminB, `{"from":"2026-11-23"}`)
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
	if rows := e.ExportAudit(acme.AdminB, `{"action":"user.enable"}`); len(rows) != 2 {
		t.Fatalf("filtered export: %v", rows)
	}
	// Nothing edits or deletes an entry, and users who are not administrators read nothing.
	for _, method := range []string{"PUT", "PATCH", "DELETE", "POST"} {
		if r := e.Do(acme.AdminB, method, "/api/v1/org/audit", `{}`); r.Code != 405 {
			t.Errorf("%s on the log: %d", method, r.Code)
		}
	}
	zb := e.Browser(zoe.Email, apitest.StaffPW)
	if r := e.Do(zb, "GET", "/api/v1/org/audit", ""); r.Code != 403 {
		t.Fatalf("a user reads the log: %d", r.Code)
	}
	if r := e.Do(zb, "POST", "/api/v1/org/audit/exports", `{}`); r.Code != 403 {
		t.Fatalf("a user exports the log: %d", r.Code)
	}
}

// A spreadsheet that splits on semicolons (Excel in French) must find no formula in
// the export either, even in an entry stored before addresses were checked.
func TestAuditExportHasNoFormulaWhateverTheSeparator(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	old := store.AuditEntry{OrgID: "acme", Time: e.Clock.Now(), Action: "user.update", UserID: acme.Admin.ID,
		Target: "a;=1+1", IP: "fe80::1%x;=1+1;@SUM(2+2)", After: []byte(`{"x":"1;-2"}`)}
	if err := e.Store.Table().Transact(context.Background(), store.Audit(old)); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(e.ExportAuditFile(acme.AdminB, `{}`), "\n") {
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
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	op := e.Person(portal.VendorOrg, portal.RoleOperator, "Olivia", "Op", "olivia@guichet.example")
	ob := e.Browser(op.Email, apitest.StaffPW)
	body := fmt.Sprintf(`{"name":"Maintenance","reference":"MAINT-01","start":"2026-01-01","referentId":%q}`, acme.Admin.ID)
	if r := e.Do(ob, "POST", "/api/v1/backoffice/organisations/acme/contracts", body); r.Code != 201 {
		t.Fatalf("create: %d %v", r.Code, r.Body)
	}
	r := e.Do(acme.AdminB, "GET", "/api/v1/org/audit", "")
	if r.Code != 200 || len(r.Items()) != 1 || r.Items()[0]["userId"] != op.ID || apitest.TripsOf(t, r) > 3 {
		t.Fatalf("log: %d (%s trips) %v", r.Code, r.Trips, r.Body)
	}
	who, _ := r.Body["people"].(map[string]any)[op.ID].(map[string]any)
	if who["firstName"] != "Olivia" || who["role"] != "operator" {
		t.Fatalf("the operator in people: %v", r.Body["people"])
	}
}
