package orgadmin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// matrixLine finds a user's line in a matrix answer.
func matrixLine(t *testing.T, r apitest.Resp, userID string) map[string]any {
	t.Helper()
	for _, it := range r.Items() {
		if it["user"].(map[string]any)["id"] == userID {
			return it
		}
	}
	t.Fatalf("no line for %s in %v", userID, r.Body)
	return nil
}

func TestRightsMatrixIsReadAndEditedInPlace(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	zoe := e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	kim := e.Person("acme", portal.RoleUser, "Kim", "Lee", "kim@acme.example")
	path := "/api/v1/org/contracts/" + acme.Contract.ID + "/rights"
	m := e.Do(acme.AdminB, "GET", path, "")
	if m.Code != 200 || len(m.Items()) != 3 || apitest.TripsOf(t, m) > 3 {
		t.Fatalf("matrix: %d (%s trips) %v", m.Code, m.Trips, m.Body)
	}
	if line := matrixLine(t, m, acme.Admin.ID); line["referent"] != true {
		t.Fatalf("the referent's line: %v", line)
	}
	if line := matrixLine(t, m, zoe.ID); line["sections"].(map[string]any)["invoices"] != "none" || line["version"] != float64(0) {
		t.Fatalf("a line without rights: %v", line)
	}
	put := func(b apitest.As, body string) apitest.Resp { return e.Do(b, "PUT", path, body) }
	r := put(acme.AdminB, fmt.Sprintf(`{"changes":[
		{"userId":%q,"version":0,"sections":{"invoices":"manager","users":"manager"},"supported":true},
		{"userId":%q,"version":0,"sections":{"contracts":"visitor"}}]}`, zoe.ID, kim.ID))
	if r.Code != 200 || len(r.Items()) != 2 || r.Items()[0]["version"] != float64(1) {
		t.Fatalf("save: %d %v", r.Code, r.Body)
	}
	if got := e.AuditActions("acme"); strings.Join(got, " ") != "rights.update rights.update" {
		t.Fatalf("audit: %v", got)
	}
	// A save made on an old read changes nothing, not even its other lines.
	stale := put(acme.AdminB, fmt.Sprintf(`{"changes":[{"userId":%q,"version":1,"sections":{}},{"userId":%q,"version":0,"sections":{}}]}`, kim.ID, zoe.ID))
	if stale.Code != 409 || stale.ErrCode() != "version_conflict" || apitest.ErrFields(stale) != "changes[1]:version_conflict" {
		t.Fatalf("stale save: %d %v", stale.Code, stale.Body)
	}
	if line := matrixLine(t, e.Do(acme.AdminB, "GET", path, ""), kim.ID); line["sections"].(map[string]any)["contracts"] != "visitor" {
		t.Fatalf("a refused save changed a line: %v", line)
	}
	// Zoé manages the contract's Users section: she edits levels, not the flag.
	zb := e.Browser("zoe@acme.example", apitest.StaffPW)
	if r := e.Do(zb, "GET", path, ""); r.Code != 200 || apitest.TripsOf(t, r) > 3 {
		t.Fatalf("a Users manager reads the matrix: %d (%s trips)", r.Code, r.Trips)
	}
	if r := put(zb, fmt.Sprintf(`{"changes":[{"userId":%q,"version":1,"sections":{"contracts":"manager"}}]}`, kim.ID)); r.Code != 200 {
		t.Fatalf("a Users manager edits: %d %v", r.Code, r.Body)
	}
	if r := put(zb, fmt.Sprintf(`{"changes":[{"userId":%q,"version":2,"sections":{"contracts":"manager"},"supported":true}]}`, kim.ID)); r.Code != 403 || r.ErrCode() != "supported_admin_only" {
		t.Fatalf("a Users manager grants support: %d %v", r.Code, r.Body)
	}
	kb := e.Browser("kim@acme.example", apitest.StaffPW)
	if r := e.Do(kb, "GET", path, ""); r.Code != 403 {
		t.Fatalf("no right on Users reads the matrix: %d", r.Code)
	}
	for name, body := range map[string]string{
		"no change":       `{"changes":[]}`,
		"unknown section": fmt.Sprintf(`{"changes":[{"userId":%q,"version":3,"sections":{"secrets":"manager"}}]}`, kim.ID),
		"unknown level":   fmt.Sprintf(`{"changes":[{"userId":%q,"version":3,"sections":{"orders":"boss"}}]}`, kim.ID),
		"twice":           fmt.Sprintf(`{"changes":[{"userId":%q,"version":3},{"userId":%q,"version":3}]}`, kim.ID, kim.ID),
		"unknown user":    `{"changes":[{"userId":"NOPE","version":0}]}`,
	} {
		if r := put(acme.AdminB, body); r.Code != 400 {
			t.Errorf("%s: %d %v", name, r.Code, r.Body)
		}
	}
	if r := e.Do(acme.AdminB, "GET", "/api/v1/org/contracts/NOPE/rights", ""); r.Code != 404 {
		t.Fatalf("unknown contract: %d", r.Code)
	}
}
