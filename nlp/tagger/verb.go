package tagger

import "slices"

// A statement has a finite verb. The tagger decides token by token and now
// and then takes the only verb of a news sentence for a noun or a
// participle — "gunmen shot three policemen": "shot" is a noun more often
// than a verb in the treebank — and the sentence then holds no event.
// RequireVerb gives such a sentence the past-tense verb its tagger scored
// closest to its own choice, as a decoder held to one finite verb per
// statement would.

// finiteXPOS are the tags of a finite verb; VB counts where no "to" precedes
// it (an imperative; "to take" is not finite).
var finiteXPOS = []string{"VBD", "VBZ", "VBP", "MD", "VB"}

// minFinite is the fewest tokens of a statement held to need a verb: shorter
// ones are headlines and captions.
const minFinite = 4

// verbClasses notes which classes are finite verbs, which RequireVerb may
// retag and which may be their subject, and the classes of "to", of a
// verb's base form and of its past tense.
func (t *Tagger) verbClasses() {
	n := len(t.Classes)
	t.finite, t.canVerb, t.subject, t.aux = make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n)
	for c, tag := range t.Classes {
		verb := tag.UPOS == "VERB" || tag.UPOS == "AUX"
		t.finite[c] = verb && slices.Contains(finiteXPOS, tag.XPOS)
		t.canVerb[c] = tag.UPOS != "PROPN" && slices.Contains([]string{"NN", "JJ", "VBN", "IN"}, tag.XPOS)
		t.aux[c] = tag.UPOS == "AUX"
		t.subject[c] = slices.Contains([]string{"NN", "NNS", "NNP", "NNPS", "PRP"}, tag.XPOS)
	}
	t.to = slices.Index(t.Classes, Tag{"PART", "TO"})
	t.vb = slices.Index(t.Classes, Tag{"VERB", "VB"})
	t.vbd = slices.Index(t.Classes, Tag{"VERB", "VBD"})
	t.vbn = slices.Index(t.Classes, Tag{"VERB", "VBN"})
	t.nn = slices.Index(t.Classes, Tag{"NOUN", "NN"})
	t.period = ExactID(".")
	t.march = ExactID("march")
	t.vbp = slices.Index(t.Classes, Tag{"VERB", "VBP"})
}

// participles retags as a past participle a noun that follows an auxiliary
// and that past says is a past form: "he was shot/NN" is "was shot/VBN"; a
// noun after "was" would have its article ("was a shot").
func (t *Tagger) participles(s *Sentence, past func(i int) bool) {
	if t.vbn < 0 {
		return
	}
	for i := 1; i < len(s.Words); i++ {
		if t.aux[s.Tags[i-1]] && s.Tags[i] == t.nn && past(i) {
			if _, ok := t.dict[s.Exact[i]]; !ok {
				s.Tags[i] = t.vbn
			}
		}
	}
}

// lowerMarch retags "march" written in lower case, which the tagger reads
// as the month (its features fold case): after a subject it is the verb
// ("thousands march through the city"), else the noun ("a march").
func (t *Tagger) lowerMarch(s *Sentence) {
	for i := range s.Words {
		if s.Exact[i] != t.march || t.Classes[s.Tags[i]].UPOS != "PROPN" {
			continue
		}
		if i > 0 && t.subject[s.Tags[i-1]] && t.vbp >= 0 {
			s.Tags[i] = t.vbp
		} else if t.nn >= 0 {
			s.Tags[i] = t.nn
		}
	}
}

// hasFinite reports whether s's tags hold a finite verb.
func (t *Tagger) hasFinite(s *Sentence) bool {
	for i, c := range s.Tags {
		if t.finite[c] && (c != t.vb || i == 0 || s.Tags[i-1] != t.to) {
			return true
		}
	}
	return false
}

// RequireVerb retags as a past-tense verb, in a tagged statement with no
// finite verb, the token whose past-tense score is nearest its tag's score,
// among the nouns, adjectives and participles that follow a noun or pronoun
// (a subject) and that past says are past-tense forms ("shot", "improved";
// not "bar" or "cold"). Tokens of the fixed dictionary keep their tag. It
// rescores the tokens with the second pass's features, which give the sums
// the second pass chose by.
func (t *Tagger) RequireVerb(s *Sentence, past func(i int) bool) {
	t.participles(s, past)
	t.lowerMarch(s)
	n := len(s.Words)
	if t.vbd < 0 || n < minFinite || s.Exact[n-1] != t.period || t.hasFinite(s) {
		return
	}
	nc := len(t.Classes)
	var fbuf [64]uint64
	best := -1
	var bestGap float32
	for i := 1; i < n-1; i++ {
		if !t.canVerb[s.Tags[i]] || !t.subject[s.Tags[i-1]] || !past(i) {
			continue
		}
		if _, ok := t.dict[s.Exact[i]]; ok {
			continue
		}
		f := rightFeats(s, s.first, i, feats(s, i, fbuf[:0]))
		clear(s.wide)
		t.pair.Score(f, s.wide)
		scores := s.wide[nc:]
		if gap := scores[s.Tags[i]] - scores[t.vbd]; best < 0 || gap < bestGap {
			best, bestGap = i, gap
		}
	}
	if best >= 0 {
		s.Tags[best] = t.vbd
	}
}
