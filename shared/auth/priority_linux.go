package auth

import "syscall"

// lowerThreadPriority raises the nice value of the calling OS thread, on Linux the
// unit the kernel schedules, so that the cores go first to the threads serving
// reads. Raising one's own nice value needs no privilege; failing to is harmless.
func lowerThreadPriority() {
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 10)
}
