package events

import (
	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/lexicon"
)

// subject returns the token(s) that act as the subject of predicate v:
// its own subject, else the controller of a complement ("urged X to act": X;
// "continued to target": the subject of continued), the shared subject of a
// coordinated verb, or the noun a relative clause or participle modifies.
func (s *sent) subject(v int, depth int) int {
	if depth > 6 || v < 0 {
		return -1
	}
	if k := s.namedSubject(v); k >= 0 {
		return k
	}
	if k := s.child(v, "nsubj", "csubj"); k >= 0 {
		if c := s.caseOf(k); c != "" && c != "of" && c != "'s" && c != "'" { // not a possessive: "Estonia's is about to"
			// A subject with a preposition is a misparse ("Meanwhile in
			// Nigeria, Boko Haram has claimed"): the bare nominal hanging on
			// it is the subject.
			for _, kk := range s.children(k) {
				if r := baseRel(s.rel(int(kk))); (r == "nmod" || r == "appos") && s.caseOf(int(kk)) == "" {
					return int(kk)
				}
			}
			for _, kk := range s.children(k) {
				// "On 21 June Mexican authorities announced": a date
				// compounded onto the subject took its preposition.
				if s.rel(int(kk)) == "compound" && s.dated(int(kk)) {
					return k
				}
			}
			return -1
		}
		if s.relativePronoun(k) {
			if s.rel(v) == "acl:relcl" || s.rel(v) == "acl" {
				return s.head(v)
			}
		}
		return k
	}
	return s.inheritedSubject(v, depth)
}

// inheritedSubject returns the subject a predicate without one of its own
// takes from the word it hangs on, by its relation to it; -1 if none.
func (s *sent) inheritedSubject(v int, depth int) int {
	h := s.head(v)
	if h < 0 {
		return -1
	}
	switch s.rel(v) {
	case "xcomp":
		// Object control: "urged the community to continue", "compelling
		// Islamabad to plead".
		if o := s.child(h, "obj"); o >= 0 && o != v {
			return o
		}
		if s.isPassive(h) { // "X was asked to leave": X is the doer
			return s.child(h, "nsubj:pass")
		}
		return s.subject(h, depth+1)
	case "conj":
		if s.isVerbal(h) || s.child(h, "nsubj") >= 0 {
			return s.subject(h, depth+1)
		}
	case "parataxis":
		// "X, in remarks published on Monday, urged Y": a finite verb set
		// beside a clause without a subject of its own shares its subject.
		// A perfect ("…, has now held talks") is as finite as a simple tense.
		x := s.doc.Tokens[v].XPOS
		finite := x == "VBD" || x == "VBZ" || x == "VBP" || x == "VBN" && s.child(v, "aux") >= 0 && !s.isPassive(v)
		if finite && s.isVerbal(h) {
			return s.subject(h, depth+1)
		}
	case "ccomp":
		// "Gollum noted would now boycott", "Iran says will retaliate": a
		// finite complement without a subject shares its governor's.
		if s.child(v, "aux") >= 0 && s.child(v, "mark") < 0 {
			return s.subject(h, depth+1)
		}
	case "acl:relcl":
		return h
	case "obj":
		// "Germany has refused" parsed with "has" the main verb and
		// "refused" its object: the auxiliary's subject.
		if x := s.doc.Tokens[v].XPOS; (s.lemma(h) == "have" || s.lemma(h) == "be") && (x == "VBN" || x == "VBD") {
			return s.subject(h, depth+1)
		}
	case "acl":
		// "issued a report accusing X", "passed a resolution criticizing
		// X": the text's author does it.
		if g := s.head(h); writings[s.lemma(h)] && g >= 0 && s.isVerbal(g) && s.rel(h) == "obj" {
			return s.subject(g, depth+1)
		}
		// A past participle modifies its object ("the embassy trashed"),
		// unless it has an object of its own (a misparsed finite verb).
		if s.doc.Tokens[v].XPOS != "VBN" || s.child(v, "obj", "iobj") >= 0 {
			return h
		}
	case "advcl":
		if x := s.doc.Tokens[v].XPOS; x == "VBG" || x == "VBN" && s.child(v, "mark") < 0 {
			return s.subject(h, depth+1)
		}
	}
	return -1
}

