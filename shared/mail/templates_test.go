package mail_test

import (
	"encoding/json"
	"maps"
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
	"access_decision": {"BaseURL": baseURL, "Name": "Zoé", "Application": "Facturation", "Number": "REQ-2026-000042",
		"Approved": false, "Extension": false, "Direct": false, "Auto": false, "Reason": "Contrat expiré", "Instructions": "", "Link": "", "Expires": ""},
	"access_received": {"BaseURL": baseURL, "Name": "Zoé", "Days": 7, "NewUser": true, "Link": baseURL + "/#/applications",
		"Requests": []map[string]any{
			{"Number": "REQ-2026-000042", "Application": "Prépresse", "Approved": false, "Extension": false},
			{"Number": "REQ-2026-000043", "Application": "Licences", "Approved": true, "Extension": false},
		}},
	"access_unlinked": {"BaseURL": baseURL, "RegisterURL": baseURL + "/#/register"},
	"access_reminder": {"BaseURL": baseURL, "Name": "Olivia", "Count": 3, "More": 1, "Link": baseURL + "/#/backoffice/access-requests",
		"Requests": []map[string]any{
			{"Number": "REQ-2026-000042", "Application": "Prépresse", "Requester": "Zoé Martin", "Organization": "ACME & Fils", "Since": "23 novembre 2026"},
			{"Number": "REQ-2026-000043", "Application": "Licences", "Requester": "Léo Petit", "Organization": "ACME & Fils", "Since": "24 novembre 2026"},
		}},
	"access_expiry": {"BaseURL": baseURL, "Name": "Zoé", "Application": "Prépresse", "Expires": "7 décembre 2026", "Days": 14,
		"Link": baseURL + "/#/applications"},
	"closure_decision": {"BaseURL": baseURL, "Name": "Zoé", "Granted": false, "Organisation": "ACME & Fils", "Reason": "Contrat en cours",
		"Link": baseURL + "/#/account"},
	"join_request": {"BaseURL": baseURL, "Name": "Adèle", "Requester": "Zoé Martin", "RequesterEmail": "zoe@acme.example",
		"JobTitle": "Acheteuse", "Organisation": "ACME & Fils", "Link": baseURL + "/#/org/join-requests"},
	"registration_received": {"BaseURL": baseURL, "Name": "Zoé", "Join": false, "Partner": false, "Organisation": "ACME & Fils",
		"Link": baseURL + "/#/registration"},
	"registration_decision": {"BaseURL": baseURL, "Name": "Zoé", "Approved": false, "Admin": false, "Partner": false,
		"Organisation": "ACME & Fils", "Reason": "Inconnue de nos services", "Link": baseURL + "/#/sign-in"},

	// Sign-in and account security.
	"account_locked": {"BaseURL": baseURL, "Name": "Zoé", "Link": baseURL + "/#/unlock?token=unl0ck"},
	"new_device": {"BaseURL": baseURL, "Name": "Zoé", "Browser": "Firefox", "OS": "Windows", "IP": "203.0.113.7",
		"Time": "2026-11-23 09:00 UTC", "ResetURL": baseURL + "/#/forgot-password"},
	"password_changed": {"BaseURL": baseURL, "Name": "Zoé", "ResetURL": baseURL + "/#/forgot-password"},
	"mfa_changed": {"BaseURL": baseURL, "Name": "Zoé", "Enabled": true, "Method": "passkey",
		"AccountURL": baseURL + "/#/account"},
	"email_change_code":       {"BaseURL": baseURL, "Code": "481516"},
	"notification_email_code": {"BaseURL": baseURL, "Code": "623042"},
	"access_lifted":           {"BaseURL": baseURL, "Name": "Zoé", "Application": "Licences", "Link": baseURL + "/#/applications?app=A1"},
	"email_set_by_admin": {"BaseURL": baseURL, "Name": "Zoé", "Admin": "Adèle Admin", "Organization": "ACME", "OldEmail": "zoe@old.example",
		"NewEmail": "zoe@new.example", "Link": baseURL + "/#/signin"},
	"notification_email_set": {"BaseURL": baseURL, "Name": "Zoé", "Admin": "Adèle Admin", "Organization": "ACME", "Email": "zoe@acme.example",
		"Link": baseURL + "/#/account"},
	"outage_started": {"BaseURL": baseURL, "Name": "Zoé", "Link": baseURL + "/#/contracts/C1/weather", "Params": outageParams},
	"outage_ended":   {"BaseURL": baseURL, "Name": "Zoé", "Link": baseURL + "/#/contracts/C1/weather", "Params": outageParams},
	"email_change_requested": {"BaseURL": baseURL, "Name": "Zoé", "NewEmail": "zoe@new.example",
		"Link": baseURL + "/#/email-undo?token=und0"},
	"email_changed": {"BaseURL": baseURL, "Name": "Zoé", "OldEmail": "zoe@old.example", "NewEmail": "zoe@new.example",
		"Link": baseURL + "/#/email-undo?token=und0"},
	"contact_admin": {"BaseURL": baseURL, "Name": "Adèle", "FromName": "Zoé Martin", "FromEmail": "zoe@acme.example",
		"Organization": "ACME & Fils", "Subject": "Accès aux factures", "Message": "Bonjour,\nPouvez-vous m'ouvrir les factures ?"},

	// Contracts home.
	"budget_threshold": {"BaseURL": baseURL, "Name": "Zoé", "Link": baseURL + "/#/contracts/C1",
		"Params": map[string]string{"alert": "80", "contract": "Hébergement & co", "reference": "H-1", "month": "2026-11", "monthFr": "novembre 2026", "monthEn": "November 2026", "percent": "84",
			"consumed": "4210.00", "budget": "5000.00", "forecast": "14033.33", "currency": "EUR"}},

	// Company administration.
	"impersonation": {"BaseURL": baseURL, "Name": "Zoé", "Actor": "Adèle Martin", "Staff": false,
		"Reason": "Vérifier l'affichage des factures", "Start": "2026-11-23 09:00 UTC", "Minutes": 30},
}

