package contract

import (
	"testing"

	"github.com/sitrep-dev/sitrep"
)

// Offsets count characters, not bytes; a quote without a speaker has nulls.
func TestAppendQuoteChars(t *testing.T) {
	text := "“Non,” dit-il. Il a dit: rien."
	doc := &sitrep.Document{ID: "d", Text: text, Quotes: []sitrep.Quote{
		{Content: sitrep.Span{Start: 0, End: 10}, Speaker: sitrep.Span{Start: 15, End: 17}, Cue: sitrep.Span{Start: 11, End: 14}},
		{Content: sitrep.Span{Start: 28, End: 32}},
	}}
	b, err := AppendQuoteChars([]byte("x"), doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `x{"id":"d","quotes":[{"content_start":0,"content_end":6,"speaker_start":11,"speaker_end":13,"cue_start":7,"cue_end":10},` +
		`{"content_start":24,"content_end":28,"speaker_start":null,"speaker_end":null,"cue_start":null,"cue_end":null}]}` + "\n"
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}
