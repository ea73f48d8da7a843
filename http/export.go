package http

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/contract"
)

// exportFormats are the formats of /api/export/{format}: the writer of each
// and its media type and file extension.
var exportFormats = map[string]struct {
	newWriter   func(w *bufio.Writer) exportWriter
	contentType string
	ext         string
}{
	"csv":     {newCSV, "text/csv; charset=utf-8", "csv"},
	"jsonl":   {newJSONL, "application/x-ndjson", "jsonl"},
	"geojson": {newGeoJSON, "application/geo+json", "geojson"},
	"plover":  {newPLOVER, "application/json", "plover.json"},
	"acled":   {newACLED, "text/csv; charset=utf-8", "acled.csv"},
}

// exportWriter writes events one at a time; finish closes the document.
type exportWriter interface {
	write(e *sitrep.StoredEvent) error
	finish() error
}

// handleExport streams every event the filter matches, newest first,
// without holding them in memory.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	format := r.PathValue("format")
	f, err := parseFilter(r)
	if err == nil && (f.Cursor != "" || f.Limit != 0) {
		err = sitrep.Errorf(sitrep.EINVALID, "exports take no cursor or limit: they hold every matching event")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	ef, ok := exportFormats[format]
	if !ok {
		s.error(w, r, sitrep.Errorf(sitrep.EINVALID, "export format %q is none of csv, jsonl, geojson, plover, acled", format))
		return
	}
	sent := &countingWriter{w: w}
	bw := bufio.NewWriterSize(sent, 64<<10)
	h := w.Header()
	h.Set("Content-Type", ef.contentType)
	h.Set("Content-Disposition", `attachment; filename="sitrep-events.`+ef.ext+`"`)
	out := ef.newWriter(bw)
	if err := s.Events.EachEvent(r.Context(), f, out.write); err != nil {
		if sent.n == 0 {
			// Nothing has left yet (a bad search fails before the first
			// row): an error response like any other endpoint's.
			h.Del("Content-Disposition")
			s.error(w, r, err)
			return
		}
		// Once rows are streaming, an error can only cut the response short.
		if s.Log != nil {
			s.Log.Printf("export %s: %v", r.URL, err)
		}
		panic(http.ErrAbortHandler) // a cut connection, not a response that looks complete
	}
	out.finish()
	bw.Flush()
}

// exportEvent is an event as `sitrep code` writes it (every field of the
// contract, texts included) plus what the store knows beside it: its key,
// its day and whether that is the document's date for want of one in the
// text, and the document's URL, title and publication date.
type exportEvent struct {
	Key         int64  `json:"key"`
	Day         string `json:"day"`
	DayInferred bool   `json:"day_inferred"`
	contract.Event
	DocURL   string `json:"doc_url"`
	DocTitle string `json:"doc_title"`
	DocDate  string `json:"doc_date"`
}

// newExportEvent fills an exportEvent, the texts of its spans cut from the
// document text.
func newExportEvent(e *sitrep.StoredEvent) *exportEvent {
	doc := &sitrep.Document{ID: e.DocID, Text: e.DocText, MainEvent: sitrep.EventType(e.DocType)}
	ev := contract.NewEvent(doc, &e.Event)
	if e.DocText == "" { // a store that keeps no text: the texts it gives
		ev.Trigger.Text = e.TriggerText
		ev.Evidence.Text = e.EvidenceText
	}
	return &exportEvent{Key: e.Key, Day: date(e.Day), DayInferred: dayInferred(e), Event: ev,
		DocURL: e.DocURL, DocTitle: e.DocTitle, DocDate: date(e.DocDate)}
}

// dayInferred reports whether an event's day is its document's date, for
// want of a date in the text.
func dayInferred(e *sitrep.StoredEvent) bool {
	return !e.Day.IsZero() && (e.Event.Date == nil || e.Event.Date.Start.IsZero())
}

type jsonlWriter struct{ enc *json.Encoder }

func newJSONL(w *bufio.Writer) exportWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{enc}
}

func (j *jsonlWriter) write(e *sitrep.StoredEvent) error { return j.enc.Encode(newExportEvent(e)) }
func (j *jsonlWriter) finish() error                     { return nil }

// csvColumns are the CSV export's columns: every scalar field of the event
// contract (a list of actors gives one value per actor, joined by ";"), the
// store's, and the document's. The first twenty are the columns of the
// first export, in their order.
var csvColumns = []string{"key", "id", "doc_id", "day", "type", "cameo", "realis", "confidence",
	"source_name", "source_code", "target_name", "target_code", "place", "country", "admin1", "lat", "lon",
	"killed", "trigger", "evidence",
	"day_inferred", "sentence", "mode", "context", "quad_class",
	"source_text", "source_country", "source_sector", "source_wikidata", "source_role", "source_start", "source_end",
	"target_text", "target_country", "target_sector", "target_wikidata", "target_role", "target_start", "target_end",
	"attributed_to_text", "attributed_to_name", "attributed_to_code", "attributed_to_country", "attributed_to_sector",
	"attributed_to_wikidata", "attributed_to_role", "attributed_to_start", "attributed_to_end",
	"location_text", "geonameid", "location_precision", "location_place_precision", "location_start", "location_end",
	"location_point_text", "location_point_start", "location_point_end",
	"date_text", "date_start", "date_end", "date_precision", "date_start_offset", "date_end_offset",
	"injured", "arrested", "events", "trigger_start", "trigger_end", "evidence_start", "evidence_end",
	"doc_type", "doc_url", "doc_title", "doc_date", "incident"}

type csvWriter struct {
	cw  *csv.Writer
	rec []string
}

