package events

import (
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/lexicon"
	"github.com/sitrep-dev/sitrep/events/timex"
)

// build makes the event of one trigger; false when it has no actor. A
// request the trigger's sentence states of it ("at the request of X") is an
// event of its own, returned beside it (also when the trigger gives none).
func (c *Coder) build(w *work, cd cand, exprs []timex.Expr) (ev sitrep.Event, req *sitrep.Event, ok bool) {
	s := &w.s
	doc := s.doc
	t := cd.tok
	r := roles{cd: cd, t: t, dyads: c.opt.RequireDyad || c.lx.RequireDyad}
	r.srcH, r.tgtH = s.arguments(t, cd.entry.Noun)
	if cd.entry.Noun && cd.entry.Mode == "withdraw" {
		// "its withdrawal of troops from Iraq": the place left is no doer.
		r.srcH = slices.DeleteFunc(r.srcH, func(h int) bool { return s.caseOf(h) == "from" })
	}
	if w.accident(&r) {
		return ev, nil, false
	}
	// An act stated with a stance ("is willing to withdraw", coded AGREE)
	// keeps the act's place and forces.
	r.moves = cd.entry.Type == "MOBILIZE" || cd.entry.Mode == "withdraw"
	r.placeAct = placeActs[cd.entry.Type]
	if cd.actTok >= 0 {
		r.moves = r.moves || cd.act.Type == "MOBILIZE" || cd.act.Mode == "withdraw"
		r.placeAct = r.placeAct || placeActs[cd.act.Type]
	}
	w.sources(&r)
	w.objectTargets(&r)
	req = w.request(&r)
	w.marked(&r)
	w.actionTargets(&r)
	w.obliqueRoles(&r)
	w.ownTargets(&r)
	w.namedTargets(&r)
	src, tgt := r.src, r.tgt
	// Violence and protest are news even when the text names no actor ("a
	// man was shot in Nablus", "a bomb exploded", "clashes broke out");
	// talk and cooperation are not.
	if len(src) == 0 && len(tgt) == 0 && (!anonymous[cd.entry.Type] || !cd.entry.Noun && contestVerbs[s.lemma(t)] && !s.gerundSubject(t)) {
		// "keep fighting" with no one fighting anyone is a figure of
		// speech; "fighting broke out" is news.
		return ev, req, false
	}
	if len(src) == 0 && cd.entry.Type == "ASSAULT" && c.disaster(w) && !s.byWeapon(t) {
		// "five were killed when the volcano erupted": no one did it.
		return ev, req, false
	}
	if cd.entry.Type == "MOBILIZE" && s.hasAny(peacekeeping) {
		// Troops sent or deployed to keep the peace are military aid
		// (CAMEO 074).
		cd.entry.Type, cd.entry.Mode, cd.entry.CAMEO = "AID", "peacekeeping", "074"
	}
	ev = sitrep.Event{
		Sentence: s.index,
		Type:     sitrep.EventType(cd.entry.Type),
		Mode:     cd.entry.Mode,
		Context:  cd.entry.Context,
		CAMEO:    cd.entry.CAMEO,
		Source:   src,
		Target:   tgt,
		Trigger:  s.triggerSpan(t, cd.entry.Noun),
		Evidence: []sitrep.Span{doc.Sentences[s.index].Span},
		Counts:   sitrep.NoCounts,
	}
	ev.Realis, ev.AttributedTo = w.realis(t)
	if slices.Contains(cd.entry.With, negation) {
		ev.Realis = sitrep.Asserted // the negation is the refusal
	}
	ev.Location = w.location(t, r.srcH, r.tgtH, cd.entry.Type, append(append([]sitrep.ActorMention(nil), src...), tgt...))
	ev.Date = s.date(t, exprs)
	ev.Counts = s.counts(t, cd.entry.Type, cd.entry.Noun)
	ev.Confidence = confidence(&ev, cd)
	return ev, req, true
}

// roles is what build works out for one trigger, step by step: the heads
// the syntax gives its source and target, and the actors they come to.
type roles struct {
	cd         cand
	t          int
	srcH, tgtH []int
	src, tgt   []sitrep.ActorMention
	// moves: the act moves the doer's own forces (mobilizing,
	// withdrawing); placeAct: a place can be its target; own: its object
	// is the doer's own; dyads: PETRARCH's rules, a source and a target
	// for every event.
	moves, placeAct, own, dyads bool
}

// selfNouns name the polity of whoever "his" or "their" refers to.
var selfNouns = set("country", "nation", "government", "administration", "state")

// possessor returns the subject of the nearest clause above h that is not
// h's own phrase: whom "his" in "his country" refers to; -1 if none.
func (s *sent) possessor(h int) int {
	for v, n := s.head(h), 0; v >= 0 && n < 6; v, n = s.head(v), n+1 {
		if !s.isVerbal(v) {
			continue
		}
		if sb := s.subject(v, 0); sb >= 0 && sb != h && !s.isAncestor(h, sb) && s.upos(sb) != "PRON" {
			return sb
		}
	}
	return -1
}

// accident reports whether the syntax says no one did it: "the accident
// killed eleven", "a gas tank exploded" (a bomb exploding is an attack).
func (w *work) accident(r *roles) bool {
	s := &w.s
	for _, h := range r.srcH {
		if noDoers[s.lemma(h)] && !s.gunfire(h) {
			return true
		}
	}
	if explodes[s.lemma(r.t)] {
		if o := s.child(r.t, "obj"); o >= 0 && (weapons[s.lemma(o)] || reflexives[s.lemma(o)]) {
			return false // "militants detonated a bomb", "blew himself up"
		}
		if sb := s.child(r.t, "nsubj"); sb >= 0 && !weapons[s.lemma(sb)] {
			return true
		}
	}
	return false
}

