// Package origincheck tells a request that came through the portal's CloudFront
// distribution from one sent straight to the API's own address. CloudFront adds a
// secret header to every request it forwards; anything else it adds (the viewer's
// address first) may be believed only from a request that carries it.
//
// The secret lives in Secrets Manager and may be rotated: a new value becomes
// current while CloudFront still sends the one before, so both are accepted until
// the next deployment makes CloudFront send the new one. Values are read on first
// use and again after Refresh, so that a rotation reaches running functions.
package origincheck

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/guichet/guichet/shared/portal"
)

// Header is the request header CloudFront sends the secret in.
const Header = "X-Origin-Verify"

// Refresh is how long values read from the secret are used before they are read
// again.
const Refresh = 5 * time.Minute

// Check verifies the origin secret of requests. Its zero value is not usable: build
// it with Fixed or Rotating.
type Check struct {
	read func(context.Context) ([]string, error)
	now  func() time.Time

	mu     sync.Mutex
	values []string
	read0  time.Time
}

// Fixed checks against one value that never changes (GUICHET_ORIGIN_SECRET: a
// local setup, tests).
func Fixed(value string) *Check {
	return &Check{values: []string{value}, now: time.Now}
}

// Rotating checks against the values read returns (the secret's current and previous
// values), read on first use and again once they are older than Refresh. now is the
// clock (nil: the system's).
func Rotating(read func(context.Context) ([]string, error), now func() time.Time) *Check {
	if now == nil {
		now = time.Now
	}
	return &Check{read: read, now: now}
}

// Verify answers nil when r carries one of the accepted values, and removes the
// header from r so that no handler or log sees the secret. It answers 403
// origin_refused otherwise, and an internal error when the secret cannot be read
// at all.
func (c *Check) Verify(r *http.Request) error {
	got := r.Header.Get(Header)
	r.Header.Del(Header)
	values, err := c.current(r.Context())
	if err != nil {
		return err
	}
	ok := 0
	for _, v := range values {
		// Every value is compared, in constant time, so the answer's timing tells
		// nothing of which one was close.
		ok |= subtle.ConstantTimeCompare([]byte(got), []byte(v))
	}
	if got == "" || ok != 1 {
		return portal.E(portal.Forbidden, "origin_refused", "request without the origin secret: not through the portal's CloudFront distribution")
	}
	return nil
}

// current returns the accepted values, reading them when they are missing or older
// than Refresh. A failed re-read keeps the values known so far (for another Refresh):
// a passing Secrets Manager outage must not refuse every request.
func (c *Check) current(ctx context.Context) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.read == nil || (c.values != nil && c.now().Sub(c.read0) < Refresh) {
		return c.values, nil
	}
	values, err := c.read(ctx)
	if err == nil && len(values) == 0 {
		err = errors.New("the origin secret has no value")
	}
	if err != nil {
		if c.values != nil {
			c.read0 = c.now()
			return c.values, nil
		}
		return nil, portal.Wrap(portal.Internal, "origin_secret", err)
	}
	c.values, c.read0 = values, c.now()
	return values, nil
}
