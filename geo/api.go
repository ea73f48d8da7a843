package geo

import (
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// FocusCountry returns the ISO 3166-1 alpha-3 code of the country doc is
// mostly about, from its toponyms (run the geo stage first): each toponym
// votes for its country, a country named outright or a place inside it
// alike; ties go to the country named first. It returns "" when no toponym
// has a country.
func FocusCountry(doc *sitrep.Document) string {
	best, bv := "", 0
	for i, t := range doc.Toponyms {
		if t.Country == "" || t.Country == best {
			continue
		}
		v := 0
		for _, u := range doc.Toponyms[i:] {
			if u.Country == t.Country {
				v++
			}
		}
		if v > bv {
			best, bv = t.Country, v
		}
	}
	return best
}

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
	refs, ok := g.names[key]
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
		refs, ok = g.names[key]
	}
	if !ok || g.englishPhrase(key) && g.bestKind(refs) != kCountry {
		return sitrep.Place{}, false
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
	return g.place(int32(ms[0].refs[ms[0].best] >> refBits)), true
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
	for _, r := range g.names[fold(p.Name)] {
		e := &g.entries[r>>refBits]
		if e.country == p.Country && e.feature == p.Feature && deg(e.lat) == p.Lat && deg(e.lon) == p.Lon {
			return r, true
		}
	}
	return 0, false
}
