package geo

import (
	"math"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// Weights of the resolution score. A candidate's score is its prior (size
// and kind) plus the evidence the rest of the document gives for it.
const (
	wFocus     = 5.0 // share of the document's places in the candidate's country
	wAdmin1    = 2.5 // the candidate's admin-1 (and again its admin-2) unit is named in the document
	wHierarchy = 4.0 // "Pandi, Bulacan": the next name contains the candidate
	wNear      = 1.5 // another place of the document lies within 300 km
	wAltName   = 1.5 // penalty for a town matched by an alternate name only
	wSeat      = 3.0 // penalty for an admin unit named after its seat
	wSibling   = 2.0 // a list's next or previous name is of the same kind
	wClose     = 3.0 // a candidate of another name lies within closeKm ("Edmonton" and "Enfield" in London)
	closeKm    = 30
	passes     = 3
)

// prior ranks the candidates of a name before context: countries, then
// admin-1 units and capitals, then places by population.
func (g *Gazetteer) prior(ref uint32) float64 {
	e := &g.entries[ref>>refBits]
	s := math.Log10(float64(e.pop) + 10)
	switch e.kind {
	case kRegion:
		s = 12
	case kCountry:
		s += 3
	case kAdmin1:
		s += 1.5
	case kAdmin2:
		s += 0.3
	case kSubcity:
		s -= 1
	}
	switch e.feat() {
	case "PPLC":
		s += 3 // capitals are in the news far beyond their size
	case "PPLA":
		s += 1
	case "PPLA2":
		s += 0.5
	}
	if t := ref & (1<<refBits - 1); t == refAlt && e.kind >= kAdmin2 || t == refShort {
		s -= wAltName
	}
	return s
}

// base is the prior of candidate k of m, less wSeat for an admin unit that
// shares its name with a city holding a tenth of its people or more ("Kabul",
// "Zürich" and "São Paulo" are the cities; "Quebec" is the province, fifteen
// times the city).
func (g *Gazetteer) base(m *mention, k int) float64 {
	if g.namesakeShare(m, k) >= 0.1 {
		return g.prior(m.refs[k]) - wSeat
	}
	return g.prior(m.refs[k])
}

// namesakeShare is, for an admin unit among m's candidates, the largest share
// of its people that a city of its name holds; 0 for other candidates.
func (g *Gazetteer) namesakeShare(m *mention, k int) float64 {
	e := &g.entries[m.refs[k]>>refBits]
	if e.kind != kAdmin1 && e.kind != kAdmin2 || e.pop == 0 {
		return 0
	}
	share := 0.0
	for _, r := range m.refs {
		c := &g.entries[r>>refBits]
		if c.kind == kCity && c.iso3() == e.iso3() && c.adm1() == e.adm1() {
			share = max(share, float64(c.pop)/float64(e.pop))
		}
	}
	return share
}

// big reports whether m names a region, a country or an admin-1 unit that is
// not mostly one city of its name (Jamaica's Kingston parish is the city).
func (g *Gazetteer) big(m *mention) bool {
	for k, r := range m.refs {
		if g.entries[r>>refBits].kind <= kAdmin1 && g.namesakeShare(m, k) < 0.5 {
			return true
		}
	}
	return false
}

// resolve picks a place for each mention: a first pass by prior, then
// passes that add the document's country focus, its named admin-1 units, the
// "Town, Province" pattern and nearness to the other places chosen.
func (g *Gazetteer) resolve(doc *sitrep.Document, ms []mention) {
	if len(ms) == 0 {
		return
	}
	for i := range ms {
		g.byPrior(doc, &ms[i])
	}
	group := nameGroups(ms)
	pairs := g.closePairs(ms, group)
	local := map[closeKey]float64{} // the best "Town, Province" and list evidence of a name's mentions
	f := focus{countries: map[string]float64{}, admins: map[string]bool{}}
	actors := actorCountries(doc)
	for range passes - 1 {
		g.tally(&f, ms, group)
		for _, c := range actors {
			f.countries[c]++
			f.total++
		}
		clear(local)
		g.patterns(doc, ms, group, local)
		changed := false
		for i := range ms {
			m := &ms[i]
			if len(m.refs) == 1 {
				continue
			}
			if best := g.rescore(m, &f, g.chosen(&ms[group[i]]), local, pairs, group[i]); best != m.best {
				m.best, changed = best, true
			}
		}
		if !changed {
			break
		}
	}
}

// actorCountries lists the countries of the organisations and people the
// actor database names in doc ("PML-N workers", "an MQM leader"): each is
// a vote like a place's for its country, so that a short report whose only
// place is a homonym ("Hyderabad") is read in the actors' country. Generic
// agents ("workers", "police") are not: they take their country from the
// places.
func actorCountries(doc *sitrep.Document) []string {
	if doc == nil {
		return nil
	}
	var cs []string
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if a := e.Actor; a != nil && (e.Label == sitrep.LabelORG || e.Label == sitrep.LabelPER) && len(a.Country) == 3 &&
			a.ID != "" && !strings.HasPrefix(a.ID, "agent:") && !slices.Contains(cs, a.Country) {
			cs = append(cs, a.Country)
		}
	}
	return cs
}

