package events

import "github.com/sitrep-dev/sitrep"

// inherit gives every event of doc whose sentence resolves no place the
// report's main place (see mainPlace), marked Inherited, so that the map
// shows each event and an analyst can filter the inherited ones out. An
// event that names a place the gazetteer lacks keeps that name as its span.
func inherit(doc *sitrep.Document) {
	main := -1
	for i := range doc.Events {
		l := doc.Events[i].Location
		if l != nil && l.Resolved() {
			continue
		}
		if main == -1 {
			if main = mainPlace(doc); main < 0 {
				return
			}
		}
		tp := &doc.Toponyms[main]
		if l == nil {
			doc.Events[i].Location = &sitrep.EventLocation{Span: tp.Span, Place: tp.Place, Inherited: true}
			continue
		}
		l.Place, l.Point, l.Inherited = tp.Place, tp.Span, true
	}
}

// mainPlace returns the index of the toponym that places the report: its
// dateline ("KABUL, Afghanistan —", "Islamabad:"), else its dominant place —
// the most mentioned place of the country most mentioned, a town or unit
// named twice before the country itself ("Magnitogorsk" over "Russia"),
// the first named on a tie. It returns -1 when the report resolves no place.
func mainPlace(doc *sitrep.Document) int {
	if len(doc.Toponyms) == 0 {
		return -1
	}
	if i := datelinePlace(doc); i >= 0 {
		return i
	}
	type tally struct{ first, n int }
	byCountry := map[string]int{}
	byPlace := map[sitrep.Place]*tally{}
	for i := range doc.Toponyms {
		t := &doc.Toponyms[i]
		if !usable(t) {
			continue
		}
		byCountry[t.Country]++
		if p := byPlace[t.Place]; p != nil {
			p.n++
		} else {
			byPlace[t.Place] = &tally{i, 1}
		}
	}
	country, cn := "", 0
	for i := range doc.Toponyms { // first named wins ties
		t := &doc.Toponyms[i]
		if usable(t) && byCountry[t.Country] > cn {
			country, cn = t.Country, byCountry[t.Country]
		}
	}
	if cn == 0 {
		return -1
	}
	best := -1
	var bk [2]int
	for p, ta := range byPlace {
		if p.Country != country {
			continue
		}
		local := 0
		if ta.n >= 2 && p.Precision != sitrep.PrecisionCountry {
			local = 1
		}
		k := [2]int{local, ta.n}
		if best < 0 || k[0] > bk[0] || k[0] == bk[0] && (k[1] > bk[1] || k[1] == bk[1] && ta.first < best) {
			best, bk = ta.first, k
		}
	}
	return best
}

// usable reports whether toponym t can place events: resolved, no actor
// ("Washington said"), no adjective, no continent.
func usable(t *sitrep.Toponym) bool {
	return t.Resolved() && !t.Metonymy && !t.Demonym && t.Precision != sitrep.PrecisionRegion && t.Country != ""
}

// datelinePlace returns the toponym of a dateline: a place opening the text
// or a line of its first few hundred bytes, followed by a comma, a colon, a
// dash or a parenthesis ("KABUL, Afghanistan (Reuters) —", "Islamabad:").
func datelinePlace(doc *sitrep.Document) int {
	text := doc.Text
	for i := range doc.Toponyms {
		t := &doc.Toponyms[i]
		if t.Start > 300 {
			break
		}
		if !usable(t) {
			continue
		}
		k := t.Start
		for k > 0 && (text[k-1] == ' ' || text[k-1] == '\t') {
			k--
		}
		if k > 0 && text[k-1] != '\n' {
			continue
		}
		if e := t.End; e < len(text) {
			switch text[e] {
			case ',', ':', '(':
				return i
			case ' ':
				if e+1 < len(text) && (text[e+1] == '-' || text[e+1] == '(' || text[e+1] == 0xe2) { // "—", "–"
					return i
				}
			}
		}
	}
	return -1
}
