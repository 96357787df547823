// Package compress gzips HTTP answers for clients that accept it. The local server
// wraps everything it serves with it, and each Lambda function its API answers (API
// Gateway compresses nothing). Behind the template's CloudFront the functions get no
// Accept-Encoding: CloudFront caches nothing of the API, and passes that header on
// only with a cache policy that caches (see template.yaml).
package compress

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// MinSize is the smallest answer worth compressing: below it, gzip's own framing
// eats most of the gain, and the time spent is not won back on the network.
const MinSize = 1024

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// Handler gzips the answers of h whose type is text (HTML, CSS, JavaScript, JSON,
// CSV, SVG, ...) and whose body reaches MinSize, for clients that accept gzip. An
// answer that is already encoded, not a 200, a HEAD or small passes as it is; every
// answer says Vary: Accept-Encoding, so that no cache serves one form for the other.
func Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Method == http.MethodHead || !AcceptsGzip(r.Header.Values("Accept-Encoding")) {
			h.ServeHTTP(w, r)
			return
		}
		gw := &writer{ResponseWriter: w}
		defer gw.close()
		h.ServeHTTP(gw, r)
	})
}

// AcceptsGzip reads the Accept-Encoding header's values (an adapter may split one
// header into several): gzip listed without q=0.
func AcceptsGzip(values []string) bool {
	for _, part := range strings.Split(strings.Join(values, ","), ",") {
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

// writer decides at the answer's first header whether it may be compressed. When the
// answer says its length, that decides; when it does not, the first MinSize bytes
// are held back until they show whether the body is worth it.
type writer struct {
	http.ResponseWriter
	decided bool
	// held is the status of an answer whose decision waits for its body, and buf
	// the bytes written meanwhile.
	held int
	buf  []byte
	gz   *gzip.Writer
}

func (w *writer) WriteHeader(code int) {
	if w.decided || w.held != 0 {
		return
	}
	hd := w.Header()
	if code != http.StatusOK || hd.Get("Content-Encoding") != "" || !compressible(hd.Get("Content-Type")) {
		w.pass(code)
		return
	}
	if cl := hd.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseInt(cl, 10, 64); err != nil || n < MinSize {
			w.pass(code)
			return
		}
		w.start()
		return
	}
	w.held = code
}

// pass sends the answer as it is.
func (w *writer) pass(code int) {
	w.decided = true
	w.ResponseWriter.WriteHeader(code)
}

// start sends the answer gzipped.
func (w *writer) start() {
	w.decided = true
	hd := w.Header()
	hd.Set("Content-Encoding", "gzip")
	hd.Del("Content-Length")
	w.gz = gzipWriters.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
	w.ResponseWriter.WriteHeader(http.StatusOK)
}

func (w *writer) Write(b []byte) (int, error) {
	if !w.decided && w.held == 0 {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType(b))
		}
		w.WriteHeader(http.StatusOK)
	}
	if w.held != 0 {
		w.buf = append(w.buf, b...)
		if len(w.buf) < MinSize {
			return len(b), nil
		}
		if err := w.release(true); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// release ends the wait: it sends the held status, gzipped or not, and the bytes
// held back.
func (w *writer) release(gzipped bool) error {
	code, buf := w.held, w.buf
	w.held, w.buf = 0, nil
	if gzipped {
		w.start()
		_, err := w.gz.Write(buf)
		return err
	}
	w.pass(code)
	_, err := w.ResponseWriter.Write(buf)
	return err
}

// Flush sends what is written so far. An answer that flushes streams, and its size
// is unknown: it is compressed.
func (w *writer) Flush() {
	if w.held != 0 {
		_ = w.release(true)
	}
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *writer) close() {
	if w.held != 0 {
		_ = w.release(false)
	}
	if w.gz != nil {
		_ = w.gz.Close()
		gzipWriters.Put(w.gz)
		w.gz = nil
	}
}
