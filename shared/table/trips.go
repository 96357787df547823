package table

import (
	"context"
	"sync/atomic"
)

// Trips counts the table round trips made on behalf of one request, so that the
// server can log them and the load report can show that no read needs more than a
// few. Writes are also counted apart, so that a read's occasional write (the one
// that slides a session's idle limit) shows as such.
type Trips struct{ n, writes atomic.Int64 }

// Count returns the round trips made so far.
func (t *Trips) Count() int64 { return t.n.Load() }

// Writes returns how many of them wrote.
func (t *Trips) Writes() int64 { return t.writes.Load() }

type tripsKey struct{}

// WithTrips returns a context whose table calls are counted in the returned Trips.
func WithTrips(ctx context.Context) (context.Context, *Trips) {
	t := &Trips{}
	return context.WithValue(ctx, tripsKey{}, t), t
}

func countTrip(ctx context.Context) {
	if t, ok := ctx.Value(tripsKey{}).(*Trips); ok {
		t.n.Add(1)
	}
}

func countWrite(ctx context.Context) {
	if t, ok := ctx.Value(tripsKey{}).(*Trips); ok {
		t.n.Add(1)
		t.writes.Add(1)
	}
}
