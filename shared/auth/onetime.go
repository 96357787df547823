package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// The purposes of one-time secrets, and how long each lives.
const (
	PurposeReset      = "reset"
	PurposeUnlock     = "unlock"
	PurposeActivation = "activation"
	PurposeEmailUndo  = "email_undo"
	PurposeEmailCode  = "email_code"
	// PurposeNotificationCode is the code that proves a notification address.
	PurposeNotificationCode = "notification_code"
	PurposeMFA              = "mfa"

	ResetTTL      = 30 * time.Minute
	UnlockTTL     = 24 * time.Hour
	ActivationTTL = 48 * time.Hour
	EmailUndoTTL  = 7 * 24 * time.Hour
	EmailCodeTTL  = 30 * time.Minute
	ChallengeTTL  = 5 * time.Minute
	// MaxTries bounds the wrong answers to one challenge, code or link.
	MaxTries = 5
)

// key derives a key for one use from the portal's secret, so that no two uses share
// one.
func (a *Authenticator) key(use string) []byte {
	m := hmac.New(sha256.New, a.Secret)
	m.Write([]byte("guichet " + use))
	return m.Sum(nil)
}

// Hash is the HMAC under which a secret made for purpose is stored: without the
// portal's secret, a copy of the table cannot be used to test guesses offline.
func (a *Authenticator) Hash(purpose, secret string) string {
	m := hmac.New(sha256.New, a.key("one-time "+purpose))
	m.Write([]byte(secret))
	return hex.EncodeToString(m.Sum(nil))
}

// NewOneTime makes a secret for purpose and acc, valid for ttl, and returns it with
// the table step that stores its hash; the caller writes that step in the
// transaction of the mail that carries the secret.
func (a *Authenticator) NewOneTime(purpose string, acc store.Account, ttl time.Duration, data map[string]string) (string, store.OneTime, table.Op) {
	token := randomToken(32)
	o := store.OneTime{Hash: a.Hash(purpose, token), Purpose: purpose, OrgID: acc.OrgID, UserID: acc.ID,
		Expires: a.now().Add(ttl).UTC(), Data: data}
	return token, o, store.PutOneTime(o)
}

// IssueActivation gives acc a new activation link, valid ActivationTTL, and returns
// its token with the table steps to write when the caller saves acc: the new link's,
// and the deletion of the ones it replaces, which stop working at once.
func (a *Authenticator) IssueActivation(acc *store.Account) (string, []table.Op) {
	token, o, put := a.NewOneTime(PurposeActivation, *acc, ActivationTTL, nil)
	ops := append([]table.Op{put}, DropActivations(*acc, "")...)
	acc.ActivationLink, acc.EarlierActivationLinks = o.Hash, nil
	return token, ops
}

// keptActivations bounds the earlier links an approval keeps working.
const keptActivations = 4

// AddActivation gives acc a new activation link as IssueActivation does, but keeps
// the links already mailed working until one is used (the oldest beyond
// keptActivations stop): a second approval must not kill the link of the first
// one's mail, which the person may not have opened yet.
func (a *Authenticator) AddActivation(acc *store.Account) (string, []table.Op) {
	token, o, put := a.NewOneTime(PurposeActivation, *acc, ActivationTTL, nil)
	ops := []table.Op{put}
	if acc.ActivationLink != "" {
		kept := append([]string{acc.ActivationLink}, acc.EarlierActivationLinks...)
		for _, h := range kept[min(len(kept), keptActivations):] {
			ops = append(ops, store.DropOneTime(h, PurposeActivation))
		}
		acc.EarlierActivationLinks = kept[:min(len(kept), keptActivations)]
	}
	acc.ActivationLink = o.Hash
	return token, ops
}

// Activates reports whether the activation link whose hash is given is one of
// acc's working links.
func Activates(acc store.Account, hash string) bool {
	return hash != "" && (acc.ActivationLink == hash || slices.Contains(acc.EarlierActivationLinks, hash))
}

// DropActivations returns the steps that delete acc's activation links but the
// one whose hash is used (written with its use).
func DropActivations(acc store.Account, used string) []table.Op {
	var ops []table.Op
	for _, h := range append([]string{acc.ActivationLink}, acc.EarlierActivationLinks...) {
		if h != "" && h != used {
			ops = append(ops, store.DropOneTime(h, PurposeActivation))
		}
	}
	return ops
}

var (
	errBadLink     = portal.E(portal.Invalid, "link_invalid", "the link is unknown, used or expired")
	errLinkExpired = portal.E(portal.Invalid, "link_expired", "the link expired")
)

// LiveOneTime reads the secret as OneTime does, but tells an expired one still
// stored apart: Invalid "link_expired". It is for a page that checks its link
// before the person types anything; only the link's holder learns it.
func (a *Authenticator) LiveOneTime(ctx context.Context, token, purpose string) (store.OneTime, error) {
	o, err := a.OneTime(ctx, token, purpose)
	if !portal.Is(err, portal.Invalid) || token == "" || len(token) > 128 {
		return o, err
	}
	stored, serr := a.Store.OneTime(ctx, a.Hash(purpose, token), purpose)
	if serr == nil && !a.now().Before(stored.Expires) && stored.Tries < MaxTries {
		return o, errLinkExpired
	}
	return o, err
}

// OneTime reads the live secret token made for purpose; an unknown, used, expired or
// too often tried one is the same Invalid "link_invalid".
func (a *Authenticator) OneTime(ctx context.Context, token, purpose string) (store.OneTime, error) {
	if token == "" || len(token) > 128 {
		return store.OneTime{}, errBadLink
	}
	o, err := a.Store.OneTime(ctx, a.Hash(purpose, token), purpose)
	if portal.Is(err, portal.NotFound) {
		return store.OneTime{}, errBadLink
	}
	if err != nil {
		return store.OneTime{}, err
	}
	if !a.now().Before(o.Expires) || o.Tries >= MaxTries {
		return store.OneTime{}, errBadLink
	}
	return o, nil
}

// TryFailed counts a wrong answer given with a one-time secret (a wrong password on
// an unlock link), so that it dies after MaxTries. A concurrent use wins.
func (a *Authenticator) TryFailed(ctx context.Context, o store.OneTime) error {
	o.Tries++
	if err := a.Store.SaveOneTime(ctx, o); err != nil && !portal.Is(err, portal.Conflict) {
		return err
	}
	return nil
}

// NewCode returns a random six-digit code and its hash for purpose, for codes that
// people type (the code sent to a new sign-in address).
func (a *Authenticator) NewCode(purpose string) (code, hash string) {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	code = fmt.Sprintf("%06d", n.Int64())
	return code, a.Hash(purpose, code)
}

// CodeMatches reports, in constant time, whether code hashes to hash for purpose.
func (a *Authenticator) CodeMatches(purpose, code, hash string) bool {
	return hmac.Equal([]byte(a.Hash(purpose, code)), []byte(hash))
}
