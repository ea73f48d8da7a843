package http

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

var csvHeader = []string{"key", "id", "doc_id", "day", "type", "cameo", "realis", "confidence",
	"source_name", "source_code", "target_name", "target_code", "place", "country", "admin1", "lat", "lon",
	"killed", "trigger", "evidence"}

// handleExport streams every event the filter matches as CSV, JSONL or
// GeoJSON, newest first, without holding them in memory.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	format := r.PathValue("format")
	q := r.URL.Query()
	f, err := parseFilter(q)
	if err == nil && (f.Cursor != "" || f.Limit != 0) {
		err = sitrep.Errorf(sitrep.EINVALID, "exports take no cursor or limit: they hold every matching event")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	var write func(e *sitrep.StoredEvent) error
	finish := func() {}
	bw := bufio.NewWriterSize(w, 64<<10)
	h := w.Header()
	switch format {
	case "csv":
		h.Set("Content-Type", "text/csv; charset=utf-8")
		cw := csv.NewWriter(bw)
		cw.Write(csvHeader)
		rec := make([]string, len(csvHeader))
		write = func(e *sitrep.StoredEvent) error {
			ev := &e.Event
			rec = rec[:0]
			rec = append(rec, strconv.FormatInt(e.Key, 10), ev.ID, e.DocID, date(e.Day), ev.Type, ev.CAMEO, string(ev.Realis),
				strconv.FormatFloat(ev.Confidence, 'f', 3, 64), names(ev.Source), codes(ev.Source), names(ev.Target), codes(ev.Target))
			if l := ev.Location; l != nil && l.Resolved() {
				rec = append(rec, l.Name, l.Country, l.Admin1, strconv.FormatFloat(l.Lat, 'f', 5, 64), strconv.FormatFloat(l.Lon, 'f', 5, 64))
			} else if l != nil {
				rec = append(rec, l.Name, l.Country, l.Admin1, "", "")
			} else {
				rec = append(rec, "", "", "", "", "")
			}
			killed := ""
			if ev.Counts.Killed >= 0 {
				killed = strconv.Itoa(ev.Counts.Killed)
			}
			rec = append(rec, killed, e.TriggerText, e.EvidenceText)
			return cw.Write(rec)
		}
		finish = cw.Flush
	case "jsonl":
		h.Set("Content-Type", "application/x-ndjson")
		enc := json.NewEncoder(bw)
		write = func(e *sitrep.StoredEvent) error { return enc.Encode(encodeEvent(e, "")) }
	case "geojson":
		h.Set("Content-Type", "application/geo+json")
		bw.WriteString(`{"type":"FeatureCollection","features":[`)
		n := 0
		write = func(e *sitrep.StoredEvent) error {
			l := e.Event.Location
			if l == nil || !l.Resolved() {
				return nil
			}
			if n > 0 {
				bw.WriteByte(',')
			}
			n++
			b, err := json.Marshal(map[string]any{
				"type":       "Feature",
				"geometry":   map[string]any{"type": "Point", "coordinates": [2]float64{l.Lon, l.Lat}},
				"properties": encodeEvent(e, ""),
			})
			if err != nil {
				return err
			}
			_, err = bw.Write(b)
			return err
		}
		finish = func() { bw.WriteString("]}\n") }
	default:
		s.error(w, r, sitrep.Errorf(sitrep.EINVALID, "export format %q is none of csv, jsonl, geojson", format))
		return
	}
	h.Set("Content-Disposition", `attachment; filename="sitrep-events.`+format+`"`)
	// Once rows are streaming, an error can only cut the response short.
	if err := s.Events.EachEvent(r.Context(), f, write); err != nil {
		if s.Log != nil {
			s.Log.Printf("export %s: %v", r.URL, err)
		}
		panic(http.ErrAbortHandler) // a cut connection, not a response that looks complete

	}
	finish()
	bw.Flush()
}

func names(l []sitrep.ActorMention) string {
	return join(l, func(a *sitrep.ActorMention) string { return a.Name })
}

func codes(l []sitrep.ActorMention) string {
	return join(l, func(a *sitrep.ActorMention) string { return a.Code })
}

func join(l []sitrep.ActorMention, f func(*sitrep.ActorMention) string) string {
	if len(l) == 1 {
		return f(&l[0])
	}
	parts := make([]string, len(l))
	for i := range l {
		parts[i] = f(&l[i])
	}
	return strings.Join(parts, ";")
}
