// Package ingest turns whatever a user points sitrep at (files, directories,
// stdin; plain text, HTML, feeds, WARC, JSONL; gzip or not) into Documents.
//
// The reader is chosen by sniffing the first bytes of the content, not by the
// file name, so a feed saved as .txt or an HTML page without extension is read
// for what it is. Containers (WARC, JSONL, feeds, gzip) are streamed; a single
// document (a text or HTML file, one record) is capped at Options.MaxBytes.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/sitrep-dev/sitrep"
)

// Options tune reading.
type Options struct {
	// MaxBytes caps the size of one document (a text or HTML file, a WARC
	// record, a JSONL line); larger ones are an error naming the input.
	MaxBytes int64
	// Extractor picks the HTML article extractor: "" or "agree" (our own
	// scorer and readability, keeping what they agree on), "auto"
	// (trafilatura and readability, the same way), "fast" (our own scorer,
	// readability where it finds nothing), "native", "trafilatura",
	// "trafilatura-fallback" or "readability"; see extractBody.
	Extractor string
	// Workers extract HTML in parallel (0: all cores).
	Workers int
	// Columns names the CSV or TSV column that holds each of Fields where
	// it is not the field's own name ("text": "body").
	Columns map[string]string
	// BytesRead, when not nil, counts the bytes read from the inputs as they
	// are stored (a .gz compressed), for progress against their sizes.
	BytesRead *atomic.Int64
}

// DefaultOptions are the limits used when none are given. No news article
// comes near 32 MiB; a larger single document is almost surely a mistake
// (a database dump, a disk image) and would stall every later stage.
var DefaultOptions = Options{MaxBytes: 32 << 20}

// Read yields the documents of every input in order. An input that cannot be
// read yields a *sitrep.InputError naming it, and reading goes on with the
// next. "-" is standard input. Inputs are scanned in order on one goroutine
// while the costly part (HTML extraction) runs on Options.Workers; the
// iterator still yields in input order.
func Read(ctx context.Context, inputs []string, opt Options) iter.Seq2[*sitrep.Document, error] {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultOptions.MaxBytes
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return func(yield func(*sitrep.Document, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ordered := make(chan *job, 4*workers)
		work := make(chan *job, 4*workers)
		for range workers {
			go func() {
				for j := range work {
					j.doc, j.err = j.fn()
					close(j.done)
				}
			}()
		}
		go func() {
			defer close(ordered)
			defer close(work)
			r := reader{ctx: ctx, opt: opt, ordered: ordered, work: work}
			for _, in := range inputs {
				if ctx.Err() != nil || !r.input(in) {
					return
				}
			}
		}()
		for j := range ordered {
			select {
			case <-j.done:
			case <-ctx.Done():
				return
			}
			if !yield(j.doc, j.err) {
				return
			}
		}
	}
}

// job is one document in input order: ready when done is closed, computed by
// fn on a worker when fn is set.
type job struct {
	fn   func() (*sitrep.Document, error)
	doc  *sitrep.Document
	err  error
	done chan struct{}
}

var closedDone = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// reader scans inputs on one goroutine; its methods return false once the
// consumer has stopped.
type reader struct {
	ctx     context.Context
	opt     Options
	ordered chan<- *job
	work    chan<- *job
	// bufs are stream's read buffers, one per gzip depth, reused from input
	// to input: a new 64 kB buffer for each file of a directory of news
	// stories cost more than reading the story.
	bufs [2]*bufio.Reader
}

// yield passes on a document or error that is ready.
func (r *reader) yield(doc *sitrep.Document, err error) bool {
	select {
	case r.ordered <- &job{doc: doc, err: err, done: closedDone}:
		return true
	case <-r.ctx.Done():
		return false
	}
}

// later queues fn to build a document on a worker, keeping its place in the
// input order. An error from fn is reported as the failure of input src.
func (r *reader) later(src string, fn func() (*sitrep.Document, error)) bool {
	j := &job{done: make(chan struct{})}
	j.fn = func() (doc *sitrep.Document, err error) {
		defer func() {
			// The extractors are third-party code run on hostile input: a
			// panic in one fails that input, not the run.
			if p := recover(); p != nil {
				doc, err = nil, &sitrep.InputError{Input: src, Err: fmt.Errorf("extractor failed: %v", p)}
			}
		}()
		doc, err = fn()
		if err != nil {
			return nil, &sitrep.InputError{Input: src, Err: err}
		}
		return doc, nil
	}
	select {
	case r.ordered <- j:
	case <-r.ctx.Done():
		return false
	}
	select {
	case r.work <- j:
		return true
	case <-r.ctx.Done():
		return false
	}
}

func (r *reader) fail(input string, err error) bool {
	// "x: open x: permission denied" says the path twice.
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == input {
		err = pe.Err
	}
	return r.yield(nil, &sitrep.InputError{Input: input, Err: err})
}

func (r *reader) input(in string) bool {
	if in == "-" {
		return r.stream(os.Stdin, "stdin", 0, 0)
	}
	fi, err := os.Stat(in)
	if err != nil {
		return r.fail(in, err)
	}
	if !fi.IsDir() {
		return r.file(in)
	}
	cont := true
	walkErr := filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
		if r.ctx.Err() != nil {
			return r.ctx.Err()
		}
		if err != nil {
			if cont = r.fail(path, err); !cont {
				return fs.SkipAll
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Follow links to files (not to directories, which could loop);
			// a dangling link is an unreadable file.
			fi, err := os.Stat(path)
			if err != nil {
				if cont = r.fail(path, err); !cont {
					return fs.SkipAll
				}
				return nil
			}
			if !fi.Mode().IsRegular() {
				return nil
			}
		} else if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if assetExt[strings.ToLower(filepath.Ext(path))] {
			return nil
		}
		if cont = r.file(path); !cont {
			return fs.SkipAll
		}
		return nil
	})
	if walkErr != nil && cont && !errors.Is(walkErr, r.ctx.Err()) {
		return r.fail(in, walkErr)
	}
	return cont
}

