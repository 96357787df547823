package auth

import (
	"context"
	"sync"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// Lockout: five wrong passwords in a row lock the account for 15 minutes, each
// further lock twice as long as the one before, up to a day.
const (
	MaxFailedSignIns = 5
	FirstLock        = 15 * time.Minute
	LongestLock      = 24 * time.Hour
)

// LockDuration is how long the n-th lock in a row lasts (n from 1).
func LockDuration(n int) time.Duration {
	d := FirstLock
	for i := 1; i < n && d < LongestLock; i++ {
		d *= 2
	}
	return min(d, LongestLock)
}

// errBadCredentials is the one answer to every failed sign-in that must not tell
// whether the address exists.
var errBadCredentials = portal.E(portal.Unauthenticated, "invalid_credentials", "wrong email or password")

// dummyHash is checked against when the address is unknown, so that an unknown
// address costs the same time as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("no such account", OWASP)
	return h
})

// Authenticator checks passwords and keeps the lockout state.
type Authenticator struct {
	Store    *store.Store
	Sessions *Sessions
	Params   Argon2Params
	Now      func() time.Time
}

func (a *Authenticator) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// CheckPassword returns the account whose address and password match. Unknown
// addresses, wrong passwords and locked accounts all give the same error, so an
// attacker learns nothing; the wrong password counts towards the lock.
func (a *Authenticator) CheckPassword(ctx context.Context, email, password, ip string) (store.Account, error) {
	now := a.now()
	if err := SignInPerIP.Allow(ctx, a.Store, ip, now); err != nil {
		return store.Account{}, err
	}
	acc, err := a.Store.AccountByEmail(ctx, email)
	if portal.Is(err, portal.NotFound) {
		_, _, _ = CheckPassword(dummyHash(), password, a.Params)
		return store.Account{}, errBadCredentials
	}
	if err != nil {
		return store.Account{}, err
	}
	if acc.PasswordHash == "" {
		_, _, _ = CheckPassword(dummyHash(), password, a.Params)
		return store.Account{}, errBadCredentials
	}
	ok, stale, err := CheckPassword(acc.PasswordHash, password, a.Params)
	if err != nil {
		return store.Account{}, err
	}
	if now.Before(acc.LockedUntil) {
		return store.Account{}, errBadCredentials
	}
	if !ok {
		acc.FailedSignIns++
		if acc.FailedSignIns >= MaxFailedSignIns {
			acc.Locks++
			acc.LockedUntil = now.Add(LockDuration(acc.Locks))
			acc.FailedSignIns = 0
		}
		if err := a.Store.SaveAccount(ctx, acc); err != nil && !portal.Is(err, portal.Conflict) {
			return store.Account{}, err
		}
		return store.Account{}, errBadCredentials
	}
	if acc.FailedSignIns != 0 || acc.Locks != 0 || stale {
		acc.FailedSignIns, acc.Locks, acc.LockedUntil = 0, 0, time.Time{}
		if stale {
			if acc.PasswordHash, err = HashPassword(password, a.Params); err != nil {
				return store.Account{}, err
			}
		}
		if err := a.Store.SaveAccount(ctx, acc); err != nil && !portal.Is(err, portal.Conflict) {
			return store.Account{}, err
		}
	}
	switch acc.Status {
	case portal.StatusDisabled, portal.StatusNotActivated:
		return store.Account{}, portal.E(portal.Forbidden, "account_"+string(acc.Status), "the account cannot sign in")
	}
	return acc, nil
}
