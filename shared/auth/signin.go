package auth

import (
	"context"
	"sync"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Lockout: five failed attempts in a row (wrong passwords, wrong second-factor codes)
// lock the account for 15 minutes, each further lock twice as long as the one
// before, up to a day.
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

// Authenticator checks passwords and second factors and keeps the lockout state.
type Authenticator struct {
	Store    *store.Store
	Sessions *Sessions
	Params   Argon2Params
	// Secret keys the HMACs of one-time secrets and recovery codes and seals TOTP
	// secrets; it must be the same on every instance.
	Secret []byte
	// Trusted networks are exempt from the per-address sign-in limit.
	Trusted Trusted
	Now     func() time.Time
}

func (a *Authenticator) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Attempt is where a sign-in attempt comes from, and how to tell the person when it
// locks their account.
type Attempt struct {
	IP        string
	UserAgent string
	// LockMail returns the table step that mails the person whose account a failure
	// just locked, with the self-unlock token; it is written with the lock.
	LockMail func(acc store.Account, unlockToken string) ([]table.Op, error)
}

// Record returns the table step that adds an attempt on acc to its history.
func (a *Authenticator) Record(acc store.Account, at Attempt, result, method string) table.Op {
	return store.RecordSignIn(store.SignIn{OrgID: acc.OrgID, UserID: acc.ID, Time: a.now().UTC(),
		IP: at.IP, UserAgent: truncate(at.UserAgent, 256), Result: result, Method: method})
}

// CheckPassword returns the account whose address and password match. Unknown
// addresses, wrong passwords and locked accounts all give the same error, so an
// attacker learns nothing; the wrong password counts towards the lock. Every attempt
// on an existing account that has a password goes into its history, except the
// success, which the caller records once the second factor, if any, is checked.
func (a *Authenticator) CheckPassword(ctx context.Context, email, password string, at Attempt) (store.Account, error) {
	now := a.now()
	if err := SignInPerIP.AllowFrom(ctx, a.Store, at.IP, a.Trusted, now); err != nil {
		return store.Account{}, err
	}
	acc, err := a.Store.AccountByEmail(ctx, email)
	if portal.Is(err, portal.NotFound) || (err == nil && acc.PasswordHash == "") {
		// The write stands for the one a wrong password makes (the failure count).
		_, _, _ = CheckPassword(dummyHash(), password, a.Params)
		if err := a.Store.Pad(ctx); err != nil {
			return store.Account{}, err
		}
		return store.Account{}, errBadCredentials
	}
	if err != nil {
		return store.Account{}, err
	}
	ok, stale, err := CheckPassword(acc.PasswordHash, password, a.Params)
	if err != nil {
		return store.Account{}, err
	}
	if now.Before(acc.LockedUntil) {
		if err := a.Store.Table().Transact(ctx, a.Record(acc, at, store.SignInLocked, store.MethodPassword)); err != nil {
			return store.Account{}, err
		}
		return store.Account{}, errBadCredentials
	}
	if !ok {
		if _, err := a.fail(ctx, acc, at, store.SignInBadPassword, store.MethodPassword); err != nil {
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
		switch err := a.Store.SaveAccount(ctx, acc); {
		case err == nil:
			acc.Version++ // later saves start from the version just written
		case portal.Is(err, portal.Conflict):
			// Another request changed the account meanwhile: continue from its copy.
			if acc, err = a.Store.Account(ctx, acc.OrgID, acc.ID); err != nil {
				return store.Account{}, err
			}
		default:
			return store.Account{}, err
		}
	}
	if err := CanSignIn(acc); err != nil {
		if err := a.Store.Table().Transact(ctx, a.Record(acc, at, store.SignInDisabled, store.MethodPassword)); err != nil {
			return store.Account{}, err
		}
		return store.Account{}, err
	}
	return acc, nil
}

// CanSignIn refuses the accounts whose status forbids signing in, whatever the
// credentials.
func CanSignIn(acc store.Account) error {
	switch acc.Status {
	case portal.StatusDisabled, portal.StatusNotActivated:
		return portal.E(portal.Forbidden, "account_"+string(acc.Status), "the account cannot sign in")
	}
	return nil
}

// fail counts one failed attempt on acc and, at the fifth in a row, locks the
// account; it reports whether the account is locked after it. The history entry (when result is not empty) and, with a new lock, the
// self-unlock link and the mail that carries it are written in the same transaction.
// When another attempt saved the account first, fail counts again on a fresh copy,
// so that attempts sent at once cannot escape the count.
func (a *Authenticator) fail(ctx context.Context, acc store.Account, at Attempt, result, method string) (bool, error) {
	for range 5 {
		also, err := a.countFailure(&acc, at, result, method)
		if err != nil {
			return false, err
		}
		err = a.Store.SaveAccount(ctx, acc, also...)
		if !portal.Is(err, portal.Conflict) {
			return a.Locked(acc), err
		}
		if acc, err = a.Store.Account(ctx, acc.OrgID, acc.ID); err != nil || a.Locked(acc) {
			// A concurrent attempt locked the account: this one changes nothing more.
			return a.Locked(acc), err
		}
	}
	return false, portal.E(portal.RateLimited, "rate_limited", "too many attempts at once")
}

// countFailure applies one failure to acc and returns the steps to write with it.
func (a *Authenticator) countFailure(acc *store.Account, at Attempt, result, method string) ([]table.Op, error) {
	acc.FailedSignIns++
	var also []table.Op
	if result != "" {
		also = append(also, a.Record(*acc, at, result, method))
	}
	if acc.FailedSignIns < MaxFailedSignIns {
		return also, nil
	}
	acc.Locks++
	acc.LockedUntil = a.now().Add(LockDuration(acc.Locks)).UTC()
	acc.FailedSignIns = 0
	if at.LockMail == nil {
		return also, nil
	}
	token, _, put := a.NewOneTime(PurposeUnlock, *acc, UnlockTTL, nil)
	notice, err := at.LockMail(*acc, token)
	if err != nil {
		return nil, err
	}
	return append(append(also, put), notice...), nil
}

// errLocked refuses what a signed-in person asks of a locked account.
var errLocked = portal.E(portal.Forbidden, "account_locked", "the account is locked")

// Locked reports whether acc is locked now.
func (a *Authenticator) Locked(acc store.Account) bool { return a.now().Before(acc.LockedUntil) }

// Reauthenticate checks the password of a signed-in person before a sensitive change
// (a new password, address or second factor). A wrong one counts towards the lock,
// so a stolen session cannot be used to guess the password; it is reported as a
// field error on field. A locked account is refused.
func (a *Authenticator) Reauthenticate(ctx context.Context, acc store.Account, password, field string, at Attempt) error {
	if a.Locked(acc) {
		return errLocked
	}
	ok := false
	if acc.PasswordHash != "" {
		var err error
		if ok, _, err = CheckPassword(acc.PasswordHash, password, a.Params); err != nil {
			return err
		}
	}
	if !ok {
		if _, err := a.fail(ctx, acc, at, "", ""); err != nil {
			return err
		}
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Message: "wrong password",
			Fields: []portal.FieldError{{Field: field, Code: "wrong_password"}}}
	}
	return nil
}

// SetPassword gives acc a new password hash; the caller saves acc.
func (a *Authenticator) SetPassword(acc *store.Account, password string) error {
	h, err := HashPassword(password, a.Params)
	if err != nil {
		return err
	}
	acc.PasswordHash, acc.PasswordChanged = h, a.now().UTC()
	return nil
}

// Unlock lifts acc's lock, as when the person proved the password with the link the
// lock mailed them; the caller saves acc.
func Unlock(acc *store.Account) {
	acc.FailedSignIns, acc.Locks, acc.LockedUntil = 0, 0, time.Time{}
}
