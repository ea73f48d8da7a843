package events

import (
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/timex"
)

// locPreps introduce the place where something happened.
var locPreps = set("in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "on", "into", "along", "off")

// location returns the place of the event at trigger t: a toponym in a
// locative phrase of the trigger (or of the verbs above it in the same
// clause), not one of its actors; nil when the sentence gives none.
func (w *work) location(t int, src, tgt []int, typ string, mentions []sitrep.ActorMention) *sitrep.EventLocation {
	s := &w.s
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
	if m := w.locs; m != nil && len(m.w) > 1 {
		return w.rankedLocation(m, t, typ, mentions, isArg)
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
	// "entered Syria", "the towns were targeted": a place as the object.
	for _, k := range s.children(t) {
		if r := s.rel(int(k)); (r == "obj" || r == "nsubj:pass") && w.isPlace(int(k)) && w.tokTop[k] >= 0 {
			return w.placeAt(int(k))
		}
	}
	// Parsers misattach prepositional phrases: fall back on the nearest
	// place in a locative phrase anywhere in the sentence that is no actor.
	best, bestDist := -1, 1<<30
	for i := s.first; i < s.end; i++ {
		if !w.isPlace(i) || isArg(i) || !locPreps[w.prepBefore(i)] {
			continue
		}
		if d := abs(i - t); d < bestDist {
			best, bestDist = i, d
		}
	}
	if best >= 0 {
		return w.placeAt(best)
	}
	return nil
}

// rankedLocation is location by the trained ranker m: the actors of a
// verbal exchange, named armed groups and ministries, and places in another
// clause are no candidates (see rankLocation for when they still are).
func (w *work) rankedLocation(m *LocModel, t int, typ string, mentions []sitrep.ActorMention, isArg func(int) bool) *sitrep.EventLocation {
	s := &w.s
	doc := s.doc
	// The actors of a verbal exchange are no place ("Iran threatened
	// Israel"); those of an attack or a visit may be ("shelled Kharkiv").
	actor := func(int) bool { return false }
	if typ != "" {
		visit := visitVerbs[s.lemma(t)]
		actor = func(h int) bool {
			for _, a := range mentions {
				if a.Span.Overlaps(doc.Tokens[h].Span) && !visit && !anonymous[typ] {
					return true // "condemned the attack on Ukraine"
				}
			}
			// A named actor (an armed group, a ministry) is no place.
			if ei := w.tokEnt[h]; ei >= 0 && w.tokTop[h] < 0 {
				if e := &s.doc.Entities[ei]; e.Actor != nil && e.Label != sitrep.LabelGPE && e.Label != sitrep.LabelLOC && e.Label != sitrep.LabelFAC {
					return true
				}
			}
			switch typ {
			case "ASSAULT", "COERCE", "MOBILIZE", "PROTEST":
				return false
			case "CONSULT":
				if visit {
					return false
				}
			}
			return isArg(h)
		}
	}
	// A place in a clause that modifies a noun is another event's,
	// unless the sentence has no other (see rankLocation).
	skip := actor
	if typ != "" {
		skip = func(h int) bool { return actor(h) || s.inOtherClause(h, t) }
	}
	if typ == "PROTEST" {
		// The protest's own place first, the grievance's if none.
		grievance := func(h int) bool { return s.inGrievance(h, t) }
		if loc := w.rankLocation(m, t, func(h int) bool { return skip(h) || grievance(h) }, func(h int) bool { return actor(h) || grievance(h) }); loc != nil {
			return loc
		}
	}
	return w.rankLocation(m, t, skip, actor)
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

// locativeUnder returns the place of a locative phrase attached to v.
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
			if !w.isPlace(td.tok) {
				continue
			}
			// The shallowest place; at equal depth the finer one ("the West
			// Bank city of Nablus").
			if td.depth < bestDepth || td.depth == bestDepth && best >= 0 && w.finerPlace(td.tok, best) {
				best, bestDepth = td.tok, td.depth
			}
		}
		if best >= 0 {
			return w.placeAt(best)
		}
	}
	return nil
}