func newCSV(w *bufio.Writer) exportWriter {
	cw := csv.NewWriter(w)
	cw.Write(csvColumns)
	return &csvWriter{cw: cw, rec: make([]string, 0, len(csvColumns))}
}

func (c *csvWriter) finish() error { c.cw.Flush(); return c.cw.Error() }

func (c *csvWriter) write(e *sitrep.StoredEvent) error {
	x := newExportEvent(e)
	ev := &x.Event
	r := c.rec[:0]
	r = append(r, strconv.FormatInt(x.Key, 10), ev.ID, ev.DocID, x.Day, ev.Type, ev.CAMEO, ev.Realis, num(ev.Confidence, 3),
		actorField(ev.Source, fName), actorField(ev.Source, fCode), actorField(ev.Target, fName), actorField(ev.Target, fCode))
	l := ev.Location
	if l == nil {
		l = &contract.EventLocation{}
	}
	lat, lon := "", ""
	if l.Lat != nil && l.Lon != nil {
		lat, lon = num(*l.Lat, 5), num(*l.Lon, 5)
	}
	r = append(r, l.Name, l.Country, l.Admin1, lat, lon, count(ev.Counts.Killed), ev.Trigger.Text, ev.Evidence.Text)
	r = append(r, strconv.FormatBool(x.DayInferred), strconv.Itoa(ev.Sentence), ev.Mode, strings.Join(ev.Context, ";"), QuadClass(ev.Type))
	for _, l := range [][]contract.EventActor{ev.Source, ev.Target} {
		r = append(r, actorField(l, fText), actorField(l, fCountry), actorField(l, fSector), actorField(l, fWikidata),
			actorField(l, fRole), actorField(l, fStart), actorField(l, fEnd))
	}
	var at []contract.EventActor
	if ev.AttributedTo != nil {
		at = []contract.EventActor{*ev.AttributedTo}
	}
	r = append(r, actorField(at, fText), actorField(at, fName), actorField(at, fCode), actorField(at, fCountry),
		actorField(at, fSector), actorField(at, fWikidata), actorField(at, fRole), actorField(at, fStart), actorField(at, fEnd))
	if ev.Location != nil {
		r = append(r, l.Text, positive(l.GeonameID), l.Precision, l.PlacePrecision, strconv.Itoa(l.Start), strconv.Itoa(l.End))
	} else {
		r = append(r, "", "", "", "", "", "")
	}
	if pt := l.Point; pt != nil {
		r = append(r, pt.Text, strconv.Itoa(pt.Start), strconv.Itoa(pt.End))
	} else {
		r = append(r, "", "", "")
	}
	if d := ev.Date; d != nil {
		r = append(r, d.Text, d.Start, d.End, d.Precision, strconv.Itoa(d.From), strconv.Itoa(d.To))
	} else {
		r = append(r, "", "", "", "", "", "")
	}
	r = append(r, count(ev.Counts.Injured), count(ev.Counts.Arrested), count(ev.Counts.Events),
		strconv.Itoa(ev.Trigger.Start), strconv.Itoa(ev.Trigger.End), strconv.Itoa(ev.Evidence.Start), strconv.Itoa(ev.Evidence.End),
		ev.DocType, x.DocURL, x.DocTitle, x.DocDate, ev.Incident)
	c.rec = r
	return c.cw.Write(r)
}

// Fields of an actor, for actorField.
const (
	fText = iota
	fName
	fCode
	fCountry
	fSector
	fWikidata
	fRole
	fStart
	fEnd
)

// actorField is one field of each actor of l, joined by ";".
func actorField(l []contract.EventActor, field int) string {
	get := func(a *contract.EventActor) string {
		switch field {
		case fText:
			return a.Text
		case fName:
			return a.Name
		case fCode:
			return a.Code
		case fCountry:
			return a.Country
		case fSector:
			return a.Sector
		case fWikidata:
			return a.Wikidata
		case fRole:
			return a.Role
		case fStart:
			return strconv.Itoa(a.Start)
		}
		return strconv.Itoa(a.End)
	}
	if len(l) == 1 {
		return get(&l[0])
	}
	parts := make([]string, len(l))
	for i := range l {
		parts[i] = get(&l[i])
	}
	return strings.Join(parts, ";")
}

func num(f float64, prec int) string { return strconv.FormatFloat(f, 'f', prec, 64) }

// count is a count of the contract, "" when the text states none.
func count(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func positive(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// geoJSONWriter writes a FeatureCollection of the located events, each with
// the JSONL export's record as its properties.
type geoJSONWriter struct {
	w *bufio.Writer
	n int
}

func newGeoJSON(w *bufio.Writer) exportWriter {
	w.WriteString(`{"type":"FeatureCollection","features":[`)
	return &geoJSONWriter{w: w}
}

func (g *geoJSONWriter) write(e *sitrep.StoredEvent) error {
	l := e.Event.Location
	if l == nil || !l.Resolved() {
		return nil
	}
	if g.n > 0 {
		g.w.WriteByte(',')
	}
	g.n++
	b, err := json.Marshal(map[string]any{
		"type":       "Feature",
		"geometry":   map[string]any{"type": "Point", "coordinates": [2]float64{l.Lon, l.Lat}},
		"properties": newExportEvent(e),
	})
	if err != nil {
		return err
	}
	_, err = g.w.Write(b)
	return err
}

func (g *geoJSONWriter) finish() error {
	_, err := io.WriteString(g.w, "]}\n")
	return err
}

// countingWriter counts the bytes written to w.
type countingWriter struct {
	w http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
