// Package sitrep holds the domain of the event-data engine: the Document that
// every stage annotates, and the spans, tokens, entities, actors, places and
// events those stages add. It imports only the standard library; stages live in
// their own packages (ingest, clean, nlp, ner, actors, geo, events) and adapters
// to outside systems (sqlite, http) at the edge.
//
// Every annotation points back into Document.Text by byte offsets, so any
// output can be shown with its evidence.
package sitrep

import "time"

// Span is a half-open byte range [Start, End) into Document.Text.
type Span struct {
	Start, End int
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Of returns the text the span covers, or "" when it lies outside text.
func (s Span) Of(text string) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Document is one article and every annotation made on it. Text is the clean
// article body; all spans index into it.
type Document struct {
	ID     string    // caller's id, else the URL, else a content hash
	URL    string    // canonical URL where known
	Title  string    //
	Author string    //
	Lang   string    // ISO 639-1 where known
	Date   time.Time // publication date; zero when unknown. The anchor for relative dates.
	// DateHasTime is false when only the day of publication is known.
	DateHasTime bool
	Format      string // reader that produced it: text, html, feed, warc, jsonl
	Source      string // where it came from (path, path#record), for messages

	Text string

	// Removed lists what cleaning cut from the raw text, with why, so a user
	// can audit it.
	Removed []Removal
	// NearDuplicateOf is the ID of an earlier document this one repeats.
	NearDuplicateOf string

	Sentences []Sentence
	Tokens    []Token
	Entities  []Entity
	Toponyms  []Toponym
	Events    []Event

	// MainEvent is the PLOVER type the story as a whole is about (the events
	// stage's document classifier), "" when not classified.
	MainEvent EventType

	// Quotes are the statements the text attributes to someone.
	Quotes []Quote
	// Story is the ID of the story (the group of articles about one
	// happening) the document belongs to; "" until one is assigned.
	Story string
}

// Removal is a piece of raw text that cleaning dropped.
type Removal struct {
	Text   string `json:"text"`
	Reason string `json:"reason"` // boilerplate, duplicate-sentence, repeated-line, …
}

// Sentence is a span of text and the half-open range of its tokens in
// Document.Tokens.
type Sentence struct {
	Span
	FirstToken, EndToken int
}

// Token is one word or punctuation mark with its syntax. Head is an index into
// Document.Tokens (not sentence-relative), -1 for the sentence root.
type Token struct {
	Span
	Lemma  string
	UPOS   string // Universal POS tag
	XPOS   string // Penn Treebank tag
	Head   int
	Deprel string // Universal Dependencies relation
}

// TokenText returns the surface form of token i.
func (d *Document) TokenText(i int) string { return d.Tokens[i].Of(d.Text) }

// EntityLabel is the type of a name: the NER's and the actor stage's (AGENT,
// a generic agent noun such as "police" or "rebels").
type EntityLabel string

const (
	LabelPER      EntityLabel = "PER"
	LabelORG      EntityLabel = "ORG"
	LabelLOC      EntityLabel = "LOC"
	LabelGPE      EntityLabel = "GPE"
	LabelNORP     EntityLabel = "NORP"
	LabelFAC      EntityLabel = "FAC"
	LabelDATE     EntityLabel = "DATE"
	LabelCARDINAL EntityLabel = "CARDINAL"
	LabelMISC     EntityLabel = "MISC"
	LabelAGENT    EntityLabel = "AGENT"
	LabelPRON     EntityLabel = "PRON" // a pronoun the actor stage links to a name
)

// Entity is a named-entity mention, resolved to an actor where one is known.
type Entity struct {
	Span
	FirstToken, EndToken int
	Label                EntityLabel
	// Actor is the actor the mention refers to; nil when unresolved.
	Actor *Actor
	// Cluster groups mentions of the same referent within the document
	// ("Hina Rabbani Khar" … "Khar"); 0 means no chain.
	Cluster int
	// Metonymy is set when a place name stands for an actor ("Islamabad said").
	Metonymy bool
}

// Lead is the index of the event the document is mostly about — the most
// confident of the type the document classifier gave it, else the most
// confident — or -1 when it has no event. Its incident is the one the
// document leads.
func (d *Document) Lead() int {
	best := -1
	for i := range d.Events {
		e := &d.Events[i]
		if best < 0 {
			best = i
			continue
		}
		b := &d.Events[best]
		if bm, em := b.Type == d.MainEvent, e.Type == d.MainEvent; em != bm {
			if em {
				best = i
			}
		} else if e.Confidence > b.Confidence {
			best = i
		}
	}
	return best
}
