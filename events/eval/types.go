package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/lexicon"
)

// TypeItem is one gold item for event typing: a text, the PLOVER types any of
// which is right for it (none for a negative: a disaster, where violence is
// wrong), and, for PLV, the gold source and target spans. Date is the
// publication date the item is coded with, as score.py's inputs give it (the
// actor dictionaries' roles and the dates depend on it).
type TypeItem struct {
	ID, Text string
	Date     time.Time
	Gold     []string
	Negative bool
	Pairs    []SpanPair
}

// undated is the publication date score.py gives PLV and CASE items, which
// have none.
var undated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// SpanPair is a gold source and target as text.
type SpanPair struct{ Source, Target string }

// Metric says how a set's headline figure is computed, as
// ../shared/eval/score.py does for it.
type Metric int

const (
	// Share (PLV, ACLED notes): recall is the share of items with an event
	// of a gold type; precision the mean share of an item's events that
	// have a gold type.
	Share Metric = iota
	// Violent (CASE 2021): only ASSAULT, COERCE and PROTEST count; each
	// other violent type an item gets, and any on a disaster, is a false
	// positive.
	Violent
)

// ReadPLV reads PLV's dev file (plv_dev.jsonl): one sentence, its PLOVER root
// type ("CONCEDE|RETREAT" where PLV merged them) and its source and target
// spans.
func ReadPLV(path string) ([]TypeItem, error) {
	var out []TypeItem
	err := eachJSONL(path, func(b []byte) error {
		var r struct {
			ID, Text string
			Events   []struct{ Type, Source, Target string }
		}
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		if len(r.Events) == 0 {
			return fmt.Errorf("%s: no events", r.ID)
		}
		it := TypeItem{ID: r.ID, Text: r.Text, Date: undated, Gold: strings.Split(r.Events[0].Type, "|")}
		for _, e := range r.Events {
			it.Pairs = append(it.Pairs, SpanPair{e.Source, e.Target})
		}
		out = append(out, it)
		return nil
	})
	return out, err
}

// caseTypes maps CASE 2021's ACLED-style sub-event labels to PLOVER types;
// disasters map to "" (negatives), other labels are left out.
var caseTypes = map[string]string{"ABDUCT_DISSAP": "ASSAULT", "AIR_STRIKE": "ASSAULT", "ARMED_CLASH": "ASSAULT",
	"ART_MISS_ATTACK": "ASSAULT", "ATTACK": "ASSAULT", "CHEM_WEAP": "ASSAULT", "GRENADE": "ASSAULT",
	"REM_EXPLOS": "ASSAULT", "SUIC_BOMB": "ASSAULT", "SEX_VIOL": "ASSAULT", "MOB_VIOL": "ASSAULT",
	"GOV_REGAINS_TERIT": "ASSAULT", "NON_STATE_ACTOR_OVERTAKES_TER": "ASSAULT", "ARREST": "COERCE",
	"FORCE_AGAINST_PROTEST": "COERCE", "PEACE_PROTEST": "PROTEST", "PROTEST_WITH_INTER": "PROTEST",
	"VIOL_DEMONSTR": "PROTEST", "NATURAL_DISASTER": "", "MAN_MADE_DISASTER": ""}

// ReadCASE reads CASE 2021 task 2 snippets (case2021_dev.jsonl).
func ReadCASE(path string) ([]TypeItem, error) {
	var out []TypeItem
	err := eachJSONL(path, func(b []byte) error {
		var r struct{ ID, Text, Label string }
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		typ, ok := caseTypes[r.Label]
		if !ok {
			return nil
		}
		it := TypeItem{ID: r.ID, Text: r.Text, Date: undated, Negative: typ == ""}
		if typ != "" {
			it.Gold = []string{typ}
		}
		out = append(out, it)
		return nil
	})
	return out, err
}

// ACLEDItems turns ACLED notes into typing items.
func ACLEDItems(notes []ACLEDNote) []TypeItem {
	out := make([]TypeItem, len(notes))
	for i, n := range notes {
		out[i] = TypeItem{ID: n.ID, Text: n.Text, Date: n.Date, Gold: []string{n.Type}}
	}
	return out
}

