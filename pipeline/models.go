package pipeline

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/geo"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/nlp"
)

// Models describes each model the stages embed, from its meta record
// (training data, licence, measured accuracy), as sitrep version -v lists
// them.
func Models() []string {
	return []string{doctype.Describe(), events.Describe(), geo.Describe(), ner.Describe(), nlp.Describe()}
}

// WriteVersion writes what sitrep version prints: the release, the commit
// and Go version the binary was built from and, when verbose, Models.
func WriteVersion(w io.Writer, release string, verbose bool) error {
	built := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				built = " " + s.Value
			}
		}
		built += " (" + bi.GoVersion + ")"
	}
	_, err := fmt.Fprintf(w, "sitrep %s%s\n", release, built)
	if verbose {
		for _, m := range Models() {
			fmt.Fprintln(w, m)
		}
	}
	return err
}

// TagTokensFile writes the coarse name tags of the gold tokens in the file
// path (- for stdin; contract.ReadTokens) to out, each name spreading to
// context sentences on each side (ner.TokensWindow). The file is opened
// before the models load, so that a wrong name fails at once (*OptionError).
func TagTokensFile(path string, out io.Writer, opt Options, context int) error {
	in := os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return &OptionError{err}
		}
		defer f.Close()
		in = f
	}
	opt.Stages |= NER
	p, err := New(opt)
	if err != nil {
		return err
	}
	t := p.Stage("ner").(*ner.Stage).Tagger()
	return contract.TagTokens(in, path, out, ner.Labels, func(words [][]string) [][]int { return t.TagSentences(words, context) })
}
