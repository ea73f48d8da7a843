package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// jsonDoc is one JSONL line of the command-line contract.
type jsonDoc struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	HTML  string `json:"html"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Date  string `json:"date"`
}

// jsonl yields a document per line. A bad line, or one longer than the
// document limit, is named by its line number and skipped.
func (r *reader) jsonl(br *bufio.Reader, name string) bool {
	var buf []byte
	for line := 1; ; line++ {
		if r.ctx.Err() != nil {
			return false
		}
		b, long, err := readLine(br, buf[:0], r.opt.MaxBytes)
		buf = b
		if err != nil && (err != io.EOF || len(b) == 0 && !long) {
			if err == io.EOF {
				return true
			}
			return r.fail(fmt.Sprintf("%s:%d", name, line), truncated(err))
		}
		src := fmt.Sprintf("%s:%d", name, line)
		if long {
			if !r.fail(src, fmt.Errorf("line longer than the %s document limit", size(r.opt.MaxBytes))) {
				return false
			}
		} else if len(bytes.TrimSpace(b)) > 0 {
			// The line buffer is reused; the worker needs a copy.
			b := bytes.Clone(b)
			if !r.later(src, func() (*sitrep.Document, error) {
				doc, err := r.jsonDoc(b)
				if err != nil {
					return nil, err
				}
				doc.Source = src
				return doc, nil
			}) {
				return false
			}
		}
		if err == io.EOF {
			return true
		}
	}
}

// readLine appends the next line of br to buf, without its newline. A line
// longer than max is read to its end but not kept: long is set and buf holds
// nothing of it. err is io.EOF at the end of the input.
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, long bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !long {
			if int64(len(buf)+len(chunk)) > max+1 { // +1: the newline
				long, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil:
			buf = bytes.TrimSuffix(buf, []byte("\n"))
			return bytes.TrimSuffix(buf, []byte("\r")), long, nil
		}
		return buf, long, err
	}
}

func (r *reader) jsonDoc(b []byte) (*sitrep.Document, error) {
	var jd jsonDoc
	if err := decodeJSONDoc(b, &jd); err != nil {
		return nil, fmt.Errorf("not a JSON document: %w", err)
	}
	return r.fieldsDoc(&jd, "jsonl")
}

// fieldsDoc makes the document that the fields of the contract describe
// (a JSONL line, a CSV row).
func (r *reader) fieldsDoc(jd *jsonDoc, format string) (*sitrep.Document, error) {
	var doc *sitrep.Document
	var err error
	switch {
	case strings.TrimSpace(jd.HTML) != "":
		doc, err = parseHTML([]byte(jd.HTML), jd.URL, r.opt, true)
		if err != nil {
			return nil, err
		}
		doc.Format = format
	case strings.TrimSpace(jd.Text) != "":
		doc = &sitrep.Document{Text: normalizeNewlines(strings.ToValidUTF8(jd.Text, "\uFFFD")), Format: format}
	default:
		return nil, errors.New(`neither "text" nor "html" given`)
	}
	// The caller's fields win over what the page says of itself.
	if jd.ID != "" {
		doc.ID = jd.ID
	}
	if jd.URL != "" {
		doc.URL = jd.URL
	}
	if jd.Title != "" {
		doc.Title = jd.Title
	}
	if jd.Date != "" {
		t, hasTime, ok := ParseDate(jd.Date)
		if !ok {
			return nil, fmt.Errorf("date %q is neither YYYY-MM-DD nor RFC 3339", jd.Date)
		}
		doc.Date, doc.DateHasTime = t, hasTime
	}
	if doc.ID == "" {
		doc.ID = doc.URL
	}
	if doc.ID == "" {
		doc.ID = contentID(doc.Text)
	}
	return doc, nil
}
