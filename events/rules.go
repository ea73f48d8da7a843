package events

import (
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/lexicon"
)

// verbTrigger returns the lexicon entry a verb token triggers, with the
// actors its pattern places.
func (c *Coder) verbTrigger(s *sent, i int) (lexicon.Entry, marks, bool) {
	switch s.rel(i) {
	case "amod", "compound":
		return lexicon.Entry{}, marks{}, false // "the banned group", "wounded people"
	}
	if d := s.child(i, "det"); d >= 0 && s.adjacentBefore(d, i) {
		// "may the injured recover": a noun; but not "A civilian was
		// killed" with the article misparsed onto the verb.
		return lexicon.Entry{}, marks{}, false
	}
	switch s.upos(i) {
	case "VERB":
	case "NOUN", "ADJ", "PROPN":
		if s.copularParticiple(i) {
			// "two people were injured", the participle tagged an
			// adjective: violence the news states as a state.
			return c.pickMarked(s, i, attackOrCoerce(c.verbEntries(s, i)), false)
		}
		// Taggers miss some verbs ("Ethiopia departs from Libya"): take a
		// verb reading when the token heads a clause with a subject.
		if (s.child(i, "nsubj") < 0 && !s.nameThenVerb(i)) || s.child(i, "cop") >= 0 || len(c.verbEntries(s, i)) == 0 {
			return lexicon.Entry{}, marks{}, false
		}
	default:
		return lexicon.Entry{}, marks{}, false
	}
	return c.pickMarked(s, i, c.verbEntries(s, i), false)
}

