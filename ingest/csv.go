package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// Fields are the contract's document fields that a CSV or TSV column can
// hold, as Options.Columns names them.
var Fields = []string{"id", "url", "title", "date", "text", "html"}

// CheckColumns checks that columns, as Options.Columns, names only Fields.
func CheckColumns(columns map[string]string) error {
	for field := range columns {
		if !slices.Contains(Fields, field) {
			return fmt.Errorf("%s=…: no such field; the fields are %s", field, strings.Join(Fields, ", "))
		}
	}
	return nil
}

// table is the layout of a CSV or TSV file: its separator and, for each of
// Fields, its column (-1: none).
type table struct {
	comma   rune
	columns [6]int
	header  []string
}

// sniffTable reads the header of a CSV or TSV file from head: a file named
// .csv or .tsv (before any .gz), or one whose first line is a row of column
// names among which the text or html column is. ok is false for anything
// else (a text whose first line has commas). A table with no text or html
// column is returned with an error.
func sniffTable(head []byte, name string, columns map[string]string) (t table, ok bool, err error) {
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz")))
	named := ext == ".csv" || ext == ".tsv"
	nl := bytes.IndexByte(head, '\n')
	if nl < 0 {
		if !named {
			return t, false, nil
		}
		nl = len(head)
	}
	line := string(bytes.TrimRight(bytes.TrimPrefix(head[:nl], utf8BOM), "\r"))
	t.comma = ','
	if ext == ".tsv" || ext != ".csv" && strings.Contains(line, "\t") {
		t.comma = '\t'
	}
	r := csv.NewReader(strings.NewReader(line))
	r.Comma, r.LazyQuotes = t.comma, true
	t.header, _ = r.Read()
	if !named && (len(t.header) < 2 || !slices.ContainsFunc(t.header, isColumnName)) {
		return t, false, nil
	}
	for i, f := range Fields {
		want := f
		if c, ok := columns[f]; ok {
			want = c
		}
		t.columns[i] = slices.IndexFunc(t.header, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), want) })
	}
	if !named && slices.ContainsFunc(t.header, func(h string) bool { return !isColumnName(h) }) {
		return t, false, nil
	}
	if t.columns[4] < 0 && t.columns[5] < 0 {
		if !named {
			return t, false, nil
		}
		return t, true, fmt.Errorf("a table with the columns %s and no text or html column: name the text column with --columns text=NAME",
			strings.Join(t.header, ", "))
	}
	return t, true, nil
}

// isColumnName tells a column name from a cell of text: a short word or
// two, no sentence.
func isColumnName(h string) bool {
	h = strings.TrimSpace(h)
	if h == "" || len(h) > 40 || strings.Count(h, " ") > 2 {
		return false
	}
	for _, c := range h {
		if !(c == '_' || c == '-' || c == ' ' || c == '.' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z') {
			return false
		}
	}
	return true
}

// table yields a document per row of a CSV or TSV file, named by the line it
// starts on; a bad row is named and skipped.
func (r *reader) table(br *bufio.Reader, name string, t table) bool {
	cr := csv.NewReader(br)
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = t.comma, true, -1
	if _, err := cr.Read(); err != nil { // the header
		return r.fail(name, truncated(err))
	}
	for {
		if r.ctx.Err() != nil {
			return false
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return true
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if !r.fail(fmt.Sprintf("%s:%d", name, pe.StartLine), pe.Err) {
				return false
			}
			continue
		}
		if err != nil {
			return r.fail(name, truncated(err))
		}
		line, _ := cr.FieldPos(0)
		src := fmt.Sprintf("%s:%d", name, line)
		var jd jsonDoc
		n := 0
		for i, f := range []*string{&jd.ID, &jd.URL, &jd.Title, &jd.Date, &jd.Text, &jd.HTML} {
			if c := t.columns[i]; c >= 0 && c < len(rec) {
				*f = rec[c]
				n += len(rec[c])
			}
		}
		if int64(n) > r.opt.MaxBytes {
			if !r.fail(src, fmt.Errorf("row larger than the %s document limit", size(r.opt.MaxBytes))) {
				return false
			}
			continue
		}
		if !r.later(src, func() (*sitrep.Document, error) {
			doc, err := r.fieldsDoc(&jd, "csv")
			if err != nil {
				return nil, err
			}
			doc.Source = src
			return doc, nil
		}) {
			return false
		}
	}
}
