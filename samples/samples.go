// Package samples holds a few short news stories written for sitrep's quick
// start, so `sitrep up` with no input shows a working dashboard on a fresh
// machine. They are our own text (public domain, CC0), not wire copy.
package samples

import (
	_ "embed"
	"os"
	"path/filepath"
)

// NewsJSONL is the sample stories as contract JSONL (id, date, title, text).
//
//go:embed news.jsonl
var NewsJSONL []byte

// File writes the sample stories to a file of a new temporary folder, as
// the readers take paths, and returns its path and what removes the folder.
func File() (path string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "sitrep-samples")
	if err != nil {
		return "", nil, err
	}
	path = filepath.Join(dir, "samples.jsonl")
	if err := os.WriteFile(path, NewsJSONL, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return path, func() { os.RemoveAll(dir) }, nil
}
