package auth

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// ImpersonationLimit is the longest a "log in as" session lasts.
const ImpersonationLimit = 30 * time.Minute

// Impersonate opens a session as target for actor, the real person, that ends
// after ImpersonationLimit at the latest, and writes it in one transaction with
// also (the audit entry, the mail to target). It returns the cookie token.
func (m *Sessions) Impersonate(ctx context.Context, target portal.User, actor portal.Actor, ip, userAgent string, also ...table.Op) (string, store.Session, error) {
	token, sess := m.newSession(target, &actor, ip, userAgent)
	sess.Expires = sess.Created.Add(ImpersonationLimit)
	if sess.IdleUntil.After(sess.Expires) {
		sess.IdleUntil = sess.Expires
	}
	if err := m.Store.CreateSession(ctx, sess, also...); err != nil {
		return "", store.Session{}, err
	}
	return token, sess, nil
}

// KeepAlive moves the idle limit of the session of token to at least until, within
// its absolute limit, and returns it: the real person's own session stays alive
// while they are logged in as someone else. The token must name a live session of
// userID.
func (m *Sessions) KeepAlive(ctx context.Context, token, userID string, until time.Time) (store.Session, error) {
	sess, err := m.Resolve(ctx, token)
	if err != nil {
		return store.Session{}, err
	}
	if sess.UserID != userID || sess.Actor != nil {
		return store.Session{}, errNoSession
	}
	if until.After(sess.IdleUntil) {
		sess.IdleUntil = until.UTC()
		if err := m.Store.TouchSession(ctx, sess); err != nil {
			return store.Session{}, err
		}
		sess.Version++
	}
	return sess, nil
}
