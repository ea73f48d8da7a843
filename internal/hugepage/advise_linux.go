package hugepage

import (
	"syscall"
	"unsafe"
)

const supported = true

// advise marks the huge pages that lie wholly within [p, p+size).
func advise(p unsafe.Pointer, size uintptr) {
	end := size &^ (hugeSize - 1)
	// The advice is a hint: an error (a kernel without THP) leaves small pages.
	syscall.Madvise(unsafe.Slice((*byte)(p), end), syscall.MADV_HUGEPAGE)
}
