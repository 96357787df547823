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
// also (the audit entry, the mail to target). It returns the cookie token, which
// names the real person after the random part (see actorHint), so that each
// request reads their account with the session.
func (m *Sessions) Impersonate(ctx context.Context, target portal.User, actor portal.Actor, ip, userAgent string, also ...table.Op) (string, store.Session, error) {
	token, sess := m.newSession(target, &actor, ip, userAgent)
	token += actorHint(actor)
	sess.ID = SessionID(token)
	sess.Expires = sess.Created.Add(ImpersonationLimit)
	if sess.IdleUntil.After(sess.Expires) {
		sess.IdleUntil = sess.Expires
	}
	if err := m.Store.CreateSession(ctx, sess, also...); err != nil {
		return "", store.Session{}, err
	}
	return token, sess, nil
}

// hintSep separates a log-in-as token's random part from the real person's
// organisation and id, which never hold it.
const hintSep = "~"

// actorHint is what a log-in-as token adds to its random part: where the real
// person's account is. The session's id is the hash of the whole token, so the hint
// cannot be changed without losing the session, and Lookup checks that it names the
// session's real person.
func actorHint(a portal.Actor) string { return hintSep + a.OrgID + hintSep + a.UserID }

// ErrActorChanged refuses a log-in-as whose real person may no longer do it: their
// account is gone, moved to another organisation, disabled, locked or no longer of
// the role they started it with. The caller ends the session.
var ErrActorChanged = portal.E(portal.Unauthenticated, "session_expired", "the real person of this log-in-as may no longer do it")

// actorStands reports whether the real person of a log-in-as, whose account is acc
// (the zero Account when it is not where the session says), may still do it.
func (m *Sessions) actorStands(acc store.Account, actor portal.Actor) bool {
	return acc.ID == actor.UserID && acc.OrgID == actor.OrgID && acc.Role == actor.Role &&
		acc.Status == portal.StatusReady && !m.now().Before(acc.LockedUntil)
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
