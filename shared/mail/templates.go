package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"

	"github.com/guichet/guichet/shared/portal"
)

// The templates live in templates/<lang>/<name>.txt (defining "subject" and the text
// "body") and templates/<lang>/<name>.html (the HTML "body"), framed by the shared
// templates/layout.{txt,html} and the language's common.{txt,html} (greeting,
// footer). Every template exists in every language.
//
// Templates execute with missingkey=error: each key below must be present, even when
// empty. Every template needs BaseURL, the portal's absolute address without a
// trailing slash (used in the footer):
//
//	welcome          Name
//	signup_code      Code (6 digits; the text says "valid 10 minutes")
//	signup_existing  SignInURL, ResetURL
//	password_reset   Name, Link (the text says "valid 30 minutes")
//	activation       Name, Organization, Link (the text says "valid 48 hours")
//	access_decision  Name, Application, Number, Approved, Extension, Direct (an
//	                 administrator gave it without a request), Auto (bools),
//	                 Reason, Instructions, Link (activation, "valid 48 hours"),
//	                 Expires (a date) ("" for none)
//	access_received  Name, Requests (each Number, Application, Approved, Extension),
//	                 Days (deadline), NewUser (bool), Link
//	access_unlinked  RegisterURL
//	access_reminder  Name, Count, Requests (each Number, Application, Requester,
//	                 Organization, Since), More (how many are not listed), Link
//	access_expiry    Name, Application, Expires (a date), Days (left), Link
//	join_request     Name (the administrator), Requester, RequesterEmail, JobTitle,
//	                 Organisation, Link (the organisation's join requests)
//	registration_received  Name, Join (bool: joining, else a new organisation),
//	                 Partner (bool: a partner request),
//	                 Organisation, Link (the registration's status)
//	registration_decision  Name, Approved, Admin, Partner (bools), Organisation, Reason, Link
//	                 (sign-in)
//	closure_decision Name, Granted (bool: the account is closed, else declined),
//	                 Organisation, Reason, Link (the person's account page)
//	account_locked   Name, Link (self-unlock, "valid 24 hours")
//	new_device       Name, Browser, OS (either may be ""), IP, Time, ResetURL
//	password_changed Name, ResetURL
//	mfa_changed      Name, Enabled (bool), Method ("totp" or "passkey"), AccountURL
//	email_change_code       Code (6 digits, "valid 30 minutes"), to the new address
//	notification_email_code Code (6 digits, "valid 30 minutes"), to a new
//	                 notification address
//	email_change_requested  Name, NewEmail, Link (undo, "valid 7 days"), to the old one
//	email_changed    Name, OldEmail, NewEmail, Link (undo, "valid 7 days"; "" for none)
//	contact_admin    Name (the administrator), FromName, FromEmail, Organization,
//	                 Subject, Message
//	impersonation    Name, Actor (who logged in as the person), Staff (bool: the
//	                 vendor's operator, else an administrator), Reason, Start (a
//	                 time), Minutes (the longest it lasts)
//
// Name may be "" (a neutral greeting is used). Data is a map[string]any or a struct
// with those fields. Links go through html/template's URL filter, so only http(s)
// and mailto links survive in the HTML part.
//
//go:embed templates
var templateFS embed.FS

// Languages are the languages mail is written in. DefaultLang is used for any other
// tag: Guichet's vendor is French, so a user without a known preference reads French.
var Languages = []string{"fr", "en"}

// DefaultLang is the language of mail for users whose language is neither fr nor en.
const DefaultLang = "fr"

type templateSet struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// button is what the layout's "button" template draws.
type button struct{ URL, Label string }

func makeButton(url, label string) button { return button{URL: url, Label: label} }

// view is what every template sees: .Lang, .Subject (empty while the subject itself
// renders) and the caller's .Data.
type view struct {
	Lang    string
	Subject string
	Data    any
}

var loadTemplates = sync.OnceValues(func() (map[string]templateSet, error) {
	sets := make(map[string]templateSet)
	for _, lang := range Languages {
		files, err := fs.Glob(templateFS, "templates/"+lang+"/*.txt")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			name := strings.TrimSuffix(path.Base(f), ".txt")
			if name == "common" {
				continue
			}
			base := "templates/" + lang + "/"
			text, err := texttemplate.New(name).Option("missingkey=error").
				ParseFS(templateFS, "templates/layout.txt", base+"common.txt", base+name+".txt")
			if err != nil {
				return nil, err
			}
			html, err := htmltemplate.New(name).Option("missingkey=error").
				Funcs(htmltemplate.FuncMap{"button": makeButton}).
				ParseFS(templateFS, "templates/layout.html", base+"common.html", base+name+".html")
			if err != nil {
				return nil, err
			}
			sets[lang+"/"+name] = templateSet{text: text, html: html}
		}
	}
	return sets, nil
})

