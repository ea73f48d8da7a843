// Package events is the event coder: the pipeline stage "events" that turns a
// parsed, entity-annotated document into PLOVER event records — who did what
// to whom, where and when, how sure the text is of it, with the span behind
// every field.
//
// It is a rule engine over Universal Dependencies parses. Triggers come from
// the lexicon (package lexicon); source and target from the syntax (subjects,
// objects, "with"/"against" obliques, passives, control verbs, relative
// clauses, coordination, appositions, "at the request of"); actors from the
// entities the actor stage resolved; places from the geo stage's toponyms;
// dates from package timex, anchored on the publication date. A restatement
// of an event in the same document adds evidence to it rather than a second
// record.
package events

import (
	"slices"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/lexicon"
	"github.com/sitrep-dev/sitrep/events/timex"
)

// Options configure a Coder.
type Options struct {
	// Lexicon gives the triggers; nil means lexicon.Default().
	Lexicon *lexicon.Lexicon
	// Places resolves a place name that the geo stage did not find (a
	// facility, a village) in the gazetteer; optional.
	Places PlaceResolver
	// DocTypes classifies the whole story (Document.MainEvent); optional.
	DocTypes *doctype.Model
	// Locations ranks the places of a sentence as an event's location; nil
	// means the embedded ranker.
	Locations *LocModel
	// RequireDyad drops events without both a source and a target actor (as
	// PETRARCH's require_dyad, which a PETRARCH verb dictionary implies); by
	// default one of them is enough.
	RequireDyad bool
}

// PlaceResolver resolves a span of text to a place (geo.Gazetteer).
type PlaceResolver interface {
	ResolveSpan(doc *sitrep.Document, span sitrep.Span) (sitrep.Place, bool)
}

// Coder is the "events" stage. It is safe for concurrent use.
type Coder struct {
	lx   *lexicon.Lexicon
	opt  Options
	pool sync.Pool
}

// New returns a coder.
func New(opt Options) *Coder {
	if opt.Lexicon == nil {
		opt.Lexicon = lexicon.Default()
	}
	if opt.Locations == nil {
		opt.Locations = defaultLocModel()
	}
	c := &Coder{lx: opt.Lexicon, opt: opt}
	c.pool.New = func() any { return new(work) }
	return c
}

// Name is the stage name.
func (c *Coder) Name() string { return "events" }

// work is the per-document scratch space, pooled across documents.
type work struct {
	s       sent
	tokEnt  []int32 // entity index per token, -1 for none
	tokTop  []int32 // toponym index per token, -1 for none
	phrase  []tokDepth
	country string // the document's most mentioned country, for agents without one
	cands   []cand
	places  PlaceResolver
	locs    *LocModel // nil: no ranker
	// loose widens place candidates to metonymic toponyms and unresolved
	// person names, for the location model to weigh.
	loose bool
	force bool // rank places without the "none" candidate
	// named lets a person or organisation the actor database does not know
	// be an actor by its name ("Bob Ward", "the Zarqa Liberation Front"):
	// with our own lexicon, not with a PETRARCH dictionary, whose suites
	// code only actors with codes.
	named bool
	pl    placeScratch
}

// cand is a trigger found in a sentence.
type cand struct {
	tok   int
	entry lexicon.Entry
	marks marks // actors placed by a PETRARCH pattern
	// st is the stance said of the trigger's action, by the trigger itself
	// ("urged", with act the action it urges) or by a word that is no
	// trigger ("will", "is willing"; act is the trigger's own entry).
	st     stance
	act    lexicon.Entry
	actTok int // the action's token, -1 for none
	// folded marks a trigger whose action another trigger states ("agreed
	// to withdraw": withdraw); it yields no event of its own.
	folded bool
}

// Annotate codes the events of doc into doc.Events.
func (c *Coder) Annotate(doc *sitrep.Document) error {
	doc.Events = doc.Events[:0]
	if c.opt.DocTypes != nil && doc.Text != "" {
		// The story's type reads the events coded in it.
		defer func() {
			t, _ := c.opt.DocTypes.Doc(doc, c.lx.Types)
			doc.MainEvent = sitrep.EventType(t)
		}()
	}
	if len(doc.Sentences) == 0 || len(doc.Tokens) == 0 || lexicon.Discarded(doc.Text, c.lx.StoryDiscards) {
		return nil
	}
	w := c.pool.Get().(*work)
	defer c.pool.Put(w)
	w.places, w.locs = c.opt.Places, c.opt.Locations
	w.named = !c.lx.RequireDyad && !c.opt.RequireDyad
	w.index(doc)
	for si := range doc.Sentences {
		if lexicon.Discarded(doc.Sentences[si].Of(doc.Text), c.lx.Discards) {
			continue
		}
		w.s.reset(doc, si)
		w.s.ent = w.tokEnt
		c.codeSentence(w, doc)
	}
	doc.Events = dedup(doc, doc.Events)
	report(doc)
	for i := range doc.Events {
		doc.Events[i].ID = eventID(doc, i)
	}
	return nil
}

