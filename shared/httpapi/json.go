package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/portal"
)

// MaxBodyBytes bounds every request body; no form of the portal comes near it.
const MaxBodyBytes = 1 << 20

// Decode reads a JSON request body into v strictly: the content type must be JSON
// (in UTF-8, the only encoding JSON has), the body valid UTF-8, unknown fields and
// trailing data are refused, and every failure is a client error with a stable code.
func Decode(r *http.Request, v any) error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if cs := params["charset"]; err != nil || mt != "application/json" || (cs != "" && !strings.EqualFold(cs, "utf-8")) {
		return portal.E(portal.Unsupported, "unsupported_media_type", "content type must be application/json")
	}
	// The body is bounded (MaxBodyBytes), so it is read whole: the decoder would
	// quietly turn bytes that are not UTF-8 into U+FFFD and store what nobody sent.
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return DecodeError(err)
	}
	if !utf8.Valid(raw) {
		return portal.E(portal.Invalid, "malformed_json", "the body is not UTF-8")
	}
	// A bare null would decode into nothing and leave every field at its zero value:
	// a body that says nothing is refused, as an empty one is.
	if string(bytes.TrimSpace(raw)) == "null" {
		return portal.E(portal.Invalid, "malformed_json", "the body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return DecodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return portal.E(portal.Invalid, "trailing_data", "data after the JSON value")
	}
	return nil
}

// DecodeError turns a JSON decoding failure into a client error with a stable code.
func DecodeError(err error) error {
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return portal.E(portal.TooLarge, "body_too_large", "request body too large")
	case errors.Is(err, io.EOF):
		return portal.E(portal.Invalid, "empty_body", "empty request body")
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: field, Code: "type"}}, Err: err}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &portal.Error{Kind: portal.Invalid, Code: "unknown_field", Fields: []portal.FieldError{{Field: field, Code: "unknown"}}, Err: err}
	default:
		return portal.Wrap(portal.Invalid, "malformed_json", err)
	}
}

// WriteJSON answers with v as JSON.
// writeJSON answers v with its length, so that a flushed answer is complete for the
// client while the server may still write (see slideAfter).
func WriteJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		// Only a value JSON cannot hold fails here: a programming error, which the
		// middleware turns into a 500.
		panic("encode answer: " + err.Error())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// Reply answers 200 with v as JSON; handlers return its result.
func Reply(w http.ResponseWriter, v any) error {
	WriteJSON(w, http.StatusOK, v)
	return nil
}

// Accepted answers 202 with v as JSON: the work is queued, not done.
func Accepted(w http.ResponseWriter, v any) error {
	WriteJSON(w, http.StatusAccepted, v)
	return nil
}

// Created answers 201 with v as JSON.
func Created(w http.ResponseWriter, v any) error {
	WriteJSON(w, http.StatusCreated, v)
	return nil
}