// sources resolves the source heads.
func (w *work) sources(r *roles) {
	s := &w.s
	for i, h := range r.srcH {
		if p := s.child(h, "nmod:poss"); selfNouns[s.lemma(h)] && p >= 0 && s.upos(p) == "PRON" {
			// "the minister pledged his country's support", "Putin said
			// his country will not": the one whose country it is.
			if o := s.possessor(h); o >= 0 {
				r.srcH[i] = o
			}
		}
	}
	for _, h := range r.srcH {
		as := w.actorsOf(h)
		for _, k := range s.children(h) {
			// "the missiles fired by X struck": who fired them.
			if a := s.agent(int(k)); len(as) == 0 && s.rel(int(k)) == "acl" && s.doc.Tokens[k].XPOS == "VBN" && a >= 0 {
				as = w.actorsOf(a)
			}
		}
		r.src = appendActors(r.src, as)
	}
	if len(r.src) > 0 || len(r.srcH) == 0 || !w.named {
		return
	}
	// "a rights group demanded", "the heads of state condemned": a doer the
	// actor database does not know is named as the text names it.
	for _, h := range r.srcH {
		if s.upos(h) == "PRON" {
			// "Farc has said it will release": the pronoun that no known
			// actor resolves is the speaker.
			if v := s.head(h); v >= 0 && s.rel(v) == "ccomp" && reportVerbs[s.lemma(s.head(v))] {
				h = s.subject(s.head(v), 0)
			}
		}
		if m, ok := w.phraseActor(h, true); ok {
			r.src = append(r.src, m)
		}
	}
}

// objectTargets resolves the target heads: a partner or a recipient before
// the object, else the object, else the doer of a nominal object.
func (w *work) objectTargets(r *roles) {
	s := &w.s
	t, noun := r.t, r.cd.entry.Noun
	if partnered[r.cd.entry.Type] && !noun && !r.dyads {
		// "discussed Libya with Trump", "agreed with his counterpart to
		// exchange": the partner, not the matter.
		for _, k := range s.children(t) {
			if s.rel(int(k)) == "obl" && s.caseOf(int(k)) == "with" && len(w.actorsOf(int(k))) > 0 {
				r.tgtH = s.withConj(nil, int(k))
				break
			}
		}
	}
	if transfers[s.lemma(t)] && !noun {
		// "returned a statue of Marcus Aurelius to the ambassador": the
		// recipient, not who the thing given names.
		if k := w.recipient(t); k >= 0 && len(w.actorsOf(k)) > 0 {
			r.tgtH = []int{k}
		}
	}
	placed := false
	for _, h := range r.tgtH {
		if l := s.lemma(h); pacts[l] && r.cd.entry.Type == "ASSAULT" || havens[l] {
			// "violated the ceasefire in X", "sought refuge in X": a pact
			// broken or a haven sought is no target; the place is.
			placed = true
			continue
		}
		r.tgt = appendActors(r.tgt, w.objectActors(h))
	}
	if placed && len(r.tgt) == 0 {
		r.tgt = w.placeArgument(t)
		for _, k := range s.children(t) {
			// "violated the ceasefire by shelling ... in X".
			if len(r.tgt) == 0 && s.rel(int(k)) == "advcl" {
				r.tgt = w.placeArgument(int(k))
			}
		}
	}
}

// pacts are agreements an attack breaks; havens what refugees seek.
var (
	pacts  = set("ceasefire", "cease-fire", "truce", "armistice", "agreement", "accord", "deal", "treaty", "pact")
	havens = set("refuge", "asylum", "shelter", "sanctuary", "haven")
)

// objectActors resolves an object head; one that names no actor is taken
// for a nominal act, whose doer is the target: "condemned an attack by X",
// "criticised X's decision", "conceded to the demands of the drivers",
// "refused a request from Russia".
func (w *work) objectActors(h int) []sitrep.ActorMention {
	s := &w.s
	if asks[s.lemma(h)] {
		// "a request from Russia": who asks, before any actor deeper in
		// the phrase.
		for _, k := range s.children(h) {
			if c := s.caseOf(int(k)); baseRel(s.rel(int(k))) == "nmod" && (c == "from" || c == "of" || c == "by") {
				if as := w.actorsOf(int(k)); len(as) > 0 {
					return as
				}
			}
		}
	}
	as := w.actorsOf(h)
	if len(as) > 0 {
		return as
	}
	for _, k := range s.children(h) {
		rel, c := s.rel(int(k)), s.caseOf(int(k))
		switch {
		case rel == "nmod:poss" || baseRel(rel) == "nmod" && (c == "by" || c == "of"):
			as = appendActors(as, w.actorsOf(int(k)))
		case rel == "acl" && s.doc.Tokens[k].XPOS == "VBN":
			// "welcomed memos sent by Bree": the participle's agent.
			if a := s.agent(int(k)); a >= 0 {
				as = appendActors(as, w.actorsOf(a))
			}
		}
		if len(as) == 0 && w.named && asks[s.lemma(h)] && baseRel(rel) == "nmod" && (c == "of" || c == "from") {
			// Who asks, named as the text names them ("the demands of
			// the protesting truck drivers").
			if m, ok := w.phraseActor(int(k), true); ok {
				as = append(as, m)
			}
		}
	}
	return as
}

// asks are the nouns of what one side asks of another.
var asks = set("demand", "request", "call", "appeal", "plea", "proposal", "offer", "ultimatum", "petition", "bid")

