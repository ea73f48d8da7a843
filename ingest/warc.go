package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/sitrep-dev/sitrep"
)

// warc yields a document for each HTML response record, with its target URI
// as URL and the capture date where the page gives no publication date. Other
// records (requests, metadata, images) are skipped.
//
// The records are framed here and parsed by gowarc one at a time: gowarc reads
// a record with a negative Content-Length to the end of the file (taking the
// records after it as its block), and stops at a damaged one. Here a record
// whose header or length is bad, or that does not end where its length says,
// fails alone, and reading goes on at the next line that starts with "WARC/";
// where a length too large ran into the records after it, at the first such
// line inside what it read. A truncated record ends the file; documents
// before it are kept.
func (r *reader) warc(br *bufio.Reader, name string) bool {
	u := gowarc.NewUnmarshaler(
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
	var rb *bufio.Reader
	var block bytes.Buffer // the block as read, to go on from inside it
	for n := 1; nextWARCRecord(br); n++ {
		if r.ctx.Err() != nil {
			return false
		}
		src := fmt.Sprintf("%s#%d", name, n)
		header, length, err := warcHeader(br)
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return r.fail(src, errors.New("WARC record truncated in its header"))
			}
			if !r.fail(src, err) {
				return false
			}
			continue
		}
		block.Reset()
		read := io.TeeReader(io.LimitReader(br, length), capped{&block, r.opt.MaxBytes})
		body := io.MultiReader(bytes.NewReader(header), read)
		if rb == nil {
			rb = bufio.NewReader(body)
		} else {
			rb.Reset(body)
		}
		rec, _, validation, err := u.Unmarshal(rb)
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				if next := resume(&block, br); next != nil {
					br = next
					if !r.fail(src, pastEnd(length)) {
						return false
					}
					continue
				}
				return r.fail(src, errors.New("WARC record truncated"))
			}
			if !r.fail(src, fmt.Errorf("WARC record: %w", err)) {
				return false
			}
			continue
		}
		if shortRecord(validation) {
			rec.Close()
			if next := resume(&block, br); next != nil {
				br = next
				if !r.fail(src, pastEnd(length)) {
					return false
				}
				continue
			}
			return r.fail(src, errors.New("WARC record truncated: shorter than its Content-Length"))
		}
		page, err := r.warcPage(rec)
		rec.Close()
		if err == nil {
			// Drain what gowarc left of the block (a record it skipped).
			_, err = io.Copy(io.Discard, rb)
		}
		if err == nil && !endOfWARCRecord(br) {
			err = fmt.Errorf("WARC record does not end where its Content-Length (%d) says", length)
			if next := resume(&block, br); next != nil {
				br = next
			}
		}
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
	return true
}

// pastEnd is the failure of a record whose length ran past the end of the
// file, taking in the records after it.
func pastEnd(length int64) error {
	return fmt.Errorf("WARC record runs past the end of the file: its Content-Length (%d) is too large", length)
}

// capped writes to a buffer up to max bytes and drops the rest.
type capped struct {
	b   *bytes.Buffer
	max int64
}

func (c capped) Write(p []byte) (int, error) {
	if room := c.max - int64(c.b.Len()); room > 0 {
		c.b.Write(p[:min(int64(len(p)), room)])
	}
	return len(p), nil
}

// resume returns a reader that goes on at the first line of a record's block
// that starts a record ("WARC/"), then the rest of br; nil if there is none.
// A block holds one where its Content-Length was too large and took in the
// records after it.
func resume(block *bytes.Buffer, br *bufio.Reader) *bufio.Reader {
	i := bytes.Index(block.Bytes(), []byte("\nWARC/"))
	if i < 0 {
		return nil
	}
	rest := bytes.Clone(block.Bytes()[i+1:])
	return bufio.NewReaderSize(io.MultiReader(bytes.NewReader(rest), br), br.Size())
}

// maxWARCHeader bounds the header of one record; real ones are under 2 kB.
const maxWARCHeader = 64 << 10

// nextWARCRecord skips to the next line that starts with "WARC/": past the
// blank lines that end a record, or past the rest of a record that failed. It
// reports false at the end of the input.
func nextWARCRecord(br *bufio.Reader) bool {
	for {
		head, err := br.Peek(5)
		if string(head) == "WARC/" {
			return true
		}
		if len(head) == 0 || err != nil && len(head) < 5 {
			if len(head) > 0 {
				br.Discard(len(head))
			}
			return false
		}
		// Discard up to the end of this line, however long it is.
		for {
			_, err := br.ReadSlice('\n')
			if err != bufio.ErrBufferFull {
				break
			}
		}
	}
}

// warcHeader reads the header of a record, up to and with its blank line,
// and returns it with the block length it gives.
func warcHeader(br *bufio.Reader) (header []byte, length int64, err error) {
	length = -1
	for {
		line, err := br.ReadSlice('\n')
		switch {
		case err == bufio.ErrBufferFull || len(header)+len(line) > maxWARCHeader:
			return nil, 0, fmt.Errorf("WARC record header longer than %s", size(maxWARCHeader))
		case err == io.EOF:
			return nil, 0, io.ErrUnexpectedEOF
		case err != nil:
			return nil, 0, truncated(err)
		}
		header = append(header, line...)
		field := bytes.TrimRight(line, "\r\n")
		if len(field) == 0 {
			break
		}
		k, v, ok := bytes.Cut(field, []byte(":"))
		if !ok || !bytes.EqualFold(bytes.TrimSpace(k), []byte("Content-Length")) {
			continue
		}
		n, perr := strconv.ParseInt(string(bytes.TrimSpace(v)), 10, 64)
		if perr != nil || n < 0 || length >= 0 && n != length {
			return nil, 0, fmt.Errorf("WARC record has a bad Content-Length %q", bytes.TrimSpace(v))
		}
		length = n
	}
	if length < 0 {
		return nil, 0, errors.New("WARC record has no Content-Length")
	}
	return header, length, nil
}

// endOfWARCRecord reads the blank lines that end a record and reports
// whether the input ends or the next record starts after them.
func endOfWARCRecord(br *bufio.Reader) bool {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return true
		}
		if c != '\r' && c != '\n' {
			br.UnreadByte()
			head, _ := br.Peek(5)
			return string(head) == "WARC/"
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
	if doc.ID == "" { // a target URI that is missing or no URI
		doc.ID = contentID(doc.Text)
	}
	if doc.Date.IsZero() && !page.date.IsZero() {
		doc.Date, doc.DateHasTime = page.date, true
	}
	return doc, nil
}
