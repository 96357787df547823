package portal_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
)

func TestNewIDShapeAndTime(t *testing.T) {
	before := time.Now().Truncate(time.Millisecond)
	id := portal.NewID()
	after := time.Now()
	if len(id) != portal.IDLen {
		t.Fatalf("len(%q) = %d, want %d", id, len(id), portal.IDLen)
	}
	for _, c := range id {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c) {
			t.Fatalf("id %q has %q, not Crockford base32", id, c)
		}
	}
	at, ok := portal.IDTime(id)
	if !ok {
		t.Fatalf("IDTime(%q) refused its own id", id)
	}
	if at.Before(before) || at.After(after) {
		t.Fatalf("IDTime = %v, want between %v and %v", at, before, after)
	}
}

func TestNewIDIsMonotonic(t *testing.T) {
	prev := portal.NewID()
	for i := 0; i < 100000; i++ {
		id := portal.NewID()
		if id <= prev {
			t.Fatalf("id %d: %q is not after %q", i, id, prev)
		}
		prev = id
	}
}

func TestNewIDUniqueAcrossGoroutines(t *testing.T) {
	const workers, each = 8, 5000
	var mu sync.Mutex
	seen := make(map[string]bool, workers*each)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids := make([]string, each)
			for i := range ids {
				ids[i] = portal.NewID()
			}
			mu.Lock()
			defer mu.Unlock()
			for _, id := range ids {
				if seen[id] {
					t.Errorf("duplicate id %q", id)
				}
				seen[id] = true
			}
		}()
	}
	wg.Wait()
}

func TestIDTimeRefusesOthers(t *testing.T) {
	for _, s := range []string{"", "short", strings.Repeat("U", 26), "8" + strings.Repeat("0", 25), strings.Repeat("0", 27)} {
		if _, ok := portal.IDTime(s); ok {
			t.Errorf("IDTime(%q) accepted", s)
		}
	}
}

func TestIDFromIsTheSameForTheSameInputs(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 8e6, time.UTC)
	bits := [10]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	id := portal.IDFrom(at, bits)
	if id != portal.IDFrom(at, bits) || len(id) != portal.IDLen {
		t.Fatalf("IDFrom gave %q, then another", id)
	}
	if got, ok := portal.IDTime(id); !ok || !got.Equal(at.Truncate(time.Millisecond)) {
		t.Fatalf("IDTime(%q) = %v %v, want %v", id, got, ok, at)
	}
	bits[9]++
	if portal.IDFrom(at, bits) <= id {
		t.Fatal("more bits should sort after")
	}
}