// eventID names event i of doc by its content (sitrep.EventID).
func eventID(doc *sitrep.Document, i int) string { return sitrep.EventID(doc, i) }

// index maps tokens to entities and toponyms and finds the document's main
// country.
func (w *work) index(doc *sitrep.Document) {
	n := len(doc.Tokens)
	w.tokEnt = growInt(w.tokEnt, n)
	w.tokTop = growInt(w.tokTop, n)
	for i := range w.tokEnt {
		w.tokEnt[i], w.tokTop[i] = -1, -1
	}
	counts := map[string]int{}
	for ei := range doc.Entities {
		e := &doc.Entities[ei]
		first, end := e.FirstToken, e.EndToken
		if end <= first {
			first, end = tokenRange(doc, e.Span)
		}
		for t := first; t < end && t < n; t++ {
			if w.tokEnt[t] < 0 {
				w.tokEnt[t] = int32(ei)
			}
		}
		if e.Actor != nil && e.Actor.Country != "" {
			counts[e.Actor.Country]++
		}
	}
	for ti := range doc.Toponyms {
		tp := &doc.Toponyms[ti]
		first, end := tokenRange(doc, tp.Span)
		for t := first; t < end; t++ {
			if w.tokTop[t] < 0 {
				w.tokTop[t] = int32(ti)
			}
		}
	}
	w.country = ""
	best := 0
	for c, k := range counts {
		if k > best || k == best && c < w.country {
			w.country, best = c, k
		}
	}
}