// writings are texts that say what their author says.
var writings = set("report", "statement", "resolution", "letter", "communique", "communiqué", "declaration", "motion",
	"petition", "complaint", "note", "memo", "message", "bill", "appeal", "editorial", "article", "tweet", "post", "video")

// namedSubject returns, when a verb has several subjects (a misparse:
// "Solidarity …, Khar urged"), the one that is itself a name; -1 otherwise.
func (s *sent) namedSubject(v int) int {
	first, named, n := -1, -1, 0
	for _, k := range s.children(v) {
		if s.rel(int(k)) != "nsubj" {
			continue
		}
		n++
		if first < 0 {
			first = int(k)
		}
		if named < 0 && s.ent != nil && s.ent[k] >= 0 && s.doc.Entities[s.ent[k]].Actor != nil {
			named = int(k)
		}
	}
	if n < 2 {
		return -1
	}
	return named
}

// otherSubjects returns the further named subjects of a verb with several
// ("Russia and Pakistan ruled out" parsed as two subjects).
func (s *sent) otherSubjects(v, first int) []int {
	var out []int
	for _, k := range s.children(v) {
		if int(k) != first && s.rel(int(k)) == "nsubj" && s.ent != nil && s.ent[k] >= 0 && s.doc.Entities[s.ent[k]].Actor != nil {
			out = append(out, int(k))
		}
	}
	return out
}

func (s *sent) relativePronoun(k int) bool {
	switch s.lemma(k) {
	case "who", "which", "that", "whom":
		return true
	}
	return false
}

func (s *sent) isPassive(v int) bool {
	return s.child(v, "nsubj:pass") >= 0 || s.child(v, "aux:pass") >= 0 || s.copularParticiple(v)
}

// dateWords head obliques that date an event rather than name a target.
var dateWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
	"date", "day", "week", "month", "year", "weekend", "night", "morning", "evening", "afternoon", "today", "tomorrow", "yesterday")

// targetPreps are the prepositions whose object is an event's target.
var targetPreps = set("with", "against", "on", "upon", "to", "toward", "towards", "before", "from", "between", "into", "at")

var objTargetPreps = set("with", "between", "against", "on", "upon", "toward", "towards", "from")

// verbTargetOrder are the prepositions of a verb's oblique that introduce
// its target, the most telling first: "on" is left out, as it mostly dates or
// frames ("on his visit"); "sanctions on X" hangs on the noun.
var verbTargetOrder = []string{"with", "against", "between", "toward", "towards", "upon", "to", "before", "from", "into", "at"}

var verbTargetRank = func() map[string]int {
	m := map[string]int{}
	for i, p := range verbTargetOrder {
		m[p] = i
	}
	return m
}()

var verbTargetPreps = set(verbTargetOrder...)

// arguments returns the source and target heads of a trigger.
func (s *sent) arguments(t int, noun bool) (src, tgt []int) {
	if noun {
		return s.nounSources(t), s.nounTargets(t)
	}
	return s.verbArguments(t)
}

// undateline returns, for a subject that is a dateline or a source's
// credit parsed as the subject ("(CNN) Italian police have arrested",
// "UNITED NATIONS: Russia vetoed"), the subject it stands beside; else h.
func (s *sent) undateline(h int) int {
	if h < 0 || h > s.first+3 {
		return h
	}
	for _, k := range s.children(h) {
		if s.rel(int(k)) != "appos" {
			continue
		}
		for i := h + 1; i < int(k); i++ {
			if p := s.text(i); p == ")" || p == ":" || p == "--" || p == "—" {
				return int(k)
			}
		}
	}
	return h
}

// add appends h and the nominals coordinated with it, if h is a token.
func (s *sent) add(dst []int, h int) []int {
	if h < 0 {
		return dst
	}
	return s.withConj(dst, h)
}

