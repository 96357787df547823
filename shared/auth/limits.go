package auth

import (
	"context"
	"net/netip"
	"strings"
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

// AllowFrom is Allow for a limit keyed by the caller's address: addresses inside a
// trusted network are not counted.
func (l Limit) AllowFrom(ctx context.Context, s *store.Store, ip string, trusted Trusted, now time.Time) error {
	if trusted.Contains(ip) {
		return nil
	}
	return l.Allow(ctx, s, AddressKey(ip), now)
}

// AddressKey is what a per-address limit counts for ip: an IPv4 address itself, and
// for IPv6 its /64, since one subscriber or one machine holds a whole /64 and can
// pick a new address in it for every attempt.
func AddressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() || a.Is4In6() {
		return ip
	}
	return netip.PrefixFrom(a, 64).Masked().String()
}

// Trusted are networks whose callers the per-address limits leave alone: a
// corporate proxy that many customers share, or the loopback interface that the
// browser tests and the load command drive the local server from.
type Trusted []netip.Prefix

// ParseTrusted reads a comma-separated list of CIDR prefixes ("127.0.0.0/8,::1/128").
func ParseTrusted(list string) (Trusted, error) {
	var t Trusted
	for _, part := range strings.Split(list, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, err
		}
		t = append(t, p.Masked())
	}
	return t, nil
}

// Contains reports whether ip lies in one of the networks.
func (t Trusted) Contains(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
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
