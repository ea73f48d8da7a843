package events

import (
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// report is the document-level pass over the coded events: the report's
// place for the events whose sentence names none, and the report's toll for
// the one incident a short report describes.
func report(doc *sitrep.Document) {
	inherit(doc)
	tolls(doc)
}

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
// on a tie the one named more often outside an organisation's name ("the
// Ruritania Nurses Union" … "In Strelsau": see orgReach), then the first
// named.
// It returns -1 when the report resolves no place.
func mainPlace(doc *sitrep.Document) int {
	if len(doc.Toponyms) == 0 {
		return -1
	}
	if i := datelinePlace(doc); i >= 0 {
		return i
	}
	type tally struct{ first, n, plain int }
	byCountry := map[string]int{}
	byPlace := map[sitrep.Place]*tally{}
	for i := range doc.Toponyms {
		t := &doc.Toponyms[i]
		if !usable(t) {
			continue
		}
		byCountry[t.Country]++
		p := byPlace[t.Place]
		if p == nil {
			p = &tally{first: i}
			byPlace[t.Place] = p
		}
		p.n++
		if !orgReach(doc, t) {
			p.plain++
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
	var bk [3]int
	for p, ta := range byPlace {
		if p.Country != country {
			continue
		}
		local := 0
		if ta.n >= 2 && p.Precision != sitrep.PrecisionCountry {
			local = 1
		}
		k := [3]int{local, ta.n, ta.plain}
		if best < 0 || k[0] > bk[0] || k[0] == bk[0] && (k[1] > bk[1] || k[1] == bk[1] && (k[2] > bk[2] || k[2] == bk[2] && ta.first < best)) {
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
// or a line of its first few hundred bytes, then a colon, a dash or a
// parenthesis, maybe after a comma and a country or province ("Islamabad:",
// "KABUL, Afghanistan (Reuters) —", "Quetta -"), or a comma after a name in
// capitals ("PESHAWAR, Pakistan"). "France, Germany and Italy condemned" is
// none.
func datelinePlace(doc *sitrep.Document) int {
	text := doc.Text
	for i := range doc.Toponyms {
		t := &doc.Toponyms[i]
		if t.Start > 300 {
			break
		}
		if !t.Resolved() || t.Demonym || t.Country == "" {
			continue // a dateline is no actor, whatever the actor stage says of "KABUL,"
		}
		k := t.Start
		for k > 0 && (text[k-1] == ' ' || text[k-1] == '\t') {
			k--
		}
		if k > 0 && text[k-1] != '\n' {
			continue
		}
		rest := text[t.End:min(len(text), t.End+60)]
		if strings.HasPrefix(rest, ",") && strings.ToUpper(t.Of(text)) == t.Of(text) {
			return i
		}
		if c := strings.IndexByte(rest, ','); c == 0 {
			// ", Afghanistan —": the words after the comma up to the mark
			// must be capitalised names.
			rest = rest[1:]
			end := strings.IndexAny(rest, ":(—–-")
			if end < 0 {
				continue
			}
			for _, w := range strings.Fields(rest[:end]) {
				if w[0] < 'A' || w[0] > 'Z' {
					end = -1
				}
			}
			if end < 0 {
				continue
			}
			rest = rest[end:]
		}
		rest = strings.TrimLeft(rest, " ")
		if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "—") ||
			strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "- ") {
			return i
		}
	}
	return -1
}

// shortReport is the most sentences a report may have for a toll stated on
// its own to be the toll of its one incident.
const shortReport = 8

// tolls gives the one violent incident of a short report the toll that
// another sentence states on its own ("Militants attacked a checkpoint. 12
// fatalities.", "A bomb exploded near a police station. Three people
// died."): only where its own sentence gives none, and only where the report
// codes one incident and states one toll, so that no number is summed or
// moved across distinct events.
func tolls(doc *sitrep.Document) {
	if len(doc.Sentences) > shortReport {
		return
	}
	one := -1
	for i := range doc.Events {
		switch doc.Events[i].Type {
		case "ASSAULT", "COERCE":
			if one >= 0 && !sameIncident(&doc.Events[one], &doc.Events[i]) {
				return
			}
			if one < 0 {
				one = i
			}
		}
	}
	if one < 0 {
		return
	}
	coded := map[int]bool{}
	for i := range doc.Events {
		coded[doc.Events[i].Sentence] = true
	}
	killed, injured, arrested := -1, -1, -1
	for si := range doc.Sentences {
		if coded[si] {
			continue
		}
		k, in, ar := sentenceToll(doc, si)
		if !merge(&killed, k) || !merge(&injured, in) || !merge(&arrested, ar) {
			return // two tolls: more than one incident
		}
	}
	for i := range doc.Events {
		e := &doc.Events[i]
		if !sameIncident(&doc.Events[one], e) {
			continue
		}
		if e.Type == "ASSAULT" {
			if e.Counts.Killed < 0 {
				e.Counts.Killed = killed
			}
			if e.Counts.Injured < 0 {
				e.Counts.Injured = injured
			}
		}
		if e.Counts.Arrested < 0 {
			e.Counts.Arrested = arrested
		}
	}
}

// sameIncident reports whether two violent events of a report are one
// incident: the same sentence (an attack and the blast it caused), or the
// same type and source.
func sameIncident(a, b *sitrep.Event) bool {
	if a.Sentence == b.Sentence {
		return true
	}
	if a.Type != b.Type || len(a.Source) != len(b.Source) {
		return false
	}
	for i := range a.Source {
		if a.Source[i].Code != b.Source[i].Code {
			return false
		}
	}
	return true
}

// merge sets *dst to v where v is stated; false when both are stated and
// differ.
func merge(dst *int, v int) bool {
	if v < 0 || *dst == v {
		return true
	}
	if *dst >= 0 {
		return false
	}
	*dst = v
	return true
}

var (
	tollKilled   = set("fatalities", "deaths", "dead", "died", "killed", "bodies", "fatality", "death")
	tollInjured  = set("injured", "wounded", "injuries", "hurt", "injury")
	tollArrested = set("arrested", "detained", "arrests")
)

// sentenceToll reads a toll stated in sentence si, parsed or not: a number
// followed within a few words by a word of death, injury or arrest ("12
// fatalities", "three people died", "8 others were killed"); -1 for each
// that it does not state.
func sentenceToll(doc *sitrep.Document, si int) (killed, injured, arrested int) {
	killed, injured, arrested = -1, -1, -1
	st := doc.Sentences[si]
	for k := st.FirstToken; k < st.EndToken; k++ {
		n := number(doc.Tokens[k].Of(doc.Text))
		if n < 0 || doc.Tokens[k].UPOS != "" && doc.Tokens[k].UPOS != "NUM" && doc.Tokens[k].UPOS != "DET" {
			continue
		}
		for j := k + 1; j < st.EndToken && j <= k+4; j++ {
			w := strings.ToLower(doc.Tokens[j].Of(doc.Text))
			if number(w) >= 0 || !isLetter(w) {
				break
			}
			switch {
			case tollKilled[w] && killed < 0:
				killed = n
			case tollInjured[w] && injured < 0:
				injured = n
			case tollArrested[w] && arrested < 0:
				arrested = n
			default:
				continue
			}
			break
		}
	}
	return killed, injured, arrested
}

func isLetter(w string) bool { return w != "" && (w[0] >= 'a' && w[0] <= 'z' || w[0] >= 0x80) }