// adjacentBefore reports whether token d comes before i with only
// modifiers between them ("a full and unconditional pardon").
func (s *sent) adjacentBefore(d, i int) bool {
	if d >= i {
		return false
	}
	for k := d + 1; k < i; k++ {
		switch s.upos(k) {
		case "ADJ", "ADV", "CCONJ", "NUM":
		case "PUNCT":
			if s.text(k) != "," {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// nameThenVerb reports whether noun i, an -s form, has the name just before
// it as its compound: the tagger's reading of "Ethiopia departs from Libya"
// as a noun compound.
func (s *sent) nameThenVerb(i int) bool {
	k := i - 1
	return s.doc.Tokens[i].XPOS == "NNS" && k >= s.first && s.head(k) == i && s.rel(k) == "compound" &&
		s.ent != nil && s.ent[k] >= 0 && s.doc.Entities[s.ent[k]].Actor != nil && s.child(i, "det") < 0
}

func (c *Coder) verbEntries(s *sent, i int) []lexicon.Entry {
	return c.lx.VerbForm(lowerASCII(s.text(i)), s.lemma(i))
}

// nounTrigger returns the lexicon entry a noun token triggers.
func (c *Coder) nounTrigger(s *sent, i int) (lexicon.Entry, bool) {
	if s.upos(i) != "NOUN" && !s.nominalAdjective(i) && !s.nominalGerund(i) {
		return lexicon.Entry{}, false
	}
	keys := nounKeys(lowerASCII(s.text(i)), s.doc.Tokens[i].XPOS, s.lemma(i))
	for _, k := range keys[:2] {
		if e, ok := c.pick(s, i, c.lx.Noun(k), true); ok {
			return e, true
		}
	}
	if w := hyphened(s.doc, s.first, i); w != "" {
		return c.pick(s, i, c.lx.Noun(w), true)
	}
	if keys[2] != "" {
		return c.pick(s, i, c.lx.Noun(keys[2]), true)
	}
	return lexicon.Entry{}, false
}

// nominalAdjective reports whether adjective i stands as a noun, with its
// article or possessor, as an argument: "launched an offensive against",
// "continued their offensive", tagged as the adjective it more often is.
func (s *sent) nominalAdjective(i int) bool {
	switch s.rel(i) {
	case "obj", "nsubj", "nsubj:pass", "obl", "nmod":
		return s.upos(i) == "ADJ" && (s.child(i, "det") >= 0 || s.child(i, "nmod:poss") >= 0)
	}
	return false
}

// nominalGerund reports whether gerund i stands as a noun, with a
// preposition, article, possessor or noun before it and no object: "died
// in police firing", "resorted to firing".
func (s *sent) nominalGerund(i int) bool {
	if s.doc.Tokens[i].XPOS != "VBG" || s.child(i, "obj") >= 0 {
		return false
	}
	for _, r := range [4]string{"case", "det", "compound", "nmod:poss"} {
		if s.child(i, r) >= 0 {
			return true
		}
	}
	return false
}

// copularParticiple reports whether adjective i is a participle in -ed
// after "be", with a subject: "were injured", "was arrested".
func (s *sent) copularParticiple(i int) bool {
	if s.upos(i) != "ADJ" || s.child(i, "nsubj") < 0 || !strings.HasSuffix(lowerASCII(s.text(i)), "ed") {
		return false
	}
	c := s.child(i, "cop")
	return c >= 0 && s.lemma(c) == "be"
}

// attackOrCoerce keeps the entries of attacks and coercion.
func attackOrCoerce(es []lexicon.Entry) []lexicon.Entry {
	var out []lexicon.Entry
	for _, e := range es {
		if e.Type == "ASSAULT" || e.Type == "COERCE" {
			out = append(out, e)
		}
	}
	return out
}

// nounKeys are what a noun of lower-case form is looked up by in the
// lexicon, in order: its lemma; its form, as plural-only triggers ("talks",
// "sanctions") are listed; the singular of a plural the lemmatizer left
// whole ("airstrikes": a word its dictionary lacks, which the tagger may
// also take for a singular), "" if none. The parse filter reads the same
// (WordMarks), with the words joined at a hyphen (hyphened).
func nounKeys(form, xpos, lemma string) [3]string {
	sg := ""
	if (xpos == "NNS" || xpos == "NN") && lowerASCII(lemma) == form && len(form) >= 4 && form[len(form)-1] == 's' && form[len(form)-2] != 's' {
		sg = form[:len(form)-1]
	}
	return [3]string{lemma, form, sg}
}

// hyphened returns the one word the lexicon lists for token i and the two
// before it when they are written "X-i" ("cease-fire", "pull-out": the
// tokenizer splits at the hyphen), "" otherwise.
func hyphened(doc *sitrep.Document, first, i int) string {
	if i-2 < first {
		return ""
	}
	a, h, b := &doc.Tokens[i-2], &doc.Tokens[i-1], &doc.Tokens[i]
	if a.End != h.Start || h.End != b.Start || h.Of(doc.Text) != "-" {
		return ""
	}
	return lowerASCII(a.Of(doc.Text)) + b.Lemma
}

// pick returns the first (most specific) entry whose conditions hold.
func (c *Coder) pick(s *sent, i int, es []lexicon.Entry, noun bool) (lexicon.Entry, bool) {
	e, _, ok := c.pickMarked(s, i, es, noun)
	return e, ok
}

// marks are the tokens where a pattern's actor markers matched: the first
// token of the source and target actors, -1 for none.
type marks struct{ src, tgt int }

// pickMarked is pick, with the actors the entry's markers place.
func (c *Coder) pickMarked(s *sent, i int, es []lexicon.Entry, noun bool) (lexicon.Entry, marks, bool) {
	for _, e := range es {
		if len(e.With) > 0 && s.companion(i, e.With, noun) < 0 {
			continue
		}
		if e.Compound {
			if sb := s.subject(i, 0); sb < 0 || s.child(sb, "conj") < 0 {
				continue
			}
		}
		m := marks{-1, -1}
		if len(e.Before) > 0 && !c.wordsIn(s, e.Before, s.first, i, false, e.NextBefore, &m) {
			continue
		}
		if len(e.After) > 0 && !c.wordsIn(s, e.After, i+1, s.end, e.NextAfter, false, &m) {
			continue
		}
		return e, m, true
	}
	return lexicon.Entry{}, marks{-1, -1}, false
}

// wordsIn reports whether the pattern elements occur in order among tokens
// [from, to), each a run of adjacent words; with atFrom the first starts at
// from, with atTo the last ends at to. A source or target marker matches the
// next actor named, recorded in m; a skip marker passes over the next noun
// phrase.
func (c *Coder) wordsIn(s *sent, elems []string, from, to int, atFrom, atTo bool, m *marks) bool {
	words := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		words = append(words, lowerASCII(s.text(i)))
	}
	k := 0 // next word to try
	for ei, el := range elems {
		last := ei == len(elems)-1
		switch el {
		case lexicon.Skip:
			// Like words, the phrase to skip may come after others ("AT ^ ^
			// +": "at Osgiliath with the parliament of Gondor").
			for k < len(words) && s.nounPhraseLen(from+k, to) == 0 {
				if ei == 0 && atFrom {
					return false
				}
				k++
			}
			if k == len(words) {
				return false
			}
			k += s.nounPhraseLen(from+k, to)
			continue
		case lexicon.Source, lexicon.Target:
			for k < len(words) && (s.ent == nil || s.ent[from+k] < 0 || s.doc.Entities[s.ent[from+k]].Actor == nil) {
				if ei == 0 && atFrom {
					return false
				}
				k++
			}
			if k == len(words) {
				return false
			}
			if el == lexicon.Source {
				m.src = from + k
			} else {
				m.tgt = from + k
			}
			k += s.nounPhraseLen(from+k, to)
			continue
		}
		found := false
		for ; k < len(words); k++ {
			n := c.lx.MatchAt(el, words[k:])
			if n > 0 && (!last || !atTo || k+n == len(words)) {
				k += n
				found = true
				break
			}
			if ei == 0 && atFrom {
				return false
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// nounPhraseLen is the length of the noun phrase starting at token i (not
// beyond end), 0 if none starts there: determiners and modifiers, then the
// names and nouns, a named entity whole ("the United Arab Emirates").
func (s *sent) nounPhraseLen(i, end int) int {
	j := i
	for j < end {
		if s.ent != nil && s.ent[j] >= 0 {
			if e := &s.doc.Entities[s.ent[j]]; e.EndToken > j {
				j = e.EndToken
				continue
			}
		}
		switch s.upos(j) {
		case "DET", "ADJ", "NUM", "NOUN", "PROPN":
			j++
			continue
		case "PRON":
			if s.doc.Tokens[j].XPOS == "PRP$" {
				j++
				continue
			}
		}
		break
	}
	if j > end {
		j = end
	}
	// It must hold a noun or a name, not only modifiers.
	for t := i; t < j; t++ {
		if u := s.upos(t); u == "NOUN" || u == "PROPN" || s.ent != nil && s.ent[t] >= 0 {
			return j - i
		}
	}
	return 0
}

// anyObject in a pattern's lemmas asks for any direct object: "return
// +_obj" is returning something, not coming back.
const anyObject = "_obj"

// anyClause in a pattern's lemmas asks for a complement clause: "ask
// +_xcomp" is asking someone to act, not asking a question.
const anyClause = "_xcomp"

// negation in a pattern's lemmas asks for a negated verb: "accept +_neg"
// ("will not accept refugees") is a refusal.
const negation = "_neg"

// companion returns the token by which one of the lemmas accompanies
// trigger i, -1 if none does: for a verb, its particle, object, oblique or
// their prepositions and modifiers; for a noun, its governing verb and its
// modifiers.
func (s *sent) companion(i int, with []string, noun bool) int {
	is := func(l string) bool {
		for _, w := range with {
			if l == w {
				return true
			}
		}
		return false
	}
	// A word by its lemma or its form (the lexicon lists "ties", which
	// lemmatizes to "tie"), or joined at a hyphen ("cease-fire").
	word := func(k int) bool {
		return is(s.lemma(k)) || is(lowerASCII(s.text(k))) || is(hyphened(s.doc, s.first, k))
	}
	if !noun && is(anyObject) {
		if o := s.child(i, "obj"); o >= 0 {
			return o
		}
	}
	if !noun && is(negation) && s.negated(i) {
		return i
	}
	if !noun && is(anyClause) {
		if x := s.child(i, "xcomp"); x >= 0 {
			return x
		}
	}
	if !noun {
		if sb := s.subjectCompanion(i, is); sb >= 0 {
			return sb
		}
	}
	if noun {
		if g := s.governor(i); g >= 0 && is(s.lemma(g)) {
			return g
		}
		// "called for a ceasefire" seen from the noun: its preposition.
		if is(s.caseOf(i)) {
			return i
		}
		for _, k := range s.children(i) {
			switch s.rel(int(k)) {
			case "compound", "amod", "nmod":
				if word(int(k)) {
					return int(k)
				}
			}
		}
		return -1
	}
	if n := s.particleAfter(i, is); n >= 0 {
		return n
	}
	for _, k := range s.children(i) {
		r := s.rel(int(k))
		switch baseRel(r) {
		case "compound", "obj", "iobj", "obl", "nsubj", "xcomp", "advmod", "nmod":
			if r == "nsubj" {
				continue // the subject says nothing of the verb's sense
			}
			if word(int(k)) {
				return int(k)
			}
			if baseRel(r) == "obl" && is(s.caseOf(int(k))) && !s.dated(int(k)) && s.upos(int(k)) != "NUM" {
				return int(k) // "called on X"; not "On Nov. 2, X called Y"
			}
			for _, kk := range s.children(int(k)) {
				switch baseRel(s.rel(int(kk))) {
				case "compound", "amod", "nmod":
					if word(int(kk)) {
						return int(kk)
					}
				}
			}
		case "case", "mark":
			// A preposition stranded on the verb ("what they fired at").
			if is(s.lemma(int(k))) {
				return int(k)
			}
		}
	}
	// A passive object: "sanctions were imposed".
	if p := s.child(i, "nsubj:pass"); p >= 0 && word(p) {
		return p
	}
	return -1
}

// quantityWords measure a number: "over 20", "about 300".
var quantityWords = set("over", "about", "around", "under", "above", "below")

// subjectCompanion returns verb i's subject when "s:" lemmas name it, -1
// if none does: "gather +s:protester" is a protest, "land +s:mortar" a
// bombardment. The subject may be a quantity of them ("thousands of
// protesters").
func (s *sent) subjectCompanion(i int, is func(string) bool) int {
	// Not a passive's subject: activists "were taken" into custody did
	// not take out a march.
	if sb := s.child(i, "nsubj"); sb >= 0 && !s.isPassive(i) {
		if is("s:" + s.lemma(sb)) {
			return sb
		}
		for _, k := range s.children(sb) {
			if baseRel(s.rel(int(k))) == "nmod" && s.caseOf(int(k)) == "of" && is("s:"+s.lemma(int(k))) {
				return int(k)
			}
		}
	}
	return -1
}

// particleAfter returns the particle right after verb i when is accepts it,
// -1 if none: it is the verb's whatever the parse attached it to ("gunned
// down 3 guards": down went to the number), unless it measures a number
// ("handed over $5 million" may be more than $5 million).
func (s *sent) particleAfter(i int, is func(string) bool) int {
	n := i + 1
	if !s.in(n) || !is(s.lemma(n)) {
		return -1
	}
	if h := s.head(n); quantityWords[s.lemma(n)] && h >= 0 && (s.upos(h) == "NUM" || s.upos(h) == "SYM") {
		return -1
	}
	if u := s.upos(n); u == "ADP" || u == "ADV" || u == "PART" {
		return n
	}
	return -1
}

// governor returns the verb that governs a nominal: its head, climbing
// through nominals ("claimed responsibility for attacks" → claimed), -1 when
// none.
func (s *sent) governor(i int) int {
	h := s.head(i)
	for n := 0; h >= 0 && n < 4; n++ {
		if s.isVerbal(h) {
			return h
		}
		if clauseRel(s.rel(h)) && s.rel(h) != "conj" {
			return -1
		}
		h = s.head(h)
	}
	return -1
}

// lightVerbs are verbs that pass their subject to a nominal trigger ("held
// talks", "claimed responsibility for attacks", "carried out strikes").
var lightVerbs = set("hold", "have", "pursue", "conduct", "launch", "stage", "carry", "begin", "start", "commence", "open",
	"resume", "continue", "make", "mount", "step", "increase", "intensify", "create", "wage", "claim", "escalate",
	"organize", "organise", "attend", "join", "enter", "reach", "sign", "strike", "seal", "announce", "impose",
	"declare", "issue", "extend", "express", "voice", "pledge", "provide", "send", "give", "deliver", "offer", "pay",
	"agree", "accept", "lodge", "file", "level", "order", "deploy", "mass", "airdrop", "repel", "repulse", "wreak",
	"undertake", "perform", "execute", "commit", "intensify", "renew", "repeat", "slap", "tighten", "expand", "adopt")

// stateVerbs pass their subject to a state they put it "on": "went on
// strike", "remained on alert", "put on alert".
var stateVerbs = set("go", "remain", "stay", "put")

// light reports whether verb g passes its subject to the nominal trigger t.
func (s *sent) light(g, t int) bool {
	return lightVerbs[s.lemma(g)] || stateVerbs[s.lemma(g)] && s.caseOf(t) == "on"
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// suppressed reports whether trigger i only restates what another verb
// says: the complement of a refusal ("ruled out granting legitimacy") is coded
// as the refusal.
func (c *Coder) suppressed(s *sent, i int) bool {
	r := s.rel(i)
	if r != "xcomp" && r != "ccomp" && r != "advcl" {
		return false
	}
	h := s.head(i)
	return h >= 0 && refusals[s.lemma(h)]
}

// subsumed reports whether trigger i is a participle that details the event
// of the trigger it hangs on ("attacked a village, killing 12 and wounding
// 20"): one event, whose counts the participles give.
func subsumed(s *sent, i int, cands []cand, typ string) bool {
	for n, v := 0, i; n < 3; n++ {
		r := s.rel(v)
		if r != "advcl" && r != "conj" && r != "xcomp" {
			return false
		}
		if r != "conj" && s.doc.Tokens[v].XPOS != "VBG" {
			return false
		}
		v = s.head(v)
		if v < 0 {
			return false
		}
		for _, c := range cands {
			if c.tok == v && c.entry.Type == typ {
				return true
			}
		}
	}
	return false
}

var refusals = set("refuse", "rule", "decline", "reject", "fail", "avoid", "oppose")
