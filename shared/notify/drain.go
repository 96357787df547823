package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Drainer fans the outbox's events out to their audiences.
//
// Guarantees: an event leaves the outbox only once every person of its audience
// holds its notification, so a crash or an error anywhere means the next drain
// delivers the rest. Each person's notification has the event's id and their mail a
// deterministic id, written in one transaction conditioned on the notification
// being absent: draining an event twice, or by two drainers at once, gives each
// person one notification and at most one mail. Each person is one small
// transaction, so an audience of any size stays far under the table's 100 steps.
type Drainer struct {
	Store *store.Store
	// BaseURL is the portal's address, for the links of mail.
	BaseURL string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	Log *slog.Logger
}

// The drain's tuning: events read per page, and how a failing event is retried
// before it is given up (it then waits in the failed index for an operator).
const (
	drainBatch  = 25
	maxAttempts = 10
	baseBackoff = 30 * time.Second
	maxBackoff  = time.Hour
)

func (d *Drainer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Drainer) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}

// Drain fans out every event due now and returns how many notifications it wrote.
// An event whose fan-out fails is logged and retried later with a growing delay; a
// table error while reading the outbox stops the drain.
func (d *Drainer) Drain(ctx context.Context) (int, error) {
	now := d.now()
	delivered, cursor := 0, ""
	for {
		events, next, err := d.Store.DueEvents(ctx, now, drainBatch, cursor)
		if err != nil {
			return delivered, err
		}
		for _, e := range events {
			n, err := d.fanOut(ctx, e, now)
			delivered += n
			if err == nil {
				err = d.Store.EventDelivered(ctx, e)
				if err == nil {
					continue
				}
			}
			if ctx.Err() != nil {
				return delivered, ctx.Err()
			}
			failed := e.Attempts+1 >= maxAttempts
			d.log().Error("notification event not delivered", "event", e.ID, "kind", string(e.Kind),
				"attempt", e.Attempts+1, "givenUp", failed, "err", err.Error())
			wait := min(baseBackoff<<min(e.Attempts, 16), maxBackoff)
			if err := d.Store.EventRetry(ctx, e, err.Error(), now.Add(wait), failed); err != nil {
				return delivered, err
			}
		}
		if next == "" {
			return delivered, nil
		}
		cursor = next
	}
}

// fanOut delivers e to each person of its audience and says how many notifications
// it wrote (not counting those people already held).
func (d *Drainer) fanOut(ctx context.Context, e store.OutboxEvent, now time.Time) (int, error) {
	info, ok := e.Kind.Info()
	if !ok {
		return 0, fmt.Errorf("unknown event kind %q", e.Kind)
	}
	ids := e.UserIDs
	if len(ids) == 0 {
		var err error
		if ids, err = d.Store.ContractAudience(ctx, e.OrgID, e.ContractID, e.Section, e.Level); err != nil {
			return 0, err
		}
	}
	people, err := d.Store.Recipients(ctx, e.OrgID, ids)
	if err != nil {
		return 0, err
	}
	written := 0
	for _, id := range ids {
		r, ok := people[id]
		if !ok || !reachable(r.Account) {
			continue
		}
		var also []table.Op
		if !info.OwnMail && (info.MailForced(manages(r, e)) || r.Prefs.Mails(e.Kind)) {
			m, err := d.mail(r.Account, e, now)
			if err != nil {
				return written, err
			}
			also = append(also, m)
		}
		n := store.Notification{ID: e.ID, OrgID: e.OrgID, UserID: id, Kind: e.Kind, ContractID: e.ContractID,
			Params: e.Params, Link: e.Link, Created: e.Created}
		ok, err := d.Store.DeliverNotification(ctx, n, now, also...)
		if err != nil {
			return written, err
		}
		if ok {
			written++
		}
	}
	return written, nil
}

// reachable reports whether a person hears about events: not a disabled account,
// nor one whose address nobody proved to own.
func reachable(a store.Account) bool {
	return a.Status != portal.StatusDisabled && !a.Unclaimed
}

// manages reports whether r manages the contract e is about: an administrator of
// the organisation, or a Manager in the event's section of it.
func manages(r store.Recipient, e store.OutboxEvent) bool {
	if r.Account.Role == portal.RoleAdmin {
		return true
	}
	return e.ContractID != "" && r.Rights.Contracts[e.ContractID].Level(e.Section) == portal.LevelManager
}

// mail composes the mail of e to a, from the template named after its kind, with
// an id made of the event's and the person's, so that a second delivery could only
// ever write the same message.
func (d *Drainer) mail(a store.Account, e store.OutboxEvent, now time.Time) (table.Op, error) {
	to := a.NotificationEmail
	if to == "" {
		to = a.Email
	}
	page := e.Link
	if page == "" {
		page = PageNotifications
	}
	params := e.Params
	if params == nil {
		params = map[string]string{}
	}
	m, err := mail.Compose(to, a.Lang, string(e.Kind), map[string]any{
		"Params": params, "Name": a.FirstName, "Link": d.BaseURL + "/#" + page, "BaseURL": d.BaseURL,
	})
	if err != nil {
		return table.Op{}, err
	}
	m.ID = MailID(e.ID, a.ID)
	return mail.Enqueue(m, now)
}

// PageNotifications is the portal's notification centre (a hash route).
const PageNotifications = "/notifications"

// MailID is the id of the mail of event eventID to person userID.
func MailID(eventID, userID string) string { return "n-" + eventID + "-" + userID }
