package clean

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// FuzzClean: any text is cleaned without a panic, the text only shrinks,
// and every cut is reported with its text and reason.
func FuzzClean(f *testing.F) {
	f.Add(story)
	f.Add("A. A. A.\n\n\nB!\"” ?")
	f.Add("Home\nNews\nSports\n")
	f.Add(strings.Repeat("The same sentence comes back again and again here. ", 5))
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		c := New()
		doc := &sitrep.Document{ID: "a", URL: "https://example.com/a", Text: text}
		for d := range c.Source(func(yield func(*sitrep.Document, error) bool) { yield(doc, nil) }) {
			if err := c.Annotate(d); err != nil {
				t.Fatal(err)
			}
		}
		if len(doc.Text) > len(text) {
			t.Fatalf("cleaning grew the text: %q → %q", text, doc.Text)
		}
		for _, r := range doc.Removed {
			if r.Text == "" || r.Reason == "" {
				t.Fatalf("empty removal %+v", r)
			}
		}
	})
}
