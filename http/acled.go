package http

import (
	"bufio"
	"encoding/csv"
	"net/url"
	"strconv"
	"strings"

	"github.com/biter777/countries"
	"github.com/sitrep-dev/sitrep"
)

// acledColumns are the columns of ACLED's data export, in ACLED's order
// (ACLED Codebook).
var acledColumns = []string{"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
	"sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
	"civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
	"geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"}

// ACLED's event types and disorder types.
const (
	battles   = "Battles"
	remote    = "Explosions/Remote violence"
	civilians = "Violence against civilians"
	protests  = "Protests"
	riots     = "Riots"
	strategic = "Strategic developments"

	violence      = "Political violence"
	demonstration = "Demonstrations"
)

// acledType maps a PLOVER type and mode, and the sector of the target, to
// ACLED's event and sub-event type. PLOVER types ACLED does not record
// (consultations, statements, sanctions…) map to none.
func acledType(ev *sitrep.Event) (eventType, subType string) {
	armedTarget := false
	civilianTarget := false
	for _, a := range ev.Target {
		switch a.Sector {
		case "MIL", "REB", "INS", "COP", "SPY", "UAF":
			armedTarget = true
		case "CVL", "REF", "EDU", "MED", "HLH", "JRN", "LAB", "REL", "BUS", "NGO", "ETH":
			civilianTarget = true
		}
	}
	switch ev.Type {
	case "ASSAULT":
		switch ev.Mode {
		case "aerial":
			return remote, "Air/drone strike"
		case "heavy-weapons":
			return remote, "Shelling/artillery/missile attack"
		case "explosives":
			return remote, "Remote explosive/landmine/IED"
		case "wmd", "cbrn", "chemical":
			return remote, "Chemical weapon"
		case "sexual":
			return civilians, "Sexual violence"
		case "abduct":
			return civilians, "Abduction/forced disappearance"
		}
		if armedTarget && !civilianTarget {
			return battles, "Armed clash"
		}
		return civilians, "Attack"
	case "PROTEST":
		if ev.Mode == "riot" {
			return riots, "Violent demonstration"
		}
		return protests, "Peaceful protest"
	case "COERCE":
		switch ev.Mode {
		case "arrest":
			return strategic, "Arrests"
		case "seize":
			return strategic, "Looting/property destruction"
		}
		return strategic, "Other"
	case "MOBILIZE":
		return strategic, "Change to group/activity"
	case "AGREE", "COOPERATE":
		return strategic, "Agreement"
	case "RETREAT":
		if ev.Mode == "ceasefire" {
			return strategic, "Agreement"
		}
		return strategic, "Non-violent transfer of territory"
	}
	return "", ""
}

func disorderType(eventType string) string {
	switch eventType {
	case battles, remote, civilians:
		return violence
	case protests:
		return demonstration
	case riots:
		return violence + "; " + demonstration
	case strategic:
		return strategic
	}
	return ""
}

// inter is ACLED's actor type of an actor: 1 state forces, 2 rebel groups,
// 3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7
// civilians, 8 external/other forces; 0 for no actor.
func inter(l []sitrep.ActorMention, ev *sitrep.Event, source bool) int {
	if len(l) == 0 {
		return 0
	}
	if source && ev.Type == "PROTEST" {
		if ev.Mode == "riot" {
			return 5
		}
		return 6
	}
	switch l[0].Sector {
	case "GOV", "MIL", "COP", "SPY", "JUD", "LEG":
		return 1
	case "REB", "INS", "UAF":
		return 2
	case "IGO", "NGO":
		return 8
	}
	return 7
}

// geoPrecision is ACLED's geo_precision: 1 the place itself, 2 a place near
// it or a part of a region (or the report's place for an event that names
// none), 3 a larger region.
func geoPrecision(l *sitrep.EventLocation) string {
	if l.Inherited && l.Resolved() {
		return "2"
	}
	switch l.Precision {
	case "":
		return ""
	case sitrep.PrecisionCity, sitrep.PrecisionSubcity:
		return "1"
	case sitrep.PrecisionAdmin2:
		return "2"
	case sitrep.PrecisionAdmin1, sitrep.PrecisionCountry:
		return "3"
	}
	return "2" // regions
}

