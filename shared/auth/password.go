// Package auth holds Guichet's security primitives: password hashing, sessions,
// one-time codes and the authorization policy.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/guichet/guichet/shared/portal"
)

// Argon2Params are the argon2id cost parameters. They are written into every hash so
// that raising them later does not lock out existing passwords.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// OWASP is the OWASP-recommended minimum for argon2id: 19 MiB, 2 passes, 1 lane.
var OWASP = Argon2Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

// HashPassword returns a PHC-format argon2id hash of password.
func HashPassword(password string, p Argon2Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", portal.Internalf("auth: salt: %w", err)
	}
	key := deriveKey(password, salt, p, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// hashing holds a place for each argon2id derivation under way in this process, one
// fewer than the cores it may use (at least one). A derivation takes a core for about
// 25 ms and 19 MiB at OWASP cost: a burst of sign-ins then waits its turn rather than
// taking every core from the requests that need only a few table reads, and cannot
// take the memory of hundreds of derivations at once. A Lambda instance serves one
// request at a time, so only the local server ever waits here.
var hashing = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1))

// deriveKey computes an argon2id key in its place (hashing), on an OS thread of its
// own at a lower priority: when the machine's cores are all busy, the kernel gives
// them to the reads first, whose answer takes a millisecond, rather than to a
// derivation that takes 25. The goroutine ends locked to that thread, which makes the
// runtime end the thread too, so its priority never reaches other work.
func deriveKey(password string, salt []byte, p Argon2Params, n uint32) []byte {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	out := make(chan []byte, 1)
	go func() {
		runtime.LockOSThread()
		lowerThreadPriority()
		out <- argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, n)
	}()
	return <-out
}

// CheckPassword reports whether password matches hash, in constant time for a given
// hash. It also tells whether the hash used weaker parameters than want, so that the
// caller can re-hash on a successful sign-in.
func CheckPassword(hash, password string, want Argon2Params) (ok, stale bool, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, false, portal.Internalf("auth: unknown hash format")
	}
	var version int
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, false, portal.Internalf("auth: unsupported argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil || p.Threads == 0 {
		return false, false, portal.Internalf("auth: bad argon2 parameters %q", parts[3])
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false, false, portal.Internalf("auth: bad argon2 encoding")
	}
	got := deriveKey(password, salt, p, uint32(len(key)))
	ok = subtle.ConstantTimeCompare(got, key) == 1
	stale = p.MemoryKiB < want.MemoryKiB || p.Time < want.Time
	return ok, stale, nil
}
