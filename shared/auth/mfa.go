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
	if err := a.fail(ctx, acc, at, store.SignInMFAFailed, method); err != nil {
		return err
	}
	return errWrongFactor
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