// nounSources returns the source heads of a nominal trigger: "Pakistan's
// attacks", "attacks by the TTP", else the subject of a light verb governing
// it ("held talks", "claimed ... attacks").
func (s *sent) nounSources(t int) (src []int) {
	if p := s.child(t, "nmod:poss"); p >= 0 {
		// "increasing their attacks": the possessive pronoun is the
		// subject of the verb that governs the noun, where it has one.
		if g := s.governor(t); s.upos(p) == "PRON" && g >= 0 && s.subject(g, 0) >= 0 {
			src = s.add(src, s.subject(g, 0))
		} else {
			src = s.add(src, p)
		}
	}
	for _, k := range s.children(t) {
		// "attacks by the TTP", "daily attacks from Taliban factions".
		if r := baseRel(s.rel(int(k))); (r == "nmod" || r == "obl") && (s.caseOf(int(k)) == "by" || s.caseOf(int(k)) == "from") {
			src = s.add(src, int(k))
		}
	}
	if k := s.child(t, "compound"); len(src) == 0 && k >= 0 && s.upos(k) == "NOUN" && armedForces[s.lemma(k)] {
		src = s.add(src, k) // "died in police firing", "the police killing of X"
	}
	if len(src) == 0 {
		// Not when the noun is itself the subject: "the shelling of X
		// continued".
		if g := s.governor(t); g >= 0 && s.light(g, t) && !s.isAncestor(t, s.subject(g, 0)) {
			if s.isPassive(g) {
				src = s.add(src, s.agent(g))
			} else {
				src = s.add(src, s.subject(g, 0))
			}
		}
	}
	return src
}

// armedForces are the armed and police forces a noun before an act names as its
// doer ("police firing", "army deployments"); other nouns there say what
// kind of act it is ("suicide bombings", "child abuse").
var armedForces = set("police", "army", "military", "troop", "navy", "soldier", "paramilitary", "militia", "rebel",
	"militant", "insurgent", "guerrilla", "regime", "coalition")

// nounTargets returns the target heads of a nominal trigger.
func (s *sent) nounTargets(t int) (tgt []int) {
	// "a mediation effort between X and Y": a trigger compounding its
	// phrase's head takes the head's prepositions.
	nouns := []int{t}
	if h := s.head(t); h >= 0 && s.rel(t) == "compound" {
		nouns = append(nouns, h)
	}
	for _, n := range nouns {
		for _, k := range s.children(n) {
			r := baseRel(s.rel(int(k)))
			if (r == "nmod" || r == "obl") && targetPreps[s.caseOf(int(k))] && s.caseOf(int(k)) != "from" {
				tgt = s.add(tgt, int(k))
			}
		}
	}
	if len(tgt) == 0 {
		// The object of an act named by a noun: "the shelling of
		// Kharkiv", "the arrest of two journalists".
		for _, k := range s.children(t) {
			if baseRel(s.rel(int(k))) == "nmod" && s.caseOf(int(k)) == "of" && s.lemma(t) != "talks" {
				tgt = s.add(tgt, int(k))
			}
		}
	}
	if len(tgt) == 0 {
		tgt = s.lightTargets(t)
	}
	if len(tgt) == 0 {
		tgt = s.add(tgt, s.between(nouns[len(nouns)-1]))
	}
	if g := s.head(t); len(tgt) == 0 && g >= 0 && baseRel(s.rel(t)) == "nsubj" {
		// "clashes erupted between X and Y": the parser hangs the
		// sides on the verb the act is the subject of.
		for _, k := range s.children(g) {
			if baseRel(s.rel(int(k))) == "obl" && s.caseOf(int(k)) == "between" {
				tgt = s.add(tgt, int(k))
			}
		}
	}
	return tgt
}

