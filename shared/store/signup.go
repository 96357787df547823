package store

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/table"
)

// SignupCode is the one-time code last mailed to an address that signs up, kept as
// the HMAC of the address and the code, never the code. Sending another replaces
// it, so only the newest code works. Expires is checked in code; the item lives an
// hour longer so that a late attempt hears "expired" rather than "wrong".
type SignupCode struct {
	Email   string    `json:"-"`
	Hash    string    `json:"hash"`
	Sent    time.Time `json:"sent"`
	Expires time.Time `json:"expires"`
	Tries   int       `json:"tries,omitempty"`
	// Version is 0 for a code not stored yet.
	Version int64 `json:"-"`
}

// signupCodeKeep is how long an expired code stays readable.
const signupCodeKeep = time.Hour

func signupCodeItem(c SignupCode) table.Item {
	k := signupCodeKey(c.Email)
	return table.Item{PK: k.PK, SK: k.SK, TTL: c.Expires.Add(signupCodeKeep).Unix(), Version: c.Version, Data: encode(c)}
}

// SignupStart reads in one round trip whether an address already has an account and
// the code it was last sent (Version 0 when none), so that starting a sign-up costs
// the same for a new address and a taken one.
func (s *Store) SignupStart(ctx context.Context, email string) (taken bool, last SignupCode, err error) {
	items, err := s.t.GetMany(ctx, []table.Key{emailGuard(email), signupCodeKey(email)})
	if err != nil {
		return false, SignupCode{}, err
	}
	last.Email = email
	for _, it := range items {
		if it.SK == signupCodeKey(email).SK {
			if last, err = decode[SignupCode](it); err != nil {
				return false, SignupCode{}, err
			}
			last.Email, last.Version = email, it.Version
		} else {
			g, err := decode[guard](it)
			if err != nil {
				return false, SignupCode{}, err
			}
			taken = !g.Unclaimed
		}
	}
	return taken, last, nil
}

// PutSignupCode returns the table step that stores c in place of the code it was
// read as (c.Version; 0 when there was none), so that of two codes sent at once only
// one is stored and the other send fails with a Conflict.
func PutSignupCode(c SignupCode) table.Op {
	prev := c.Version
	c.Version++
	if prev == 0 {
		return table.Put(signupCodeItem(c), table.IfAbsent())
	}
	return table.Put(signupCodeItem(c), table.IfVersion(prev))
}

// SignupCode reads the code last sent to an address; NotFound when there is none.
func (s *Store) SignupCode(ctx context.Context, email string) (SignupCode, error) {
	c, v, err := get[SignupCode](ctx, s.t, signupCodeKey(email))
	c.Email, c.Version = email, v
	return c, err
}

// SaveSignupCode writes a code's new count of wrong tries unless the code changed
// since it was read (Conflict).
func (s *Store) SaveSignupCode(ctx context.Context, c SignupCode) error {
	prev := c.Version
	c.Version++
	return s.t.Put(ctx, signupCodeItem(c), table.IfVersion(prev))
}

// UseSignupCode returns the table step that consumes a code as it was read, so
// that of two requests using it at once only one succeeds.
func UseSignupCode(c SignupCode) table.Op {
	return table.Delete(signupCodeKey(c.Email), table.IfVersion(c.Version))
}
