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

// Limits on what mails a person or reaches others, so that no form can be used to
// flood a mailbox: forgotten-password requests per address and per caller, sign-in
// address changes and messages to the administrators per person.
var (
	ForgotPerIP         = Limit{Name: "forgot-ip", Max: 10, Window: 15 * time.Minute}
	ForgotPerAccount    = Limit{Name: "forgot-user", Max: 3, Window: time.Hour}
	EmailChangePerUser  = Limit{Name: "email-change", Max: 5, Window: time.Hour}
	ContactAdminPerUser = Limit{Name: "contact-admin", Max: 3, Window: time.Hour}
)