// lightTargets returns the target heads that the light verb of nominal
// trigger t holds: "held talks with X" where the parser hangs "with X" on
// the verb.
func (s *sent) lightTargets(t int) (tgt []int) {
	g := s.governor(t)
	if g < 0 || !s.light(g, t) {
		return nil
	}
	// "gave X a deadline", "offered X support".
	if io := s.child(g, "iobj"); io >= 0 && s.upos(io) != "PRON" {
		tgt = s.add(tgt, io)
	}
	for _, k := range s.children(g) {
		if c := s.caseOf(int(k)); len(tgt) == 0 && s.rel(int(k)) == "obl" && (verbTargetPreps[c] || c == "on") && c != "at" && int(k) != t && !s.dated(int(k)) && s.upos(int(k)) != "NUM" {
			tgt = s.add(tgt, int(k))
		}
	}
	if len(tgt) > 0 {
		return tgt
	}
	// "held talks in Bishkek with X", "filed a lawsuit in a court against
	// X": the target misparsed onto the place.
	for _, k := range s.children(g) {
		if s.rel(int(k)) != "obl" {
			continue
		}
		for _, m := range s.children(int(k)) {
			if c := s.caseOf(int(m)); baseRel(s.rel(int(m))) == "nmod" && (c == "with" || c == "against") && s.upos(int(m)) != "PRON" {
				tgt = s.add(tgt, int(m))
			}
		}
	}
	return tgt
}

// between returns the "between X and Y" phrase a few words down from the
// head h ("a mediation effort to prevent a confrontation between X and Y"),
// -1 if none: who an effort stands between.
func (s *sent) between(h int) int {
	frontier := []int{h}
	for depth := 0; depth < 4 && len(frontier) > 0; depth++ {
		var next []int
		for _, x := range frontier {
			for _, k := range s.children(x) {
				if baseRel(s.rel(int(k))) == "nmod" && s.caseOf(int(k)) == "between" {
					return int(k)
				}
				next = append(next, int(k))
			}
		}
		frontier = next
	}
	return -1
}

// verbArguments returns the source and target heads of a verbal trigger.
func (s *sent) verbArguments(t int) (src, tgt []int) {
	if s.isPassive(t) {
		src = s.add(src, s.agent(t))
		p := s.child(t, "nsubj:pass")
		if p < 0 {
			p = s.child(t, "nsubj") // "were wounded" parsed as an adjective
		}
		if p < 0 && baseRel(s.rel(t)) == "acl" && s.child(t, "mark") < 0 {
			p = s.head(t) // "a protester being shot", not "a privilege to be criticised"
		}
		tgt = s.add(tgt, p)
	} else {
		sb := s.undateline(s.subject(t, 0))
		src = s.add(src, sb)
		if sb >= 0 && s.head(sb) == t {
			for _, o := range s.otherSubjects(t, sb) {
				src = s.add(src, o)
			}
		}
		if io := s.child(t, "iobj"); io >= 0 {
			tgt = s.add(tgt, io)
		} else if o := s.child(t, "obj"); o >= 0 && !projectiles[s.lemma(o)] {
			// "threw Molotov cocktails at the station": what is thrown or
			// fired is no target; the oblique below names it.
			if l := s.lemma(o); (l == "which" || l == "whom") && s.rel(t) == "acl:relcl" && s.head(t) >= 0 {
				o = s.head(t) // "Cyprus, which Turkey does not recognize"
			}
			tgt = s.add(tgt, o)
		}
	}
	if len(tgt) == 0 {
		best := s.oblTarget(t)
		tgt = s.add(tgt, best)
	}
	if len(tgt) == 0 {
		// "restore ties with X", "called for talks with X": the preposition
		// hangs on the object.
		if o := s.child(t, "obj"); o >= 0 {
			for _, k := range s.children(o) {
				if r := baseRel(s.rel(int(k))); r == "nmod" && objTargetPreps[s.caseOf(int(k))] {
					tgt = s.add(tgt, int(k))
				}
			}
		}
	}
	return src, tgt
}

// projectiles are objects of throwing and firing, not targets.
var projectiles = set("bomb", "grenade", "cocktail", "stone", "rock", "brick", "gas", "teargas", "bullet", "round",
	"acid", "petrol", "firebomb", "shell", "rocket", "missile", "mortar", "projectile", "salvo", "volley", "barrage",
	"munition", "explosive", "device", "cannon", "shot")

