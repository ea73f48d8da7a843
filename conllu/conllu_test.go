package conllu

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

const sample = `# newdoc id = d1
# sent_id = s1
# text = Troops withdrew.
1	Troops	troop	NOUN	NNS	_	2	nsubj	_	_
2-3	withdrew.	_	_	_	_	_	_	_	_
2	withdrew	withdraw	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

`

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.conllu")
	if err := os.WriteFile(path, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	ss, err := ReadFile(path)
	if err != nil || len(ss) != 1 {
		t.Fatalf("%d sentences, %v", len(ss), err)
	}
	s := ss[0]
	if s.ID != "s1" || s.Text != "Troops withdrew." || !s.NewDoc || len(s.Words) != 3 || len(s.MWTs) != 1 {
		t.Fatalf("%+v", s)
	}
	if w := s.Words[1]; w.Lemma != "withdraw" || w.Head != 0 || w.Deprel != "root" || w.SpaceAfter {
		t.Errorf("word 2: %+v", w)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing file read")
	}
	if err := Read(strings.NewReader("x\n"), func(*Sentence) error { return nil }); err == nil {
		t.Error("a line of one column read")
	}
}

func TestWrite(t *testing.T) {
	doc := &sitrep.Document{ID: "d", Text: "Troops withdrew."}
	doc.Tokens = []sitrep.Token{
		{Span: sitrep.Span{Start: 0, End: 6}, Lemma: "troop", UPOS: "NOUN", XPOS: "NNS", Head: 1, Deprel: "nsubj"},
		{Span: sitrep.Span{Start: 7, End: 15}, Lemma: "withdraw", UPOS: "VERB", XPOS: "VBD", Head: -1, Deprel: "root"},
		{Span: sitrep.Span{Start: 15, End: 16}, Lemma: ".", UPOS: "PUNCT", XPOS: ".", Head: 1, Deprel: "punct"},
	}
	doc.Sentences = []sitrep.Sentence{{Span: sitrep.Span{Start: 0, End: 16}, FirstToken: 0, EndToken: 3}}
	var b strings.Builder
	w := bufio.NewWriter(&b)
	if err := Write(w, doc); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	want := "# doc_id = d\n# sent_id = 1\n# text = Troops withdrew.\n" +
		"1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n" +
		"2\twithdrew\twithdraw\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n" +
		"3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
