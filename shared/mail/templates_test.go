package mail_test

import (
	"slices"
	"strings"
	"testing"

	guichetmail "github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
)

const baseURL = "https://portail.example.com"

// sampleData is what each template needs, with values the test looks for.
var sampleData = map[string]map[string]any{
	"welcome":     {"BaseURL": baseURL, "Name": "Zoé"},
	"signup_code": {"BaseURL": baseURL, "Code": "493027"},
	"signup_existing": {"BaseURL": baseURL, "SignInURL": baseURL + "/#/sign-in",
		"ResetURL": baseURL + "/#/forgot-password"},
	"password_reset": {"BaseURL": baseURL, "Name": "Zoé", "Link": baseURL + "/#/reset?token=abc123"},
	"activation": {"BaseURL": baseURL, "Name": "Zoé", "Organization": "ACME & Fils",
		"Link": baseURL + "/#/activate?token=def456"},
	"access_decision": {"BaseURL": baseURL, "Name": "Zoé", "Application": "Facturation",
		"Approved": false, "Reason": "Contrat expiré"},
}

// mustContain lists what the text part of each template must show.
var mustContain = map[string][]string{
	"welcome":         {"Zoé", baseURL},
	"signup_code":     {"493027", "10"},
	"signup_existing": {baseURL + "/#/sign-in", baseURL + "/#/forgot-password"},
	"password_reset":  {baseURL + "/#/reset?token=abc123", "30"},
	"activation":      {baseURL + "/#/activate?token=def456", "48", "ACME & Fils"},
	"access_decision": {"Facturation", "Contrat expiré"},
}

func TestEveryTemplateInEveryLanguage(t *testing.T) {
	names := guichetmail.TemplateNames()
	want := []string{"access_decision", "activation", "password_reset", "signup_code", "signup_existing", "welcome"}
	for _, n := range want {
		if !slices.Contains(names, n) {
			t.Errorf("template %q is missing (have %v)", n, names)
		}
	}
	for _, name := range names {
		data, ok := sampleData[name]
		if !ok {
			t.Errorf("template %q has no sample data in this test", name)
			continue
		}
		subjects := map[string]string{}
		for _, lang := range guichetmail.Languages {
			m, err := guichetmail.Render(name, lang, data)
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, name, err)
			}
			if m.Lang != lang {
				t.Errorf("%s/%s: Lang = %q", lang, name, m.Lang)
			}
			if m.Subject == "" || strings.ContainsAny(m.Subject, "\r\n") {
				t.Errorf("%s/%s: subject %q", lang, name, m.Subject)
			}
			subjects[lang] = m.Subject
			for _, s := range mustContain[name] {
				if !strings.Contains(m.Text, s) {
					t.Errorf("%s/%s: text lacks %q:\n%s", lang, name, s, m.Text)
				}
			}
			if !strings.Contains(m.Text, baseURL) || !strings.Contains(m.HTML, baseURL) {
				t.Errorf("%s/%s: the base URL is missing", lang, name)
			}
			if !strings.HasPrefix(m.HTML, "<!DOCTYPE html>") || !strings.Contains(m.HTML, `<html lang="`+lang+`">`) {
				t.Errorf("%s/%s: HTML does not start with the layout:\n%.200s", lang, name, m.HTML)
			}
			if strings.Contains(m.HTML, "ZgotmplZ") || strings.Contains(m.Text, "<no value>") {
				t.Errorf("%s/%s: a value was filtered or missing", lang, name)
			}
			// Each rendering makes a valid message.
			m.To, m.From, m.ID = "zoe@example.com", "no-reply@guichet.example", "T"+name
			raw, err := m.MIME(fixedNow)
			if err != nil {
				t.Fatalf("%s/%s: MIME: %v", lang, name, err)
			}
			p, err := guichetmail.Parse(raw)
			if err != nil || p.Subject != m.Subject || p.Text != m.Text {
				t.Errorf("%s/%s: does not parse back: %v", lang, name, err)
			}
		}
		if subjects["fr"] == subjects["en"] {
			t.Errorf("%s: fr and en subjects are the same: %q", name, subjects["fr"])
		}
	}
}

func TestAccessDecisionBothWays(t *testing.T) {
	d := map[string]any{"BaseURL": baseURL, "Name": "", "Application": "Support", "Approved": true, "Reason": ""}
	ok, err := guichetmail.Render("access_decision", "fr", d)
	if err != nil {
		t.Fatal(err)
	}
	d["Approved"] = false
	no, err := guichetmail.Render("access_decision", "fr", d)
	if err != nil {
		t.Fatal(err)
	}
	if ok.Subject == no.Subject {
		t.Errorf("approval and refusal share the subject %q", ok.Subject)
	}
	if !strings.Contains(ok.Text, "acceptée") || !strings.Contains(no.Text, "refusée") || strings.Contains(ok.Text, "Motif") {
		t.Errorf("texts:\n%s\n---\n%s", ok.Text, no.Text)
	}
	if !strings.HasPrefix(ok.Text, "Bonjour,") {
		t.Errorf("an empty name should give a neutral greeting: %q", ok.Text)
	}
}

func TestRenderWithStruct(t *testing.T) {
	data := struct{ BaseURL, Code string }{baseURL, "000111"}
	m, err := guichetmail.Render("signup_code", "en", data)
	if err != nil || !strings.Contains(m.Text, "000111") {
		t.Fatalf("Render with a struct: %v\n%s", err, m.Text)
	}
}

func TestRenderLanguageChoice(t *testing.T) {
	for tag, want := range map[string]string{"fr": "fr", "FR-ca": "fr", "en": "en", "en-GB": "en", "en_US": "en", "de": "fr", "": "fr"} {
		m, err := guichetmail.Render("welcome", tag, sampleData["welcome"])
		if err != nil || m.Lang != want {
			t.Errorf("Render(lang %q) chose %q (%v), want %q", tag, m.Lang, err, want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	if _, err := guichetmail.Render("no_such_mail", "fr", nil); err == nil {
		t.Error("an unknown template rendered")
	}
	if _, err := guichetmail.Render("signup_code", "fr", map[string]any{"BaseURL": baseURL}); err == nil {
		t.Error("a template rendered without the data it needs")
	} else if portal.KindOf(err) != portal.Internal {
		t.Errorf("missing data: %v, want Internal", err)
	}
}

func TestRenderEscapesData(t *testing.T) {
	d := map[string]any{"BaseURL": baseURL, "Name": `<script>alert(1)</script>`,
		"Link": "javascript:alert(1)", "Organization": "O"}
	m, err := guichetmail.Render("activation", "en", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, `href="javascript:`) {
		t.Errorf("HTML lets data through unescaped:\n%s", m.HTML)
	}
	d = map[string]any{"BaseURL": baseURL, "Name": "", "Application": "A\r\nBcc: x@example.com", "Approved": true, "Reason": ""}
	m, err = guichetmail.Render("access_decision", "en", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("subject %q keeps a line break", m.Subject)
	}
}
