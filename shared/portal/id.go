package portal

import (
	"crypto/rand"
	"sync"
	"time"
)

// crockford is the Crockford base32 alphabet ULIDs use: no I, L, O or U.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// IDLen is the length of every id NewID returns.
const IDLen = 26

var idState struct {
	sync.Mutex
	ms   uint64   // millisecond of the last id
	rand [10]byte // its 80 random bits
}

// NewID returns a new ULID: 26 characters of Crockford base32 holding a 48-bit Unix
// millisecond time and 80 bits from crypto/rand. Ids sort as strings in the order they
// were made within this process: an id made in the same millisecond as the previous
// one (or while the clock stepped back) reuses that millisecond and increments the
// random part, so a later id is always greater. Across processes they sort by time to
// the millisecond, which is what time-ordered keys need.
func NewID() string {
	ms := uint64(time.Now().UnixMilli())
	idState.Lock()
	defer idState.Unlock()
	if ms <= idState.ms {
		ms = idState.ms
		if !increment(&idState.rand) {
			// 2^80 ids in one millisecond: borrow the next one.
			ms++
			fillRandom(&idState.rand)
		}
	} else {
		fillRandom(&idState.rand)
	}
	idState.ms = ms
	return encodeID(ms, idState.rand)
}

// IDFrom returns the id of time t with the given 80 bits in place of random ones:
// the same inputs give the same id, so that generated data (the load tests' seed)
// gets the same ids on every run and a second run finds what the first wrote.
func IDFrom(t time.Time, bits [10]byte) string {
	return encodeID(uint64(max(t.UnixMilli(), 0)), bits)
}

// IDTime returns the time encoded in an id NewID made, to the millisecond, and false
// when s is not such an id.
func IDTime(s string) (time.Time, bool) {
	if len(s) != IDLen || s[0] > '7' {
		return time.Time{}, false
	}
	var ms uint64
	for i := 0; i < IDLen; i++ {
		v := decodeChar(s[i])
		if v < 0 {
			return time.Time{}, false
		}
		if i < 10 {
			ms = ms<<5 | uint64(v)
		}
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}

func fillRandom(b *[10]byte) {
	// crypto/rand.Read never fails on supported platforms; it panics otherwise.
	_, _ = rand.Read(b[:])
	// Keep headroom so that increments within one millisecond rarely overflow.
	b[0] &= 0x7f
}

// increment adds one to the big-endian number in b, reporting false on overflow.
func increment(b *[10]byte) bool {
	for i := len(b) - 1; i >= 0; i-- {
		b[i]++
		if b[i] != 0 {
			return true
		}
	}
	return false
}

// encodeID writes 48 bits of time then 80 bits of randomness as 26 base32 digits (the
// first digit carries only 3 bits, so it is at most '7').
func encodeID(ms uint64, r [10]byte) string {
	var out [IDLen]byte
	for i := 9; i >= 0; i-- {
		out[i] = crockford[ms&31]
		ms >>= 5
	}
	// 80 bits = 16 digits of 5 bits; take them from two 40-bit halves.
	hi := uint64(r[0])<<32 | uint64(r[1])<<24 | uint64(r[2])<<16 | uint64(r[3])<<8 | uint64(r[4])
	lo := uint64(r[5])<<32 | uint64(r[6])<<24 | uint64(r[7])<<16 | uint64(r[8])<<8 | uint64(r[9])
	for i := 7; i >= 0; i-- {
		out[10+i] = crockford[hi&31]
		hi >>= 5
		out[18+i] = crockford[lo&31]
		lo >>= 5
	}
	return string(out[:])
}

func decodeChar(c byte) int {
	for i := 0; i < len(crockford); i++ {
		if crockford[i] == c {
			return i
		}
	}
	return -1
}
