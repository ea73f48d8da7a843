package events

import (
	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/timex"
)

// locPreps introduce the place where something happened.
var locPreps = set("in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "on", "into", "along", "off")

// location returns the place of the event at trigger t: a toponym in a
// locative phrase of the trigger (or of the verbs above it in the same
// clause), not one of its actors; nil when the sentence gives none.
func (w *work) location(t int, src, tgt []int) *sitrep.EventLocation {
	s := &w.s
	doc := s.doc
	if len(doc.Toponyms) == 0 {
		return nil
	}
	isArg := func(h int) bool {
		for _, a := range src {
			if a == h {
				return true
			}
		}
		for _, a := range tgt {
			if a == h {
				return true
			}
		}
		return false
	}
	// Climb from the trigger through the verbs of its clause; the nearest
	// locative phrase wins.
	for v, n := t, 0; v >= 0 && n < 4; n++ {
		if tp := w.locativeUnder(v, isArg); tp != nil {
			return tp
		}
		switch s.rel(v) {
		case "xcomp", "conj", "acl", "acl:relcl":
		default:
			if s.isVerbal(v) {
				v = -1
				continue
			}
		}
		v = s.head(v)
	}
	// Parsers misattach prepositional phrases: fall back on the nearest
	// place in a locative phrase anywhere in the sentence that is no actor.
	best, bestDist := -1, 1<<30
	for i := s.first; i < s.end; i++ {
		ti := w.tokTop[i]
		if ti < 0 || doc.Toponyms[ti].Metonymy || (i > s.first && w.tokTop[i-1] == ti) {
			continue
		}
		if !locPreps[w.prepBefore(i)] {
			continue
		}
		if d := abs(i - t); d < bestDist {
			best, bestDist = int(ti), d
		}
	}
	if best >= 0 {
		tp := &doc.Toponyms[best]
		return &sitrep.EventLocation{Span: tp.Span, Place: tp.Place}
	}
	return nil
}

// prepBefore returns the preposition that opens the phrase of token i ("in"
// for "in the West Bank city of Nablus"): the first preposition among the
// few tokens before it.
func (w *work) prepBefore(i int) string {
	s := &w.s
	for k := i - 1; k >= s.first && k >= i-5; k-- {
		switch s.upos(k) {
		case "ADP":
			if s.lemma(k) == "of" { // "the city of Nablus": look further back
				continue
			}
			return s.lemma(k)
		case "VERB", "AUX", "PUNCT":
			return ""
		}
	}
	return ""
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// locativeUnder returns the toponym of a locative phrase attached to v.
func (w *work) locativeUnder(v int, isArg func(int) bool) *sitrep.EventLocation {
	s := &w.s
	for _, k := range s.children(v) {
		r := baseRel(s.rel(int(k)))
		if r != "obl" && r != "nmod" && r != "advmod" || isArg(int(k)) {
			continue
		}
		p := s.caseOf(int(k))
		if !locPreps[p] && !(p == "" && r == "obl" && s.upos(int(k)) == "PROPN") {
			continue
		}
		w.phrase = s.phrase(int(k), w.phrase)
		best, bestDepth := -1, 1<<30
		for _, td := range w.phrase {
			ti := w.tokTop[td.tok]
			if ti < 0 || s.doc.Toponyms[ti].Metonymy {
				continue
			}
			// The shallowest place; at equal depth the finer one ("the West
			// Bank city of Nablus").
			if td.depth < bestDepth || td.depth == bestDepth && best >= 0 &&
				finer(s.doc.Toponyms[ti].Precision, s.doc.Toponyms[best].Precision) {
				best, bestDepth = int(ti), td.depth
			}
		}
		if best >= 0 {
			tp := &s.doc.Toponyms[best]
			return &sitrep.EventLocation{Span: tp.Span, Place: tp.Place}
		}
	}
	return nil
}

// date returns the time expression that dates trigger t: one attached to the
// trigger or to a verb above it, the nearest first.
func (s *sent) date(t int, exprs []timex.Expr) *sitrep.EventDate {
	best, bestDist := -1, 1<<30
	for i := range exprs {
		e := &exprs[i]
		// The expression's head: its token whose head lies outside it.
		g := -1
		for k := e.FirstToken; k < e.EndToken; k++ {
			if h := s.head(k); h < e.FirstToken || h >= e.EndToken {
				g = h
				break
			}
		}
		// "in the last three months": the head is "months", whose head is the verb.
		d := 0
		for v := t; v >= 0 && d < 6; d++ {
			if v == g {
				break
			}
			v = s.head(v)
			if v < 0 {
				d = 1 << 30
			}
		}
		if g < 0 {
			d = 8
		}
		if d < bestDist {
			best, bestDist = i, d
		}
	}
	if best < 0 || bestDist > 6 && len(exprs) > 1 {
		return nil
	}
	e := &exprs[best]
	return &sitrep.EventDate{Span: e.Span, Start: e.Start, End: e.End, Precision: e.Precision}
}

var precisionRank = map[sitrep.Precision]int{sitrep.PrecisionCountry: 1, sitrep.PrecisionAdmin1: 2,
	sitrep.PrecisionAdmin2: 3, sitrep.PrecisionCity: 4, sitrep.PrecisionSubcity: 5}

func finer(a, b sitrep.Precision) bool { return precisionRank[a] > precisionRank[b] }