// tokenRange returns the tokens [first, end) a span covers.
func tokenRange(doc *sitrep.Document, sp sitrep.Span) (int, int) {
	lo, hi := 0, len(doc.Tokens)
	for lo < hi { // first token ending after sp.Start
		m := (lo + hi) / 2
		if doc.Tokens[m].End <= sp.Start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	end := lo
	for end < len(doc.Tokens) && doc.Tokens[end].Start < sp.End {
		end++
	}
	return lo, end
}

// codeSentence finds the triggers of one sentence and builds their events.
func (c *Coder) codeSentence(w *work, doc *sitrep.Document) {
	s := &w.s
	c.candidates(w)
	var exprs []timex.Expr
	if len(w.cands) > 0 {
		exprs = timex.Find(doc.Text, doc.Tokens, s.first, s.end, doc.Date)
	}
	if c.lx.RequireDyad {
		// A PETRARCH dictionary says stances in its own patterns; only the
		// complement of a refusal folds into it, as PETRARCH codes.
		for i := range w.cands {
			cd := &w.cands[i]
			// A pattern with words before the trigger may itself say the
			// refusal ("- HAS &NEGSYN2 *": "has declined to urge").
			cd.folded = cd.folded || c.suppressed(s, cd.tok) && len(cd.entry.Before) == 0
		}
	} else {
		stances(s, w.cands)
		w.cands = demands(s, w.cands)
	}
	first := len(doc.Events)
	if !c.lx.RequireDyad {
		defer func() { doc.Events = append(doc.Events[:first], w.foldSentence(doc.Events[first:])...) }()
	}
	for _, cd := range w.cands {
		if cd.entry.Type == "" || cd.folded || subsumed(s, cd.tok, w.cands, cd.entry.Type) {
			continue
		}
		ev, req, ok := c.build(w, cd, exprs)
		if req != nil {
			doc.Events = append(doc.Events, *req)
		}
		if ok && recodeStance(&ev, cd) {
			// Together about a third: talks, and agreements the verb says
			// are joint ("agreed", not "pledged funds").
			together := !w.partners(ev.Target) && (ev.Type != "AGREE" || jointVerbs[s.lemma(cd.tok)])
			doc.Events = c.emit(doc.Events, ev, cd, together)
		}
	}
}

// candidates collects the sentence's triggers into w.cands: verbs first, as
// a noun trigger governed by a verb trigger is part of it.
func (c *Coder) candidates(w *work) {
	s := &w.s
	w.cands = w.cands[:0]
	for i := s.first; i < s.end; i++ {
		if e, m, ok := c.verbTrigger(s, i); ok {
			w.cands = append(w.cands, cand{tok: i, entry: e, marks: m, actTok: -1})
		}
	}
	nv := len(w.cands)
	for i := s.first; i < s.end; i++ {
		if s.upos(i) == "VERB" && hasCand(w.cands[:nv], i) {
			continue // a gerund read as its verb
		}
		if e, ok := c.nounTrigger(s, i); ok {
			if g := s.governor(i); g >= 0 && hasCand(w.cands[:nv], g) {
				// A noun pattern that names its verb is the more specific:
				// "pledged support" is SUPPORT, not the bare "pledge". A
				// gerund read as a noun is the verb's cause ("injured in
				// firing"): the verb's event stands.
				k := candAt(w.cands[:nv], g)
				if len(e.With) == 0 || len(w.cands[k].entry.With) > 0 || s.companion(i, e.With, true) != g || s.upos(i) == "VERB" {
					continue
				}
				w.cands[k].folded = true
			}
			w.cands = append(w.cands, cand{tok: i, entry: e, marks: marks{-1, -1}, actTok: -1})
		}
	}
}

// recodeStance codes an event as the stance said of its act (intent, consent,
// threat, refusal, demand); false when the event is none: a demand no one
// is said to make is the writer's opinion.
func recodeStance(ev *sitrep.Event, cd cand) bool {
	if cd.st == noStance {
		return true
	}
	typ, cameo, ok := recode(cd.st, cd.act.Type, cd.act.Mode, cd.act.CAMEO)
	if !ok {
		return true
	}
	ev.Mode = stanceMode(typ, cd.act.Type, cd.act.Mode)
	ev.Type, ev.CAMEO = sitrep.EventType(typ), cameo
	if cd.st == refusal && cd.actTok == cd.tok {
		// "will not attend" asserts a refusal.
		ev.Realis = sitrep.Asserted
	}
	if cd.st == demand && cd.actTok == cd.tok {
		// "X must withdraw, Y said": Y demands it of X.
		if ev.AttributedTo == nil {
			return false
		}
		ev.Source, ev.Target = []sitrep.ActorMention{*ev.AttributedTo}, dropSame(ev.Source, []sitrep.ActorMention{*ev.AttributedTo})
	}
	return true
}

// jointVerbs are the verbs of agreeing that two sides do together.
var jointVerbs = set("agree", "sign", "conclude", "reach", "settle", "negotiate", "strike")

// partners reports whether a target is named as a partner, as the object or
// by "with", "between" or "to" ("met X", "agreed with Iran"), not as what is
// talked about or where ("agreed to share information on North Korea").
func (w *work) partners(tgt []sitrep.ActorMention) bool {
	s := &w.s
	for _, a := range tgt {
		i, _ := tokenRange(s.doc, a.Span)
		for n := 0; i >= 0 && n < 4; n++ {
			switch s.caseOf(i) {
			case "with", "between", "to":
				return true
			}
			if r := s.rel(i); r == "obj" || r == "iobj" {
				return true // "met X"
			}
			if r := s.rel(i); r != "compound" && r != "flat" && r != "amod" && r != "conj" {
				break
			}
			i = s.head(i)
		}
	}
	return false
}

// emit appends an event to evs: one per source where several do it together,
// none where dyads are required and it lacks one, and its reverse where the
// lexicon entry names one.
func (c *Coder) emit(evs []sitrep.Event, ev sitrep.Event, cd cand, together bool) []sitrep.Event {
	dyads := c.opt.RequireDyad || c.lx.RequireDyad
	if len(ev.Source) > 1 && (len(ev.Target) == 0 && (mutual[string(ev.Type)] || ev.CAMEO == "057" || dyads) || mutual[string(ev.Type)] && !dyads && together) {
		// "The Philippines and France agree", "India and China held
		// talks": each does it with the others, whatever they talk or
		// agree about ("agreed to share information on X"). Where dyads
		// are required, as PETRARCH does with any event ("Gondor and
		// Osgiliath delayed their meeting").
		for i, a := range ev.Source {
			e := ev
			e.Source = []sitrep.ActorMention{a}
			e.Target = append(append([]sitrep.ActorMention(nil), ev.Source[:i]...), ev.Source[i+1:]...)
			e.Evidence = append([]sitrep.Span(nil), ev.Evidence...)
			evs = append(evs, e)
		}
		return evs
	}
	if dyads && (len(ev.Source) == 0 || len(ev.Target) == 0) {
		return evs
	}
	evs = append(evs, ev)
	if cd.entry.Reverse != "" {
		if t := lexicon.PLOVER(cd.entry.Reverse); t != "" && len(ev.Target) > 0 && len(ev.Source) > 0 {
			rev := ev
			rev.Type, rev.CAMEO, rev.Mode = sitrep.EventType(t), cd.entry.Reverse, ""
			rev.Source, rev.Target = ev.Target, ev.Source
			rev.Evidence = append([]sitrep.Span(nil), ev.Evidence...)
			evs = append(evs, rev)
		}
	}
	return evs
}

// stances finds what each trigger's sentence does with its action (see
// stance): a trigger whose action another trigger offers, refuses, demands
// or threatens folds into that one ("urged Israel to halt its offensive" is
// one REQUEST); a trigger under a stance that is no trigger ("will meet",
// "is willing to withdraw") is recoded by it.
func stances(s *sent, cands []cand) {
	for i := range cands {
		cd := &cands[i]
		if cd.entry.Type == "" || cd.folded {
			continue
		}
		// The companion of another trigger's pattern is part of its event:
		// "suspended aid" is SANCTION, not AID too.
		part := false
		for k := range cands {
			if k != i && cands[k].entry.Type != "" && len(cands[k].entry.With) > 0 && !cands[k].entry.Noun &&
				s.companion(cands[k].tok, cands[k].entry.With, false) == cd.tok {
				part = true
			}
		}
		// An order of an act is the act: "ordered troops to withdraw".
		if carryWords[s.lemma(cd.tok)] {
			for k := range cands {
				if h := s.head(cands[k].tok); k != i && h == cd.tok && cands[k].entry.Type != "" &&
					(s.rel(cands[k].tok) == "xcomp" || s.rel(cands[k].tok) == "ccomp") {
					part = true
				}
			}
		}
		if part {
			cd.folded = true
			continue
		}
		st, g := s.governingStance(cd.tok, cd.entry.Noun)
		if st == noStance {
			continue
		}
		j := -1
		for k := range cands {
			if k != i && cands[k].tok == g && cands[k].entry.Type != "" {
				j = k
			}
		}
		if j < 0 {
			if cd.actTok < 0 {
				cd.st, cd.act, cd.actTok = st, cd.entry, cd.tok
			}
			continue
		}
		cd.folded = true
		if gc := &cands[j]; gc.actTok < 0 {
			gc.st, gc.act, gc.actTok = st, cd.entry, cd.tok
		}
	}
}

// demands adds the demands a speaker makes with "must" or "should" of an act
// the lexicon does not name ("Y said X must ensure security"): a REQUEST by
// the reporting verb's subject of the act's doer.
func demands(s *sent, cands []cand) []cand {
	for v := s.first; v < s.end; v++ {
		h := s.head(v)
		if h < 0 || s.rel(v) != "ccomp" || !reportVerbs[s.lemma(h)] || s.auxStance(v) != demand || hasCand(cands, v) || hasCand(cands, h) {
			continue
		}
		if sb := s.subject(v, 0); sb >= 0 && firstPerson[s.lemma(sb)] {
			// "we should add it to the list", said X: what the speaker's
			// own side ought to do asks nothing of anyone.
			continue
		}
		cands = append(cands, cand{tok: h, entry: lexicon.Entry{Type: "REQUEST", CAMEO: "100"}, marks: marks{-1, -1}, st: demand, actTok: v})
	}
	return cands
}

// firstPerson are the pronouns a speaker names their own side with.
var firstPerson = set("i", "we", "me", "us")

// mutual types are those a compound subject does together ("X and Y met");
// signing an agreement (SUPPORT 057) is too.
var mutual = map[string]bool{"AGREE": true, "CONSULT": true, "COOPERATE": true}

// candAt returns the index of the candidate at token tok, -1 if none.
func candAt(cs []cand, tok int) int {
	for i, c := range cs {
		if c.tok == tok {
			return i
		}
	}
	return -1
}

func hasCand(cs []cand, tok int) bool {
	for _, c := range cs {
		if c.tok == tok {
			return true
		}
	}
	return false
}

// Locate returns the place the coder would give an event whose trigger is
// the token at span (nil when it finds none). It serves the event-location
// evaluation, where the trigger is given. With force it returns the best
// place of the sentence even where the model prefers none.
func (c *Coder) Locate(doc *sitrep.Document, trigger sitrep.Span, force bool) *sitrep.EventLocation {
	first, end := tokenRange(doc, trigger)
	if first >= end {
		return nil
	}
	t := first
	si := -1
	for i, st := range doc.Sentences {
		if t >= st.FirstToken && t < st.EndToken {
			si = i
			break
		}
	}
	if si < 0 {
		return nil
	}
	w := c.pool.Get().(*work)
	defer c.pool.Put(w)
	w.places, w.locs = c.opt.Places, c.opt.Locations
	w.index(doc)
	w.s.reset(doc, si)
	w.s.ent = w.tokEnt
	if force && c.opt.Locations != nil {
		w.force = true
		defer func() { w.force = false }()
	}
	src, tgt := w.s.arguments(t, !w.s.isVerbal(t))
	return w.location(t, src, tgt, "", nil)
}

// MayCode reports whether tokens [first, end) of doc, tagged and lemmatized
// but not parsed, hold a word that could trigger an event: a verb or noun of
// the lexicon, by form, by lemma, joined at a hyphen or made singular, with
// a tag a trigger takes and, in a whole sentence, with the words one of its
// patterns names (mayFire); or a reporting verb beside "must" or "should" (a
// demand the lexicon does not name: see demands). Sentences without one
// never yield an event, so the pipeline can skip parsing them; the test is
// the lexicon half of verbTrigger, nounTrigger, pickMarked and demands, so
// it changes no event. It is MaySentence on the words' WordMarks.
func (c *Coder) MayCode(doc *sitrep.Document, first, end int) bool {
	marks := make([]uint8, 0, end-first)
	for i := first; i < end; i++ {
		t := &doc.Tokens[i]
		marks = append(marks, c.WordMarks(t.Of(doc.Text), t.XPOS, t.Lemma))
	}
	return c.MaySentence(doc, first, end, marks)
}

// Marks of a word for MayCode.
const (
	MayTrigger = 1 << iota // a verb or noun of the lexicon, by form, lemma or singular
	MayReport              // a reporting verb
	MayModal               // "must" or "should"
)

// WordMarks returns the marks of a word that MayCode reads, from its form,
// XPOS and lemma alone: a pipeline that keeps them by word and tag need not
// look the word up again (nlp.Filter). It reads the lemma as the coder does
// (sent.reset): in lower case, the form where there is none.
func (c *Coder) WordMarks(form, xpos, lemma string) uint8 {
	form = lowerASCII(form)
	if lemma = lowerASCII(lemma); lemma == "" || lemma == "_" {
		lemma = form
	}
	var m uint8
	if len(c.lx.VerbForm(form, lemma)) > 0 {
		m |= MayTrigger
	}
	for _, k := range nounKeys(form, xpos, lemma) {
		if len(c.lx.Noun(k)) > 0 {
			m |= MayTrigger
		}
	}
	if reportVerbs[lemma] {
		m |= MayReport
	}
	if lemma == "must" || lemma == "should" {
		m |= MayModal
	}
	return m
}

// MaySentence is MayCode for tokens [first, end) whose words' marks are
// marks (marks[i] of token first+i): it adds the nouns joined at a hyphen,
// which read a word's neighbours.
func (c *Coder) MaySentence(doc *sitrep.Document, first, end int, marks []uint8) bool {
	var m uint8
	for _, wm := range marks {
		m |= wm
	}
	if m&(MayReport|MayModal) == MayReport|MayModal {
		return true
	}
	may := m&MayTrigger != 0
	for i := first; i < end && !may; i++ {
		may = len(c.lx.Noun(hyphened(doc, first, i))) > 0
	}
	// A piece of a sentence longer than the parser takes: the rest is
	// not tagged yet.
	if may && wholeSentence(doc, first, end) {
		return c.mayFire(doc, first, end, marks)
	}
	return may
}

// wholeSentence reports whether tokens [first, end) are a sentence of doc.
func wholeSentence(doc *sitrep.Document, first, end int) bool {
	i, ok := slices.BinarySearchFunc(doc.Sentences, first, func(s sitrep.Sentence, t int) int { return s.FirstToken - t })
	return ok && doc.Sentences[i].EndToken == end
}
