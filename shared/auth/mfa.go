package auth

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// A sign-in with a second factor has two steps: the right password opens a
// challenge (a one-time secret handed to the browser, valid ChallengeTTL, MaxTries
// wrong answers), and a code of the person's app, a recovery code or a passkey closes
// it. No session exists in between.

var (
	errBadChallenge = portal.E(portal.Unauthenticated, "mfa_challenge_invalid", "the sign-in step expired; sign in again")
	errWrongFactor  = portal.E(portal.Unauthenticated, "invalid_code", "wrong code")
)

// StartChallenge opens the second step of acc's sign-in and returns its token.
func (a *Authenticator) StartChallenge(ctx context.Context, acc store.Account) (string, error) {
	token, _, put := a.NewOneTime(PurposeMFA, acc, ChallengeTTL, nil)
	return token, a.Store.Table().Transact(ctx, put)
}

// OpenChallenge returns the live challenge of token and the account it is for. An
// unknown, expired or exhausted challenge, or one whose account has since been
// locked or disabled, is Unauthenticated "mfa_challenge_invalid": sign in again.
func (a *Authenticator) OpenChallenge(ctx context.Context, token string) (store.OneTime, store.Account, error) {
	ch, err := a.OneTime(ctx, token, PurposeMFA)
	if portal.Is(err, portal.Invalid) {
		return store.OneTime{}, store.Account{}, errBadChallenge
	}
	if err != nil {
		return store.OneTime{}, store.Account{}, err
	}
	acc, err := a.Store.Account(ctx, ch.OrgID, ch.UserID)
	if portal.Is(err, portal.NotFound) || (err == nil && (a.Locked(acc) || CanSignIn(acc) != nil)) {
		return store.OneTime{}, store.Account{}, errBadChallenge
	}
	return ch, acc, err
}

// FailChallenge counts a wrong answer to the challenge, and towards the account's
// lock, records it in the history, and returns the error to answer with.
func (a *Authenticator) FailChallenge(ctx context.Context, ch store.OneTime, acc store.Account, at Attempt, method string) error {
	if err := a.TryFailed(ctx, ch); err != nil {
		return err
	}
	if _, err := a.fail(ctx, acc, at, store.SignInMFAFailed, method); err != nil {
		return err
	}
	return errWrongFactor
}

// CheckSecondFactor checks a code of the person's app, or else one of their
// recovery codes, that a signed-in person gives to confirm a change. On success acc
// remembers the code's step or strikes the recovery code; the caller saves it. A
// wrong code counts as WrongCode says, and a locked account is refused whatever the
// code.
func (a *Authenticator) CheckSecondFactor(ctx context.Context, acc *store.Account, code, recoveryCode string, at Attempt) error {
	if a.Locked(*acc) {
		return errLocked
	}
	if (code != "" && a.CheckTOTP(acc, code)) || (recoveryCode != "" && a.UseRecoveryCode(acc, recoveryCode)) {
		return nil
	}
	return a.WrongCode(ctx, *acc, at)
}

// WrongCode counts a wrong code given after sign-in towards acc's lock, on the same
// count as wrong passwords and wrong codes at sign-in, so that a stolen session
// cannot guess a second factor without limit, whichever route it tries. It returns
// the error to answer with: the field error "wrong_code", or Forbidden
// "account_locked" when this failure locked the account (the lock mails the person).
func (a *Authenticator) WrongCode(ctx context.Context, acc store.Account, at Attempt) error {
	locked, err := a.fail(ctx, acc, at, "", "")
	if err != nil {
		return err
	}
	if locked {
		return errLocked
	}
	return errWrongCode
}

// PassChallenge closes the challenge: it saves acc as the second factor left it (a
// TOTP step, a struck recovery code), clears the failure count and consumes the
// challenge, with also, in one transaction. Of two answers racing with the same
// code, one gets Unauthenticated "mfa_challenge_invalid".
func (a *Authenticator) PassChallenge(ctx context.Context, ch store.OneTime, acc store.Account, also ...table.Op) error {
	acc.FailedSignIns, acc.Locks, acc.LockedUntil = 0, 0, time.Time{}
	err := a.Store.SaveAccount(ctx, acc, append([]table.Op{store.UseOneTime(ch)}, also...)...)
	if portal.Is(err, portal.Conflict) {
		return errBadChallenge
	}
	return err
}
