// Command trainloc rebuilds the embedded event-location model from the
// development four fifths of the event-location set (the held-out fifth,
// chosen by a hash of the sentence, is never trained on):
//
//	go run ./events/internal/trainloc ../shared/data/event-location/labeled_text.jsonl.gz
//
// It annotates each sentence with the standard stages up to geo, trains the
// ranker, prints held-out accuracy and writes events/locmodel.txt.gz.
package main

import (
	"compress/gzip"
	"fmt"
	"os"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/events/eval"
	"github.com/sitrep-dev/sitrep/geo"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/nlp"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "trainloc:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 2 {
		return fmt.Errorf("usage: trainloc labeled_text.jsonl.gz")
	}
	dev, err := eval.ReadLocations(os.Args[1], eval.Dev)
	if err != nil {
		return err
	}
	p, err := nlp.Load()
	if err != nil {
		return err
	}
	n, err := ner.NewStage()
	if err != nil {
		return err
	}
	db, err := actors.Default()
	if err != nil {
		return err
	}
	g, err := geo.Default()
	if err != nil {
		return err
	}
	pl := pipeline.Pipeline{p, n, actors.NewStage(db), geo.NewStage(g, geo.Options{})}
	var exs []events.LocExample
	for _, it := range dev {
		doc := &sitrep.Document{Text: it.Text}
		if err := pl.Annotate(doc); err != nil {
			return err
		}
		exs = append(exs, events.LocExample{Doc: doc, Trigger: it.Verb, Gold: it.Loc})
	}
	m := events.TrainLocation(exs, 15)
	f, err := os.Create("events/locmodel.txt.gz")
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err := m.Save(zw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("%d sentences with a gold place that is no candidate\n", m.Missed)
	fmt.Printf("trained on %d of %d sentences; rebuild the binary and run `sitrep eval location` for held-out figures\n", m.Trained, len(exs))
	return nil
}
