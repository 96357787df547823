package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/validate"
)

// The decoders and rules a client reaches with what it sends, fuzzed. Each refuses
// bad input with a client error that has its messages, and what each accepts has
// the promised shape. The seed corpora are in testdata/fuzz; `make fuzz` explores.

// clientStatus fails unless err is a portal error that answers a client status.
func clientStatus(t *testing.T, what string, err error) {
	t.Helper()
	var pe *portal.Error
	if !errors.As(err, &pe) || httpapi.Status(err) >= 500 {
		t.Fatalf("%s: %v answers %d, want a client error", what, err, httpapi.Status(err))
	}
	for _, f := range pe.Fields {
		if !httpapi.HasFieldMessage(f.Code) {
			t.Fatalf("%s: field error %s:%s has no message", what, f.Field, f.Code)
		}
	}
}

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
				clientStatus(t, "Decode into "+name, err)
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

var loginShape = regexp.MustCompile(`^[a-z0-9._-]{8,64}$`)

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
		if !loginShape.MatchString(login) {
			t.Fatalf("CleanLogin(%q) accepted %q", s, login)
		}
		if again, codes := httpapi.CleanLogin(login); again != login || len(codes) > 0 {
			t.Fatalf("CleanLogin is not idempotent: %q -> %q -> %q %v", s, login, again, codes)
		}
	})
}

func FuzzParseImport(f *testing.F) {
	for _, s := range []string{
		"email,login,firstName,lastName\nzoe@acme.example,zoe.martin,Zoé,Martin\n",
		"\xef\xbb\xbfEmail;Login;First Name;Last Name;Contract;Orders\nzoe@acme.example;zoe.martin;Zoé;Martin;REF-1;gestionnaire\n",
		"email,login,firstName,lastName\n\"unterminated,x,y,z\n",
		"email,email,login\n",
		"email,login,firstName,lastName,sendActivation,password\n=cmd|' /C calc'!A0,login.login,<script>,\u202eRTL,non,Pass#word1\n",
		"email,login,firstName,lastName\n\n\n , , , \n",
		"\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		rows, err := httpapi.ParseImport(raw)
		if err != nil {
			clientStatus(t, "ParseImport", err)
			return
		}
		if len(rows) == 0 || len(rows) > httpapi.MaxImportRows {
			t.Fatalf("ParseImport: %d rows", len(rows))
		}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("row at line %d, before the header's end", r.Line)
			}
			for _, c := range r.Codes {
				if !httpapi.HasFieldMessage(c) {
					t.Fatalf("line %d: code %q has no message", r.Line, c)
				}
			}
			if len(r.Codes) > 0 {
				continue
			}
			if e, err := validate.Email(r.Email); err != nil || e != r.Email || !loginShape.MatchString(r.Login) {
				t.Fatalf("line %d accepted with address %q and login %q", r.Line, r.Email, r.Login)
			}
		}
	})
}
