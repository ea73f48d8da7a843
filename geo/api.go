package geo

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// ResolveSpan resolves the place that span of doc names, for a caller that
// found a location phrase ("in the Kurram district of Khyber Pakhtunkhwa").
// The first toponym the geo stage found in the span answers (in "X district
// of Y" the most specific name comes first); otherwise the span's text is looked up with the document's
// toponyms as context. It reports false when the span names no known place.
func (g *Gazetteer) ResolveSpan(doc *sitrep.Document, span sitrep.Span) (sitrep.Place, bool) {
	for _, t := range doc.Toponyms {
		if span.Overlaps(t.Span) && !t.Demonym {
			return t.Place, true
		}
	}
	key := fold(strings.TrimSpace(span.Of(doc.Text)))
	key = strings.TrimPrefix(key, "the ")
	refs, ok := lookup(g, key)
	want := kind(255)
	if !ok {
		// "Kurram district", "Punjab province", "city of Quetta": the
		// name without its unit word, and of the kind the word says.
		for _, u := range unitWords {
			if k, found := strings.CutSuffix(key, " "+u.word); found {
				key, want = k, u.kind
				break
			}
			if k, found := strings.CutPrefix(key, u.word+" of "); found {
				key, want = k, u.kind
				break
			}
		}
		refs, ok = lookup(g, key)
	}
	if !ok && len(key) >= 5 && (want != 255 || locEntity(doc, span)) {
		// A transliteration spelt another way ("Deh Sabz" for Deh-e Sabz,
		// "Mir Bacha Kot" for Mīr Bachah Kōṯ): its consonant skeleton, among
		// the places of the document's countries; in a document that
		// names none, the one large town of that skeleton anywhere.
		if cs := docCountries(doc); len(cs) > 0 {
			refs = g.bySkeleton(key, cs)
		} else {
			refs = g.bigBySkeleton(key)
		}
		ok = len(refs) > 0
	}
	if ok {
		// A country's adjective ("American", "Thai") is no place name.
		refs = slices.DeleteFunc(slices.Clone(refs), func(r uint32) bool { return r&(1<<refBits-1) == refDemonym })
		ok = len(refs) > 0
	}
	// An English word ("Sahib", "Mobile") names a place only where a unit
	// word says so ("Mobile county").
	if !ok || want == 255 && g.englishPhrase(key) && g.bestKind(refs) != kCountry {
		// A location name whose last words name a large town lies in it:
		// a neighbourhood and its city run together (see tailPlace).
		if span, refs, ok = g.tailPlace(doc, span); !ok {
			return sitrep.Place{}, false
		}
		want = 255
	}
	if want != 255 {
		var same []uint32
		for _, r := range refs {
			if g.entries[r>>refBits].kind == want {
				same = append(same, r)
			}
		}
		if len(same) > 0 {
			refs = same
		}
	}
	// Score the candidates as the stage would, with the document's
	// toponyms as the other mentions.
	ms := make([]mention, 0, len(doc.Toponyms)+1)
	ms = append(ms, mention{Span: span, refs: refs})
	for _, t := range doc.Toponyms {
		if r, ok := g.ref(t.Place); ok {
			ms = append(ms, mention{Span: t.Span, refs: []uint32{r}})
		}
	}
	g.resolve(nil, ms)
	r := ms[0].refs[ms[0].best]
	if cs := docCountries(doc); len(cs) > 0 && g.stray(r) && !slices.Contains(cs, g.entries[r>>refBits].iso3()) {
		return sitrep.Place{}, false
	}
	return g.place(int32(r >> refBits)), true
}

