// Package embedded reads data embedded in the binary (go:embed) and gives its
// pages back to the kernel as it goes. A model's embedded file is read once,
// at start-up, into the model's own tables; its pages would otherwise stay in
// the process's resident set for the whole run (22 MB of sitrep's, a tenth of
// its peak on a short input). The kernel keeps them in its page cache, so the
// next run maps them again without reading the disk.
package embedded

import (
	"io"
	"unsafe"
)

// chunk is how many bytes a reader reads between two releases.
const chunk = 256 << 10

// NewReader returns a reader of b, which should be the bytes of a go:embed
// variable. The whole pages of b it has read past are dropped from the
// resident set; read again, they come back from the binary. Bytes that do
// not lie in a mapping of a file (a model read from disk into the heap) are
// read as they are.
func NewReader(b []byte) io.Reader {
	return &reader{b: b, release: releasable(b)}
}

// Release drops the whole pages of s, the text of a go:embed variable, from
// the resident set, for data read once into a model that keeps slices of
// it: only the pages that are read again come back. Like NewReader, it
// leaves alone a string that does not lie in a mapping of a file.
func Release(s string) {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	if releasable(b) {
		dontNeed(b)
	}
}

type reader struct {
	b       []byte
	off     int  // bytes read
	freed   int  // bytes whose whole pages have been released
	release bool // b lies in a file mapping
}

func (r *reader) Read(p []byte) (int, error) {
	if r.off >= len(r.b) {
		r.drop(len(r.b))
		return 0, io.EOF
	}
	n := copy(p, r.b[r.off:])
	r.off += n
	if r.off-r.freed >= chunk {
		r.drop(r.off)
	}
	return n, nil
}

// drop releases the whole pages of b[r.freed:end].
func (r *reader) drop(end int) {
	if r.release && end > r.freed {
		dontNeed(r.b[r.freed:end])
	}
	r.freed = end
}