// request returns the request "at the request of X, Y did Z" states: X
// asked Y; nil if none.
func (w *work) request(r *roles) *sitrep.Event {
	s := &w.s
	doc := s.doc
	req := s.requestOf(r.t)
	if g := s.governor(r.t); req < 0 && r.cd.entry.Noun && g >= 0 {
		req = s.requestOf(g)
	}
	if req < 0 || r.cd.entry.Type == "REQUEST" || len(r.src) == 0 {
		return nil
	}
	ra := w.actorsOf(req)
	if len(ra) == 0 {
		return nil
	}
	return &sitrep.Event{
		Sentence: s.index, Type: "REQUEST", CAMEO: "100", Source: ra, Target: r.src,
		Trigger: doc.Tokens[s.requestNoun(req)].Span, Evidence: []sitrep.Span{doc.Sentences[s.index].Span},
		Realis: sitrep.Asserted, Counts: sitrep.NoCounts, Confidence: 0.6,
	}
}

// marked places the actors a PETRARCH pattern's markers name ("warned at X
// of Y": "- * AT ^ +" targets Y).
func (w *work) marked(r *roles) {
	s := &w.s
	cd := r.cd
	if cd.marks.src >= 0 {
		r.src = w.markedActors(cd.marks.src)
	}
	if cd.marks.tgt < 0 {
		return
	}
	r.tgt = w.markedActors(cd.marks.tgt)
	if cd.marks.src >= 0 || len(dropSame(append([]sitrep.ActorMention(nil), r.src...), r.tgt)) > 0 {
		return
	}
	// The pattern makes the subject the target ("- NOTED + *": "X noted
	// that Y regretted"): the doer is the subject of the clause above.
	r.src = nil
	if h := s.head(r.t); h >= 0 && clauseRel(s.rel(r.t)) {
		if sb := s.subject(h, 0); sb >= 0 {
			for _, k := range s.withConj(nil, sb) {
				r.src = appendActors(r.src, w.actorsOf(k))
			}
		}
	}
}

// actionTargets gives a stance with no object of its own its action's
// target: "vowed to retaliate against Israel"; a demand's is the action's
// doer where that is not the one who demands ("demanded that Israel
// withdraw"). "Urged the community to act" targets the community.
func (w *work) actionTargets(r *roles) {
	s := &w.s
	cd := r.cd
	if len(r.tgt) > 0 || len(r.tgtH) > 0 || cd.actTok < 0 || cd.actTok == r.t {
		return
	}
	asrc, atgt := s.arguments(cd.actTok, cd.act.Noun)
	if cd.st == demand {
		for _, h := range asrc {
			r.tgt = appendActors(r.tgt, w.actorsOf(h))
		}
		r.tgt = dropSame(r.tgt, r.src)
	}
	switch {
	case len(r.tgt) > 0:
	case s.ownThings(atgt, r.moves):
		// "agreed to withdraw its troops from X": where they go or come
		// from.
		if r.placeAct {
			r.tgt = w.placeArgument(cd.actTok)
		}
	default:
		for _, h := range atgt {
			// "agreed to open its borders to X": "its" is the source.
			for _, a := range w.objectActors(h) {
				if !pronoun(a.Span.Of(s.doc.Text)) || len(dropSame([]sitrep.ActorMention{a}, r.src)) > 0 {
					r.tgt = appendActors(r.tgt, []sitrep.ActorMention{a})
				}
			}
		}
		if k := s.oblTarget(cd.actTok); len(r.tgt) == 0 && !cd.act.Noun && k >= 0 {
			// "agreed to lend $1 billion to Indonesia": the object names
			// no actor, the action's oblique does.
			r.tgt = appendActors(r.tgt, w.actorsOf(k))
		}
	}
}

// obliqueRoles fills a verb's target from its oblique ("fired two artillery
// shells at New Zealand": the object names no actor, an oblique does) and
// its source from the actor named before it where the parse gives none.
func (w *work) obliqueRoles(r *roles) {
	s := &w.s
	t := r.t
	if r.cd.entry.Noun {
		return
	}
	if k := s.oblTarget(t); len(r.tgt) == 0 && k >= 0 {
		for _, h := range s.withConj(nil, k) { // "reconciliation between X and Y"
			r.tgt = appendActors(r.tgt, w.actorsOf(h))
		}
	}
	if len(r.src) == 0 && !s.isPassive(t) {
		r.src = dropTargets(w.leftActor(t), r.tgt)
	}
	if len(r.src) == 0 && s.isPassive(t) && stateActs[s.lemma(t)] && s.agent(t) < 0 && w.named {
		// "X was arrested in Niger", "was expelled from Gondor": only a
		// state arrests and expels; the place's government did it.
		for _, k := range s.children(t) {
			if c := s.caseOf(int(k)); len(r.src) > 0 || s.rel(int(k)) != "obl" || c != "in" && c != "from" || !w.placeHead(int(k)) {
				continue
			}
			for _, a := range w.actorsOf(int(k)) {
				if a.Actor.Country != "" && a.Actor.Sector == "" {
					a.Actor.Sector, a.Actor.Code = "GOV", a.Actor.Country+"GOV"
					r.src = append(r.src, a)
				}
			}
		}
	}
}

// stateActs are the acts only a state's authorities do.
var stateActs = set("arrest", "detain", "expel", "deport", "extradite", "imprison", "jail", "indict", "sentence", "convict")

// ownTargets drops what one moves of one's own ("withdraw its troops from
// X", "mobilized troops against Y"): it is not the act's target; where it
// goes or comes from may be, or whom it is sent against.
func (w *work) ownTargets(r *roles) {
	s := &w.s
	r.own = w.named && s.ownThings(r.tgtH, r.moves)
	if !r.own {
		return
	}
	r.tgt = nil
	if r.placeAct {
		r.tgt = w.placeArgument(r.t)
	}
	for _, k := range s.children(r.t) {
		// "mobilized troops for a war against Iraq".
		if len(r.tgt) > 0 || s.rel(int(k)) != "obl" {
			continue
		}
		for _, m := range s.children(int(k)) {
			if baseRel(s.rel(int(m))) == "nmod" && s.caseOf(int(m)) == "against" {
				r.tgt = appendActors(r.tgt, w.actorsOf(int(m)))
				if a, ok := w.phraseActor(int(m), false); ok && len(r.tgt) == 0 {
					r.tgt = append(r.tgt, a)
				}
			}
		}
	}
}

