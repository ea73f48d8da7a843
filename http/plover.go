package http

import (
	"bufio"
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/biter777/countries"
	"github.com/sitrep-dev/sitrep"
)

// quadClasses are PLOVER's four quad classes of its event types (PLOVER
// manual: AGREE to SUPPORT verbal cooperation, CONCEDE to RETREAT material
// cooperation, REQUEST to THREATEN verbal conflict, PROTEST to ASSAULT
// material conflict).
var quadClasses = map[string]string{
	"AGREE": "verbal cooperation", "CONSULT": "verbal cooperation", "SUPPORT": "verbal cooperation",
	"CONCEDE": "material cooperation", "COOPERATE": "material cooperation", "AID": "material cooperation", "RETREAT": "material cooperation",
	"REQUEST": "verbal conflict", "ACCUSE": "verbal conflict", "REJECT": "verbal conflict", "THREATEN": "verbal conflict",
	"PROTEST": "material conflict", "SANCTION": "material conflict", "MOBILIZE": "material conflict", "COERCE": "material conflict",
	"ASSAULT": "material conflict",
}

// QuadClass is the PLOVER quad class of an event type, "" for none.
func QuadClass(typ string) string { return quadClasses[typ] }

// ploverLocation is a place of a PLOVER record (coordinates as strings, as
// the records have them).
type ploverLocation struct {
	City     string `json:"city"`
	District string `json:"district"`
	Province string `json:"province"`
	Country  string `json:"country"`
	Lat      string `json:"lat"`
	Long     string `json:"long"`
}

// ploverRecord is an event in PLOVER's JSON format: the PLOVER data-exchange
// record of openeventdata (the keys of plovigy's PLOVER-DEDI records, less
// the protest-only ones) with PLOVER's dyad, source and target, and the
// CAMEO code beside the event (TestExportPLOVER pins its keys).
type ploverRecord struct {
	ID           string           `json:"id"`
	Date         string           `json:"date"`
	EndDate      string           `json:"enddate"`
	Year         string           `json:"year"`
	Event        string           `json:"event"`
	EventText    string           `json:"eventText"`
	Mode         string           `json:"mode"`
	Context      []string         `json:"context"`
	CAMEO        string           `json:"cameo"`
	Source       string           `json:"source"`
	Target       string           `json:"target"`
	Text         string           `json:"text"`
	Headline     string           `json:"headline"`
	Publication  string           `json:"publication"`
	Citation     string           `json:"citation"`
	Language     []string         `json:"language"`
	Country      string           `json:"country"`
	CCode        string           `json:"ccode"`
	Region       string           `json:"region"`
	Location     []ploverLocation `json:"location"`
	Coder        string           `json:"coder"`
	CodedDate    string           `json:"codedDate"`
	Comment      string           `json:"comment"`
	Continuation *string          `json:"continuation"`
	Version      string           `json:"version"`
}

// actorCodes joins the codes of actors (their names where they have none).
func actorCodes(l []sitrep.ActorMention) string {
	return join(l, func(a *sitrep.ActorMention) string {
		if a.Code != "" {
			return a.Code
		}
		return a.Name
	})
}

func join(l []sitrep.ActorMention, f func(*sitrep.ActorMention) string) string {
	s := ""
	for i := range l {
		if i > 0 {
			s += ";"
		}
		s += f(&l[i])
	}
	return s
}

// countryName is the English name of an ISO 3166-1 alpha-3 code, "" for
// none.
func countryName(alpha3 string) string {
	if alpha3 == "" {
		return ""
	}
	c := countries.ByName(alpha3)
	if c == countries.Unknown {
		return ""
	}
	return c.String()
}

func newPLOVERRecord(e *sitrep.StoredEvent) *ploverRecord {
	ev := &e.Event
	rec := &ploverRecord{ID: ev.ID, Event: string(ev.Type), EventText: e.TriggerText, Mode: ev.Mode, Context: ev.Context, CAMEO: ev.CAMEO,
		Source: actorCodes(ev.Source), Target: actorCodes(ev.Target), Text: e.EvidenceText, Headline: e.DocTitle,
		Citation: e.DocURL, Language: []string{"en"}, Coder: "sitrep", Comment: "realis " + string(ev.Realis), Version: "1",
		Location: []ploverLocation{}}
	if rec.Context == nil {
		rec.Context = []string{}
	}
	if u, err := url.Parse(e.DocURL); err == nil {
		rec.Publication = u.Host
	}
	rec.Date = date(e.Day)
	rec.EndDate = rec.Date
	if d := ev.Date; d != nil && !d.End.IsZero() {
		rec.EndDate = date(d.End)
	}
	if !e.Day.IsZero() {
		rec.Year = strconv.Itoa(e.Day.Year())
	}
	if l := ev.Location; l != nil {
		rec.CCode, rec.Country = l.Country, countryName(l.Country)
		if c := countries.ByName(l.Country); c != countries.Unknown {
			rec.Region = c.Region().String()
		}
		loc := ploverLocation{Province: l.Admin1, Country: rec.Country}
		if l.Precision != sitrep.PrecisionCountry && l.Precision != sitrep.PrecisionAdmin1 {
			loc.City = l.Name
		}
		if l.Resolved() {
			loc.Lat, loc.Long = num(l.Lat, 4), num(l.Lon, 4)
		}
		rec.Location = append(rec.Location, loc)
	}
	return rec
}

// ploverWriter writes a JSON array of PLOVER records.
type ploverWriter struct {
	w *bufio.Writer
	n int
}

func newPLOVER(w *bufio.Writer) exportWriter {
	w.WriteString("[")
	return &ploverWriter{w: w}
}

func (p *ploverWriter) write(e *sitrep.StoredEvent) error {
	b, err := json.Marshal(newPLOVERRecord(e))
	if err != nil {
		return err
	}
	if p.n > 0 {
		p.w.WriteString(",\n")
	}
	p.n++
	_, err = p.w.Write(b)
	return err
}

func (p *ploverWriter) finish() error {
	_, err := p.w.WriteString("]\n")
	return err
}
