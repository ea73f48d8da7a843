package embedded

import (
	"bytes"
	_ "embed"
	"io"
	"runtime"
	"testing"
	"unsafe"
)

//go:embed testdata/blob.txt
var blob []byte

// TestReader reads an embedded file, whose pages are dropped as it goes, and
// a copy on the heap, which must be left alone, each twice, after both are
// released: both read back the same bytes.
func TestReader(t *testing.T) {
	heap := bytes.Clone(blob)
	if runtime.GOOS == "linux" && !releasable(blob) {
		t.Error("an embedded file is not releasable")
	}
	if releasable(heap) {
		t.Fatal("a heap slice is releasable")
	}
	Release(unsafe.String(unsafe.SliceData(heap), len(heap)))
	Release(unsafe.String(unsafe.SliceData(blob), len(blob)))
	for range 2 {
		for _, b := range [][]byte{blob, heap} {
			got, err := io.ReadAll(NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, heap) {
				t.Fatal("read back other bytes")
			}
		}
	}
}
