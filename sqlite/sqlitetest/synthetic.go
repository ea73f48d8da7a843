// Package sqlitetest makes synthetic coded documents for the store's tests,
// benchmarks and the dashboard's browser tests: short articles whose events
// carry every span (trigger, actors, place, date, evidence) the way the event
// coder emits them. They are load and fixture data, not examples of coding.
package sqlitetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Types are the 16 PLOVER event types with a verb for each.
var Types = []struct{ Type, Verb, CAMEO string }{
	{"AGREE", "agreed with", "030"}, {"CONSULT", "held talks with", "040"}, {"SUPPORT", "backed", "050"},
	{"CONCEDE", "made concessions to", "080"}, {"COOPERATE", "cooperated with", "060"}, {"AID", "sent aid to", "070"},
	{"RETREAT", "withdrew from", "087"}, {"REQUEST", "urged", "020"}, {"ACCUSE", "accused", "112"},
	{"REJECT", "rejected demands of", "120"}, {"THREATEN", "threatened", "130"}, {"PROTEST", "protested against", "140"},
	{"SANCTION", "imposed sanctions on", "163"}, {"MOBILIZE", "mobilised against", "150"}, {"COERCE", "arrested members of", "173"},
	{"ASSAULT", "attacked", "190"},
}

var actors = []sitrep.Actor{
	{Name: "Pakistani security forces", Country: "PAK", Sector: "MIL", Code: "PAKMIL"},
	{Name: "Tehreek-e-Taliban Pakistan", Country: "PAK", Sector: "REB", Code: "PAKREB"},
	{Name: "the Pakistani government", Country: "PAK", Sector: "GOV", Code: "PAKGOV"},
	{Name: "the Taliban administration", Country: "AFG", Sector: "GOV", Code: "AFGGOV"},
	{Name: "Russian officials", Country: "RUS", Sector: "GOV", Code: "RUSGOV"},
	{Name: "Ukrainian troops", Country: "UKR", Sector: "MIL", Code: "UKRMIL"},
	{Name: "Indian police", Country: "IND", Sector: "COP", Code: "INDCOP"},
	{Name: "the United Nations", Sector: "IGO", Code: "IGOUNO"},
	{Name: "Nigerian soldiers", Country: "NGA", Sector: "MIL", Code: "NGAMIL"},
	{Name: "Boko Haram", Country: "NGA", Sector: "REB", Code: "NGAREB"},
	{Name: "Sudanese protesters", Country: "SDN", Sector: "CVL", Code: "SDNCVL"},
	{Name: "the Sudanese army", Country: "SDN", Sector: "MIL", Code: "SDNMIL"},
	{Name: "Colombian rebels", Country: "COL", Sector: "REB", Code: "COLREB"},
	{Name: "the Colombian government", Country: "COL", Sector: "GOV", Code: "COLGOV"},
	{Name: "Israeli forces", Country: "ISR", Sector: "MIL", Code: "ISRMIL"},
	{Name: "Myanmar's military", Country: "MMR", Sector: "MIL", Code: "MMRMIL"},
}

var places = []sitrep.Place{
	{Name: "Peshawar", Lat: 34.008, Lon: 71.578, GeonameID: 1168197, Country: "PAK", Admin1: "Khyber Pakhtunkhwa", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "Quetta", Lat: 30.187, Lon: 67.012, GeonameID: 1167528, Country: "PAK", Admin1: "Balochistan", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "Lahore", Lat: 31.558, Lon: 74.351, GeonameID: 1172451, Country: "PAK", Admin1: "Punjab", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "Kabul", Lat: 34.528, Lon: 69.172, GeonameID: 1138958, Country: "AFG", Admin1: "Kabul", Feature: "PPLC", Precision: sitrep.PrecisionCity},
	{Name: "Kharkiv", Lat: 49.988, Lon: 36.233, GeonameID: 706483, Country: "UKR", Admin1: "Kharkiv", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "Moscow", Lat: 55.752, Lon: 37.616, GeonameID: 524901, Country: "RUS", Admin1: "Moscow", Feature: "PPLC", Precision: sitrep.PrecisionCity},
	{Name: "Srinagar", Lat: 34.086, Lon: 74.806, GeonameID: 1255634, Country: "IND", Admin1: "Jammu and Kashmir", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "Maiduguri", Lat: 11.846, Lon: 13.160, GeonameID: 2331447, Country: "NGA", Admin1: "Borno", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "Khartoum", Lat: 15.552, Lon: 32.532, GeonameID: 379252, Country: "SDN", Admin1: "Khartoum", Feature: "PPLC", Precision: sitrep.PrecisionCity},
	{Name: "Cali", Lat: 3.437, Lon: -76.522, GeonameID: 3687925, Country: "COL", Admin1: "Valle del Cauca", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "Gaza", Lat: 31.502, Lon: 34.467, GeonameID: 281133, Country: "PSE", Admin1: "Gaza Strip", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "Mandalay", Lat: 21.975, Lon: 96.083, GeonameID: 1311874, Country: "MMR", Admin1: "Mandalay", Feature: "PPLA", Precision: sitrep.PrecisionCity},
	{Name: "New York", Lat: 40.714, Lon: -74.006, GeonameID: 5128581, Country: "USA", Admin1: "New York", Feature: "PPL", Precision: sitrep.PrecisionCity},
}

