package actors

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// Stage resolves the entities of a document to actors. It runs after the
// "ner" stage and:
//   - resolves each NER mention whose text is a database name;
//   - adds database names the recognizer missed (capitalised names, country
//     adjectives as NORP) and generic agents ("security forces") as AGENT
//     mentions whose country comes from a preceding adjective or possessive
//     ("Pakistan's security forces") or else the story's focus country;
//   - marks capitals and seats of power, and country names, used as agents
//     rather than places as metonymy for the government ("compelling
//     Islamabad to plead");
//   - links mentions of one referent into clusters: the same actor,
//     a surname after a full name ("Khar"), an acronym after its expansion
//     ("Tehreek-e-Taliban Pakistan (TTP)" … "the TTP"), and "the group".
type Stage struct {
	r *Resolver
}

// NewStage returns the "actors" stage over db.
func NewStage(db *DB) *Stage { return &Stage{NewResolver(db)} }

// Name implements sitrep.Stage.
func (*Stage) Name() string { return "actors" }

// Annotate implements sitrep.Stage.
func (s *Stage) Annotate(doc *sitrep.Document) error {
	s.r.annotate(doc)
	return nil
}

// Resolver resolves mentions and argument spans to actors. It is safe for
// concurrent use.
type Resolver struct {
	db   *DB
	pool sync.Pool
	// offices lists the persons holding each office per country
	// ("PAK", "foreign minister").
	offices map[office][]*Entry
}

type office struct{ country, title string }

// NewResolver returns a resolver over db. Add entries to db before.
func NewResolver(db *DB) *Resolver {
	r := &Resolver{db: db, offices: map[office][]*Entry{}}
	r.pool.New = func() any { return db.NewMatcher() }
	for _, e := range db.entries {
		if e.Kind != Person {
			continue
		}
		for _, p := range e.Periods {
			if t := titleOf(p.Role); t != "" && p.Country != "" {
				k := office{p.Country, t}
				if n := len(r.offices[k]); n == 0 || r.offices[k][n-1] != e {
					r.offices[k] = append(r.offices[k], e)
				}
			}
		}
	}
	return r
}

// titleOf maps an office (a role in the database, or a title in the text) to
// the canonical title that links the two.
func titleOf(role string) string {
	r := strings.ToLower(role)
	r = strings.TrimPrefix(r, "caretaker ")
	switch {
	case r == "president" || r == "prime minister" || r == "chancellor" || r == "supreme leader" || r == "vice president":
		return r
	case r == "premier":
		return "prime minister"
	case strings.Contains(r, "foreign") || strings.Contains(r, "external affairs") || r == "secretary of state":
		if strings.Contains(r, "minister of state") || strings.Contains(r, "spokes") || strings.Contains(r, "ministry") {
			return ""
		}
		return "foreign minister"
	case strings.Contains(r, "defen") && !strings.Contains(r, "ministry"):
		return "defence minister"
	case (strings.Contains(r, "interior") || strings.Contains(r, "home affairs") || r == "home minister") && !strings.Contains(r, "ministry"):
		return "interior minister"
	case r == "chief of army staff" || r == "army chief":
		return "army chief"
	}
	return ""
}

// officeholder returns the person holding title in country on date.
func (r *Resolver) officeholder(country, title string, date time.Time) *sitrep.Actor {
	for _, e := range r.offices[office{country, title}] {
		for _, p := range e.Periods {
			if p.Country != country || titleOf(p.Role) != title {
				continue
			}
			if (date.IsZero() && p.Until.IsZero()) || (!date.IsZero() && p.covers(date) && !p.From.IsZero()) {
				a := e.Actor(date)
				a.Country, a.Sector, a.Role = p.Country, p.Sector, p.Role
				if a.Code = p.Code; a.Code == "" {
					a.Code = p.Country + p.Sector
				}
				return &a
			}
		}
	}
	return nil
}

// DB returns the resolver's database.
func (r *Resolver) DB() *DB { return r.db }

// match is a database name found in the text.
type match struct {
	start, end int // tokens
	hits       []Hit
}

// locative words before a place name make it a place, not an actor.
var locatives = map[string]bool{
	"in": true, "at": true, "from": true, "to": true, "near": true, "across": true, "into": true,
	"throughout": true, "within": true, "outside": true, "inside": true, "around": true, "of": true,
	"over": true, "towards": true, "toward": true, "through": true, "via": true, "on": true, "by": true,
	"between": true, "and": false, "under": true, "visit": true, "visited": true, "visiting": true,
	"entered": true, "left": true, "reached": true, "arrived": true, "returned": true,
}

