package portal

import "context"

// Caller is who sends a request, as the HTTP edge resolved it once, before any
// handler runs: the address it comes from (behind a trusted proxy, the one the proxy
// saw), its device (the user agent) and the request's id. Handlers, helpers and
// domain code (sessions, sign-in attempts, audit entries, mail) take it from the
// context, so that none derives it from the request again.
type Caller struct {
	Address   string
	Device    string
	RequestID string
}

type callerKey struct{}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller ctx carries: the zero Caller (no address) for work
// that no request started, such as a scheduled job.
func CallerFrom(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	return c
}