// byPrior keeps the candidates a unit word beside m names and picks the
// one of highest prior.
func (g *Gazetteer) byPrior(doc *sitrep.Document, m *mention) {
	if doc != nil {
		g.unitWord(doc, m)
	}
	best, bs := 0, math.Inf(-1)
	for k := range m.refs {
		if s := g.base(m, k); s > bs {
			best, bs = k, s
		}
	}
	m.best = best
}

// nameGroups gives each mention the index of the first mention of the same
// name. Votes for the document's countries are by distinct name, so that
// "Edmonton" six times does not outvote Tottenham and Walthamstow.
func nameGroups(ms []mention) []int {
	group := make([]int, len(ms))
	firstOf := make(map[*uint32]int, len(ms))
	for i := range ms {
		k := &ms[i].refs[0]
		if j, ok := firstOf[k]; ok {
			group[i] = j
		} else {
			group[i], firstOf[k] = i, i
		}
	}
	return group
}

// focus is what the places chosen so far say of the document: the
// countries its names vote for, the admin units it names, its towns.
type focus struct {
	countries map[string]float64 // votes by distinct name
	total     float64            // the distinct names that voted
	admins    map[string]bool    // "CC.A1" and "CC.A1.A2" of the admin units chosen
	towns     []int32            // entries of the admin-2 units and smaller places chosen
}

// tally counts the votes of the places chosen in ms, afresh.
func (g *Gazetteer) tally(f *focus, ms []mention, group []int) {
	clear(f.countries)
	clear(f.admins)
	f.towns = f.towns[:0]
	f.total = 0
	for i := range ms {
		e := g.chosen(&ms[i])
		if t := int32(ms[i].refs[ms[i].best] >> refBits); e.kind >= kAdmin2 && !slices.Contains(f.towns, t) {
			f.towns = append(f.towns, t)
		}
		if group[i] == i {
			f.countries[e.iso3()]++
			f.total++
		}
		switch e.kind {
		case kAdmin1:
			f.admins[e.iso3()+"."+e.adm1()] = true
		case kAdmin2:
			f.admins[e.iso3()+"."+e.adm1()+"."+e.adm2()] = true
		}
	}
}

// patterns records in local, for each name and candidate, the best
// "Town, Province" and list evidence of the name's mentions. One sense per
// document: every mention of a name gets the pattern evidence of any of
// them ("COLUMBIA, Ky." … "of Columbia").
func (g *Gazetteer) patterns(doc *sitrep.Document, ms []mention, group []int, local map[closeKey]float64) {
	for i := range ms {
		m := &ms[i]
		if len(m.refs) == 1 {
			continue
		}
		for k, r := range m.refs {
			e := &g.entries[r>>refBits]
			b := 0.0
			if i+1 < len(ms) && g.contains(&ms[i+1], e) && adjacent(doc, m, &ms[i+1]) {
				b += wHierarchy
			}
			if g.sibling(doc, ms, i, e.kind) {
				b += wSibling
			}
			if key := (closeKey{group[i], k}); b > local[key] {
				local[key] = b
			}
		}
	}
}