// institutions and titles after a country or group name make an entity of
// it ("Pakistan Army", "Taliban Government", "Bree Prime Minister X").
var institutions = map[string]bool{
	"army": true, "government": true, "administration": true, "military": true, "police": true,
	"navy": true, "forces": true, "ministry": true, "parliament": true, "regime": true, "authorities": true,
	"prime": true, "minister": true, "president": true, "foreign": true, "defence": true, "defense": true,
	"interior": true, "king": true, "queen": true, "crown": true, "chancellor": true, "ambassador": true,
	"envoy": true, "general": true, "chief": true, "secretary": true, "senator": true, "governor": true,
	"official": true, "officials": true, "spokesman": true, "spokeswoman": true, "leader": true,
	"leaders": true, "lawmakers": true, "troops": true, "soldiers": true, "security": true, "intelligence": true,
}

// nominals refer back to the most recent organisation or group.
var nominals = map[string]bool{
	"group": true, "organisation": true, "organization": true, "outfit": true, "movement": true,
	"militia": true, "faction": true, "insurgency": true,
}

func (r *Resolver) annotate(doc *sitrep.Document) {
	m := r.pool.Get().(*Matcher)
	defer r.pool.Put(m)
	date := doc.Date
	found := matchNames(m, doc)
	// A place name two countries share (Punjab) goes to the country the
	// story names most.
	if c := namedCountry(found); c != "" {
		for i := range found {
			found[i].hits = preferCountry(found[i].hits, c)
		}
	}
	// 1. A capitalised database name of several tokens beats the NER
	// mentions inside it ("Tehreek-e-Taliban Pakistan" tagged as two).
	doc.Entities = preferNames(doc, found)
	// 2. NER mentions: resolve by exact name.
	byStart := map[int]int{}
	for i, f := range found {
		byStart[f.start] = i
	}
	for i := range doc.Entities {
		if e := &doc.Entities[i]; e.Actor == nil {
			r.resolveMention(doc, e, found, byStart, date)
		}
	}
	// 3. Names and agents the recognizer missed.
	r.addMissed(doc, found, date)
	sortEntities(doc.Entities)
	// 4. Agents take their country from a preceding country mention in the
	// same noun phrase, else from the story.
	r.placeAgents(doc, focusCountry(doc), date)
	r.corefer(doc, date)
}

// matchNames finds the database names of each sentence whose case fits.
func matchNames(m *Matcher, doc *sitrep.Document) []match {
	var words []string
	var found []match
	for _, sent := range doc.Sentences {
		words = words[:0]
		for i := sent.FirstToken; i < sent.EndToken; i++ {
			words = append(words, doc.TokenText(i))
		}
		base := sent.FirstToken
		m.Match(words, func(a, b int, hits []Hit) {
			if hits = CaseFits(hits, words[a:b]); len(hits) > 0 {
				found = append(found, match{base + a, base + b, hits})
			}
		})
	}
	return found
}

// resolveMention resolves an NER mention to the database name found at its
// tokens, byStart indexing found by first token: the same tokens, the name
// without its article, or a name it starts with.
func (r *Resolver) resolveMention(doc *sitrep.Document, e *sitrep.Entity, found []match, byStart map[int]int, date time.Time) {
	if j, ok := byStart[e.FirstToken]; ok && found[j].end == e.EndToken {
		r.apply(doc, e, found[j].hits, date)
		return
	}
	// "the United States": the name without its article.
	if j, ok := byStart[e.FirstToken-1]; ok && found[j].end == e.EndToken && strings.EqualFold(doc.TokenText(e.FirstToken-1), "the") {
		r.apply(doc, e, found[j].hits, date)
		return
	}
	// "The Islamic State" tagged with its article: the name after it.
	if j, ok := byStart[e.FirstToken+1]; ok && found[j].end == e.EndToken && strings.EqualFold(doc.TokenText(e.FirstToken), "the") {
		e.FirstToken++
		e.Start = doc.Tokens[e.FirstToken].Start
		r.apply(doc, e, found[j].hits, date)
		return
	}
	// An entity that starts with a name ("Pakistan Army", "Taliban
	// leaders") resolves to it when nothing better is known.
	if j, ok := byStart[e.FirstToken]; ok && found[j].end < e.EndToken {
		f := &found[j]
		// A name followed by a capitalised word is part of another name
		// ("South Bend", "United States Embassy"), unless that word is
		// an institution or a title ("Pakistan Army").
		next := doc.TokenText(f.end)
		if best(f.hits).Entry.Kind == Agent || (capitalised(next) && !institutions[strings.ToLower(next)]) {
			return
		}
		// "Taliban administration of Afghanistan", "Tehran on Monday":
		// the name ends where lower-case words start (which may then be
		// an agent: "Pakistan army").
		if !capitalised(next) {
			e.EndToken = f.end
			e.End = doc.Tokens[f.end-1].End
		}
		r.apply(doc, e, f.hits, date)
	}
}

