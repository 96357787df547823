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
}

// Actor is the person really at the keyboard during an impersonation.
type Actor struct {
	UserID string
	OrgID  string
	Role   Role
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