func eachJSONL(path string, f func([]byte) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	for n := 1; sc.Scan(); n++ {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := f(sc.Bytes()); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}

// TypeResult holds a set's typing figures.
type TypeResult struct {
	Items int
	// Type is the set's headline figure (see Metric).
	Type PRF
	// BothActors (PLV) is the share of items with an event of a gold type
	// whose source and target share a content word with a gold pair.
	BothActors float64
	// PerType is the item-level precision, recall and F1 of each type: an
	// item counts for a type when a gold type or a coded event has it.
	PerType map[string]PRF
	// Support counts the items whose gold has each type; Negatives the
	// disaster items.
	Support   map[string]int
	Negatives int
	// Confusion counts, for each gold type ("-" for negatives), the items
	// that got each type ("none" for no event).
	Confusion map[string]map[string]int
}

var violent = map[string]bool{"ASSAULT": true, "COERCE": true, "PROTEST": true}

// Types codes each item with annotate (the whole pipeline) and scores the
// types of its events.
func Types(items []TypeItem, metric Metric, annotate Annotator) (TypeResult, error) {
	res := TypeResult{PerType: map[string]PRF{}, Support: map[string]int{}, Confusion: map[string]map[string]int{}}
	tp, pred, gold := map[string]int{}, map[string]int{}, map[string]int{}
	var hits, both, vtp, vfp int
	var shares []float64
	for _, it := range items {
		doc := &sitrep.Document{ID: it.ID, Text: it.Text, Date: it.Date, Format: "jsonl"}
		if err := annotate(doc); err != nil {
			return res, fmt.Errorf("%s: %w", it.ID, err)
		}
		var got []string
		for _, e := range doc.Events {
			if metric == Violent && !violent[string(e.Type)] {
				continue
			}
			if !slices.Contains(got, string(e.Type)) {
				got = append(got, string(e.Type))
			}
		}
		row := "-"
		if len(it.Gold) > 0 {
			row = it.Gold[0]
			if len(it.Gold) > 1 {
				row = strings.Join(it.Gold, "|")
			}
		}
		if res.Confusion[row] == nil {
			res.Confusion[row] = map[string]int{}
		}
		if len(got) == 0 {
			res.Confusion[row]["none"]++
		}
		for _, g := range got {
			res.Confusion[row][g]++
			pred[g]++
			if slices.Contains(it.Gold, g) {
				tp[g]++
			}
		}
		for _, g := range it.Gold {
			gold[g]++
		}
		if it.Negative {
			res.Negatives++
			vfp += len(got)
			continue
		}
		res.Items++
		hit := false
		for _, g := range got {
			hit = hit || slices.Contains(it.Gold, g)
		}
		if hit {
			hits++
		}
		switch metric {
		case Violent:
			if hit {
				vtp++
			}
			for _, g := range got {
				if !slices.Contains(it.Gold, g) {
					vfp++
				}
			}
		case Share:
			if len(doc.Events) > 0 {
				ok := 0
				for _, e := range doc.Events {
					if slices.Contains(it.Gold, string(e.Type)) {
						ok++
					}
				}
				shares = append(shares, float64(ok)/float64(len(doc.Events)))
			}
		}
		if len(it.Pairs) > 0 && bothActors(doc, it) {
			both++
		}
	}
	for _, t := range lexicon.Types {
		if gold[t] == 0 && pred[t] == 0 {
			continue
		}
		res.Support[t] = gold[t]
		res.PerType[t] = prf(tp[t], pred[t]-tp[t], gold[t]-tp[t])
	}
	if res.Items == 0 {
		return res, nil
	}
	r := float64(hits) / float64(res.Items)
	var p float64
	switch metric {
	case Violent:
		if vtp+vfp > 0 {
			p = float64(vtp) / float64(vtp+vfp)
		}
	case Share:
		for _, x := range shares {
			p += x
		}
		if len(shares) > 0 {
			p /= float64(len(shares))
		}
	}
	res.Type = PRF{P: p, R: r}
	if p+r > 0 {
		res.Type.F = 2 * p * r / (p + r)
	}
	res.BothActors = float64(both) / float64(res.Items)
	return res, nil
}

// bothActors reports whether an event of a gold type has a source and a
// target that share a content word with one gold pair (score.py plv).
func bothActors(doc *sitrep.Document, it TypeItem) bool {
	for _, e := range doc.Events {
		if !slices.Contains(it.Gold, string(e.Type)) {
			continue
		}
		for _, p := range it.Pairs {
			if actorHit(doc, p.Source, e.Source) && actorHit(doc, p.Target, e.Target) {
				return true
			}
		}
	}
	return false
}

var reWord = regexp.MustCompile(`[a-z0-9]+`)

var stopWords = map[string]bool{"the": true, "of": true, "and": true, "in": true, "on": true, "for": true, "to": true,
	"a": true, "an": true, "its": true, "his": true, "her": true, "their": true, "s": true}

func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range reWord.FindAllString(strings.ToLower(s), -1) {
		if !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// actorHit reports whether an actor's span or name shares a content word
// with the gold span; a gold span with no content word wants no actor.
func actorHit(doc *sitrep.Document, gold string, as []sitrep.ActorMention) bool {
	g := contentWords(gold)
	if len(g) == 0 {
		return len(as) == 0
	}
	for _, a := range as {
		for _, s := range []string{a.Span.Of(doc.Text), a.Actor.Name} {
			for w := range contentWords(s) {
				if g[w] {
					return true
				}
			}
		}
	}
	return false
}

// TypeTable writes per-type figures and the confusion rows of a result.
func (r TypeResult) TypeTable(w *strings.Builder) {
	fmt.Fprintf(w, "  %-16s %5s %6s %6s %6s\n", "type", "gold", "P", "R", "F1")
	for _, t := range lexicon.Types {
		p, ok := r.PerType[t]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "  %-16s %5d %6.3f %6.3f %6.3f\n", t, r.Support[t], p.P, p.R, p.F)
	}
	rows := make([]string, 0, len(r.Confusion))
	for k := range r.Confusion {
		rows = append(rows, k)
	}
	sort.Strings(rows)
	w.WriteString("  confusion (gold: items that got each type):\n")
	for _, row := range rows {
		cols := make([]string, 0, len(r.Confusion[row]))
		for k := range r.Confusion[row] {
			cols = append(cols, k)
		}
		sort.Slice(cols, func(i, j int) bool {
			ci, cj := r.Confusion[row][cols[i]], r.Confusion[row][cols[j]]
			return ci > cj || ci == cj && cols[i] < cols[j]
		})
		var b strings.Builder
		for i, c := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %d", c, r.Confusion[row][c])
		}
		fmt.Fprintf(w, "    %-16s %s\n", row+":", b.String())
	}
}