var realis = []sitrep.Realis{sitrep.Asserted, sitrep.Asserted, sitrep.Asserted, sitrep.Asserted, sitrep.Claimed, sitrep.Negated, sitrep.Future, sitrep.Hypothetical, sitrep.Denied}

// Epoch is the first day of the synthetic events; they spread over Days days.
var Epoch = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// Days is the span of the synthetic events' dates.
const Days = 730

// Document makes synthetic document i (deterministic for a seed) with
// eventsPer events, one sentence each.
func Document(seed uint64, i, eventsPer int) *sitrep.Document {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pub := Epoch.AddDate(0, 0, r.IntN(Days))
	doc := &sitrep.Document{
		ID:     fmt.Sprintf("synthetic-%d-%d", seed, i),
		URL:    fmt.Sprintf("https://news.example/%d/%d", seed, i),
		Title:  fmt.Sprintf("Synthetic report %d", i),
		Lang:   "en",
		Date:   pub,
		Format: "jsonl",
		Source: fmt.Sprintf("synthetic:%d", i),
	}
	var b strings.Builder
	for k := range eventsPer {
		t := Types[r.IntN(len(Types))]
		src, tgt := actors[r.IntN(len(actors))], actors[r.IntN(len(actors))]
		pl := places[r.IntN(len(places))]
		day := pub.AddDate(0, 0, -r.IntN(3))
		if k > 0 {
			b.WriteByte(' ')
		}
		sentStart := b.Len()
		mark := func(s string) sitrep.Span {
			st := b.Len()
			b.WriteString(s)
			return sitrep.Span{Start: st, End: b.Len()}
		}
		b.WriteString("On ")
		dateSpan := mark(day.Format("2 January"))
		b.WriteString(", ")
		srcSpan := mark(src.Name)
		b.WriteByte(' ')
		trig := mark(t.Verb)
		b.WriteByte(' ')
		tgtSpan := mark(tgt.Name)
		b.WriteString(" in ")
		locSpan := mark(pl.Name)
		killed := -1
		if t.Type == "ASSAULT" {
			killed = r.IntN(20)
			fmt.Fprintf(&b, ", killing %d people", killed)
		}
		b.WriteString(", ")
		officials := mark("officials")
		b.WriteString(" said.")
		sent := sitrep.Span{Start: sentStart, End: b.Len()}
		doc.Sentences = append(doc.Sentences, sitrep.Sentence{Span: sent})
		doc.Entities = append(doc.Entities,
			sitrep.Entity{Span: srcSpan, Label: sitrep.LabelORG, Actor: &src},
			sitrep.Entity{Span: tgtSpan, Label: sitrep.LabelORG, Actor: &tgt},
			sitrep.Entity{Span: locSpan, Label: sitrep.LabelGPE})
		doc.Toponyms = append(doc.Toponyms, sitrep.Toponym{Span: locSpan, Place: pl})
		ev := sitrep.Event{
			ID:         fmt.Sprintf("%s-e%d", doc.ID, k+1),
			Sentence:   k,
			Type:       sitrep.EventType(t.Type),
			CAMEO:      t.CAMEO,
			Source:     []sitrep.ActorMention{{Span: srcSpan, Actor: src}},
			Target:     []sitrep.ActorMention{{Span: tgtSpan, Actor: tgt}},
			Location:   &sitrep.EventLocation{Span: locSpan, Place: pl},
			Date:       &sitrep.EventDate{Span: dateSpan, Start: day, End: day, Precision: sitrep.DateDay},
			Realis:     realis[r.IntN(len(realis))],
			Counts:     sitrep.Counts{Killed: killed, Injured: -1, Arrested: -1, Events: -1},
			Trigger:    trig,
			Evidence:   []sitrep.Span{sent},
			Confidence: 0.5 + float64(r.IntN(50))/100,
		}
		// Every field of the contract somewhere, without drawing more random
		// numbers (the fixtures' other fields stay as they were).
		switch t.Type {
		case "ASSAULT":
			ev.Mode, ev.Context = "firearms", []string{"terrorism"}
		case "COERCE":
			ev.Mode = "arrest"
		}
		if k == 0 && i%5 == 0 {
			ev.AttributedTo = &sitrep.ActorMention{Span: officials,
				Actor: sitrep.Actor{Name: "officials", Country: pl.Country, Sector: "GOV", Code: pl.Country + "GOV"}}
		}
		if k == eventsPer-1 && i%4 == 3 {
			ev.Date = nil // dated by the document
		}
		doc.Events = append(doc.Events, ev)
	}
	doc.MainEvent = doc.Events[0].Type
	doc.Text = b.String()
	return doc
}

