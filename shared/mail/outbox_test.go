package mail_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	guichetmail "github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// clock is an injected, settable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func queued(to string) guichetmail.Message {
	return guichetmail.Message{To: to, Subject: "Votre code", Text: "Code : 123456\n", HTML: "<p>Code : 123456</p>", Lang: "fr"}
}

func enqueue(t *testing.T, tb *table.Table, m guichetmail.Message, now time.Time) string {
	t.Helper()
	op, err := guichetmail.Enqueue(m, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.Transact(context.Background(), op); err != nil {
		t.Fatal(err)
	}
	return op.Item.PK[len("OUTBOX#"):]
}

func TestEnqueueIsPartOfTheTransaction(t *testing.T) {
	ctx := context.Background()
	tb := newTable(t)
	user := table.Item{PK: "USER#1", SK: "PROFILE", Version: 1, Data: []byte(`{}`)}

	op, err := guichetmail.Enqueue(queued("a@example.com"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if op.Kind != table.OpPut || op.Cond != table.IfAbsent() || op.Item.SK != "MAIL" || op.Item.GSI1PK != guichetmail.OutboxPending {
		t.Fatalf("Enqueue op = %+v", op)
	}
	if err := tb.Transact(ctx, table.Put(user, table.IfAbsent()), op); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Get(ctx, op.Item.Key()); err != nil {
		t.Fatalf("the mail is not queued: %v", err)
	}

	// The same state change again fails on the user's guard: no mail is queued.
	op2, err := guichetmail.Enqueue(queued("a@example.com"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	err = tb.Transact(ctx, table.Put(user, table.IfAbsent()), op2)
	if !portal.Is(err, portal.Conflict) {
		t.Fatalf("Transact = %v, want a Conflict", err)
	}
	if _, err := tb.Get(ctx, op2.Item.Key()); !portal.Is(err, portal.NotFound) {
		t.Fatalf("a mail was queued by a failed transaction: %v", err)
	}
	if op.Item.PK == op2.Item.PK {
		t.Fatal("two messages got the same id")
	}
}

func TestEnqueueValidates(t *testing.T) {
	m := queued("a@example.com")
	m.Subject = "x\nBcc: b@example.com"
	if _, err := guichetmail.Enqueue(m, fixedNow); !portal.Is(err, portal.Invalid) {
		t.Fatalf("Enqueue = %v, want Invalid", err)
	}
	m = queued("not an address")
	if _, err := guichetmail.Enqueue(m, fixedNow); !portal.Is(err, portal.Invalid) {
		t.Fatalf("Enqueue = %v, want Invalid", err)
	}
}

func TestDrainSendsOnceAndMarksSent(t *testing.T) {
	ctx := context.Background()
	clk := &clock{now: fixedNow}
	tb := newTable(t, clk.Now)
	rec := &recorder{}
	ob := guichetmail.NewOutbox(tb, rec, guichetmail.OutboxOptions{From: "Guichet <no-reply@guichet.example>", Now: clk.Now})

	id := enqueue(t, tb, queued("a@example.com"), fixedNow)
	later := enqueue(t, tb, queued("b@example.com"), fixedNow.Add(time.Minute)) // not yet due

	n, err := ob.Drain(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Drain = %d, %v; want 1", n, err)
	}
	sent := rec.all()
	if len(sent) != 1 || sent[0].to != "a@example.com" {
		t.Fatalf("sent %+v", sent)
	}
	p, err := guichetmail.Parse(sent[0].raw)
	if err != nil || p.ID != id || p.From != "Guichet <no-reply@guichet.example>" || p.Text != "Code : 123456\n" || !p.Date.Equal(fixedNow) {
		t.Fatalf("sent message parsed as %+v (%v)", p, err)
	}
	r, err := ob.Lookup(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != guichetmail.StatusSent || r.Attempts != 1 || !r.SentAt.Equal(fixedNow) || r.Message.Text != "" || r.Message.HTML != "" {
		t.Fatalf("record after sending: %+v", r)
	}
	it, _ := tb.Get(ctx, table.Key{PK: "OUTBOX#" + id, SK: "MAIL"})
	if it.GSI1PK != "" || it.GSI1SK != "" || it.TTL != fixedNow.Add(30*24*time.Hour).Unix() {
		t.Fatalf("sent item keeps index keys or lacks its TTL: %+v", it)
	}

	if n, err := ob.Drain(ctx); err != nil || n != 0 {
		t.Fatalf("second Drain = %d, %v; want 0", n, err)
	}
	clk.Advance(time.Minute)
	if n, err := ob.Drain(ctx); err != nil || n != 1 {
		t.Fatalf("Drain when the second is due = %d, %v; want 1", n, err)
	}
	if r, _ := ob.Lookup(ctx, later); r.Status != guichetmail.StatusSent {
		t.Fatalf("second message: %+v", r)
	}
	if len(rec.all()) != 2 {
		t.Fatalf("%d sends, want 2", len(rec.all()))
	}
}

func TestDrainRetriesWithBackoff(t *testing.T) {
	ctx := context.Background()
	clk := &clock{now: fixedNow}
	tb := newTable(t, clk.Now)
	outage := &portal.Error{Kind: portal.Internal, Code: "mail_unavailable", Message: "throttled"}
	rec := &recorder{fail: func(n int) error {
		if n <= 3 {
			return outage
		}
		return nil
	}}
	ob := guichetmail.NewOutbox(tb, rec, guichetmail.OutboxOptions{From: "no-reply@guichet.example", Now: clk.Now})
	id := enqueue(t, tb, queued("a@example.com"), fixedNow)

	// Failures 1..3 wait about 30 s, 60 s, 120 s (less up to a fifth of jitter).
	for attempt, base := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute} {
		n, err := ob.Drain(ctx)
		if err != nil || n != 0 {
			t.Fatalf("attempt %d: Drain = %d, %v", attempt+1, n, err)
		}
		r, err := ob.Lookup(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		wait := r.NextAttempt.Sub(clk.Now())
		if r.Status != guichetmail.StatusPending || r.Attempts != attempt+1 || r.LastError != "mail_unavailable" ||
			wait > base || wait < base*4/5 {
			t.Fatalf("after failure %d: %+v (waits %v, want %v less up to 20%%)", attempt+1, r, wait, base)
		}
		// Not due before its time.
		clk.Advance(wait - time.Second)
		if n, _ := ob.Drain(ctx); n != 0 || rec.calls != attempt+1 {
			t.Fatalf("retried early: %d calls", rec.calls)
		}
		clk.Advance(time.Second)
	}
	n, err := ob.Drain(ctx)
	if err != nil || n != 1 {
		t.Fatalf("after the outage: Drain = %d, %v; want 1", n, err)
	}
	if r, _ := ob.Lookup(ctx, id); r.Status != guichetmail.StatusSent || r.Attempts != 4 || r.LastError != "" {
		t.Fatalf("record: %+v", r)
	}
}

func TestBackoffIsCapped(t *testing.T) {
	ctx := context.Background()
	clk := &clock{now: fixedNow}
	tb := newTable(t, clk.Now)
	rec := &recorder{fail: func(int) error { return errors.New("connection reset") }} // unknown: retryable
	ob := guichetmail.NewOutbox(tb, rec, guichetmail.OutboxOptions{From: "no-reply@guichet.example", Now: clk.Now, MaxAttempts: 12})
	id := enqueue(t, tb, queued("a@example.com"), fixedNow)
	for i := 1; i <= 9; i++ {
		if _, err := ob.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		r, _ := ob.Lookup(ctx, id)
		wait := r.NextAttempt.Sub(clk.Now())
		if i >= 8 && (wait > time.Hour || wait < 48*time.Minute) {
			t.Fatalf("failure %d waits %v, want the 1 h cap less jitter", i, wait)
		}
		if r.LastError != "send_failed" {
			t.Fatalf("LastError = %q", r.LastError)
		}
		clk.Advance(wait)
	}
}

func TestDrainGivesUpAfterMaxAttempts(t *testing.T) {
	ctx := context.Background()
	clk := &clock{now: fixedNow}
	tb := newTable(t, clk.Now)
	rec := &recorder{fail: func(int) error {
		return &portal.Error{Kind: portal.Internal, Code: "mail_unavailable"}
	}}
	ob := guichetmail.NewOutbox(tb, rec, guichetmail.OutboxOptions{From: "no-reply@guichet.example", Now: clk.Now, MaxAttempts: 3})
	id := enqueue(t, tb, queued("a@example.com"), fixedNow)
	for i := 0; i < 6; i++ {
		if _, err := ob.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Advance(2 * time.Hour)
	}
	if rec.calls != 3 {
		t.Fatalf("%d attempts, want 3", rec.calls)
	}
	r, _ := ob.Lookup(ctx, id)
	if r.Status != guichetmail.StatusFailed || r.Attempts != 3 || r.LastError != "mail_unavailable" || r.Message.Text != "" {
		t.Fatalf("record: %+v", r)
	}
	page, err := tb.Query(ctx, table.Query{Index: table.GSI1, PK: guichetmail.OutboxFailed})
	if err != nil || len(page.Items) != 1 || page.Items[0].PK != "OUTBOX#"+id {
		t.Fatalf("failed index: %+v, %v", page.Items, err)
	}
	page, _ = tb.Query(ctx, table.Query{Index: table.GSI1, PK: guichetmail.OutboxPending})
	if len(page.Items) != 0 {
		t.Fatalf("a failed message stays pending: %+v", page.Items)
	}
}

func TestDrainFailsRejectedAtOnce(t *testing.T) {
	ctx := context.Background()
	tb := newTable(t)
	rec := &recorder{fail: func(int) error {
		return &portal.Error{Kind: portal.Invalid, Code: "mail_rejected"}
	}}
	ob := guichetmail.NewOutbox(tb, rec, guichetmail.OutboxOptions{From: "no-reply@guichet.example"})
	id := enqueue(t, tb, queued("a@example.com"), time.Now())
	if _, err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if r, _ := ob.Lookup(ctx, id); r.Status != guichetmail.StatusFailed || r.Attempts != 1 || r.LastError != "mail_rejected" {
		t.Fatalf("record: %+v", r)
	}
	// A message without any From cannot be rendered: failed too, without a send.
	ob2 := guichetmail.NewOutbox(tb, rec, guichetmail.OutboxOptions{})
	id2 := enqueue(t, tb, queued("b@example.com"), time.Now())
	if _, err := ob2.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if r, _ := ob.Lookup(ctx, id2); r.Status != guichetmail.StatusFailed || r.LastError != "mail_missing" || rec.calls != 1 {
		t.Fatalf("record: %+v, %d calls", r, rec.calls)
	}
}

// A drainer that dies after the Sender accepted a message but before it marked it
// sent: the lease expires and the message goes again, with the same bytes.
func TestCrashAfterSendResendsSameMessage(t *testing.T) {
	ctx := context.Background()
	clk := &clock{now: fixedNow}
	tb := newTable(t, clk.Now)
	rec := &recorder{}
	crashing := crashSender{rec}
	opts := guichetmail.OutboxOptions{From: "no-reply@guichet.example", Now: clk.Now, Lease: 2 * time.Minute}
	id := enqueue(t, tb, queued("a@example.com"), fixedNow)

	func() {
		defer func() { _ = recover() }()
		_, _ = guichetmail.NewOutbox(tb, crashing, opts).Drain(ctx)
	}()
	ob := guichetmail.NewOutbox(tb, rec, opts)
	if r, _ := ob.Lookup(ctx, id); r.Status != guichetmail.StatusSending {
		t.Fatalf("after the crash: %+v", r)
	}
	if n, _ := ob.Drain(ctx); n != 0 {
		t.Fatal("a claimed message was sent again before its lease ended")
	}
	clk.Advance(2 * time.Minute)
	if n, err := ob.Drain(ctx); n != 1 || err != nil {
		t.Fatalf("after the lease: Drain = %d, %v", n, err)
	}
	sent := rec.all()
	if len(sent) != 2 || string(sent[0].raw) != string(sent[1].raw) {
		t.Fatalf("want the same bytes twice, got %d sends", len(sent))
	}
	if r, _ := ob.Lookup(ctx, id); r.Status != guichetmail.StatusSent || r.Attempts != 2 {
		t.Fatalf("record: %+v", r)
	}
}

type crashSender struct{ rec *recorder }

func (c crashSender) Send(ctx context.Context, to string, raw []byte) error {
	_ = c.rec.Send(ctx, to, raw)
	panic("process died")
}

// countingSender counts sends per message id and is slow enough for drainers to race.
type countingSender struct {
	mu    sync.Mutex
	byID  map[string]int
	total atomic.Int64
}

func (c *countingSender) Send(ctx context.Context, to string, raw []byte) error {
	p, err := guichetmail.Parse(raw)
	if err != nil {
		return err
	}
	time.Sleep(200 * time.Microsecond)
	c.mu.Lock()
	c.byID[p.ID]++
	c.mu.Unlock()
	c.total.Add(1)
	return nil
}

func TestConcurrentDrainersSendEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	tb := newTable(t)
	const messages = 50
	now := time.Now()
	var ops []table.Op
	for i := 0; i < messages; i++ {
		op, err := guichetmail.Enqueue(queued(fmt.Sprintf("user%d@example.com", i)), now)
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, op)
	}
	if err := tb.Transact(ctx, ops...); err != nil {
		t.Fatal(err)
	}
	cs := &countingSender{byID: map[string]int{}}
	var sent [2]int
	var wg sync.WaitGroup
	for d := range sent {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ob := guichetmail.NewOutbox(tb, cs, guichetmail.OutboxOptions{From: "no-reply@guichet.example", Batch: 7})
			n, err := ob.Drain(ctx)
			if err != nil {
				t.Error(err)
			}
			sent[d] = n
		}()
	}
	wg.Wait()
	if cs.total.Load() != messages || sent[0]+sent[1] != messages {
		t.Fatalf("%d sends (drainers report %v), want %d", cs.total.Load(), sent, messages)
	}
	for id, n := range cs.byID {
		if n != 1 {
			t.Errorf("message %s sent %d times", id, n)
		}
	}
	if len(cs.byID) != messages {
		t.Errorf("%d distinct messages sent, want %d", len(cs.byID), messages)
	}
	t.Logf("drainer shares: %v", sent)
}

func TestRunDrainsUntilCancelled(t *testing.T) {
	tb := newTable(t)
	rec := &recorder{}
	ob := guichetmail.NewOutbox(tb, rec, guichetmail.OutboxOptions{From: "no-reply@guichet.example"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ob.Run(ctx, 5*time.Millisecond); close(done) }()
	enqueue(t, tb, queued("a@example.com"), time.Now())
	deadline := time.Now().Add(5 * time.Second)
	for len(rec.all()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if len(rec.all()) != 1 {
		t.Fatalf("%d sends, want 1", len(rec.all()))
	}
}
