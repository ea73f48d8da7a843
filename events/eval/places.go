package eval

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// ACLEDNote is one ACLED event note: its text and date, the coded point
// (HasPoint false when the row has none) and fatalities.
type ACLEDNote struct {
	ID, Text string
	// Type is the PLOVER type of the note's ACLED event type (ASSAULT for
	// battles, explosions and violence against civilians; PROTEST for
	// protests and riots), as ../shared/eval/score.py acled maps it.
	Type       string
	Date       time.Time
	Lat, Lon   float64
	HasPoint   bool
	Fatalities int
}

// acledTypes are the ACLED event types whose notes are scored (violence and
// protest, as ../shared/eval/score.py acled keeps them), in both the current
// and the older upper-case schema, with their PLOVER type.
var acledTypes = map[string]string{"Battles": "ASSAULT", "Explosions/Remote violence": "ASSAULT",
	"Remote violence": "ASSAULT", "Violence against civilians": "ASSAULT", "Protests": "PROTEST", "Riots": "PROTEST",
	"Riots/Protests": "PROTEST", "Battle-No change of territory": "ASSAULT",
	"Battle-Government regains territory": "ASSAULT", "Battle-Non-state actor overtakes territory": "ASSAULT"}

// ReadACLED reads an ACLED export (CSV with a header; column names in any
// case) and returns the notes of the scored event types that have text.
func ReadACLED(path string) ([]ACLEDNote, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	get := func(rec []string, names ...string) string {
		for _, n := range names {
			if i, ok := col[n]; ok && i < len(rec) && rec[i] != "" {
				return rec[i]
			}
		}
		return ""
	}
	var out []ACLEDNote
	for n := 2; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		text := strings.ToValidUTF8(get(rec, "notes"), "\uFFFD")
		typ := acledTypes[get(rec, "event_type")]
		if typ == "" || text == "" {
			continue
		}
		note := ACLEDNote{ID: get(rec, "event_id_cnty", "data_id", "event_id_no_cnty"), Text: text, Type: typ,
			Date: acledDate(get(rec, "event_date"))}
		lat, err1 := strconv.ParseFloat(get(rec, "latitude"), 64)
		lon, err2 := strconv.ParseFloat(get(rec, "longitude"), 64)
		if err1 == nil && err2 == nil {
			note.Lat, note.Lon, note.HasPoint = lat, lon, true
		}
		note.Fatalities, _ = strconv.Atoi(get(rec, "fatalities"))
		out = append(out, note)
	}
}

// acledDate reads the date layouts ACLED exports use; zero when none fits.
func acledDate(s string) time.Time {
	for _, l := range []string{"02 January 2006", "2 January 2006", "02-January-2006", "02-Jan-06", "2006-01-02", "02/01/2006", "01/02/2006"} {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return t
		}
	}
	return time.Time{}
}

// PlaceResult holds the place and count figures on ACLED notes.
type PlaceResult struct {
	Notes     int // notes scored
	WithEvent int // notes with at least one event
	// Located is the share of notes with an event that has a point; Events
	// and EventsLocated count events, Inherited those whose point is the
	// report's place rather than their sentence's.
	Located                          float64
	Events, EventsLocated, Inherited int
	// Within50 is the share of notes with a coded point that have an event
	// within 50 km of it; ExactFatalities the share of notes with
	// fatalities that have an event with that killed count (as
	// ../shared/eval/score.py acled counts them).
	Within50, ExactFatalities float64
	PointNotes, FatalNotes    int
}

// String is the report of `sitrep eval places` on one file.
func (r PlaceResult) String() string {
	return fmt.Sprintf("notes %d, with an event %d; located %.3f (events %d, with a point %d, inherited %d); within 50 km %.3f of %d; exact fatalities %.3f of %d",
		r.Notes, r.WithEvent, r.Located, r.Events, r.EventsLocated, r.Inherited,
		r.Within50, r.PointNotes, r.ExactFatalities, r.FatalNotes)
}

// Places codes each note with annotate (the whole pipeline) and measures
// where its events are placed and what they count.
func Places(notes []ACLEDNote, annotate Annotator) (PlaceResult, error) {
	var res PlaceResult
	located, within, exact := 0, 0, 0
	for _, n := range notes {
		doc := &sitrep.Document{ID: n.ID, Text: n.Text, Date: n.Date, Format: "jsonl"}
		if err := annotate(doc); err != nil {
			return res, fmt.Errorf("note %s: %w", n.ID, err)
		}
		res.Notes++
		if len(doc.Events) > 0 {
			res.WithEvent++
		}
		best, hasPoint, fatal := math.Inf(1), false, false
		for i := range doc.Events {
			e := &doc.Events[i]
			res.Events++
			if l := e.Location; l != nil && l.Resolved() {
				res.EventsLocated++
				hasPoint = true
				if l.Inherited {
					res.Inherited++
				}
				if n.HasPoint {
					best = min(best, km(n.Lat, n.Lon, l.Lat, l.Lon))
				}
			}
			if n.Fatalities > 0 && max(e.Counts.Killed, 0) == n.Fatalities {
				fatal = true
			}
		}
		if hasPoint {
			located++
		}
		if n.HasPoint {
			res.PointNotes++
			if best <= 50 {
				within++
			}
		}
		if n.Fatalities > 0 {
			res.FatalNotes++
			if fatal {
				exact++
			}
		}
	}
	if res.Notes > 0 {
		res.Located = float64(located) / float64(res.Notes)
	}
	if res.PointNotes > 0 {
		res.Within50 = float64(within) / float64(res.PointNotes)
	}
	if res.FatalNotes > 0 {
		res.ExactFatalities = float64(exact) / float64(res.FatalNotes)
	}
	return res, nil
}

// km is the great-circle distance, as the shared scorer computes it.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = math.Pi / 180
	p1, p2 := lat1*r, lat2*r
	a := math.Sin((p2-p1)/2)*math.Sin((p2-p1)/2) + math.Cos(p1)*math.Cos(p2)*math.Sin((lon2-lon1)*r/2)*math.Sin((lon2-lon1)*r/2)
	return 6371 * 2 * math.Asin(math.Min(1, math.Sqrt(a)))
}