// isPlace reports whether token i names a place: a toponym that is not
// metonymy, or a location, facility or organisation name (a hospital, a
// university, a camp the gazetteer lacks), or a proper noun.
func (w *work) isPlace(i int) bool {
	doc := w.s.doc
	if isDateWord(w.s.lemma(i)) {
		return false
	}
	if ti := w.tokTop[i]; ti >= 0 {
		return !doc.Toponyms[ti].Metonymy || w.loose
	}
	if ei := w.tokEnt[i]; ei >= 0 {
		e := &doc.Entities[ei]
		switch e.Label {
		case sitrep.LabelLOC, sitrep.LabelGPE, sitrep.LabelFAC, sitrep.LabelORG, sitrep.LabelMISC:
			return !e.Metonymy || w.loose
		case sitrep.LabelPER:
			// The tagger takes unknown towns for people ("in Tikrit").
			return w.loose && e.Actor == nil
		}
		return false
	}
	return w.s.upos(i) == "PROPN"
}

// dated reports whether token k is a date word ("Friday", "May", "week"),
// whatever its case.
func (s *sent) dated(k int) bool { return isDateWord(lowerASCII(s.lemma(k))) }

func isDateWord(l string) bool {
	l = strings.TrimSuffix(l, ".")
	return dateWords[l] || monthAbbr[l]
}

