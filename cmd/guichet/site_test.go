package main

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/compress"
	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/mail"
)

// site builds the local server's handler over a data folder holding one delivered
// mail and a built portal with one hashed asset.
func site(t *testing.T, devMail bool) http.Handler {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Config{DataDir: filepath.Join(dir, "data"), FrontendDir: filepath.Join(dir, "dist"), DevMail: devMail,
		ClientIPHeader: "CloudFront-Viewer-Address"}
	m := mail.Message{ID: "m1", To: "ada@example.com", From: "no-reply@guichet.example", Subject: "Reset", Text: "https://portal.example/#/reset?token=SECRET\n"}
	raw, err := m.MIME(time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for path, body := range map[string]string{
		filepath.Join(cfg.DataDir, "mail", "20260314T090000Z-m1.eml"): string(raw),
		filepath.Join(cfg.FrontendDir, "index.html"):                  "<!doctype html><title>Guichet</title>" + strings.Repeat("<p>portal</p>", 200),
		filepath.Join(cfg.FrontendDir, "assets", "index-Bx7f3k2a.js"): strings.Repeat("console.log('guichet');\n", 200),
		filepath.Join(cfg.FrontendDir, "favicon.svg"):                 "<svg xmlns='http://www.w3.org/2000/svg'/>",
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return compress.Handler(httpapi.New(&httpapi.Deps{}, nil, siteRoutes(cfg)))
}

func get(h http.Handler, path, remote string, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.RemoteAddr = remote
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestMailViewerOnlyWhenEnabledAndOnlyFromThisMachine(t *testing.T) {
	const latest = "/dev/mail/latest.json?to=ada@example.com"
	off := site(t, false)
	for _, path := range []string{"/dev/mail", "/dev/mail/", latest} {
		if w := get(off, path, "127.0.0.1:5000", nil); w.Code == http.StatusOK || strings.Contains(w.Body.String(), "SECRET") {
			t.Errorf("GUICHET_DEV_MAIL off: GET %s from loopback answered %d %q", path, w.Code, w.Body.String())
		}
	}

	on := site(t, true)
	for _, remote := range []string{"127.0.0.1:5000", "[::1]:5000", "[::ffff:127.0.0.1]:5000"} {
		w := get(on, latest, remote, nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "SECRET") {
			t.Errorf("on, from %s: latest.json answered %d %q", remote, w.Code, w.Body.String())
		}
		if w := get(on, "/dev/mail", remote, nil); w.Code != http.StatusOK {
			t.Errorf("on, from %s: the list answered %d", remote, w.Code)
		}
	}
	for _, c := range []struct {
		remote string
		header map[string]string
	}{
		{"192.0.2.7:5000", nil},
		{"[2001:db8::7]:5000", nil},
		{"10.0.0.1:5000", nil},
		// A proxy on this machine relays strangers from a loopback connection.
		{"127.0.0.1:5000", map[string]string{"X-Forwarded-For": "192.0.2.7"}},
		{"127.0.0.1:5000", map[string]string{"Forwarded": "for=192.0.2.7"}},
		{"127.0.0.1:5000", map[string]string{"CloudFront-Viewer-Address": "192.0.2.7:443"}},
	} {
		for _, path := range []string{"/dev/mail", "/dev/mail/", latest, "/dev/mail/20260314T090000Z-m1.eml"} {
			if w := get(on, path, c.remote, c.header); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "SECRET") {
				t.Errorf("on, from %s %v: GET %s answered %d %q, want 404", c.remote, c.header, path, w.Code, w.Body.String())
			}
		}
	}
}

func TestPortalFilesCachedByKindAndCompressed(t *testing.T) {
	h := site(t, false)
	gz := map[string]string{"Accept-Encoding": "gzip, deflate, br"}
	for path, want := range map[string]string{
		"/":                         cacheRevalidate,
		"/index.html":               cacheRevalidate,
		"/favicon.svg":              cacheRevalidate,
		"/assets/index-Bx7f3k2a.js": cacheImmutable,
	} {
		w := get(h, path, "192.0.2.7:5000", gz)
		if got := w.Header().Get("Cache-Control"); w.Code/100 != 2 && w.Code != http.StatusMovedPermanently || got != want {
			t.Errorf("GET %s: %d, Cache-Control %q; want %q", path, w.Code, got, want)
		}
	}

	for _, path := range []string{"/", "/assets/index-Bx7f3k2a.js"} {
		plain := get(h, path, "192.0.2.7:5000", nil)
		w := get(h, path, "192.0.2.7:5000", gz)
		if w.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
			t.Fatalf("GET %s accepting gzip: headers %v", path, w.Header())
		}
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || string(body) != plain.Body.String() || w.Body.Len() >= plain.Body.Len() {
			t.Errorf("GET %s: gzip body of %d bytes inflates to %d bytes (%v), plain is %d", path, w.Body.Len(), len(body), err, plain.Body.Len())
		}
		if plain.Header().Get("Content-Encoding") != "" {
			t.Errorf("GET %s without Accept-Encoding came encoded", path)
		}
	}
	// Small answers and clients that refuse gzip get the bytes as they are.
	if w := get(h, "/favicon.svg", "192.0.2.7:5000", gz); w.Header().Get("Content-Encoding") != "" {
		t.Errorf("a %d-byte file was compressed", w.Body.Len())
	}
	if w := get(h, "/", "192.0.2.7:5000", map[string]string{"Accept-Encoding": "gzip;q=0, identity"}); w.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 was answered with gzip")
	}
}
