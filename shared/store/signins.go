package store

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// SignInTTL is how long the sign-in history keeps an attempt.
const SignInTTL = 365 * 24 * time.Hour

// The results and methods of a sign-in attempt.
const (
	SignInOK          = "ok"
	SignInBadPassword = "bad_password"
	SignInLocked      = "locked"
	SignInMFAFailed   = "mfa_failed"
	SignInDisabled    = "disabled"

	MethodPassword = "password"
	MethodTOTP     = "totp"
	MethodRecovery = "recovery"
	MethodPasskey  = "passkey"
)

// SignIn is one attempt to sign in to an existing account.
type SignIn struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"orgId"`
	UserID    string    `json:"userId"`
	Time      time.Time `json:"time"`
	IP        string    `json:"ip"`
	UserAgent string    `json:"userAgent"`
	Result    string    `json:"result"`
	Method    string    `json:"method"`
}

// RecordSignIn returns the table step that adds an attempt to its person's history,
// for the transaction of what the attempt changed (a failure count, a mail).
func RecordSignIn(e SignIn) table.Op {
	if e.ID == "" {
		e.ID = portal.NewID()
	}
	k := signInKey(e.OrgID, e.UserID, e.ID)
	return table.Put(table.Item{PK: k.PK, SK: k.SK, TTL: e.Time.Add(SignInTTL).Unix(), Version: 1, Data: encode(e)}, table.IfAbsent())
}

// SignIns lists one person's sign-in attempts, newest first, one page at a time. The
// organisation comes from the signed-in principal; the cursor is bound to it and to
// the person.
func (s *Store) SignIns(ctx context.Context, orgID, userID string, limit int, cursor string) ([]SignIn, string, error) {
	page, err := s.t.Query(ctx, table.Query{PK: "ORG#" + orgID, Prefix: signInPrefix(userID), Backward: true, Limit: limit, Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	out := make([]SignIn, 0, len(page.Items))
	for _, it := range page.Items {
		e, err := decode[SignIn](it)
		if err != nil {
			return nil, "", err
		}
		out = append(out, e)
	}
	return out, page.Next, nil
}
