package parser

import (
	"bytes"
	"testing"

	"github.com/sitrep-dev/sitrep/nlp/internal/lex"
)

// toy builds an example from forms, tags and gold heads (1-based, 0 root)
// and labels.
func toy(forms []string, tags []int, heads []int, labels []string) Example {
	var ex Example
	var buf []byte
	for i, f := range forms {
		var w lex.Word
		w, buf = lex.Make(f, buf)
		ex.Words = append(ex.Words, w)
		ex.GoldHeads = append(ex.GoldHeads, heads[i]-1)
	}
	ex.Tags, ex.GoldLabels = tags, labels
	return ex
}

func TestTrainParse(t *testing.T) {
	exs := []Example{
		toy([]string{"troops", "killed", "militants", "."}, []int{0, 1, 0, 2}, []int{2, 0, 2, 2}, []string{"nsubj", "root", "obj", "punct"}),
		toy([]string{"the", "army", "shelled", "the", "town", "."}, []int{3, 0, 1, 3, 0, 2}, []int{2, 3, 0, 5, 3, 3}, []string{"det", "nsubj", "root", "det", "obj", "punct"}),
		toy([]string{"police", "arrested", "two", "men", "."}, []int{0, 1, 4, 0, 2}, []int{2, 0, 4, 2, 2}, []string{"nsubj", "root", "nummod", "obj", "punct"}),
	}
	p := Train(exs, 10, 0.9, 0, nil)
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		t.Fatal(err)
	}
	p2, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var sc Scratch
	for _, pp := range []*Parser{p, p2} {
		for _, ex := range exs {
			s := ex.Sentence
			pp.Parse(&s, &sc)
			for i, h := range s.Heads {
				if h != ex.GoldHeads[i] || pp.Labels[s.Labels[i]] != ex.GoldLabels[i] {
					t.Errorf("word %d: head %d %s, want %d %s", i, h, pp.Labels[s.Labels[i]], ex.GoldHeads[i], ex.GoldLabels[i])
				}
			}
		}
	}
	if _, err := Read(bytes.NewReader([]byte("junk"))); err == nil {
		t.Fatal("junk read as a model")
	}
}

func TestProjective(t *testing.T) {
	// root at n = 4
	if !projective([]int{1, 4, 1, 1}) {
		t.Error("projective tree rejected")
	}
	if projective([]int{2, 4, 1, 1}) { // 0→2 crosses 1→3
		t.Error("crossing arcs accepted")
	}
}
