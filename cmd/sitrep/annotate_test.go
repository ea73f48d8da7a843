package main

import (
	"strings"
	"sync"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/pipeline"
)

var (
	annOnce sync.Once
	annPipe pipeline.Pipeline
	annErr  error
)

// TestQuotes runs annotate's pipeline on reported speech of each kind the
// quotes stage reads.
func TestQuotes(t *testing.T) {
	annOnce.Do(func() { annPipe, annErr = pipeline.New(pipeline.Annotating()) })
	if annErr != nil {
		t.Fatal(annErr)
	}
	text := "The army said that militants attacked a checkpoint near the border on Monday.\n\n" +
		"“We will not negotiate with anyone who threatens our people,” the minister said.\n\n" +
		"According to local officials, the road was closed for three days."
	doc := &sitrep.Document{ID: "q", Text: text}
	if err := annPipe.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	type want struct{ content, speaker, cue string }
	wants := []want{
		{"that militants attacked a checkpoint near the border on Monday", "The army", "said"},
		{"“We will not negotiate with anyone who threatens our people,”", "the minister", "said"},
		{"the road was closed for three days", "local officials", "According to"},
	}
	for _, w := range wants {
		found := false
		for _, q := range doc.Quotes {
			if strings.Contains(q.Content.Of(doc.Text), strings.Trim(w.content, "“”,")) {
				found = true
				if q.Speaker.Of(doc.Text) != w.speaker || q.Cue.Of(doc.Text) != w.cue {
					t.Errorf("%q: speaker %q cue %q, want %q %q", w.content, q.Speaker.Of(doc.Text), q.Cue.Of(doc.Text), w.speaker, w.cue)
				}
			}
		}
		if !found {
			var got []string
			for _, q := range doc.Quotes {
				got = append(got, q.Content.Of(doc.Text))
			}
			t.Errorf("no quote of %q in %q", w.content, got)
		}
	}
}
