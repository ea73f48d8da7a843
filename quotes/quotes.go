// Package quotes is the pipeline stage "quotes": it finds the statements a
// document attributes to someone — direct quotations in quotation marks and
// indirect, reported speech ("X said that …", "…, X said", "according to
// X, …") — with the spans of their content, speaker and cue, and resolves the
// speaker to the actor its entity names. Claims and denials the event coder
// left without a source of the claim take the speaker of the quote they lie
// in.
//
// It reads the dependency parse: a cue is a verb of the lexicon (data/cues.tsv,
// grown from treebanks and WordNet by internal/gencues) whose clausal
// complement, object or open complement is the content and whose subject is
// the speaker; sentences that were not parsed yield only their direct
// quotations.
package quotes

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep"
)

//go:embed data/cues.tsv
var cuesTSV []byte

// cueKind tells where a cue lemma comes from.
type cueKind uint8

const (
	treebankCue   cueKind = 1 << iota // heads reported speech in the treebanks
	communication                     // commonest WordNet sense in verb.communication
	attitude                          // commonest WordNet sense in verb.cognition or verb.emotion
)

var (
	cuesOnce sync.Once
	cues     map[string]cueKind
)

func cueLemmas() map[string]cueKind {
	cuesOnce.Do(func() {
		cues = map[string]cueKind{}
		sc := bufio.NewScanner(bytes.NewReader(cuesTSV))
		for sc.Scan() {
			line := sc.Text()
			if line == "" || line[0] == '#' {
				continue
			}
			f := strings.Split(line, "\t")
			var k cueKind
			if len(f) > 3 {
				for _, why := range strings.Split(f[3], ",") {
					switch why {
					case "treebank":
						k |= treebankCue
					case "communication":
						k |= communication
					case "cognition", "emotion":
						k |= attitude
					}
				}
			}
			cues[f[0]] = k
		}
	})
	return cues
}

// Stage is the quotes stage. It is safe for concurrent use.
type Stage struct {
	cues map[string]cueKind
	pool sync.Pool
}

// New returns the stage.
func New() *Stage {
	s := &Stage{cues: cueLemmas()}
	s.pool.New = func() any { return new(work) }
	return s
}

// Name implements sitrep.Stage.
func (s *Stage) Name() string { return "quotes" }

// work is the scratch space of one document.
type work struct {
	doc   *sitrep.Document
	first []int32 // first child of each token, -1 none
	next  []int32 // next sibling
	ent   []int32 // entity of each token, -1 none
	marks []mark  // the quotations in marks, in order
	// turnSpans are the contents of the paragraphs that open with a
	// speaker's label, in order.
	turnSpans []sitrep.Span
}

// Annotate finds doc's quotes and attributes its claims and denials.
func (s *Stage) Annotate(doc *sitrep.Document) error {
	doc.Quotes = doc.Quotes[:0]
	if len(doc.Tokens) == 0 {
		return nil
	}
	w := s.pool.Get().(*work)
	defer s.pool.Put(w)
	w.index(doc)
	w.marks = quotationMarks(doc.Text)
	w.turns()
	for si := range doc.Sentences {
		s.sentence(w, si)
	}
	s.direct(w)
	doc.Quotes = dropNested(sortQuotes(doc.Quotes))
	Attribute(doc)
	return nil
}

// index links each token to its children and its entity.
func (w *work) index(doc *sitrep.Document) {
	w.doc = doc
	n := len(doc.Tokens)
	w.first, w.next, w.ent = grow(w.first, n), grow(w.next, n), grow(w.ent, n)
	for i := range n {
		w.first[i], w.next[i], w.ent[i] = -1, -1, -1
	}
	for i := n - 1; i >= 0; i-- {
		if h := doc.Tokens[i].Head; h >= 0 && h < n && h != i {
			w.next[i] = w.first[h]
			w.first[h] = int32(i)
		}
	}
	for ei := range doc.Entities {
		e := &doc.Entities[ei]
		for t := e.FirstToken; t < e.EndToken && t < n; t++ {
			if w.ent[t] < 0 {
				w.ent[t] = int32(ei)
			}
		}
	}
}

func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

// child returns the first child of t with one of the relations, -1 if none.
func (w *work) child(t int, rels ...string) int {
	for c := w.first[t]; c >= 0; c = w.next[c] {
		rel := w.doc.Tokens[c].Deprel
		for _, r := range rels {
			if rel == r {
				return int(c)
			}
		}
	}
	return -1
}