var monthAbbr = set("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

// finerPlace reports whether the place at token a is finer than at b: a
// city before a region, and a name the gazetteer knows before one it lacks.
func (w *work) finerPlace(a, b int) bool {
	ta, tb := w.tokTop[a], w.tokTop[b]
	doc := w.s.doc
	switch {
	case ta >= 0 && tb >= 0:
		return finer(doc.Toponyms[ta].Precision, doc.Toponyms[tb].Precision)
	case ta >= 0:
		return doc.Toponyms[ta].Precision == sitrep.PrecisionCity || doc.Toponyms[ta].Precision == sitrep.PrecisionSubcity
	}
	return false
}

// locative reports whether the name headed at token h stands where a place
// does: after a locative preposition ("in Tikrit"), or after "of" on a
// place or area noun ("residents of Tikrit", "the town of Durwa").
func (w *work) locative(h int) bool {
	s := &w.s
	p := s.caseOf(h)
	if p == "" {
		p = w.prepBefore(h)
	}
	if p == "of" {
		g := s.head(h)
		return g >= 0 && (placeWords[s.lemma(g)] || areaWords[s.lemma(g)])
	}
	return p != "on" && locPreps[p]
}

// endOf returns the token after the toponym at token k.
func endOf(w *work, k int) int {
	e := k + 1
	for e < w.s.end && w.tokTop[e] == w.tokTop[k] {
		e++
	}
	return e
}

// placeAt returns the event location of the place at token i: the toponym,
// else the entity or proper-noun run, resolved through the gazetteer when
// the coder has one.
func (w *work) placeAt(i int) *sitrep.EventLocation {
	doc := w.s.doc
	if ti := w.tokTop[i]; ti >= 0 {
		tp := &doc.Toponyms[ti]
		return &sitrep.EventLocation{Span: tp.Span, Place: tp.Place}
	}
	var sp sitrep.Span
	if ei := w.tokEnt[i]; ei >= 0 {
		sp = doc.Entities[ei].Span
		first, end := tokenRange(doc, sp)
		inner := false
		for k := first; k < end; k++ {
			ti := w.tokTop[k]
			if ti < 0 || doc.Toponyms[ti].Demonym {
				continue
			}
			inner = true
			if !w.adjectival(int(ti), endOf(w, k)) && !w.personal(int(ti), k) {
				// "Zimbabwe African National Union", "Toronto police":
				// the place is the name inside.
				tp := &doc.Toponyms[ti]
				return &sitrep.EventLocation{Span: tp.Span, Place: tp.Place}
			}
		}
		if inner { // "La Riva", "the Thai Raksa Chart Party": no place
			return &sitrep.EventLocation{Span: sp, Place: sitrep.Place{Name: sp.Of(doc.Text)}}
		}
	} else {
		first, end := i, i+1
		for first > w.s.first && w.s.upos(first-1) == "PROPN" && w.tokEnt[first-1] < 0 {
			first--
		}
		for end < w.s.end && w.s.upos(end) == "PROPN" && w.tokEnt[end] < 0 {
			end++
		}
		sp = sitrep.Span{Start: doc.Tokens[first].Start, End: doc.Tokens[end-1].End}
	}
	loc := &sitrep.EventLocation{Span: sp, Place: sitrep.Place{Name: sp.Of(doc.Text)}}
	if w.places != nil {
		if p, ok := w.places.ResolveSpan(doc, sp); ok {
			// A name the tagger calls a person is a town it mistook only
			// after a locative word ("in Tikrit") or when the town is a
			// capital ("sanctions on Caracas"), not "La Riva said".
			ei := w.tokEnt[i]
			person := ei >= 0 && doc.Entities[ei].Label == sitrep.LabelPER
			if !person || w.locative(i) || p.Feature == "PPLC" || p.Feature == "PPLA" {
				loc.Place = p
			}
		}
	}
	return loc
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
				d = 100 // not above the trigger: a last resort
			}
		}
		if g < 0 {
			d = 8
		}
		if d >= 100 && (s.inOtherClause(g, t) || s.inOtherClause(t, g)) {
			continue // "Khar, who met them late last year, has now held talks"
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

// inOtherClause reports whether token k lies in a clause that modifies a
// noun ("Khar, who met them in Kabul late last year, held talks") and does
// not contain trigger t. Adverbial clauses ("killed when a bomb hit a patrol
// in Zafaraniya") do place and date their main event.
func (s *sent) inOtherClause(k, t int) bool {
	for n := 0; k >= 0 && n < 64; n++ {
		switch baseRel(s.rel(k)) {
		case "acl":
			if !s.isAncestor(k, t) {
				return true
			}
		}
		k = s.head(k)
	}
	return false
}

// inGrievance reports whether token k lies in what a protest at trigger t
// is against or over ("protested in X against the killings in Y", "a
// rally over the attack on Z"): the place of the grievance, not of the
// protest. A protest with no other place takes it still (see rankLocation).
func (s *sent) inGrievance(k, t int) bool {
	for v, n := k, 0; v >= 0 && v != t && n < 12; v, n = s.head(v), n+1 {
		if c := s.caseOf(v); (c == "against" || c == "over") && v != k {
			return true
		}
	}
	return false
}

// placeScratch holds the place candidates of the sentence being coded.
type placeScratch struct {
	cands  []placeCand
	order  []int
	scores []float64
}

// settle gives loc, a place name the gazetteer lacks, the point of the
// finest resolved place that accompanies it in its phrase (facility → town →
// district → admin-1 → country), the nearest after it first: "the Karte Naw
// area of Kabul city", "Sherpur, Kabul", "Kabul's Paghman
// district". Without one loc keeps no point, for the report's place to fill
// (see inherit): a place elsewhere in the sentence need not contain it.
func (w *work) settle(loc *sitrep.EventLocation, cands []placeCand, order []int) *sitrep.EventLocation {
	s := &w.s
	doc := s.doc
	first, end := tokenRange(doc, loc.Span)
	var best *sitrep.EventLocation
	bestDist := 0
	for _, i := range order {
		c := cands[i]
		if c.first <= first && first < c.end || w.metonymic(c.head) || c.first > end+maxSettle || c.end < first-3 {
			continue
		}
		if between(s, min(c.end, end), max(c.first, first)) {
			continue // a verb or a clause mark between them: another phrase
		}
		p := w.placeAt(c.head)
		if !p.Resolved() || p.Precision == sitrep.PrecisionRegion {
			continue
		}
		d := c.first - first
		if d < 0 {
			d = 1000 - d // after the name ("X, Y", "X of Y") before it
		}
		if best == nil || finer(p.Precision, best.Precision) || p.Precision == best.Precision && d < bestDist {
			best, bestDist = p, d
		}
	}
	if c := w.container(cands, first, end); c != nil {
		best = c
	}
	if best != nil {
		loc.Place, loc.Point = best.Place, best.Span
	}
	return loc
}

// container returns the resolved place the unresolved name at tokens
// [first, end) lies in, nil if none: the place right after it and "of"
// ("the Xaz area of Yabad district, Zabad" lies in Yabad, whatever finer
// place, Zabad the province read as its city, the sentence also names). The
// words decide, not the parse, which often hangs such a list on the wrong
// word.
func (w *work) container(cands []placeCand, first, end int) *sitrep.EventLocation {
	s := &w.s
	k := end
	if s.in(k) && w.placeNoun(k) {
		k++ // "the Xaz area of …"
	}
	if !s.in(k) || !strings.EqualFold(s.text(k), "of") {
		return nil
	}
	if k++; s.in(k) && strings.EqualFold(s.text(k), "the") {
		k++
	}
	for _, c := range cands {
		if c.first != k || w.metonymic(c.head) {
			continue
		}
		if s.in(c.end) && (s.text(c.end) == "'s" || s.text(c.end) == "’s") {
			k = c.end + 1 // "of Zabad's Yabad": Yabad
			continue
		}
		if p := w.placeAt(c.head); p.Resolved() && p.Precision != sitrep.PrecisionRegion {
			return p
		}
	}
	return nil
}

// refine gives loc, a province or a country, the point of the finest place
// inside it that the sentence names ("protests across Punjab, including
// Multan", "in Punjab's Lahore"); loc keeps its span, the place the text
// ties the event to.
func (w *work) refine(loc *sitrep.EventLocation, cands []placeCand, order []int) *sitrep.EventLocation {
	if loc.Precision != sitrep.PrecisionCountry && loc.Precision != sitrep.PrecisionAdmin1 {
		return loc
	}
	var best *sitrep.EventLocation
	for _, i := range order {
		c := cands[i]
		if w.tokTop[c.head] < 0 || w.metonymic(c.head) {
			continue // only the geo stage's toponyms: a name it did not find is no evidence here
		}
		p := w.placeAt(c.head)
		if p.Span == loc.Span || p.Country != loc.Country || !finer(p.Precision, loc.Precision) ||
			loc.Precision == sitrep.PrecisionAdmin1 && p.Admin1 != loc.Name {
			continue
		}
		if best == nil || finer(p.Precision, best.Precision) {
			best = p
		}
	}
	if best != nil {
		loc.Place, loc.Point = best.Place, best.Span
	}
	return loc
}

// maxSettle is how many tokens after a name its containing place may lie:
// "the Babaji area of Lashkar Gah district, Helmand".
const maxSettle = 10

// between reports whether tokens [a, b) hold a verb or a mark that ends a
// phrase.
func between(s *sent, a, b int) bool {
	for k := a; k < b; k++ {
		switch s.upos(k) {
		case "VERB", "AUX":
			return true
		case "PUNCT":
			if t := s.text(k); t != "," && t != "(" && t != ")" && t != "-" && t != "'" && t != "’" {
				return true
			}
		}
	}
	return false
}

// notPlace reports whether candidate c, a toponym, is used as something
// else (see adjectival, personal, orgReach).
func (w *work) notPlace(c placeCand) bool {
	doc := w.s.doc
	ti := w.tokTop[c.head]
	if ti < 0 {
		// An organisation's name that the gazetteer would read as the
		// country or province in it.
		ei := w.tokEnt[c.head]
		if ei < 0 || doc.Entities[ei].Label != sitrep.LabelORG {
			return false
		}
		for i := range doc.Toponyms {
			if t := &doc.Toponyms[i]; doc.Entities[ei].Overlaps(t.Span) && orgReach(doc, t) {
				return true
			}
		}
		return false
	}
	return w.adjectival(int(ti), c.end) || w.personal(int(ti), c.head) || orgReach(doc, &doc.Toponyms[ti])
}

// orgReach reports whether toponym t, a country or a province, is part of
// an organisation's name ("the Ruritania Nurses Union", "the Ohio Farm
// Bureau"): it names the body's reach, not where the event happened; the
// report's place stands for it (see inherit). A town in a name ("outside
// the Boston City Hall") is where the body is, and stays.
func orgReach(doc *sitrep.Document, t *sitrep.Toponym) bool {
	if t.Precision != sitrep.PrecisionCountry && t.Precision != sitrep.PrecisionAdmin1 {
		return false
	}
	for i := range doc.Entities {
		if e := &doc.Entities[i]; e.Label == sitrep.LabelORG && e.Contains(t.Span) && e.Len() > t.Len() {
			return true
		}
	}
	return false
}

// adjectival reports whether toponym ti, ending before token end, is a
// country's adjective: "the American people", "US troops", "the Thai Raksa
// Chart Party" (an alternate name before a noun; the pipeline's geo stage
// reports no demonyms), "African-American".
func (w *work) adjectival(ti, end int) bool {
	s := &w.s
	tp := &s.doc.Toponyms[ti]
	if tp.Precision != sitrep.PrecisionCountry || strings.EqualFold(tp.Of(s.doc.Text), tp.Name) {
		return false
	}
	if tp.Start > 0 && s.doc.Text[tp.Start-1] == '-' {
		return true
	}
	return end < s.end && (s.upos(end) == "NOUN" || s.upos(end) == "PROPN" || s.upos(end) == "ADJ")
}

// personal reports whether toponym ti, a town's name headed at token h, names
// a person: the doer of a verb ("Hawkins attacked", "La Riva said"), or the
// last word of a person's full name elsewhere in the document ("Kyle
// Rittenhouse" … "Rittenhouse is accused").
func (w *work) personal(ti, h int) bool {
	s := &w.s
	tp := &s.doc.Toponyms[ti]
	switch tp.Precision {
	case sitrep.PrecisionCity, sitrep.PrecisionSubcity, sitrep.PrecisionAdmin2:
	default:
		return false
	}
	if ei := w.tokEnt[h]; ei < 0 || s.doc.Entities[ei].Label != sitrep.LabelLOC && s.doc.Entities[ei].Label != sitrep.LabelGPE && s.doc.Entities[ei].Label != sitrep.LabelFAC {
		r := s.rel(h)
		if (r == "flat" || r == "compound") && s.head(h) >= 0 {
			r = s.rel(s.head(h))
		}
		if r == "nsubj" || r == "nmod:poss" || r == "conj" && s.head(h) >= 0 && s.rel(s.head(h)) == "nsubj" {
			return true
		}
	}
	name := tp.Of(s.doc.Text)
	for i := range s.doc.Entities {
		e := &s.doc.Entities[i]
		if e.Label == sitrep.LabelPER && e.Len() > len(name) && strings.HasSuffix(e.Of(s.doc.Text), " "+name) {
			return true
		}
	}
	return false
}

// metonymic reports whether the toponym or entity at token i stands for an
// actor ("Washington said").
func (w *work) metonymic(i int) bool {
	if ti := w.tokTop[i]; ti >= 0 {
		return w.s.doc.Toponyms[ti].Metonymy
	}
	if ei := w.tokEnt[i]; ei >= 0 {
		return w.s.doc.Entities[ei].Metonymy
	}
	return false
}

// placeWords are nouns that make a name the gazetteer lacks a place: a unit
// ("Paghman district", "the Sherpur village"), a part of a town ("Freedom
// Plaza", "Strickland Street") or a facility ("Linwood Mosque").
var placeWords = set("district", "province", "village", "town", "city", "area", "region", "county", "municipality",
	"tehsil", "agency", "valley", "neighbourhood", "neighborhood", "suburb", "township", "camp", "square", "plaza",
	"street", "road", "avenue", "highway", "bridge", "market", "bazaar", "mosque", "church", "temple", "shrine",
	"hall", "center", "centre", "farm", "farms", "airport", "base", "port", "harbour", "harbor", "station", "checkpoint", "border", "island", "hill",
	"mountain", "mountains", "river", "lake", "sea", "gulf", "bay", "park", "prison", "jail", "hospital", "palace",
	"compound", "facility", "barrage", "dam", "stadium", "school", "university", "college", "embassy", "consulate", "heights",
	"strait", "governorate", "prefecture", "oblast", "gorge", "mount", "outskirts", "coast", "desert", "forest", "peninsula", "canal", "crossing", "gate", "quarter", "colony", "mohalla",
	"settlement", "stronghold", "commune", "sector", "subdistrict", "plateau", "railroad", "railway", "resort", "hamlet", "enclave", "outpost", "airbase", "mountaintop")

// placeLike reports whether candidate c, a name the gazetteer lacks, is used
// as a place: a place noun in or right after it ("Paghman district", "Freedom
// Plaza"), or a location name or bare proper noun that a locative
// preposition or a place noun introduces ("in Sherpur", "the city of
// Raqqa"). A person, an organisation, a brand, an acronym or a lone common
// word is not ("on Twitter", "COVID", "Sea").
func (w *work) placeLike(c placeCand) bool {
	s := &w.s
	if orgHeads[strings.ToLower(s.text(c.end-1))] || c.end < s.end && orgHeads[strings.ToLower(s.text(c.end))] {
		return false // "Thames Valley Police"
	}
	if w.namesPlaceNoun(c) {
		return true
	}
	prep := w.prepOf(c)
	ofPlace := w.ofPlaceNoun(c, prep)
	label, ok := w.placeLabel(c, prep, ofPlace)
	if !ok {
		return false
	}
	if s.upos(c.head) == "ADJ" || s.rel(c.head) == "amod" {
		return false // "in American history", "Thames Valley Police"
	}
	name := s.doc.Text[s.doc.Tokens[c.first].Start:s.doc.Tokens[c.end-1].End]
	if len(name) < 3 || strings.ToUpper(name) == name || c.end-c.first == 1 && placeWords[strings.ToLower(name)] {
		return false // acronyms ("COVID", "AIS"), a lone place noun ("Sea")
	}
	loc := label == sitrep.LabelLOC || label == sitrep.LabelGPE || label == sitrep.LabelFAC
	if prep == "on" && !loc {
		return false // "on Twitter"
	}
	if label == "" && !ofPlace && (!strings.EqualFold(s.lemma(c.head), s.text(c.head)) && strings.HasSuffix(s.text(c.head), "s") || prep == "to") {
		return false // a plural proper noun ("among Democrats") names no place
	}
	if locPreps[prep] || pathPreps[prep] || prep == "to" || ofPlace {
		return true
	}
	r := s.rel(c.head)
	if h := s.head(c.head); (r == "compound" || r == "nmod:poss") && h >= 0 && placeWords[s.lemma(h)] {
		return true // "the Handarat refugee camp", "T-4 military airport", "Mecca's hospital"
	}
	switch r {
	case "obj", "nsubj:pass":
		// "entered Dahiyat", "captured the Golan", not "violated the
		// Constitution".
		h := s.head(c.head)
		return loc || label == "" && h >= 0 && seizeVerbs[s.lemma(h)] || label == sitrep.LabelPER && w.placeObject(c.head)
	case "nsubj", "obl:agent", "nmod:poss":
		return false // a doer: "La Gabarra said"
	}
	// The tagger's location that no preposition introduces ("the West Bank
	// city of Nablus", "Diwaniyah, through which").
	return loc
}

// namesPlaceNoun reports whether a place noun is in candidate c's name or
// right after it ("Paghman district", "Freedom Plaza"), or ends the name it
// starts, which goes on in capitals ("T-4 Military Airport").
func (w *work) namesPlaceNoun(c placeCand) bool {
	s := &w.s
	if c.end-c.first > 1 && placeGenerics[strings.ToLower(s.text(c.first))] {
		return true // "Tal Al-Bardah", "Jabal Al-Koz", "Deir Khabiyeh"
	}
	if c.end < s.end && s.upos(c.end) == "NUM" && w.placeNoun(c.end-1) {
		return true // "Highway 1", "Hill 30"
	}
	for k := c.first; k <= c.end && k < s.end; k++ {
		if (k > c.first || c.end-c.first > 1) && w.placeNoun(k) {
			return true
		}
	}
	for k := c.end; k < s.end && k < c.end+3 && s.text(k) != "" && s.text(k)[0] >= 'A' && s.text(k)[0] <= 'Z'; k++ {
		if w.placeNoun(k) {
			return true
		}
	}
	return false
}

// ofPlaceNoun reports whether candidate c names an instance of a place
// noun: "the town of X", "the outskirts of X", "villages like X", "towns
// such as X", "two towns, X and Y", "X, a town near Y", "a place called X".
func (w *work) ofPlaceNoun(c placeCand, prep string) bool {
	s := &w.s
	for _, k := range s.children(c.head) {
		if s.rel(int(k)) == "appos" && placeWords[s.lemma(int(k))] {
			return true // "X, a town near Baquba"
		}
	}
	h := s.head(c.head)
	if h >= 0 && namingVerbs[s.lemma(h)] && s.rel(h) == "acl" && s.head(h) >= 0 && (placeWords[s.lemma(s.head(h))] || s.lemma(s.head(h)) == "place") {
		return true // "a place called X", "two areas known as X"
	}
	if h < 0 || !(prep == "of" || prep == "like" || prep == "as" || s.rel(c.head) == "appos") {
		return false
	}
	return placeWords[s.lemma(h)] || prep == "of" && areaWords[s.lemma(h)]
}

// namingVerbs give a name to the noun they modify: "a village called X",
// "an area known as X", "a town named X".
var namingVerbs = set("call", "know", "name", "dub")

// placeNoun reports whether token k is a place noun, in the singular or
// the plural ("the Al-Assad and Minyan suburbs").
func (w *work) placeNoun(k int) bool {
	return placeWords[strings.ToLower(w.s.text(k))] || placeWords[strings.ToLower(w.s.lemma(k))]
}

// placeGenerics begin transliterated Arabic place names: hill, mountain,
// monastery, village, spring, well, valley, palace, ruin, river, bridge,
// meadow ("Tal Abyad", "Kafr Nabl", "Wadi Barada"). The tagger takes most of
// these names for people. Words that also begin people's names ("Khan",
// "Ras", "Sheikh") are left out.
var placeGenerics = set("tal", "tall", "tell", "jabal", "jebel", "deir", "dayr", "kafr", "kfar", "ayn", "ain",
	"bir", "wadi", "qasr", "khirbet", "khirbat", "nahr", "jisr", "marj")

// placeLabel returns the entity label of a candidate's head ("" for none)
// and whether it allows a place.
func (w *work) placeLabel(c placeCand, prep string, ofPlace bool) (sitrep.EntityLabel, bool) {
	s := &w.s
	ei := w.tokEnt[c.head]
	if ei < 0 {
		return "", true
	}
	e := &s.doc.Entities[ei]
	// "the Kweyris air base", "the Lang Dang railroad": the name of a place
	// noun is a place whatever the tagger says.
	h := s.head(c.head)
	// A known actor's name on a place noun is no place ("the NATO base").
	compound := s.rel(c.head) == "compound" && h >= 0 && placeWords[s.lemma(h)] && (e.Actor == nil || e.Actor.Code == "")
	switch e.Label {
	case sitrep.LabelLOC, sitrep.LabelGPE, sitrep.LabelFAC:
	case sitrep.LabelPER:
		// The tagger takes unknown towns for people ("in Tikrit",
		// "entered Tikrit": no one enters or shells a person).
		if !compound && (e.Actor != nil || !ofPlace && (prep == "on" || !locPreps[prep]) && !w.placeObject(c.head)) {
			return e.Label, false
		}
	default:
		// "the town of Durwa" and "a place called Teiba" are places
		// whatever the tagger says; "the residents of X" may be an
		// organisation's.
		if !compound && (!ofPlace || h >= 0 && areaWords[s.lemma(h)] && !placeWords[s.lemma(h)]) {
			return e.Label, false
		}
	}
	return e.Label, true
}

// placeObject reports whether token h is the object of a verb that only
// places take ("entered Jarabulus", "Knin was overrun").
func (w *work) placeObject(h int) bool {
	s := &w.s
	r, v := s.rel(h), s.head(h)
	return (r == "obj" || r == "nsubj:pass") && v >= 0 && placeVerbs[s.lemma(v)]
}

// placeVerbs take only a place as their object, unlike "capture" or "hit".
var placeVerbs = set("enter", "storm", "besiege", "overrun", "occupy", "cross", "patrol", "encircle", "shell",
	"bombard", "annex", "liberate", "recapture", "retake", "evacuate", "invade", "raid")

// pathPreps lead to or through a place: "marched towards X", "fighting
// between X and Y".
var pathPreps = set("between", "towards", "toward", "through")

// orgHeads end an organisation's name, which is no place however many
// place words it holds ("Thames Valley Police").
var orgHeads = set("police", "party", "council", "company", "corporation", "ministry", "department", "union",
	"group", "association", "foundation", "committee", "commission", "force", "forces", "army", "navy",
	"authority", "board", "service", "services", "agency", "front", "movement", "league", "organisation",
	"organization", "institute", "trust", "club", "network", "alliance")

// seizeVerbs take a place as their object: "captured the Golan", "Eastern
// Slavonia was captured".
var seizeVerbs = set("capture", "seize", "take", "enter", "storm", "besiege", "surround", "liberate", "recapture",
	"retake", "overrun", "shell", "bomb", "raid", "attack", "invade", "occupy", "reach", "control", "hold", "cross",
	"patrol", "evacuate", "encircle", "strike", "hit", "target", "lose", "abandon", "annex")

// areaWords govern a place in "the X of Y": "the outskirts of Aleppo", "his
// hometown of Tikrit", "the north of Kuttum".
var areaWords = set("outskirts", "outskirt", "resident", "locality", "settlement", "water", "waters", "hometown", "part", "north", "south", "east", "west", "centre", "center",
	"residents", "people", "heart", "edge", "vicinity", "capital", "countryside", "environs", "suburbs",
	"perimeter", "slope", "slopes", "hilltop", "surroundings", "bank", "banks", "shore", "shores", "dike", "dikes")
