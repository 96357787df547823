package mail

import (
	"context"
	"errors"

	"github.com/guichet/guichet/shared/portal"
)

// Sender delivers one message, already rendered to MIME bytes, to one recipient.
// Errors say whether trying again may help: see Retryable.
type Sender interface {
	Send(ctx context.Context, to string, raw []byte) error
}

// The codes senders report.
const (
	// CodeUnavailable: the mail service failed or throttled; try again later.
	CodeUnavailable = "mail_unavailable"
	// CodeRejected: the service refused this message (bad address, content, sender
	// identity); sending it again will fail the same way.
	CodeRejected = "mail_rejected"
)

// unavailable wraps a failure worth retrying.
func unavailable(err error) error {
	return &portal.Error{Kind: portal.Internal, Code: CodeUnavailable, Message: "the mail service is unavailable", Err: err}
}

// rejected wraps a permanent refusal.
func rejected(err error) error {
	return &portal.Error{Kind: portal.Invalid, Code: CodeRejected, Message: "the mail service rejected the message", Err: err}
}

// Retryable reports whether sending again may succeed. Only permanent failures say
// no: a mail_rejected error or any other Invalid error (a message that cannot be
// rendered). Everything else, including unknown errors and a cancelled context, is
// retryable, so that mail is never dropped on a failure nobody classified.
func Retryable(err error) bool {
	if err == nil {
		return false
	}
	var pe *portal.Error
	if errors.As(err, &pe) {
		return pe.Code != CodeRejected && pe.Kind != portal.Invalid
	}
	return true
}

// errorCode is the stable code the outbox records for a failure.
func errorCode(err error) string {
	var pe *portal.Error
	if errors.As(err, &pe) && pe.Code != "" {
		return pe.Code
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "send_failed"
}
