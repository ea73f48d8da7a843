package samples

import (
	"bytes"
	"os"
	"testing"
)

// File holds the sample stories until removed.
func TestFile(t *testing.T) {
	path, remove, err := File()
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, NewsJSONL) {
		t.Fatalf("%s: %d bytes, %v; want the %d of NewsJSONL", path, len(b), err, len(NewsJSONL))
	}
	remove()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s after remove: %v", path, err)
	}
}
