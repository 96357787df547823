package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// NotificationLife is how long a notification is kept: it expires at the start of
// the UTC day on which it turns NotificationLife old, so that it is never shown
// older than that and the unread count can tell expired ones by day.
const NotificationLife = 180 * 24 * time.Hour

// Notification is one entry of a person's notification centre: an event of the
// outbox (shared/notify) delivered to them. Its id is the event's, so that a
// person holds each event once however often it is delivered.
type Notification struct {
	ID         string            `json:"id"`
	OrgID      string            `json:"orgId"`
	UserID     string            `json:"userId"`
	Kind       portal.EventKind  `json:"kind"`
	ContractID string            `json:"contractId,omitempty"`
	Params     map[string]string `json:"params,omitempty"`
	// Link is the portal page the notification leads to ("/contracts/<id>").
	Link    string    `json:"link,omitempty"`
	Created time.Time `json:"created"`
	// Seq numbers the person's notifications in the order they were delivered, so
	// that "mark all read" is one write: everything up to the state's ReadSeq.
	Seq    int64     `json:"seq"`
	ReadAt time.Time `json:"readAt,omitzero"`
	// Read is computed on reading: ReadAt is set, or "mark all read" covered it.
	Read    bool  `json:"-"`
	Version int64 `json:"-"`
}

// expires is the Unix time from which n is gone (its item's time to live).
func (n Notification) expires() int64 {
	return n.Created.Add(NotificationLife).UTC().Truncate(24 * time.Hour).Unix()
}

func notificationItem(n Notification) table.Item {
	k := notificationKey(n.OrgID, n.UserID, n.ID)
	return table.Item{PK: k.PK, SK: k.SK, TTL: n.expires(), Version: n.Version, Data: encode(n)}
}

// notificationState is the one item the bell reads: the person's unread
// notifications counted by the day they expire, so that an unread one that
// expires stops counting without any write, and the sequence of deliveries with
// the mark of "mark all read". Every change of a notification's read state writes
// it in the same transaction, conditioned on its version, so the count stays
// exact under concurrent deliveries and reads.
type notificationState struct {
	OrgID   string        `json:"orgId"`
	UserID  string        `json:"userId"`
	Seq     int64         `json:"seq"`
	ReadSeq int64         `json:"readSeq"`
	Unread  map[int64]int `json:"unread,omitempty"`
	version int64
}

func (st notificationState) count(now int64) int {
	n := 0
	for exp, c := range st.Unread {
		if exp > now {
			n += c
		}
	}
	return n
}

func (st notificationState) read(n Notification) bool {
	return !n.ReadAt.IsZero() || n.Seq <= st.ReadSeq
}

// put is the step that writes st as changed since it was read, dropping the counts
// of expired days.
func (st notificationState) put(now int64) table.Op {
	for exp := range st.Unread {
		if exp <= now {
			delete(st.Unread, exp)
		}
	}
	k := notificationStateKey(st.OrgID, st.UserID)
	cond := table.IfVersion(st.version)
	if st.version == 0 {
		cond = table.IfAbsent()
	}
	return table.Put(table.Item{PK: k.PK, SK: k.SK, Version: st.version + 1, Data: encode(st)}, cond)
}

func decodeState(orgID, userID string, it *table.Item) (notificationState, error) {
	if it == nil {
		return notificationState{OrgID: orgID, UserID: userID}, nil
	}
	st, err := decode[notificationState](*it)
	st.version = it.Version
	return st, err
}

func (s *Store) notificationState(ctx context.Context, orgID, userID string) (notificationState, error) {
	it, err := s.t.Get(ctx, notificationStateKey(orgID, userID))
	if portal.Is(err, portal.NotFound) {
		return decodeState(orgID, userID, nil)
	}
	if err != nil {
		return notificationState{}, err
	}
	return decodeState(orgID, userID, &it)
}

// stateRetries bounds the retries of a write that lost the race for a person's
// notification state to another delivery or read.
const stateRetries = 30

// backOff waits before retry i of a write that lost such a race: a random delay
// that grows with i (up to 25 ms), so that racing writers spread out instead of
// colliding again at once.
func backOff(ctx context.Context, i int) {
	if i == 0 {
		return
	}
	d := time.Duration(rand.Int64N(int64(time.Millisecond) << min(i, 5)))
	select {
	case <-ctx.Done():
	case <-time.After(min(d, 25*time.Millisecond)):
	}
}