// subtree is the span of t and its descendants, leaving out the subtrees of
// children with a relation in skip and punctuation at either edge.
func (w *work) subtree(t int, skip ...string) sitrep.Span {
	lo, hi := t, t
	var walk func(int)
	walk = func(u int) {
		lo, hi = min(lo, u), max(hi, u)
		for c := w.first[u]; c >= 0; c = w.next[c] {
			if u == t && containsRel(skip, w.doc.Tokens[c].Deprel) {
				continue
			}
			walk(int(c))
		}
	}
	walk(t)
	toks := w.doc.Tokens
	for lo < hi && toks[lo].UPOS == "PUNCT" {
		lo++
	}
	for hi > lo && toks[hi].UPOS == "PUNCT" {
		hi--
	}
	return sitrep.Span{Start: toks[lo].Start, End: toks[hi].End}
}

func containsRel(rels []string, r string) bool {
	for _, x := range rels {
		if x == r {
			return true
		}
	}
	return false
}

// speakerSkip are the parts of a subject left out of the speaker span. The
// rest of the noun phrase stays, its relative clauses and appositions too: they
// say who the speaker is ("Jane Smith, who chairs the council,"), and PolNeAR's
// sources are whole noun phrases.
var speakerSkip = []string{"punct", "parataxis"}

// speaker is the subject of cue t, or of the verb t is coordinated with
// ("X denied it and said …"), or of the clause a participle cue modifies
// ("X released a statement, saying …"), or the name after a quotative
// inversion ("…,” said X); -1 when none.
func (w *work) speaker(t int) int {
	toks := w.doc.Tokens
	for u := t; u >= 0; {
		if s := w.child(u, "nsubj"); s >= 0 {
			return s
		}
		if u == t {
			if s := w.inverted(t); s >= 0 {
				return s
			}
		}
		switch toks[u].Deprel {
		case "conj", "xcomp":
		case "advcl":
			if toks[u].XPOS != "VBG" {
				return -1
			}
		default:
			return -1
		}
		u = toks[u].Head
	}
	return -1
}

// inverted is the speaker of a cue that follows what it reports and
// precedes its subject ("…,” said Jane Smith, a lawyer, …"): English inverts
// subject and verb only after a quotation, and the parse seldom labels such
// a subject nsubj. It is the nominal that starts right after the cue; -1
// when none.
func (w *work) inverted(t int) int {
	toks := w.doc.Tokens
	if toks[t].Deprel != "parataxis" && w.childBefore(t, "ccomp") < 0 {
		return -1
	}
	for c := w.first[t]; c >= 0; c = w.next[c] {
		if int(c) <= t {
			continue
		}
		switch toks[c].UPOS {
		case "PROPN", "NOUN", "PRON":
			if w.subtree(int(c)).Start == toks[t+1].Start && toks[c].Deprel != "ccomp" {
				return int(c)
			}
		}
	}
	// The parse hung the name elsewhere: the head of the run of nominal
	// words that starts after the cue.
	u := t + 1
	if u >= len(toks) || !nominal(toks[u].UPOS) {
		return -1
	}
	for h := toks[u].Head; h > u && nominal(toks[h].UPOS); h = toks[u].Head {
		for v := u + 1; v < h; v++ {
			if !nominal(toks[v].UPOS) {
				return u
			}
		}
		u = h
	}
	if toks[u].UPOS == "DET" || toks[u].UPOS == "ADJ" {
		return -1
	}
	return u
}

// nominal reports whether a word of tag upos may be part of a name or noun
// phrase.
func nominal(upos string) bool {
	switch upos {
	case "PROPN", "NOUN", "PRON", "DET", "ADJ":
		return true
	}
	return false
}

// childBefore is the first child of t before it with relation rel, -1 if
// none.
func (w *work) childBefore(t int, rel string) int {
	for c := w.first[t]; c >= 0 && int(c) < t; c = w.next[c] {
		if w.doc.Tokens[c].Deprel == rel {
			return int(c)
		}
	}
	return -1
}

// cueSpan is the cue verb with the auxiliaries before it ("has learned").
func (w *work) cueSpan(t int) sitrep.Span {
	toks := w.doc.Tokens
	lo := t
	for c := w.first[t]; c >= 0; c = w.next[c] {
		if r := toks[c].Deprel; (r == "aux" || r == "aux:pass") && int(c) < lo && t-int(c) <= 3 {
			lo = int(c)
		}
	}
	return sitrep.Span{Start: toks[lo].Start, End: toks[t].End}
}

