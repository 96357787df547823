package validate_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/validate"
)

func TestDomain(t *testing.T) {
	for in, want := range map[string]string{
		"Example.COM":        "example.com",
		" example.com. ":     "example.com",
		"société.fr":         "xn--socit-esab.fr",
		"XN--SOCIT-ESAB.FR":  "xn--socit-esab.fr",
		"ＡＣＭＥ.example":       "acme.example",
		"faß.de":             "xn--fa-hia.de",
		"a-b.c-d.example":    "a-b.c-d.example",
		"münchen.de":         "xn--mnchen-3ya.de",
		"sub.acme.co.uk":     "sub.acme.co.uk",
		"x1.example123.info": "x1.example123.info",
	} {
		got, err := validate.Domain(in)
		if err != nil || got != want {
			t.Errorf("Domain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, code := range map[string]string{
		"":                                      "required",
		"   ":                                   "required",
		"localhost":                             "domain",
		"a_b.com":                               "domain",
		"-ab.com":                               "domain",
		"ab-.com":                               "domain",
		"a..b.com":                              "domain",
		"1.2.3.4":                               "domain",
		"[127.0.0.1]":                           "domain",
		"exa mple.com":                          "domain",
		"xn--zz.com":                            "domain",
		"example.com:25":                        "domain",
		strings.Repeat("a", 64) + ".fr":         "domain",
		strings.Repeat("abcdefghi.", 26) + "fr": "domain",
	} {
		if got, err := validate.Domain(in); validate.CodeOf(err) != code {
			t.Errorf("Domain(%q) = %q, %v; want code %q", in, got, err, code)
		}
	}
}

func TestParents(t *testing.T) {
	got := validate.Parents("a.b.example.com")
	if !slices.Equal(got, []string{"a.b.example.com", "b.example.com", "example.com"}) {
		t.Fatalf("Parents = %v", got)
	}
	if got := validate.Parents("example.com"); !slices.Equal(got, []string{"example.com"}) {
		t.Fatalf("Parents = %v", got)
	}
}

func TestEmail(t *testing.T) {
	for in, want := range map[string]string{
		"Zoe.Martin@ACME.example":  "zoe.martin@acme.example",
		" zoe+tag@acme.example ":   "zoe+tag@acme.example",
		"o'brien@société.fr":       "o'brien@xn--socit-esab.fr",
		"a@b.co":                   "a@b.co",
		"x_y-z!#$%&*=?^`{|}~@a.fr": "x_y-z!#$%&*=?^`{|}~@a.fr",
		"zoe@acme.example.":        "zoe@acme.example",
	} {
		got, err := validate.Email(in)
		if err != nil || got != want {
			t.Errorf("Email(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, code := range map[string]string{
		"":                                   "required",
		"zoe":                                "email",
		"zoe@":                               "email",
		"@acme.example":                      "email",
		"zoe@@acme.example":                  "email",
		".zoe@acme.example":                  "email",
		"zoe.@acme.example":                  "email",
		"zo..e@acme.example":                 "email",
		`"zoe"@acme.example`:                 "email",
		"zoé@acme.example":                   "email",
		"zoe martin@acme.example":            "email",
		"zoe@localhost":                      "email",
		"zoe@[192.0.2.1]":                    "email",
		"zoe@acme.example\r\nBcc: x@evil.fr": "email",
		strings.Repeat("a", 65) + "@acme.example": "email",
		strings.Repeat("a", 64) + "@" + strings.Repeat("b", 62) + "." + strings.Repeat("c", 62) + "." + strings.Repeat("d", 62) + ".fr": "too_long",
	} {
		if got, err := validate.Email(in); validate.CodeOf(err) != code {
			t.Errorf("Email(%q) = %q, %v; want code %q", in, got, err, code)
		}
	}
	if validate.DomainOf("a@b.example") != "b.example" {
		t.Fatal("DomainOf")
	}
}

func TestFreeMail(t *testing.T) {
	for _, d := range []string{"gmail.com", "googlemail.com", "hotmail.fr", "hotmail.co.uk", "outlook.com", "outlook.de",
		"live.fr", "msn.com", "yahoo.fr", "yahoo.co.jp", "yahoo.com.br", "ymail.com", "gmx.de", "gmx.net", "orange.fr",
		"wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "proton.me", "protonmail.com", "icloud.com", "me.com",
		"aol.com", "mail.com", "yandex.ru", "yandex.com", "mailinator.com", "yopmail.com", "guerrillamail.com",
		"10minutemail.com", "tempmail.com", "eu.mailinator.com", "smtp.orange.fr"} {
		if !validate.FreeMail(d) {
			t.Errorf("%s is not on the free-mail list", d)
		}
	}
	for _, d := range []string{"acme.example", "orange.com", "gmail.acme.com", "hotmail.acme.com", "free.com",
		"mycompany.fr", "yahoo-partners.com", "co.uk", "hotmailer.fr"} {
		if validate.FreeMail(d) {
			t.Errorf("%s is taken for a free-mail provider", d)
		}
	}
	if validate.FreeMailEntries() < 150 {
		t.Errorf("the built-in list has only %d entries", validate.FreeMailEntries())
	}
}

func TestPasswordPolicy(t *testing.T) {
	cases := []struct {
		pw       string
		personal []string
		want     []string
	}{
		{"Correct#Horse9", nil, nil},
		{"Vr7-kqzPw", nil, nil},
		{"é-Ê9xyzwv", nil, nil},
		{"", nil, []string{"required"}},
		{strings.Repeat("Aa1#", 65), nil, []string{"too_long"}},
		{"Ab1#xyz", nil, []string{"password_too_short"}},
		{"ABCD#1234X", nil, []string{"password_lower"}},
		{"abcd#1234x", nil, []string{"password_upper"}},
		{"Abcd#efgh", nil, []string{"password_digit"}},
		{"Abcd1efgh", nil, []string{"password_symbol"}},
		{"Abcd1efgh%", nil, []string{"password_symbol"}},
		{"abc", nil, []string{"password_too_short", "password_upper", "password_digit", "password_symbol"}},
		{"P@ssw0rd2026!", nil, []string{"password_common"}},
		{"Password1!", nil, []string{"password_common"}},
		{"Azerty123#", nil, []string{"password_common"}},
		{"#Soleil2026", nil, []string{"password_common"}},
		{"Marseille_13", nil, []string{"password_common"}},
		{"Qwertyuiop1!", nil, []string{"password_common"}},
		{"L3tm31n!99", nil, []string{"password_common"}},
		{"Dupont#2026", []string{"zoe.dupont@acme.example", "Zoé", "Dupont"}, []string{"password_personal"}},
		{"Acme.2026x", []string{"zoe@acme.example"}, nil},
		{"Acmecorp.2026", []string{"zoe@acmecorp.example"}, []string{"password_personal"}},
		{"Zoedupont/7", []string{"zoe.dupont@acme.example"}, []string{"password_personal"}},
	}
	for _, c := range cases {
		if got := validate.PasswordProblems(c.pw, c.personal...); !slices.Equal(got, c.want) {
			t.Errorf("PasswordProblems(%q) = %v, want %v", c.pw, got, c.want)
		}
	}
}

func TestPasswordStrength(t *testing.T) {
	for pw, want := range map[string]string{
		"password":                     "too_weak",
		"Vr7-kqzPw":                    "fair",
		"Aa1#aaaaaaaaaa":               "weak",
		"Tr0ub4dor.3x":                 "strong",
		"k7#Qm2-vXp9L":                 "strong",
		"Correct-Horse-Batt3ry-Staple": "very_strong",
		"Abcdefgh1#ijk":                "weak",
	} {
		s := validate.PasswordStrength(pw)
		if s.Level != want {
			t.Errorf("PasswordStrength(%q) = %+v, want %s", pw, s, want)
		}
		if (s.Score == 0) != (len(s.Problems) > 0) {
			t.Errorf("PasswordStrength(%q): score %d with problems %v", pw, s.Score, s.Problems)
		}
	}
}

func TestPhone(t *testing.T) {
	for in, want := range map[string]string{
		"+33 1 23 45 67 89":    "+33123456789",
		"0033 (1) 23.45.67.89": "+33123456789",
		"01 23 45 67 89":       "0123456789",
		"+1-212-555-0100":      "+12125550100",
		"123456":               "123456",
	} {
		if got, err := validate.Phone(in); err != nil || got != want {
			t.Errorf("Phone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, code := range map[string]string{"": "required", "12345": "phone", "+33 1234": "phone", "01 23 ab": "phone",
		"+1234567890123456": "phone", "++33123456789": "phone", strings.Repeat("1", 41): "too_long"} {
		if got, err := validate.Phone(in); validate.CodeOf(err) != code {
			t.Errorf("Phone(%q) = %q, %v; want code %q", in, got, err, code)
		}
	}
}

func TestCountryRegistrationWebsiteText(t *testing.T) {
	if c, err := validate.Country(" fr "); err != nil || c != "FR" {
		t.Errorf("Country(fr) = %q, %v", c, err)
	}
	for _, bad := range []string{"XX", "FRA", "F", "zz"} {
		if _, err := validate.Country(bad); validate.CodeOf(err) != "country" {
			t.Errorf("Country(%q) accepted", bad)
		}
	}
	for _, c := range []struct{ in, country, want string }{
		{"732 829 320", "FR", "732829320"},            // a SIREN
		{"732 829 320 00074", "FR", "73282932000074"}, // its SIRET
		{"356 000 000 00051", "FR", "35600000000051"}, // La Poste
		{"FR 44 732829320", "FR", "FR44732829320"},    // VAT with its key
		{"DE123456789", "DE", "DE123456789"},
		{"HRB 12345", "DE", "HRB12345"},
	} {
		if got, err := validate.RegistrationNo(c.in, c.country); err != nil || got != c.want {
			t.Errorf("RegistrationNo(%q, %s) = %q, %v; want %q", c.in, c.country, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, country string }{
		{"732 829 321", "FR"}, {"73282932000075", "FR"}, {"1234567", "FR"}, {"FR45732829320", "FR"},
		{"FR44732829321", "BE"}, {"AB", "DE"}, {"ÄB12345", "DE"}, {"12/345", "DE"},
	} {
		if got, err := validate.RegistrationNo(c.in, c.country); validate.CodeOf(err) != "registration_no" {
			t.Errorf("RegistrationNo(%q, %s) = %q, %v; want refused", c.in, c.country, got, err)
		}
	}
	for in, want := range map[string]string{
		"acme.example":                  "https://acme.example",
		"http://www.Acme.example/":      "http://www.acme.example",
		"https://société.fr/fr/accueil": "https://xn--socit-esab.fr/fr/accueil",
		"":                              "",
	} {
		if got, err := validate.Website(in); err != nil || got != want {
			t.Errorf("Website(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "ftp://acme.example", "https://user@acme.example", "https://acme.example:8443",
		"https://acme.example/?q=1", "https://localhost", "acme"} {
		if got, err := validate.Website(bad); validate.CodeOf(err) != "url" {
			t.Errorf("Website(%q) = %q, %v; want refused", bad, got, err)
		}
	}
	if got, err := validate.Text("  Zoé  ", 10, true, false); err != nil || got != "Zoé" {
		t.Errorf("Text = %q, %v", got, err)
	}
	for _, c := range []struct {
		in        string
		required  bool
		multiline bool
		code      string
	}{{"", true, false, "required"}, {"abcdefghijk", false, false, "too_long"}, {"a\nb", false, false, "format"},
		{"a\x00b", false, true, "format"}, {"\xff", false, false, "format"}, {"a\u202eb", false, true, "format"}, {"a\u2067b", false, false, "format"}} {
		if _, err := validate.Text(c.in, 10, c.required, c.multiline); validate.CodeOf(err) != c.code {
			t.Errorf("Text(%q) = %v, want %s", c.in, err, c.code)
		}
	}
	if got, err := validate.Text("1 rue X\n75001 Paris", 100, true, true); err != nil || !strings.Contains(got, "\n") {
		t.Errorf("multi-line Text = %q, %v", got, err)
	}
}
