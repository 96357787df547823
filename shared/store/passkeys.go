package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// Passkey is one WebAuthn credential of a person. ID is the SHA-256 (hex) of the
// credential's id; Credential is the WebAuthn library's own record of it (public key,
// sign count, flags), which this package keeps without reading.
type Passkey struct {
	ID         string          `json:"id"`
	OrgID      string          `json:"orgId"`
	UserID     string          `json:"userId"`
	Name       string          `json:"name"`
	Created    time.Time       `json:"created"`
	LastUsed   time.Time       `json:"lastUsed,omitzero"`
	Credential json.RawMessage `json:"credential"`
	Version    int64           `json:"-"`
}

func passkeyItem(p Passkey) table.Item {
	k := passkeyKey(p.OrgID, p.UserID, p.ID)
	return table.Item{PK: k.PK, SK: k.SK, Version: p.Version, Data: encode(p)}
}

// AddPasskey saves a (whose passkey count the caller raised) with a new passkey and
// its guard, and also, in one transaction. A credential already registered by anyone
// is a Conflict "passkey_taken".
func (s *Store) AddPasskey(ctx context.Context, a Account, p Passkey, also ...table.Op) error {
	p.Version = 1
	g := passkeyGuard(p.ID)
	ops := append([]table.Op{
		table.Put(passkeyItem(p), table.IfAbsent()),
		table.Put(table.Item{PK: g.PK, SK: g.SK, Version: 1, Data: encode(guard{OrgID: p.OrgID, UserID: p.UserID})}, table.IfAbsent()),
	}, also...)
	err := s.SaveAccount(ctx, a, ops...)
	var cf *table.ConditionFailed
	if errors.As(err, &cf) && (cf.Index == 1 || cf.Index == 2) {
		return portal.Wrap(portal.Conflict, "passkey_taken", err)
	}
	return err
}

// RemovePasskey saves a (whose passkey count the caller lowered) and deletes the
// passkey and its guard, with also, in one transaction.
func (s *Store) RemovePasskey(ctx context.Context, a Account, p Passkey, also ...table.Op) error {
	return s.SaveAccount(ctx, a, append([]table.Op{
		table.Delete(passkeyKey(p.OrgID, p.UserID, p.ID), table.IfExists()),
		table.Delete(passkeyGuard(p.ID), table.Cond{}),
	}, also...)...)
}

// Passkeys lists a person's passkeys, oldest first.
func (s *Store) Passkeys(ctx context.Context, orgID, userID string) ([]Passkey, error) {
	page, err := s.t.Query(ctx, table.Query{PK: "ORG#" + orgID, Prefix: passkeyPrefix(userID), Limit: table.MaxLimit})
	if err != nil {
		return nil, err
	}
	out := make([]Passkey, 0, len(page.Items))
	for _, it := range page.Items {
		p, err := decode[Passkey](it)
		if err != nil {
			return nil, err
		}
		p.Version = it.Version
		out = append(out, p)
	}
	return out, nil
}

// PasskeyOwner returns who registered the credential with this hash, for a
// passwordless sign-in; NotFound when nobody did.
func (s *Store) PasskeyOwner(ctx context.Context, credHash string) (orgID, userID string, err error) {
	g, _, err := get[guard](ctx, s.t, passkeyGuard(credHash))
	return g.OrgID, g.UserID, err
}

// SavePasskey writes a passkey's new sign count and last use, unless another sign-in
// with it did so first (Conflict).
func (s *Store) SavePasskey(ctx context.Context, p Passkey, also ...table.Op) error {
	prev := p.Version
	p.Version++
	return s.t.Transact(ctx, append([]table.Op{table.Put(passkeyItem(p), table.IfVersion(prev))}, also...)...)
}

// PasskeyID is the id under which a credential is stored: the SHA-256 of its
// credential id, in hex, since credential ids may be longer than a key.
func PasskeyID(credentialID []byte) string {
	sum := sha256.Sum256(credentialID)
	return hex.EncodeToString(sum[:])
}
