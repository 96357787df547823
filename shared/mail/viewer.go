package mail

import (
	"encoding/json"
	htmltemplate "html/template"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ViewerPath is where the local binary mounts Viewer. Register the handler for both
// "GET /dev/mail" and "GET /dev/mail/" without stripping the prefix.
const ViewerPath = "/dev/mail"

// viewerListMax bounds the list page.
const viewerListMax = 200

// Viewer serves the .eml files a FileSender wrote to dir, for the local binary only
// (never mount it in AWS: it shows everyone's mail):
//
//	GET /dev/mail                    the newest messages: date, to, subject, link
//	GET /dev/mail/{name}             one message: headers, text part, HTML source
//	GET /dev/mail/{name}.eml         the raw message
//	GET /dev/mail/{name}.html        the HTML part alone, sandboxed by its own CSP
//	GET /dev/mail/latest.json?to=a   {id, to, subject, text, html, date} of the newest
//	                                 message to a (how browser tests read their mail)
//
// Pages have no inline script or style, so they pass the server's strict CSP. Names
// other than plain file names get 404.
func Viewer(dir string) http.Handler {
	v := &viewer{dir: dir}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+ViewerPath, v.list)
	mux.HandleFunc("GET "+ViewerPath+"/{$}", v.list)
	mux.HandleFunc("GET "+ViewerPath+"/latest.json", v.latest)
	mux.HandleFunc("GET "+ViewerPath+"/{name}", v.one)
	return mux
}

type viewer struct{ dir string }

type entry struct {
	Name string // file name without .eml
	Msg  Parsed
	Err  error
}

// names returns the .eml files of dir, newest first (names start with the UTC time).
func (v *viewer) names() ([]string, error) {
	des, err := os.ReadDir(v.dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, de := range des {
		n := de.Name()
		if de.Type().IsRegular() && strings.HasSuffix(n, ".eml") && validFileName(n) {
			names = append(names, strings.TrimSuffix(n, ".eml"))
		}
	}
	slices.Sort(names)
	slices.Reverse(names)
	return names, nil
}

func (v *viewer) read(name string) (Parsed, []byte, error) {
	raw, err := os.ReadFile(filepath.Join(v.dir, name+".eml"))
	if err != nil {
		return Parsed{}, nil, err
	}
	p, err := Parse(raw)
	return p, raw, err
}

func noStore(w http.ResponseWriter, ctype string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

func (v *viewer) list(w http.ResponseWriter, r *http.Request) {
	names, err := v.names()
	if err != nil {
		http.Error(w, "cannot read the mail folder", http.StatusInternalServerError)
		return
	}
	if len(names) > viewerListMax {
		names = names[:viewerListMax]
	}
	entries := make([]entry, 0, len(names))
	for _, n := range names {
		p, _, err := v.read(n)
		entries = append(entries, entry{Name: n, Msg: p, Err: err})
	}
	noStore(w, "text/html; charset=utf-8")
	_ = viewerPages.ExecuteTemplate(w, "list", struct {
		Base    string
		Entries []entry
	}{ViewerPath, entries})
}

func (v *viewer) one(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	kind := "page"
	switch {
	case strings.HasSuffix(name, ".eml"):
		name, kind = strings.TrimSuffix(name, ".eml"), "raw"
	case strings.HasSuffix(name, ".html"):
		name, kind = strings.TrimSuffix(name, ".html"), "html"
	}
	if !validFileName(name) {
		http.NotFound(w, r)
		return
	}
	p, raw, err := v.read(name)
	if os.IsNotExist(err) || (err != nil && raw == nil) {
		http.NotFound(w, r)
		return
	}
	switch kind {
	case "raw":
		noStore(w, "text/plain; charset=utf-8")
		_, _ = w.Write(raw)
	case "html":
		if err != nil || p.HTML == "" {
			http.NotFound(w, r)
			return
		}
		noStore(w, "text/html; charset=utf-8")
		// The mail's own markup, isolated: no scripts, no requests, inline styles only.
		w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
		_, _ = w.Write([]byte(p.HTML))
	default:
		noStore(w, "text/html; charset=utf-8")
		_ = viewerPages.ExecuteTemplate(w, "one", struct {
			Base string
			entry
		}{ViewerPath, entry{Name: name, Msg: p, Err: err}})
	}
}

// LatestMail is the JSON latest.json returns.
type LatestMail struct {
	ID      string    `json:"id"`
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Text    string    `json:"text"`
	HTML    string    `json:"html"`
	Date    time.Time `json:"date"`
	Name    string    `json:"name"`
}

func (v *viewer) latest(w http.ResponseWriter, r *http.Request) {
	to := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("to")))
	writeJSON := func(status int, body any) {
		noStore(w, "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	}
	if to == "" {
		writeJSON(http.StatusBadRequest, map[string]string{"error": "the to parameter is required"})
		return
	}
	names, err := v.names()
	if err != nil {
		writeJSON(http.StatusInternalServerError, map[string]string{"error": "cannot read the mail folder"})
		return
	}
	for _, n := range names {
		p, _, err := v.read(n)
		if err != nil {
			continue
		}
		for _, a := range p.To {
			if strings.ToLower(a) == to {
				writeJSON(http.StatusOK, LatestMail{ID: p.ID, To: a, Subject: p.Subject, Text: p.Text, HTML: p.HTML, Date: p.Date, Name: n})
				return
			}
		}
	}
	writeJSON(http.StatusNotFound, map[string]string{"error": "no mail to " + to})
}

var viewerPages = htmltemplate.Must(htmltemplate.New("viewer").Funcs(htmltemplate.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "?"
		}
		return t.Local().Format("2006-01-02 15:04:05")
	},
	"join": strings.Join,
}).Parse(`
{{define "list"}}<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Local mail</title></head>
<body>
<h1>Local mail</h1>
<p>Messages the local outbox delivered, newest first.</p>
{{if .Entries}}
<table>
<thead><tr><th scope="col">Date</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Raw</th></tr></thead>
<tbody>
{{range .Entries}}<tr>
<td>{{date .Msg.Date}}</td>
<td>{{join .Msg.To ", "}}</td>
<td><a href="{{$.Base}}/{{.Name}}">{{if .Err}}(unreadable message){{else}}{{.Msg.Subject}}{{end}}</a></td>
<td><a href="{{$.Base}}/{{.Name}}.eml">.eml</a></td>
</tr>
{{end}}</tbody>
</table>
{{else}}<p>No mail yet.</p>{{end}}
</body>
</html>
{{end}}
{{define "one"}}<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Msg.Subject}}</title></head>
<body>
<p><a href="{{.Base}}">All mail</a></p>
<h1>{{.Msg.Subject}}</h1>
{{if .Err}}<p>This message could not be read: {{.Err}}</p>{{end}}
<dl>
<dt>Date</dt><dd>{{date .Msg.Date}}</dd>
<dt>From</dt><dd>{{.Msg.From}}</dd>
<dt>To</dt><dd>{{join .Msg.To ", "}}</dd>
<dt>Language</dt><dd>{{.Msg.Lang}}</dd>
<dt>Message-ID</dt><dd>{{.Msg.MessageID}}</dd>
</dl>
<p><a href="{{.Base}}/{{.Name}}.eml">Raw message</a>{{if .Msg.HTML}} · <a href="{{.Base}}/{{.Name}}.html">HTML part, rendered</a>{{end}}</p>
<h2>Text part</h2>
<pre>{{.Msg.Text}}</pre>
{{if .Msg.HTML}}<h2>HTML part (source)</h2>
<pre>{{.Msg.HTML}}</pre>{{end}}
</body>
</html>
{{end}}
`))
