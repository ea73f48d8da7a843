package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/contract"
)

// FuzzCode runs the full event pipeline on any text: every span of every
// annotation lies inside the document's text, every event names a sentence
// of it, and the contract's JSON of its events is valid.
func FuzzCode(f *testing.F) {
	story, err := os.ReadFile("testdata/story.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(story))
	f.Add("Pakistani troops attacked militants in Peshawar on Monday, killing five people, police said.")
	f.Add("Russia accused Ukraine of shelling Donetsk. Ukraine denied it.\n\nThe talks will resume.")
	f.Add("“Kabul”, he said, “will not negotiate.” – AFP\n\n\n  \t")
	f.Add("On 3 March 2021 protesters marched in Khartoum; on the 5th police arrested 20 of them in Omdurman.")
	anchor := time.Date(2023, 1, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // the readers make every text valid UTF-8
		}
		doc := &sitrep.Document{ID: "fuzz", Text: text, Date: anchor, Format: "text"}
		if err := std(t).Annotate(doc); err != nil {
			t.Fatal(err)
		}
		n := len(doc.Text)
		in := func(what string, s sitrep.Span) {
			if s.Start < 0 || s.Start > s.End || s.End > n {
				t.Fatalf("%s span %+v outside the text of %d bytes %q", what, s, n, doc.Text)
			}
		}
		for _, s := range doc.Sentences {
			in("sentence", s.Span)
		}
		for _, tok := range doc.Tokens {
			in("token", tok.Span)
		}
		for _, e := range doc.Entities {
			in("entity", e.Span)
		}
		for _, tp := range doc.Toponyms {
			in("toponym", tp.Span)
		}
		for _, e := range doc.Events {
			if e.Sentence < 0 || e.Sentence >= len(doc.Sentences) {
				t.Fatalf("event %s in sentence %d of %d", e.ID, e.Sentence, len(doc.Sentences))
			}
			in("trigger", e.Trigger)
			for _, a := range append(append([]sitrep.ActorMention{}, e.Source...), e.Target...) {
				in("actor", a.Span)
			}
			if e.AttributedTo != nil {
				in("attribution", e.AttributedTo.Span)
			}
			if e.Location != nil {
				in("location", e.Location.Span)
			}
			if e.Date != nil {
				in("date", e.Date.Span)
			}
			for _, s := range e.Evidence {
				in("evidence", s)
			}
		}
		out, err := contract.AppendEvents(nil, doc)
		if err != nil {
			t.Fatal(err)
		}
		for line := range bytes.Lines(out) {
			if !json.Valid(line) {
				t.Fatalf("invalid JSON %s", line)
			}
		}
	})
}
