package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/clean"
	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/lexicon"
	"github.com/sitrep-dev/sitrep/geo"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/nlp"
	"github.com/sitrep-dev/sitrep/quotes"
)

// Stages is a set of the standard stages. A pipeline runs the stages of its
// set in the order of the constants below, whatever order they are named in.
type Stages uint8

// The standard stages.
const (
	Clean  Stages = 1 << iota // boilerplate, repeated lines and sentences, near-duplicate documents
	NLP                       // tokens, sentences, tags, lemmas, dependencies
	NER                       // PER, ORG and LOC names
	Actors                    // mentions resolved to actors
	Geo                       // toponyms resolved in the gazetteer
	Events                    // PLOVER event records
	// Quotes (after the coder: a claim or denial without its source takes
	// the speaker of the quote it lies in) read the parse.
	Quotes // statements attributed to a speaker

	// Standard is every stage: the pipeline of sitrep code, ingest and serve.
	Standard = Clean | NLP | NER | Actors | Geo | Events | Quotes
)

// Options choose the stages of a pipeline and what they read. The zero value
// gives the stages of `sitrep code`, which also sets Lazy and Windows
// (Coding).
type Options struct {
	// Stages are the stages to run; zero means Standard.
	Stages Stages
	// NERSecondStage runs the NER's second stage (document features) after
	// its first stage and name propagation. The event pipeline leaves it
	// out (ner.Stage.FirstOnly says why); annotate, geoparse and ner use it.
	NERSecondStage bool
	// ParseAll parses every sentence. By default, when Events is among the
	// stages, only sentences holding a trigger word are parsed: the coder
	// reads no other syntax, and parsing is most of the pipeline's time.
	ParseAll bool
	// Dictionaries are the user's files given with --actors, told apart by
	// name: PETRARCH verb dictionaries (a name holding "verbs" or
	// "verbpatterns") replace the trigger lexicon, discard lists
	// ("discards") add to its discards, and the others are actor files (our
	// TSV or PETRARCH .actors/.agents) added to the actor database.
	Dictionaries []string
	// Actors is the actor database of the ner, actors and events stages; nil
	// means the embedded one with the actor files of Dictionaries.
	Actors *actors.DB
	// Gazetteer is the gazetteer of the geo and events stages; nil means the
	// embedded one.
	Gazetteer *geo.Gazetteer
	// Geo tunes the geo stage.
	Geo geo.Options
	// Locations is the event-location ranker of the events stage; nil means
	// the embedded one.
	Locations *events.LocModel
	// RequireDyad codes only events with both a source and a target actor.
	RequireDyad bool
	// Lazy loads the models when the first document reaches them, so that
	// a run that codes nothing (no input can be read) loads none: the event
	// pipeline's take seconds and hundreds of MB. A model that fails to load
	// then fails the run at its first document (BuildError).
	Lazy bool
	// Windows codes a long document a window at a time after cleaning it
	// whole (see Windows), so that its memory and time stay in proportion
	// to its length.
	Windows bool
	// Timing, when set, records each stage's CPU time and the models' load
	// time (sitrep code --timing).
	Timing *Timing
}

// Coding are the options of the event pipeline of code, ingest, serve,
// watch and worker before their flags: the models load with the first
// document, and long documents are coded in windows.
func Coding() Options { return Options{Lazy: true, Windows: true} }

// Annotating are the options of sitrep annotate and eval quotes: without
// the events stage every sentence is parsed, as the quotes stage reads the
// parse of each; the NER runs its second stage.
func Annotating() Options {
	return Options{Stages: Clean | NLP | NER | Actors | Quotes, NERSecondStage: true}
}

// An OptionError is an option New cannot use, such as a dictionary it cannot
// read: the caller's mistake, not the pipeline's.
type OptionError struct{ Err error }

