package auth

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Sign-up: a six-digit code mailed to the address proves it; it lives ten minutes,
// dies after five wrong tries, and a new one (at most one a minute, five an hour per
// address) replaces it. The right code buys a sign-up token that lets the person
// finish within half an hour.
const (
	PurposeSignup     = "signup"
	SignupCodeTTL     = 10 * time.Minute
	SignupResendAfter = time.Minute
	SignupTokenTTL    = 30 * time.Minute
)

// Limits on sign-up codes: per address, so that nobody floods a mailbox, and per
// caller, so that nobody floods many.
var (
	SignupCodesPerAddress = Limit{Name: "signup-code", Max: 5, Window: time.Hour}
	SignupPerIP           = Limit{Name: "signup-ip", Max: 30, Window: 10 * time.Minute}
)

// The answers to a wrong code. None tells whether the address has an account.
var (
	errCodeInvalid   = portal.E(portal.Invalid, "code_invalid", "wrong code")
	errCodeExpired   = portal.E(portal.Invalid, "code_expired", "the code expired")
	errCodeExhausted = portal.E(portal.RateLimited, "code_exhausted", "too many wrong codes; ask for a new one")
	errSignupExpired = portal.E(portal.Invalid, "signup_expired", "the sign-up expired; start again")
)

// SignupCode is a code ready to be sent.
type SignupCode struct {
	// Code is what to mail, unless Taken.
	Code string
	// Taken says the address already has an account: its owner is told so instead,
	// and Code, stored like any other, is never mailed, so it can never be entered.
	Taken bool
	// Op stores the code's hash in place of the previous code; write it in the
	// transaction of the mail.
	Op table.Op
}

// NewSignupCode makes the code for an address that signs up. It does the
// same reads and writes whether or not the address has an account, so that neither
// the answer nor its time tells. A code sent less than SignupResendAfter ago is
// RateLimited "code_resend_too_soon", with how long to wait; a sixth code within
// the hour is RateLimited "rate_limited".
func (a *Authenticator) NewSignupCode(ctx context.Context, email string) (SignupCode, time.Duration, error) {
	now := a.now()
	taken, last, err := a.Store.SignupStart(ctx, email)
	if err != nil {
		return SignupCode{}, 0, err
	}
	if wait := last.Sent.Add(SignupResendAfter).Sub(now); last.Version != 0 && wait > 0 {
		return SignupCode{}, wait, portal.E(portal.RateLimited, "code_resend_too_soon", "a code was sent less than a minute ago")
	}
	if err := SignupCodesPerAddress.Allow(ctx, a.Store, email, now); err != nil {
		return SignupCode{}, 0, err
	}
	code, _ := a.NewCode(PurposeSignup)
	next := last
	next.Hash = a.Hash(PurposeSignup, email+":"+code)
	next.Sent, next.Expires, next.Tries = now.UTC(), now.Add(SignupCodeTTL).UTC(), 0
	return SignupCode{Code: code, Taken: taken, Op: store.PutSignupCode(next)}, 0, nil
}

// CheckSignupCode checks the code typed for an address. A wrong one counts towards
// the code's tries; the fifth wrong one, and any try after it, is RateLimited
// "code_exhausted". The right one is used up in one transaction with also (the step
// that stores the sign-up token), so that of two requests with it only one
// succeeds.
func (a *Authenticator) CheckSignupCode(ctx context.Context, email, code string, also ...table.Op) error {
	for range 5 {
		c, err := a.Store.SignupCode(ctx, email)
		if portal.Is(err, portal.NotFound) {
			return errCodeInvalid
		}
		if err != nil {
			return err
		}
		if !a.now().Before(c.Expires) {
			return errCodeExpired
		}
		if c.Tries >= MaxTries {
			return errCodeExhausted
		}
		if a.CodeMatches(PurposeSignup, email+":"+code, c.Hash) {
			err = a.Store.Table().Transact(ctx, append([]table.Op{store.UseSignupCode(c)}, also...)...)
		} else {
			c.Tries++
			if err = a.Store.SaveSignupCode(ctx, c); err == nil {
				if c.Tries >= MaxTries {
					return errCodeExhausted
				}
				return errCodeInvalid
			}
		}
		if err == nil {
			return nil
		}
		if !portal.Is(err, portal.Conflict) {
			return err
		}
		// Another try or a new code landed in between: judge again on a fresh read.
	}
	return errCodeInvalid
}

// NewSignupToken makes the token that lets the owner of a proven address finish
// signing up, with the table step that stores its hash. The address is in the
// stored secret's Data["email"].
func (a *Authenticator) NewSignupToken(email string) (string, table.Op) {
	token, _, op := a.NewOneTime(PurposeSignup, store.Account{}, SignupTokenTTL, map[string]string{"email": email})
	return token, op
}

// SignupToken reads a live sign-up token; an unknown, used or expired one is Invalid
// "signup_expired".
func (a *Authenticator) SignupToken(ctx context.Context, token string) (store.OneTime, error) {
	o, err := a.OneTime(ctx, token, PurposeSignup)
	if portal.Is(err, portal.Invalid) {
		return store.OneTime{}, errSignupExpired
	}
	return o, err
}
