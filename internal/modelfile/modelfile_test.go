package modelfile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.gz")
	const meta = "trained on X (CC BY-SA 4.0); dev F1 0.812"
	if err := Create(path, meta, func(w io.Writer) error { _, err := io.WriteString(w, "weights"); return err }); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, got, err := Open(data)
	if err != nil || got != meta {
		t.Fatalf("meta %q, %v", got, err)
	}
	if b, _ := io.ReadAll(r); string(b) != "weights" {
		t.Errorf("content %q", b)
	}
	if Meta(data) != meta || Meta([]byte("not gzip")) != "" {
		t.Error("Meta")
	}
}

func TestLongMeta(t *testing.T) {
	var b bytes.Buffer
	meta := strings.Repeat("figures ≥ 0.8; ", 100) // beyond a gzip comment's 511 bytes, and UTF-8
	if err := Write(&b, meta, func(io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := Meta(b.Bytes()); got != meta {
		t.Errorf("meta %q", got)
	}
	if err := Write(io.Discard, strings.Repeat("x", 1<<16), func(io.Writer) error { return nil }); err == nil {
		t.Error("a meta record gzip cannot hold was accepted")
	}
}

// Content that gzip barely shrinks is stored, and reads back the same.
func TestStored(t *testing.T) {
	random := make([]byte, 1<<16)
	x := uint64(1)
	for i := range random {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		random[i] = byte(x)
	}
	for _, c := range []struct {
		content []byte
		stored  bool
	}{{random, true}, {bytes.Repeat([]byte("weights "), 1<<13), false}} {
		var b bytes.Buffer
		if err := Write(&b, "m", func(w io.Writer) error { _, err := w.Write(c.content); return err }); err != nil {
			t.Fatal(err)
		}
		if stored := b.Len() > len(c.content); stored != c.stored {
			t.Errorf("%d bytes written for %d: stored %v, want %v", b.Len(), len(c.content), stored, c.stored)
		}
		r, meta, err := Open(b.Bytes())
		if err != nil || meta != "m" {
			t.Fatalf("meta %q, %v", meta, err)
		}
		if got, _ := io.ReadAll(r); !bytes.Equal(got, c.content) {
			t.Error("content differs")
		}
	}
}
