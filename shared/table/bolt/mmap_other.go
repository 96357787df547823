//go:build !linux

package bolt

// mmapFlags is empty where the kernel has no flag to map a whole file at once.
const mmapFlags = 0
