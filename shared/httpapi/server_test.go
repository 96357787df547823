package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/health"
	"github.com/guichet/guichet/shared/portal"
)

type form struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// echo is a feature that exists only in this test, to exercise decoding and errors.
var echo = httpapi.Feature{Name: "echo", Routes: func(rt *httpapi.Router, d *httpapi.Deps) {
	rt.Handle("POST /api/v1/echo", func(w http.ResponseWriter, r *http.Request) error {
		var f form
		if err := httpapi.Decode(r, &f); err != nil {
			return err
		}
		var fields portal.Fields
		if f.Name == "" {
			fields.Add("name", "required")
		}
		if err := fields.Err(); err != nil {
			return err
		}
		return httpapi.Reply(w, f)
	})
	rt.Handle("GET /api/v1/panic", func(w http.ResponseWriter, r *http.Request) error {
		panic("secret internal detail")
	})
}}

func server() *httpapi.Server {
	return httpapi.New(&httpapi.Deps{}, []httpapi.Feature{health.Health, echo})
}

type apiError struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"requestId"`
		Fields    []struct {
			Field, Code, Message string
		} `json:"fields"`
	} `json:"error"`
}

func do(t *testing.T, method, path, ctype, body string, header ...string) (*httptest.ResponseRecorder, apiError) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	server().ServeHTTP(rec, req)
	var e apiError
	if rec.Code >= 400 {
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
			t.Fatalf("error body is not JSON: %q", rec.Body.String())
		}
	}
	return rec, e
}

func TestHealth(t *testing.T) {
	rec, _ := do(t, "GET", "/api/v1/health", "", "")
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"status":"ok","passkeys":true}` {
		t.Fatalf("health = %d %s", rec.Code, rec.Body)
	}
	h := rec.Header()
	if h.Get("Content-Security-Policy") != httpapi.ContentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Request-Id") == "" {
		t.Fatalf("security headers missing: %v", h)
	}
}

func TestBadInputGetsStableClientErrors(t *testing.T) {
	big := `{"name":"` + strings.Repeat("a", httpapi.MaxBodyBytes) + `"}`
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		code                            string
	}{
		{"malformed", "POST", "/api/v1/echo", "application/json", `{"name":`, 400, "malformed_json"},
		{"not an object", "POST", "/api/v1/echo", "application/json", `[1,2]`, 400, "invalid_fields"},
		{"unknown field", "POST", "/api/v1/echo", "application/json", `{"name":"a","admin":true}`, 400, "unknown_field"},
		{"trailing data", "POST", "/api/v1/echo", "application/json", `{"name":"a"} {"name":"b"}`, 400, "trailing_data"},
		{"wrong type", "POST", "/api/v1/echo", "application/json", `{"name":"a","count":"many"}`, 400, "invalid_fields"},
		{"empty", "POST", "/api/v1/echo", "application/json", ``, 400, "empty_body"},
		{"oversized", "POST", "/api/v1/echo", "application/json", big, 413, "body_too_large"},
		{"wrong content type", "POST", "/api/v1/echo", "text/plain", `{"name":"a"}`, 415, "unsupported_media_type"},
		{"no content type", "POST", "/api/v1/echo", "", `{"name":"a"}`, 415, "unsupported_media_type"},
		{"another charset", "POST", "/api/v1/echo", "application/json; charset=utf-16", `{"name":"a"}`, 415, "unsupported_media_type"},
		{"UTF-8 charset", "POST", "/api/v1/echo", "application/json; charset=UTF-8", `{"count":1}`, 400, "invalid_fields"},
		{"not UTF-8", "POST", "/api/v1/echo", "application/json", "{\"name\":\"\xff\"}", 400, "malformed_json"},
		{"missing field", "POST", "/api/v1/echo", "application/json", `{"count":1}`, 400, "invalid_fields"},
		{"unknown route", "GET", "/api/v1/nope", "", "", 404, "route_not_found"},
		{"wrong method", "DELETE", "/api/v1/health", "", "", 405, "method_not_allowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, e := do(t, c.method, c.path, c.ctype, c.body)
			if rec.Code != c.status || e.Error.Code != c.code {
				t.Fatalf("got %d %q, want %d %q (%s)", rec.Code, e.Error.Code, c.status, c.code, rec.Body)
			}
			if e.Error.Message == "" || e.Error.RequestID == "" {
				t.Fatalf("error lacks a message or request id: %s", rec.Body)
			}
		})
	}
}

func TestErrorsSpeakTheCallersLanguage(t *testing.T) {
	_, fr := do(t, "POST", "/api/v1/echo", "application/json", `{}`)
	_, en := do(t, "POST", "/api/v1/echo", "application/json", `{}`, "Accept-Language", "en-GB,en;q=0.9")
	_, cookie := do(t, "POST", "/api/v1/echo", "application/json", `{}`, "Accept-Language", "fr", "Cookie", "lang=en")
	if fr.Error.Message != "Certains champs sont incorrects." || en.Error.Message != "Some fields are invalid." || cookie.Error.Message != en.Error.Message {
		t.Fatalf("messages: fr=%q en=%q cookie=%q", fr.Error.Message, en.Error.Message, cookie.Error.Message)
	}
	if len(en.Error.Fields) != 1 || en.Error.Fields[0].Field != "name" || en.Error.Fields[0].Message != "This field is required." {
		t.Fatalf("field errors: %+v", en.Error.Fields)
	}
}

func TestPanicIsAnOpaque500(t *testing.T) {
	rec, e := do(t, "GET", "/api/v1/panic", "", "")
	if rec.Code != 500 || e.Error.Code != "internal" || strings.Contains(rec.Body.String(), "secret") {
		t.Fatalf("panic answer = %d %s", rec.Code, rec.Body)
	}
}

func TestStatusMapCoversEveryKind(t *testing.T) {
	for k := portal.Internal; k <= portal.MethodNotAllowed; k++ {
		s := httpapi.Status(portal.E(k, "x", "x"))
		if (k == portal.Internal) != (s == 500) || s < 400 {
			t.Errorf("kind %v maps to %d", k, s)
		}
	}
}