// failedStep returns the index of the transaction step whose condition failed, or
// -1 when err is not such a failure.
func failedStep(err error) int {
	var cf *table.ConditionFailed
	if errors.As(err, &cf) {
		return cf.Index
	}
	return -1
}

// DeliverNotification writes n, unread and counted, into its person's centre,
// with also (the mail that goes with it) in the same transaction, and reports
// whether it did: false when the person already holds it, because the event was
// delivered before or is being delivered concurrently. One person's deliveries and
// reads race on the state's version and retry; a delivery never touches another
// person's items, so an audience of any size needs no large transaction. n.Created
// must be set; a notification already past its life is stored read.
func (s *Store) DeliverNotification(ctx context.Context, n Notification, now time.Time, also ...table.Op) (bool, error) {
	for i := range stateRetries {
		backOff(ctx, i)
		st, err := s.notificationState(ctx, n.OrgID, n.UserID)
		if err != nil {
			return false, err
		}
		st.Seq++
		n.Seq, n.Version, n.ReadAt = st.Seq, 1, time.Time{}
		if exp := n.expires(); exp > now.Unix() {
			if st.Unread == nil {
				st.Unread = map[int64]int{}
			}
			st.Unread[exp]++
		}
		ops := append([]table.Op{table.Put(notificationItem(n), table.IfAbsent()), st.put(now.Unix())}, also...)
		err = s.t.Transact(ctx, ops...)
		switch step := failedStep(err); {
		case err == nil:
			return true, nil
		case step == 1:
			continue
		case step >= 0:
			return false, nil
		default:
			return false, err
		}
	}
	return false, errStateBusy
}

var errStateBusy = portal.E(portal.Conflict, "notifications_busy", "the notifications changed too often while being written; try again")

// ErrNotificationNotFound answers for a notification the person does not hold.
var ErrNotificationNotFound = portal.E(portal.NotFound, "notification_not_found", "no such notification")

// NotificationPage is one page of a person's notifications, newest first, with
// their unread count.
type NotificationPage struct {
	Items  []Notification
	Next   string
	Unread int
}

// Notifications lists a person's notifications, newest first (by the time of the
// event), those past their life left out, with the unread count: two round trips.
func (s *Store) Notifications(ctx context.Context, orgID, userID string, limit int, cursor string, now time.Time) (NotificationPage, error) {
	page, err := s.t.Query(ctx, table.Query{PK: notificationPartition(orgID, userID), Prefix: notificationPrefix,
		Backward: true, Limit: limit, Cursor: cursor})
	if err != nil {
		return NotificationPage{}, err
	}
	st, err := s.notificationState(ctx, orgID, userID)
	if err != nil {
		return NotificationPage{}, err
	}
	out := NotificationPage{Items: make([]Notification, 0, len(page.Items)), Next: page.Next, Unread: st.count(now.Unix())}
	for _, it := range page.Items {
		n, err := decode[Notification](it)
		if err != nil {
			return NotificationPage{}, err
		}
		n.Version, n.Read = it.Version, st.read(n)
		out.Items = append(out.Items, n)
	}
	return out, nil
}

// UnreadNotifications counts a person's unread notifications: one read of one item.
func (s *Store) UnreadNotifications(ctx context.Context, orgID, userID string, now time.Time) (int, error) {
	st, err := s.notificationState(ctx, orgID, userID)
	return st.count(now.Unix()), err
}

// MarkNotificationRead marks one of a person's notifications read (nothing when it
// is already); ErrNotificationNotFound when the person holds no such notification
// (another person's id included: the key is built from the person's own ids).
func (s *Store) MarkNotificationRead(ctx context.Context, orgID, userID, id string, now time.Time) error {
	nk, sk := notificationKey(orgID, userID, id), notificationStateKey(orgID, userID)
	for i := range stateRetries {
		backOff(ctx, i)
		items, err := s.t.GetMany(ctx, []table.Key{nk, sk})
		if err != nil {
			return err
		}
		var notif, state *table.Item
		for i := range items {
			switch items[i].Key() {
			case nk:
				notif = &items[i]
			case sk:
				state = &items[i]
			}
		}
		if notif == nil {
			return ErrNotificationNotFound
		}
		n, err := decode[Notification](*notif)
		if err != nil {
			return err
		}
		st, err := decodeState(orgID, userID, state)
		if err != nil {
			return err
		}
		if st.read(n) {
			return nil
		}
		if exp := n.expires(); st.Unread[exp] > 1 {
			st.Unread[exp]--
		} else {
			delete(st.Unread, exp)
		}
		n.ReadAt, n.Version = now.UTC(), notif.Version+1
		err = s.t.Transact(ctx, table.Put(notificationItem(n), table.IfVersion(notif.Version)), st.put(now.Unix()))
		if failedStep(err) >= 0 {
			continue
		}
		return err
	}
	return errStateBusy
}

