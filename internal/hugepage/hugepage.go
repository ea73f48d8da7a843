// Package hugepage asks the kernel to back large, randomly read tables with
// huge pages. The models' hashed feature tables (35 MB for the tagger, parser
// and NER) are read at random: with 4 KiB pages nearly every lookup misses
// the TLB as well as the cache, and the page walk (two-dimensional in a
// virtual machine) costs as much again.
package hugepage

import "unsafe"

// Make returns a zeroed slice of n Ts that starts on a huge page boundary and
// whose pages the kernel is asked to back with transparent huge pages
// (Linux with THP in "madvise" mode; elsewhere it is a plain slice). Call it
// before writing the slice: pages already touched stay small until the
// kernel collapses them. A slice under a huge page is a plain one.
func Make[T any](n int) []T {
	var t T
	size := uintptr(n) * unsafe.Sizeof(t)
	if size < hugeSize || !supported {
		return make([]T, n)
	}
	// Room to start at a boundary: the pages before it are never touched,
	// so they cost address space only.
	s := make([]T, n+int(hugeSize/unsafe.Sizeof(t)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	off := int(((p+hugeSize-1)&^(hugeSize-1) - p) / unsafe.Sizeof(t))
	s = s[off : off+n : off+n]
	advise(unsafe.Pointer(unsafe.SliceData(s)), size)
	return s
}

const hugeSize = 2 << 20

// Copy returns a copy of s in a slice made by Make, for a table that is
// built by appending.
func Copy[T any](s []T) []T {
	d := Make[T](len(s))
	copy(d, s)
	return d
}
