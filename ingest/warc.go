package ingest

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/sitrep-dev/sitrep"
)

// warc yields a document for each HTML response record, with its target URI
// as URL and the capture date where the page gives no publication date. Other
// records (requests, metadata, images) are skipped. A damaged record ends the
// file, since WARC has no resynchronisation point; documents before it are
// kept.
func (r *reader) warc(br *bufio.Reader, name string) bool {
	wf, err := gowarc.NewWarcFileReaderFromStream(br, 0,
		// Crawls in the wild break the spec in small ways that do not matter
		// here; a record shorter than its Content-Length does (a truncated
		// file), so violations come back as warnings, and only that one
		// fails the record.
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithBlockErrorPolicy(gowarc.ErrWarn),
		gowarc.WithBufferMaxMemBytes(r.opt.MaxBytes),
	)
	if err != nil {
		return r.fail(name, fmt.Errorf("WARC: %w", err))
	}
	defer wf.Close()
	for n := 1; ; n++ {
		if r.ctx.Err() != nil {
			return false
		}
		rec, err := wf.Next()
		if err == io.EOF {
			return true
		}
		src := fmt.Sprintf("%s#%d", name, n)
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = errors.New("truncated")
			}
			return r.fail(src, fmt.Errorf("WARC record: %w", err))
		}
		if shortRecord(rec.Validation) {
			rec.Close()
			return r.fail(src, errors.New("WARC record truncated: shorter than its Content-Length"))
		}
		page, err := r.warcPage(rec.WarcRecord)
		rec.Close()
		if err != nil {
			if !r.fail(src, err) {
				return false
			}
			continue
		}
		if page.data == nil {
			continue
		}
		if !r.later(src, func() (*sitrep.Document, error) { return r.warcDoc(page, src) }) {
			return false
		}
	}
}

func shortRecord(validation []error) bool {
	for _, v := range validation {
		var cl *gowarc.ContentLengthError
		if errors.As(v, &cl) && cl.Actual < cl.Expected {
			return true
		}
	}
	return false
}

// warcPage is the HTML payload of a response record.
type warcPage struct {
	data []byte
	uri  string
	date time.Time
}

// warcPage reads the payload of an HTML response record; other records give
// a page with nil data.
func (r *reader) warcPage(rec gowarc.WarcRecord) (warcPage, error) {
	var page warcPage
	if rec == nil || rec.Type() != gowarc.Response {
		return page, nil
	}
	block, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return page, nil
	}
	if code := block.HttpStatusCode(); code < 200 || code >= 300 {
		return page, nil
	}
	if h := block.HttpHeader(); h != nil {
		if ct := h.Get("Content-Type"); ct != "" {
			if mt, _, _ := mime.ParseMediaType(ct); mt != "text/html" && mt != "application/xhtml+xml" {
				return page, nil
			}
		}
	}
	payload, err := block.PayloadBytes()
	if err != nil {
		return page, fmt.Errorf("WARC payload: %w", err)
	}
	br := bufio.NewReader(payload)
	var body io.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		// Content-Encoding: gzip kept as sent.
		zr, err := gzip.NewReader(br)
		if err != nil {
			return page, fmt.Errorf("WARC payload: gzip: %w", err)
		}
		body = zr
	}
	if page.data, err = r.readAll(body, 0); err != nil {
		return page, err
	}
	if len(page.data) == 0 {
		page.data = nil
		return page, nil
	}
	page.uri = strings.Trim(rec.WarcHeader().Get(gowarc.WarcTargetURI), "<>")
	page.date, _ = rec.Date()
	return page, nil
}

func (r *reader) warcDoc(page warcPage, src string) (*sitrep.Document, error) {
	doc, err := ParseHTML(page.data, page.uri, r.opt)
	if err != nil {
		return nil, err
	}
	doc.Format, doc.Source = "warc", src
	if doc.URL == "" {
		doc.URL = page.uri
	}
	if page.uri != "" {
		doc.ID = page.uri
	}
	if doc.Date.IsZero() && !page.date.IsZero() {
		doc.Date, doc.DateHasTime = page.date, true
	}
	return doc, nil
}