// MarkAllNotificationsRead marks every notification a person holds read, in one
// write of their state whatever their number.
func (s *Store) MarkAllNotificationsRead(ctx context.Context, orgID, userID string, now time.Time) error {
	for i := range stateRetries {
		backOff(ctx, i)
		st, err := s.notificationState(ctx, orgID, userID)
		if err != nil || (st.ReadSeq == st.Seq && len(st.Unread) == 0) {
			return err
		}
		st.ReadSeq, st.Unread = st.Seq, nil
		err = s.t.Transact(ctx, st.put(now.Unix()))
		if failedStep(err) >= 0 {
			continue
		}
		return err
	}
	return errStateBusy
}

// NotificationPrefs is what a person chose about their notifications: the kinds
// whose mail they switched off (the portal shows every kind in-app anyway).
type NotificationPrefs struct {
	OrgID   string             `json:"orgId"`
	UserID  string             `json:"userId"`
	MailOff []portal.EventKind `json:"mailOff,omitempty"`
	// Version is 0 while the person never saved any.
	Version int64 `json:"-"`
}

// Mails reports whether the person wants mail of kind k (before the catalogue's
// rule, which may force it).
func (p NotificationPrefs) Mails(k portal.EventKind) bool { return !slices.Contains(p.MailOff, k) }

// NotificationPrefs reads a person's preferences; a person who never saved any
// gets every mail, at version 0.
func (s *Store) NotificationPrefs(ctx context.Context, orgID, userID string) (NotificationPrefs, error) {
	p, v, err := get[NotificationPrefs](ctx, s.t, notificationPrefsKey(orgID, userID))
	if portal.Is(err, portal.NotFound) {
		return NotificationPrefs{OrgID: orgID, UserID: userID}, nil
	}
	p.Version = v
	return p, err
}

// SaveNotificationPrefs writes p if the stored preferences are still those p was
// read as (Conflict otherwise).
func (s *Store) SaveNotificationPrefs(ctx context.Context, p NotificationPrefs) error {
	k := notificationPrefsKey(p.OrgID, p.UserID)
	cond := table.IfVersion(p.Version)
	if p.Version == 0 {
		cond = table.IfAbsent()
	}
	return s.t.Put(ctx, table.Item{PK: k.PK, SK: k.SK, Version: p.Version + 1, Data: encode(p)}, cond)
}

// Recipient is what delivering an event to a person needs: their account (address,
// language, name), their rights (whether they manage the event's contract) and
// their preferences.
type Recipient struct {
	Account Account
	Rights  UserRights
	Prefs   NotificationPrefs
}

// recipientsPerTrip is how many people's three items one GetMany reads.
const recipientsPerTrip = table.MaxTransact / 3

// Recipients reads the people of an organisation an event goes to, a round trip
// per 33 of them; people without an account there are left out.
func (s *Store) Recipients(ctx context.Context, orgID string, userIDs []string) (map[string]Recipient, error) {
	out := make(map[string]Recipient, len(userIDs))
	for chunk := range slices.Chunk(userIDs, recipientsPerTrip) {
		keys := make([]table.Key, 0, 3*len(chunk))
		for _, id := range chunk {
			keys = append(keys, userKey(orgID, id), rightsKey(orgID, id), notificationPrefsKey(orgID, id))
		}
		items, err := s.t.GetMany(ctx, keys)
		if err != nil {
			return nil, err
		}
		accounts := map[string]Account{}
		rights := map[string]UserRights{}
		prefs := map[string]NotificationPrefs{}
		for _, it := range items {
			switch {
			case isUserItem(it):
				a, err := decodeAccount(it)
				if err != nil {
					return nil, err
				}
				accounts[a.ID] = a
			case it.SK == notificationPrefsKey(orgID, "").SK:
				p, err := decode[NotificationPrefs](it)
				if err != nil {
					return nil, err
				}
				p.Version = it.Version
				prefs[p.UserID] = p
			default:
				r, err := decode[UserRights](it)
				if err != nil {
					return nil, err
				}
				r.Version = it.Version
				rights[r.UserID] = r
			}
		}
		for id, a := range accounts {
			r, ok := rights[id]
			if !ok {
				r = UserRights{OrgID: orgID, UserID: id}
			}
			p, ok := prefs[id]
			if !ok {
				p = NotificationPrefs{OrgID: orgID, UserID: id}
			}
			out[id] = Recipient{Account: a, Rights: r, Prefs: p}
		}
	}
	return out, nil
}

