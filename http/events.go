package http

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// PLOVER event types, for checking the type parameter.
var ploverTypes = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

var realisValues = []sitrep.Realis{sitrep.Asserted, sitrep.Negated, sitrep.Hypothetical, sitrep.Future, sitrep.Claimed, sitrep.Denied}

// filterParams are the query parameters every event endpoint takes.
var filterParams = []string{"from", "to", "type", "realis", "actor", "actor_country", "actor_sector", "actor_code",
	"source", "target", "country", "admin1", "bbox", "min_confidence", "q", "doc", "by_incident", "limit", "cursor"}

// query parses the query string of r. Go's r.URL.Query drops a pair it
// cannot parse ("actor=a;b"), which silently removed a filter.
func query(r *http.Request) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, sitrep.Errorf(sitrep.EINVALID, "query string: %v (a ; or a bad %%-escape must be escaped as %%3B or %%25)", err)
	}
	return q, nil
}

// parseFilter reads an event filter from the query parameters of r; an
// unknown parameter or a bad value is an EINVALID error that says what is
// wrong.
func parseFilter(r *http.Request) (sitrep.EventFilter, error) {
	var f sitrep.EventFilter
	q, err := query(r)
	if err != nil {
		return f, err
	}
	for k, v := range q {
		if !slices.Contains(filterParams, k) {
			return f, sitrep.Errorf(sitrep.EINVALID, "unknown parameter %q; known: %s", k, strings.Join(filterParams, ", "))
		}
		if len(v) > 1 && k != "type" && k != "realis" {
			return f, sitrep.Errorf(sitrep.EINVALID, "parameter %q given %d times", k, len(v))
		}
	}
	day := func(name string) time.Time {
		v := q.Get(name)
		if v == "" || err != nil {
			return time.Time{}
		}
		t, e := time.Parse(time.DateOnly, v)
		if e != nil {
			err = sitrep.Errorf(sitrep.EINVALID, "%s=%q is not a date YYYY-MM-DD", name, v)
		}
		return t
	}
	f.From, f.To = day("from"), day("to")
	if err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, sitrep.Errorf(sitrep.EINVALID, "to=%s is before from=%s", q.Get("to"), q.Get("from"))
	}
	for _, t := range list(q["type"]) {
		t = strings.ToUpper(t)
		if !slices.Contains(ploverTypes, t) {
			return f, sitrep.Errorf(sitrep.EINVALID, "type %q is no PLOVER type (%s)", t, strings.Join(ploverTypes, ", "))
		}
		f.Types = append(f.Types, t)
	}
	for _, r := range list(q["realis"]) {
		if !slices.Contains(realisValues, sitrep.Realis(r)) {
			return f, sitrep.Errorf(sitrep.EINVALID, "realis %q is none of asserted, negated, hypothetical, future, claimed, denied", r)
		}
		f.Realis = append(f.Realis, sitrep.Realis(r))
	}
	f.Actor = q.Get("actor")
	f.ActorCountry = strings.ToUpper(q.Get("actor_country"))
	f.ActorSector = strings.ToUpper(q.Get("actor_sector"))
	f.ActorCode = strings.ToUpper(q.Get("actor_code"))
	f.Source, f.Target = q.Get("source"), q.Get("target")
	f.Country = strings.ToUpper(q.Get("country"))
	f.Admin1 = q.Get("admin1")
	f.Query = q.Get("q")
	f.DocID = q.Get("doc")
	f.Cursor = q.Get("cursor")
	for _, c := range []struct{ name, v string }{{"actor_country", f.ActorCountry}, {"country", f.Country}} {
		if c.v != "" && !isAlpha3(c.v) {
			return f, sitrep.Errorf(sitrep.EINVALID, "%s=%q is not an ISO 3166-1 alpha-3 code", c.name, c.v)
		}
	}
	if v := q.Get("bbox"); v != "" {
		p := strings.Split(v, ",")
		var n [4]float64
		for i := 0; err == nil && i < 4 && len(p) == 4; i++ {
			n[i], err = finite(strings.TrimSpace(p[i]))
		}
		if len(p) != 4 || err != nil {
			return f, sitrep.Errorf(sitrep.EINVALID, "bbox=%q is not west,south,east,north", v)
		}
		f.BBox = &sitrep.BBox{West: n[0], South: n[1], East: n[2], North: n[3]}
	}
	if v := q.Get("min_confidence"); v != "" {
		c, e := finite(v)
		if e != nil || c < 0 || c > 1 {
			return f, sitrep.Errorf(sitrep.EINVALID, "min_confidence=%q is not a number from 0 to 1", v)
		}
		f.MinConfidence = c
	}
	switch v := q.Get("by_incident"); v {
	case "", "0", "false":
	case "1", "true":
		f.ByIncident = true
	default:
		return f, sitrep.Errorf(sitrep.EINVALID, "by_incident=%q is not true or false", v)
	}
	if v := q.Get("limit"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 {
			return f, sitrep.Errorf(sitrep.EINVALID, "limit=%q is not a positive integer", v)
		}
		f.Limit = n
	}
	return f, nil
}

