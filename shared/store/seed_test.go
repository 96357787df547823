package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/store"
)

func TestRequestNumbersComeInConsecutiveRuns(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	first, err := s.NextRequestNumber(ctx, now)
	if err != nil || first != "REQ-2026-000001" {
		t.Fatalf("first number %q %v", first, err)
	}
	run, err := s.NextRequestNumbers(ctx, now, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"REQ-2026-000002", "REQ-2026-000003", "REQ-2026-000004"}; len(run) != 3 || run[0] != want[0] || run[1] != want[1] || run[2] != want[2] {
		t.Fatalf("run %v, want %v", run, want)
	}
	if next, _ := s.NextRequestNumber(ctx, now); next != "REQ-2026-000005" {
		t.Fatalf("after the run: %q", next)
	}
}

func TestSeedMarksAreWrittenOnceAndReadInChunks(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	names := make([]string, 250)
	for i := range names {
		names[i] = "SCALE#org" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	for _, n := range []string{names[0], names[120], names[249]} {
		if err := s.Table().Transact(ctx, store.SeedMark(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Table().Transact(ctx, store.SeedMark(names[0])); err == nil {
		t.Fatal("a mark was written twice")
	}
	done, err := s.Seeded(ctx, names)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 3 || !done[names[0]] || !done[names[120]] || !done[names[249]] {
		t.Fatalf("marks read: %v", done)
	}
}