// namedTargets tries, where no target is found yet, the places and the
// phrases that name one without the actor database, in order of trust; then
// settles the source and target lists.
func (w *work) namedTargets(r *roles) {
	s := &w.s
	t, cd := r.t, r.cd
	if len(r.tgt) == 0 && len(r.src) > 0 {
		// "arrived in Gondor", "visit to Kabul": the place visited.
		r.tgt = w.placeTarget(t)
	}
	together := len(r.src) > 1 && (mutual[cd.entry.Type] || cd.entry.CAMEO == "057")
	// "X and Y signed an accord", "met": each other; "X and Y pledged
	// funds" is done for someone else.
	jointly := together && (cd.entry.Type != "AGREE" || jointVerbs[s.lemma(t)])
	if len(r.tgt) == 0 && len(r.src) > 0 && !r.own && !jointly {
		// No syntactic target: another actor in the trigger's clause that is
		// not the source ("the group agreed to a ceasefire in return for
		// Pakistan allowing ...").
		r.tgt = w.otherActor(t, r.src)
	}
	named := w.named && !r.own
	if len(r.tgt) == 0 && named {
		r.tgt = w.prepositionTargets(r)
	}
	if len(r.tgt) == 0 && named {
		r.tgt = w.unknownTargets(r, together)
	}
	if len(r.tgt) == 0 && w.named && r.placeAct {
		// "withdrew from South Vietnam", "declared a state of siege in
		// Bolivia", "shelled positions in Lebanon": the place acted on.
		r.tgt = w.placeArgument(t)
	}
	if len(r.tgt) == 0 && len(r.src) > 0 && r.dyads {
		// PETRARCH takes the first actor of the verb phrase as the target,
		// a place included ("criticized the closure of guest houses in
		// Bree").
		r.tgt = w.firstActorAfter(t, r.src)
	}
	r.src = dropSame(r.src, nil)
	if r.dyads {
		// PETRARCH codes no event whose target has the source's code.
		r.tgt = dropSame(r.tgt, r.src)
	} else {
		// "The president defended Mexico's policy": a target that shares
		// the source's code but is another mention of another name is
		// still the target; the source itself is not.
		r.tgt = otherTargets(dropSame(r.tgt, nil), r.src, s.doc.Text)
	}
}

// unknownTargets names the target the actor database does not know, as the
// text names it, where nothing else gave one.
func (w *work) unknownTargets(r *roles, together bool) (tgt []sitrep.ActorMention) {
	s := &w.s
	t, cd := r.t, r.cd
	if k := s.oblTarget(t); !cd.entry.Noun && k >= 0 {
		// "returned the paintings to the Pirmasen Museum": a recipient
		// the actor database does not know, named as the text names it,
		// before the thing given.
		if m, ok := w.phraseActor(k, true); ok {
			return []sitrep.ActorMention{m}
		}
	}
	if a := cd.actTok; a >= 0 && a != t && !cd.act.Noun {
		// A stance's action names the recipient the actor database does
		// not know: "agreed to send envoys to the rebel council", "vowed
		// to release funds for the flood victims" (on the object).
		if m, ok := w.phraseActor(s.oblTarget(a), true); ok {
			return []sitrep.ActorMention{m}
		}
		if m, ok := w.phraseActor(s.objectRecipient(a), false); ok {
			return []sitrep.ActorMention{m}
		}
	}
	if !together && cd.entry.Type != "AID" {
		// "rejected the referendum", "deported a 95-year-old man": what
		// the act is done to, named as the text names it; not what two
		// sides do together ("X and Y signed an agreement"), nor what is
		// given ("delivered food"), nor the thing that names the act
		// ("lifted the curfew", "cancelled a visit").
		actWord := -1 // the object's word that names the act
		if len(cd.entry.With) > 0 {
			actWord = s.companion(t, cd.entry.With, cd.entry.Noun)
		}
		for _, h := range r.tgtH {
			if actWord >= 0 && (h == actWord || s.head(actWord) == h) {
				if _, people := w.phraseActor(h, true); !people {
					continue // but "released two hostages": they are
				}
			}
			if hasCand(w.cands, h) {
				continue // an act is no target: "took out a rally"
			}
			if m, ok := w.phraseActor(h, false); ok {
				tgt = append(tgt, m)
			}
		}
	}
	return tgt
}

// objectRecipient returns the phrase of v's object that names whom the
// thing is for or against ("a package to X", "sanctions against X"), -1 if
// none.
func (s *sent) objectRecipient(v int) int {
	o := s.child(v, "obj")
	if o < 0 {
		return -1
	}
	for _, k := range s.children(o) {
		if c := s.caseOf(int(k)); baseRel(s.rel(int(k))) == "nmod" && (c == "to" || c == "for" || c == "against" || c == "on") {
			return int(k)
		}
	}
	return -1
}

// prepositionTargets returns the actor an object's preposition names
// ("impose sanctions on Caracas", "an investigation against X", "returned
// the paintings to X"), else, with an object, the one the verb's "on" names
// ("declared war on X").
func (w *work) prepositionTargets(r *roles) (tgt []sitrep.ActorMention) {
	s := &w.s
	for _, h := range r.tgtH {
		for _, k := range s.children(h) {
			// A "to" names a recipient, not what a thing belongs to ("the
			// Amendment to the Constitution").
			if c := s.caseOf(int(k)); baseRel(s.rel(int(k))) == "nmod" && (objTargetPreps[c] || c == "to" && !r.cd.entry.Noun && w.namesActor(int(k))) {
				tgt = appendActors(tgt, w.actorsOf(int(k)))
			}
		}
	}
	for _, k := range s.children(r.t) {
		if c := s.caseOf(int(k)); len(tgt) == 0 && len(r.tgtH) > 0 && s.rel(int(k)) == "obl" && (c == "on" || c == "upon") && !s.dated(int(k)) {
			tgt = appendActors(tgt, w.actorsOf(int(k)))
		}
	}
	return tgt
}

