package portal_test

import (
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
)

func TestIDRangeBoundsTheIDsOfATimeSpan(t *testing.T) {
	start := time.Now()
	id := portal.NewID()
	at, _ := portal.IDTime(id)
	if portal.IDFloor(at) > id || portal.IDBefore(at) >= id {
		t.Fatalf("id %s is not within [%s, %s)", id, portal.IDFloor(at), portal.IDBefore(at.Add(time.Millisecond)))
	}
	if portal.IDBefore(at.Add(time.Millisecond)) < id {
		t.Fatalf("IDBefore(next ms) = %s sorts before %s", portal.IDBefore(at.Add(time.Millisecond)), id)
	}
	if got, ok := portal.IDTime(portal.IDFloor(start)); !ok || !got.Equal(start.Truncate(time.Millisecond).UTC()) {
		t.Fatalf("IDFloor does not carry its time: %v %v", got, ok)
	}
}

func TestNewIDAtCarriesItsTimeAndOrder(t *testing.T) {
	at := time.Date(2031, 5, 4, 3, 2, 1, 0, time.UTC)
	prev := ""
	for range 1000 {
		id := portal.NewIDAt(at)
		if got, ok := portal.IDTime(id); !ok || !got.Equal(at) {
			t.Fatalf("IDTime(%s) = %v, want %v", id, got, at)
		}
		if id <= prev {
			t.Fatalf("%s is not after %s", id, prev)
		}
		prev = id
	}
	earlier := portal.NewIDAt(at.Add(-time.Hour))
	if earlier >= prev || earlier < portal.IDFloor(at.Add(-time.Hour)) {
		t.Fatalf("an id for an earlier time must sort by that time: %s", earlier)
	}
	if next := portal.NewIDAt(at.Add(-time.Hour)); next <= earlier {
		t.Fatalf("ids made one after the other for an earlier time must keep their order: %s %s", earlier, next)
	}
}