// newsActors are actors as a news coder finds them: persons and bodies by
// name with or without a code, and generic agents with a country.
var newsActors = []sitrep.Actor{
	{Name: "President Alvarez", Country: "COL", Sector: "GOV", Code: "COLGOV"},
	{Name: "Minister Okafor", Country: "NGA", Sector: "GOV", Code: "NGAGOV"},
	{Name: "police", Country: "IND", Sector: "COP", Code: "INDCOP"},
	{Name: "protesters", Country: "SDN", Sector: "CVL", Code: "SDNCVL"},
	{Name: "Harbour Workers Union"},
	{Name: "Northern Front"},
	{Name: "the army", Country: "MMR", Sector: "MIL", Code: "MMRMIL"},
	{Name: "the United Nations", Sector: "IGO", Code: "IGOUNO"},
	{Name: "Chancellor Brandt", Country: "DEU", Sector: "GOV", Code: "DEUGOV"},
	{Name: "Kestrel Mining"},
	{Name: "villagers", Country: "PAK", Sector: "CVL", Code: "PAKCVL"},
	{Name: "Pakistan", Country: "PAK", Code: "PAK"},
}

// NewsDocument makes synthetic document i shaped like a real news corpus
// coded by sitrep: articles over two years, most events dated only by their
// article, a few dated decades back by the text (historical mentions),
// actors known by name only, places of every precision and many events with
// none. It is for the dashboard's overview tests, with Document's spans.
func NewsDocument(seed uint64, i, eventsPer int) *sitrep.Document {
	doc := Document(seed, i, eventsPer)
	r := rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(i)))
	pub := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(730))
	doc.Date = pub
	for k := range doc.Events {
		ev := &doc.Events[k]
		switch x := r.IntN(100); {
		case ev.Date == nil:
		case x < 4: // a historical mention
			d := time.Date(1976+r.IntN(40), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			ev.Date.Start, ev.Date.End, ev.Date.Precision = d, d.AddDate(0, 1, -1), sitrep.DateMonth
		case x < 25:
			ev.Date.Start, ev.Date.End = pub, pub
		default:
			ev.Date = nil
		}
		a := newsActors[r.IntN(len(newsActors))]
		ev.Source[0].Actor = a
		if r.IntN(3) == 0 {
			ev.Target = nil
		} else {
			ev.Target[0].Actor = newsActors[r.IntN(len(newsActors))]
		}
		switch x := r.IntN(10); {
		case x < 5:
			ev.Location = nil
		case x < 6:
			ev.Location.Precision = sitrep.PrecisionCountry
		case x < 7:
			ev.Location.Precision = sitrep.PrecisionAdmin1
		case x < 8: // the place of the article, where the event names none
			ev.Location.Place = sitrep.Place{Name: "Tunis", Lat: 36.819, Lon: 10.166, GeonameID: 2464470, Country: "TUN",
				Admin1: "Tunis", Feature: "PPLC", Precision: sitrep.PrecisionCity}
			ev.Location.Inherited = true
		}
	}
	doc.MainEvent = doc.Events[0].Type
	return doc
}
