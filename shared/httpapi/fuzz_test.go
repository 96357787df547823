package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
)

// The decoders and rules a client reaches with what it sends, fuzzed. Each refuses
// bad input with a client error that has its messages, and what each accepts has
// the promised shape. The seed corpora are in testdata/fuzz; `make fuzz` explores.

// The shapes of the areas' request bodies, as Decode meets them: an embedded
// struct, optional booleans, arrays of objects, maps of enumerations, bilingual
// texts, versions and an optional nested object. Decode knows nothing of the type
// it fills, so these stand for every body of every area.
type (
	person struct {
		Civility  string               `json:"civility"`
		FirstName string               `json:"firstName"`
		LastName  string               `json:"lastName"`
		Lang      string               `json:"lang"`
		Address   portal.PostalAddress `json:"address"`
	}
	grant struct {
		ContractID string                          `json:"contractId"`
		Sections   map[portal.Section]portal.Level `json:"sections"`
		Supported  bool                            `json:"supported"`
	}
	userForm struct {
		Email string      `json:"email"`
		Login string      `json:"login"`
		Role  portal.Role `json:"role"`
		person
		SendActivation *bool   `json:"sendActivation"`
		Password       string  `json:"password"`
		Contracts      []grant `json:"contracts"`
	}
	rightsForm struct {
		Changes []struct {
			UserID    string                          `json:"userId"`
			Version   int64                           `json:"version"`
			Sections  map[portal.Section]portal.Level `json:"sections"`
			Supported bool                            `json:"supported"`
		} `json:"changes"`
	}
	applicationForm struct {
		Name           portal.Text     `json:"name"`
		ApprovalNeeded *bool           `json:"approvalNeeded"`
		Approver       portal.Approver `json:"approver"`
		DurationDays   int             `json:"durationDays"`
		Version        int64           `json:"version"`
	}
	signupForm struct {
		person
		Password        string `json:"password"`
		NewOrganisation *struct {
			LegalName string `json:"legalName"`
			Country   string `json:"country"`
		} `json:"newOrganisation"`
		Partner bool `json:"partner"`
	}
	bulkForm struct {
		Numbers  []string `json:"numbers"`
		Decision string   `json:"decision"`
	}
)

// requestBodies returns fresh zero values of the shapes above.
func requestBodies() []any {
	return []any{&userForm{}, &rightsForm{}, &applicationForm{}, &signupForm{}, &bulkForm{}, &person{}}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"email":"zoe@acme.example","login":"zoe.martin","firstName":"Zoé","lastName":"M","contracts":[{"contractId":"C1","sections":{"orders":"manager"}}]}`,
		`{"changes":[{"userId":"U1","version":3,"sections":{"orders":"visitor"},"supported":true}]}`,
		`{"name":{"fr":"a","en":"b"},"approvalNeeded":true,"durationDays":-1}`,
		`{"version":1e400}`, `{"version":"1"}`, `[{}]`, `{"a":1}`, `{"email":"x"} trailing`, "\xef\xbb\xbf{}", `{"firstName":"\u0000"}`,
		strings.Repeat("[", 10000),
	} {
		f.Add([]byte(s), "application/json")
	}
	f.Add([]byte(`{}`), "text/plain")
	f.Add([]byte(`{}`), "application/json; charset=utf-16")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		for _, v := range requestBodies() {
			name := reflect.TypeOf(v).Elem().Name()
			r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			r.Header.Set("Content-Type", ctype)
			if err := httpapi.Decode(r, v); err != nil {
				apitest.ClientStatus(t, "Decode into "+name, err)
				continue
			}
			// What was accepted says the same thing when written back and read again.
			again := reflect.New(reflect.TypeOf(v).Elem()).Interface()
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			r = httptest.NewRequest("POST", "/", bytes.NewReader(b))
			r.Header.Set("Content-Type", "application/json")
			if err := httpapi.Decode(r, again); err != nil || !reflect.DeepEqual(v, again) {
				t.Fatalf("%s: %s decoded to %+v, which reads back as %+v (%v)", name, body, v, again, err)
			}
		}
	})
}

func FuzzLogin(f *testing.F) {
	for _, s := range []string{"zoe.martin", " Zoe.Martin ", "zoé.martin", "short", "a/../../etc", "admin\r\nx", "ｚｏｅ．ｍａｒｔｉｎ", strings.Repeat("a", 65)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		login, codes := httpapi.CleanLogin(s)
		for _, c := range codes {
			if !httpapi.HasFieldMessage(c) {
				t.Fatalf("CleanLogin(%q): code %q has no message", s, c)
			}
		}
		if len(codes) > 0 {
			return
		}
		if !apitest.LoginShape.MatchString(login) {
			t.Fatalf("CleanLogin(%q) accepted %q", s, login)
		}
		if again, codes := httpapi.CleanLogin(login); again != login || len(codes) > 0 {
			t.Fatalf("CleanLogin is not idempotent: %q -> %q -> %q %v", s, login, again, codes)
		}
	})
}