// add records a quote with the speaker token sp (-1: none).
func (w *work) add(content sitrep.Span, sp, t int) {
	if content.Len() <= 0 {
		return
	}
	// A speaker inside what is reported, away from the cue, is a word of
	// the report the parse took for the cue's subject ("“We will …,”
	// said X"): the name after the cue, if any, says it.
	if sp >= 0 && content.Contains(w.doc.Tokens[sp].Span) && !content.Contains(w.doc.Tokens[t].Span) {
		sp = w.inverted(t)
		if sp >= 0 && content.Contains(w.doc.Tokens[sp].Span) {
			sp = -1
		}
	}
	q := sitrep.Quote{Content: content, Cue: w.cueSpan(t)}
	if sp >= 0 {
		q.Speaker = w.subtree(sp, speakerSkip...)
		if e := w.ent[sp]; e >= 0 {
			q.Actor = w.doc.Entities[e].Actor
		}
	}
	q.Direct = quoted(w.doc.Text, content)
	w.doc.Quotes = append(w.doc.Quotes, q)
}

// sentence finds the reported speech of sentence si.
func (s *Stage) sentence(w *work, si int) {
	doc := w.doc
	st := doc.Sentences[si]
	m, u := 0, 0 // the first quotation and turn that do not end before t
	for t := st.FirstToken; t < st.EndToken; t++ {
		tok := &doc.Tokens[t]
		if tok.Head < 0 && tok.Deprel == "" {
			return // not parsed
		}
		// A cue inside a quotation or a speaker's turn is the quoted
		// speaker's: the quotation is what the article attributes ("“I
		// think …,” she said").
		for m < len(w.marks) && w.marks[m].End <= tok.Start {
			m++
		}
		for u < len(w.turnSpans) && w.turnSpans[u].End <= tok.Start {
			u++
		}
		if m < len(w.marks) && w.marks[m].Start < tok.Start || u < len(w.turnSpans) && w.turnSpans[u].Start <= tok.Start {
			continue
		}
		switch {
		case (tok.UPOS == "VERB" || tok.UPOS == "AUX") && w.isCue(t, s.cues[strings.ToLower(tok.Lemma)]):
			w.verbCue(st, t, s.cues[strings.ToLower(tok.Lemma)])
		case strings.EqualFold(tok.Of(doc.Text), "according") && t+2 < st.EndToken && strings.EqualFold(doc.Tokens[t+1].Of(doc.Text), "to"):
			w.accordingTo(st, t)
		}
	}
}

// verbCue reads the quote of cue verb t, of the given kind, in sentence st.
func (w *work) verbCue(st sitrep.Sentence, t int, kind cueKind) {
	doc := w.doc
	tok := &doc.Tokens[t]
	sp := w.speaker(t)
	// "X said (that) …": the complement is the content; "…, X said": the
	// clause the cue hangs from is.
	x := -1
	if c := w.child(t, "ccomp"); c >= 0 && c < t && sp > t && kind&treebankCue != 0 && w.clauseAfter(st, t) {
		// An inverted cue is followed by its speaker alone; one
		// followed by a clause was misparsed ("X, a former
		// union communications director, said the …").
		w.flat(st, t)
	} else if c >= 0 || t+1 < st.EndToken && doc.Tokens[t+1].Of(doc.Text) == ":" {
		w.add(w.content(st, t, c, sp), sp, t)
	} else if sp >= 0 && sp < t && kind&(treebankCue|communication) != 0 && w.parenthetical(st, sp, t) {
		// "X, officials said, will …": a reporting clause set
		// off by commas inside the sentence it reports.
		last := st.EndToken - 1
		for last > t && doc.Tokens[last].UPOS == "PUNCT" {
			last--
		}
		w.add(trim(doc.Text, sitrep.Span{Start: st.Start, End: doc.Tokens[last].End}), sp, t)
	} else if tok.Deprel == "parataxis" && sp >= 0 && w.child(t, "obj") < 0 {
		w.add(w.content(st, t, tok.Head, sp), sp, t)
	} else if x = w.child(t, "xcomp"); x > t && sp >= 0 && kind != 0 {
		// "called X a …", "described X as …", "wants to …": the
		// object and its predicate, or the intended act.
		start := x
		if o := w.child(t, "obj"); o >= 0 && o < x {
			start = o
		}
		w.add(trim(doc.Text, sitrep.Span{Start: w.subtree(start).Start, End: w.complementEnd(t, x)}), sp, t)
	} else if p := w.child(t, "nsubj:pass"); p >= 0 && p < t && x > t && kind != 0 {
		// "X is expected to …", "X is said to …": a passive
		// verb of saying or thinking raises the subject of what
		// is reported and leaves its source unsaid.
		w.add(trim(doc.Text, sitrep.Span{Start: w.subtree(p).Start, End: w.complementEnd(t, x)}), -1, t)
	} else if o := w.child(t, "obj"); o > t && sp >= 0 && kind&(communication|attitude) != 0 {
		// "criticized X for …", "accused X of …", "rejected X": a
		// verb of communication, thought or feeling says what its
		// subject said or holds of its object.
		w.add(trim(doc.Text, sitrep.Span{Start: w.subtree(o).Start, End: w.complementEnd(t, o)}), sp, t)
	} else if kind&(treebankCue|communication) != 0 {
		w.flat(st, t)
	}
}

