package origincheck_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/origincheck"
	"github.com/guichet/guichet/shared/portal"
)

func verify(c *origincheck.Check, value string) error {
	r := httptest.NewRequest("GET", "/api/v1/health", nil)
	if value != "" {
		r.Header.Set(origincheck.Header, value)
	}
	err := c.Verify(r)
	if r.Header.Get(origincheck.Header) != "" {
		panic("the secret header was left on the request")
	}
	return err
}

func TestFixed(t *testing.T) {
	c := origincheck.Fixed("s3cret-value")
	if err := verify(c, "s3cret-value"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "s3cret", "s3cret-value ", "S3CRET-VALUE"} {
		err := verify(c, bad)
		var pe *portal.Error
		if !errors.As(err, &pe) || pe.Kind != portal.Forbidden || pe.Code != "origin_refused" {
			t.Errorf("%q: %v, want 403 origin_refused", bad, err)
		}
	}
}

// TestRotatingRereadsAfterRefresh rotates the secret under a running check: the new
// value is accepted once the old reading is older than Refresh, the previous one
// stays accepted with it, and a failed re-read keeps what was known.
func TestRotatingRereadsAfterRefresh(t *testing.T) {
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC)
	values, fail, reads := []string{"one"}, false, 0
	c := origincheck.Rotating(func(context.Context) ([]string, error) {
		reads++
		if fail {
			return nil, errors.New("Secrets Manager is unreachable")
		}
		return values, nil
	}, func() time.Time { return now })
	if reads != 0 {
		t.Fatal("read before first use")
	}
	if err := verify(c, "one"); err != nil || reads != 1 {
		t.Fatalf("%v after %d reads", err, reads)
	}
	values = []string{"two", "one"}
	now = now.Add(origincheck.Refresh - time.Second)
	if err := verify(c, "two"); err == nil || reads != 1 {
		t.Fatalf("the new value was accepted before Refresh (%d reads)", reads)
	}
	now = now.Add(time.Second)
	if verify(c, "two") != nil || verify(c, "one") != nil || reads != 2 {
		t.Fatalf("after Refresh both values must pass (%d reads)", reads)
	}
	fail = true
	now = now.Add(origincheck.Refresh)
	if err := verify(c, "two"); err != nil || reads != 3 {
		t.Fatalf("a failed re-read refused a known value: %v (%d reads)", err, reads)
	}
	if err := verify(c, "three"); !portal.Is(err, portal.Forbidden) {
		t.Fatalf("an unknown value: %v", err)
	}
}

func TestRotatingFirstReadFails(t *testing.T) {
	c := origincheck.Rotating(func(context.Context) ([]string, error) { return nil, errors.New("AccessDenied") }, nil)
	if err := verify(c, "anything"); !portal.Is(err, portal.Internal) {
		t.Fatalf("%v, want an internal error", err)
	}
}
