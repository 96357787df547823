package auth

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/store"
)

// Limit is a fixed-window rate limit: at most Max events per Window for one key.
type Limit struct {
	Name   string
	Max    int
	Window time.Duration
}

// Allow counts one event for key and answers RateLimited once the window is full.
func (l Limit) Allow(ctx context.Context, s *store.Store, key string, now time.Time) error {
	start := now.Truncate(l.Window)
	_, err := s.CountInWindow(ctx, l.Name+"#"+key, start, l.Window, l.Max)
	return err
}

// SignInPerIP bounds password attempts from one address, whatever the accounts tried.
var SignInPerIP = Limit{Name: "signin-ip", Max: 30, Window: 5 * time.Minute}
