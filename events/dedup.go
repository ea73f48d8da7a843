package events

import (
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep"
)

// dedup merges restatements of the same event within a document: the same
// type between the same actors, and either the same stated count, an
// overlapping date of the same precision, or mostly the same words. The
// merged event keeps every evidence span, the fields the first statement
// lacked, and the higher confidence.
func dedup(doc *sitrep.Document, evs []sitrep.Event) []sitrep.Event {
	if len(evs) < 2 {
		return evs
	}
	out := evs[:0]
	var keys []string
	var words [][]string
	for _, e := range evs {
		key := string(e.Type) + "|" + codes(e.Source) + "|" + codes(e.Target)
		var ew []string
		merged := false
		if anaphoric(doc, &e) {
			// "most of the attacks have taken place in ...": the attacks
			// told before, not new ones.
			for j := len(out) - 1; j >= 0; j-- {
				if o := &out[j]; o.Type == e.Type && o.Sentence < e.Sentence && samePlace(o.Location, e.Location) {
					o.Evidence = append(o.Evidence, e.Evidence...)
					if o.Location == nil {
						o.Location = e.Location
					}
					merged = true
					break
				}
			}
			if merged {
				continue
			}
		}
		for j := range out {
			o := &out[j]
			if keys[j] != key {
				continue
			}
			if o.Trigger == e.Trigger {
				merged = true // the same event found twice in one place
				break
			}
			if o.Sentence == e.Sentence {
				continue
			}
			if ew == nil {
				ew = contentWords(e.Evidence[0].Of(doc.Text))
			}
			if words[j] == nil {
				words[j] = contentWords(o.Evidence[0].Of(doc.Text))
			}
			if !restated(doc.Text, o, &e, words[j], ew) {
				continue
			}
			o.Evidence = append(o.Evidence, e.Evidence...)
			o.Confidence = min(0.99, max(o.Confidence, e.Confidence)+0.05)
			if o.Location == nil {
				o.Location = e.Location
			}
			if o.Date == nil {
				o.Date = e.Date
			}
			mergeCounts(&o.Counts, e.Counts)
			merged = true
			break
		}
		if !merged {
			out = append(out, e)
			keys = append(keys, key)
			words = append(words, ew)
		}
	}
	return out
}

// samePlace reports whether two event locations can be one place: either is
// unknown, or they share a country and one holds the other or they are the
// same name ("the attacks ... in Khyber" after attacks in Pakistan; not "the
// shelling of Kharkiv" after a bombing in Maiduguri).
func samePlace(a, b *sitrep.EventLocation) bool {
	if a == nil || b == nil || !a.Resolved() || !b.Resolved() {
		return true
	}
	if a.Country != b.Country {
		return false
	}
	fine := func(p sitrep.Precision) bool { return p == sitrep.PrecisionCity || p == sitrep.PrecisionSubcity }
	return a.Name == b.Name || !fine(a.Precision) || !fine(b.Precision)
}

// anaphoric reports whether e is a nominal mention with no actor of its own
// that points back ("the attacks", "these clashes").
func anaphoric(doc *sitrep.Document, e *sitrep.Event) bool {
	if len(e.Source) > 0 {
		return false
	}
	for _, a := range e.Target {
		// Only a place may stand as the target: "most of the attacks
		// took place in Khyber".
		if a.Actor.Sector != "" || a.Actor.Code == "" || a.Actor.Code != a.Actor.Country {
			return false
		}
	}
	first, end := tokenRange(doc, e.Trigger)
	if end <= first || doc.Tokens[end-1].UPOS != "NOUN" {
		return false
	}
	for k := end - 2; k >= 0 && k >= end-4; k-- {
		switch strings.ToLower(doc.Tokens[k].Of(doc.Text)) {
		case "the", "these", "those", "such", "this", "that":
			return true
		}
		if u := doc.Tokens[k].UPOS; u != "ADJ" && u != "ADV" && u != "NOUN" {
			return false
		}
	}
	return false
}

func codes(as []sitrep.ActorMention) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.Code)
		b.WriteByte(' ')
	}
	return b.String()
}

// restated reports whether b states a again: equal stated counts, the same
// dated period, or a large word overlap of their sentences.
func restated(text string, a, b *sitrep.Event, aw, bw []string) bool {
	if a.Counts.Events >= 0 && a.Counts.Events == b.Counts.Events ||
		a.Counts.Killed >= 0 && a.Counts.Killed == b.Counts.Killed {
		return true
	}
	// The same period is a restatement only with the same trigger word: "the
	// TTP continued to target officials in recent months" is not "claimed
	// 150 attacks in the last three months".
	if a.Date != nil && b.Date != nil && a.Date.Precision == b.Date.Precision &&
		!a.Date.Start.After(b.Date.End) && !b.Date.Start.After(a.Date.End) &&
		strings.EqualFold(a.Trigger.Of(text), b.Trigger.Of(text)) {
		return true
	}
	return jaccard(aw, bw) >= 0.5
}

func mergeCounts(a *sitrep.Counts, b sitrep.Counts) {
	if a.Killed < 0 {
		a.Killed = b.Killed
	}
	if a.Injured < 0 {
		a.Injured = b.Injured
	}
	if a.Arrested < 0 {
		a.Arrested = b.Arrested
	}
	if a.Events < 0 {
		a.Events = b.Events
	}
}

// contentWords returns the lower-case words of s longer than three letters.
func contentWords(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(f) > 3 {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				inter++
				break
			}
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
