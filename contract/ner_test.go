package contract

import (
	"bufio"
	"reflect"
	"strings"
	"testing"
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
	err := TagTokens(strings.NewReader("Obama\tx\nspoke\n\nHe\n"), &out, labels, func(words [][]string) [][]int {
		if len(words) != 2 {
			t.Fatalf("tagger got %d sentences, want 2", len(words))
		}
		return [][]int{{1, 0}, {0}}
	})
	if want := "Obama\tB-PER\nspoke\tO\n\nHe\tO\n\n"; err != nil || out.String() != want {
		t.Errorf("got %q, %v; want %q", out.String(), err, want)
	}
}