// mustContain lists what the text part of each template must show.
var mustContain = map[string][]string{
	"welcome":         {"Zoé", baseURL},
	"signup_code":     {"493027", "10"},
	"signup_existing": {baseURL + "/#/sign-in", baseURL + "/#/forgot-password"},
	"password_reset":  {baseURL + "/#/reset?token=abc123", "30"},
	"activation":      {baseURL + "/#/activate?token=def456", "48", "ACME & Fils"},
	"access_decision": {"Facturation", "Contrat expiré", "REQ-2026-000042"},
	"access_received": {"REQ-2026-000042", "REQ-2026-000043", "Prépresse", "Licences", "24", "7"},
	"access_unlinked": {baseURL + "/#/register"},
	"access_reminder": {"REQ-2026-000042", "Zoé Martin", "ACME & Fils", baseURL + "/#/backoffice/access-requests"},
	"access_expiry":   {"Prépresse", "7 décembre 2026", "14", baseURL + "/#/applications"},

	// Registration (sign-up, join requests, the operators' decisions).
	"join_request":          {"Zoé Martin", "zoe@acme.example", "Acheteuse", "ACME & Fils", baseURL + "/#/org/join-requests"},
	"registration_received": {"ACME & Fils", baseURL + "/#/registration"},
	"registration_decision": {"ACME & Fils", "Inconnue de nos services"},
	"closure_decision":      {"ACME & Fils", "Contrat en cours", baseURL + "/#/account"},

	// Sign-in and account security.
	"account_locked":          {baseURL + "/#/unlock?token=unl0ck", "24"},
	"new_device":              {"Firefox", "Windows", "203.0.113.7", "2026-11-23 09:00 UTC", baseURL + "/#/forgot-password"},
	"password_changed":        {baseURL + "/#/forgot-password"},
	"mfa_changed":             {"passkey", baseURL + "/#/account"},
	"email_change_code":       {"481516", "30"},
	"notification_email_code": {"623042", "30"},
	"access_lifted":           {"Licences", baseURL + "/#/applications?app=A1"},
	"email_set_by_admin":      {"Adèle Admin", "zoe@old.example", "zoe@new.example", baseURL + "/#/signin"},
	"notification_email_set":  {"Adèle Admin", "zoe@acme.example", baseURL + "/#/account"},
	"outage_started":          {"API de commande", "Hébergement & support", "DEMO-1", "2026-11-23 09:00 UTC", baseURL + "/#/contracts/C1/weather"},
	"outage_ended":            {"API de commande", "Hébergement & support", "DEMO-1", "2026-11-23 09:00 UTC", baseURL + "/#/contracts/C1/weather"},
	"email_change_requested":  {"zoe@new.example", baseURL + "/#/email-undo?token=und0", "7"},
	"email_changed":           {"zoe@old.example", "zoe@new.example", baseURL + "/#/email-undo?token=und0", "7"},
	"contact_admin":           {"Zoé Martin", "zoe@acme.example", "ACME & Fils", "Accès aux factures", "factures ?"},

	"budget_threshold": {"Hébergement & co", "H-1", "2026", "4210.00 EUR", "5000.00 EUR", "84", "14033.33 EUR", baseURL + "/#/contracts/C1"},

	// Company administration.
	"impersonation": {"Adèle Martin", "Vérifier l'affichage des factures", "2026-11-23 09:00 UTC", "30"},
}

// outageParams are what the weather's outage events carry (strings, as every
// notification's params).
var outageParams = map[string]string{"contract": "Hébergement & support", "reference": "DEMO-1", "service": "API de commande",
	"titleFr": "Erreurs sur l'API", "titleEn": "Errors on the API", "at": "2026-11-23 09:00 UTC"}

