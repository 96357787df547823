package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// Session limits: a session ends after 30 idle minutes or 12 hours, whichever comes
// first. The idle limit slides at most once a minute, to keep reads from writing.
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
	touchEvery      = time.Minute
)

// Sessions starts, resolves and ends sessions.
type Sessions struct {
	Store *store.Store
	Now   func() time.Time
}

func (m *Sessions) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SessionID is the stored id of a cookie token.
func SessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Start opens a new session for u, always under a new id, held to limit (none when
// empty), and returns the cookie token. A log-in-as is opened by Impersonate.
func (m *Sessions) Start(ctx context.Context, u portal.User, limit portal.SessionLimit, ip, userAgent string) (string, store.Session, error) {
	token, sess := m.newSession(u, nil, ip, userAgent)
	sess.Limit = limit
	if err := m.Store.CreateSession(ctx, sess); err != nil {
		return "", store.Session{}, err
	}
	return token, sess, nil
}

// newSession makes a session for u, not yet stored, under a new id, and its cookie
// token.
func (m *Sessions) newSession(u portal.User, actor *portal.Actor, ip, userAgent string) (string, store.Session) {
	now := m.now().UTC()
	token := randomToken(32)
	return token, store.Session{
		ID: SessionID(token), UserID: u.ID, OrgID: u.OrgID, Role: u.Role, Status: u.Status, Lang: u.Lang,
		Created: now, LastSeen: now, IdleUntil: now.Add(IdleTimeout), Expires: now.Add(AbsoluteTimeout),
		IP: ip, UserAgent: truncate(userAgent, 256), CSRF: randomToken(24), Actor: actor,
	}
}

var errNoSession = portal.E(portal.Unauthenticated, "session_expired", "no valid session")

// Resolve returns the live session of a cookie token, sliding its idle limit.
func (m *Sessions) Resolve(ctx context.Context, token string) (store.Session, error) {
	sess, due, err := m.Lookup(ctx, token)
	if err == nil && due {
		err = m.Slide(ctx, sess)
	}
	return sess, err
}

// Lookup returns the live session of a cookie token without writing, and whether its
// idle limit is due to slide (see Slide). A log-in-as session is read with its real
// person's account, in the same round trip, and refused with ErrActorChanged (the
// session returned too, for the caller to end it) when that person may no longer
// do it.
func (m *Sessions) Lookup(ctx context.Context, token string) (sess store.Session, due bool, err error) {
	if token == "" || len(token) > 200 {
		return store.Session{}, false, errNoSession
	}
	var actor *store.Account
	if _, hint, ok := strings.Cut(token, hintSep); ok {
		orgID, userID, _ := strings.Cut(hint, hintSep)
		if !plainID(orgID) || !plainID(userID) {
			return store.Session{}, false, errNoSession
		}
		var acc store.Account
		sess, acc, err = m.Store.SessionAndActor(ctx, SessionID(token), orgID, userID)
		if err == nil && (sess.Actor == nil || actorHint(*sess.Actor) != hintSep+hint) {
			return store.Session{}, false, errNoSession
		}
		actor = &acc
	} else {
		sess, err = m.Store.Session(ctx, SessionID(token))
	}
	if portal.Is(err, portal.NotFound) {
		return store.Session{}, false, errNoSession
	}
	if err != nil {
		return store.Session{}, false, err
	}
	now := m.now()
	if !now.Before(sess.Ends()) || (sess.Actor != nil && actor == nil) {
		return store.Session{}, false, errNoSession
	}
	if actor != nil && !m.actorStands(*actor, *sess.Actor) {
		return sess, false, ErrActorChanged
	}
	return sess, now.Sub(sess.LastSeen) >= touchEvery, nil
}

// plainID reports whether s can be an organisation's or a person's id: what a
// cookie's hint holds must be one before it becomes part of a table key.
func plainID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Slide moves the idle limit of a session Lookup returned to IdleTimeout from now.
// A session changed or ended since is left as it is.
func (m *Sessions) Slide(ctx context.Context, sess store.Session) error {
	sess.LastSeen = m.now().UTC()
	sess.IdleUntil = sess.LastSeen.Add(IdleTimeout)
	if err := m.Store.TouchSession(ctx, sess); err != nil && !portal.Is(err, portal.Conflict) {
		return err
	}
	return nil
}

// End closes the session of a cookie token.
func (m *Sessions) End(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return m.Store.DeleteSession(ctx, SessionID(token))
}

// EndOthers ends every session of a user but keep (none when keep is empty): after a
// new password, a reset, or at the person's request.
func (m *Sessions) EndOthers(ctx context.Context, userID, keep string) error {
	sessions, err := m.Store.UserSessions(ctx, userID)
	if err != nil {
		return err
	}
	for _, s := range sessions {
		if s.ID != keep {
			if err := m.Store.DeleteSession(ctx, s.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
