package auth

import (
	"runtime"
	"syscall"
	"testing"
)

// The thread a derivation runs on is niced to at least 10; the test's own thread,
// and so the rest of the process, is not.
func TestDerivationThreadRunsAtLowerPriority(t *testing.T) {
	nice := func() int {
		// The raw system call answers 20 minus the nice value.
		raw, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
		if err != nil {
			t.Fatal(err)
		}
		return 20 - raw
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := nice()
	got := make(chan int, 1)
	go func() {
		runtime.LockOSThread()
		lowerThreadPriority()
		got <- nice()
	}()
	if n := <-got; n < 10 {
		t.Errorf("derivation thread nice %d, want at least 10", n)
	}
	if after := nice(); after != before {
		t.Errorf("the caller's thread moved from nice %d to %d", before, after)
	}
}
