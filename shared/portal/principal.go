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
	// EnrolOnly is set when the organisation requires a second factor the person has
	// not enrolled yet: the session may do nothing else until they do.
	EnrolOnly bool
}

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
