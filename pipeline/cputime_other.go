//go:build !linux

package pipeline

import "time"

var epoch = time.Now()

// threadCPU falls back to the wall clock where no thread clock is read.
func threadCPU() time.Duration { return time.Since(epoch) }
