package nlp

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nlp/tagger"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

func load(t testing.TB) *Pipeline {
	p, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLemmaMemo checks that the lemmas a pipeline keeps by form and tag are
// the lemmatizer's: a text with a word of two tags ("that"), annotated
// twice, so that the second time takes them from memory.
// The filter's marks, kept with the lemmas, are checked against marks made
// afresh.
func TestLemmaMemo(t *testing.T) {
	word := func(form, xpos, lemma string) uint8 { return uint8(len(form)*7 + len(xpos)*3 + len(lemma)) }
	checked := 0
	p := load(t).ParsingOnly(Filter{
		Word: word,
		Parse: func(doc *sitrep.Document, first, end int, marks []uint8) bool {
			for i := first; i < end; i++ {
				tok := &doc.Tokens[i]
				if want := word(doc.TokenText(i), tok.XPOS, tok.Lemma); marks[i-first] != want {
					t.Errorf("token %d: marks %08b, want %08b", i, marks[i-first], want)
				}
			}
			checked++
			return true
		},
	})
	text := benchText + " He said that that was that. The Saudis said the talks were over; talks went on."
	for range 2 {
		doc := &sitrep.Document{Text: text}
		if err := p.Annotate(doc); err != nil {
			t.Fatal(err)
		}
		for i, tok := range doc.Tokens {
			if want := p.Lemma.Lemma(doc.TokenText(i), tok.XPOS); tok.Lemma != want {
				t.Fatalf("%q/%s: lemma %q, want %q", doc.TokenText(i), tok.XPOS, tok.Lemma, want)
			}
		}
	}
	if checked == 0 {
		t.Error("the filter saw no sentence")
	}
}

// TestExample parses the running example's kind of sentence and checks the
// syntax the event coder relies on: subject, object, passive, lemma.
func TestExample(t *testing.T) {
	p := load(t)
	doc := &sitrep.Document{Text: "ISLAMABAD (Reuters) - Pakistani troops killed 12 militants on Monday. " +
		"Two soldiers were wounded in the attack."}
	if err := p.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sentences) != 3 {
		t.Fatalf("got %d sentences", len(doc.Sentences))
	}
	find := func(w string) *sitrep.Token {
		for i := range doc.Tokens {
			if doc.TokenText(i) == w {
				return &doc.Tokens[i]
			}
		}
		t.Fatalf("no token %q", w)
		return nil
	}
	killed, troops, militants, soldiers, wounded := find("killed"), find("troops"), find("militants"), find("soldiers"), find("wounded")
	if killed.UPOS != "VERB" || killed.Lemma != "kill" || killed.Head != -1 || killed.Deprel != "root" {
		t.Errorf("killed: %+v", *killed)
	}
	if doc.Tokens[troops.Head].Of(doc.Text) != "killed" || troops.Deprel != "nsubj" {
		t.Errorf("troops: %+v", *troops)
	}
	if doc.Tokens[militants.Head].Of(doc.Text) != "killed" || militants.Deprel != "obj" {
		t.Errorf("militants: %+v", *militants)
	}
	if soldiers.Deprel != "nsubj:pass" || doc.Tokens[soldiers.Head].Of(doc.Text) != "wounded" || wounded.Lemma != "wound" {
		t.Errorf("soldiers: %+v, wounded: %+v", *soldiers, *wounded)
	}
	// Every token gets a tag and a head inside its sentence, one root each.
	for _, s := range doc.Sentences {
		roots := 0
		for i := s.FirstToken; i < s.EndToken; i++ {
			tk := doc.Tokens[i]
			if tk.UPOS == "" || tk.XPOS == "" || tk.Deprel == "" {
				t.Errorf("token %d untagged: %+v", i, tk)
			}
			if tk.Head == -1 {
				roots++
			} else if tk.Head < s.FirstToken || tk.Head >= s.EndToken || tk.Head == i {
				t.Errorf("token %d: head %d outside its sentence", i, tk.Head)
			}
		}
		if roots != 1 {
			t.Errorf("sentence %q: %d roots", s.Of(doc.Text), roots)
		}
	}
}

