package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/batch"
)

// runExtract runs `sitrep extract args...` in process and returns its
// stdout, stderr and error.
func runExtract(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	dir := t.TempDir()
	outF, _ := os.Create(filepath.Join(dir, "out"))
	errF, _ := os.Create(filepath.Join(dir, "err"))
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outF, errF
	root.SetArgs(append([]string{"extract"}, args...))
	err = root.ExecuteContext(context.Background())
	os.Stdout, os.Stderr = oldOut, oldErr
	outF.Close()
	errF.Close()
	o, _ := os.ReadFile(outF.Name())
	e, _ := os.ReadFile(errF.Name())
	return string(o), string(e), err
}

func TestExtractContract(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("Troops crossed the border on Monday, officials said.\nFollow us on Facebook, Twitter and Instagram for the latest news."), 0o644)
	junk := filepath.Join(dir, "junk.bin")
	b := make([]byte, 4096)
	rand.Read(b)
	os.WriteFile(junk, b, 0o644)
	missing := filepath.Join(dir, "missing.txt")

	out, stderr, err := runExtract(t, junk, good, missing)
	if !errors.Is(err, batch.ErrSomeFailed) {
		t.Fatalf("want exit 1 (some inputs failed), got %v", err)
	}
	for _, name := range []string{"junk.bin: binary content", "missing.txt: "} {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr does not name %q:\n%s", name, stderr)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one document, got %d:\n%s", len(lines), out)
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &obj); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "url", "title", "date", "author", "lang", "text", "format", "removed", "near_duplicate_of"} {
		if _, ok := obj[k]; !ok {
			t.Errorf("contract field %q missing: %s", k, lines[0])
		}
	}
	// The id is a hash of the text as read, never the file's path.
	if obj["text"] != "Troops crossed the border on Monday, officials said." || obj["id"] != "f40250b85ae1c2eb" || obj["format"] != "text" {
		t.Errorf("got %s", lines[0])
	}
	removed, _ := obj["removed"].([]any)
	if len(removed) != 1 || removed[0].(map[string]any)["reason"] != "boilerplate" {
		t.Errorf("removed %v", obj["removed"])
	}

	if _, _, err := runExtract(t); !errors.As(err, &usageError{}) {
		t.Errorf("no input: want a usage error (exit 2), got %v", err)
	}
	if _, _, err := runExtract(t, good); err != nil {
		t.Errorf("good input: want exit 0, got %v", err)
	}
}
