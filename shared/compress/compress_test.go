package compress_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/compress"
)

// answer serves body as JSON with status, saying its length when sized.
func answer(status int, body string, sized bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if sized {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.WriteHeader(status)
		// Written in pieces, as an encoder does.
		for len(body) > 0 {
			n := min(len(body), 300)
			_, _ = io.WriteString(w, body[:n])
			body = body[n:]
		}
	})
}

func serve(h http.Handler, acceptEncoding ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/api/v1/org/users", nil)
	for _, v := range acceptEncoding {
		r.Header.Add("Accept-Encoding", v)
	}
	w := httptest.NewRecorder()
	compress.Handler(h).ServeHTTP(w, r)
	return w
}

func inflate(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLargeAnswersAreGzippedSmallOnesPassAsTheyAre(t *testing.T) {
	large := `{"users":[` + strings.Repeat(`{"name":"Zoé Martin","email":"zoe@example.com"},`, 100) + `{}]}`
	small := `{"user":{"name":"Zoé Martin"}}`
	for _, sized := range []bool{false, true} {
		w := serve(answer(http.StatusOK, large, sized), "gzip, deflate, br")
		if w.Code != http.StatusOK || w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Content-Length") != "" ||
			!strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
			t.Fatalf("large, sized %v: %d %v", sized, w.Code, w.Header())
		}
		if w.Body.Len() >= len(large)/4 || inflate(t, w) != large {
			t.Fatalf("large, sized %v: %d bytes gzipped", sized, w.Body.Len())
		}
		w = serve(answer(http.StatusOK, small, sized), "gzip")
		if w.Header().Get("Content-Encoding") != "" || w.Body.String() != small || !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
			t.Fatalf("small, sized %v: %v %q", sized, w.Header(), w.Body.String())
		}
	}
	// An answer exactly at the threshold, then one byte short of it.
	for size, want := range map[int]string{compress.MinSize: "gzip", compress.MinSize - 1: ""} {
		body := `"` + strings.Repeat("a", size-2) + `"`
		if w := serve(answer(http.StatusOK, body, false), "gzip"); w.Header().Get("Content-Encoding") != want {
			t.Errorf("%d bytes: Content-Encoding %q, want %q", size, w.Header().Get("Content-Encoding"), want)
		}
	}
}

func TestWhatIsNotCompressed(t *testing.T) {
	large := `{"error":"` + strings.Repeat("x", 4000) + `"}`
	cases := map[string]*httptest.ResponseRecorder{
		"no Accept-Encoding": serve(answer(http.StatusOK, large, false)),
		"gzip;q=0":           serve(answer(http.StatusOK, large, false), "gzip;q=0, identity"),
		"br only":            serve(answer(http.StatusOK, large, false), "br"),
		"an error status":    serve(answer(http.StatusBadRequest, large, false), "gzip"),
		"already encoded body": serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			answer(200, large, false).ServeHTTP(w, r)
		}), "gzip"),
		"a binary type": serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			_, _ = io.WriteString(w, large)
		}), "gzip"),
	}
	for name, w := range cases {
		if enc := w.Header().Get("Content-Encoding"); enc == "gzip" || strings.Count(w.Body.String(), "x") != 4000 {
			t.Errorf("%s: Content-Encoding %q, %d bytes", name, enc, w.Body.Len())
		}
	}
}

// TestAcceptEncodingSplitIntoValues reads a header that an adapter split into one
// value per coding, as the Lambda adapter does with API Gateway's joined headers.
func TestAcceptEncodingSplitIntoValues(t *testing.T) {
	large := `"` + strings.Repeat("a", 3000) + `"`
	if w := serve(answer(http.StatusOK, large, false), "br", "gzip"); w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("headers %v", w.Header())
	}
}

// TestStreamedAnswerIsCompressedAsItFlushes flushes a few bytes: the size of a
// streamed answer is unknown, so it is compressed from the start.
func TestStreamedAnswerIsCompressedAsItFlushes(t *testing.T) {
	w := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		_, _ = io.WriteString(w, "when,who\n")
		http.NewResponseController(w).Flush()
		_, _ = io.WriteString(w, "2026-12-07,zoe\n")
	}), "gzip")
	if w.Header().Get("Content-Encoding") != "gzip" || inflate(t, w) != "when,who\n2026-12-07,zoe\n" {
		t.Fatalf("headers %v", w.Header())
	}
}
