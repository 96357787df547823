package mail

import (
	"context"
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// The outbox's keys in the single table.
//
//	item     PK "OUTBOX#<id>"  SK "MAIL"
//	due      GSI1PK "OUTBOX#PENDING"  GSI1SK "<due time>#<id>"  (pending and sending)
//	failed   GSI1PK "OUTBOX#FAILED"   GSI1SK "<failure time>#<id>"
//	sent     no index keys; TTL 30 days
//
// The due time is UTC with nanoseconds in a fixed-width layout, so index keys sort by
// time as strings.
const (
	outboxPrefix  = "OUTBOX#"
	outboxSK      = "MAIL"
	OutboxPending = "OUTBOX#PENDING"
	OutboxFailed  = "OUTBOX#FAILED"
	dueLayout     = "2006-01-02T15:04:05.000000000Z"
)

func outboxKey(id string) table.Key { return table.Key{PK: outboxPrefix + id, SK: outboxSK} }

func dueKey(t time.Time, id string) string { return t.UTC().Format(dueLayout) + "#" + id }

// Status is where a queued message stands.
type Status string

// The statuses of a queued message.
const (
	StatusPending Status = "pending" // waiting for its next attempt
	StatusSending Status = "sending" // claimed by a drainer until LeaseUntil
	StatusSent    Status = "sent"    // delivered to the Sender; only its summary is kept
	StatusFailed  Status = "failed"  // given up: rejected, or MaxAttempts reached; summary only
)

// Record is a queued message and its delivery state, as stored in the item's Data.
type Record struct {
	Message     Message   `json:"message"`
	Status      Status    `json:"status"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"lastError,omitempty"`
	Created     time.Time `json:"created"`
	NextAttempt time.Time `json:"nextAttempt,omitzero"`
	LeaseUntil  time.Time `json:"leaseUntil,omitzero"`
	SentAt      time.Time `json:"sentAt,omitzero"`
}

// Enqueue returns the table step that queues msg: a put, conditioned on the item being
// absent, that the caller adds to the same transaction as the state change the mail
// reports, so that both happen or neither. It gives msg a new id (portal.NewID) when
// it has none and checks it as MIME would, except for From, which the outbox fills at
// delivery when empty. now is when the message is due, and becomes its Date header.
func Enqueue(msg Message, now time.Time) (table.Op, error) {
	if msg.ID == "" {
		msg.ID = portal.NewID()
	}
	if err := msg.validate(false); err != nil {
		return table.Op{}, err
	}
	now = now.UTC()
	rec := Record{Message: msg, Status: StatusPending, Created: now, NextAttempt: now}
	data, err := json.Marshal(rec)
	if err != nil {
		return table.Op{}, portal.Internalf("mail: encode outbox record: %v", err)
	}
	k := outboxKey(msg.ID)
	return table.Put(table.Item{
		PK: k.PK, SK: k.SK,
		GSI1PK: OutboxPending, GSI1SK: dueKey(now, msg.ID),
		Version: 1,
		Data:    data,
	}, table.IfAbsent()), nil
}

// OutboxOptions tune an Outbox; zero values take the defaults in brackets.
type OutboxOptions struct {
	From        string        // From of messages that have none ["" : such messages fail]
	MaxAttempts int           // attempts before a message is failed [10]
	Lease       time.Duration // how long a claim lasts; must exceed SendTimeout [2m]
	SendTimeout time.Duration // bound on one Sender call [30s]
	BaseBackoff time.Duration // delay after the first failure, doubling after each [30s]
	MaxBackoff  time.Duration // cap on that delay [1h]
	SentTTL     time.Duration // how long sent records stay before the table expires them [30 days]
	Batch       int           // items read per query page [25]
	Now         func() time.Time
	Logger      *slog.Logger
}

// Outbox delivers the messages Enqueue queued.
//
// Delivery guarantees, honestly: a message is claimed with a version-conditioned
// write before it is sent, so two drainers never both send it while the claim's lease
// lasts, and it is marked sent with another conditioned write. If the process dies
// (or the send outlasts the lease) between the Sender accepting the message and the
// "sent" write, the lease expires, the message becomes due again and is sent a second
// time: delivery is at-least-once at that one point, exactly-once everywhere else.
// Duplicates carry the same X-Guichet-Mail-ID header (and, outside SES, which
// rewrites it, the same Message-ID), so they can be recognised.
type Outbox struct {
	t    *table.Table
	s    Sender
	opts OutboxOptions
	log  *slog.Logger
}

// NewOutbox builds a drainer over t that delivers through s.
func NewOutbox(t *table.Table, s Sender, opts OutboxOptions) *Outbox {
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 10
	}
	if opts.SendTimeout <= 0 {
		opts.SendTimeout = 30 * time.Second
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.Lease <= opts.SendTimeout {
		opts.Lease = opts.SendTimeout + 30*time.Second
	}
	if opts.BaseBackoff <= 0 {
		opts.BaseBackoff = 30 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = time.Hour
	}
	if opts.SentTTL <= 0 {
		opts.SentTTL = 30 * 24 * time.Hour
	}
	if opts.Batch <= 0 {
		opts.Batch = 25
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Outbox{t: t, s: s, opts: opts, log: log}
}

// Lookup returns the record of a queued message (NotFound when there is none, or when
// a sent record has expired).
func (o *Outbox) Lookup(ctx context.Context, id string) (Record, error) {
	it, err := o.t.Get(ctx, outboxKey(id))
	if err != nil {
		return Record{}, err
	}
	var rec Record
	if err := json.Unmarshal(it.Data, &rec); err != nil {
		return Record{}, portal.Internalf("mail: decode outbox record %s: %v", id, err)
	}
	return rec, nil
}

// Pending lists the messages waiting for delivery, oldest first (up to
// table.MaxLimit), rendered as they will be sent.
func Pending(ctx context.Context, t *table.Table) ([]Message, error) {
	page, err := t.Query(ctx, table.Query{Index: table.GSI1, PK: OutboxPending, Limit: table.MaxLimit})
	if err != nil {
		return nil, err
	}
	out := make([]Message, 0, len(page.Items))
	for _, it := range page.Items {
		var rec Record
		if err := json.Unmarshal(it.Data, &rec); err != nil {
			return nil, portal.Internalf("mail: decode outbox record: %v", err)
		}
		m, err := rec.Message.Rendered()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// Drain delivers every message due now and returns how many this call sent. It stops
// at the first table error; send failures are recorded on their message, not returned.
func (o *Outbox) Drain(ctx context.Context) (int, error) {
	now := o.opts.Now()
	// '~' sorts after every character an id may hold, so the bound takes every
	// message due at or before now.
	q := table.Query{Index: table.GSI1, PK: OutboxPending, To: dueKey(now, "~"), Limit: o.opts.Batch}
	sent := 0
	for {
		page, err := o.t.Query(ctx, q)
		if err != nil {
			return sent, err
		}
		for _, it := range page.Items {
			if err := ctx.Err(); err != nil {
				return sent, err
			}
			ok, err := o.deliver(ctx, it)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
		// Claimed items moved past now; the cursor resumes after the last one read.
		if page.Next == "" {
			return sent, nil
		}
		q.Cursor = page.Next
	}
}

// Run drains now and then every interval until ctx ends (the local binary's loop; in
// AWS a stream- or schedule-triggered function calls Drain).
func (o *Outbox) Run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := o.Drain(ctx); err != nil && ctx.Err() == nil {
			o.log.Error("mail outbox drain failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// deliver claims one due item, sends it and records the outcome. It reports whether
// this call sent the message.
func (o *Outbox) deliver(ctx context.Context, it table.Item) (bool, error) {
	var rec Record
	if err := json.Unmarshal(it.Data, &rec); err != nil {
		o.log.Error("mail outbox record unreadable; parking it as failed", "pk", it.PK, "err", err)
		parked := it
		parked.GSI1PK, parked.GSI1SK = OutboxFailed, dueKey(o.opts.Now(), it.PK)
		parked.Version = it.Version + 1
		return false, ignoreConflict(o.t.Put(ctx, parked, table.IfVersion(it.Version)))
	}
	if rec.Status != StatusPending && rec.Status != StatusSending {
		return false, nil
	}
	id := rec.Message.ID
	now := o.opts.Now()

	// A claim whose lease ran out after the last allowed attempt: give up.
	if rec.Attempts >= o.opts.MaxAttempts {
		if rec.LastError == "" {
			rec.LastError = "lease_expired"
		}
		return false, ignoreConflict(o.finish(ctx, it, rec, StatusFailed, now))
	}

	// Claim: whoever moves the version first owns the message until the lease ends.
	rec.Status = StatusSending
	rec.Attempts++
	rec.LeaseUntil = now.Add(o.opts.Lease).UTC()
	claimed, err := withRecord(it, rec)
	if err != nil {
		return false, err
	}
	claimed.GSI1SK = dueKey(rec.LeaseUntil, id)
	claimed.Version = it.Version + 1
	if err := o.t.Put(ctx, claimed, table.IfVersion(it.Version)); err != nil {
		if portal.Is(err, portal.Conflict) {
			return false, nil // another drainer has it
		}
		return false, err
	}

	msg, sendErr := rec.Message.Rendered()
	if msg.From == "" {
		msg.From = o.opts.From
	}
	var raw []byte
	if sendErr == nil {
		raw, sendErr = msg.MIME(rec.Created)
	}
	if sendErr == nil {
		sctx, cancel := context.WithTimeout(ctx, o.opts.SendTimeout)
		sendErr = o.s.Send(sctx, msg.To, raw)
		cancel()
	}

	// Record the outcome even if ctx was cancelled during the send.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	now = o.opts.Now()
	rec.LeaseUntil = time.Time{}
	switch {
	case sendErr == nil:
		rec.LastError = ""
		// The subject as sent, for a composed message whose record had none.
		rec.Message.Subject, rec.Message.Lang = msg.Subject, msg.Lang
		err = o.finish(wctx, claimed, rec, StatusSent, now)
	case Retryable(sendErr) && rec.Attempts < o.opts.MaxAttempts:
		rec.Status = StatusPending
		rec.LastError = errorCode(sendErr)
		rec.NextAttempt = now.Add(o.backoff(rec.Attempts)).UTC()
		o.log.Warn("mail send failed; will retry", "id", id, "attempt", rec.Attempts, "next", rec.NextAttempt, "err", sendErr)
		var next table.Item
		if next, err = withRecord(claimed, rec); err == nil {
			next.GSI1SK = dueKey(rec.NextAttempt, id)
			next.Version = claimed.Version + 1
			err = o.t.Put(wctx, next, table.IfVersion(claimed.Version))
		}
	default:
		rec.LastError = errorCode(sendErr)
		o.log.Error("mail send failed for good", "id", id, "attempts", rec.Attempts, "err", sendErr)
		err = o.finish(wctx, claimed, rec, StatusFailed, now)
	}
	if portal.Is(err, portal.Conflict) {
		// Our lease ran out during the send and another drainer claimed the message:
		// it may be sent twice (see the Outbox comment). Its owner records the outcome.
		o.log.Warn("mail outbox lease lost during send", "id", id)
		err = nil
	}
	return sendErr == nil, err
}

// finish moves a message out of the pending index for good: sent (expires after
// SentTTL) or failed (kept, listed under OUTBOX#FAILED). Either way the record keeps
// only the message's summary: nothing sends it again, and its bodies and template
// data hold live reset, activation, unlock and undo links and codes.
func (o *Outbox) finish(ctx context.Context, it table.Item, rec Record, status Status, now time.Time) error {
	rec.Status = status
	rec.LeaseUntil = time.Time{}
	rec.NextAttempt = time.Time{}
	rec.Message = rec.Message.summary()
	if status == StatusSent {
		rec.SentAt = now.UTC()
	}
	next, err := withRecord(it, rec)
	if err != nil {
		return err
	}
	next.Version = it.Version + 1
	if status == StatusSent {
		next.GSI1PK, next.GSI1SK = "", ""
		next.TTL = now.Add(o.opts.SentTTL).Unix()
	} else {
		next.GSI1PK, next.GSI1SK = OutboxFailed, dueKey(now, rec.Message.ID)
	}
	return o.t.Put(ctx, next, table.IfVersion(it.Version))
}

// backoff is the delay after the n-th failed attempt: BaseBackoff doubled n-1 times,
// capped at MaxBackoff, less up to a fifth at random so that retries spread out.
func (o *Outbox) backoff(n int) time.Duration {
	d := o.opts.BaseBackoff
	for i := 1; i < n && d < o.opts.MaxBackoff; i++ {
		d *= 2
	}
	if d > o.opts.MaxBackoff {
		d = o.opts.MaxBackoff
	}
	return d - rand.N(d/5+1)
}

// summary is what a finished message's record keeps: who it went to, what it was
// (the template's name and, once rendered, the subject, which no template fills with
// a secret) and its id, without the bodies or the template data.
func (m Message) summary() Message {
	return Message{To: m.To, From: m.From, ReplyTo: m.ReplyTo, Subject: m.Subject, Lang: m.Lang, ID: m.ID, Template: m.Template}
}

func withRecord(it table.Item, rec Record) (table.Item, error) {
	data, err := json.Marshal(rec)
	if err != nil {
		return table.Item{}, portal.Internalf("mail: encode outbox record: %v", err)
	}
	it.Data = data
	return it, nil
}

func ignoreConflict(err error) error {
	if portal.Is(err, portal.Conflict) {
		return nil
	}
	return err
}
