package pipeline

import (
	"strings"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// DefaultWindow is the window size of Windows when none is given: far above
// any news article (so articles are coded whole, as before), and small
// enough that the stages' memory for one window stays in the tens of MB.
const DefaultWindow = 256 << 10

// Windows runs its stages over a long document a window of text at a time
// and maps what they find back into the one document, so that the memory of
// coding a document is bounded by a window (and what is kept of the others)
// and its time grows with its length only: a 31 MiB document took 4.1 GB and
// 184 s of CPU coded whole. A document no longer than Size is annotated
// whole, exactly as by the stages themselves.
//
// Windows end at a line break, else at the end of a sentence, else at a space,
// so that no sentence is cut in most texts. What a stage does across a whole
// document (name propagation, coreference, event de-duplication, the main
// event) is done within each window; the main event is the first window's,
// where a story states what it is about.
type Windows struct {
	Stages Pipeline
	// Size is the longest text annotated whole, and the size of the windows
	// of a longer one; 0 means DefaultWindow.
	Size int
	// KeepTokens keeps the tokens of every window in a long document. The
	// event pipeline leaves them out: nothing it writes or stores reads them
	// once the events are coded, and they are most of the memory of a long
	// document. Sentences and entities keep their token indices, counted as
	// if the tokens were there.
	KeepTokens bool
}

// Name implements sitrep.Stage.
func (w *Windows) Name() string { return "windows" }

// Annotate runs the stages on doc, in windows when its text is long.
func (w *Windows) Annotate(doc *sitrep.Document) error {
	size := w.Size
	if size <= 0 {
		size = DefaultWindow
	}
	if len(doc.Text) <= size {
		return w.Stages.Annotate(doc)
	}
	doc.Sentences, doc.Tokens, doc.Entities, doc.Toponyms, doc.Events, doc.Quotes = nil, nil, nil, nil, nil, nil
	var at offsets
	for start, n := 0, 0; start < len(doc.Text); n++ {
		end := windowEnd(doc.Text, start, size)
		win := &sitrep.Document{
			ID: doc.ID, URL: doc.URL, Title: doc.Title, Author: doc.Author, Lang: doc.Lang,
			Date: doc.Date, DateHasTime: doc.DateHasTime, Format: doc.Format, Source: doc.Source,
			Text: doc.Text[start:end],
		}
		if err := w.Stages.Annotate(win); err != nil {
			return err
		}
		if n == 0 {
			doc.MainEvent = win.MainEvent
		}
		at.bytes = start
		merge(doc, win, &at, w.KeepTokens)
		start = end
	}
	for i := range doc.Events {
		// The coder's ids name the offsets in a window: named again by
		// their offsets in the document.
		doc.Events[i].ID = sitrep.EventID(doc, i)
	}
	return nil
}

// windowEnd is where the window of text that starts at start ends: at most
// size bytes on, after the last line break in its second half, else the last
// sentence end there, else the last space, else a rune boundary.
func windowEnd(text string, start, size int) int {
	end := start + size
	if end >= len(text) {
		return len(text)
	}
	half := text[start+size/2 : end]
	if i := strings.LastIndexByte(half, '\n'); i >= 0 {
		return start + size/2 + i + 1
	}
	for _, stop := range []string{". ", "? ", "! ", "。"} {
		if i := strings.LastIndex(half, stop); i >= 0 {
			return start + size/2 + i + len(stop)
		}
	}
	if i := strings.LastIndexByte(half, ' '); i >= 0 {
		return start + size/2 + i + 1
	}
	for end > start && !utf8.RuneStart(text[end]) {
		end--
	}
	return end
}

// offsets are what the windows before the next one hold: its start in the
// text, their tokens (kept or not), and their highest coreference chain.
type offsets struct {
	bytes, tokens, cluster int
}

// merge appends the annotations of window win to doc: spans move by the
// window's start, token and sentence indices by the tokens and sentences
// before it, coreference chains by the chains before it.
func merge(doc, win *sitrep.Document, at *offsets, keepTokens bool) {
	off, tok, sent := at.bytes, at.tokens, len(doc.Sentences)
	sh := func(s *sitrep.Span) { s.Start += off; s.End += off }
	for _, s := range win.Sentences {
		sh(&s.Span)
		s.FirstToken += tok
		s.EndToken += tok
		doc.Sentences = append(doc.Sentences, s)
	}
	if keepTokens {
		for _, t := range win.Tokens {
			sh(&t.Span)
			if t.Head >= 0 {
				t.Head += tok
			}
			doc.Tokens = append(doc.Tokens, t)
		}
	}
	at.tokens += len(win.Tokens)
	top := at.cluster
	for _, e := range win.Entities {
		sh(&e.Span)
		e.FirstToken += tok
		e.EndToken += tok
		if e.Cluster > 0 {
			e.Cluster += at.cluster
			top = max(top, e.Cluster)
		}
		doc.Entities = append(doc.Entities, e)
	}
	at.cluster = top
	for _, t := range win.Toponyms {
		sh(&t.Span)
		doc.Toponyms = append(doc.Toponyms, t)
	}
	for _, q := range win.Quotes {
		for _, s := range []*sitrep.Span{&q.Content, &q.Speaker, &q.Cue} {
			if s.Len() > 0 {
				sh(s)
			}
		}
		doc.Quotes = append(doc.Quotes, q)
	}
	for _, e := range win.Events {
		e.Sentence += sent
		sh(&e.Trigger)
		e.Source = shiftMentions(e.Source, off)
		e.Target = shiftMentions(e.Target, off)
		if e.AttributedTo != nil {
			a := *e.AttributedTo
			sh(&a.Span)
			e.AttributedTo = &a
		}
		if e.Location != nil {
			l := *e.Location
			sh(&l.Span)
			e.Location = &l
		}
		if e.Date != nil {
			d := *e.Date
			sh(&d.Span)
			e.Date = &d
		}
		ev := make([]sitrep.Span, len(e.Evidence))
		for i, s := range e.Evidence {
			sh(&s)
			ev[i] = s
		}
		e.Evidence = ev
		doc.Events = append(doc.Events, e)
	}
}

func shiftMentions(l []sitrep.ActorMention, off int) []sitrep.ActorMention {
	out := make([]sitrep.ActorMention, len(l))
	for i, m := range l {
		m.Start += off
		m.End += off
		out[i] = m
	}
	return out
}
