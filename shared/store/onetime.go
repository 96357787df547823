package store

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/table"
)

// OneTime is a secret handed out once: a mailed link, a sign-in challenge, the state
// of a passkey ceremony. It is stored under the HMAC of the secret (Hash) and the
// purpose it was made for, so the table never holds a usable secret and a secret made
// for one purpose is worthless for another. It expires at Expires; the table's TTL
// only cleans it up a week later (oneTimeKeep), so readers check Expires themselves.
type OneTime struct {
	Hash    string            `json:"-"`
	Purpose string            `json:"-"`
	OrgID   string            `json:"orgId,omitempty"`
	UserID  string            `json:"userId,omitempty"`
	Expires time.Time         `json:"expires"`
	Tries   int               `json:"tries,omitempty"`
	Data    map[string]string `json:"data,omitempty"`
	Version int64             `json:"-"`
}

// oneTimeKeep is how long an expired secret stays stored, so that a page can tell
// its holder the link expired rather than that it is unknown.
const oneTimeKeep = 7 * 24 * time.Hour

func oneTimeItem(o OneTime) table.Item {
	k := oneTimeKey(o.Hash, o.Purpose)
	return table.Item{PK: k.PK, SK: k.SK, TTL: o.Expires.Add(oneTimeKeep).Unix(), Version: o.Version, Data: encode(o)}
}

// PutOneTime returns the table step that stores a new secret, for the transaction
// that hands it out (with the mail that carries it).
func PutOneTime(o OneTime) table.Op {
	o.Version = 1
	return table.Put(oneTimeItem(o), table.IfAbsent())
}

// OneTime reads the secret with this hash made for purpose; NotFound when there is
// none or its time to live passed.
func (s *Store) OneTime(ctx context.Context, hash, purpose string) (OneTime, error) {
	o, v, err := get[OneTime](ctx, s.t, oneTimeKey(hash, purpose))
	o.Hash, o.Purpose, o.Version = hash, purpose, v
	return o, err
}

// SaveOneTime writes a changed secret (one more try, a ceremony's state) unless it
// was used or changed since it was read (Conflict).
func (s *Store) SaveOneTime(ctx context.Context, o OneTime) error {
	prev := o.Version
	o.Version++
	return s.t.Put(ctx, oneTimeItem(o), table.IfVersion(prev))
}

// UseOneTime returns the table step that consumes a secret as it was read: a delete
// conditioned on its version, so that of two requests using it at once only one
// succeeds.
func UseOneTime(o OneTime) table.Op {
	return table.Delete(oneTimeKey(o.Hash, o.Purpose), table.IfVersion(o.Version))
}

// DropOneTime returns the table step that deletes a secret if it still exists, for
// a newer one that replaces it.
func DropOneTime(hash, purpose string) table.Op {
	return table.Delete(oneTimeKey(hash, purpose), table.Cond{})
}
