package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/mail"
)

// siteRoutes mounts what the local server serves besides the API: the built portal
// and, when GUICHET_DEV_MAIL is on, the mail viewer.
func siteRoutes(cfg config.Config) func(rt *httpapi.Router) {
	return func(rt *httpapi.Router) {
		if cfg.DevMail {
			viewer := loopbackOnly(mail.Viewer(app.MailDir(cfg)), cfg.ClientIPHeader)
			rt.Mount(mail.ViewerPath+"/", viewer)
			rt.Mount(mail.ViewerPath, viewer)
		}
		rt.Mount("/", portalFiles(cfg.FrontendDir))
	}
}

// forwardingHeaders mark a request that a proxy relayed: behind one, every caller
// arrives from the proxy's address, which may well be loopback.
var forwardingHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Real-IP"}

// loopbackOnly serves h to callers on this machine only, and answers 404 to anyone
// else, as if nothing were there: the mail viewer shows every link of every account.
// A request relayed by a proxy (a forwarding header, or the configured client-address
// header) is not from this machine, whatever its connection's address.
func loopbackOnly(h http.Handler, clientIPHeader string) http.Handler {
	headers := forwardingHeaders
	if clientIPHeader != "" {
		headers = append([]string{clientIPHeader}, forwardingHeaders...)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, name := range headers {
			if r.Header.Get(name) != "" {
				http.NotFound(w, r)
				return
			}
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		addr, err := netip.ParseAddr(host)
		if err != nil || !addr.Unmap().IsLoopback() {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// assetsPrefix holds the files Vite names after a hash of their content: a new build
// gives changed files new names, so a browser may keep these for good.
const assetsPrefix = "/assets/"

// Cache-Control values of the portal's files.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// portalFiles serves the built portal, or a page that says how to build it. Hashed
// assets may be cached for a year; everything else, index.html first, is checked
// with the server on every use, so a new build shows at once.
func portalFiles(dir string) http.Handler {
	if _, err := os.Stat(dir + "/index.html"); err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "The portal is not built (%s/index.html is missing): run `make run` or `make frontend`.\n", dir)
		})
	}
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, assetsPrefix) {
			w.Header().Set("Cache-Control", cacheImmutable)
		} else {
			w.Header().Set("Cache-Control", cacheRevalidate)
		}
		files.ServeHTTP(w, r)
	})
}

// minCompress is the smallest answer worth compressing: below it, gzip's own framing
// eats most of the gain.
const minCompress = 1024

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// compress gzips the answers of h whose type is text (HTML, CSS, JavaScript, JSON,
// SVG, ...) for clients that accept it. An answer that is already encoded, partial,
// empty or small passes as it is.
func compress(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Method == http.MethodHead || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		h.ServeHTTP(gw, r)
	})
}

// acceptsGzip reads an Accept-Encoding header: gzip listed without q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		_, q, found := strings.Cut(strings.ReplaceAll(params, " ", ""), "q=")
		if !found {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}

func compressible(contentType string) bool {
	t, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return strings.HasPrefix(t, "text/") || t == "application/json" || t == "application/javascript" ||
		t == "application/manifest+json" || t == "image/svg+xml" || strings.HasSuffix(t, "+json") || strings.HasSuffix(t, "+xml")
}

// gzipWriter decides at the answer's first header whether to compress it.
type gzipWriter struct {
	http.ResponseWriter
	decided bool
	gz      *gzip.Writer
}

func (w *gzipWriter) WriteHeader(code int) {
	if !w.decided {
		w.decided = true
		hd := w.Header()
		size, sized := int64(-1), false
		if cl := hd.Get("Content-Length"); cl != "" {
			if n, err := strconv.ParseInt(cl, 10, 64); err == nil {
				size, sized = n, true
			}
		}
		if code == http.StatusOK && hd.Get("Content-Encoding") == "" && compressible(hd.Get("Content-Type")) && (!sized || size >= minCompress) {
			hd.Set("Content-Encoding", "gzip")
			hd.Del("Content-Length")
			w.gz = gzipWriters.Get().(*gzip.Writer)
			w.gz.Reset(w.ResponseWriter)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if !w.decided {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType(b))
		}
		w.WriteHeader(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends what is compressed so far, for answers that stream.
func (w *gzipWriter) Flush() {
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *gzipWriter) close() {
	if w.gz != nil {
		_ = w.gz.Close()
		gzipWriters.Put(w.gz)
		w.gz = nil
	}
}
