// Package clean strips what is not the article from a document's text, and
// keeps every cut in Document.Removed with its reason so that a user can
// audit it:
//
//   - boilerplate lines, recognised by line features (calls to follow or
//     subscribe, bylines, photo credits, "also read" links, copyright, page
//     furniture), see lines.go;
//   - lines repeated across many documents of one site, learned from the
//     corpus as it streams by, see corpus.go;
//   - exact and near-duplicate sentences inside a document, see sentences.go;
//   - near-duplicate documents across the corpus (one-permutation MinHash with
//     banded LSH): each reports the earlier document it repeats in
//     Document.NearDuplicateOf, see corpus.go.
//
// Cleaning runs before any other stage and rewrites Document.Text; the
// offsets of later stages point into the cleaned text.
package clean

import (
	"iter"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// Reasons recorded in sitrep.Removal.
const (
	Boilerplate       = "boilerplate"        // share/follow/subscribe calls, copyright, page furniture
	Byline            = "byline"             // "By …", "Reporting by …"
	PhotoCredit       = "photo-credit"       // "Photo: …", "(AP Photo/…)"
	RelatedLink       = "related-link"       // "Also read: …"
	Timestamp         = "timestamp"          // "Updated: Jan 5, 2023 10:32 IST"
	Navigation        = "navigation"         // a run of menu lines: "News", "Sports", "Jobs"
	RepeatedLine      = "repeated-line"      // seen in many documents of the same site
	DuplicateSentence = "duplicate-sentence" // the same sentence earlier in the document
	NearDuplicate     = "near-duplicate-sentence"
)

// Cleaner is the cleaning stage. Its Annotate (line features and duplicate
// sentences) works on each document alone and is safe on many goroutines.
// The corpus-level parts need the documents in input order: Source wraps the
// document stream and does them there, before the stream is fanned out to
// the pipeline's workers (pipeline.Run wires it). Without Source the
// stage cleans each document alone.
type Cleaner struct{}

// New returns a cleaner.
func New() *Cleaner { return &Cleaner{} }

// Name implements sitrep.Stage.
func (c *Cleaner) Name() string { return "clean" }

// Annotate removes boilerplate lines and duplicate sentences from doc.Text.
func (c *Cleaner) Annotate(doc *sitrep.Document) error {
	cuts := boilerplateLines(doc.Text, nil)
	cuts = duplicateSentences(doc.Text, cuts)
	apply(doc, cuts)
	return nil
}

// Source passes the documents of src on in order, after removing the lines
// repeated across the site and marking near-duplicate documents. Each stream
// is a corpus of its own, learned from its documents alone, so that what a
// run stores depends on its input only (not on what an earlier run or
// upload taught, nor on which documents a resumed ingest skips: those must
// pass through Source too).
func (c *Cleaner) Source(src iter.Seq2[*sitrep.Document, error]) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		corpus := newCorpus()
		for doc, err := range src {
			if err == nil && doc != nil {
				corpus.add(doc)
			}
			if !yield(doc, err) {
				return
			}
		}
	}
}

// cut is a span of the text to remove and why.
type cut struct {
	sitrep.Span
	reason string
}

// apply removes the cuts from doc.Text and records them in doc.Removed in
// text order. A cut that is a whole line takes its newline with it; a cut
// inside a line takes the blanks that separated it from its neighbours, so
// paragraphs stay apart and no blank is doubled.
func apply(doc *sitrep.Document, cuts []cut) {
	if len(cuts) == 0 {
		return
	}
	slices.SortFunc(cuts, func(a, b cut) int { return a.Start - b.Start })
	text := doc.Text
	var b strings.Builder
	b.Grow(len(text))
	pos := 0
	for _, c := range cuts {
		if c.Start < pos { // overlaps an earlier cut: already gone
			pos = max(pos, c.End)
			continue
		}
		// A copy: a slice would keep the whole raw text alive beside the
		// cleaned one (31 MiB more for a 31 MiB document).
		doc.Removed = append(doc.Removed, sitrep.Removal{Text: strings.Clone(strings.TrimSpace(text[c.Start:c.End])), Reason: c.reason})
		start, end := c.Start, c.End
		for end < len(text) && (text[end] == ' ' || text[end] == '\t') {
			end++
		}
		lineStart := start == 0 || text[start-1] == '\n'
		switch {
		case lineStart && end < len(text) && text[end] == '\n':
			end++
		case !lineStart && (end == len(text) || text[end] == '\n'):
			for start > pos && (text[start-1] == ' ' || text[start-1] == '\t') {
				start--
			}
		}
		b.WriteString(text[pos:start])
		pos = end
	}
	b.WriteString(text[pos:])
	doc.Text = strings.TrimRight(b.String(), " \t\n")
}

// lines yields the spans of the lines of text, without their newline.
func lines(text string) iter.Seq[sitrep.Span] {
	return func(yield func(sitrep.Span) bool) {
		start := 0
		for start < len(text) {
			end := strings.IndexByte(text[start:], '\n')
			if end < 0 {
				end = len(text)
			} else {
				end += start
			}
			if !yield(sitrep.Span{Start: start, End: end}) {
				return
			}
			start = end + 1
		}
	}
}