// timePrecision is ACLED's time_precision: 1 the day, 2 the week, 3 the
// month or longer. A day that is the document's date is a day near it.
func timePrecision(e *sitrep.StoredEvent) string {
	switch {
	case e.Day.IsZero():
		return ""
	case e.Event.Date == nil:
		return "2"
	}
	switch e.Event.Date.Precision {
	case "day":
		return "1"
	case "week":
		return "2"
	}
	return "3"
}

type acledWriter struct {
	cw  *csv.Writer
	rec []string
}

func newACLED(w *bufio.Writer) exportWriter {
	cw := csv.NewWriter(w)
	cw.Write(acledColumns)
	return &acledWriter{cw: cw, rec: make([]string, 0, len(acledColumns))}
}

func (a *acledWriter) finish() error { a.cw.Flush(); return a.cw.Error() }

func actorName(m *sitrep.ActorMention) string {
	if m.Name != "" {
		return m.Name
	}
	return m.Code
}

func (a *acledWriter) write(e *sitrep.StoredEvent) error {
	ev := &e.Event
	typ, sub := acledType(ev)
	actors := func(l []sitrep.ActorMention) (first, assoc string) {
		if len(l) == 0 {
			return "", ""
		}
		return actorName(&l[0]), strings.ReplaceAll(join(l[1:], actorName), ";", "; ")
	}
	a1, as1 := actors(ev.Source)
	a2, as2 := actors(ev.Target)
	i1, i2 := inter(ev.Source, ev, true), inter(ev.Target, ev, false)
	interaction := strconv.Itoa(i1 * 10)
	if i2 > 0 {
		interaction = strconv.Itoa(min(i1, i2)*10 + max(i1, i2))
	}
	civ := ""
	if typ == civilians {
		civ = "Civilian targeting"
	}
	var l sitrep.EventLocation
	if ev.Location != nil {
		l = *ev.Location
	}
	iso, region := "", ""
	cc := l.Country
	if c := countries.ByName(l.Country); l.Country != "" && c != countries.Unknown {
		iso, region = strconv.Itoa(int(c)), c.Region().String()
	}
	if cc == "" {
		cc = "XXX"
	}
	lat, lon := "", ""
	if ev.Location != nil && l.Resolved() {
		lat, lon = num(l.Lat, 4), num(l.Lon, 4)
	}
	source := ""
	if u, err := url.Parse(e.DocURL); err == nil {
		source = u.Host
	}
	fatalities := "0"
	if ev.Counts.Killed > 0 {
		fatalities = strconv.Itoa(ev.Counts.Killed)
	}
	year, timestamp := "", ""
	if !e.Day.IsZero() {
		year = strconv.Itoa(e.Day.Year())
	}
	if !e.DocDate.IsZero() {
		timestamp = strconv.FormatInt(e.DocDate.Unix(), 10)
	}
	tags := "plover " + string(ev.Type)
	if ev.Mode != "" {
		tags += "; mode " + ev.Mode
	}
	if ev.CAMEO != "" {
		tags += "; cameo " + ev.CAMEO
	}
	tags += "; realis " + string(ev.Realis) + "; sitrep key " + strconv.FormatInt(e.Key, 10)
	location := l.Name
	r := append(a.rec[:0], cc+strconv.FormatInt(e.Key, 10), date(e.Day), year, timePrecision(e), disorderType(typ), typ, sub,
		a1, as1, strconv.Itoa(i1), a2, as2, strconv.Itoa(i2), interaction, civ,
		iso, region, countryName(l.Country), l.Admin1, "", "", location, lat, lon, geoPrecision(&l),
		source, "", e.EvidenceText, fatalities, tags, timestamp)
	a.rec = r
	return a.cw.Write(r)
}