// oblTarget returns the oblique with the most telling preposition ("celebrated
// Eid at Osgiliath with Gondor" is with Gondor), -1 if none.
func (s *sent) oblTarget(t int) int {
	best, bestRank := -1, len(verbTargetOrder)
	for _, k := range s.children(t) {
		// "lend up to $1 billion to X": an amount is no target.
		if r := s.rel(int(k)); (r == "obl" || r == "nmod") && !s.dated(int(k)) && s.upos(int(k)) != "NUM" && s.upos(int(k)) != "SYM" {
			if rk, ok := verbTargetRank[s.caseOf(int(k))]; ok && rk < bestRank {
				best, bestRank = int(k), rk
			}
		}
	}
	return best
}

// agent returns the "by" phrase of a passive verb, -1 if none.
func (s *sent) agent(v int) int {
	for _, k := range s.children(v) {
		r := s.rel(int(k))
		if r == "obl:agent" || (r == "obl" || r == "nmod") && s.caseOf(int(k)) == "by" {
			return int(k)
		}
	}
	return -1
}

// withConj appends h and the nominals coordinated with it.
func (s *sent) withConj(dst []int, h int) []int {
	dst = append(dst, h)
	for _, k := range s.children(h) {
		if s.rel(int(k)) == "conj" && !s.isVerbal(int(k)) {
			dst = s.withConj(dst, int(k))
		}
	}
	return dst
}

// actorsOf resolves an argument head to actor mentions: the entity closest
// to the head in its phrase, with the country of a modifier for a generic
// agent ("Pakistan's security forces"), a toponym standing for its country
// ("Islamabad said"), or an antecedent for a pronoun or a generic group noun.
func (w *work) actorsOf(h int) []sitrep.ActorMention {
	w.phrase = w.s.phrase(h, w.phrase)
	best, bestDepth, country := w.phraseEntity(h)
	if best < 0 {
		return w.unnamed(h, country)
	}
	if w.s.doc.Entities[best].Label != sitrep.LabelAGENT {
		return w.entityActors(best, bestDepth, country)
	}
	// An agent the phrase names ("the spokesman, Zabihullah Mujahid").
	pe := w.personIn()
	out, ok := w.agentActors(best)
	if !ok {
		out = w.entityActors(best, bestDepth, country)
	}
	if pe >= 0 {
		out = w.namedPerson(out, pe)
	}
	return out
}

// phraseEntity returns the entity with an actor closest to the head of the
// phrase in w.phrase (-1 if none), its depth, and the country the phrase's
// nearest actor or place gives.
func (w *work) phraseEntity(h int) (best, bestDepth int, country string) {
	s := &w.s
	doc := s.doc
	best, bestDepth = -1, 1<<30
	countryDepth := 1 << 30
	for _, td := range w.phrase {
		if td.depth > maxActorDepth {
			continue
		}
		ei := w.tokEnt[td.tok]
		if ei < 0 {
			if ti := w.tokTop[td.tok]; ti >= 0 && td.depth < countryDepth {
				country, countryDepth = doc.Toponyms[ti].Country, td.depth
			}
			continue
		}
		a := doc.Entities[ei].Actor
		if a == nil || s.upos(td.tok) == "DET" { // "An" taken for a name
			continue
		}
		// "a Kabul car bombing", "a checkpoint in Peshawar": a place that
		// modifies a thing is no actor.
		if td.depth > 0 && w.tokTop[td.tok] >= 0 && !doc.Toponyms[w.tokTop[td.tok]].Metonymy && w.tokEnt[h] < 0 &&
			(s.rel(td.tok) == "compound" || placePreps[s.caseOf(td.tok)]) {
			if a.Country != "" && td.depth < countryDepth {
				country, countryDepth = a.Country, td.depth
			}
			continue
		}
		// "military aid", "military operations": an agent adjective
		// makes a thing no actor.
		if td.depth > 0 && s.rel(td.tok) == "amod" && doc.Entities[ei].Label == sitrep.LabelAGENT && s.upos(h) == "NOUN" &&
			!lexicon.Agent(s.lemma(h)) && !groupNouns[s.lemma(h)] {
			continue
		}
		if td.depth < bestDepth {
			best, bestDepth = int(ei), td.depth
		}
		if a.Country != "" && td.depth < countryDepth {
			country, countryDepth = a.Country, td.depth
		}
	}
	return best, bestDepth, country
}

