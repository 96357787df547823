package portal

import (
	"sync"
	"time"
)

// IDFloor returns the smallest id NewID can make at t's millisecond, so that the ids
// made at t or later sort at or after it: a lower bound for time ranges of keys.
func IDFloor(t time.Time) string {
	return encodeID(uint64(max(t.UnixMilli(), 0)), [10]byte{})
}

// IDBefore returns the largest id NewID can make before t's millisecond, so that
// the ids made before t sort at or before it: an inclusive upper bound for time
// ranges of keys that end at t, exclusive.
func IDBefore(t time.Time) string {
	ms := max(t.UnixMilli()-1, 0)
	var top [10]byte
	for i := range top {
		top[i] = 0xff
	}
	return encodeID(uint64(ms), top)
}

// atState is NewIDAt's own sequence, apart from NewID's so that ids made for a
// recorded time never drag NewID's clock.
var atState struct {
	sync.Mutex
	ms   uint64
	rand [10]byte
}

// NewIDAt returns a new id for something that happened at t, such as an audit entry,
// so that a time range of such ids is a range of their keys. Ids made one after the
// other for the same millisecond sort in the order they were made; ids for one
// millisecond made while ids for another were made in between (concurrent requests
// whose clocks read differently) are unique but in no set order among themselves.
func NewIDAt(t time.Time) string {
	ms := uint64(max(t.UnixMilli(), 0))
	atState.Lock()
	defer atState.Unlock()
	if ms == atState.ms && increment(&atState.rand) {
		return encodeID(ms, atState.rand)
	}
	atState.ms = ms
	fillRandom(&atState.rand)
	return encodeID(ms, atState.rand)
}
