package tagger

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/conllu"
)

func sent(s string) []conllu.Word {
	var ws []conllu.Word
	for _, f := range strings.Fields(s) {
		form, tag, _ := strings.Cut(f, "/")
		u, x, _ := strings.Cut(tag, ",")
		ws = append(ws, conllu.Word{Form: form, UPOS: u, XPOS: x})
	}
	return ws
}

func TestTrainTag(t *testing.T) {
	var data [][]conllu.Word
	for _, s := range []string{
		"troops/NOUN,NNS killed/VERB,VBD militants/NOUN,NNS ./PUNCT,.",
		"police/NOUN,NNS arrested/VERB,VBD men/NOUN,NNS ./PUNCT,.",
		"the/DET,DT army/NOUN,NN shelled/VERB,VBD the/DET,DT town/NOUN,NN ./PUNCT,.",
		"rebels/NOUN,NNS attacked/VERB,VBD the/DET,DT base/NOUN,NN ./PUNCT,.",
	} {
		for range 4 { // more sentences than folds
			data = append(data, sent(s))
		}
	}
	tg, jack := Train(data, 5, 0, nil)
	if len(jack) != len(data) {
		t.Fatalf("%d jackknifed sentences, want %d", len(jack), len(data))
	}
	var buf bytes.Buffer
	if err := tg.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tg2, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []*Tagger{tg, tg2} {
		var s Sentence
		s.Reset([]string{"soldiers", "shelled", "the", "village", "."}, nil)
		tt.Tag(&s)
		var got []string
		for _, c := range s.Tags {
			got = append(got, tt.Classes[c].XPOS)
		}
		if strings.Join(got, " ") != "NNS VBD DT NN ." {
			t.Errorf("got %v", got)
		}
	}
	if _, err := Read(bytes.NewReader([]byte("junk"))); err == nil {
		t.Fatal("junk read as a model")
	}
}

// TestPack checks pack's sparse rows, made without branching on the zeros,
// against the non-zero sums in order.
func TestPack(t *testing.T) {
	sums := make([]float32, 104)
	for i := range sums {
		switch i % 7 {
		case 0:
			sums[i] = float32(i * 1000)
		case 3:
			sums[i] = -float32(i)
		case 5:
			sums[i] = float32(math.Copysign(0, -1))
		}
	}
	dst := []uint32{42}
	got := pack(sums, dst)
	want := []uint32{42}
	for k, v := range sums {
		if v != 0 {
			want = append(want, uint32(k)<<24|uint32(int32(v))&0xffffff)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("pack: %x, want %x", got, want)
	}
}
