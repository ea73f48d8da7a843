package ner

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

// load returns the embedded tagger with the embedded actor database's
// gazetteer, as the pipeline builds it.
func load(t testing.TB) *Tagger {
	t.Helper()
	db, err := actors.Default()
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Load(db.Gazetteer(), true)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

const iob = `# sent_id = 1
1	Khar	B-PER	-	-
2	met	O	-	-
3	Kabulov	B-PER	-	-
4	in	O	-	-
5	Kabul	B-LOC	-	-
6	.	O	-	-

1	The	O
2	UN	B-OTH
3	and	O
4	Red	I-ORG
5	Cross	I-ORG
`

func TestReadIOB2(t *testing.T) {
	ex, err := ReadIOB2(strings.NewReader(iob))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 2 {
		t.Fatalf("got %d sentences", len(ex))
	}
	got := Mentions(ex[1].Labels, nil)
	want := []Mention{{3, 5, "ORG"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OTH to O and a stray I- to B-: got %v, want %v", got, want)
	}
}

const gum = `# text = President Thomas Sam of Sydney, Australia spoke to parents.
1	President	President	PROPN	NNP	_	0	root	_	Entity=(1-person-new-x-cf1-1,2,3-coref-Thomas_Sam
2	Thomas	Thomas	PROPN	NNP	_	0	root	_	_
3	Sam	Sam	PROPN	NNP	_	1	flat	_	_
4	of	of	ADP	IN	_	4	case	_	_
5	Sydney	Sydney	PROPN	NNP	_	1	nmod	_	Entity=(2-place-new-x-cf1-1,2,3-sgl-Sydney(3-place-new-x-cf1-1-sgl-Sydney)
6	,	,	PUNCT	,	_	6	punct	_	_
7	Australia	Australia	PROPN	NNP	_	5	appos	_	Entity=(4-place-new-x-cf1-1-sgl-Australia)2)1)
8	spoke	speak	VERB	VBD	_	0	root	_	_
9	to	to	ADP	IN	_	10	case	_	_
10	parents	parent	NOUN	NNS	_	8	obl	_	Entity=(5-person-new-x-cf1-1-coref)
11	.	.	PUNCT	.	_	8	punct	_	_
`

func TestReadGUM(t *testing.T) {
	ex, err := ReadGUM(strings.NewReader(gum))
	if err != nil {
		t.Fatal(err)
	}
	got := Mentions(ex[0].Labels, nil)
	// The person's minimal span without its title; "Sydney, Australia" is
	// two places; "parents" has no Wikipedia link, so it is no name.
	want := []Mention{{1, 3, "PER"}, {4, 5, "LOC"}, {6, 7, "LOC"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TrainFiles writes the model and its lexicon, and logs each epoch.
func TestTrainFiles(t *testing.T) {
	var train []Example
	for _, s := range []string{"Khar|B-PER met|O Kabulov|B-PER", "Lavrov|B-PER visited|O Islamabad|B-LOC"} {
		var ex Example
		for _, wt := range strings.Fields(s) {
			w, tag, _ := strings.Cut(wt, "|")
			ex.Words = append(ex.Words, w)
			ex.Labels = append(ex.Labels, labelIndex(tag))
		}
		train = append(train, ex)
	}
	dir := t.TempDir()
	var log strings.Builder
	td := &TrainData{Train: train, Dev: train, News: train}
	if err := td.TrainFiles(dir, nil, TrainOptions{Epochs: 2, Seed: 1, Runs: 1}, func(f string, _ ...any) { log.WriteString(f + "\n") }); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ModelFile, LexiconFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if l := log.String(); !strings.Contains(l, "epoch %d") || !strings.Contains(l, "wrote %s") {
		t.Errorf("log:\n%s", l)
	}
}

func TestTrainTagRoundTrip(t *testing.T) {
	var train []Example
	for _, s := range []string{"Khar|B-PER met|O Kabulov|B-PER in|O Kabul|B-LOC", "Lavrov|B-PER visited|O Islamabad|B-LOC",
		"The|O Red|B-ORG Cross|I-ORG helped|O", "Dar|B-PER flew|O to|O Moscow|B-LOC", "The|O talks|O ended|O"} {
		var ex Example
		for _, wt := range strings.Fields(s) {
			w, tag, _ := strings.Cut(wt, "|")
			ex.Words = append(ex.Words, w)
			ex.Labels = append(ex.Labels, labelIndex(tag))
		}
		train = append(train, ex)
	}
	m := Train(train, nil, nil, TrainOptions{Epochs: 10, Seed: 1})
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tg, err := readModel(&buf, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range train {
		got := tg.Tag(ex.Words, nil)
		if !reflect.DeepEqual(got, ex.Labels) {
			t.Errorf("%v: got %v, want %v", ex.Words, got, ex.Labels)
		}
	}
	if tg.doc == nil || tg.Features() != m.Features() {
		t.Errorf("second stage lost in the round trip: %d features, want %d", tg.Features(), m.Features())
	}
	if _, err := readModel(strings.NewReader("not a model"), nil, nil); err == nil {
		t.Error("junk model: want an error")
	}
	if got := tg.Tag(nil, nil); len(got) != 0 {
		t.Errorf("empty input: got %v", got)
	}
}

// TestEmbedded checks the embedded model on the UNER EWT dev set when the
// shared data is present: a regression guard, not the reported figure.
func TestEmbedded(t *testing.T) {
	p := filepath.Join("..", "..", "shared", "data", "uner-ewt", "en_ewt-ud-dev.iob2")
	f, err := os.Open(p)
	if err != nil {
		t.Skip("shared data not available")
	}
	defer f.Close()
	dev, err := ReadIOB2(f)
	if err != nil {
		t.Fatal(err)
	}
	tg := load(t)
	if f1 := tg.Evaluate(dev)[""].F1(); f1 < 0.72 {
		t.Errorf("dev F1 %.3f, below the committed model's 0.74", f1)
	}
}

func BenchmarkTag(b *testing.B) {
	tg := load(b)
	words := strings.Fields("Pakistan 's minister of state for foreign affairs Hina Rabbani Khar , who met top Taliban leaders in Kabul late last year , has now held one-on-one talks with Russia 's special representative for Afghanistan , Zamir Kabulov .")
	var out []int
	b.ResetTimer()
	for range b.N {
		out = tg.Tag(words, out)
	}
	b.ReportMetric(float64(len(words)*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func TestPlaces(t *testing.T) {
	p, err := loadPlaces()
	if err != nil {
		t.Fatal(err)
	}
	lower := strings.Fields("from greater noida to reading via miramar of")
	marks := make([]uint16, len(lower))
	p.mark(lower, marks, placeClass, placeClass+1)
	big, bigIn := uint16(1)<<(2*placeClass), uint16(1)<<(2*placeClass+1)
	if marks[1] != big || marks[2]&bigIn == 0 || marks[6] != big {
		t.Errorf("Greater Noida, Miramar: marks %b", marks)
	}
	if marks[0] != 0 || marks[4] != 0 || marks[7] != 0 {
		t.Errorf("English words marked as places: %b", marks)
	}
	if _, err := readNames([]byte("junk"), "places", 2); err == nil {
		t.Error("junk place file: want an error")
	}
}

func TestOrgs(t *testing.T) {
	o, err := loadOrgs()
	if err != nil {
		t.Fatal(err)
	}
	lower := strings.Fields("firefox at taco bell , not apple or london")
	marks := make([]uint16, len(lower))
	o.mark(lower, marks, orgClass, orgWordClass)
	org, orgIn, word := uint16(1)<<(2*orgClass), uint16(1)<<(2*orgClass+1), uint16(1)<<(2*orgWordClass)
	if marks[0] != org || marks[2] != org || marks[3] != orgIn {
		t.Errorf("Firefox, Taco Bell: marks %b", marks)
	}
	if marks[6] != word || marks[8] != 0 || marks[1] != 0 {
		t.Errorf("apple, london, at: marks %b", marks)
	}
}

func TestNameTypes(t *testing.T) {
	nt, err := loadNameTypes()
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]uint8{"walmart": 3, "miramar": 5} {
		if got := nameType(nt, w); (got+1)/2*2-1 != want {
			t.Errorf("%s: type code %d, want %d or %d", w, got, want, want+1)
		}
	}
	if nameType(nt, "the") != 0 {
		t.Error("the: has a name type")
	}
	if _, err := readNameTypes([]byte("junk")); err == nil {
		t.Error("junk name-type file: want an error")
	}
	// No two words share a hash (see nameTypes).
	text, err := gunzip(nameTypesData)
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for line := range strings.Lines(text) {
		w, _, _ := strings.Cut(line, "\t")
		words[w] = true
	}
	if len(nt) != len(words) {
		t.Errorf("%d words, %d hashes", len(words), len(nt))
	}
}

func TestPropagate(t *testing.T) {
	var words [][]string
	for _, s := range []string{
		"Google bought Keyhole .",
		"Now people wonder if Google can survive .",
		"I googled it on google .",
		"Bank of America and Bank Leumi .",
		"He went to the Bank .",
	} {
		words = append(words, strings.Fields(s))
	}
	B, I := labelIndex("B-ORG"), labelIndex("I-ORG")
	labels := [][]int{
		{B, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0},
		{B, I, I, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0},
	}
	Propagate(words, labels, 1)
	if labels[1][4] != B {
		t.Errorf("Google in the next sentence: %v", labels[1])
	}
	if labels[2][4] != 0 {
		t.Errorf("lower-case google tagged: %v", labels[2])
	}
	if labels[4][4] != 0 {
		t.Errorf("Bank tagged though only Bank of America was: %v", labels[4])
	}
	names := [][]string{strings.Fields("Vangie McGilloway wrote ."), strings.Fields("Thanks , McGilloway"), strings.Fields("McGilloway Constellation"), strings.Fields("Vangie said")}
	tags := [][]int{{1, 2, 0, 0}, {0, 0, 0}, {0, 0}, {B, 0}}
	Propagate(names, tags, -1)
	if tags[1][2] != 1 || tags[2][0] != 0 || tags[3][0] != 1 {
		t.Errorf("a part of a person's name: %v, want it tagged PER alone, retyped, and not before another capitalised word", tags)
	}
	labels[1][4] = 0
	Propagate(words[1:], labels[1:], -1)
	if labels[1][4] != 0 {
		t.Errorf("Google tagged with no tagged mention in the document: %v", labels[1])
	}
}

func TestDocumentFeatures(t *testing.T) {
	words := [][]string{strings.Fields("Google bought Keyhole ."), strings.Fields("Now Google can survive .")}
	B := labelIndex("B-ORG")
	labels := [][]int{{B, 0, 0, 0}, {0, 0, 0, 0, 0}}
	tagged := fin(hbyte(hbyte(hbyte(hstart(fDocEnt), 2), tagU), 1)) // a one-token ORG once elsewhere
	var got [2]bool
	documentFeatures(words, labels, -1, func(k int, extra []uint64, off []int32) {
		i := k // Google's index
		got[k] = slices.Contains(extra[off[i]:off[i+1]], tagged)
	})
	if got != [2]bool{false, true} {
		t.Errorf("Google tagged elsewhere: got %v, want the other sentence's mention counted and its own not", got)
	}
}

func TestBILOU(t *testing.T) {
	iob := []int{0, 1, 2, 2, 3, 5, 6, 0, 3, 4}
	want := []int{0, 1, 2, 3, 8, 9, 11, 0, 5, 7}
	got := toBILOU(iob, nil)
	if !slices.Equal(got, want) {
		t.Fatalf("toBILOU(%v) = %v, want %v", iob, got, want)
	}
	toIOB(got)
	if !slices.Equal(got, iob) {
		t.Errorf("toIOB: %v, want %v", got, iob)
	}
	for _, g := range want[1:] {
		if !allowed(0, g) && (g-1)%4 != tagI && (g-1)%4 != tagL {
			t.Errorf("tag %d may not start a name", g)
		}
	}
	if allowed(1, 0) || allowed(0, 2) || !allowed(1, 3) || allowed(1, 7) {
		t.Error("allowed: a B must go on with I or L of its type, and only B or I precede them")
	}
}

// TestStageFirstOnly: the event pipeline's stage gives the first stage's
// labels with the names propagated, the default stage the second stage's.
func TestStageFirstOnly(t *testing.T) {
	// An EWT dev pair on which the two differ: the second stage takes "'s"
	// into the restaurant's name.
	text := "you can view at dresscod.com\nWhat is the dress code for males at Del Frisco's Philadelphia?"
	tg := load(t)
	entities := func(firstOnly bool) []sitrep.Entity {
		s := NewStage(tg)
		s.FirstOnly = firstOnly
		doc := &sitrep.Document{Text: text}
		if err := s.Annotate(doc); err != nil {
			t.Fatal(err)
		}
		return doc.Entities
	}
	doc := &sitrep.Document{Text: text}
	doc.Tokens, doc.Sentences = tokenize.Tokenize(text, nil, nil)
	words := make([][]string, len(doc.Sentences))
	labels := make([][]int, len(doc.Sentences))
	for k, sent := range doc.Sentences {
		for i := sent.FirstToken; i < sent.EndToken; i++ {
			words[k] = append(words[k], doc.TokenText(i))
		}
		labels[k] = tg.Tag(words[k], nil)
	}
	first := slices.Clone(labels)
	for k := range first {
		first[k] = slices.Clone(labels[k])
	}
	Propagate(words, first, -1)
	tg.Document(words, labels, -1)
	if reflect.DeepEqual(first, labels) {
		t.Fatal("the stages agree on the test text: it tests nothing")
	}
	for _, c := range []struct {
		firstOnly bool
		want      [][]int
	}{{true, first}, {false, labels}} {
		var want []string
		for k, ls := range c.want {
			for _, m := range Mentions(ls, nil) {
				a, b := doc.Sentences[k].FirstToken+m.Start, doc.Sentences[k].FirstToken+m.End
				want = append(want, m.Type+":"+text[doc.Tokens[a].Start:doc.Tokens[b-1].End])
			}
		}
		var got []string
		for _, e := range entities(c.firstOnly) {
			got = append(got, string(e.Label)+":"+e.Span.Of(text))
		}
		if !slices.Equal(got, want) {
			t.Errorf("FirstOnly %v: got %q, want %q", c.firstOnly, got, want)
		}
	}
}

// TestCachedFeatures checks that the features the word cache sums (a word's
// own, as a neighbour, with a previous label) and those read per token make
// up exactly those of static and history, which training reads.
func TestCachedFeatures(t *testing.T) {
	tg := load(t)
	sents := [][]string{
		{"Khar"},
		{"Pakistani", "troops", "killed", "12", "TTP", "militants", "in", "North", "Waziristan", "on", "Monday", "."},
		{"THE", "UNITED", "NATIONS", "SAID", "SO"},
		{"the", "bank", "of", "america", "and", "procter", "&", "gamble"},
		{"Élysée", "Palace", "-", "Kabul", "'s", "Bank", "of", "America", "e-mail"},
	}
	for _, words := range sents {
		var s sentence
		s.prepare(words, tg.gaz, tg.lex)
		for i := range words {
			want := slices.Sorted(slices.Values(slices.Clone(s.static(i))))
			w := s.word(i)
			got := w.ownFeats(nil)
			for r := range nNb {
				var n *wordView
				if j := i + nbOffset[r]; j >= 0 && j < len(words) {
					v := s.word(j)
					n = &v
				}
				got = n.nbFeats(r, got)
			}
			got = s.contextFeats(i, got)
			if slices.Sort(got); !slices.Equal(got, want) {
				t.Errorf("%q word %d: static features differ:\n got %x\nwant %x", words, i, got, want)
			}
			for p := range nLabels {
				h := s.history(i, p)
				want := slices.Sorted(slices.Values(h[:]))
				got := slices.Sorted(slices.Values(w.histFeats(p, []uint64{fin(hbyte(hstart(fPrev), byte(p)))})))
				if !slices.Equal(got, want) {
					t.Errorf("%q word %d, previous %d: history features differ", words, i, p)
				}
			}
		}
	}
}

// TestFastTable checks that the first stage read into the tagging table,
// with its word cache and integer scores, labels as the weights read as
// float32s do, for words met for the first time and again.
func TestFastTable(t *testing.T) {
	fast := load(t)
	r, _, err := modelfile.Open(modelData)
	if err != nil {
		t.Fatal(err)
	}
	w, err := readWeights(bufio.NewReader(r))
	if err != nil {
		t.Fatal(err)
	}
	slow := newTagger(w, nil, fast.gaz, fast.lex)
	text := "ISLAMABAD (Reuters) - Pakistani troops killed 12 TTP militants in North Waziristan on Monday, " +
		"the Inter-Services Public Relations said. THE UNITED NATIONS SAID SO. Élysée Palace officials " +
		"met Bank of America and Procter & Gamble in Kabul's e-mail. John Smith, a spokesman, said it."
	toks, sents := tokenize.Tokenize(text, nil, nil)
	for range 2 {
		for _, s := range sents {
			var words []string
			for i := s.FirstToken; i < s.EndToken; i++ {
				words = append(words, text[toks[i].Start:toks[i].End])
			}
			if got, want := fast.Tag(words, nil), slow.Tag(words, nil); !slices.Equal(got, want) {
				t.Errorf("%q: table %v, weights %v", words, got, want)
			}
		}
	}
}

// BenchmarkStageNews runs the stage as the event pipeline does (first stage
// and propagation) over the Wikinews articles of the shared data, whose
// vocabulary does not sit in the caches as a repeated sentence does.
func BenchmarkStageNews(b *testing.B) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", "wikinews", "wikinews_2020.csv"))
	if err != nil {
		b.Skip("../shared/data/wikinews not available")
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var docs []sitrep.Document
	for _, row := range rows[1:] {
		d := sitrep.Document{Text: row[len(row)-1]}
		d.Tokens, d.Sentences = tokenize.Tokenize(d.Text, nil, nil)
		docs = append(docs, d)
	}
	st := NewStage(load(b))
	st.FirstOnly = true
	n := 0
	for b.Loop() {
		for i := range docs {
			docs[i].Entities = docs[i].Entities[:0]
			if err := st.Annotate(&docs[i]); err != nil {
				b.Fatal(err)
			}
			n += len(docs[i].Tokens)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
}

// readModel reads a model written by Model.Write, both stages at once (Load
// reads the embedded one a stage at a time). gaz and lex must be the ones
// the model was trained with; either may be nil.
func readModel(model io.Reader, gaz Gazetteer, lex Lexicon) (*Tagger, error) {
	br := bufio.NewReader(model)
	fast, err := readTable(br)
	if err != nil {
		return nil, err
	}
	var doc *weights
	if _, err := br.Peek(1); err != io.EOF {
		if doc, err = readWeights(br); err != nil {
			return nil, err
		}
	}
	if err := loadLists(); err != nil {
		return nil, err
	}
	t := newTagger(nil, doc, gaz, lex)
	t.fast = fast
	return t, nil
}

// word returns the view of token i of s.
func (s *sentence) word(i int) wordView {
	return wordView{s.raw[i], s.lower[i], s.shape[i], s.wc[i], s.cluster[i], s.ntype[i], s.caps[i]}
}
