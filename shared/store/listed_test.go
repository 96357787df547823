package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
)

// The scan must read exactly what encoding/json reads, from stored accounts and from
// any valid JSON.
func TestListedScanAgreesWithEncodingJSON(t *testing.T) {
	locked := Account{User: portal.User{ID: "u1", Role: portal.RoleAdmin, Status: portal.StatusReady, FirstName: `Zoé "Z" \ Martin`,
		Address: portal.PostalAddress{Line1: `{"status":"disabled"}`}}, LockedUntil: time.Date(2026, 11, 23, 9, 0, 0, 123, time.UTC),
		Security: Security{RecoveryCodes: []string{"a", "b"}, EmailChange: &EmailChange{}}}
	for _, data := range []string{
		string(encode(locked)),
		string(encode(Account{User: portal.User{Status: portal.StatusDisabled}})),
		`{}`, ` { "status" : "locked" , "x" : [1, {"role":"admin"}, -2.5e3, true, null] } `,
		`{"Status":"locked"}`, `{"status":"lo\u0063ked"}`, `{"status":null,"role":"admin"}`, `{"lockedUntil":"2026-13-01T00:00:00Z"}`,
		`{"status":"a","status":"b"}`, `{"ſtatus":"x"}`, "{\"status\":\"\xff\"}",
	} {
		var want Listed
		wantErr := json.Unmarshal([]byte(data), &want)
		got, err := listedOfData([]byte(data))
		if (err != nil) != (wantErr != nil) || got != want {
			t.Errorf("%s: got %+v (%v), want %+v (%v)", data, got, err, want, wantErr)
		}
	}
	if l, ok := scanListed(encode(locked)); !ok || l.Role != portal.RoleAdmin || !l.LockedUntil.Equal(locked.LockedUntil) {
		t.Errorf("a stored account must take the fast path: %+v %v", l, ok)
	}
}

func FuzzListedScan(f *testing.F) {
	f.Add([]byte(`{"role":"user","status":"ready","lockedUntil":"2026-01-02T03:04:05Z","address":{"status":"x"}}`))
	f.Add([]byte(`{"a":[{"b":"\"}"}],"status":"locked"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var want Listed
		wantErr := json.Unmarshal(data, &want)
		got, err := listedOfData(data)
		if (err != nil) != (wantErr != nil) || got != want {
			t.Errorf("%q: got %+v (%v), want %+v (%v)", data, got, err, want, wantErr)
		}
	})
}