// phraseActor is the noun phrase headed by h as an actor known by its words
// only: the head noun with its compounds and adjectives ("rights group",
// "Kremlin critics", "the referendum"). A doer (people) must be a word for
// people or a name; what is acted on may be anything but a pronoun, a date
// or a weapon.
func (w *work) phraseActor(h int, people bool) (sitrep.ActorMention, bool) {
	s := &w.s
	if h < 0 {
		return sitrep.ActorMention{}, false
	}
	l := s.lemma(h)
	switch {
	case s.dated(h):
		return sitrep.ActorMention{}, false
	case s.upos(h) == "PROPN" || acronym(s.doc.Tokens[h].Of(s.doc.Text)): // a name the NER missed ("ICE", "Asean")
	case s.upos(h) != "NOUN" || projectiles[l] || noDoers[l]:
		return sitrep.ActorMention{}, false
	case people && !lexicon.Agent(l) && !groupNouns[l]:
		// "the policy confiscated", "a letter requested" name no doer.
		return sitrep.ActorMention{}, false
	}
	first, last := h, h
	for _, k := range s.children(h) {
		switch s.rel(int(k)) {
		case "compound", "amod", "flat", "nmod:poss":
			if int(k) < first && s.upos(int(k)) != "PRON" {
				first = int(k)
			}
		}
		// "Elizabeth Warren", "Thames Valley Police": the rest of a name.
		if r := s.rel(int(k)); int(k) == last+1 && (r == "flat" || r == "compound" && s.upos(int(k)) == "PROPN") {
			last = int(k)
		}
	}
	toks := s.doc.Tokens
	sp := sitrep.Span{Start: toks[first].Start, End: toks[last].End}
	return sitrep.ActorMention{Span: sp, Actor: sitrep.Actor{Name: sp.Of(s.doc.Text)}}, true
}

// firstActorAfter is the first actor named after trigger t in its phrase
// (not in a clause below it) that is none of src.
func (w *work) firstActorAfter(t int, src []sitrep.ActorMention) []sitrep.ActorMention {
	s := &w.s
	best := -1
	w.phrase = s.phrase(t, w.phrase)
	for _, td := range w.phrase {
		i := td.tok
		if i <= t || best >= 0 && i >= best {
			continue
		}
		if ei := w.tokEnt[i]; ei >= 0 && s.doc.Entities[ei].Actor != nil {
			m := w.mention(int(ei), "")
			if len(dropSame([]sitrep.ActorMention{m}, src)) > 0 {
				best = i
			}
		}
	}
	if best < 0 {
		return nil
	}
	return []sitrep.ActorMention{w.mention(int(w.tokEnt[best]), "")}
}

// markedActors are the actors of the entity at token i, with those
// coordinated with it.
func (w *work) markedActors(i int) []sitrep.ActorMention {
	var out []sitrep.ActorMention
	for _, h := range w.s.withConj(nil, w.entityHead(int(w.s.ent[i]))) {
		out = appendActors(out, w.actorsOf(h))
	}
	return out
}

func appendActors(dst, add []sitrep.ActorMention) []sitrep.ActorMention {
	for _, a := range add {
		dup := false
		for _, d := range dst {
			if d.Span == a.Span && d.Actor.Code == a.Actor.Code {
				dup = true
				break
			}
		}
		if !dup {
			dst = append(dst, a)
		}
	}
	return dst
}

// dropSame removes from as the mentions of actors that are in other (an
// actor is no target of its own action) and repeats within as.
func dropSame(as, other []sitrep.ActorMention) []sitrep.ActorMention {
	out := as[:0]
	for i, a := range as {
		keep := true
		for _, o := range other {
			if sameActor(a.Actor, o.Actor) {
				keep = false
			}
		}
		for _, o := range as[:i] {
			if sameActor(a.Actor, o.Actor) {
				keep = false
			}
		}
		if keep {
			out = append(out, a)
		}
	}
	return out
}

// otherTargets removes from tgt the mentions that name a source by the same
// identity or name. A generic target given the source's code ("Venezuela
// expels the diplomats": VENGOV by the sentence's country) is of a country
// the text does not say: an actor seldom acts on its own kind.
func otherTargets(tgt, src []sitrep.ActorMention, text string) []sitrep.ActorMention {
	out := tgt[:0]
	for _, a := range tgt {
		keep := true
		for _, o := range src {
			// A generic agent's ID names its kind ("agent:minister"), not
			// who it is.
			generic := strings.HasPrefix(a.Actor.ID, "agent:")
			switch {
			case a.Span == o.Span || a.Actor.ID != "" && a.Actor.ID == o.Actor.ID && !generic ||
				strings.EqualFold(a.Actor.Name, o.Actor.Name) && a.Actor.Code == o.Actor.Code ||
				pronoun(a.Span.Of(text)) && a.Actor.Code == o.Actor.Code: // "blasted her behavior"
				keep = false
			case generic && a.Actor.Country != "" && a.Actor.Code == o.Actor.Code:
				a.Actor.Country, a.Actor.Code = "", a.Actor.Sector
			}
		}
		if keep {
			out = append(out, a)
		}
	}
	return out
}

func sameActor(a, b sitrep.Actor) bool {
	if a.Code != "" && a.Code == b.Code {
		return true
	}
	if a.ID != "" || b.ID != "" {
		return a.ID == b.ID
	}
	return a.Code == b.Code && a.Name == b.Name
}