func (e *OptionError) Error() string { return e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// New builds the pipeline that opt describes: the one constructor that
// every command, trainer and evaluation uses, so that what is trained and
// measured is what runs. A dictionary that cannot be read is an
// *OptionError, at once or, with Lazy, at the first document.
func New(opt Options) (Pipeline, error) {
	if opt.Stages == 0 {
		opt.Stages = Standard
	}
	lexicons, actorFiles := splitDictionaries(opt.Dictionaries)
	if opt.Actors != nil && len(actorFiles) > 0 {
		return nil, &OptionError{errors.New("actor files given with an actor database: add them to the database")}
	}
	// Actor files are read with the models, but named at once when missing.
	for _, p := range actorFiles {
		f, err := os.Open(p)
		if err != nil {
			return nil, &OptionError{err}
		}
		f.Close()
	}
	var lx *lexicon.Lexicon
	if opt.Stages&Events != 0 {
		var err error
		if lx, err = readLexicon(lexicons); err != nil {
			return nil, err
		}
	}
	var p Pipeline
	if opt.Stages&Clean != 0 {
		p = append(p, opt.timed(clean.New(), true))
	}
	if opt.Stages&^Clean == 0 {
		return p, nil
	}
	build := func() (Pipeline, error) {
		start := time.Now()
		defer tightGC()()
		m, err := opt.models(actorFiles, lx)
		if opt.Timing != nil {
			opt.Timing.load.Store(int64(time.Since(start)))
			for i, s := range m {
				m[i] = opt.timed(s, len(p) == 0 && i == 0)
			}
		}
		return m, err
	}
	if opt.Lazy {
		return append(p, NewLazy("models", func() (sitrep.Stage, error) {
			m, err := build()
			switch {
			case err != nil:
				return nil, err
			case opt.Windows:
				return &Windows{Stages: m}, nil
			}
			return m, nil
		})), nil
	}
	m, err := build()
	if err != nil {
		return nil, err
	}
	if opt.Windows {
		return append(p, &Windows{Stages: m}), nil
	}
	return append(p, m...), nil
}

// loadGCPercent is the collector's pace (GOGC) while models load. Their
// tables are most of the process's memory, and loading them leaves tens of
// MB of garbage (decompression windows, grown slices, the package inits'
// garbage before them): at the default pace it sits on top of the tables
// until the heap has doubled, and sets the peak RSS of a short run. At 50 a
// one-line sitrep code peaks about 8 MB lower for about 0.05 s more CPU; at
// 30, 12 MB for 0.1 s (docs/events.md, issue 20).
const loadGCPercent = 50

var (
	loadingMu sync.Mutex
	loading   int // pipelines loading their models
	runGC     int // the pace to restore when none is
)

// tightGC sets the collector's pace to loadGCPercent while models load,
// unless the user's (GOGC) is tighter or off, and returns the function that
// restores it once no pipeline is loading.
func tightGC() (restore func()) {
	loadingMu.Lock()
	if loading == 0 {
		if runGC = debug.SetGCPercent(loadGCPercent); runGC < loadGCPercent {
			debug.SetGCPercent(runGC)
		}
	}
	loading++
	loadingMu.Unlock()
	return func() {
		loadingMu.Lock()
		if loading--; loading == 0 {
			debug.SetGCPercent(runGC)
		}
		loadingMu.Unlock()
	}
}

// timed returns s, timed when opt asks for it.
func (opt Options) timed(s sitrep.Stage, count bool) sitrep.Stage {
	if opt.Timing == nil {
		return s
	}
	return opt.Timing.wrap(s, count)
}

// models builds the stages after clean. The models load in parallel, each
// on its own goroutine, so that start-up takes about as long as the slowest
// of them (the gazetteer) rather than their sum.
func (opt Options) models(actorFiles []string, lx *lexicon.Lexicon) (Pipeline, error) {
	has := func(s Stages) bool { return opt.Stages&s != 0 }
	var (
		wg    sync.WaitGroup
		db    = opt.Actors
		g     = opt.Gazetteer
		dt    *doctype.Model
		parse *nlp.Pipeline
		tg    *ner.Tagger
		// Reported in this order whichever fails first: actors, gazetteer,
		// document types, nlp, NER.
		errs [5]error
	)
	if has(NER) {
		// The NER model loads while the actor database, whose gazetteer
		// the tagger takes, is built.
		wg.Go(func() { errs[4] = ner.LoadModel(opt.NERSecondStage) })
	}
	if has(NER) || db == nil && has(Actors) {
		wg.Go(func() {
			switch {
			case db != nil: // given
			case len(actorFiles) > 0:
				if db, errs[0] = actors.Open(actorFiles...); errs[0] != nil {
					errs[0] = &OptionError{fmt.Errorf("--actors: %w", errs[0])}
				}
			default:
				db, errs[0] = actors.Default()
			}
		})
	}
	if g == nil && (has(Geo) || has(Events)) {
		wg.Go(func() { g, errs[1] = geo.Default() })
	}
	if has(Events) {
		wg.Go(func() { dt, errs[2] = doctype.Default() })
	}
	if has(NLP) {
		wg.Go(func() { parse, errs[3] = nlp.Load() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if has(NER) {
		var err error
		if tg, err = ner.Load(db.Gazetteer(), opt.NERSecondStage); err != nil {
			return nil, err
		}
	}
	var coder *events.Coder
	if has(Events) {
		coder = events.New(events.Options{Lexicon: lx, Places: g, DocTypes: dt, Locations: opt.Locations, RequireDyad: opt.RequireDyad})
	}
	var p Pipeline
	if has(NLP) {
		if coder != nil && !opt.ParseAll {
			// Only the event coder reads the syntax, and only of sentences
			// where a trigger's pattern may hold: the others are tagged but
			// not parsed. The quotes stage then reads reported speech in
			// those alone (quotations in marks everywhere): here it only
			// gives claims their speakers. annotate parses every sentence.
			parse = parse.ParsingOnly(nlp.Filter{Word: coder.WordMarks, Parse: coder.MaySentence})
		}
		p = append(p, parse)
	}
	if has(NER) {
		n := ner.NewStage(tg)
		n.FirstOnly = !opt.NERSecondStage
		p = append(p, n)
	}
	if has(Actors) {
		p = append(p, actors.NewStage(db))
	}
	if has(Geo) {
		p = append(p, geo.NewStage(g, opt.Geo))
	}
	if coder != nil {
		p = append(p, coder)
	}
	if has(Quotes) {
		p = append(p, quotes.New())
	}
	return p, nil
}

// splitDictionaries tells the verb dictionaries and discard lists among
// paths from the actor files.
func splitDictionaries(paths []string) (lexicons, actorFiles []string) {
	for _, p := range paths {
		b := strings.ToLower(filepath.Base(p))
		if strings.Contains(b, "discards") || strings.Contains(b, "verbs") || strings.Contains(b, "verbpatterns") {
			lexicons = append(lexicons, p)
		} else {
			actorFiles = append(actorFiles, p)
		}
	}
	return lexicons, actorFiles
}

// readLexicon returns the trigger lexicon with the verb dictionaries and
// discard lists of paths loaded.
func readLexicon(paths []string) (*lexicon.Lexicon, error) {
	lx := lexicon.Default()
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, &OptionError{err}
		}
		if strings.Contains(strings.ToLower(filepath.Base(p)), "discards") {
			err = lx.LoadDiscards(f)
		} else {
			err = lx.LoadPETRARCH(f)
		}
		f.Close()
		if err != nil {
			return nil, &OptionError{fmt.Errorf("%s: %w", p, err)}
		}
	}
	return lx, nil
}

// Name lists the names of p's stages, so that a pipeline is a stage too.
func (p Pipeline) Name() string {
	names := make([]string, len(p))
	for i, s := range p {
		names[i] = s.Name()
	}
	return strings.Join(names, "+")
}

// Stage returns the stage of p with the given name, nil if none. The stages
// of a Lazy or Windows pipeline are inside one stage that it cannot see.
func (p Pipeline) Stage(name string) sitrep.Stage {
	for _, s := range p {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

// Without returns the stages of p but the one with the given name.
func (p Pipeline) Without(name string) Pipeline {
	out := make(Pipeline, 0, len(p))
	for _, s := range p {
		if s.Name() != name {
			out = append(out, s)
		}
	}
	return out
}

// Coder returns the event coder of p, nil if it has none.
func (p Pipeline) Coder() *events.Coder {
	c, _ := p.Stage("events").(*events.Coder)
	return c
}