// tailPlace returns the last words of span, a location name of more than
// one word that the gazetteer lacks after a locative word, that name a
// large town by its own name ("in Xoloville Nairobi": a neighbourhood and
// its city run together), with that town's entries; false if none do. A
// small place or another spelling is too often a generic word of the name
// (a fort, a valley, a house), which is left to the places the sentence
// names.
func (g *Gazetteer) tailPlace(doc *sitrep.Document, span sitrep.Span) (sitrep.Span, []uint32, bool) {
	if !locEntity(doc, span) || !afterLocative(doc, span) {
		return span, nil, false
	}
	cs := docCountries(doc)
	text := span.Of(doc.Text)
	for i := 0; i+1 < len(text); i++ {
		if text[i] != ' ' {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(text[i+1:]); !unicode.IsUpper(r) {
			continue
		}
		key := fold(text[i+1:])
		refs, ok := lookup(g, key)
		if !ok || g.englishPhrase(key) {
			continue
		}
		refs = slices.DeleteFunc(slices.Clone(refs), func(r uint32) bool {
			e := &g.entries[r>>refBits]
			return r&(1<<refBits-1) != refPrimary || e.kind < kCity || e.pop < bigTownPop || len(cs) > 0 && !slices.Contains(cs, e.iso3())
		})
		if len(refs) > 0 {
			return sitrep.Span{Start: span.Start + i + 1, End: span.End}, refs, true
		}
	}
	return span, nil, false
}

// afterLocative reports whether the word before span (past "the") places
// something: "in", "at", "near" …, not "of".
func afterLocative(doc *sitrep.Document, span sitrep.Span) bool {
	before := strings.Fields(strings.ToLower(doc.Text[max(0, span.Start-24):span.Start]))
	if n := len(before); n > 0 && before[n-1] == "the" {
		before = before[:n-1]
	}
	n := len(before)
	return n > 0 && before[n-1] != "of" && locativePreps[before[n-1]]
}

// strayPop is the population from which a town's alternate name is taken
// even in a story about another country ("Peking", "Bombay").
const strayPop = 1000000

// stray reports whether ref is a town or district matched by an alternate
// or variant spelling only, which a story about another country does not
// mean: a Malaysian village's alternate name in a story set in Pakistan.
func (g *Gazetteer) stray(ref uint32) bool {
	e := &g.entries[ref>>refBits]
	t := ref & (1<<refBits - 1)
	return e.kind >= kAdmin2 && (t == refAlt || t == refShort) && e.pop < strayPop
}

// smallTownPop is the population under which a town named by its own name
// is taken only when the rest of the document does not place it elsewhere.
const smallTownPop = 10000

// smallTown reports whether ref is a town of under smallTownPop people
// matched by its own name (stray covers the other spellings).
func (g *Gazetteer) smallTown(ref uint32) bool {
	e := &g.entries[ref>>refBits]
	return e.kind >= kCity && e.pop < smallTownPop && !g.stray(ref)
}

// docCountries lists the countries of doc's resolved toponyms and of the
// actors its entities resolved to ("TTP militants" place a note in
// Pakistan).
func docCountries(doc *sitrep.Document) []string {
	var cs []string
	for _, t := range doc.Toponyms {
		if t.Country != "" && !slices.Contains(cs, t.Country) {
			cs = append(cs, t.Country)
		}
	}
	for i := range doc.Entities {
		if a := doc.Entities[i].Actor; a != nil && len(a.Country) == 3 && !slices.Contains(cs, a.Country) {
			cs = append(cs, a.Country)
		}
	}
	return cs
}

// skeleton is a spelling-blind key of a folded transliterated name: its
// consonants without h, w and y, runs as one, spaces dropped ("deh e sabz"
// and "deh sabz" are "dsbz"; "mir bachah kot" and "mir bacha kot" "mrbckt").
func skeleton(key string, buf []byte) []byte {
	buf = buf[:0]
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h', 'w', ' ', '.':
			continue
		case 'q':
			c = 'k' // qaf, spelt either way ("Qila", "Killa")
		}
		if n := len(buf); n > 0 && buf[n-1] == c {
			continue
		}
		buf = append(buf, c)
	}
	return buf
}

// minSkeleton is the shortest skeleton matched: shorter ones ("nd" for
// "Nad", "Nida", "Naid") collide too often. A large town is matched from
// minBigSkeleton consonants ("lgs" for Lagos), the name from
// minBigKey letters.
const (
	minSkeleton    = 4
	minBigSkeleton = 3
	minBigKey      = 5
)

// minShortTown is the smallest town matched by a skeleton of fewer than
// minSkeleton consonants.
const minShortTown = 10000

// bigTownPop is the population from which a town is matched by a variant
// spelling in a document that names no country of it (see bigBySkeleton).
const bigTownPop = 100000

// bySkeleton returns the towns and admin-2 units of countries whose name has
// key's skeleton. The index is built on first use: only names the gazetteer
// lacks come here.
func (g *Gazetteer) bySkeleton(key string, countries []string) []uint32 {
	if len(countries) == 0 {
		return nil
	}
	var buf [64]byte
	sk := skeleton(key, buf[:0])
	// A short skeleton ("gzn" of "Ghazny") is taken from minBigKey
	// letters, for a district or a town of minShortTown people of the
	// document's first country only.
	short := len(sk) < minSkeleton
	if short && (len(sk) < minBigSkeleton || len(key) < minBigKey) {
		return nil
	}
	g.skelOnce.Do(g.indexSkeletons)
	var out []uint32
	for _, n := range g.skel[string(sk)] {
		// The same skeleton is not the same name: "Artsakh" is no
		// Hiratsuka, nor "Golan Heights" Glenn Heights; a dropped vowel,
		// a doubled letter or a space is ("deh sabz", "deh e sabz").
		e := &g.entries[n.ref>>refBits]
		if short && e.kind != kAdmin2 && e.pop < minShortTown {
			continue
		}
		if (short && e.iso3() == countries[0] || !short && slices.Contains(countries, e.iso3())) && editsWithin(key, n.name, maxEdits(key)) {
			out = append(out, n.ref)
		}
	}
	return out
}

