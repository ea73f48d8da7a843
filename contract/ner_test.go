package contract

import (
	"bufio"
	"reflect"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

func TestReadTokens(t *testing.T) {
	var got [][]string
	err := ReadTokens(strings.NewReader("Khar\tx\nmet\n\n\nKabulov B-PER\n"), func(toks []string) error {
		got = append(got, append([]string(nil), toks...))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"Khar", "met"}, {"Kabulov"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for name, in := range map[string]string{"binary": "a\x00b\n", "invalid UTF-8": "\xff\xfe\n", "long line": strings.Repeat("a", 2<<20)} {
		if err := ReadTokens(strings.NewReader(in), func([]string) error { return nil }); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	var b strings.Builder
	w := bufio.NewWriter(&b)
	WriteTags(w, []string{"Khar", "met"}, []string{"B-PER", "O"})
	w.Flush()
	if b.String() != "Khar\tB-PER\nmet\tO\n\n" {
		t.Errorf("WriteTags: %q", b.String())
	}
}

// TagTokens hands the tagger every sentence at once and writes each token
// with its label.
func TestTagTokens(t *testing.T) {
	var out strings.Builder
	labels := []string{"O", "B-PER"}
	err := TagTokens(strings.NewReader("Obama\tx\nspoke\n\nHe\n"), "in", &out, labels, func(words [][]string) [][]int {
		if len(words) != 2 {
			t.Fatalf("tagger got %d sentences, want 2", len(words))
		}
		return [][]int{{1, 0}, {0}}
	})
	if want := "Obama\tB-PER\nspoke\tO\n\nHe\tO\n\n"; err != nil || out.String() != want {
		t.Errorf("got %q, %v; want %q", out.String(), err, want)
	}
	err = TagTokens(strings.NewReader("a\x00b\n"), "in", &out, labels, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "in: line 1: ") {
		t.Errorf("error %v, want one naming the input and the line", err)
	}
}

// AppendTags writes IOB2 tags from the entities, a later entity winning
// where two overlap.
func TestAppendTags(t *testing.T) {
	doc := &sitrep.Document{Text: "Hina Khar met Kabulov",
		Tokens:    []sitrep.Token{{Span: sitrep.Span{Start: 0, End: 4}}, {Span: sitrep.Span{Start: 5, End: 9}}, {Span: sitrep.Span{Start: 10, End: 13}}, {Span: sitrep.Span{Start: 14, End: 21}}},
		Sentences: []sitrep.Sentence{{Span: sitrep.Span{Start: 0, End: 21}, FirstToken: 0, EndToken: 4}},
		Entities: []sitrep.Entity{{FirstToken: 0, EndToken: 2, Label: sitrep.LabelPER}, {FirstToken: 3, EndToken: 4, Label: sitrep.LabelORG},
			{FirstToken: 3, EndToken: 4, Label: sitrep.LabelPER}}}
	got, err := AppendTags(nil, doc)
	if want := "Hina\tB-PER\nKhar\tI-PER\nmet\tO\nKabulov\tB-PER\n\n"; err != nil || string(got) != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}
