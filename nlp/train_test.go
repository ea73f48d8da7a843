package nlp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/conllu"
)

const tinyTreebank = `# text = Troops crossed the border.
1	Troops	troop	NOUN	NNS	_	2	nsubj	_	_
2	crossed	cross	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	border	border	NOUN	NN	_	2	obj	_	SpaceAfter=No
5	.	.	PUNCT	.	_	2	punct	_	_

# text = Police arrested two men.
1	Police	police	NOUN	NN	_	2	nsubj	_	_
2	arrested	arrest	VERB	VBD	_	0	root	_	_
3	two	two	NUM	CD	_	4	nummod	_	_
4	men	man	NOUN	NNS	_	2	obj	_	SpaceAfter=No
5	.	.	PUNCT	.	_	2	punct	_	_

`

// TrainFiles writes the three models with one meta record and logs the
// dev figures.
func TestTrainFiles(t *testing.T) {
	var sents []*conllu.Sentence
	if err := conllu.Read(strings.NewReader(tinyTreebank), func(s *conllu.Sentence) error {
		sents = append(sents, s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var train [][]conllu.Word
	for range 4 {
		for _, s := range sents {
			train = append(train, s.Words)
		}
	}
	dir := t.TempDir()
	var log strings.Builder
	opt := TrainOptions{TaggerEpochs: 1, ParserEpochs: 1, ParserBeam: 1, Log: func(f string, args ...any) { log.WriteString(f + "\n") }}
	if err := TrainFiles(train, sents, "tiny", dir, opt); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{TaggerFile, LemmaFile, ParserFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(log.String(), "EWT dev with gold tags") {
		t.Errorf("log lacks the gold-tag figures:\n%s", log.String())
	}
}
