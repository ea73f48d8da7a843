package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
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

// jsonl yields a document per line. A bad line is named by its line number
// and skipped.
func (r *reader) jsonl(br *bufio.Reader, name string) bool {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 1<<20), int(r.opt.MaxBytes)+1)
	line := 0
	for sc.Scan() {
		if r.ctx.Err() != nil {
			return false
		}
		line++
		b := sc.Bytes()
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		src := fmt.Sprintf("%s:%d", name, line)
		// The line buffer is reused by the scanner; the worker needs a copy.
		b = bytes.Clone(b)
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
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line %d is longer than the %s document limit", line+1, size(r.opt.MaxBytes))
		}
		return r.fail(name, truncated(err))
	}
	return true
}

func (r *reader) jsonDoc(b []byte) (*sitrep.Document, error) {
	var jd jsonDoc
	if err := decodeJSONDoc(b, &jd); err != nil {
		return nil, fmt.Errorf("not a JSON document: %w", err)
	}
	var doc *sitrep.Document
	var err error
	switch {
	case strings.TrimSpace(jd.HTML) != "":
		doc, err = parseHTML([]byte(jd.HTML), jd.URL, r.opt, true)
		if err != nil {
			return nil, err
		}
		doc.Format = "jsonl"
	case strings.TrimSpace(jd.Text) != "":
		doc = &sitrep.Document{Text: normalizeNewlines(strings.ToValidUTF8(jd.Text, "\uFFFD")), Format: "jsonl"}
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