// partnered are the types whose verbs name their target with "with".
var partnered = set("CONSULT", "COOPERATE", "AGREE")

// transfers are verbs of giving, whose target is the recipient.
var transfers = set("return", "give", "send", "hand", "deliver", "provide", "donate", "lend", "supply", "grant",
	"transfer", "ship", "repatriate", "extradite", "offer", "pledge", "allocate", "sell")

// recipient returns the "to" phrase of a verb of giving, or of its object
// where the parser hangs it there; -1 if none.
func (w *work) recipient(t int) int {
	s := &w.s
	for _, k := range s.children(t) {
		if s.rel(int(k)) == "obl" && s.caseOf(int(k)) == "to" && s.upos(int(k)) != "NUM" && s.upos(int(k)) != "SYM" {
			return int(k)
		}
	}
	// "returned the paintings to X", "provided $5bn in assistance to X".
	for _, o := range s.children(t) {
		if r := s.rel(int(o)); r != "obj" && r != "obl" {
			continue
		}
		for _, k := range s.children(int(o)) {
			if baseRel(s.rel(int(k))) == "nmod" && s.caseOf(int(k)) == "to" {
				return int(k)
			}
		}
	}
	return -1
}

// pronoun reports whether a mention's text is a personal pronoun.
func pronoun(w string) bool {
	switch strings.ToLower(w) {
	case "he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "us", "our":
		return true
	}
	return false
}