// unnamed resolves a phrase with no actor entity: a place standing for its
// government ("Islamabad said"), an actor named for the phrase's country, or
// an antecedent.
func (w *work) unnamed(h int, country string) []sitrep.ActorMention {
	s := &w.s
	for _, td := range w.phrase {
		if ti := w.tokTop[td.tok]; ti >= 0 && (td.depth == 0 || td.depth == 1 && !placePreps[s.caseOf(td.tok)]) {
			tp := &s.doc.Toponyms[ti]
			a := sitrep.Actor{Name: tp.Name, Country: tp.Country, Code: tp.Country}
			if tp.Metonymy {
				a.Sector, a.Code = "GOV", tp.Country+"GOV"
			}
			return []sitrep.ActorMention{{Span: tp.Span, Actor: a}}
		}
	}
	if m, ok := w.namedActor(country); ok {
		return []sitrep.ActorMention{m}
	}
	return w.antecedent(h)
}

// agentActors gives a generic agent the country its own modifier says ("the
// Russian envoy", "Pakistan's security forces"), better than the actor
// stage's guess, else the sentence's or the document's; false when none is
// known.
func (w *work) agentActors(best int) ([]sitrep.ActorMention, bool) {
	s := &w.s
	e := &s.doc.Entities[best]
	if org := w.orgOf(w.entityHead(best)); org != nil {
		// "the activists of Amnesty International": the organisation's
		// agents (NGMOPP), as PETRARCH joins their codes.
		a := *e.Actor
		a.Country, a.Code = org.Country, org.Code+a.Sector
		return []sitrep.ActorMention{{Span: e.Span, Actor: a}}, true
	}
	c, mod := w.modifier(w.entityHead(best))
	if c == "" {
		c = w.sentenceCountry()
	}
	if c == "" {
		c = w.recentCountry(e.Start)
	}
	if c == "" {
		c = w.country
	}
	if c == "" {
		return nil, false
	}
	a := *e.Actor
	a.Country, a.Code = c, c+a.Sector
	out := []sitrep.ActorMention{{Span: e.Span, Actor: a}}
	if mod >= 0 {
		// "the ambassadors of Arnor, Osgiliath and Gondor": one agent for
		// each country.
		for _, k := range s.withConj(nil, mod)[1:] {
			if ei := w.tokEnt[k]; ei >= 0 && s.doc.Entities[ei].Actor != nil && s.doc.Entities[ei].Actor.Country != "" {
				b := a
				b.ID = "" // another actor than the first agent
				b.Country = s.doc.Entities[ei].Actor.Country
				b.Code = b.Country + b.Sector
				out = append(out, sitrep.ActorMention{Span: e.Span, Actor: b})
			}
		}
	}
	return out, true
}

// entityActors is the entity's actor, with the entities coordinated with it
// where it was found below the head ("ties between Gondor and Osgiliath").
func (w *work) entityActors(best, bestDepth int, country string) []sitrep.ActorMention {
	s := &w.s
	out := []sitrep.ActorMention{w.mention(best, country)}
	if bestDepth > 0 {
		for _, k := range s.withConj(nil, w.entityHead(best))[1:] {
			if ei := w.tokEnt[k]; ei >= 0 && s.doc.Entities[ei].Actor != nil {
				out = append(out, w.mention(int(ei), ""))
			}
		}
	}
	return out
}

// personIn returns the person entity named in w.phrase near its head, -1
// if none.
func (w *work) personIn() int {
	if !w.named {
		return -1
	}
	for _, td := range w.phrase {
		if ei := w.tokEnt[td.tok]; ei >= 0 && td.depth <= 2 && w.s.doc.Entities[ei].Label == sitrep.LabelPER {
			return int(ei)
		}
	}
	return -1
}

