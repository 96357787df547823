package store

import (
	"context"
	"errors"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// Security is the part of an account that only the security features read and
// write: the second factor, the pending changes and the live links.
type Security struct {
	// TOTP is the sealed secret of the person's authenticator app, empty when none is
	// enrolled; TOTPPending is one being enrolled, until a first code confirms it.
	TOTP        string `json:"totp,omitempty"`
	TOTPPending string `json:"totpPending,omitempty"`
	// TOTPLastStep is the last 30-second step a code was accepted for: a code of that
	// step or an earlier one is refused, so that a code seen once cannot be replayed.
	TOTPLastStep int64 `json:"totpLastStep,omitempty"`
	// RecoveryCodes are the HMACs of the unused recovery codes.
	RecoveryCodes []string `json:"recoveryCodes,omitempty"`
	// Passkeys counts the person's passkeys, which are items of their own, so that a
	// sign-in knows whether there is a second factor without reading them.
	Passkeys int `json:"passkeys,omitempty"`
	// PasswordChanged is when the password was last set.
	PasswordChanged time.Time `json:"passwordChanged,omitzero"`
	// ProfileVersion counts the changes of what the person edits in "My account". The
	// profile's optimistic lock compares it, not the item's version, which also moves
	// with every sign-in.
	ProfileVersion int64 `json:"profileVersion,omitempty"`
	// EmailChange is a change of sign-in address waiting for the code sent to the
	// new address.
	EmailChange *EmailChange `json:"emailChange,omitempty"`
	// NotificationChange is a notification address waiting for the code sent to it
	// before it is used.
	NotificationChange *EmailChange `json:"notificationChange,omitempty"`
	// ActivationLink is the hash of the latest activation link. An administrator's
	// new link replaces every earlier one, which stops working at once.
	ActivationLink string `json:"activationLink,omitempty"`
	// EarlierActivationLinks are the hashes of the links an approval kept working
	// when it mailed a new one, newest first: the person may open any mail. The first
	// link used ends them all.
	EarlierActivationLinks []string `json:"earlierActivationLinks,omitempty"`
}

// HasSecondFactor reports whether the person signs in with a second factor.
func (s Security) HasSecondFactor() bool { return s.TOTP != "" || s.Passkeys > 0 }

// EmailChange is a requested change of an address (the sign-in or the notification
// one), waiting for the code sent to it.
type EmailChange struct {
	NewEmail string    `json:"newEmail"`
	CodeHash string    `json:"codeHash"`
	Expires  time.Time `json:"expires"`
	Tries    int       `json:"tries,omitempty"`
	// UndoLink is the hash of the undo link sent to the old address, so that a new
	// one can replace it.
	UndoLink string `json:"undoLink,omitempty"`
}

// ChangeEmail moves a's sign-in address to newEmail in one transaction with the
// account and also: the new address's guard is written if absent (Conflict
// "email_taken" otherwise) and the old one's deleted, so the old address signs in
// until this commits and never after. a holds the account as read (with its old
// address); the address it will have is newEmail, normalised.
func (s *Store) ChangeEmail(ctx context.Context, a Account, newEmail string, also ...table.Op) error {
	oldEmail := a.Email
	a.Email = portal.NormalizeEmail(newEmail)
	prev := a.Version
	a.Version++
	ops := append(append([]table.Op{table.Put(accountItem(a), table.IfVersion(prev))}, MoveEmailGuard(a, oldEmail)...), also...)
	return EmailTaken(s.t.Transact(ctx, ops...), 1)
}

// MoveEmailGuard returns the steps that move a's address guard from oldEmail to
// a.Email (normalised), for the transaction that writes the account with its new
// address: the new guard if nobody holds the address, the old one deleted, so the
// old address signs in until it commits and never after.
func MoveEmailGuard(a Account, oldEmail string) []table.Op {
	email := portal.NormalizeEmail(a.Email)
	return []table.Op{
		table.Put(guardItem(emailGuard(email), a.User, email, 1), table.IfAbsent()),
		table.Delete(emailGuard(oldEmail), table.IfExists()),
	}
}

// EmailTaken turns err, the failure of a transaction whose step at index is the new
// guard of MoveEmailGuard, into the Conflict "email_taken" when that step failed.
func EmailTaken(err error, index int) error {
	var cf *table.ConditionFailed
	if errors.As(err, &cf) && cf.Index == index {
		return portal.Wrap(portal.Conflict, "email_taken", err)
	}
	return err
}
