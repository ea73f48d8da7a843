package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/conllu"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/geo"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/nlp"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

// The commands over input documents, which write what the pipeline found in
// each: extract, parse, ner, geoparse, annotate, code, stories, incidents.

// readOptions are the reading options of this run; commands' flags set them.
var readOptions = ingest.DefaultOptions

// needInputs is the usage error of a document command given no input;
// commands check it before they load any model.
func needInputs(args []string) error {
	if len(args) == 0 {
		return usageError{errors.New("no input given (a file, a directory, or - for stdin)")}
	}
	return nil
}

// runDocs checks that there are inputs, builds the pipeline of opt and
// writes each document of inputs with write (batch.Write).
func runDocs(cmd *cobra.Command, inputs []string, opt pipeline.Options, workers int, write batch.WriteFunc) error {
	if err := needInputs(inputs); err != nil {
		return err
	}
	p, err := pipeline.New(opt)
	if err != nil {
		return err
	}
	return batch.Write(cmd.Context(), inputs, readOptions, p, workers, write)
}

// docCommand adds a command over input documents to parent, as command
// does, with --workers: run gets the number of workers asked for.
func docCommand(parent *cobra.Command, use string, args cobra.PositionalArgs, run func(cmd *cobra.Command, args []string, workers int) error) *cobra.Command {
	var workers int
	c := command(parent, use, args, func(cmd *cobra.Command, args []string) error { return run(cmd, args, workers) })
	c.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	return c
}

// codingFlags are the flags of code that change the coding, so that a
// database can hold what code would print.
func codingFlags(cmd *cobra.Command, opt *pipeline.Options) {
	*opt = pipeline.Coding()
	cmd.Flags().StringSliceVar(&opt.Dictionaries, "actors", nil, "actor dictionary files (TSV or PETRARCH .actors/.agents; *verbs* files replace the trigger lexicon); repeatable")
	cmd.Flags().BoolVar(&opt.RequireDyad, "require-dyad", false, "code only events with both a source and a target actor")
}

// grouping is what the flags of code, stories and incidents say: the coding
// (codingFlags) and how stories and incidents are grouped.
type grouping struct {
	opt       pipeline.Options
	stories   stories.Options
	incidents incidents.Options
}

func (g *grouping) register(cmd *cobra.Command) {
	codingFlags(cmd, &g.opt)
	cmd.Flags().Float64Var(&g.stories.Threshold, "story-threshold", stories.DefaultThreshold, "least similarity of an article to a story it joins (cosine, 0..1)")
	cmd.Flags().IntVar(&g.stories.Window, "story-window", stories.DefaultWindow, "days before a story's first or after its last article within which an article may join it")
	cmd.Flags().IntVar(&g.stories.Regroup, "story-regroup", stories.DefaultRegroup, "latest articles of a story clustered again each time it takes one, those apart from most leaving it (-1: none)")
	cmd.Flags().Float64Var(&g.incidents.MaxKm, "incident-km", incidents.DefaultMaxKm, "reports whose places are farther apart (km) are different incidents")
	cmd.Flags().IntVar(&g.incidents.Slack, "incident-slack", incidents.DefaultSlack, "days by which two reports' dates may miss each other and still be one incident")
}

func init() {
	cmd := docCommand(root, "extract INPUT...", nil, func(cmd *cobra.Command, args []string, workers int) error {
		if os.Getenv("GOGC") == "" {
			// Extraction builds a tree per page and keeps little of it: a
			// larger heap between collections (a few hundred MB) costs a
			// third less CPU on HTML.
			debug.SetGCPercent(400)
		}
		return runDocs(cmd, args, pipeline.Options{Stages: pipeline.Clean}, workers, batch.Each(contract.AppendExtracted))
	})
	cmd.Flags().StringVar(&readOptions.Extractor, "extractor", "", "HTML article extractor: agree (our scorer and readability, agreeing), auto (trafilatura and readability, agreeing; 2x slower), fast (1.5x faster), native, trafilatura, trafilatura-fallback or readability")
}

func init() {
	var conlluFile string
	cmd := docCommand(root, "parse INPUT...", nil, func(cmd *cobra.Command, args []string, workers int) error {
		opt := pipeline.Options{Stages: pipeline.NLP}
		if conlluFile == "" {
			return runDocs(cmd, args, opt, workers, conllu.Write)
		} else if len(args) > 0 {
			return usageError{fmt.Errorf("--conllu takes no other inputs")}
		}
		docs, err := nlp.ReadConlluDocs(conlluFile)
		if err != nil {
			return err
		}
		stages, err := pipeline.New(opt)
		if err != nil {
			return err
		}
		return batch.Run(cmd.Context(), docs, stages, workers, conllu.Write)
	})
	cmd.Flags().StringVar(&conlluFile, "conllu", "", "re-tag and re-parse the tokens of this CoNLL-U file")
}

