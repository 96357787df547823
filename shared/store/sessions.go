package store

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// Session is a signed-in browser. Its ID is the SHA-256 of the cookie's token, so a
// leaked table never yields a usable cookie.
type Session struct {
	ID        string            `json:"-"`
	UserID    string            `json:"userId"`
	OrgID     string            `json:"orgId"`
	Role      portal.Role       `json:"role"`
	Status    portal.UserStatus `json:"status"`
	Lang      string            `json:"lang"`
	Created   time.Time         `json:"created"`
	LastSeen  time.Time         `json:"lastSeen"`
	IdleUntil time.Time         `json:"idleUntil"`
	Expires   time.Time         `json:"expires"`
	IP        string            `json:"ip"`
	UserAgent string            `json:"userAgent"`
	CSRF      string            `json:"csrf"`
	Actor     *portal.Actor     `json:"actor,omitempty"`
	// Limit holds the session to one thing before anything else: enrolling the
	// second factor the organisation requires, or replacing a password an
	// administrator chose.
	Limit   portal.SessionLimit `json:"limit,omitempty"`
	Version int64               `json:"-"`
}

// Ends is when the session stops working: the sooner of its idle and absolute limits.
func (s Session) Ends() time.Time {
	if s.IdleUntil.Before(s.Expires) {
		return s.IdleUntil
	}
	return s.Expires
}

func sessionItem(s Session) table.Item {
	k := sessionKey(s.ID)
	created := s.Created.UTC().Format(time.RFC3339Nano)
	it := table.Item{
		PK: k.PK, SK: k.SK,
		GSI1PK: userSessionsIndex(s.UserID), GSI1SK: created,
		TTL: s.Ends().Unix(), Version: s.Version, Data: encode(s),
	}
	if s.Actor != nil {
		it.GSI2PK, it.GSI2SK = heldSessionsIndex(s.Actor.UserID), created
	}
	return it
}

// CreateSession stores a new session, with whatever else must be written with it (an
// impersonation's audit entry and mail).
func (s *Store) CreateSession(ctx context.Context, sess Session, also ...table.Op) error {
	sess.Version = 1
	return s.t.Transact(ctx, append([]table.Op{table.Put(sessionItem(sess), table.IfAbsent())}, also...)...)
}

// Session reads a live session by id.
func (s *Store) Session(ctx context.Context, id string) (Session, error) {
	sess, v, err := get[Session](ctx, s.t, sessionKey(id))
	sess.ID, sess.Version = id, v
	return sess, err
}

// SessionAndActor reads a log-in-as session and the account of the real person its
// cookie names, in one round trip, so that every request of a log-in-as checks the
// real person too within the read budget. The account is the zero Account when it
// is not where the cookie names it (deleted, or moved to another organisation); the
// caller checks that the session names that same person.
func (s *Store) SessionAndActor(ctx context.Context, id, actorOrgID, actorID string) (Session, Account, error) {
	key, actorKey := sessionKey(id), userKey(actorOrgID, actorID)
	items, err := s.t.GetMany(ctx, []table.Key{key, actorKey})
	if err != nil {
		return Session{}, Account{}, err
	}
	var sess Session
	var actor Account
	for _, it := range items {
		switch it.Key() {
		case key:
			if sess, err = decode[Session](it); err != nil {
				return Session{}, Account{}, err
			}
			sess.ID, sess.Version = id, it.Version
		case actorKey:
			if actor, err = decodeAccount(it); err != nil {
				return Session{}, Account{}, err
			}
		}
	}
	if sess.ID == "" {
		return Session{}, Account{}, portal.E(portal.NotFound, "not_found", "no such item")
	}
	return sess, actor, nil
}

// EndSession is the table step that ends a live session. It fails (Conflict) when
// the session has already ended, so that an end written with it is written once.
func EndSession(id string) table.Op { return table.Delete(sessionKey(id), table.IfExists()) }

// TouchSession saves a session's new last-seen time and idle limit, unless another
// request already did (Conflict, which callers may ignore).
func (s *Store) TouchSession(ctx context.Context, sess Session) error {
	prev := sess.Version
	sess.Version++
	return s.t.Put(ctx, sessionItem(sess), table.IfVersion(prev))
}

// DeleteSession ends a session; ending an ended one is not an error.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return s.t.Delete(ctx, sessionKey(id), table.Cond{})
}

// UserSessions lists a user's live sessions, newest first.
func (s *Store) UserSessions(ctx context.Context, userID string) ([]Session, error) {
	return s.sessions(ctx, table.GSI1, userSessionsIndex(userID))
}

// HeldSessions lists the live log-in-as sessions a person holds as their real
// person, newest first.
func (s *Store) HeldSessions(ctx context.Context, actorID string) ([]Session, error) {
	return s.sessions(ctx, table.GSI2, heldSessionsIndex(actorID))
}

func (s *Store) sessions(ctx context.Context, index table.Index, pk string) ([]Session, error) {
	page, err := s.t.Query(ctx, table.Query{Index: index, PK: pk, Backward: true, Limit: table.MaxLimit})
	if err != nil {
		return nil, err
	}
	out := make([]Session, 0, len(page.Items))
	for _, it := range page.Items {
		sess, err := decode[Session](it)
		if err != nil {
			return nil, err
		}
		sess.ID, sess.Version = it.PK[len("SESSION#"):], it.Version
		out = append(out, sess)
	}
	return out, nil
}
