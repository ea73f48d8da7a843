package hugepage

import (
	"testing"
	"unsafe"
)

func TestMake(t *testing.T) {
	for _, n := range []int{0, 10, 3 << 20} {
		s := Make[uint32](n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Make(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i, v := range s {
			if v != 0 {
				t.Fatalf("Make(%d)[%d] = %d", n, i, v)
			}
		}
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(s))); supported && n*4 >= hugeSize && p%hugeSize != 0 {
			t.Errorf("Make(%d) starts at %#x, not on a huge page", n, p)
		}
	}
	src := []int16{1, 2, 3}
	if d := Copy(src); len(d) != 3 || d[2] != 3 {
		t.Errorf("Copy = %v", d)
	}
}
