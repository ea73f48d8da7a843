package contract

import (
	"encoding/json"

	"github.com/sitrep-dev/sitrep"
)

// Incident is the object `sitrep incidents` writes for each incident. Docs
// are the documents whose main event it is (each document is in one
// incident's docs); AllDocs every document with an event in it.
type Incident struct {
	ID           string         `json:"id"`
	Type         string         `json:"type"`
	Realis       string         `json:"realis"`
	Docs         []string       `json:"docs"`
	AllDocs      []string       `json:"all_docs"`
	Events       []string       `json:"events"`
	Stories      []string       `json:"stories"`
	FirstSeen    string         `json:"first_seen"`
	LastSeen     string         `json:"last_seen"`
	Date         *IncidentDate  `json:"date"`
	Location     *IncidentPlace `json:"location"`
	Source       []EntityActor  `json:"source"`
	Target       []EntityActor  `json:"target"`
	Counts       EventCounts    `json:"counts"`
	CountHistory []CountReport  `json:"count_history"`
	Confidence   float64        `json:"confidence"`
}

// IncidentDate is the range of days (inclusive) the incident lies in.
type IncidentDate struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// IncidentPlace is the incident's best-supported place.
type IncidentPlace struct {
	Name      string  `json:"name"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	GeonameID int     `json:"geonameid"`
	Country   string  `json:"country"`
	Admin1    string  `json:"admin1"`
	Precision string  `json:"precision"`
}

// CountReport is the figures one report gave, in the order seen.
type CountReport struct {
	Event  string      `json:"event"`
	Seen   string      `json:"seen"`
	Counts EventCounts `json:"counts"`
}

func counts(c sitrep.Counts) EventCounts {
	return EventCounts{count(c.Killed), count(c.Injured), count(c.Arrested), count(c.Events)}
}

func entityActors(l []sitrep.Actor) []EntityActor {
	out := make([]EntityActor, len(l))
	for i, a := range l {
		out[i] = EntityActor{ID: a.ID, Name: a.Name, Country: a.Country, Sector: a.Sector, Code: a.Code, Wikidata: a.Wikidata, Role: a.Role}
	}
	return out
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// NewIncident builds the incidents object of inc.
func NewIncident(inc *sitrep.Incident) Incident {
	out := Incident{
		ID: inc.ID, Type: string(inc.Type), Realis: string(inc.Realis), Docs: orEmpty(inc.Leads), AllDocs: orEmpty(inc.Docs),
		Events: orEmpty(inc.Events), Stories: orEmpty(inc.Stories),
		FirstSeen: FormatDate(inc.FirstSeen, true), LastSeen: FormatDate(inc.LastSeen, true),
		Source: entityActors(inc.Source), Target: entityActors(inc.Target),
		Counts: counts(inc.Counts), CountHistory: make([]CountReport, len(inc.CountHistory)), Confidence: inc.Confidence,
	}
	if !inc.Start.IsZero() {
		out.Date = &IncidentDate{Start: day(inc.Start), End: day(inc.End)}
	}
	if l := inc.Location; l != nil {
		out.Location = &IncidentPlace{Name: l.Name, Lat: l.Lat, Lon: l.Lon, GeonameID: l.GeonameID, Country: l.Country,
			Admin1: l.Admin1, Precision: string(l.Precision)}
	}
	for i, r := range inc.CountHistory {
		out.CountHistory[i] = CountReport{Event: r.Event, Seen: FormatDate(r.Seen, true), Counts: counts(r.Counts)}
	}
	return out
}

// AppendIncident appends inc's object and a newline to b.
func AppendIncident(b []byte, inc *sitrep.Incident) ([]byte, error) {
	out, err := json.Marshal(NewIncident(inc))
	if err != nil {
		return b, err
	}
	return append(append(b, out...), '\n'), nil
}