// accordingTo reads "according to X, …" and "…, according to X" at token t
// of sentence st: X is the words after "to" up to a comma.
func (w *work) accordingTo(st sitrep.Sentence, t int) {
	doc := w.doc
	tok := &doc.Tokens[t]
	end := t + 2
	for end < st.EndToken && doc.Tokens[end].UPOS != "PUNCT" && end-t < 12 {
		end++
	}
	speaker := sitrep.Span{Start: doc.Tokens[t+2].Start, End: doc.Tokens[end-1].End}
	var content sitrep.Span
	if end < st.EndToken-1 && t == st.FirstToken {
		content = sitrep.Span{Start: doc.Tokens[end].Start, End: st.End}
	} else {
		content = sitrep.Span{Start: st.Start, End: tok.Start}
	}
	q := sitrep.Quote{Content: trim(doc.Text, content), Speaker: speaker,
		Cue: sitrep.Span{Start: tok.Start, End: doc.Tokens[t+1].End}}
	if e := w.ent[t+2]; e >= 0 {
		q.Actor = doc.Entities[e].Actor
	}
	if q.Content.Len() > 0 {
		doc.Quotes = append(doc.Quotes, q)
	}
}

// flat reads "X said Y" from the words where the parse of a finite cue gave
// nothing to read: the parse of a long subject often goes wrong ("Smith, a
// former union communications director, said …" with "communications" a
// verb). The speaker is the words before the cue, the content those after
// it to the sentence's end.
func (w *work) flat(st sitrep.Sentence, t int) {
	toks := w.doc.Tokens
	switch toks[t].XPOS {
	case "VBD", "VBZ", "VBP":
	default:
		return
	}
	first := t + 1
	last := st.EndToken - 1
	for last > first && toks[last].UPOS == "PUNCT" {
		last--
	}
	if last-first < 2 || toks[first].UPOS == "PUNCT" || toks[first].UPOS == "ADP" || t == st.FirstToken || t-st.FirstToken > 25 {
		return
	}
	from := st.FirstToken
	for u := st.FirstToken; u < t; u++ {
		if toks[u].XPOS == "MD" || toks[u].UPOS == "AUX" && u != t-1 {
			return // a clause before the cue, not a subject
		}
	}
	// An opening adverbial ("On Monday, X said") is not the speaker.
	switch toks[from].UPOS {
	case "ADP", "ADV", "SCONJ":
		for u := from; u < t-1; u++ {
			if toks[u].Of(w.doc.Text) == "," {
				from = u + 1
				break
			}
		}
	}
	q := sitrep.Quote{Content: trim(w.doc.Text, sitrep.Span{Start: toks[first].Start, End: toks[last].End}),
		Speaker: trim(w.doc.Text, sitrep.Span{Start: toks[from].Start, End: toks[t-1].End}), Cue: w.cueSpan(t)}
	if e := w.ent[t-1]; e >= 0 {
		q.Actor = w.doc.Entities[e].Actor
	}
	w.doc.Quotes = append(w.doc.Quotes, q)
}

// clauseAfter reports whether a finite verb follows cue t in sentence st
// before any comma, and no quotation closes right before the cue: the cue
// reports what follows it, whatever the parse says.
func (w *work) clauseAfter(st sitrep.Sentence, t int) bool {
	toks := w.doc.Tokens
	before := strings.TrimRight(w.doc.Text[:toks[t].Start], " ,")
	if strings.HasSuffix(before, "”") || strings.HasSuffix(before, "\"") || strings.HasSuffix(before, "''") {
		return false
	}
	for u := t + 1; u < st.EndToken; u++ {
		switch {
		case toks[u].UPOS == "PUNCT":
			return false
		case toks[u].XPOS == "VBD" || toks[u].XPOS == "VBZ" || toks[u].XPOS == "VBP" || toks[u].XPOS == "MD":
			return true
		}
	}
	return false
}

