package bolt

import "syscall"

// mmapFlags has the kernel map the whole file when bbolt maps it, rather than a
// page at a time on first touch: a request then never waits for a page fault, and
// what a read costs does not depend on how much of a large file earlier requests
// happened to touch.
const mmapFlags = syscall.MAP_POPULATE
