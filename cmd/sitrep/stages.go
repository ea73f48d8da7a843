package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/clean"
	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/lexicon"
	"github.com/sitrep-dev/sitrep/geo"
	"github.com/sitrep-dev/sitrep/nlp"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// pipelineOptions configure the standard pipeline.
type pipelineOptions struct {
	// Dictionaries are user actor files (our TSV or PETRARCH .actors/.agents)
	// PETRARCH verb dictionaries (a file whose name contains "verbs"), which
	// replace the trigger lexicon, and discard lists ("discards").
	Dictionaries []string
	// RequireDyad codes only events with both a source and a target.
	RequireDyad bool
}

// standardPipeline is the full pipeline from a read document to its events:
// clean → nlp → ner → actors → geo → events. `sitrep code` and `sitrep ingest`
// use it.
func standardPipeline(opt pipelineOptions) (pipeline.Pipeline, error) {
	lx := lexicon.Default()
	for _, p := range opt.Dictionaries {
		if !isVerbDictionary(p) && !isDiscards(p) {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, usageError{err}
		}
		if isDiscards(p) {
			err = lx.LoadDiscards(f)
		} else {
			err = lx.LoadPETRARCH(f)
		}
		f.Close()
		if err != nil {
			return nil, usageError{fmt.Errorf("%s: %w", p, err)}
		}
	}
	var actorFiles []string
	for _, p := range opt.Dictionaries {
		if !isVerbDictionary(p) && !isDiscards(p) {
			f, err := os.Open(p) // read with the models, but named at once when missing
			if err != nil {
				return nil, usageError{err}
			}
			f.Close()
			actorFiles = append(actorFiles, p)
		}
	}
	// The models load when the first document comes: a run that codes
	// nothing (no input, none readable) took seconds and 400 MB to fail.
	models := pipeline.NewLazy("models", func() (sitrep.Stage, error) {
		parse, err := nlp.Load()
		if err != nil {
			return nil, err
		}
		ents, err := entityStages(actorFiles, true)
		if err != nil {
			return nil, err
		}
		g, err := geo.Default()
		if err != nil {
			return nil, err
		}
		dt, err := doctype.Default()
		if err != nil {
			return nil, err
		}
		coder := events.New(events.Options{Lexicon: lx, Places: g, DocTypes: dt, RequireDyad: opt.RequireDyad})
		// Only the event coder reads the syntax, and only of sentences with
		// a trigger word: the others are tagged but not parsed.
		p := pipeline.Pipeline{parse.ParsingOnly(coder.MayCode)}
		p = append(p, ents...)
		p = append(p, geo.NewStage(g, geo.Options{}), coder)
		// A long document is coded in windows after it is cleaned whole, so
		// its memory and time stay in proportion to its length.
		return &pipeline.Windows{Stages: p}, nil
	})
	return pipeline.Pipeline{clean.New(), models}, nil
}

// isDiscards tells PETRARCH discard lists (PETR.Validate.discards.txt) among
// the --actors paths.
func isDiscards(p string) bool {
	return strings.Contains(strings.ToLower(filepath.Base(p)), "discards")
}

// isVerbDictionary tells PETRARCH verb dictionaries (PETR.Validate.verbs.txt,
// CAMEO.verbpatterns.*) from actor files among the --actors paths.
func isVerbDictionary(p string) bool {
	b := strings.ToLower(filepath.Base(p))
	return strings.Contains(b, "verbs") || strings.Contains(b, "verbpatterns")
}
