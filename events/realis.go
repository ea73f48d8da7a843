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
	r := sitrep.Asserted
	var by *sitrep.ActorMention
	set := func(v sitrep.Realis) {
		if r == sitrep.Asserted {
			r = v
		}
	}
	attribute := func(v int) {
		if by != nil {
			return
		}
		if h := s.subject(v, 0); h >= 0 {
			if as := w.actorsOf(h); len(as) > 0 {
				by = &as[0]
			}
		}
	}
	// A nominal trigger takes the realis of its governing verb ("claimed
	// responsibility for attacks").
	v := t
	if !s.isVerbal(t) {
		for _, k := range s.children(t) {
			if s.rel(int(k)) == "det" && s.lemma(int(k)) == "no" {
				set(sitrep.Negated)
			}
		}
		if g := s.governor(t); g >= 0 {
			if claimVerbs[s.lemma(g)] {
				set(sitrep.Claimed)
				attribute(g)
			}
			v = g
		}
	}
	for n := 0; v >= 0 && n < 8; n++ {
		for _, k := range s.children(v) {
			kl := s.lemma(int(k))
			switch s.rel(int(k)) {
			case "advmod", "advmod:neg":
				if negWords[kl] {
					set(sitrep.Negated)
				}
			case "aux":
				switch {
				case kl == "will" || kl == "shall" || kl == "'ll":
					set(sitrep.Future)
				case modalHypo[kl]:
					set(sitrep.Hypothetical)
				}
			case "mark":
				if kl == "if" || kl == "unless" || kl == "whether" {
					set(sitrep.Hypothetical)
				}
			case "parataxis":
				// "..., a senior official said."
				if reportVerbs[kl] || claimVerbs[kl] {
					attribute(int(k))
					if claimVerbs[kl] {
						set(sitrep.Claimed)
					}
				}
			case "obl", "nmod":
				if s.caseOf(int(k)) == "according" {
					if as := w.actorsOf(int(k)); len(as) > 0 && by == nil {
						by = &as[0]
					}
				}
			}
		}
		rel := s.rel(v)
		h := s.head(v)
		if h < 0 {
			break
		}
		hl := s.lemma(h)
		switch rel {
		case "xcomp", "ccomp", "advcl", "csubj":
			switch {
			case refusalVerbs[hl] && rel != "advcl":
				set(sitrep.Negated)
			case denyVerbs[hl] && rel == "ccomp" || hl == "deny":
				set(sitrep.Denied)
				attribute(h)
			case claimVerbs[hl]:
				set(sitrep.Claimed)
				attribute(h)
			case reportVerbs[hl]:
				attribute(h)
			case intentVerbs[hl] && rel == "xcomp":
				set(sitrep.Future)
			}
			if rel == "advcl" {
				// Realis does not flow from a main clause into its adverbial
				// clause ("after crowds trashed its embassy").
				return r, by
			}
			v = h
		case "conj":
			v = h
		default:
			return r, by
		}
	}
	return r, by
}