func TestBadInput(t *testing.T) {
	p := load(t)
	for name, text := range map[string]string{
		"empty":          "",
		"no punctuation": strings.Repeat("word ", 50000),
		"non-Latin":      strings.Repeat("中文没有空格 Путин заявил ", 5000),
		"control":        "a\x00b\x01c\x1b[31m red\x7f. Next\u200bword.",
		"invalid UTF-8":  "bad \xff\xfe\xc3 bytes\xe2\x80 here. And \xf0\x9f more",
		"punctuation":    strings.Repeat(".,;!?-'\"()", 5000),
	} {
		doc := &sitrep.Document{Text: text}
		if err := p.Annotate(doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, tk := range doc.Tokens {
			if tk.Head < -1 || tk.Head >= len(doc.Tokens) || tk.UPOS == "" {
				t.Fatalf("%s: token %d: %+v", name, i, tk)
			}
		}
	}
	// Given tokens without sentences form one sentence, parsed in pieces.
	text := strings.Repeat("a ", 1000)
	doc := &sitrep.Document{Text: text}
	for i := 0; i < 1000; i++ {
		doc.Tokens = append(doc.Tokens, sitrep.Token{Span: sitrep.Span{Start: 2 * i, End: 2*i + 1}, Head: -1})
	}
	if err := p.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	roots := 0
	for _, tk := range doc.Tokens {
		if tk.Head == -1 {
			roots++
		}
	}
	if len(doc.Sentences) != 1 || roots != 1 {
		t.Fatalf("%d sentences, %d roots", len(doc.Sentences), roots)
	}
	bad := &sitrep.Document{Text: "x", Tokens: []sitrep.Token{{Span: sitrep.Span{End: 1}}},
		Sentences: []sitrep.Sentence{{FirstToken: 0, EndToken: 5}}}
	if err := p.Annotate(bad); err == nil {
		t.Fatal("bad sentence range accepted")
	}
}

var benchText = strings.Repeat(`ISLAMABAD (Reuters) - Pakistan's Foreign Minister Hina Rabbani Khar met U.S. officials on Monday, `+
	`saying the Tehreek-e-Taliban Pakistan (TTP) "won't stop" attacks that killed 12 people in 2012. `+
	`Two soldiers were wounded when militants attacked a checkpoint near the Afghan border, police said. `, 50)

// BenchmarkPipeline measures tokenize + tag + lemmatize + parse on one core.
func BenchmarkPipeline(b *testing.B) {
	p := load(b)
	doc := &sitrep.Document{Text: benchText}
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		doc.Tokens, doc.Sentences = doc.Tokens[:0], doc.Sentences[:0]
		if err := p.Annotate(doc); err != nil {
			b.Fatal(err)
		}
		n += len(doc.Tokens)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
}

// stageInput tokenizes and tags benchText once for the per-stage benchmarks.
func stageInput(b *testing.B) (*Pipeline, *sitrep.Document) {
	p := load(b)
	doc := &sitrep.Document{Text: benchText}
	if err := p.Annotate(doc); err != nil {
		b.Fatal(err)
	}
	return p, doc
}

func BenchmarkTagger(b *testing.B) {
	p, doc := stageInput(b)
	var sc scratch
	n := 0
	for b.Loop() {
		for _, s := range doc.Sentences {
			sc.forms = sc.forms[:0]
			for i := s.FirstToken; i < s.EndToken; i++ {
				sc.forms = append(sc.forms, doc.TokenText(i))
			}
			sc.buf = sc.ts.Reset(sc.forms, sc.buf)
			p.Tagger.Tag(&sc.ts)
			n += len(sc.forms)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkTaggerNews tags the sentences of the Wikinews articles, with a
// word cache as the pipeline uses it (cached) and without (plain).
func BenchmarkTaggerNews(b *testing.B) {
	p := load(b)
	var sents [][]string
	for _, t := range newsTexts(b) {
		doc := &sitrep.Document{Text: t}
		doc.Tokens, doc.Sentences = tokenize.Tokenize(doc.Text, nil, nil)
		for _, s := range doc.Sentences {
			var forms []string
			for i := s.FirstToken; i < s.EndToken; i++ {
				forms = append(forms, doc.TokenText(i))
			}
			sents = append(sents, forms)
		}
	}
	for _, cached := range []bool{false, true} {
		name := "plain"
		if cached {
			name = "cached"
		}
		b.Run(name, func(b *testing.B) {
			var ts tagger.Sentence
			var buf []byte
			if cached {
				ts.Use(p.Tagger.NewCache())
			}
			n := 0
			for b.Loop() {
				for _, forms := range sents {
					buf = ts.Reset(forms, buf)
					p.Tagger.Tag(&ts)
					n += len(forms)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}

// TestTaggerCache checks that tagging through a word cache gives the tags of
// tagging without one, for words met for the first time and again.
func TestTaggerCache(t *testing.T) {
	p := load(t)
	text := "ISLAMABAD (Reuters) - Pakistani troops killed 12 militants on Monday. " +
		"Two soldiers were wounded in the attack. The attack, which the army blamed on the TTP, " +
		"killed two soldiers; troops said they were attacked at 3 a.m. near the Afghan border."
	toks, sents := tokenize.Tokenize(text, nil, nil)
	var plain, cached tagger.Sentence
	cached.Use(p.Tagger.NewCache())
	var buf []byte
	for range 2 {
		for _, s := range sents {
			var forms []string
			for i := s.FirstToken; i < s.EndToken; i++ {
				forms = append(forms, text[toks[i].Start:toks[i].End])
			}
			buf = plain.Reset(forms, buf)
			p.Tagger.Tag(&plain)
			buf = cached.Reset(forms, buf)
			p.Tagger.Tag(&cached)
			if !slices.Equal(plain.Tags, cached.Tags) {
				t.Errorf("%q: cached tags %v, plain %v", forms, cached.Tags, plain.Tags)
			}
		}
	}
}

func BenchmarkLemma(b *testing.B) {
	p, doc := stageInput(b)
	n := 0
	for b.Loop() {
		for i, t := range doc.Tokens {
			_ = p.Lemma.Lemma(doc.TokenText(i), t.XPOS)
		}
		n += len(doc.Tokens)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkParser(b *testing.B) {
	p, doc := stageInput(b)
	var sents []tagger.Sentence
	for _, s := range doc.Sentences {
		var forms []string
		for i := s.FirstToken; i < s.EndToken; i++ {
			forms = append(forms, doc.TokenText(i))
		}
		sents = append(sents, tagged(p, forms))
	}
	benchmarkParse(b, p, sents)
}

// BenchmarkParserNews parses the tagged sentences of the Wikinews articles,
// whose words, unlike benchText's, do not all sit in the processor's cache.
func BenchmarkParserNews(b *testing.B) {
	p := load(b)
	var sents []tagger.Sentence
	for _, t := range newsTexts(b) {
		toks, ss := tokenize.Tokenize(t, nil, nil)
		for _, s := range ss {
			var forms []string
			for i := s.FirstToken; i < s.EndToken; i++ {
				forms = append(forms, t[toks[i].Start:toks[i].End])
			}
			sents = append(sents, tagged(p, forms))
		}
	}
	benchmarkParse(b, p, sents)
}

// tagged is the sentence of forms, tagged.
func tagged(p *Pipeline, forms []string) tagger.Sentence {
	var ts tagger.Sentence
	ts.Reset(forms, nil)
	p.Tagger.Tag(&ts)
	return ts
}

// benchmarkParse parses sents in each round and reports tokens per second.
func benchmarkParse(b *testing.B, p *Pipeline, sents []tagger.Sentence) {
	var sc scratch
	n := 0
	for b.Loop() {
		for i := range sents {
			sc.ps.Words, sc.ps.Tags = sents[i].Words, sents[i].Tags
			p.Parser.Parse(&sc.ps, &sc.psc)
			n += len(sents[i].Words)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkPipelineNews runs the pipeline over real news (the Wikinews
// articles of the shared data, when present), whose vocabulary does not sit
// in the cache as a repeated text does.
func BenchmarkPipelineNews(b *testing.B) {
	p := load(b)
	texts := newsTexts(b)
	n := 0
	var doc sitrep.Document
	for b.Loop() {
		for _, t := range texts {
			doc = sitrep.Document{Text: t, Tokens: doc.Tokens[:0], Sentences: doc.Sentences[:0]}
			if err := p.Annotate(&doc); err != nil {
				b.Fatal(err)
			}
			n += len(doc.Tokens)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
}

func newsTexts(b *testing.B) []string {
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
	var texts []string
	for _, row := range rows[1:] {
		texts = append(texts, row[len(row)-1])
	}
	return texts
}

// TestParsingOnly checks that a filtered pipeline tags every sentence but
// parses only the ones the filter keeps, leaving the shared pipeline whole.
func TestParsingOnly(t *testing.T) {
	p := load(t)
	keep := Filter{
		Word: func(form, xpos, lemma string) uint8 {
			if lemma == "kill" {
				return 1
			}
			return 0
		},
		Parse: func(doc *sitrep.Document, first, end int, marks []uint8) bool { return slices.Max(marks) != 0 },
	}
	text := "Troops killed 12 militants. The weather was fine."
	doc := &sitrep.Document{Text: text}
	if err := p.ParsingOnly(keep).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sentences) != 2 {
		t.Fatalf("got %d sentences", len(doc.Sentences))
	}
	for i := range doc.Tokens {
		tok := &doc.Tokens[i]
		parsed := tok.Deprel != ""
		if tok.UPOS == "" || parsed != (i < doc.Sentences[1].FirstToken) {
			t.Errorf("token %q: UPOS %q, deprel %q", doc.TokenText(i), tok.UPOS, tok.Deprel)
		}
	}
	full := &sitrep.Document{Text: text}
	if err := p.Annotate(full); err != nil {
		t.Fatal(err)
	}
	if last := full.Tokens[len(full.Tokens)-1]; last.Deprel == "" {
		t.Error("the shared pipeline lost its parser")
	}
}

// Plurals of nouns for people in -men, which the treebanks hold few of, are
// plural nouns, so that the verb after them is one: "Gunmen shot dead".
func TestMenPlurals(t *testing.T) {
	p := load(t)
	doc := &sitrep.Document{Text: "Gunmen shot dead a policeman. Tribesmen blocked the road."}
	if err := p.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	for i := range doc.Tokens {
		tok := &doc.Tokens[i]
		switch doc.TokenText(i) {
		case "Gunmen", "Tribesmen":
			if tok.XPOS != "NNS" || tok.Deprel != "nsubj" {
				t.Errorf("%s: %+v", doc.TokenText(i), *tok)
			}
		case "shot":
			if tok.UPOS != "VERB" {
				t.Errorf("shot: %+v", *tok)
			}
		}
	}
}

// A statement the tagger left with no finite verb gets the past tense it
// scored closest among the known verbs' past forms after a subject:
// "riders shot/NN at the gate" holds no event otherwise; a past form tagged
// a noun after an auxiliary is a participle ("was shot/NN"); "march" in
// lower case is no month. A verbless statement with no such form keeps its
// tags.
func TestRequireVerb(t *testing.T) {
	p := load(t)
	doc := &sitrep.Document{Text: "Two riders shot at the gate of Edoras. " +
		"Good sports bar near the gate. The king of Gondor was shot. Thousands march through Edoras. The march ended in March."}
	if err := p.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	for i := range doc.Tokens {
		tok := &doc.Tokens[i]
		switch doc.TokenText(i) {
		case "shot":
			// The first is the riders' act, the second the king's fate.
			want := "VBD"
			if doc.Tokens[i-1].Lemma == "be" {
				want = "VBN"
			}
			if tok.XPOS != want || tok.Lemma != "shoot" || tok.Head != -1 {
				t.Errorf("shot: %+v, want %s", *tok, want)
			}
		case "bar":
			if tok.UPOS != "NOUN" {
				t.Errorf("bar: %+v", *tok)
			}
		case "march", "March":
			// The crowd's act, a march, the month.
			want := map[string]string{"Thousands": "VBP", "The": "NN", "in": "NNP"}[doc.TokenText(i-1)]
			if tok.XPOS != want {
				t.Errorf("%s after %s: %+v, want %s", doc.TokenText(i), doc.TokenText(i-1), *tok, want)
			}
		}
	}
}