// TemplateNames lists the templates of the default language, sorted.
func TemplateNames() []string {
	sets, err := loadTemplates()
	if err != nil {
		return nil
	}
	var names []string
	for k := range sets {
		if lang, name, _ := strings.Cut(k, "/"); lang == DefaultLang {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// PickLang maps a user's language tag ("en-GB", "fr_CA", "de") to one Guichet writes:
// its primary subtag when it is one of Languages, else DefaultLang.
func PickLang(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	primary, _, _ = strings.Cut(primary, "_")
	if slices.Contains(Languages, primary) {
		return primary
	}
	return DefaultLang
}

// Compose returns a message to to, from the named template in lang with data, to be
// rendered at delivery. Request handlers compose rather than render: executing
// templates makes the linker keep every exported method of every type in the
// binary (templates call methods by name), which would add megabytes to each
// function; only the drainer renders. An unknown template is an Internal error now;
// data is checked against the template when it renders.
func Compose(to, lang, name string, data map[string]any) (Message, error) {
	sets, err := loadTemplates()
	if err != nil {
		return Message{}, portal.Wrap(portal.Internal, "mail_template", err)
	}
	lang = PickLang(lang)
	if _, ok := sets[lang+"/"+name]; !ok {
		return Message{}, &portal.Error{Kind: portal.Internal, Code: "mail_unknown_template",
			Message: "no mail template named " + name}
	}
	return Message{To: to, Lang: lang, Template: name, Data: data}, nil
}

// Rendered fills a composed message's subject and bodies from its template; a
// message with bodies already is returned as it is.
func (m Message) Rendered() (Message, error) {
	if m.Template == "" {
		return m, nil
	}
	r, err := Render(m.Template, m.Lang, wholeNumbers(m.Data))
	if err != nil {
		return m, err
	}
	m.Subject, m.Text, m.HTML, m.Lang = r.Subject, r.Text, r.HTML, r.Lang
	m.Template, m.Data = "", nil
	return m, nil
}

// wholeNumbers undoes what JSON did to the integers of composed data (it made them
// float64), so that templates compare them with integer constants as written.
func wholeNumbers(v any) any {
	switch x := v.(type) {
	case float64:
		if x == float64(int64(x)) {
			return int(x)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = wholeNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = wholeNumbers(e)
		}
	}
	return v
}

// Render fills the named template in lang (see PickLang) with data and returns a
// Message with Subject, Text, HTML and Lang set; the caller sets To. An unknown name,
// or data missing a key the template uses, is an Internal error: both are bugs.
func Render(name, lang string, data any) (Message, error) {
	sets, err := loadTemplates()
	if err != nil {
		return Message{}, portal.Wrap(portal.Internal, "mail_template", err)
	}
	lang = PickLang(lang)
	set, ok := sets[lang+"/"+name]
	if !ok {
		return Message{}, &portal.Error{Kind: portal.Internal, Code: "mail_unknown_template",
			Message: "no mail template named " + name}
	}
	v := view{Lang: lang, Data: data}
	var b bytes.Buffer
	if err := set.text.ExecuteTemplate(&b, "subject", v); err != nil {
		return Message{}, portal.Wrap(portal.Internal, "mail_template", err)
	}
	// A subject is one line whatever the data held: collapse every run of spaces,
	// tabs and line breaks.
	v.Subject = strings.Join(strings.Fields(b.String()), " ")

	b.Reset()
	if err := set.text.ExecuteTemplate(&b, "layout", v); err != nil {
		return Message{}, portal.Wrap(portal.Internal, "mail_template", err)
	}
	text := strings.TrimSpace(b.String()) + "\n"

	b.Reset()
	if err := set.html.ExecuteTemplate(&b, "layout", v); err != nil {
		return Message{}, portal.Wrap(portal.Internal, "mail_template", err)
	}
	return Message{Subject: v.Subject, Text: text, HTML: b.String(), Lang: lang}, nil
}
