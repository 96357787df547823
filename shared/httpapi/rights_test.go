package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

// matrixLine finds a user's line in a matrix answer.
func matrixLine(t *testing.T, r resp, userID string) map[string]any {
	t.Helper()
	for _, it := range r.items() {
		if it["user"].(map[string]any)["id"] == userID {
			return it
		}
	}
	t.Fatalf("no line for %s in %v", userID, r.body)
	return nil
}

func TestRightsMatrixIsReadAndEditedInPlace(t *testing.T) {
	e := newEnv(t)
	acme := e.tenant("acme")
	zoe := e.person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	kim := e.person("acme", portal.RoleUser, "Kim", "Lee", "kim@acme.example")
	path := "/api/v1/org/contracts/" + acme.contract.ID + "/rights"
	m := e.do(acme.adminB, "GET", path, "")
	if m.code != 200 || len(m.items()) != 3 || tripsOf(t, m) > 3 {
		t.Fatalf("matrix: %d (%s trips) %v", m.code, m.trips, m.body)
	}
	if line := matrixLine(t, m, acme.admin.ID); line["referent"] != true {
		t.Fatalf("the referent's line: %v", line)
	}
	if line := matrixLine(t, m, zoe.ID); line["sections"].(map[string]any)["invoices"] != "none" || line["version"] != float64(0) {
		t.Fatalf("a line without rights: %v", line)
	}
	put := func(b as, body string) resp { return e.do(b, "PUT", path, body) }
	r := put(acme.adminB, fmt.Sprintf(`{"changes":[
		{"userId":%q,"version":0,"sections":{"invoices":"manager","users":"manager"},"supported":true},
		{"userId":%q,"version":0,"sections":{"contracts":"visitor"}}]}`, zoe.ID, kim.ID))
	if r.code != 200 || len(r.items()) != 2 || r.items()[0]["version"] != float64(1) {
		t.Fatalf("save: %d %v", r.code, r.body)
	}
	if got := e.auditActions("acme"); strings.Join(got, " ") != "rights.update rights.update" {
		t.Fatalf("audit: %v", got)
	}
	// A save made on an old read changes nothing, not even its other lines.
	stale := put(acme.adminB, fmt.Sprintf(`{"changes":[{"userId":%q,"version":1,"sections":{}},{"userId":%q,"version":0,"sections":{}}]}`, kim.ID, zoe.ID))
	if stale.code != 409 || stale.errCode() != "version_conflict" || errFields(stale) != "changes[1]:version_conflict" {
		t.Fatalf("stale save: %d %v", stale.code, stale.body)
	}
	if line := matrixLine(t, e.do(acme.adminB, "GET", path, ""), kim.ID); line["sections"].(map[string]any)["contracts"] != "visitor" {
		t.Fatalf("a refused save changed a line: %v", line)
	}
	// Zoé manages the contract's Users section: she edits levels, not the flag.
	zb := e.browser("zoe@acme.example", staffPW)
	if r := e.do(zb, "GET", path, ""); r.code != 200 || tripsOf(t, r) > 3 {
		t.Fatalf("a Users manager reads the matrix: %d (%s trips)", r.code, r.trips)
	}
	if r := put(zb, fmt.Sprintf(`{"changes":[{"userId":%q,"version":1,"sections":{"contracts":"manager"}}]}`, kim.ID)); r.code != 200 {
		t.Fatalf("a Users manager edits: %d %v", r.code, r.body)
	}
	if r := put(zb, fmt.Sprintf(`{"changes":[{"userId":%q,"version":2,"sections":{"contracts":"manager"},"supported":true}]}`, kim.ID)); r.code != 403 || r.errCode() != "supported_admin_only" {
		t.Fatalf("a Users manager grants support: %d %v", r.code, r.body)
	}
	kb := e.browser("kim@acme.example", staffPW)
	if r := e.do(kb, "GET", path, ""); r.code != 403 {
		t.Fatalf("no right on Users reads the matrix: %d", r.code)
	}
	for name, body := range map[string]string{
		"no change":       `{"changes":[]}`,
		"unknown section": fmt.Sprintf(`{"changes":[{"userId":%q,"version":3,"sections":{"secrets":"manager"}}]}`, kim.ID),
		"unknown level":   fmt.Sprintf(`{"changes":[{"userId":%q,"version":3,"sections":{"orders":"boss"}}]}`, kim.ID),
		"twice":           fmt.Sprintf(`{"changes":[{"userId":%q,"version":3},{"userId":%q,"version":3}]}`, kim.ID, kim.ID),
		"unknown user":    `{"changes":[{"userId":"NOPE","version":0}]}`,
	} {
		if r := put(acme.adminB, body); r.code != 400 {
			t.Errorf("%s: %d %v", name, r.code, r.body)
		}
	}
	if r := e.do(acme.adminB, "GET", "/api/v1/org/contracts/NOPE/rights", ""); r.code != 404 {
		t.Fatalf("unknown contract: %d", r.code)
	}
}
