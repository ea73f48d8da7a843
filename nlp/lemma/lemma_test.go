package lemma

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/conllu"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
	"github.com/sitrep-dev/sitrep/nlp/lemma/internal/forms"
)

func w(form, lemma, upos, xpos string) conllu.Word {
	return conllu.Word{Form: form, Lemma: lemma, UPOS: upos, XPOS: xpos}
}

func TestLemma(t *testing.T) {
	l := Train([][]conllu.Word{{
		w("stop", "stop", "VERB", "VB"), w("city", "city", "NOUN", "NN"), w("make", "make", "VERB", "VB"),
		w("went", "go", "VERB", "VBD"), w("big", "big", "ADJ", "JJ"), w("play", "play", "VERB", "VB"),
		w("Children", "child", "NOUN", "NNS"), w("severe", "severe", "ADJ", "JJ"),
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
			// A treebank adjective is no verb; WordNet's verbs are known.
			{"severed", "VBD", "sever"}, {"denounced", "VBN", "denounce"},
			// Known nowhere: WordNet's suffix rules.
			{"weaponized", "VBD", "weaponize"}, {"livestreams", "VBZ", "livestream"},
			{"blitzes", "NNS", "blitz"}, {"stickinesses", "NNS", "stickiness"},
			// A base form tagged as inflected keeps its form.
			{"beat", "VBN", "beat"},
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

func TestDict(t *testing.T) {
	d, err := embeddedDict()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.verbs) < 8000 || len(d.suffixes) == 0 || len(d.exc) == 0 {
		t.Fatalf("embedded dictionary: %d verbs, %d suffix rules, %d exceptions", len(d.verbs), len(d.suffixes), len(d.exc))
	}
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), dictGz) {
		t.Error("the embedded dictionary does not round-trip byte for byte")
	}
	if _, err := ReadDict(bytes.NewReader([]byte("junk"))); err == nil {
		t.Fatal("junk read as a dictionary")
	}
}

// shipped is the embedded model, as `sitrep train nlp` wrote it.
func shipped(t testing.TB) *Lemmatizer {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "models", "lemma.gz"))
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := modelfile.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Read(r)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestEventVerbs pins the forms of event verbs and nouns that the earlier
// lemmatizer broke, so that they trigger the event coder's lexicon.
func TestEventVerbs(t *testing.T) {
	l := shipped(t)
	for _, c := range []struct{ form, xpos, want string }{
		{"denounced", "VBD", "denounce"}, {"denouncing", "VBG", "denounce"}, {"mobilized", "VBD", "mobilize"},
		{"mobilised", "VBN", "mobilise"}, {"deplored", "VBD", "deplore"}, {"mediated", "VBN", "mediate"},
		{"mediating", "VBG", "mediate"}, {"fought", "VBD", "fight"}, {"fought", "VBN", "fight"},
		{"froze", "VBD", "freeze"}, {"frozen", "VBN", "freeze"}, {"severed", "VBD", "sever"},
		{"severed", "VBN", "sever"}, {"censured", "VBD", "censure"}, {"rebuked", "VBD", "rebuke"},
		{"castigated", "VBD", "castigate"}, {"escalated", "VBD", "escalate"}, {"enforced", "VBN", "enforce"},
		{"besieged", "VBN", "besiege"}, {"blockaded", "VBD", "blockade"}, {"barricaded", "VBD", "barricade"},
		{"bulldozed", "VBD", "bulldoze"}, {"repelled", "VBD", "repel"}, {"conferred", "VBD", "confer"},
		{"acceded", "VBD", "accede"}, {"lent", "VBD", "lend"}, {"pled", "VBD", "plead"}, {"ousting", "VBG", "oust"},
		{"pleading", "VBG", "plead"}, {"burnt", "VBN", "burn"}, {"beaten", "VBN", "beat"}, {"shot", "VBD", "shoot"},
		{"struck", "VBD", "strike"}, {"slew", "VBD", "slay"}, {"fled", "VBD", "flee"},
		{"sought", "VBD", "seek"}, {"bombed", "VBD", "bomb"}, {"shelled", "VBD", "shell"}, {"seized", "VBD", "seize"},
		{"demolishes", "VBZ", "demolish"}, {"ambushes", "VBZ", "ambush"}, {"clashes", "NNS", "clash"},
		{"embargoes", "NNS", "embargo"}, {"memoranda", "NNS", "memorandum"}, {"bombings", "NNS", "bombing"},
		{"crises", "NNS", "crisis"}, {"talks", "NNS", "talk"}, {"casualties", "NNS", "casualty"},
	} {
		if got := l.Lemma(c.form, c.xpos); got != c.want {
			t.Errorf("%s/%s: got %q, want %q", c.form, c.xpos, got, c.want)
		}
	}
}

type fixtureForm struct {
	form, tag string
	lemmas    []string
}

func readFixture(t testing.TB) []fixtureForm {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "forms.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var fs []fixtureForm
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 3 {
			t.Fatalf("fixture line %q", sc.Text())
		}
		fs = append(fs, fixtureForm{c[0], c[1], strings.Split(c[2], "|")})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestForms checks the shipped lemmatizer on the fixture the generator
// wrote: every form of plover.lex's verbs and nouns, every irregular form
// of WordNet and the treebank, and a fixed sample of WordNet's regular
// forms.
func TestForms(t *testing.T) {
	checkForms(t, shipped(t), readFixture(t))
}

// TestWordNet checks every form where WordNet (Debian's wordnet-base) and
// the shared treebank are installed; it skips otherwise.
func TestWordNet(t *testing.T) {
	root := filepath.Join("..", "..")
	wn, err := forms.ReadWordNet("/usr/share/wordnet")
	if err != nil {
		t.Skip("WordNet not installed:", err)
	}
	data := filepath.Join(root, "..", "shared", "data")
	tb, err := forms.ReadTreebank(filepath.Join(data, "ud-ewt", "en_ewt-ud-train.conllu"),
		filepath.Join(data, "gum-wikinews", "gum_news_wikinews-train.conllu"))
	if err != nil {
		t.Skip("shared treebank not available:", err)
	}
	lexV, lexN, err := forms.LexLemmas(filepath.Join(root, "events", "lexicon", "plover.lex"), wn)
	if err != nil {
		t.Fatal(err)
	}
	var fs []fixtureForm
	for _, f := range forms.Generate(wn, tb, lexV, lexN) {
		fs = append(fs, fixtureForm{f.Form, f.Tag, f.Lemmas})
	}
	checkForms(t, shipped(t), fs)
}

// checkForms fails on any form that comes back wrong.
func checkForms(t *testing.T, l *Lemmatizer, fs []fixtureForm) {
	t.Helper()
	var wrong []string
	for _, f := range fs {
		got := l.Lemma(f.form, f.tag)
		if !slices.Contains(f.lemmas, got) {
			wrong = append(wrong, f.form+"/"+f.tag+"→"+got+" (want "+strings.Join(f.lemmas, "|")+")")
		}
	}
	if len(wrong) > 0 {
		t.Errorf("%d of %d forms wrong (fix the rules, or rebuild with `go run ./nlp/lemma/gen` and `sitrep train nlp`): %s",
			len(wrong), len(fs), strings.Join(wrong[:min(len(wrong), 30)], ", "))
	}
}

// BenchmarkLemma lemmatizes the fixture's forms (inflected verbs and nouns,
// known and unknown) with the shipped model.
func BenchmarkLemma(b *testing.B) {
	l := shipped(b)
	fs := readFixture(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, f := range fs {
			_ = l.Lemma(f.form, f.tag)
		}
		n += len(fs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
}
