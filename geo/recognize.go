package geo

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// maxNameTokens bounds the names tried at each token ("Bosnia and
// Herzegovina", "Saint Vincent and the Grenadines").
const maxNameTokens = 7

// mention is a candidate toponym: a token range whose text names places.
type mention struct {
	sitrep.Span
	first, end int      // token range
	refs       []uint32 // gazetteer refs of the name
	locEntity  bool     // an NER LOC/GPE/FAC entity covers it
	metonymy   bool     // an NER entity flagged it
	best       int      // index into refs of the chosen place
	weak       bool     // an English word: kept only beside places of its country
	opens      bool     // the name opens its sentence
}

// Words before a name that say the name is a place ("in Kabul", "near Pandi").
var locativePreps = set("in", "at", "near", "from", "to", "into", "outside", "across", "throughout", "within",
	"towards", "toward", "around", "via", "between", "inside", "of", "through", "northern",
	"southern", "eastern", "western", "central", "north", "south", "east", "west", "visit", "visited", "capital")

// Titles before a capitalised word that make it a person ("President
// Lincoln", "Mr Jordan").
var titles = set("mr", "mrs", "ms", "dr", "president", "senator", "sen", "gov", "governor", "judge", "rep",
	"gen", "general", "minister", "prince", "princess", "king", "queen", "lord", "lady", "sir", "pope", "saint",
	"coach", "col", "capt", "lt", "sgt", "prof", "professor", "chancellor", "premier", "mayor", "bishop", "father",
	"brother", "sister", "uncle", "aunt", "rev", "justice", "chairman", "secretary", "ambassador", "commissioner")

// Words after a place name that make it part of a longer name ("Kabul
// Airport", "Toronto police"), not a first name.
var orgHeads = set("university", "college", "school", "bank", "post", "times", "daily", "news", "herald",
	"tribune", "journal", "airlines", "airways", "company", "corporation", "corp", "inc", "ltd", "group",
	"council", "party", "club", "fc", "united", "city", "rangers", "institute", "foundation", "association",
	"department", "ministry", "agency", "police", "hospital", "stadium", "airport", "museum", "telegraph",
	"gazette", "star", "press", "review", "league", "cup", "open", "state", "county")

