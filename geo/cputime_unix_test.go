//go:build unix

package geo

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used, so that a benchmark on a
// shared machine can report work per CPU-second rather than per wall second.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
