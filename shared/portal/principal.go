package portal

import "context"

// Principal is who is acting on a request. When an operator or an administrator logs
// in as someone else, the principal is that person and Actor names the real one, so
// that every audit entry can name both.
type Principal struct {
	UserID    string
	OrgID     string
	Role      Role
	Status    UserStatus
	Lang      string
	SessionID string
	Actor     *Actor
	// Rights are the person's rights per contract, loaded only by the requests that
	// need them (the policy treats nil as no rights at all).
	Rights Rights
	// Limit is what the session is held to until its person does it; empty when
	// it may do whatever the principal may.
	Limit SessionLimit
}

// SessionLimit names the one thing a session must do before anything else. Its
// routes are the few the router opens to it; every other answers 403 with the
// code Code names.
type SessionLimit string

const (
	// LimitMFAEnrolment: the organisation requires a second factor the person has
	// not enrolled yet.
	LimitMFAEnrolment SessionLimit = "mfa_enrolment"
	// LimitPasswordChange: an administrator chose the person's password, which the
	// person must replace.
	LimitPasswordChange SessionLimit = "password_change"
)

// Code is the stable error code of a request the limit refuses.
func (l SessionLimit) Code() string { return string(l) + "_required" }

// Actor is the person really at the keyboard during an impersonation.
type Actor struct {
	UserID string `json:"userId"`
	OrgID  string `json:"orgId"`
	Role   Role   `json:"role"`
}

// Operator reports whether the principal is vendor staff.
func (p Principal) Operator() bool { return p.Role == RoleOperator }

type principalKey struct{}

// WithPrincipal returns a context carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the signed-in principal, if any.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