// Capitalised words that name times, not places ("in August", "at
// Christmas"), whatever the gazetteer holds.
var timeWords = set("january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "christmas", "easter", "halloween", "thanksgiving", "ramadan", "eid")

// Celestial bodies that towns are named after ("Earth, Texas", "Mars,
// Pennsylvania"): the town only with its state after a comma.
var celestial = set("earth", "moon", "mars", "venus", "jupiter", "saturn", "mercury", "neptune", "uranus", "pluto")

// Words after a name that make it a disease or a strain ("Marburg virus",
// "Spanish flu"), not the place.
var diseaseHeads = set("virus", "viruses", "fever", "flu", "influenza", "strain", "disease", "syndrome", "encephalitis", "ebolavirus")

// entityIndex finds the entities that overlap a span without a scan of all
// of them per name: entities sorted by start, and the longest one's length.
type entityIndex struct {
	ents   []sitrep.Entity
	order  []int
	maxLen int
}

func newEntityIndex(ents []sitrep.Entity) entityIndex {
	x := entityIndex{ents: ents, order: make([]int, len(ents))}
	for i := range ents {
		x.order[i] = i
		x.maxLen = max(x.maxLen, ents[i].Len())
	}
	slices.SortFunc(x.order, func(a, b int) int { return ents[a].Start - ents[b].Start })
	return x
}

// overlapping appends to dst the entities that share a byte with s.
func (x *entityIndex) overlapping(s sitrep.Span, dst []*sitrep.Entity) []*sitrep.Entity {
	i, _ := slices.BinarySearchFunc(x.order, s.End, func(k, end int) int { return x.ents[k].Start - end })
	for i--; i >= 0; i-- {
		e := &x.ents[x.order[i]]
		if e.Start < s.Start-x.maxLen {
			break
		}
		if e.Overlaps(s) {
			dst = append(dst, e)
		}
	}
	return dst
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// recognize finds gazetteer names in doc's tokens, then drops those the
// context says are not places (a person, part of an organisation's name, a
// common word without place evidence).
func (g *Gazetteer) recognize(doc *sitrep.Document, opt Options, buf []byte) ([]mention, []byte) {
	toks, text := doc.Tokens, doc.Text
	var ms []mention
	sentStart := sentenceStarts(doc)
	ents := newEntityIndex(doc.Entities)
	var over []*sitrep.Entity
	for i := 0; i < len(toks); {
		if !capitalised(text, toks[i].Span) {
			i++
			continue
		}
		buf = appendFold(buf[:0], text[toks[i].Start:toks[i].End])
		first := buf
		if k := bytes.IndexByte(buf, ' '); k >= 0 {
			first = buf[:k] // one token "Winston-Salem"
		}
		n := g.firsts[firstHash(first)]
		if n == 0 {
			i++
			continue
		}
		found := false
		for j := min(len(toks), i+int(n), i+maxNameTokens); j > i; j-- {
			if !nameTokens(text, toks[i:j]) {
				continue
			}
			buf = appendFold(buf[:0], text[toks[i].Start:toks[j-1].End])
			refs, ok := lookup(g, buf)
			if !ok {
				continue
			}
			m := mention{Span: sitrep.Span{Start: toks[i].Start, End: toks[j-1].End}, first: i, end: j, refs: refs, opens: sentStart[i]}
			over = ents.overlapping(m.Span, over[:0])
			if g.keep(doc, &m, over, string(buf), sentStart[i], opt) {
				ms = append(ms, m)
			}
			i, found = j, true
			break
		}
		if !found {
			i++
		}
	}
	return g.dropPersons(doc, ms), buf
}

// sentenceStarts marks the tokens that open a sentence (or follow an opening
// quote or bracket there).
func sentenceStarts(doc *sitrep.Document) []bool {
	st := make([]bool, len(doc.Tokens)+1)
	if len(doc.Sentences) == 0 {
		st[0] = true
	}
	for _, s := range doc.Sentences {
		k := s.FirstToken
		for k >= 0 && k < s.EndToken && k < len(doc.Tokens) && !isWord(doc.Text, doc.Tokens[k].Span) {
			k++
		}
		if k >= 0 && k < len(st) {
			st[k] = true
		}
	}
	return st
}

// keep decides whether a gazetteer match is a toponym: the entities over
// it, then the words around it, then, for an English word, place evidence.
func (g *Gazetteer) keep(doc *sitrep.Document, m *mention, over []*sitrep.Entity, key string, sentStart bool, opt Options) bool {
	best := g.bestKind(m.refs)
	minor := !g.major(m.refs) // a town or small unit: a person's name wins
	if !entitiesAllow(doc, m, over, minor) {
		return false
	}
	if onlyDemonyms(m.refs) && !opt.Demonyms {
		return false
	}
	w := wordsAround(doc, m)
	if w.rejects(doc, m, key, best) || minor && w.firstName(m, sentStart) && !g.inNextUnit(doc, m) {
		return false
	}
	if best != kCountry && g.englishPhrase(key) {
		return g.wordPlace(m, w, best, sentStart)
	}
	return true
}

// entitiesAllow reads the NER entities over a match: a LOC, GPE or FAC
// entity that is this name marks it (and its metonymy); a NORP, MISC, PER or
// organisation entity may rule it out.
func entitiesAllow(doc *sitrep.Document, m *mention, over []*sitrep.Entity, minor bool) bool {
	text, toks := doc.Text, doc.Tokens
	for _, e := range over {
		switch e.Label {
		case sitrep.LabelLOC, sitrep.LabelGPE, sitrep.LabelFAC:
			// Only the entity that is this name vouches for it: "South"
			// in "Central and South Asia" is not a place of its own.
			if e.End == m.End && e.Start >= 0 && e.Start <= m.Start && (e.Start == m.Start || strings.HasPrefix(strings.ToLower(text[e.Start:m.Start]), "the ")) {
				m.locEntity, m.metonymy = true, e.Metonymy
			}
		case sitrep.LabelNORP, sitrep.LabelMISC:
			if !onlyDemonyms(m.refs) {
				return false
			}
		case sitrep.LabelPER:
			// The tagger's word against a town's ("Paris Hilton"); a
			// country or province name wins against it, and so do a
			// longer name than the tagger's ("Winston-Salem") and a place
			// after "of" the tagger swallowed ("Smith of London").
			if minor && e.Contains(m.Span) && !(m.first > e.FirstToken && m.first > 0 && locativePreps[lowerWord(text, toks[m.first-1].Span)]) {
				return false
			}
		default:
			// A place inside an organisation's name is still a place
			// ("Toronto police"); the organisation itself is not ("Xinhua").
			if e.Span == m.Span && minor {
				return false
			}
		}
	}
	return true
}

// around is what the words next to a match say about it.
type around struct {
	prev, next string // the lower-cased words before and after, "" at the edges
	nextCap    bool   // the word after is a capitalised word
}

func wordsAround(doc *sitrep.Document, m *mention) around {
	text, toks := doc.Text, doc.Tokens
	var w around
	if m.first > 0 {
		w.prev = lowerWord(text, toks[m.first-1].Span)
	}
	if m.end < len(toks) {
		w.next = lowerWord(text, toks[m.end].Span)
		w.nextCap = capitalised(text, toks[m.end].Span) && isWord(text, toks[m.end].Span)
	}
	return w
}

// rejects reports a match that its neighbours or its own form say is no
// place: a title before it, a disease after it, a time word, a celestial
// body, a one- or two-letter small place, a shouted small place.
func (w around) rejects(doc *sitrep.Document, m *mention, key string, best kind) bool {
	text, toks := doc.Text, doc.Tokens
	if titles[w.prev] || titles[trimDot(w.prev)] || diseaseHeads[w.next] || timeWords[key] || celestial[key] && !(w.next == "," && m.end+1 < len(toks) && capitalised(text, toks[m.end+1].Span)) {
		return true
	}
	if len(key) <= 2 && best > kAdmin1 {
		return true // "Al" of "Al-Ahram", "Lu"
	}
	// Shouted headlines and acronyms ("AIDS", "NATO") match small places;
	// a dateline ("AUSTIN, Texas —") is the exception.
	return isAllCaps(text[m.Start:m.End]) && best > kAdmin1 && !m.locEntity && !dateline(text, m.Start)
}

// firstName reports a town's name that opens a longer name: a first name
// ("Donald Trump", "Vladimir Putin"), or the start of a longer name that a
// town's alternate name matches ("De La Fuente").
func (w around) firstName(m *mention, sentStart bool) bool {
	return !m.locEntity && w.nextCap && !orgHeads[w.next] && !timeWords[w.next] && (m.end-m.first == 1 || onlyVariants(m.refs)) && !sentStart
}

// inNextUnit reports whether the one or two words after m name a province
// or country that holds one of m's places: a town followed by its
// province without a comma ("Xabad Yland") is no first name.
func (g *Gazetteer) inNextUnit(doc *sitrep.Document, m *mention) bool {
	toks := doc.Tokens
	for n := 1; n <= 2 && m.end+n <= len(toks); n++ {
		refs, ok := lookup(g, fold(doc.Text[toks[m.end].Start:toks[m.end+n-1].End]))
		if !ok {
			continue
		}
		for _, u := range refs {
			eu := &g.entries[u>>refBits]
			if eu.kind != kAdmin1 && eu.kind != kCountry || u&(1<<refBits-1) == refDemonym {
				continue
			}
			for _, r := range m.refs {
				if e := &g.entries[r>>refBits]; e.iso3() == eu.iso3() && (eu.kind == kCountry || e.adm1() == eu.adm1()) {
					return true
				}
			}
		}
	}
	return false
}

// wordPlace decides a match that is an English word ("Mobile", "Reading",
// "Central"): it needs place evidence, a place entity, or a locative word
// before it, away from the sentence start, and no capitalised word after it
// ("in Central Park"); and, once resolved, another place of the document in
// its country (see confirmWeak).
func (g *Gazetteer) wordPlace(m *mention, w around, best kind, sentStart bool) bool {
	m.weak = true
	if w.next == "of" || best >= kAdmin2 && g.maxPop(m.refs) < minWordTown {
		// "University of …"; "Friendship", "Justice": hamlets
		// named with a word are not worth the risk.
		return m.locEntity
	}
	return m.locEntity || !sentStart && locativePreps[w.prev] && !w.nextCap
}

// minWordTown is the smallest town whose name, an English word, is taken
// on a locative word alone ("in Buffalo", "in Reading", "in Mobile").
const minWordTown = 50000

func (g *Gazetteer) maxPop(refs []uint32) int64 {
	var p int64
	for _, r := range refs {
		p = max(p, g.entries[r>>refBits].pop)
	}
	return p
}

// englishPhrase reports whether every word of a folded name is an English
// word: "mobile", "white house", "far north".
func (g *Gazetteer) englishPhrase(key string) bool {
	for w := range strings.FieldsFuncSeq(key, func(r rune) bool { return r == ' ' || r == '-' }) {
		if !g.word(w) {
			return false
		}
	}
	return true
}

// dropPersons removes names that the document also uses as a person's name
// ("Barack Obama" … "Obama said"): a one-word town right after a capitalised
// word that is neither a place nor an English word, or a PER entity's words.
func (g *Gazetteer) dropPersons(doc *sitrep.Document, ms []mention) []mention {
	var persons map[string]bool
	text, toks := doc.Text, doc.Tokens
	for i, m := range ms {
		if m.end-m.first != 1 || m.locEntity || m.first == 0 || g.major(m.refs) {
			continue
		}
		p := toks[m.first-1].Span
		placeBefore := i > 0 && ms[i-1].end == m.first
		if w := lowerWord(text, p); capitalised(text, p) && isWord(text, p) && !placeBefore && !g.word(w) {
			if persons == nil {
				persons = map[string]bool{}
			}
			persons[text[m.Start:m.End]] = true
		}
	}
	for k := range doc.Entities {
		// A full name's last word: "Hillary Clinton" … "Clinton said".
		if e := &doc.Entities[k]; e.Label == sitrep.LabelPER && e.FirstToken >= 0 && e.EndToken-e.FirstToken > 1 && e.EndToken <= len(toks) {
			if persons == nil {
				persons = map[string]bool{}
			}
			persons[toks[e.EndToken-1].Of(text)] = true
		}
	}
	if persons == nil {
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		if !persons[text[m.Start:m.End]] || m.locEntity || g.major(m.refs) {
			out = append(out, m)
		}
	}
	return out
}

// onlyVariants reports whether every ref is an alternate or short name.
func onlyVariants(refs []uint32) bool {
	for _, r := range refs {
		if t := r & (1<<refBits - 1); t != refAlt && t != refShort {
			return false
		}
	}
	return true
}

func onlyDemonyms(refs []uint32) bool {
	for _, r := range refs {
		if r&(1<<refBits-1) != refDemonym {
			return false
		}
	}
	return true
}

// major reports whether a name names a region, a country or a populous
// admin-1 unit by its own name, which beats the tagger's or the context's
// person reading ("Angola", "Georgia"); the Isle of Man's "Michael" sheading
// does not, nor "Vladimir" for Vladimir Oblast.
func (g *Gazetteer) major(refs []uint32) bool {
	for _, r := range refs {
		e := &g.entries[r>>refBits]
		if e.kind <= kCountry || e.kind == kAdmin1 && e.pop >= 500000 && r&(1<<refBits-1) != refShort {
			return true
		}
	}
	return false
}

func (g *Gazetteer) bestKind(refs []uint32) kind {
	k := kSubcity
	for _, r := range refs {
		k = min(k, g.entries[r>>refBits].kind)
	}
	return k
}

// capitalised reports whether the token starts with an upper-case letter.
func capitalised(text string, s sitrep.Span) bool {
	r, _ := utf8.DecodeRuneInString(text[s.Start:s.End])
	return unicode.IsUpper(r)
}

func isWord(text string, s sitrep.Span) bool {
	r, _ := utf8.DecodeRuneInString(text[s.Start:s.End])
	return unicode.IsLetter(r)
}

// dateline reports whether the name at i opens a line: "AUSTIN, Texas —".
func dateline(text string, i int) bool {
	for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t') {
		i--
	}
	return i == 0 || text[i-1] == '\n'
}

func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}

// nameTokens reports whether toks can form a name: it starts and ends with a
// capitalised word and holds only words, hyphens, apostrophes and periods.
func nameTokens(text string, toks []sitrep.Token) bool {
	last := len(toks) - 1
	if last > 0 && toks[last].Of(text) == "." && toks[last].Start == toks[last-1].End {
		last-- // "Wainwright, Alta., by": the abbreviation's period split off
	}
	if !capitalised(text, toks[last].Span) {
		return false
	}
	for k, t := range toks {
		r, _ := utf8.DecodeRuneInString(text[t.Start:t.End])
		if !unicode.IsLetter(r) && !(k > 0 && (r == '-' || r == '\'' || r == '’' || r == '.')) {
			return false
		}
		if k > 0 && t.Start-toks[k-1].End > 1 {
			return false // a line break or a run of spaces
		}
	}
	return true
}

// lowerWord returns the token lower-cased (ASCII only; others are returned
// as they are, which is enough for the word lists here).
func lowerWord(text string, s sitrep.Span) string {
	w := text[s.Start:s.End]
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			b := []byte(w)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return w
}

func trimDot(w string) string {
	if len(w) > 1 && w[len(w)-1] == '.' {
		return w[:len(w)-1]
	}
	return w
}
