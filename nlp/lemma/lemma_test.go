package lemma

import (
	"bytes"
	"testing"

	"github.com/sitrep-dev/sitrep/contract"
)

func w(form, lemma, xpos string) contract.ConlluWord {
	return contract.ConlluWord{Form: form, Lemma: lemma, XPOS: xpos}
}

func TestLemma(t *testing.T) {
	l := Train([][]contract.ConlluWord{{
		w("stop", "stop", "VB"), w("city", "city", "NN"), w("make", "make", "VB"), w("went", "go", "VBD"),
		w("big", "big", "JJ"), w("play", "play", "VB"), w("Children", "child", "NNS"),
	}})
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	l2, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, lm := range []*Lemmatizer{l, l2} {
		for _, c := range []struct{ form, xpos, want string }{
			{"stopped", "VBD", "stop"}, {"cities", "NNS", "city"}, {"making", "VBG", "make"},
			{"went", "VBD", "go"}, {"bigger", "JJR", "big"}, {"played", "VBN", "play"},
			{"children", "NNS", "child"}, {"Taliban", "NNP", "Taliban"}, {"Americans", "NNPS", "American"},
			{"The", "DT", "the"}, {"walked", "VBD", "walk"},
		} {
			if got := lm.Lemma(c.form, c.xpos); got != c.want {
				t.Errorf("%s/%s: got %q, want %q", c.form, c.xpos, got, c.want)
			}
		}
	}
	if _, err := Read(bytes.NewReader([]byte("junk"))); err == nil {
		t.Fatal("junk read as a model")
	}
}
