package eval

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// LocationItem is one sentence of the event-location set: the event verb's
// span and the gold location span (Loc.End == 0 when the event has none).
// Spans are byte offsets.
type LocationItem struct {
	Text      string
	Verb, Loc sitrep.Span
}

// Parts of the event-location set ReadLocations returns.
const (
	Dev     = iota // the four fifths the location model is trained on
	HeldOut        // the fifth it never sees (by a hash of the text)
	All            // every record (a separate test file)
)

// ReadLocations reads the event-location set (gzip or plain JSONL with
// "text" and "spans" labelled VERB and LOCATION, character offsets, and
// optional "tokens") and returns the given part of it.
func ReadLocations(path string, part int) ([]LocationItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	var out []LocationItem
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	n := 0
	for sc.Scan() {
		n++
		var rec struct {
			Text  string `json:"text"`
			Spans []struct {
				Start      int    `json:"start"`
				End        int    `json:"end"`
				TokenStart *int   `json:"token_start"`
				TokenEnd   *int   `json:"token_end"`
				Label      string `json:"label"`
			} `json:"spans"`
			Tokens []struct {
				Start int `json:"start"`
				End   int `json:"end"`
			} `json:"tokens"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if part != All && (crc32.ChecksumIEEE([]byte(rec.Text))%5 == 0) != (part == HeldOut) {
			continue
		}
		it := LocationItem{Text: rec.Text}
		b := charToByte(rec.Text)
		ok := false
		for _, s := range rec.Spans {
			// Some records' character offsets are off while their token
			// offsets (inclusive) are right: prefer the tokens.
			if s.TokenStart != nil && s.TokenEnd != nil && *s.TokenStart >= 0 && *s.TokenStart <= *s.TokenEnd && *s.TokenEnd < len(rec.Tokens) {
				s.Start, s.End = rec.Tokens[*s.TokenStart].Start, rec.Tokens[*s.TokenEnd].End
			}
			if s.Start < 0 || s.End >= len(b) || s.Start > s.End {
				continue
			}
			sp := sitrep.Span{Start: b[s.Start], End: b[s.End]}
			switch s.Label {
			case "VERB":
				it.Verb, ok = sp, true
			case "LOCATION":
				if it.Loc.End == 0 {
					it.Loc = sp
				}
			}
		}
		if ok {
			out = append(out, it)
		}
	}
	return out, sc.Err()
}

// charToByte maps character offsets of s to byte offsets.
func charToByte(s string) []int {
	m := make([]int, 0, len(s)+1)
	for i := range s {
		m = append(m, i)
	}
	return append(m, len(s))
}

// LocationResult holds the event-location figures.
type LocationResult struct {
	Items, Located int
	// Accuracy is over events with a gold location: the predicted span is
	// the gold one or overlaps it.
	Accuracy float64
	// Forced is the accuracy when the coder must name a place for each
	// event with a gold location (no "none").
	Forced float64
	// NoneRight is the share of events without a gold location for which no
	// location was predicted.
	NoneRight float64
}

// Locations runs annotate (every stage before events) on each sentence and
// asks locate for the location of its event verb.
func Locations(items []LocationItem, annotate Annotator, locate func(*sitrep.Document, sitrep.Span, bool) *sitrep.EventLocation) (LocationResult, error) {
	var res LocationResult
	ok, forced, none, noneOK := 0, 0, 0, 0
	for i, it := range items {
		doc := &sitrep.Document{ID: fmt.Sprint(i), Text: it.Text, Format: "text"}
		if err := annotate(doc); err != nil {
			return res, err
		}
		p := locate(doc, it.Verb, false)
		if it.Loc.End == 0 {
			none++
			if p == nil {
				noneOK++
			}
			continue
		}
		res.Located++
		if p != nil && p.Span.Overlaps(it.Loc) {
			ok++
		}
		if p = locate(doc, it.Verb, true); p != nil && p.Span.Overlaps(it.Loc) {
			forced++
		}
	}
	res.Items = len(items)
	if res.Located > 0 {
		res.Accuracy = float64(ok) / float64(res.Located)
		res.Forced = float64(forced) / float64(res.Located)
	}
	if none > 0 {
		res.NoneRight = float64(noneOK) / float64(none)
	}
	return res, nil
}
