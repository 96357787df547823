package mail_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	guichetmail "github.com/guichet/guichet/shared/mail"
)

// viewerServer mounts the viewer the way the local binary does, over a folder holding
// three messages, and a secret .eml next to (not inside) that folder.
func viewerServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "mail")
	if err := os.WriteFile(filepath.Join(root, "secret.eml"), []byte("Subject: secret\r\n\r\nsecret"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := guichetmail.FileSender{Dir: dir}
	for _, c := range []struct{ to, subject, code string }{
		{"zoe@example.com", "Premier message", "111111"},
		{"max@example.com", "Pour Max", "222222"},
		{"Zoe@Example.com", "Dernier message été", "333333"},
	} {
		m, err := guichetmail.Render("signup_code", "fr", map[string]any{"BaseURL": baseURL, "Code": c.code})
		if err != nil {
			t.Fatal(err)
		}
		m.To, m.From, m.ID, m.Subject = c.to, "no-reply@guichet.example", "ID"+c.code, c.subject
		raw, err := m.MIME(fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Send(context.Background(), c.to, raw); err != nil {
			t.Fatal(err)
		}
	}
	v := guichetmail.Viewer(dir)
	mux := http.NewServeMux()
	mux.Handle("GET /dev/mail", v)
	mux.Handle("GET /dev/mail/", v)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, dir
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

func TestViewerList(t *testing.T) {
	srv, _ := viewerServer(t)
	for _, path := range []string{"/dev/mail", "/dev/mail/"} {
		status, h, body := get(t, srv.URL+path)
		if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s = %d %s", path, status, h.Get("Content-Type"))
		}
		last, first := strings.Index(body, "Dernier message été"), strings.Index(body, "Premier message")
		if last < 0 || first < 0 || last > first {
			t.Fatalf("GET %s does not list newest first:\n%s", path, body)
		}
		if strings.Contains(body, "<script") || strings.Contains(body, `style="`) || strings.Contains(body, "<style") {
			t.Errorf("the list page has inline script or style, which the CSP forbids")
		}
	}
}

func TestViewerShowAndRaw(t *testing.T) {
	srv, dir := viewerServer(t)
	des, _ := os.ReadDir(dir)
	name := strings.TrimSuffix(des[0].Name(), ".eml")

	status, _, body := get(t, srv.URL+"/dev/mail/"+name)
	if status != 200 || !strings.Contains(body, "Premier message") || !strings.Contains(body, "111111") ||
		!strings.Contains(body, "&lt;!DOCTYPE html&gt;") {
		t.Fatalf("show page = %d:\n%s", status, body)
	}
	if strings.Contains(body, "<script") || strings.Contains(body, `style="`) || strings.Contains(body, "<table") {
		t.Errorf("the show page lets the mail's markup through or has inline style")
	}

	status, _, raw := get(t, srv.URL+"/dev/mail/"+name+".eml")
	file, _ := os.ReadFile(filepath.Join(dir, des[0].Name()))
	if status != 200 || raw != string(file) {
		t.Fatalf("raw = %d, %d bytes, want the file's %d", status, len(raw), len(file))
	}

	status, h, html := get(t, srv.URL+"/dev/mail/"+name+".html")
	if status != 200 || !strings.Contains(html, "111111") || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("HTML part = %d, CSP %q", status, h.Get("Content-Security-Policy"))
	}
}

func TestViewerLatestJSON(t *testing.T) {
	srv, _ := viewerServer(t)
	status, h, body := get(t, srv.URL+"/dev/mail/latest.json?to=ZOE@example.com")
	if status != 200 || h.Get("Content-Type") != "application/json" {
		t.Fatalf("latest.json = %d %s: %s", status, h.Get("Content-Type"), body)
	}
	var got guichetmail.LatestMail
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Subject != "Dernier message été" || !strings.Contains(got.Text, "333333") || !strings.Contains(got.HTML, "333333") ||
		!got.Date.Equal(fixedNow) || got.ID != "ID333333" || !strings.EqualFold(got.To, "zoe@example.com") {
		t.Fatalf("latest = %+v", got)
	}
	if status, _, _ := get(t, srv.URL+"/dev/mail/latest.json?to=max@example.com"); status != 200 {
		t.Fatalf("max: %d", status)
	}
	if status, _, _ := get(t, srv.URL+"/dev/mail/latest.json?to=nobody@example.com"); status != 404 {
		t.Fatalf("nobody: %d, want 404", status)
	}
	if status, _, _ := get(t, srv.URL+"/dev/mail/latest.json"); status != 400 {
		t.Fatalf("no to: %d, want 400", status)
	}
}

func TestViewerRefusesTraversal(t *testing.T) {
	srv, _ := viewerServer(t)
	for _, path := range []string{
		"/dev/mail/..%2Fsecret",
		"/dev/mail/..%2Fsecret.eml",
		"/dev/mail/%2E%2E%2Fsecret.eml",
		"/dev/mail/..%5Csecret.eml",
		"/dev/mail/.hidden.eml",
		"/dev/mail/..",
		"/dev/mail/no-such-message",
		"/dev/mail/a%00b.eml",
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || strings.Contains(string(body), "secret") {
			t.Errorf("GET %s = %d %q, want 404", path, resp.StatusCode, body)
		}
	}
	// A path the mux cleans is redirected, never served from outside the folder.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(srv.URL + "/dev/mail/../secret.eml")
	if err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 || strings.Contains(string(body), "Subject: secret") {
			t.Errorf("cleaned path served %d %q", resp.StatusCode, body)
		}
	}
}

func TestViewerEmptyFolder(t *testing.T) {
	srv := httptest.NewServer(guichetmail.Viewer(filepath.Join(t.TempDir(), "none")))
	defer srv.Close()
	if status, _, body := get(t, srv.URL+"/dev/mail"); status != 200 || !strings.Contains(body, "No mail yet") {
		t.Fatalf("empty list = %d %s", status, body)
	}
	if status, _, _ := get(t, srv.URL+"/dev/mail/latest.json?to=a@example.com"); status != 404 {
		t.Fatalf("empty latest = %d", status)
	}
}
