package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

type counter struct {
	N int `json:"n"`
}

// CountInWindow adds one to the counter of name for the window that starts at start
// and lasts window, unless it already reached limit, and returns the new count. It
// answers RateLimited at the limit. The counter expires with its window. Racing
// increments retry on the version condition, so no increment is lost.
func (s *Store) CountInWindow(ctx context.Context, name string, start time.Time, window time.Duration, limit int) (int, error) {
	k := counterKey(name, start)
	for range 5 {
		var c counter
		var cond table.Cond
		it, err := s.t.Get(ctx, k)
		switch {
		case portal.Is(err, portal.NotFound):
			cond = table.IfAbsent()
		case err != nil:
			return 0, err
		default:
			if err := json.Unmarshal(it.Data, &c); err != nil {
				return 0, portal.Internalf("store: corrupt counter %s: %w", name, err)
			}
			cond = table.IfVersion(it.Version)
		}
		if c.N >= limit {
			return c.N, portal.E(portal.RateLimited, "rate_limited", "too many attempts")
		}
		c.N++
		next := table.Item{PK: k.PK, SK: k.SK, TTL: start.Add(window).Unix() + 1, Version: it.Version + 1, Data: encode(c)}
		err = s.t.Put(ctx, next, cond)
		if err == nil {
			return c.N, nil
		}
		if !portal.Is(err, portal.Conflict) {
			return 0, err
		}
	}
	return 0, portal.E(portal.RateLimited, "rate_limited", "too many concurrent attempts")
}