// rescore returns the best candidate of m, of name group grp whose first
// mention chose own, given the document's focus and pattern evidence.
func (g *Gazetteer) rescore(m *mention, f *focus, own *entry, local map[closeKey]float64, pairs map[closeKey]bool, grp int) int {
	// A name that is also a country's or a province's takes a town only
	// on the "Town, Province" pattern: a list of US states does not make
	// "Ontario" the Oregon town.
	big := g.big(m)
	best, bs := m.best, math.Inf(-1)
	for k, r := range m.refs {
		e := &g.entries[r>>refBits]
		s := g.base(m, k)
		if e.iso3() != "" {
			s = f.weigh(s, e, own, big)
		}
		s += local[closeKey{grp, k}]
		if e.kind >= kAdmin2 && !big && g.near(f.towns, m, e) {
			s += wNear
		}
		if !big && pairs[closeKey{grp, k}] {
			s += wClose
		}
		if s > bs {
			best, bs = k, s
		}
	}
	return best
}

// weigh adds to the score s of candidate e (of a country) its country's
// share of the other names' votes and a bonus for each admin unit of it the
// document names; s is added to in place, not summed apart, so that the
// additions keep their order and the scores their last bit.
func (f *focus) weigh(s float64, e, own *entry, big bool) float64 {
	c := f.countries[e.iso3()]
	if own.iso3() == e.iso3() {
		c-- // the mention's own vote
	}
	if f.total > 1 {
		s += wFocus * c / (f.total - 1)
	}
	if e.kind > kAdmin1 && !big && f.admins[e.iso3()+"."+e.adm1()] {
		s += wAdmin1
	}
	if e.kind > kAdmin2 && !big && e.adm2() != "" && f.admins[e.iso3()+"."+e.adm1()+"."+e.adm2()] {
		s += wAdmin1
	}
	return s
}

// unitWord keeps, of m's candidates, those of the kind a unit word beside it
// names: "Washington state" and "the state of Washington" are no city,
// "the city of Kabul" no province. Countries' units differ ("Bulacan
// province" is an admin-2 unit), so a province or state may be either.
func (g *Gazetteer) unitWord(doc *sitrep.Document, m *mention) {
	want := kind(255)
	toks := doc.Tokens
	if m.end < len(toks) {
		want = unitKind(toks[m.end].Of(doc.Text))
	}
	if want == 255 && m.first >= 2 && toks[m.first-1].Of(doc.Text) == "of" {
		want = unitKind(toks[m.first-2].Of(doc.Text))
	}
	if want == 255 {
		return
	}
	var same []uint32
	for _, r := range m.refs {
		if r&(1<<refBits-1) == refDemonym {
			return // an adjective: "the Canadian city"
		}
		k := g.entries[r>>refBits].kind
		if k == want || want <= kAdmin2 && (k == kAdmin1 || k == kAdmin2) {
			same = append(same, r)
		}
	}
	if want == kAdmin2 {
		// "Ghazni district" is the district, not the province of the same
		// name in the same country (another country's province stays: "the
		// Karak district" of Jordan).
		districts := map[string]bool{}
		for _, r := range same {
			if e := &g.entries[r>>refBits]; e.kind == kAdmin2 {
				districts[e.iso3()] = true
			}
		}
		if len(districts) > 0 {
			kept := same[:0:0]
			for _, r := range same {
				if e := &g.entries[r>>refBits]; e.kind == kAdmin2 || !districts[e.iso3()] {
					kept = append(kept, r)
				}
			}
			same = kept
		}
	}
	if len(same) > 0 && len(same) < len(m.refs) {
		m.refs = same
	}
}

// unitKind is the kind of unit a lower-case word names, 255 if none.
func unitKind(w string) kind {
	for _, u := range unitWords {
		if u.word == w {
			return u.kind
		}
	}
	return 255
}

func (g *Gazetteer) chosen(m *mention) *entry { return &g.entries[m.refs[m.best]>>refBits] }

// contains reports whether any candidate of m is e's country or admin-1 unit.
func (g *Gazetteer) contains(m *mention, e *entry) bool {
	if e.kind <= kCountry {
		return false
	}
	for _, r := range m.refs {
		c := &g.entries[r>>refBits]
		if c.iso3() != e.iso3() || r&(1<<refBits-1) == refDemonym {
			continue
		}
		if c.kind == kCountry || c.kind == kAdmin1 && e.kind > kAdmin1 && c.adm1() == e.adm1() ||
			c.kind == kAdmin2 && e.kind > kAdmin2 && c.adm1() == e.adm1() && c.adm2() == e.adm2() && c.adm2() != "" {
			return true
		}
	}
	return false
}

