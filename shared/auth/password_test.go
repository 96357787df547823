package auth_test

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/auth"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := auth.HashPassword("Correct#Horse9", auth.OWASP)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash does not carry its parameters: %s", h)
	}
	ok, stale, err := auth.CheckPassword(h, "Correct#Horse9", auth.OWASP)
	if err != nil || !ok || stale {
		t.Fatalf("right password: ok=%v stale=%v err=%v", ok, stale, err)
	}
	if ok, _, _ := auth.CheckPassword(h, "correct#Horse9", auth.OWASP); ok {
		t.Fatal("a wrong password was accepted")
	}
	h2, _ := auth.HashPassword("Correct#Horse9", auth.OWASP)
	if h2 == h {
		t.Fatal("two hashes of one password must differ by their salt")
	}
}

func TestWeakerHashIsReportedStale(t *testing.T) {
	weak := auth.Argon2Params{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}
	h, _ := auth.HashPassword("pw", weak)
	ok, stale, err := auth.CheckPassword(h, "pw", auth.OWASP)
	if err != nil || !ok || !stale {
		t.Fatalf("ok=%v stale=%v err=%v; a hash under the wanted cost must verify and be stale", ok, stale, err)
	}
}

func TestCorruptHashIsAnError(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2id$v=19$m=x$a$b", "$argon2i$v=19$m=1,t=1,p=1$YQ$YQ", "$argon2id$v=19$m=1,t=1,p=0$YQ$YQ"} {
		if _, _, err := auth.CheckPassword(h, "pw", auth.OWASP); err == nil {
			t.Errorf("hash %q accepted", h)
		}
	}
}

func BenchmarkHashPasswordOWASP(b *testing.B) {
	for b.Loop() {
		if _, err := auth.HashPassword("Correct#Horse9", auth.OWASP); err != nil {
			b.Fatal(err)
		}
	}
}

// TestConcurrentChecksAllAnswer checks many passwords at once: the checks take turns
// (at most one fewer than the cores at a time) and every one of them answers.
func TestConcurrentChecksAllAnswer(t *testing.T) {
	cheap := auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}
	h, err := auth.HashPassword("pw", cheap)
	if err != nil {
		t.Fatal(err)
	}
	results := make(chan bool)
	for i := range 32 {
		go func() {
			ok, _, err := auth.CheckPassword(h, []string{"pw", "wrong"}[i%2], cheap)
			results <- err == nil && ok == (i%2 == 0)
		}()
	}
	for range 32 {
		if !<-results {
			t.Fatal("a concurrent check answered wrongly")
		}
	}
}
