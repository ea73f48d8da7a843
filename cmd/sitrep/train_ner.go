package main

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/ner"
)

func init() {
	var (
		data, out string
		epochs    int
		seed      uint64
		runs      int
		withGUM   bool
	)
	cmd := &cobra.Command{
		Use:   "ner",
		Short: "train the named-entity recognizer on Universal NER English-EWT",
		Long: `ner builds the word lexicon (capitalisation rates and distributional clusters) from
unlabelled text (the NGEC synthetic stories, Wikinews, the event-location sentences and the
training sentences), then trains the averaged-perceptron NER on
DATA/uner-ewt/en_ewt-ud-train.iob2 (with --gum also the Wikipedia-linked person, organisation
and place mentions of DATA/gum-wikinews/gum_news_wikinews-train.conllu), with gazetteer
features from the embedded actor database. It writes OUT/lexicon.tsv.gz and OUT/ner.bin.gz
(ner/model, embedded at the next build) and reports exact-span P/R/F1 per type on the UNER
EWT dev set and on the GUM Wikinews dev and test documents (news).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t0 := time.Now()
			logf := func(format string, args ...any) {
				fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Since(t0).Round(time.Second)}, args...)...)
			}
			// The output folder first, so a bad --out fails before training.
			if err := os.MkdirAll(out, 0o755); err != nil {
				return usageError{err}
			}
			read := func(p string, gum bool) ([]ner.Example, error) {
				f, err := os.Open(p)
				if err != nil {
					return nil, usageError{err}
				}
				defer f.Close()
				if gum {
					return ner.ReadGUM(f)
				}
				return ner.ReadIOB2(f)
			}
			train, err := read(filepath.Join(data, "uner-ewt", "en_ewt-ud-train.iob2"), false)
			if err != nil {
				return err
			}
			if withGUM {
				g, err := read(filepath.Join(data, "gum-wikinews", "gum_news_wikinews-train.conllu"), true)
				if err != nil {
					return err
				}
				train = append(train, g...)
			}
			dev, err := read(filepath.Join(data, "uner-ewt", "en_ewt-ud-dev.iob2"), false)
			if err != nil {
				return err
			}
			// News text of another style: GUM Wikinews dev and test.
			var news []ner.Example
			for _, part := range []string{"dev", "test"} {
				ex, err := read(filepath.Join(data, "gum-wikinews", "gum_news_wikinews-"+part+".conllu"), true)
				if err != nil {
					return err
				}
				news = append(news, ex...)
			}
			sents, err := unlabelled(data)
			if err != nil {
				return err
			}
			for _, ex := range train {
				sents = append(sents, ex.Words)
			}
			lex := ner.BuildLexicon(sents, ner.LexiconOptions{})
			logf("lexicon: %d words from %d sentences", len(lex), len(sents))
			db, err := actors.Default()
			if err != nil {
				return err
			}
			m := ner.Train(train, db.Gazetteer(), lex, ner.TrainOptions{Epochs: epochs, Seed: seed, Runs: runs, Prune: 0.002,
				Progress: func(e int, r float64) { logf("epoch %d: training error %.4f", e, r) }})
			for _, set := range []struct {
				name string
				ex   []ner.Example
			}{{"UNER EWT dev", dev}, {"GUM Wikinews dev+test", news}} {
				res := m.Evaluate(set.ex)
				for _, k := range []string{"PER", "ORG", "LOC", ""} {
					s := res[k]
					name := k
					if k == "" {
						name = "all"
					}
					logf("%s %-3s P %.3f R %.3f F1 %.3f", set.name, name, s.P(), s.R(), s.F1())
				}
			}
			if err := writeFile(filepath.Join(out, "lexicon.tsv.gz"), lex.Write); err != nil {
				return err
			}
			if err := writeFile(filepath.Join(out, "ner.bin.gz"), m.Write); err != nil {
				return err
			}
			logf("wrote %s: %d features", out, m.Features())
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "../shared/data", "shared data directory")
	cmd.Flags().StringVar(&out, "out", "ner/model", "output directory")
	cmd.Flags().IntVar(&epochs, "epochs", 12, "training epochs")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the (first) training order")
	cmd.Flags().IntVar(&runs, "runs", 4, "training runs with successive seeds whose weights are averaged")
	cmd.Flags().BoolVar(&withGUM, "gum", false, "add GUM Wikinews train's named mentions to the training data (lowers dev F1 on both test sets: see docs/entities.md)")
	trainCmd.AddCommand(cmd)
}

func writeFile(p string, write func(io.Writer) error) error {
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// unlabelled reads the unlabelled news text of the shared data, tokenized
// into sentences: the NGEC synthetic stories (MIT), Wikinews 2019-2020
// (CC BY 2.5) and the event-location newswire sentences (MIT).
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
				out = ner.Sentences(row[1], out) // the "text" column
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
					out = ner.Sentences(c, out)
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
		out = ner.Sentences(d.Text, out)
	}
	return out, sc.Err()
}