// finite parses a number that is neither NaN nor infinite: strconv reads
// "NaN" and "Inf", which pass every range check.
func finite(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		err = strconv.ErrSyntax
	}
	return x, err
}

// list splits comma-separated values of repeated parameters.
func list(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func isAlpha3(s string) bool {
	return len(s) == 3 && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

func queryContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), QueryTimeout)
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := queryContext(r)
	defer cancel()
	st, err := s.Events.Stats(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": st.Documents, "events": st.Events, "first": date(st.First), "last": date(st.Last)})
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ctx, cancel := queryContext(r)
	defer cancel()
	events, next, err := s.Events.FindEvents(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]*eventJSON, len(events))
	for i, e := range events {
		out[i] = encodeEvent(e, "")
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out, "next_cursor": next})
}

func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.error(w, r, sitrep.Errorf(sitrep.EINVALID, "event id %q is not a number", r.PathValue("id")))
		return
	}
	if r.URL.RawQuery != "" {
		s.error(w, r, sitrep.Errorf(sitrep.EINVALID, "/api/events/{id} takes no parameters"))
		return
	}
	ctx, cancel := queryContext(r)
	defer cancel()
	e, doc, err := s.Events.Event(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"event": encodeEvent(e, doc.Text), "document": encodeDocument(doc)})
}

// aggregateLimits are the bucket limits when none is asked for: charts want
// every day, a network or a map only the biggest groups.
var aggregateLimits = map[sitrep.Aggregation]int{
	sitrep.ByActorPair: 100, sitrep.ByDyad: 100, sitrep.ByAdmin1: 200, sitrep.ByPlace: 2000,
}

func (s *Server) handleAggregate(w http.ResponseWriter, r *http.Request) {
	by := sitrep.Aggregation(r.PathValue("by"))
	f, err := parseFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if f.Cursor != "" {
		s.error(w, r, sitrep.Errorf(sitrep.EINVALID, "aggregates take no cursor"))
		return
	}
	if f.Limit == 0 {
		f.Limit = aggregateLimits[by]
	}
	ctx, cancel := queryContext(r)
	defer cancel()
	b, err := s.Events.Aggregate(ctx, f, by)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]bucketJSON, len(b))
	total := 0
	for i, x := range b {
		out[i] = bucketJSON{Key: x.Key, Count: x.Count, Types: x.Types}
		total += x.Count
		switch by {
		case sitrep.ByActorPair:
			out[i].Source, out[i].Target, out[i].Key = x.Key, x.Key2, x.Key+"→"+x.Key2
		case sitrep.ByDyad:
			out[i].Source, out[i].Target, out[i].Key = x.Key, x.Key2, x.Key+"→"+x.Key2
			out[i].SourceCode, out[i].TargetCode = x.Code, x.Code2
		case sitrep.ByAdmin1:
			out[i].Country = x.Key2
		case sitrep.ByPlace:
			out[i].Country, out[i].Precision = x.Key2, x.Precision
			out[i].Lat, out[i].Lon = &b[i].Lat, &b[i].Lon
		}
		if x.Types != nil {
			out[i].Inferred = &b[i].Inferred
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"by": by, "buckets": out, "total": total})
}

type bucketJSON struct {
	Key        string         `json:"key"`
	Count      int            `json:"count"`
	Source     string         `json:"source,omitempty"`
	Target     string         `json:"target,omitempty"`
	SourceCode string         `json:"source_code,omitempty"`
	TargetCode string         `json:"target_code,omitempty"`
	Country    string         `json:"country,omitempty"`
	Lat        *float64       `json:"lat,omitempty"`
	Lon        *float64       `json:"lon,omitempty"`
	Precision  string         `json:"precision,omitempty"`
	Types      map[string]int `json:"types,omitempty"`
	Inferred   *int           `json:"inferred,omitempty"`
}