// addMissed adds as entities the names and agents found on tokens no entity
// covers: a capitalised name (or a lower-case one that is a name), an agent
// that is more than a determiner.
func (r *Resolver) addMissed(doc *sitrep.Document, found []match, date time.Time) {
	covered := make([]bool, len(doc.Tokens))
	for _, e := range doc.Entities {
		for t := e.FirstToken; t < e.EndToken && t < len(covered); t++ {
			covered[t] = true
		}
	}
	for _, f := range found {
		free := true
		for t := f.start; t < f.end; t++ {
			free = free && !covered[t]
		}
		if !free {
			continue
		}
		h := best(f.hits)
		first := doc.TokenText(f.start)
		if h.Entry.Kind != Agent && !capitalised(first) && !lowerCaseName(doc, f, h) {
			continue
		}
		if h.Entry.Kind == Agent && isDeterminerOnly(doc, f) {
			continue
		}
		e := sitrep.Entity{Span: sitrep.Span{Start: doc.Tokens[f.start].Start, End: doc.Tokens[f.end-1].End}, FirstToken: f.start, EndToken: f.end}
		r.apply(doc, &e, f.hits, date)
		doc.Entities = append(doc.Entities, e)
		for t := f.start; t < f.end; t++ {
			covered[t] = true
		}
	}
}

// placeAgents gives each agent without a country the country of a
// preceding country mention in its noun phrase, else the story's focus;
// a title becomes its officeholder on the date.
func (r *Resolver) placeAgents(doc *sitrep.Document, focus string, date time.Time) {
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if e.Label != sitrep.LabelAGENT || e.Actor == nil || e.Actor.Country != "" {
			continue
		}
		c := countryBefore(doc, i)
		if c == "" {
			c = focus
		}
		if c == "" {
			continue
		}
		a := *e.Actor
		a.Country = c
		a.Code = c + a.Sector
		e.Actor = &a
		// "the president", "Russia's foreign minister": the officeholder
		// on the publication date, unless a name follows the title.
		if t := titleOf(a.Name); t != "" && (i+1 == len(doc.Entities) || doc.Entities[i+1].FirstToken != e.EndToken) {
			if p := r.officeholder(c, t, date); p != nil {
				e.Actor = p
			}
		}
	}
}