// parenthetical reports whether speaker sp and cue t of sentence st stand
// between commas inside it, the cue without an object or complement of its
// own.
func (w *work) parenthetical(st sitrep.Sentence, sp, t int) bool {
	toks := w.doc.Tokens
	lo := w.subtree(sp, speakerSkip...).Start
	if lo <= st.Start || t+2 >= st.EndToken || toks[t+1].Of(w.doc.Text) != "," || w.child(t, "obj", "ccomp", "xcomp") >= 0 {
		return false
	}
	return strings.HasSuffix(strings.TrimRight(w.doc.Text[st.Start:lo], " "), ",")
}

// isCue reports whether verb t, of lexicon kind k, introduces what its
// subject says or thinks: a verb of the lexicon, or any verb with a subject
// and a clausal complement ("warned that …", "insisted that …": the
// treebanks hold too few of each to list them).
func (w *work) isCue(t int, k cueKind) bool {
	return k != 0 || w.child(t, "ccomp") >= 0 && w.speaker(t) >= 0
}

// content is what cue t of sentence st reports. When the clause c it
// governs or hangs from follows the cue, the content runs from c to the end
// of c or of the adverbial parts the parse left on the cue after it ("said
// it would …, because …"); after a colon ("said: …") it runs to the end of
// the paragraph. When c comes first, the content runs from the start of the
// sentence to the speaker or the cue.
func (w *work) content(st sitrep.Sentence, t, c, sp int) sitrep.Span {
	doc := w.doc
	toks := doc.Tokens
	if t+1 < len(toks) && toks[t+1].Of(doc.Text) == ":" {
		start := toks[t+1].End
		end := strings.IndexByte(doc.Text[start:], '\n')
		if end < 0 {
			end = len(doc.Text) - start
		}
		return trim(doc.Text, sitrep.Span{Start: start, End: start + end})
	}
	if c > t {
		start, end := w.subtree(c).Start, w.clauseEnd(c)
		// A clause that lost its subject to the cue ("said L2's work …
		// is ongoing" parsed with "work" as the object) starts after the
		// cue.
		if w.child(c, "nsubj", "nsubj:pass", "expl", "mark") < 0 && t+1 < st.EndToken {
			start = toks[t+1].Start
		}
		return trim(doc.Text, sitrep.Span{Start: start, End: max(end, w.complementEnd(t, c))})
	}
	end := toks[t].Start
	if sp >= 0 && sp < t {
		end = min(end, w.subtree(sp, speakerSkip...).Start)
	}
	return trim(doc.Text, sitrep.Span{Start: st.Start, End: end})
}

// complementEnd is the end of complement c of cue t, or of the cue's
// adverbial parts after c: the parse often hangs "for …", "of …" and the
// rest of the reported clause on the cue itself.
func (w *work) complementEnd(t, c int) int {
	toks := w.doc.Tokens
	end := w.clauseEnd(c)
	for d := w.first[t]; d >= 0; d = w.next[d] {
		if int(d) <= c || w.freeAdjunct(int(d)) {
			continue
		}
		switch toks[d].Deprel {
		case "advcl", "obl", "xcomp", "dep", "ccomp":
			end = max(end, w.subtree(int(d)).End)
		}
	}
	return end
}

// clauseEnd is the end of the subtree of c without the free adjuncts that
// close it.
func (w *work) clauseEnd(c int) int {
	end := w.doc.Tokens[c].End
	for d := w.first[c]; d >= 0; d = w.next[d] {
		if int(d) > c && w.doc.Tokens[d].UPOS != "PUNCT" && !w.freeAdjunct(int(d)) {
			end = max(end, w.subtree(int(d)).End)
		}
	}
	return end
}

// freeAdjunct reports whether dependent d is a participle set off by a
// comma or any phrase set off by a dash ("…, leading to …", "… — starting
// with …"): it comments on the clause rather than being part of what was
// said.
func (w *work) freeAdjunct(d int) bool {
	toks := w.doc.Tokens
	sub := w.subtree(d)
	before := strings.TrimRight(w.doc.Text[:sub.Start], " ")
	if strings.HasSuffix(before, "—") || strings.HasSuffix(before, "–") || strings.HasSuffix(before, " -") || strings.HasSuffix(before, "--") {
		return true
	}
	return toks[d].Deprel == "advcl" && toks[d].XPOS == "VBG" && strings.HasSuffix(before, ",")
}

// trim drops spaces and punctuation but quotation marks from the edges.
func trim(text string, sp sitrep.Span) sitrep.Span {
	isCut := func(c byte) bool {
		return c == ' ' || c == ',' || c == '\n' || c == '\t' || c == ';' || c == '-' || c == ':'
	}
	for sp.Start < sp.End && isCut(text[sp.Start]) {
		sp.Start++
	}
	for sp.End > sp.Start && isCut(text[sp.End-1]) {
		sp.End--
	}
	return sp
}