func init() {
	var (
		tokens, tagset string
		context        int
	)
	opt := pipeline.Options{Stages: pipeline.NER, NERSecondStage: true}
	cmd := docCommand(root, "ner [--tokens FILE | INPUT...]", nil, func(cmd *cobra.Command, args []string, workers int) error {
		if tagset != "coarse" {
			return usageError{fmt.Errorf("--tagset %q: only coarse (PER, ORG, LOC) is available", tagset)}
		}
		if tokens == "" {
			return runDocs(cmd, args, opt, workers, batch.Each(contract.AppendTags))
		} else if len(args) > 0 {
			return usageError{errors.New("give either --tokens FILE or inputs, not both")}
		}
		return pipeline.TagTokensFile(tokens, os.Stdout, opt, context)
	})
	cmd.Flags().StringVar(&tokens, "tokens", "", "read gold tokens, one per line, blank line between sentences (- for stdin)")
	cmd.Flags().IntVar(&context, "context", ner.TokensWindow, "with --tokens: sentences on each side a tagged name spreads to (0: none, -1: the whole file)")
	cmd.Flags().StringVar(&tagset, "tagset", "coarse", "tag set: coarse (PER, ORG, LOC)")
	cmd.Flags().StringSliceVar(&opt.Dictionaries, "actors", nil, "actor files (TSV or PETRARCH .actors/.agents) added to the gazetteer; repeatable")
}

func init() {
	var (
		opt   geo.Options
		noNER bool
	)
	cmd := docCommand(root, "geoparse INPUT...", nil, func(cmd *cobra.Command, args []string, workers int) error {
		stages := pipeline.NER | pipeline.Geo
		if noNER {
			stages = pipeline.Geo
		}
		return runDocs(cmd, args, pipeline.Options{Stages: stages, NERSecondStage: true, Geo: opt}, workers, batch.Each(contract.AppendGeoDoc))
	})
	cmd.Flags().BoolVar(&opt.Demonyms, "demonyms", true, `report country adjectives ("Turkish") as toponyms, marked demonym`)
	cmd.Flags().BoolVar(&noNER, "no-ner", false, "match the gazetteer alone, without the named-entity tagger's PER/ORG/LOC evidence")
}

func init() {
	opt := pipeline.Annotating()
	cmd := docCommand(root, "annotate INPUT...", nil, func(cmd *cobra.Command, args []string, workers int) error {
		return runDocs(cmd, args, opt, workers, batch.Each(contract.AppendAnnotated))
	})
	cmd.Flags().StringSliceVar(&opt.Dictionaries, "actors", nil, "actor files (TSV or PETRARCH .actors/.agents); repeatable")
}

func init() {
	var (
		f      grouping
		timing bool
	)
	cmd := docCommand(root, "code INPUT...", nil, func(cmd *cobra.Command, args []string, workers int) error {
		if err := needInputs(args); err != nil {
			return err
		}
		if timing {
			f.opt.Timing = pipeline.NewTiming()
			defer f.opt.Timing.Report(os.Stderr)
		}
		g, err := pipeline.NewGrouper(f.stories, f.incidents)
		if err != nil {
			return err
		}
		return runDocs(cmd, args, f.opt, workers, batch.Grouped(cmd.Context(), g, batch.Each(contract.AppendEvents)))
	})
	cmd.Flags().BoolVar(&timing, "timing", false, "report on stderr documents/s, the models' load time and each stage's CPU ms per document")
	f.register(cmd)
}

func init() {
	var f grouping
	cmd := docCommand(root, "stories INPUT...", nil, func(cmd *cobra.Command, args []string, workers int) error {
		idx, err := stories.New(f.stories)
		if err != nil {
			return err
		}
		err = runDocs(cmd, args, f.opt, workers, func(_ *bufio.Writer, doc *sitrep.Document) error {
			idx.Assign(doc)
			idx.Moves() // the stories list their documents at the end
			return nil
		})
		return batch.WriteAll(err, idx.Stories(), contract.AppendStory)
	})
	f.register(cmd)
	cmd.Flags().MarkHidden("incident-km")
	cmd.Flags().MarkHidden("incident-slack")
}

func init() {
	var f grouping
	cmd := docCommand(root, "incidents INPUT...", nil, func(cmd *cobra.Command, args []string, workers int) error {
		g, err := pipeline.NewGrouper(f.stories, f.incidents)
		if err != nil {
			return err
		}
		err = runDocs(cmd, args, f.opt, workers, batch.Grouped(cmd.Context(), g, nil))
		return batch.WriteAll(err, g.Incidents(), contract.AppendIncident)
	})
	f.register(cmd)
}
