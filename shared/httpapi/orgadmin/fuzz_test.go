package orgadmin_test

import (
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/validate"
)

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
		rows, err := orgadmin.ParseImport(raw)
		if err != nil {
			apitest.ClientStatus(t, "ParseImport", err)
			return
		}
		if len(rows) == 0 || len(rows) > orgadmin.MaxImportRows {
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
			if e, err := validate.Email(r.Email); err != nil || e != r.Email || !apitest.LoginShape.MatchString(r.Login) {
				t.Fatalf("line %d accepted with address %q and login %q", r.Line, r.Email, r.Login)
			}
		}
	})
}
