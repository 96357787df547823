package mail_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// newTable opens a fresh embedded table; now, when given, is its clock (the one TTL
// expiry is judged by), so that it agrees with an outbox's injected clock.
func newTable(t *testing.T, now ...func() time.Time) *table.Table {
	t.Helper()
	d, err := bolt.Open(filepath.Join(t.TempDir(), "table.db"))
	if err != nil {
		t.Fatal(err)
	}
	opts := table.Options{CursorSecret: []byte("test")}
	if len(now) > 0 {
		opts.Now = now[0]
	}
	tb := table.New(d, opts)
	t.Cleanup(func() { tb.Close() })
	return tb
}

// recorder is a Sender that keeps what it was given and can be told to fail.
type recorder struct {
	mu    sync.Mutex
	sent  []sentMail
	fail  func(n int) error // called with the 1-based call number; nil: succeed
	calls int
}

type sentMail struct {
	to  string
	raw []byte
}

func (r *recorder) Send(ctx context.Context, to string, raw []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.fail != nil {
		if err := r.fail(r.calls); err != nil {
			return err
		}
	}
	r.sent = append(r.sent, sentMail{to: to, raw: append([]byte(nil), raw...)})
	return nil
}

func (r *recorder) all() []sentMail {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sentMail(nil), r.sent...)
}
