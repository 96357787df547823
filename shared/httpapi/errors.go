package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/guichet/guichet/shared/portal"
)

// statusOf is the one map from error kinds to HTTP statuses.
var statusOf = map[portal.Kind]int{
	portal.Invalid:          http.StatusBadRequest,
	portal.Unauthenticated:  http.StatusUnauthorized,
	portal.Forbidden:        http.StatusForbidden,
	portal.NotFound:         http.StatusNotFound,
	portal.Conflict:         http.StatusConflict,
	portal.RateLimited:      http.StatusTooManyRequests,
	portal.TooLarge:         http.StatusRequestEntityTooLarge,
	portal.Unsupported:      http.StatusUnsupportedMediaType,
	portal.MethodNotAllowed: http.StatusMethodNotAllowed,
	portal.Internal:         http.StatusInternalServerError,
}

// Status returns the HTTP status for an error.
func Status(err error) int {
	if s, ok := statusOf[portal.KindOf(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// FieldBody is one field's error in an answer: its field, code and message.
type FieldBody struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ErrorBody is what an error answer holds: a stable code, a message in the
// caller's language, per-field errors and the ids of the request.
type ErrorBody struct {
	Code      string      `json:"code"`
	Message   string      `json:"message"`
	Fields    []FieldBody `json:"fields,omitempty"`
	RequestID string      `json:"requestId,omitempty"`
	// LambdaRequestID and APIRequestID are the platform's ids of the request, in AWS.
	LambdaRequestID string `json:"lambdaRequestId,omitempty"`
	APIRequestID    string `json:"apiRequestId,omitempty"`
}

// ErrorAnswer is the status and the body that tell the client about err: a stable
// code, a message in the caller's language and per-field errors; an internal error
// shows nothing of its cause.
func ErrorAnswer(r *http.Request, err error) (int, ErrorBody) {
	var pe *portal.Error
	if !errors.As(err, &pe) || pe.Kind == portal.Internal {
		pe = &portal.Error{Kind: portal.Internal, Code: "internal"}
	}
	lang := Lang(r)
	up := upstreamOf(r.Context())
	body := ErrorBody{Code: pe.Code, Message: message(lang, pe.Code, pe.Kind), RequestID: RequestID(r.Context()),
		LambdaRequestID: up.lambda, APIRequestID: up.api}
	if body.Code == "" {
		body.Code = pe.Kind.String()
	}
	for _, f := range pe.Fields {
		body.Fields = append(body.Fields, FieldBody{Field: f.Field, Code: f.Code, Message: FieldMessage(lang, f.Code)})
	}
	return Status(pe), body
}

// statusClientClosedRequest is what the access log says of a request whose caller
// left before its answer (nginx's 499): the store call that then failed is the
// caller's doing, not a server error to alarm on.
const statusClientClosedRequest = 499

// writeError answers with the error's status and a body the portal can show: a stable
// code, a message in the caller's language and per-field errors. The text of an
// internal error goes to the log only.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := ErrorAnswer(r, err)
	if status >= 500 && errors.Is(r.Context().Err(), context.Canceled) {
		status = statusClientClosedRequest
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	Logger(r.Context()).Log(r.Context(), level, "request failed", "status", status, "code", body.Code, "err", err.Error())
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Cookie realm="guichet"`)
	}
	WriteJSON(w, status, map[string]ErrorBody{"error": body})
}
