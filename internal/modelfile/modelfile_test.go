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