// bigBySkeleton returns the names of the one town of at least bigTownPop
// people, anywhere, whose name has key's skeleton and lies within
// maxEdits letters or spaces dropped or added of key (a dropped vowel,
// a run-on name: "Johanesburg"); nil if there is none or there are
// several towns. A misspelt large town is the likelier reading of a
// location name the gazetteer lacks than a village of another spelling,
// and only where one town answers; a changed letter is not enough
// ("Dallis" is another name than Dallas, "Porth" than Perth).
func (g *Gazetteer) bigBySkeleton(key string) []uint32 {
	if len(key) < minBigKey {
		return nil
	}
	var buf [64]byte
	sk := skeleton(key, buf[:0])
	if len(sk) < minBigSkeleton {
		return nil
	}
	g.skelOnce.Do(g.indexSkeletons)
	var out []uint32
	town := uint32(0)
	for _, n := range g.skel[string(sk)] {
		e := &g.entries[n.ref>>refBits]
		if e.kind < kCity || e.pop < bigTownPop || indels(key, n.name) > maxEdits(key) {
			continue
		}
		if len(out) > 0 && n.ref>>refBits != town {
			return nil
		}
		town = n.ref >> refBits
		out = append(out, n.ref)
	}
	return out
}

// locEntity reports whether the tagger calls span a location: only such a
// name, or one with a unit word, is looked up by its skeleton ("Samir
// Dilou" is no Somerdale, "CentOS" no Cuntis).
func locEntity(doc *sitrep.Document, span sitrep.Span) bool {
	for i := range doc.Entities {
		if e := &doc.Entities[i]; e.Overlaps(span) {
			switch e.Label {
			case sitrep.LabelLOC, sitrep.LabelGPE, sitrep.LabelFAC:
				return true
			}
		}
	}
	return false
}

// maxEdits is how far a spelling may lie from the gazetteer's: one edit
// for a short name, two from eight letters ("deh sabz", "deh e sabz").
func maxEdits(key string) int {
	if len(key) < 8 {
		return 1
	}
	return 2
}

// editsWithin reports whether a and b are within k insertions, deletions or
// substitutions of each other.
func editsWithin(a, b string, k int) bool {
	if len(a)-len(b) > k || len(b)-len(a) > k {
		return false
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
			low = min(low, cur[j])
		}
		if low > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}

// indels returns the number of letters dropped from a or b to make them
// the same: their lengths less twice their longest common subsequence.
func indels(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return len(a) + len(b) - 2*prev[len(b)]
}

// skelName is a name with a skeleton and one place it names.
type skelName struct {
	name string // folded
	ref  uint32
}

// indexSkeletons maps the skeleton of every name of a town or an admin-2
// unit to the name and its place.
func (g *Gazetteer) indexSkeletons() {
	g.skel = make(map[string][]skelName, len(g.entries))
	var buf []byte
	for i := range g.names.len() {
		k := g.names.key(i)
		buf = skeleton(k, buf)
		if len(buf) < minBigSkeleton {
			continue
		}
		for _, r := range g.refs[g.refAt[i]:g.refAt[i+1]] {
			if e := &g.entries[r>>refBits]; e.kind >= kAdmin2 && r&(1<<refBits-1) != refDemonym {
				g.skel[string(buf)] = append(g.skel[string(buf)], skelName{k, r | refAlt}) // a variant: as weak as an alternate name
			}
		}
	}
}

// Words that name the kind of unit after or before a place name.
var unitWords = []struct {
	word string
	kind kind
}{
	{"province", kAdmin1}, {"state", kAdmin1}, {"region", kAdmin1}, {"governorate", kAdmin1}, {"prefecture", kAdmin1},
	{"district", kAdmin2}, {"county", kAdmin2}, {"municipality", kAdmin2},
	{"city", kCity}, {"town", kCity}, {"village", kCity},
}

// ref finds the gazetteer entry of a resolved place.
func (g *Gazetteer) ref(p sitrep.Place) (uint32, bool) {
	refs, _ := lookup(g, fold(p.Name))
	for _, r := range refs {
		e := &g.entries[r>>refBits]
		if e.iso3() == p.Country && e.feat() == p.Feature && deg(e.lat) == p.Lat && deg(e.lon) == p.Lon {
			return r, true
		}
	}
	return 0, false
}