// namedPerson puts the person a title names in its place: "Vice-President
// Hamilton Mourao", "the minister of state, Hina Rabbani Khar" are the
// person (entity pe), with the title's country and sector.
func (w *work) namedPerson(as []sitrep.ActorMention, pe int) []sitrep.ActorMention {
	if len(as) != 1 {
		return as
	}
	doc := w.s.doc
	e := &doc.Entities[pe]
	a := as[0].Actor
	if e.Actor != nil {
		a.ID, a.Wikidata = e.Actor.ID, e.Actor.Wikidata
	}
	a.Name = e.Span.Of(doc.Text)
	return []sitrep.ActorMention{{Span: e.Span, Actor: a}}
}

// namedActor is the person or organisation named nearest the head of the
// phrase in w.phrase that the actor stage could not resolve: an actor known
// by its name alone, with the country of the phrase where one is named
// ("Iranian lawmaker Ali Motahari").
func (w *work) namedActor(country string) (sitrep.ActorMention, bool) {
	if !w.named {
		return sitrep.ActorMention{}, false
	}
	doc := w.s.doc
	best, bestDepth := -1, maxActorDepth+1
	for _, td := range w.phrase {
		ei := w.tokEnt[td.tok]
		if ei < 0 || td.depth >= bestDepth {
			continue
		}
		if e := &doc.Entities[ei]; e.Actor == nil && (e.Label == sitrep.LabelPER || e.Label == sitrep.LabelORG) {
			best, bestDepth = int(ei), td.depth
		}
	}
	if best < 0 {
		return sitrep.ActorMention{}, false
	}
	e := &doc.Entities[best]
	return sitrep.ActorMention{Span: e.Span, Actor: sitrep.Actor{Name: e.Span.Of(doc.Text), Country: country, Code: country}}, true
}

// sentenceCountry is the country of the first place named in the current
// sentence, "" if none: the likeliest country of a bare agent ("police said
// militants attacked a checkpoint in Peshawar").
func (w *work) sentenceCountry() string {
	s := &w.s
	for i := s.first; i < s.end; i++ {
		// Only place names: a gazetteer also knows "north" and "Haram".
		if ei := w.tokEnt[i]; ei >= 0 && s.doc.Entities[ei].Label != sitrep.LabelGPE && s.doc.Entities[ei].Label != sitrep.LabelLOC {
			continue
		}
		if ti := w.tokTop[i]; ti >= 0 && s.upos(i) == "PROPN" && !s.doc.Toponyms[ti].Metonymy && s.doc.Toponyms[ti].Country != "" {
			return s.doc.Toponyms[ti].Country
		}
	}
	return ""
}

// recentCountry is the country of the latest named actor before offset
// start: the country the story is talking about at that point.
func (w *work) recentCountry(start int) string {
	doc := w.s.doc
	for ei := len(doc.Entities) - 1; ei >= 0; ei-- {
		e := &doc.Entities[ei]
		if e.Start < start && e.Label != sitrep.LabelAGENT && e.Actor != nil && e.Actor.Country != "" {
			return e.Actor.Country
		}
	}
	return ""
}

// placePreps introduce a place, never an actor ("a checkpoint in Peshawar";
// but "the attack on Ukraine").
var placePreps = set("in", "at", "near", "inside", "outside", "across", "throughout", "around", "within", "along")

// maxActorDepth bounds how deep in an argument phrase its actor may be named
// ("ties with Gondor" yes; "issues related to peace of Afghanistan" no).
const maxActorDepth = 2

// modifier returns the country of an adjective, possessive or compound
// modifier of token h ("" if none) and the modifier's token (-1 for none or
// a pronoun).
func (w *work) modifier(h int) (string, int) {
	s := &w.s
	for _, k := range s.children(h) {
		r := s.rel(int(k))
		if baseRel(r) == "nmod" && r != "nmod:poss" {
			// "soldiers from Gondor", "ambassadors of Arnor", "activists in
			// Arnor" — not "envoy for Afghanistan".
			switch s.caseOf(int(k)) {
			case "from", "of", "in":
				r = "nmod:poss"
			}
		}
		if r == "nmod:poss" && s.upos(int(k)) == "PRON" {
			// "its fighters": the country of the antecedent.
			if as := w.antecedent(int(k)); len(as) > 0 && as[0].Country != "" {
				return as[0].Country, -1
			}
			continue
		}
		switch r {
		case "amod", "nmod:poss", "compound":
			if ei := w.tokEnt[k]; ei >= 0 && ei != w.tokEnt[h] && s.doc.Entities[ei].Actor != nil {
				if c := s.doc.Entities[ei].Actor.Country; c != "" {
					return c, int(k)
				}
			}
			if ti := w.tokTop[k]; ti >= 0 {
				return s.doc.Toponyms[ti].Country, int(k)
			}
		}
	}
	return "", -1
}

