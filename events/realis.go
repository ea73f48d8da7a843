package events

import (
	"github.com/sitrep-dev/sitrep"
)

var (
	reportVerbs = set("say", "tell", "report", "announce", "state", "add", "confirm", "quote", "note", "write",
		"explain", "declare", "reveal", "disclose", "indicate", "insist", "stress", "emphasise", "emphasize", "warn")
	claimVerbs   = set("claim", "allege", "assert", "contend", "maintain")
	denyVerbs    = set("deny", "dismiss", "refute", "reject")
	intentVerbs  = set("want", "plan", "intend", "hope", "aim", "seek", "prepare", "expect", "wish", "try", "attempt", "vow", "pledge", "promise", "threaten", "decide", "agree", "offer", "about", "go", "set", "likely", "ready", "due")
	modalHypo    = set("could", "would", "might", "may", "should", "must", "can")
	negWords     = set("not", "never", "n't", "no", "neither", "nor")
	refusalVerbs = set("refuse", "rule", "decline", "fail", "avoid", "reject")
)

// realis says whether the text asserts the event, and who says so: it looks
// at the trigger, the verbs above it up to the clause of a reporting verb,
// and "according to" phrases.
func (w *work) realis(t int) (sitrep.Realis, *sitrep.ActorMention) {
	s := &w.s
	st := realisOf{w: w, r: sitrep.Asserted}
	// A nominal trigger takes the realis of its governing verb ("claimed
	// responsibility for attacks").
	v := t
	if s.noneDid(t) {
		st.set(sitrep.Negated) // "no soldiers were killed", "nobody was hurt"
	}
	if !s.isVerbal(t) {
		for _, k := range s.children(t) {
			if s.rel(int(k)) == "det" && s.lemma(int(k)) == "no" {
				st.set(sitrep.Negated)
			}
		}
		if g := s.governor(t); g >= 0 {
			if claimVerbs[s.lemma(g)] {
				st.set(sitrep.Claimed)
				st.attribute(g)
			}
			v = g
		}
	}
	for n := 0; v >= 0 && n < 8; n++ {
		st.clause(v)
		if v = st.up(v); v < 0 {
			break
		}
	}
	return st.r, st.by
}

// noneDid reports whether verb v's subject is no one: "no", "nobody", "none".
func (s *sent) noneDid(v int) bool {
	for _, k := range s.children(v) {
		if baseRel(s.rel(int(k))) != "nsubj" {
			continue
		}
		if noOne[s.lemma(int(k))] {
			return true
		}
		for _, d := range s.children(int(k)) {
			if s.rel(int(d)) == "det" && s.lemma(int(d)) == "no" {
				return true
			}
		}
	}
	return false
}

var noOne = set("nobody", "none", "noone", "nothing")

// realisOf is the realis found so far up a trigger's chain of clauses, and
// who says so.
type realisOf struct {
	w  *work
	r  sitrep.Realis
	by *sitrep.ActorMention
}

// set keeps the first realis other than asserted, the closest to the
// trigger.
func (st *realisOf) set(v sitrep.Realis) {
	if st.r == sitrep.Asserted {
		st.r = v
	}
}

// attribute takes the subject of v as who says so, if no one does yet.
func (st *realisOf) attribute(v int) {
	if st.by != nil {
		return
	}
	if h := st.w.s.subject(v, 0); h >= 0 {
		if as := st.w.actorsOf(h); len(as) > 0 {
			st.by = &as[0]
		}
	}
}

// clause reads the negation, modals, conditions and reporting clauses on
// verb v.
func (st *realisOf) clause(v int) {
	s := &st.w.s
	for _, k := range s.children(v) {
		kl := s.lemma(int(k))
		switch s.rel(int(k)) {
		case "advmod", "advmod:neg":
			if negWords[kl] {
				st.set(sitrep.Negated)
			}
		case "aux":
			switch {
			case kl == "will" || kl == "shall" || kl == "'ll":
				st.set(sitrep.Future)
			case modalHypo[kl]:
				st.set(sitrep.Hypothetical)
			}
		case "mark":
			if kl == "if" || kl == "unless" || kl == "whether" {
				st.set(sitrep.Hypothetical)
			}
		case "parataxis":
			// "..., a senior official said."
			if reportVerbs[kl] || claimVerbs[kl] {
				st.attribute(int(k))
				if claimVerbs[kl] {
					st.set(sitrep.Claimed)
				}
			}
		case "obl", "nmod":
			if s.caseOf(int(k)) == "according" {
				if as := st.w.actorsOf(int(k)); len(as) > 0 && st.by == nil {
					st.by = &as[0]
				}
			}
		}
	}
}

// up reads what the verb v hangs on says of it (refused, denied, claimed,
// reported, intended) and returns that verb, the next clause up; -1 where
// realis flows no further.
func (st *realisOf) up(v int) int {
	s := &st.w.s
	rel := s.rel(v)
	h := s.head(v)
	if h < 0 {
		return -1
	}
	hl := s.lemma(h)
	switch rel {
	case "xcomp", "ccomp", "advcl", "csubj":
		switch {
		case refusalVerbs[hl] && rel != "advcl":
			st.set(sitrep.Negated)
		case denyVerbs[hl] && rel == "ccomp" || hl == "deny":
			st.set(sitrep.Denied)
			st.attribute(h)
		case claimVerbs[hl]:
			st.set(sitrep.Claimed)
			st.attribute(h)
		case reportVerbs[hl]:
			st.attribute(h)
		case intentVerbs[hl] && rel == "xcomp":
			st.set(sitrep.Future)
		}
		if rel == "advcl" {
			// Realis does not flow from a main clause into its adverbial
			// clause ("after crowds trashed its embassy").
			return -1
		}
		return h
	case "conj":
		return h
	}
	return -1
}
