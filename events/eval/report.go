package eval

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// Sets are the visible gold sets `sitrep eval events` measures, by name.
var Sets = []string{"plv", "case", "acled", "petr", "ngec", "location"}

// CheckSets checks that sets names only Sets.
func CheckSets(sets []string) error {
	for _, s := range sets {
		if !slices.Contains(Sets, s) {
			return fmt.Errorf("%q is none of %s", s, strings.Join(Sets, ", "))
		}
	}
	return nil
}

// Report measures the event coder on the visible gold sets under data
// (../shared/data) and writes, for each set asked, its headline figures,
// per-type precision, recall and F1 and a confusion table: PLV (type F1 and
// the share with both actors right), CASE 2021 (violent types against
// disasters), both ACLED note files (type F1, located share, within 50 km,
// exact fatalities), the PETRARCH suites with their own dictionaries (type
// and triple F1), NGEC stories of headline templates never trained on
// (main-event type accuracy, the model retrained on the other templates)
// and the event-location held-out fifth. The dev and eval sets (plv, case,
// acled) are for measuring only.
func Report(w io.Writer, data string, sets []string) error {
	want := func(s string) bool { return len(sets) == 0 || slices.Contains(sets, s) }
	var p pipeline.Pipeline
	std := func() (pipeline.Pipeline, error) {
		if p != nil {
			return p, nil
		}
		var err error
		p, err = pipeline.New(pipeline.Options{})
		return p, err
	}
	typing := func(name string, items []TypeItem, m Metric) error {
		p, err := std()
		if err != nil {
			return err
		}
		res, err := Types(items, m, p.Annotate)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: items %d", name, res.Items)
		if res.Negatives > 0 {
			fmt.Fprintf(w, " + %d negatives", res.Negatives)
		}
		fmt.Fprintf(w, "; type P %.3f R %.3f F1 %.3f", res.Type.P, res.Type.R, res.Type.F)
		if name == "plv" {
			fmt.Fprintf(w, "; both actors %.3f", res.BothActors)
		}
		fmt.Fprintln(w)
		var b strings.Builder
		res.TypeTable(&b)
		_, err = io.WriteString(w, b.String())
		return err
	}
	if want("plv") {
		items, err := ReadPLV(filepath.Join(data, "plv", "plv_dev.jsonl"))
		if err != nil {
			return err
		}
		if err := typing("plv", items, Share); err != nil {
			return err
		}
	}
	if want("case") {
		items, err := ReadCASE(filepath.Join(data, "case2021", "case2021_dev.jsonl"))
		if err != nil {
			return err
		}
		if err := typing("case", items, Violent); err != nil {
			return err
		}
	}
	if want("acled") {
		files, _ := filepath.Glob(filepath.Join(data, "acled-notes", "*.csv"))
		if len(files) == 0 {
			return fmt.Errorf("%s: no ACLED note files", filepath.Join(data, "acled-notes"))
		}
		for _, f := range files {
			notes, err := ReadACLED(f)
			if err != nil {
				return err
			}
			if err := typing("acled "+filepath.Base(f), ACLEDItems(notes), Share); err != nil {
				return err
			}
			p, _ := std()
			res, err := Places(notes, p.Annotate)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  located %.3f (events %d, %d inherited); within 50 km %.3f of %d; exact fatalities %.3f of %d\n",
				res.Located, res.Events, res.Inherited, res.Within50, res.PointNotes, res.ExactFatalities, res.FatalNotes)
		}
	}
	if want("petr") {
		dir := filepath.Join(data, "petrarch2", "dictionaries")
		dicts := []string{"PETR.Validate.actors.txt", "PETR.Validate.agents.txt", "PETR.Validate.verbs.txt", "PETR.Validate.discards.txt"}
		for i := range dicts {
			dicts[i] = filepath.Join(dir, dicts[i])
		}
		pp, err := pipeline.New(pipeline.Options{Dictionaries: dicts})
		if err != nil {
			return err
		}
		for _, f := range []string{"text/PETR.UnitTest.records.xml", "history/PETR.Validate.records.140226.txt"} {
			recs, err := ReadPETR(filepath.Join(data, "petrarch2", f))
			if err != nil {
				return err
			}
			res, err := PETR(recs, pp.Annotate)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "petr %s: %s\n", filepath.Base(f), res)
		}
	}
	if want("ngec") {
		stories, err := doctype.ReadNGEC(filepath.Join(data, "ngec-synthetic", "gpt_synthetic_events_2023-10-19_19.csv.zip"))
		if err != nil {
			return err
		}
		ex, err := NGECExamples(stories)
		if err != nil {
			return err
		}
		modes, err := doctype.ReadModes(filepath.Join(data, "ngec-synthetic", doctype.CodebookFile))
		if err != nil {
			return err
		}
		folds, mean := CrossValidateDocType(stories, ex, Cue(), modes)
		fmt.Fprintf(w, "ngec unseen headline templates (%d-fold by template): main-event type accuracy %.3f;", len(folds), mean)
		for _, f := range folds {
			fmt.Fprintf(w, " %.3f", f.Accuracy)
		}
		fmt.Fprintln(w)
	}
	if want("location") {
		res, err := LocationFile(filepath.Join(data, "event-location", "labeled_text.jsonl.gz"), HeldOut)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "event-location held-out fifth: %s", res)
	}
	return nil
}