// orgOf returns the international organisation (no country of its own) an
// agent belongs to: "activists of Amnesty International", "activists,
// Amnesty International", "activists Amnesty International"; nil if none.
func (w *work) orgOf(h int) *sitrep.Actor {
	s := &w.s
	for _, k := range s.children(h) {
		r := baseRel(s.rel(int(k)))
		if c := s.caseOf(int(k)); r != "appos" && !(r == "nmod" && (c == "of" || c == "")) {
			continue
		}
		if ei := w.tokEnt[k]; ei >= 0 && ei != w.tokEnt[h] {
			if e := &s.doc.Entities[ei]; e.Actor != nil && e.Label != sitrep.LabelAGENT && e.Actor.Country == "" && e.Actor.Code != "" {
				return e.Actor
			}
		}
	}
	return nil
}

// entityHead returns the token of entity ei whose head lies outside it.
func (w *work) entityHead(ei int) int {
	s := &w.s
	e := &s.doc.Entities[ei]
	first, end := e.FirstToken, e.EndToken
	if end <= first {
		first, end = tokenRange(s.doc, e.Span)
	}
	for t := first; t < end; t++ {
		if h := s.head(t); h < first || h >= end {
			return t
		}
	}
	return first
}

// mention returns entity ei as an actor mention; a generic agent without a
// country takes the given one (a modifier's), else the document's.
func (w *work) mention(ei int, country string) sitrep.ActorMention {
	e := &w.s.doc.Entities[ei]
	a := *e.Actor
	if a.Country == "" && a.Sector != "" && e.Label == sitrep.LabelAGENT {
		if country == "" {
			country = w.country
		}
		if country != "" {
			a.Country = country
			a.Code = country + a.Sector
		}
	}
	return sitrep.ActorMention{Span: e.Span, Actor: a}
}

// groupNouns are nouns that refer back to an organisation named before.
var groupNouns = set("group", "militants", "militant", "rebels", "insurgents", "organization", "organisation", "outfit", "movement", "faction", "fighters")

// antecedent resolves a pronoun or a generic group noun ("the group") to the
// latest fitting actor mentioned before it in the document.
func (w *work) antecedent(h int) []sitrep.ActorMention {
	s := &w.s
	doc := s.doc
	l := s.lemma(h)
	var person bool
	switch {
	case l == "he" || l == "she" || l == "him" || l == "her":
		person = true
	case l == "it" || l == "they" || l == "them" || l == "its" || l == "their" || groupNouns[l] && s.child(h, "det") >= 0:
	default:
		return nil
	}
	start := doc.Tokens[h].Start
	if !person && !groupNouns[l] {
		// "they", "their", "its": the doer of the latest event, the most
		// salient actor, before the latest name.
		for i := len(doc.Events) - 1; i >= 0; i-- {
			if e := &doc.Events[i]; len(e.Source) > 0 && e.Trigger.End <= start {
				a := e.Source[0].Actor
				return []sitrep.ActorMention{{Span: doc.Tokens[h].Span, Actor: a}}
			}
		}
	}
	for ei := len(doc.Entities) - 1; ei >= 0; ei-- {
		e := &doc.Entities[ei]
		if e.Start >= start || e.Actor == nil {
			continue
		}
		if person != (e.Label == sitrep.LabelPER) {
			continue
		}
		if groupNouns[l] && (e.Actor.Sector == "GOV" || e.Actor.Sector == "" || e.Label != sitrep.LabelORG) {
			continue
		}
		a := *e.Actor
		return []sitrep.ActorMention{{Span: doc.Tokens[h].Span, Actor: a}}
	}
	return nil
}