// assetExt are the extensions of the files a saved web page or crawl keeps
// beside its documents (styles, scripts, images, fonts, media). A directory
// walk skips them quietly; named on the command line they are read, and
// named as failures if they are not documents.
var assetExt = map[string]bool{
	".css": true, ".js": true, ".mjs": true, ".map": true, ".png": true, ".jpg": true, ".jpeg": true,
	".gif": true, ".webp": true, ".avif": true, ".svg": true, ".ico": true, ".bmp": true, ".woff": true,
	".woff2": true, ".ttf": true, ".otf": true, ".eot": true, ".mp3": true, ".mp4": true, ".webm": true,
	".ogg": true, ".wav": true, ".m4a": true, ".mov": true,
}

func (r *reader) file(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return r.fail(path, err)
	}
	defer f.Close()
	var length int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		length = fi.Size()
	}
	var src io.Reader = f
	if r.opt.BytesRead != nil {
		src = &countingReader{r: f, n: r.opt.BytesRead}
	}
	return r.stream(src, path, 0, length)
}

// countingReader adds what it reads to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// Size is the bytes of the inputs as Read counts them in BytesRead: their
// files' sizes, the files of directories walked as Read walks them. It is -1
// when an input is standard input, whose size is not known.
func Size(inputs []string) int64 {
	var total int64
	for _, in := range inputs {
		if in == "-" {
			return -1
		}
		fi, err := os.Stat(in)
		if err != nil {
			continue
		}
		if !fi.IsDir() {
			total += fi.Size()
			continue
		}
		filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || assetExt[strings.ToLower(filepath.Ext(path))] {
				return nil
			}
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				total += fi.Size()
			}
			return nil
		})
	}
	return total
}

// stream sniffs src and hands it to the matching reader. depth counts the
// gzip layers already removed, so a gzip bomb of nested layers stops.
// length is src's length when known (a file), else 0.
func (r *reader) stream(src io.Reader, name string, depth int, length int64) bool {
	br := r.bufs[depth]
	if br == nil {
		br = bufio.NewReaderSize(src, 64<<10)
		r.bufs[depth] = br
	} else {
		br.Reset(src)
	}
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return r.fail(name, err)
	}
	kind := sniff(head)
	if kind == kindText {
		// A CSV or TSV table with a header: a document per row.
		t, ok, err := sniffTable(head, name, r.opt.Columns)
		if err != nil {
			return r.fail(name, err)
		}
		if ok {
			return r.table(br, name, t)
		}
	}
	switch kind {
	case kindEmpty:
		return r.fail(name, errors.New("empty input"))
	case kindGzip:
		if depth > 0 {
			return r.fail(name, errors.New("nested gzip"))
		}
		zr, err := gzip.NewReader(br)
		if err != nil {
			return r.fail(name, fmt.Errorf("gzip: %w", err))
		}
		defer zr.Close()
		return r.stream(zr, name, depth+1, 0)
	case kindBinary:
		return r.fail(name, errors.New("binary content, not text, HTML, a feed, WARC or JSONL"))
	case kindXML:
		return r.fail(name, errors.New("XML that is not an RSS or Atom feed"))
	case kindWARC:
		return r.warc(br, name)
	case kindJSONL:
		return r.jsonl(br, name)
	default:
		data, err := r.readAll(br, length)
		if err != nil {
			return r.fail(name, err)
		}
		switch kind {
		case kindJSON:
			doc, err := r.jsonDoc(data)
			if err != nil {
				return r.fail(name, fmt.Errorf("a JSON file, not JSONL, and no document: %w", err))
			}
			doc.Source = name
			return r.yield(doc, nil)
		case kindFeed:
			return r.feed(data, name)
		case kindHTML:
			return r.later(name, func() (*sitrep.Document, error) {
				doc, err := ParseHTML(data, "", r.opt)
				if err != nil {
					return nil, err
				}
				doc.Source = name
				if doc.ID == "" {
					doc.ID = contentID(doc.Text)
				}
				return doc, nil
			})
		}
		// A file's id is a hash of its text, never its path: moving or
		// renaming a file must not change the ids of its document and events.
		doc, err := textDoc(data)
		if err != nil {
			return r.fail(name, err)
		}
		doc.Source, doc.ID = name, contentID(doc.Text)
		return r.yield(doc, nil)
	}
}

// readAll reads one document, failing once it passes MaxBytes without
// reading the rest. length, when known, makes the buffer once rather than
// growing it as io.ReadAll does.
func (r *reader) readAll(src io.Reader, length int64) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(length, r.opt.MaxBytes)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(src, r.opt.MaxBytes+1)); err != nil {
		return nil, truncated(err)
	}
	data := buf.Bytes()
	if int64(len(data)) > r.opt.MaxBytes {
		return nil, fmt.Errorf("document larger than the %s limit", size(r.opt.MaxBytes))
	}
	return data, nil
}

// size writes a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d-byte", n)
}

// truncated names the errors of an input that ends too early.
func truncated(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return fmt.Errorf("truncated or corrupt: %w", err)
	}
	return err
}

// contentID names a document that has no id or URL by a hash of its text as
// read: the text after cleaning would do too, but corpus-level cleaning (lines
// repeated across a site) depends on the other documents of the run.
func contentID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:8])
}