// adjacent reports whether b follows a after a comma or "in" ("Pandi,
// Bulacan", "Cabanatuan in Nueva Ecija").
func adjacent(doc *sitrep.Document, a, b *mention) bool {
	if doc == nil || b.first != a.end+1 {
		return false
	}
	w := doc.Tokens[a.end].Of(doc.Text)
	return w == "," || w == "in" || w == "(" || w == "of"
}

// sibling reports whether a name listed next to mention i ("Ohio,
// Washington and Wyoming") was resolved to a place of kind k: lists are of
// one kind.
func (g *Gazetteer) sibling(doc *sitrep.Document, ms []mention, i int, k kind) bool {
	if doc == nil {
		return false
	}
	for _, j := range [2]int{i - 1, i + 1} {
		if j < 0 || j >= len(ms) {
			continue
		}
		a, b := &ms[min(i, j)], &ms[max(i, j)]
		if b.first != a.end+1 || g.chosen(&ms[j]).kind != k || g.contains(b, g.chosen(a)) {
			continue // not a list but "Pandi, Bulacan"
		}
		if w := doc.Tokens[a.end].Of(doc.Text); w == "," || w == "and" || w == "or" || w == "/" {
			return true
		}
	}
	return false
}

// closeKey is a name (its first mention) and one of its candidates.
type closeKey struct{ group, cand int }

// closePairs finds the town candidates of each distinct name that lie within
// closeKm of a town candidate of another name: two small places named
// together are neighbours more often than they are namesakes far apart.
// Documents with very many names skip it; the pairs grow as their square.
func (g *Gazetteer) closePairs(ms []mention, group []int) map[closeKey]bool {
	var heads []int
	for i := range ms {
		if group[i] == i && len(ms[i].refs) <= 64 {
			heads = append(heads, i)
		}
	}
	if len(heads) < 2 || len(heads) > 200 {
		return nil
	}
	out := map[closeKey]bool{}
	const dlat = closeKm / 111.0
	for x, a := range heads {
		for _, b := range heads[x+1:] {
			for ka, ra := range ms[a].refs {
				ea := &g.entries[ra>>refBits]
				if ea.kind < kAdmin2 {
					continue
				}
				for kb, rb := range ms[b].refs {
					eb := &g.entries[rb>>refBits]
					if eb.kind < kAdmin2 || ra>>refBits == rb>>refBits || math.Abs(float64(ea.lat-eb.lat)) > dlat {
						continue
					}
					if km(float64(ea.lat), float64(ea.lon), float64(eb.lat), float64(eb.lon)) <= closeKm {
						out[closeKey{a, ka}], out[closeKey{b, kb}] = true, true
					}
				}
			}
		}
	}
	return out
}

// near reports whether one of towns (the distinct towns and admin-2 units
// chosen in the document) other than m's own candidates lies within 300 km
// of e.
func (g *Gazetteer) near(towns []int32, m *mention, e *entry) bool {
	for _, t := range towns {
		o := &g.entries[t]
		// 300 km is 2.7° of latitude: most pairs fail that cheap test.
		if math.Abs(float64(e.lat-o.lat)) >= 2.7 || km(float64(e.lat), float64(e.lon), float64(o.lat), float64(o.lon)) >= 300 {
			continue
		}
		if !slices.ContainsFunc(m.refs, func(r uint32) bool { return int32(r>>refBits) == t }) {
			return true
		}
	}
	return false
}

// km is the great-circle distance.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = math.Pi / 180
	p1, p2 := lat1*r, lat2*r
	a := math.Sin((p2-p1)/2)*math.Sin((p2-p1)/2) + math.Cos(p1)*math.Cos(p2)*math.Sin((lon2-lon1)*r/2)*math.Sin((lon2-lon1)*r/2)
	return 6371 * 2 * math.Asin(math.Min(1, math.Sqrt(a)))
}
