// Package portal holds Guichet's domain vocabulary: the error kinds every layer
// speaks, field errors for forms, and the small types shared by all features.
// It imports only the standard library so that every other package may depend on it.
package portal

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the caller can do about it. Only the HTTP layer
// turns a kind into a status code.
type Kind int

// The error kinds. The zero value is Internal so that an unclassified error is never
// mistaken for the client's fault.
const (
	Internal Kind = iota
	Invalid
	Unauthenticated
	Forbidden
	NotFound
	Conflict
	RateLimited
	TooLarge
	Unsupported
	MethodNotAllowed
)

var kindNames = [...]string{
	Internal:         "internal",
	Invalid:          "invalid",
	Unauthenticated:  "unauthenticated",
	Forbidden:        "forbidden",
	NotFound:         "not_found",
	Conflict:         "conflict",
	RateLimited:      "rate_limited",
	TooLarge:         "too_large",
	Unsupported:      "unsupported_media_type",
	MethodNotAllowed: "method_not_allowed",
}

// String returns the kind's stable, lower-case name.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "internal"
}

// FieldError tells which form field is wrong and why, as a stable code the portal
// translates (for example "required", "too_long", "email").
type FieldError struct {
	Field string `json:"field"`
	Code  string `json:"code"`
}

// Error is the one error type that crosses package boundaries. Code is a stable,
// machine-readable reason ("malformed_json", "version_conflict"); Message is an English
// fallback for logs; Err keeps the cause for logs only and never reaches a client.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	Err     error
}

// Error renders the error for logs.
func (e *Error) Error() string {
	msg := e.Kind.String()
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// E builds an Error of the given kind with a stable code and an English message.
func E(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Wrap builds an Error of the given kind that keeps err as its cause.
func Wrap(kind Kind, code string, err error) *Error {
	return &Error{Kind: kind, Code: code, Err: err}
}

// Internalf wraps an unexpected failure; its text is for logs only.
func Internalf(format string, args ...any) *Error {
	return &Error{Kind: Internal, Code: "internal", Err: fmt.Errorf(format, args...)}
}

// KindOf returns the kind of the first *Error in err's chain, Internal when there is
// none, so that unknown failures are never reported as the client's fault.
func KindOf(err error) Kind {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Kind
	}
	return Internal
}

// CodeOf returns the stable code of the first *Error in err's chain, "" when there
// is none.
func CodeOf(err error) string {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// Is reports whether err carries the given kind.
func Is(err error, kind Kind) bool {
	return err != nil && KindOf(err) == kind
}

// Fields collects field errors while a form is validated and turns them into one
// Invalid error at the end.
type Fields []FieldError

// Add records that field is wrong for the reason code.
func (f *Fields) Add(field, code string) {
	*f = append(*f, FieldError{Field: field, Code: code})
}

// Err returns nil when no field was reported, else an Invalid error that lists them.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Code: "invalid_fields", Message: "some fields are invalid", Fields: f}
}