func TestEveryTemplateInEveryLanguage(t *testing.T) {
	names := guichetmail.TemplateNames()
	want := []string{"access_decision", "access_expiry", "access_received", "access_reminder", "access_unlinked", "activation", "password_reset", "signup_code", "signup_existing", "welcome"}
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
	d := map[string]any{"BaseURL": baseURL, "Name": "", "Application": "Support", "Number": "REQ-2026-000001", "Approved": true,
		"Extension": false, "Direct": false, "Auto": false, "Reason": "", "Instructions": "", "Link": "", "Expires": ""}
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
	d = map[string]any{"BaseURL": baseURL, "Name": "", "Application": "A\r\nBcc: x@example.com", "Number": "REQ-2026-000001", "Approved": true,
		"Extension": false, "Direct": false, "Auto": false, "Reason": "", "Instructions": "", "Link": "", "Expires": ""}
	m, err = guichetmail.Render("access_decision", "en", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("subject %q keeps a line break", m.Subject)
	}
}

func TestAccessDecisionCarriesWhatTheRequesterNeeds(t *testing.T) {
	d := map[string]any{"BaseURL": baseURL, "Name": "Zoé", "Application": "Prépresse", "Number": "REQ-2026-000007",
		"Approved": true, "Extension": false, "Direct": false, "Auto": false, "Reason": "", "Instructions": "Ouvrez https://prepress.example et saisissez votre adresse.",
		"Link": baseURL + "/#/activate?token=t0k&app=A1", "Expires": "7 décembre 2026"}
	for _, lang := range guichetmail.Languages {
		m, err := guichetmail.Render("access_decision", lang, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"REQ-2026-000007", "https://prepress.example", "/#/activate?token=t0k&app=A1", "48", "2026"} {
			if !strings.Contains(m.Text, s) {
				t.Errorf("%s approval text lacks %q:\n%s", lang, s, m.Text)
			}
		}
		if !strings.Contains(m.HTML, "token=t0k&amp;app=A1") {
			t.Errorf("%s approval HTML lacks the activation link", lang)
		}
	}
	d["Approved"], d["Auto"], d["Link"], d["Instructions"], d["Expires"] = false, true, "", "", ""
	m, err := guichetmail.Render("access_decision", "fr", d)
	if err != nil || !strings.Contains(m.Text, "automatiquement") || strings.Contains(m.Text, "activate") {
		t.Errorf("automatic refusal: %v\n%s", err, m.Text)
	}
}

func TestComposedMailRendersAtDeliveryAfterTheJSONRoundTrip(t *testing.T) {
	m, err := guichetmail.Compose("ops@acme.example", "en-GB", "access_reminder", map[string]any{
		"BaseURL": "https://portal.example", "Name": "Ada", "Count": 1, "More": 0, "Link": "https://portal.example/#/x",
		"Requests": []map[string]any{{"Number": "REQ-2026-000001", "Application": "Prepress", "Requester": "Zoé", "Organization": "Acme", "Since": "1 May 2026"}},
	})
	if err != nil || m.Subject != "" || m.Lang != "en" {
		t.Fatalf("Compose = %+v, %v; it must not render yet", m, err)
	}
	// The outbox stores messages as JSON, which turns integers into float64.
	raw, _ := json.Marshal(m)
	var stored guichetmail.Message
	if err := json.Unmarshal(raw, &stored); err != nil {
		t.Fatal(err)
	}
	r, err := stored.Rendered()
	if err != nil {
		t.Fatalf("a stored composed message must render: %v", err)
	}
	if r.Subject == "" || !strings.Contains(r.Text, "REQ-2026-000001") || r.HTML == "" || r.Template != "" {
		t.Fatalf("rendered: %+v", r)
	}
	if _, err := guichetmail.Compose("a@b.example", "fr", "no_such_template", nil); err == nil {
		t.Fatal("an unknown template must be refused when composing")
	}
}

// The budget mail names the alert it is about: 80 %, all of the budget, or the
// forecast, in both languages.
func TestBudgetThresholdSaysWhichAlert(t *testing.T) {
	want := map[string]map[string]string{
		"80":       {"fr": "80 % du budget atteints", "en": "80% of the budget reached"},
		"100":      {"fr": "Budget dépassé", "en": "Budget exceeded"},
		"forecast": {"fr": "en passe d'être dépassé", "en": "on course to be exceeded"},
	}
	for alert, byLang := range want {
		data := maps.Clone(sampleData["budget_threshold"])
		params := maps.Clone(data["Params"].(map[string]string))
		params["alert"] = alert
		data["Params"] = params
		for lang, subject := range byLang {
			m, err := guichetmail.Render("budget_threshold", lang, data)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(m.Subject, subject) || !strings.Contains(m.Text, "Hébergement & co") || !strings.Contains(m.HTML, "Hébergement &amp; co") {
				t.Errorf("%s/%s: %q\n%s", alert, lang, m.Subject, m.Text)
			}
		}
	}
}
