package embedded

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"sync"
	"syscall"
	"unsafe"
)

// dontNeed drops the whole pages of b from the resident set. b lies in a
// private mapping of a file that is never written, so the kernel reads the
// pages back from the file if they are touched again.
func dontNeed(b []byte) {
	page := uintptr(os.Getpagesize())
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := int((p+page-1)&^(page-1) - p)
	end := int((p+uintptr(len(b)))&^(page-1) - p)
	if end <= start {
		return
	}
	// The advice is a hint: an error leaves the pages resident.
	syscall.Madvise(b[start:end], syscall.MADV_DONTNEED)
}

// releasable reports whether b lies wholly in one mapping of the
// executable, where dropping pages loses nothing; on the heap it would zero
// them. The mappings are read afresh: an address range the binary does not
// hold may be a file's at one time and the heap's at another.
func releasable(b []byte) bool {
	exe := exeInode()
	if len(b) == 0 || exe == "" {
		return false
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return false
	}
	defer f.Close()
	p := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// address perms offset dev inode [path]
		fields := bytes.Fields(sc.Bytes())
		if len(fields) < 6 || string(fields[4]) != exe {
			continue
		}
		from, to, _ := bytes.Cut(fields[0], []byte("-"))
		lo, err1 := strconv.ParseUint(string(from), 16, 64)
		hi, err2 := strconv.ParseUint(string(to), 16, 64)
		if err1 == nil && err2 == nil && lo <= p && p+uint64(len(b)) <= hi {
			return true
		}
	}
	return false
}

// exeInode is the inode number of the executable, as /proc/self/maps writes
// it; "" if it cannot be known.
var exeInode = sync.OnceValue(func() string {
	fi, err := os.Stat("/proc/self/exe")
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || st.Ino == 0 {
		return ""
	}
	return strconv.FormatUint(st.Ino, 10)
})