// acronym reports whether a word is an upper-case abbreviation ("ICE",
// "UNHCR"), a name whatever its tag.
func acronym(w string) bool {
	if len(w) < 2 || len(w) > 8 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// placeTarget returns the country or city an "arrive in / travel to" verb
// names, as the target of the visit.
func (w *work) placeTarget(t int) []sitrep.ActorMention {
	s := &w.s
	if !visitVerbs[s.lemma(t)] {
		return nil
	}
	for _, k := range s.children(t) {
		if s.rel(int(k)) == "obl" && (s.caseOf(int(k)) == "in" || s.caseOf(int(k)) == "to" || s.caseOf(int(k)) == "for") {
			if as := w.actorsOf(int(k)); len(as) > 0 {
				return as
			}
		}
	}
	return nil
}

// placeActs are the acts done to a place, whose target a place can be.
var placeActs = set("ASSAULT", "COERCE", "RETREAT", "AID", "MOBILIZE", "SANCTION")

// placePrepOrder ranks the prepositions of a place acted on.
var placePrepOrder = []string{"from", "to", "into", "in", "across", "at", "on", "near"}

// placeArgument returns the place an act is done to: an oblique of the
// trigger, or a place in its object's phrase, by preposition rank.
func (w *work) placeArgument(t int) []sitrep.ActorMention {
	s := &w.s
	heads := []int{t}
	if o := s.child(t, "obj"); o >= 0 {
		heads = append(heads, o)
	}
	if g := s.governor(t); g >= 0 && !s.isVerbal(t) {
		heads = append(heads, g) // "declared a state of siege in Bolivia"
		if h := s.head(t); h >= 0 && h != g && s.upos(h) == "NOUN" {
			heads = append(heads, h) // the same, "in Bolivia" on "state"
		}
	}
	for _, h := range heads[:len(heads):len(heads)] {
		for _, k := range s.children(h) {
			if s.rel(int(k)) == "obl" && s.dated(int(k)) {
				heads = append(heads, int(k)) // "on Friday in Libya"
			}
		}
	}
	for _, p := range placePrepOrder {
		for _, h := range heads {
			for _, k := range s.children(h) {
				if r := baseRel(s.rel(int(k))); (r == "obl" || r == "nmod") && s.caseOf(int(k)) == p && w.placeHead(int(k)) {
					if as := w.actorsOf(int(k)); len(as) > 0 {
						return as
					}
				}
			}
		}
	}
	return nil
}

// placeHead reports whether a noun names a place: a toponym, or a noun a
// toponym compounds ("the West Bank cities", "Gaza border areas").
func (w *work) placeHead(h int) bool {
	if w.namesPlace(h) {
		return true
	}
	for _, k := range w.s.children(h) {
		if w.s.rel(int(k)) == "compound" && w.namesPlace(int(k)) {
			return true
		}
	}
	return false
}

// namesActor reports whether a phrase's head is itself a name or a place.
func (w *work) namesActor(h int) bool {
	return w.tokEnt[h] >= 0 || w.tokTop[h] >= 0
}

// namesPlace reports whether a token is in a toponym or a place name the
// gazetteer did not resolve.
func (w *work) namesPlace(i int) bool {
	if w.tokTop[i] >= 0 {
		return true
	}
	ei := w.tokEnt[i]
	return ei >= 0 && (w.s.doc.Entities[ei].Label == sitrep.LabelGPE || w.s.doc.Entities[ei].Label == sitrep.LabelLOC)
}

// ownThings reports whether every head is an object of the doer's own that
// the act moves: "its troops", "their ambassador", or, where the act moves
// forces (mobilizing, withdrawing), the forces.
func (s *sent) ownThings(heads []int, moves bool) bool {
	for _, h := range heads {
		// "withdrawing some of its troops", "the withdrawal of troops".
		obj := s.rel(h) == "obj" || s.rel(h) == "nmod" && s.caseOf(h) == "of" && !s.isVerbal(s.head(h))
		if k := s.partitive(h); k >= 0 {
			h = k
		}
		l := s.lemma(h)
		p := s.child(h, "nmod:poss")
		poss := p >= 0 && s.upos(p) == "PRON" && (lexicon.Agent(l) || forces[l])
		if !obj || !poss && !(moves && forces[l]) {
			return false
		}
	}
	return len(heads) > 0
}

// partitive returns the whole a quantity is taken of ("some of its troops",
// "half of the force"), -1 if h is no quantity.
func (s *sent) partitive(h int) int {
	if u := s.upos(h); u != "DET" && u != "NUM" && u != "PRON" && !quantityNouns[s.lemma(h)] {
		return -1
	}
	for _, k := range s.children(h) {
		if baseRel(s.rel(int(k))) == "nmod" && s.caseOf(int(k)) == "of" {
			return int(k)
		}
	}
	return -1
}

var quantityNouns = set("part", "half", "rest", "bulk", "most", "majority", "number", "portion", "remainder", "hundreds", "thousands", "dozens")

// forces are the people and arms an actor moves.
var forces = set("troops", "troop", "force", "forces", "soldier", "army", "unit", "battalion", "brigade", "platoon",
	"personnel", "peacekeeper", "police", "ship", "warship", "jet", "aircraft", "tank", "missile", "reserve",
	"reservist", "contingent", "marine", "navy", "military", "ambassador", "diplomat", "envoy", "staff", "citizen")

var visitVerbs = set("arrive", "visit", "travel", "leave", "fly", "go", "come", "depart", "return", "tour", "land", "reach")

// leftActor is the fallback subject of a verb whose parse gives none (or one
// naming no actor): the actor named just before the verb at the top of its
// chain of coordinated and complement verbs, with the actors coordinated with
// it ("Russia and Pakistan emphasised ... but ruled out").
func (w *work) leftActor(t int) []sitrep.ActorMention {
	s := &w.s
	// Just before the verb, a group noun that refers back ("as the group
	// agreed", misparsed) is its subject.
	for i := t - 1; i >= s.first && i >= t-3; i-- {
		if ei := w.tokEnt[i]; ei >= 0 && s.doc.Entities[ei].Actor != nil {
			h := w.entityHead(int(ei))
			if c := s.caseOf(h); groupNouns[s.lemma(h)] && (c == "" || clauseMarkers[c]) {
				return w.actorsOf(h)
			}
			break
		}
		switch s.upos(i) {
		case "DET", "ADJ", "ADV", "AUX", "PART":
			continue
		}
		break
	}
	v := t
	for n := 0; n < 6; n++ {
		r := s.rel(v)
		if r != "conj" && r != "xcomp" || s.head(v) < 0 {
			break
		}
		v = s.head(v)
	}
	for i, skipped := v-1, 0; i >= s.first && skipped < 4; i-- {
		ei := w.tokEnt[i]
		if ei < 0 || s.doc.Entities[ei].Actor == nil {
			switch s.upos(i) {
			case "VERB":
				return nil
			case "PUNCT":
				if s.text(i) != "," {
					return nil
				}
			}
			skipped++
			continue
		}
		h := w.entityHead(int(ei))
		if s.rel(h) == "conj" {
			// "VOA, Russia and Pakistan": the conjuncts, not a head that
			// sits in a prepositional phrase.
			hh := s.head(h)
			var out []sitrep.ActorMention
			if s.caseOf(hh) == "" {
				out = append(out, w.actorsOf(hh)...)
			}
			for _, k := range s.children(hh) {
				if s.rel(int(k)) == "conj" {
					out = appendActors(out, w.actorsOf(int(k)))
				}
			}
			return out
		}
		if c := s.caseOf(h); c != "" && !clauseMarkers[c] {
			return nil
		}
		return w.actorsOf(h)
	}
	return nil
}

// clauseMarkers are conjunctions a parser may take for prepositions ("after
// the TTP continued"): the nominal after them can still be a subject.
var clauseMarkers = set("after", "before", "since", "until", "as", "while", "because", "when")

func dropTargets(src, tgt []sitrep.ActorMention) []sitrep.ActorMention {
	out := src[:0]
	for _, a := range src {
		keep := true
		for _, t := range tgt {
			if a.Span == t.Span {
				keep = false
			}
		}
		if keep {
			out = append(out, a)
		}
	}
	return out
}

// otherActor returns the first actor in the trigger's clause other than the
// source's.
func (w *work) otherActor(t int, src []sitrep.ActorMention) []sitrep.ActorMention {
	s := &w.s
	doc := s.doc
	for i := t + 1; i < s.end; i++ {
		ei := w.tokEnt[i]
		if ei < 0 || doc.Entities[ei].Actor == nil || !s.isAncestor(t, i) {
			continue
		}
		if ti := w.tokTop[i]; ti >= 0 && !doc.Toponyms[ti].Metonymy {
			continue // a place named in passing ("a checkpoint in Peshawar")
		}
		if h := s.head(i); h >= 0 && projectiles[s.lemma(h)] {
			continue // a weapon's name ("Molotov cocktails")
		}
		if s.reportedBelow(i, t) {
			continue // who reports it ("..., the minister said")
		}
		e := &doc.Entities[ei]
		other := true
		for _, a := range src {
			if a.Actor.Country == e.Actor.Country && a.Actor.Sector == e.Actor.Sector || a.Span.Overlaps(e.Span) {
				other = false
			}
		}
		if other {
			return w.actorsOf(i)
		}
	}
	return nil
}

// reportedBelow reports whether a reporting verb stands between t and its
// descendant i: i is in the credit of a report the parse hangs under t.
func (s *sent) reportedBelow(i, t int) bool {
	for k := s.head(i); k >= 0 && k != t; k = s.head(k) {
		if reportVerbs[s.lemma(k)] && s.isVerbal(k) {
			return true
		}
	}
	return false
}

// requestOf finds "at the request of X" on the trigger's clause: X's head.
func (s *sent) requestOf(t int) int {
	for _, k := range s.children(t) {
		if s.rel(int(k)) != "obl" || s.lemma(int(k)) != "request" && s.lemma(int(k)) != "behest" && s.lemma(int(k)) != "invitation" {
			continue
		}
		for _, kk := range s.children(int(k)) {
			if baseRel(s.rel(int(kk))) == "nmod" && s.caseOf(int(kk)) == "of" {
				return int(kk)
			}
		}
	}
	return -1
}

// requestNoun returns the "request" noun above the X of "at the request of X".
func (s *sent) requestNoun(x int) int {
	if h := s.head(x); h >= 0 {
		return h
	}
	return x
}

func confidence(ev *sitrep.Event, cd cand) float64 {
	c := 0.5
	if len(ev.Source) > 0 && len(ev.Target) > 0 {
		c += 0.25
	}
	if !cd.entry.Noun {
		c += 0.1
	}
	if len(cd.entry.With) > 0 || len(cd.entry.After) > 0 {
		c += 0.1
	}
	if ev.Realis != sitrep.Asserted {
		c -= 0.15
	}
	if len(ev.Source) == 0 && len(ev.Target) == 0 {
		c -= 0.2
	}
	return min(0.98, max(0.05, c))
}

// noDoers are subjects that make a violent verb no political event.
var noDoers = set("sars", "covid", "coronavirus", "pandemic", "ebola", "cholera", "malaria", "flu", "influenza", "measles", "tuberculosis", "hiv", "aids", "infection", "illness", "accident", "crash", "collision", "earthquake", "quake", "storm", "flood", "flooding", "fire",
	"blaze", "disease", "virus", "outbreak", "cancer", "avalanche", "landslide", "typhoon", "hurricane", "cyclone",
	"tornado", "heat", "heatwave", "drought", "lightning", "derailment", "stampede")

var (
	explodes = set("explode", "blast", "detonate", "burst")
	weapons  = set("bomb", "device", "ied", "mine", "grenade", "explosive", "shell", "rocket", "missile", "vest",
		"bomber", "mortar", "charge", "landmine", "projectile", "drone", "munition")
	// disasters are words of accidents and natural disasters: violence
	// without a doer in their sentence is theirs.
	disasters = set("disaster", "volcano", "eruption", "erupt", "tsunami", "earthquake", "quake", "flood", "flooding",
		"landslide", "avalanche", "storm", "cyclone", "typhoon", "hurricane", "tornado", "blaze", "inferno", "wildfire",
		"accident", "crash", "collision", "derailment", "collapse", "stampede", "leak", "heatwave", "drought", "lightning",
		"warehouse", "factory", "fireworks", "mudslide")
)

// disaster reports whether the sentence names an accident or a natural
// disaster, other than a verb that tells a trigger or an act the lexicon
// names happen: clashes that "erupted" are no volcano.
func (c *Coder) disaster(w *work) bool {
	s := &w.s
	for i := s.first; i < s.end; i++ {
		if !disasters[s.lemma(i)] {
			continue
		}
		k := s.child(i, "nsubj")
		if s.rel(i) == "acl" {
			k = s.head(i) // "after clashes erupted"
		}
		if k < 0 || !hasCand(w.cands, k) && len(c.lx.Noun(s.lemma(k))) == 0 {
			return true
		}
	}
	return false
}

// byWeapon reports whether verb t's subject or agent is a weapon: "the
// missiles destroyed a factory" is no factory accident.
func (s *sent) byWeapon(t int) bool {
	for _, h := range [2]int{s.child(t, "nsubj"), s.agent(t)} {
		if h >= 0 && weapons[s.lemma(h)] {
			return true
		}
	}
	return false
}

// gerundSubject reports whether verb t is a gerund standing as a subject,
// a noun in all but its tag: "fighting broke out".
func (s *sent) gerundSubject(t int) bool {
	return s.doc.Tokens[t].XPOS == "VBG" && baseRel(s.rel(t)) == "nsubj"
}

// gunfire reports whether h is fire from weapons ("rocket fire", "sniper
// fire"), not a blaze.
func (s *sent) gunfire(h int) bool {
	if s.lemma(h) != "fire" {
		return false
	}
	for _, k := range s.children(h) {
		if r := s.rel(int(k)); (r == "compound" || r == "amod") && (weapons[s.lemma(int(k))] || shooters[s.lemma(int(k))]) {
			return true
		}
	}
	return false
}

// shooters are what fire that kills comes from, besides weapons.
var shooters = set("sniper", "gun", "machine-gun", "artillery", "tank", "militant", "rebel", "enemy", "army", "police", "insurgent")

var reflexives = set("himself", "herself", "themselves", "itself")

var peacekeeping = set("peacekeeping", "peacekeeper", "peace-keeping", "peacekeepers")

// hasAny reports whether a word of the sentence has one of the lemmas.
func (s *sent) hasAny(lemmas map[string]bool) bool {
	for i := s.first; i < s.end; i++ {
		if lemmas[s.lemma(i)] {
			return true
		}
	}
	return false
}

// contestVerbs name violence only between parties: without one they are
// figures of speech.
var contestVerbs = set("fight", "battle", "struggle", "clash", "combat", "skirmish")

// anonymous are the event types coded from a verb even without an actor.
var anonymous = map[string]bool{"ASSAULT": true, "COERCE": true, "PROTEST": true, "MOBILIZE": true}

// triggerSpan is the trigger token's span; a nominal trigger that is the
// object of a light verb just before it takes the verb in ("launched a
// massive offensive", "held talks").
func (s *sent) triggerSpan(t int, noun bool) sitrep.Span {
	sp := s.doc.Tokens[t].Span
	if !noun {
		return sp
	}
	if g := s.governor(t); g >= 0 && g < t && t-g <= 5 && s.light(g, t) && s.head(t) == g {
		sp.Start = s.doc.Tokens[g].Start
	}
	return sp
}
