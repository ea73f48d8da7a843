// Package ingest turns whatever a user points sitrep at (files, directories,
// stdin; plain text, HTML, feeds, WARC, JSONL; gzip or not) into Documents.
package ingest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Options tune reading.
type Options struct {
	// MaxBytes caps the size of one input document; larger ones are an error.
	MaxBytes int64
}

// DefaultOptions are the limits used when none are given.
var DefaultOptions = Options{MaxBytes: 256 << 20}

// Read yields the documents of every input in order. An input that cannot be
// read yields a *sitrep.InputError naming it, and reading goes on with the
// next. "-" is standard input.
func Read(ctx context.Context, inputs []string, opt Options) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		for _, in := range inputs {
			if ctx.Err() != nil {
				return
			}
			if !readInput(ctx, in, opt, yield) {
				return
			}
		}
	}
}

func readInput(ctx context.Context, in string, opt Options, yield func(*sitrep.Document, error) bool) bool {
	if in == "-" {
		return readStream(os.Stdin, "stdin", opt, yield)
	}
	fi, err := os.Stat(in)
	if err != nil {
		return yield(nil, &sitrep.InputError{Input: in, Err: err})
	}
	if !fi.IsDir() {
		return readFile(in, opt, yield)
	}
	cont := true
	walkErr := filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if cont = yield(nil, &sitrep.InputError{Input: path, Err: err}); !cont {
				return fs.SkipAll
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if cont = readFile(path, opt, yield); !cont {
			return fs.SkipAll
		}
		return nil
	})
	if walkErr != nil && cont && !errors.Is(walkErr, ctx.Err()) {
		return yield(nil, &sitrep.InputError{Input: in, Err: walkErr})
	}
	return cont
}

func readFile(path string, opt Options, yield func(*sitrep.Document, error) bool) bool {
	f, err := os.Open(path)
	if err != nil {
		return yield(nil, &sitrep.InputError{Input: path, Err: err})
	}
	defer f.Close()
	return readStream(f, path, opt, yield)
}

func readStream(r io.Reader, name string, opt Options, yield func(*sitrep.Document, error) bool) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	if looksJSONL(head) {
		return readJSONL(br, name, yield)
	}
	data, err := io.ReadAll(io.LimitReader(br, opt.MaxBytes+1))
	if err != nil {
		return yield(nil, &sitrep.InputError{Input: name, Err: err})
	}
	if int64(len(data)) > opt.MaxBytes {
		return yield(nil, &sitrep.InputError{Input: name, Err: fmt.Errorf("larger than %d bytes", opt.MaxBytes)})
	}
	doc := &sitrep.Document{Text: string(data), Format: "text", Source: name}
	doc.ID = filepath.Base(name)
	return yield(doc, nil)
}

func looksJSONL(head []byte) bool {
	s := strings.TrimLeft(string(head), " \t\r\n\ufeff")
	return strings.HasPrefix(s, "{\"") || strings.HasPrefix(s, "{ \"")
}

type jsonDoc struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	HTML  string `json:"html"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Date  string `json:"date"`
}

func readJSONL(r *bufio.Reader, name string, yield func(*sitrep.Document, error) bool) bool {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		src := fmt.Sprintf("%s:%d", name, line)
		var jd jsonDoc
		if err := json.Unmarshal(b, &jd); err != nil {
			if !yield(nil, &sitrep.InputError{Input: src, Err: err}) {
				return false
			}
			continue
		}
		doc := &sitrep.Document{ID: jd.ID, URL: jd.URL, Title: jd.Title, Text: jd.Text, Format: "jsonl", Source: src}
		if jd.Date != "" {
			doc.Date, doc.DateHasTime = parseDate(jd.Date)
		}
		if doc.ID == "" {
			doc.ID = doc.URL
		}
		if doc.ID == "" {
			sum := sha256.Sum256([]byte(doc.Text))
			doc.ID = hex.EncodeToString(sum[:8])
		}
		if !yield(doc, nil) {
			return false
		}
	}
	if err := sc.Err(); err != nil {
		return yield(nil, &sitrep.InputError{Input: name, Err: err})
	}
	return true
}

func parseDate(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, false
	}
	return time.Time{}, false
}