// ContractAudience lists the people of an organisation whose level in section of
// contractID is at least level, and its administrators, sorted: a query of the
// organisation's rights items (one round trip per 1,000 people holding rights) and
// the read of its administrators.
func (s *Store) ContractAudience(ctx context.Context, orgID, contractID string, section portal.Section, level portal.Level) ([]string, error) {
	g, err := s.AdminGuard(ctx, orgID)
	if err != nil {
		return nil, err
	}
	ids := slices.Clone(g.IDs)
	q := table.Query{PK: orgKey(orgID).PK, Prefix: rightsKey(orgID, "").SK, Limit: table.MaxLimit}
	for {
		page, err := s.t.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			r, err := decode[UserRights](it)
			if err != nil {
				return nil, err
			}
			if r.Contracts[contractID].Level(section).Rank() >= level.Rank() {
				ids = append(ids, r.UserID)
			}
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// OutboxEvent is an event waiting in the outbox to be fanned out to its audience
// (shared/notify builds it; this is how it is stored).
type OutboxEvent struct {
	ID         string            `json:"id"`
	Kind       portal.EventKind  `json:"kind"`
	OrgID      string            `json:"orgId"`
	ContractID string            `json:"contractId,omitempty"`
	UserIDs    []string          `json:"userIds,omitempty"`
	Section    portal.Section    `json:"section,omitempty"`
	Level      portal.Level      `json:"level,omitempty"`
	Params     map[string]string `json:"params,omitempty"`
	Link       string            `json:"link,omitempty"`
	Created    time.Time         `json:"created"`
	Attempts   int               `json:"attempts,omitempty"`
	LastError  string            `json:"lastError,omitempty"`
	Version    int64             `json:"-"`
}

// eventDueLayout writes due times in index keys: fixed width, so they sort as times.
const eventDueLayout = "2006-01-02T15:04:05.000000000Z"

func eventItem(e OutboxEvent, index string, due time.Time) table.Item {
	k := eventKey(e.ID)
	return table.Item{PK: k.PK, SK: k.SK, GSI1PK: index, GSI1SK: due.UTC().Format(eventDueLayout) + "#" + e.ID,
		Version: e.Version, Data: encode(e)}
}

// QueueEvent is the step that puts e in the outbox, due at once: the caller adds it
// to the transaction of the change e reports.
func QueueEvent(e OutboxEvent) table.Op {
	e.Version = 1
	return table.Put(eventItem(e, eventsPending, e.Created), table.IfAbsent())
}

// DueEvents returns a page of the events due at now, oldest first.
func (s *Store) DueEvents(ctx context.Context, now time.Time, limit int, cursor string) ([]OutboxEvent, string, error) {
	page, err := s.t.Query(ctx, table.Query{Index: table.GSI1, PK: eventsPending,
		To: now.UTC().Format(eventDueLayout) + "#~", Limit: limit, Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	out := make([]OutboxEvent, 0, len(page.Items))
	for _, it := range page.Items {
		e, err := decode[OutboxEvent](it)
		if err != nil {
			return nil, "", err
		}
		e.Version = it.Version
		out = append(out, e)
	}
	return out, page.Next, nil
}

// EventDelivered removes a fanned-out event from the outbox. Another drainer that
// delivered it too may have removed it first: that is no error.
func (s *Store) EventDelivered(ctx context.Context, e OutboxEvent) error {
	return s.t.Delete(ctx, eventKey(e.ID), table.Cond{})
}

// EventRetry records a failed fan-out of e: due again at next, or given up (out of
// the pending index) when failed. A drainer that changed e meanwhile wins.
func (s *Store) EventRetry(ctx context.Context, e OutboxEvent, cause string, next time.Time, failed bool) error {
	prev := e.Version
	e.Attempts++
	e.LastError = cause
	e.Version++
	index := eventsPending
	if failed {
		index = eventsFailed
	}
	err := s.t.Put(ctx, eventItem(e, index, next), table.IfVersion(prev))
	if portal.Is(err, portal.Conflict) {
		return nil
	}
	return err
}