// preferNames drops NER mentions that lie inside a longer capitalised
// database name, whose own mention step 3 then adds.
func preferNames(doc *sitrep.Document, found []match) []sitrep.Entity {
	// Matches do not overlap: a token lies in at most one.
	in := make(map[int]int, len(found))
	for j, f := range found {
		if f.end-f.start >= 2 && best(f.hits).Entry.Kind != Agent && capitalised(doc.TokenText(f.start)) {
			for t := f.start; t < f.end; t++ {
				in[t] = j
			}
		}
	}
	out := doc.Entities[:0]
	for _, e := range doc.Entities {
		if j, ok := in[e.FirstToken]; ok {
			if f := found[j]; e.EndToken <= f.end && f.end-f.start > e.EndToken-e.FirstToken {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

// namedCountry is the country whose names and adjectives the matches hold
// most often.
func namedCountry(found []match) string {
	counts := map[string]int{}
	bestC, bestN := "", 0
	for _, f := range found {
		h := best(f.hits)
		if h.Entry.Kind != Country || h.Form == AsPlace || len(h.Entry.Periods) == 0 {
			continue
		}
		c := h.Entry.Periods[0].Country
		if counts[c]++; counts[c] > bestN {
			bestC, bestN = c, counts[c]
		}
	}
	return bestC
}

// preferCountry keeps, of the place hits of several countries, the one in
// country c.
func preferCountry(hits []Hit, c string) []Hit {
	if len(hits) < 2 {
		return hits
	}
	for i, h := range hits {
		if h.Form == AsPlace && h.Entry.Kind == Country && len(h.Entry.Periods) > 0 && h.Entry.Periods[0].Country == c {
			return hits[i : i+1]
		}
	}
	return hits
}

// lowerCaseName reports whether a PETRARCH dictionary name written in lower
// case is a name: PETRARCH matches regardless of case, but a single word
// ("turkey", "us") is a name only before an institution ("ithilen
// government", "ithilen's government").
func lowerCaseName(doc *sitrep.Document, f match, h Hit) bool {
	if !h.Entry.User || !strings.HasPrefix(h.Entry.ID, "petr:") {
		return false
	}
	if f.end-f.start > 1 {
		return true
	}
	n := f.end
	if n < len(doc.Tokens) && (doc.TokenText(n) == "'s" || doc.TokenText(n) == "'") {
		n++
	}
	return n < len(doc.Tokens) && institutions[strings.ToLower(doc.TokenText(n))]
}

func isDeterminerOnly(doc *sitrep.Document, f match) bool {
	return f.end-f.start == 1 && len(doc.TokenText(f.start)) < 3
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// best picks the hit to use: a user's entry (the last loaded), else a
// hand-curated one, else a country, then names over adjectives over seats
// over places.
func best(hits []Hit) Hit {
	b, bs := hits[0], -1
	for _, h := range hits {
		s := 10 - 2*int(h.Form)
		switch {
		case h.Entry.User:
			s += 100
		case h.Entry.Source == "curated":
			s += 50
		}
		if h.Entry.Kind == Country {
			s += 5
		}
		if s >= bs {
			b, bs = h, s
		}
	}
	return b
}

// apply sets the entity's label (when the recognizer gave none), actor and
// metonymy from the hits of its name.
func (r *Resolver) apply(doc *sitrep.Document, e *sitrep.Entity, hits []Hit, date time.Time) {
	h := best(hits)
	a := h.Entry.Actor(date)
	var label sitrep.EntityLabel
	switch {
	case h.Entry.Kind == Agent:
		label = sitrep.LabelAGENT
		a.Name = strings.ToLower(e.Span.Of(doc.Text))
	case h.Form == AsAdjective:
		label = sitrep.LabelNORP
	case h.Entry.Kind == Country:
		label = sitrep.LabelGPE
		if (h.Form == AsName || h.Form == AsSeat) && !placeContext(doc, e.FirstToken) {
			e.Metonymy = true
			a.Sector = "GOV"
			if !strings.Contains(a.Code, "/") { // keep "ELR/GAL" whole
				a.Code = a.Country + "GOV"
			}
		} else if h.Form != AsName {
			// A city is a place of its country, not the country itself.
			a.Name, a.ID, a.Wikidata = e.Span.Of(doc.Text), "", ""
		}
	case h.Entry.Kind == Person:
		label = sitrep.LabelPER
	default:
		label = sitrep.LabelORG
	}
	if e.Label == sitrep.LabelPER && label != sitrep.LabelPER && label != sitrep.LabelAGENT && e.EndToken-e.FirstToken == 1 && !h.Entry.User {
		// A person the database does not know, named like a place or
		// organisation ("Jordan", "Georgia"): trust the recognizer.
		return
	}
	e.Label = label
	e.Actor = &a
}

// placeContext reports whether the token at i reads as a place: after a
// locative preposition, or as a dateline ("Islamabad: …").
func placeContext(doc *sitrep.Document, i int) bool {
	if i > 0 {
		prev := strings.ToLower(doc.TokenText(i - 1))
		if prev == "the" && i > 1 {
			prev = strings.ToLower(doc.TokenText(i - 2))
		}
		if locatives[prev] {
			return true
		}
	}
	if i+1 < len(doc.Tokens) {
		next := doc.TokenText(i + 1)
		if (next == ":" || next == "—" || next == "–") && (i == 0 || sentenceStart(doc, i)) {
			return true
		}
	}
	return false
}

func sentenceStart(doc *sitrep.Document, i int) bool {
	for _, s := range doc.Sentences {
		if s.FirstToken == i {
			return true
		}
		if s.FirstToken > i {
			break
		}
	}
	return false
}

// countryBefore finds a country named just before entity i in its noun
// phrase: "Pakistani security forces", "Pakistan's security forces", "the
// Pakistan's security forces".
func countryBefore(doc *sitrep.Document, i int) string {
	e := doc.Entities[i]
	t := e.FirstToken - 1
	for t >= 0 {
		w := strings.ToLower(doc.TokenText(t))
		if w == "'s" || w == "’s" || w == "'" || w == "the" {
			t--
			continue
		}
		break
	}
	if t < 0 {
		return ""
	}
	for j := i - 1; j >= 0; j-- {
		p := doc.Entities[j]
		if p.EndToken-1 == t && p.Actor != nil && (p.Label == sitrep.LabelGPE || p.Label == sitrep.LabelNORP) {
			return p.Actor.Country
		}
		if p.EndToken <= t {
			break
		}
	}
	return ""
}

// focusCountry is the country the story is about: the one its entities name
// most often, the dateline counting double.
func focusCountry(doc *sitrep.Document) string {
	counts := map[string]int{}
	bestC, bestN := "", 0
	for _, e := range doc.Entities {
		if e.Actor == nil || e.Actor.Country == "" || e.Label == sitrep.LabelAGENT {
			continue
		}
		n := 1
		if e.FirstToken == 0 {
			n = 2
		}
		counts[e.Actor.Country] += n
		if c := counts[e.Actor.Country]; c > bestN {
			bestC, bestN = e.Actor.Country, c
		}
	}
	return bestC
}

func sortEntities(es []sitrep.Entity) {
	slices.SortStableFunc(es, func(a, b sitrep.Entity) int { return a.Start - b.Start })
}

// personalPronouns are the ones that stand for a participant; possessives
// ("his license", "her visit") only modify, and "her" is often one.
var personalPronouns = map[string]bool{"he": true, "him": true, "himself": true, "she": true, "herself": true}

// linkPronouns adds he/him/she… as PRON mentions of a resolved person:
// the first person named earlier in the same sentence, else in one of the two
// sentences before (the subject is usually named first). Gender is not
// checked; "it" and "they" are left alone, their antecedents being too often
// wrong without a parse.
func linkPronouns(doc *sitrep.Document, next *int) {
	if len(doc.Sentences) == 0 {
		return
	}
	covered := make(map[int]bool, len(doc.Entities))
	for _, e := range doc.Entities {
		for t := e.FirstToken; t < e.EndToken; t++ {
			covered[t] = true
		}
	}
	n := len(doc.Entities)
	k, ent := 0, 0 // current sentence; first entity not before it
	for t := range doc.Tokens {
		for k+1 < len(doc.Sentences) && t >= doc.Sentences[k].EndToken {
			k++
		}
		if covered[t] || !personalPronouns[strings.ToLower(doc.TokenText(t))] {
			continue
		}
		for ent < n && doc.Entities[ent].EndToken <= doc.Sentences[max(0, k-2)].FirstToken {
			ent++
		}
		ante := -1
		for back := 0; back <= 2 && k-back >= 0 && ante < 0; back++ {
			sent := doc.Sentences[k-back]
			for i := ent; i < n; i++ {
				e := &doc.Entities[i]
				if e.FirstToken >= t || e.FirstToken >= sent.EndToken {
					break
				}
				if e.FirstToken >= sent.FirstToken && e.Label == sitrep.LabelPER && e.Actor != nil {
					ante = i
					break
				}
			}
		}
		if ante < 0 {
			continue
		}
		a := &doc.Entities[ante]
		doc.Entities = append(doc.Entities, sitrep.Entity{Span: doc.Tokens[t].Span, FirstToken: t, EndToken: t + 1,
			Label: sitrep.LabelPRON, Actor: a.Actor, Cluster: clusterOf(a, next)})
	}
	if len(doc.Entities) > n {
		sortEntities(doc.Entities)
	}
}

// corefer links mentions of one referent with a cluster number: the same
// actor, a surname after a full name, an acronym in parentheses after its
// expansion, and "the group" back to the last organisation or group.
func (r *Resolver) corefer(doc *sitrep.Document, date time.Time) {
	addNominals(doc)
	c := chains{doc: doc, next: 1, byActor: map[string]int{}, byText: map[string]int{}, surname: map[string]int{}, lastOrg: -1}
	for i := range doc.Entities {
		c.link(i)
	}
	linkPronouns(doc, &c.next)
	dropUnlinked(doc)
}

// chains is corefer's state as it reads the entities in order.
type chains struct {
	doc     *sitrep.Document
	next    int            // the next cluster number
	byActor map[string]int // actor ID → cluster of its first mention
	byText  map[string]int // lower-cased text (or acronym) → cluster
	surname map[string]int // last word of a person's name → entity index
	lastOrg int            // the last organisation or group, -1 if none
}

// link puts entity i in the chain of an earlier mention, if any, and records
// what later mentions may refer back to.
func (c *chains) link(i int) {
	doc := c.doc
	e := &doc.Entities[i]
	text := e.Span.Of(doc.Text)
	key := strings.ToLower(text)
	switch {
	case e.Label == sitrep.LabelPER && e.EndToken-e.FirstToken == 1:
		if j, ok := c.surname[key]; ok {
			p := &doc.Entities[j]
			if e.Actor == nil || (p.Actor != nil && e.Actor.ID == p.Actor.ID) {
				e.Actor = p.Actor
				e.Cluster = clusterOf(p, &c.next)
			}
		}
	case e.Label == sitrep.LabelAGENT && e.Actor == nil:
		// A nominal ("the group") refers back to the last organisation.
		if c.lastOrg >= 0 {
			p := &doc.Entities[c.lastOrg]
			e.Actor = p.Actor
			e.Cluster = clusterOf(p, &c.next)
		}
		return
	}
	if e.Label == sitrep.LabelPER && e.EndToken-e.FirstToken > 1 {
		last := strings.ToLower(doc.TokenText(e.EndToken - 1))
		if _, ok := c.surname[last]; !ok {
			c.surname[last] = i
		}
	}
	c.acronym(e, text)
	if e.Cluster == 0 {
		c.join(i, e, key)
	}
	if e.Label != sitrep.LabelAGENT && e.Label != sitrep.LabelNORP {
		cl := clusterOf(e, &c.next)
		c.byText[key] = cl
		if e.Actor != nil && e.Actor.ID != "" {
			if _, ok := c.byActor[e.Actor.ID]; !ok {
				c.byActor[e.Actor.ID] = cl
			}
		}
	}
	if e.Label == sitrep.LabelORG && e.Actor != nil && (e.Actor.Sector == "REB" || e.Actor.Sector == "") {
		c.lastOrg = i
	}
}

// acronym records an acronym in parentheses right after a name as that
// name.
func (c *chains) acronym(e *sitrep.Entity, text string) {
	doc := c.doc
	if e.EndToken+2 < len(doc.Tokens) && doc.TokenText(e.EndToken) == "(" && doc.TokenText(e.EndToken+2) == ")" {
		acr := doc.TokenText(e.EndToken + 1)
		if isAcronymOf(acr, text) || (e.Actor != nil && e.Actor.ID != "") {
			c.byText[strings.ToLower(acr)] = clusterOf(e, &c.next)
		}
	}
}

// join puts entity i, in no chain yet, in the chain of its actor, else of
// its text, taking the actor of that chain's last mention that has one.
func (c *chains) join(i int, e *sitrep.Entity, key string) {
	doc := c.doc
	if e.Actor != nil && e.Actor.ID != "" && e.Label != sitrep.LabelAGENT {
		if cl, ok := c.byActor[e.Actor.ID]; ok {
			e.Cluster = cl
		}
	}
	if cl, ok := c.byText[key]; ok && e.Cluster == 0 {
		e.Cluster = cl
		if e.Actor == nil {
			for j := i - 1; j >= 0; j-- {
				if doc.Entities[j].Cluster == cl && doc.Entities[j].Actor != nil {
					e.Actor = doc.Entities[j].Actor
					break
				}
			}
		}
	}
}

// dropUnlinked drops the nominals with no antecedent and unsets the cluster
// of one mention, which is no chain.
func dropUnlinked(doc *sitrep.Document) {
	kept := doc.Entities[:0]
	for _, e := range doc.Entities {
		if e.Actor != nil || e.Label != sitrep.LabelAGENT {
			kept = append(kept, e)
		}
	}
	doc.Entities = kept
	size := map[int]int{}
	for _, e := range doc.Entities {
		size[e.Cluster]++
	}
	for i := range doc.Entities {
		if size[doc.Entities[i].Cluster] == 1 {
			doc.Entities[i].Cluster = 0
		}
	}
}

func clusterOf(e *sitrep.Entity, next *int) int {
	if e.Cluster == 0 {
		e.Cluster = *next
		*next++
	}
	return e.Cluster
}

// isAcronymOf reports whether acr is made of the initials of name's words
// (hyphenated parts counted, short function words optional).
func isAcronymOf(acr, name string) bool {
	if len(acr) < 2 || strings.ToUpper(acr) != acr {
		return false
	}
	var initials []byte
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		if w == "" {
			continue
		}
		initials = append(initials, byte(unicode.ToUpper(rune(w[0]))))
	}
	// Allow skipped words: acr must be a subsequence of the initials that
	// starts with the first one.
	j := 0
	for i := 0; i < len(initials) && j < len(acr); i++ {
		if initials[i] == acr[j] {
			j++
		}
	}
	return j == len(acr) && initials[0] == acr[0]
}

// ResolveSpan returns the actor of an argument span (a subject or object the
// parser found): the entity that covers it, else the head-most entity inside
// it, else a database name or agent inside it with the country of its noun
// phrase or the story.
func (r *Resolver) ResolveSpan(doc *sitrep.Document, span sitrep.Span) (sitrep.Actor, bool) {
	var bestE *sitrep.Entity
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if e.Actor == nil {
			continue
		}
		if e.Span.Contains(span) {
			return *e.Actor, true
		}
		if !span.Contains(e.Span) {
			continue
		}
		// Prefer the entity holding the span's head: the last one that is
		// not a modifier (NORP, a possessive country).
		if bestE == nil || rank(doc, e) >= rank(doc, bestE) {
			bestE = e
		}
	}
	if bestE != nil {
		return *bestE.Actor, true
	}
	m := r.pool.Get().(*Matcher)
	defer r.pool.Put(m)
	first, end := -1, -1
	for i, t := range doc.Tokens {
		if t.Start >= span.Start && t.End <= span.End {
			if first < 0 {
				first = i
			}
			end = i + 1
		}
	}
	if first < 0 {
		return sitrep.Actor{}, false
	}
	words := make([]string, 0, end-first)
	for i := first; i < end; i++ {
		words = append(words, doc.TokenText(i))
	}
	var agent, country *sitrep.Actor
	m.Match(words, func(a, b int, hits []Hit) {
		if hits = CaseFits(hits, words[a:b]); len(hits) == 0 {
			return
		}
		h := best(hits)
		act := h.Entry.Actor(doc.Date)
		switch {
		case h.Entry.Kind == Agent:
			agent = &act
		case h.Entry.Kind == Country && country == nil:
			country = &act
		}
	})
	switch {
	case agent != nil:
		c := ""
		if country != nil {
			c = country.Country
		} else {
			c = focusCountry(doc)
		}
		agent.Country, agent.Code = c, c+agent.Sector
		return *agent, true
	case country != nil:
		return *country, true
	}
	return sitrep.Actor{}, false
}

// rank orders candidate heads: persons, organisations and agents over
// places, places over adjectives and possessives.
func rank(doc *sitrep.Document, e *sitrep.Entity) int {
	if e.EndToken < len(doc.Tokens) {
		if n := doc.TokenText(e.EndToken); n == "'s" || n == "’s" || n == "'" {
			return 0
		}
	}
	switch e.Label {
	case sitrep.LabelNORP:
		return 0
	case sitrep.LabelGPE, sitrep.LabelLOC:
		return 1
	}
	return 2
}

// addNominals adds "the group", "the banned group" and the like as AGENT
// mentions without an actor; corefer links them to their antecedent.
func addNominals(doc *sitrep.Document) {
	covered := make(map[int]bool, len(doc.Entities))
	for _, e := range doc.Entities {
		for t := e.FirstToken; t < e.EndToken; t++ {
			covered[t] = true
		}
	}
	n := len(doc.Entities)
	for i := range doc.Tokens {
		if covered[i] || !nominals[strings.ToLower(doc.TokenText(i))] {
			continue
		}
		the := -1
		for j := i - 1; j >= 0 && j >= i-2; j-- {
			if strings.EqualFold(doc.TokenText(j), "the") {
				the = j
				break
			}
		}
		if the < 0 || covered[the] || (the < i-1 && covered[i-1]) {
			continue
		}
		doc.Entities = append(doc.Entities, sitrep.Entity{Span: sitrep.Span{Start: doc.Tokens[the].Start, End: doc.Tokens[i].End},
			FirstToken: the, EndToken: i + 1, Label: sitrep.LabelAGENT})
	}
	if len(doc.Entities) > n {
		sortEntities(doc.Entities)
	}
}
