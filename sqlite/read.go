package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep"
)

// Limits on what one call returns.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
	// MaxBuckets caps the groups of one aggregation.
	MaxBuckets = 10000
)

// where turns a filter into a WHERE clause over events e. Every value is a
// parameter; only fixed SQL text is concatenated.
func where(f *sitrep.EventFilter) (string, []any, error) {
	var w []string
	var args []any
	add := func(cond string, a ...any) { w = append(w, cond); args = append(args, a...) }
	in := func(col string, vals []string) {
		add(col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")", anys(vals)...)
	}
	if !f.From.IsZero() {
		add("e.day >= ?", dayNumber(f.From))
	}
	if !f.To.IsZero() {
		add("e.day BETWEEN 0 AND ?", dayNumber(f.To))
	}
	if len(f.Types) > 0 {
		in("e.type", f.Types)
	}
	if len(f.Realis) > 0 {
		r := make([]string, len(f.Realis))
		for i, v := range f.Realis {
			r[i] = string(v)
		}
		in("e.realis", r)
	}
	if q := actorQuery(f); q != "" {
		add("e.id IN (SELECT rowid FROM event_actors WHERE event_actors MATCH ?)", q)
	}
	if f.Country != "" {
		add("e.country = ?", f.Country)
	}
	if f.Admin1 != "" {
		add("e.admin1 = ?", f.Admin1)
	}
	if b := f.BBox; b != nil {
		if b.South > b.North || b.South < -90 || b.North > 90 || b.West < -180 || b.East > 180 {
			return "", nil, sitrep.Errorf(sitrep.EINVALID, "bbox %v,%v,%v,%v is not west,south,east,north in degrees", b.West, b.South, b.East, b.North)
		}
		add("e.lat BETWEEN ? AND ?", b.South, b.North)
		if b.West <= b.East {
			add("e.lon BETWEEN ? AND ?", b.West, b.East)
		} else { // across the antimeridian
			add("(e.lon >= ? OR e.lon <= ?)", b.West, b.East)
		}
	}
	if f.MinConfidence > 0 {
		add("e.confidence >= ?", f.MinConfidence)
	}
	if f.Query != "" {
		q := ftsQuery(f.Query)
		if q == "" {
			return "", nil, sitrep.Errorf(sitrep.EINVALID, "search %q has no words", f.Query)
		}
		add("e.id IN (SELECT rowid FROM evidence WHERE evidence MATCH ?)", q)
	}
	if f.DocID != "" {
		add("e.doc = (SELECT id FROM documents WHERE key = ?)", f.DocID)
	}
	if len(w) == 0 {
		return "1", nil, nil
	}
	return strings.Join(w, " AND "), args, nil
}

func anys(v []string) []any {
	a := make([]any, len(v))
	for i, s := range v {
		a[i] = s
	}
	return a
}

// actorQuery is the FTS5 query over actorKeys for the actor conditions of f.
// Country and sector must hold for one actor; the other conditions for any
// actor of the event.
func actorQuery(f *sitrep.EventFilter) string {
	var q []string
	quote := func(prefix, v string) string { return `"` + actorKey(prefix, v) + `"` }
	if f.Actor != "" {
		q = append(q, "("+quote("n_", f.Actor)+" OR "+quote("c_", f.Actor)+")")
	}
	switch {
	case f.ActorCountry != "" && f.ActorSector != "":
		q = append(q, quote("ks_", f.ActorCountry+"_"+f.ActorSector))
	case f.ActorCountry != "":
		q = append(q, quote("k_", f.ActorCountry))
	case f.ActorSector != "":
		q = append(q, quote("s_", f.ActorSector))
	}
	if f.ActorCode != "" {
		q = append(q, quote("c_", f.ActorCode))
	}
	return strings.Join(q, " AND ")
}

// ftsQuery turns what a user typed into an FTS5 query that cannot be a
// syntax error: each word quoted, all required, a trailing * kept as a
// prefix search.
func ftsQuery(s string) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*' }) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.ReplaceAll(w, "*", "")
		if w == "" || n == 16 {
			continue
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + w + `"`)
		if prefix {
			b.WriteByte('*')
		}
		n++
	}
	return b.String()
}

// A cursor is the (day, id) of the last event of a page, which is where the
// next page starts in the newest-first order; new events never shift it.
func encodeCursor(day, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(day, 10) + "." + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (day, id int64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		ds, is, ok := strings.Cut(string(b), ".")
		if !ok {
			err = fmt.Errorf("no separator")
		} else if day, err = strconv.ParseInt(ds, 10, 64); err == nil {
			id, err = strconv.ParseInt(is, 10, 64)
		}
	}
	if err != nil {
		return 0, 0, sitrep.Errorf(sitrep.EINVALID, "bad cursor %q", c)
	}
	return day, id, nil
}

// eventColumns are scanned by scanEvent; the trigger and evidence texts are
// cut from the document by byte offsets.
const eventColumns = `e.id, e.day, d.key, (SELECT data FROM event_data WHERE id = e.id), e.estart, e.eend,
	CAST(substr(CAST(d.text AS BLOB), e.tstart+1, e.tend-e.tstart) AS TEXT),
	CAST(substr(CAST(d.text AS BLOB), e.estart+1, e.eend-e.estart) AS TEXT)`

func scanEvent(sc interface{ Scan(...any) error }) (*sitrep.StoredEvent, error) {
	var e sitrep.StoredEvent
	var day int64
	var data []byte
	if err := sc.Scan(&e.Key, &day, &e.DocID, &data, &e.EvidenceSpan.Start, &e.EvidenceSpan.End, &e.TriggerText, &e.EvidenceText); err != nil {
		return nil, err
	}
	e.Day = dayTime(day)
	if err := json.Unmarshal(data, &e.Event); err != nil {
		return nil, fmt.Errorf("event %d: %w", e.Key, err)
	}
	return &e, nil
}

// FindEvents returns a page of events, newest first.
func (s *Store) FindEvents(ctx context.Context, f sitrep.EventFilter) ([]*sitrep.StoredEvent, string, error) {
	w, args, err := where(&f)
	if err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit > MaxLimit {
		return nil, "", sitrep.Errorf(sitrep.EINVALID, "limit %d is over %d", f.Limit, MaxLimit)
	}
	if f.Cursor != "" {
		day, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w += " AND (e.day, e.id) < (?, ?)"
		args = append(args, day, id)
	}
	q := `SELECT ` + eventColumns + ` FROM events e JOIN documents d ON d.id = e.doc WHERE ` + w +
		` ORDER BY e.day DESC, e.id DESC LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(args, f.Limit+1)...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*sitrep.StoredEvent
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[len(out)-1]
		day := int64(-1)
		if !last.Day.IsZero() {
			day = dayNumber(last.Day)
		}
		next = encodeCursor(day, last.Key)
	}
	return out, next, nil
}

// EachEvent calls fn for every event f matches, newest first.
func (s *Store) EachEvent(ctx context.Context, f sitrep.EventFilter, fn func(*sitrep.StoredEvent) error) error {
	w, args, err := where(&f)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM events e JOIN documents d ON d.id = e.doc WHERE `+w+
		` ORDER BY e.day DESC, e.id DESC`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Event returns one event and its document with every annotation.
func (s *Store) Event(ctx context.Context, id int64) (*sitrep.StoredEvent, *sitrep.Document, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+eventColumns+`, d.key FROM events e JOIN documents d ON d.id = e.doc WHERE e.id = ?`, id)
	var key string
	e, err := scanEvent(scanPlus{row, &key})
	if err == sql.ErrNoRows {
		return nil, nil, sitrep.Errorf(sitrep.ENOTFOUND, "no event %d", id)
	}
	if err != nil {
		return nil, nil, err
	}
	doc, err := s.Document(ctx, key)
	return e, doc, err
}

// scanPlus scans the columns of scanEvent and then more.
type scanPlus struct {
	row  *sql.Row
	more *string
}

func (s scanPlus) Scan(dst ...any) error { return s.row.Scan(append(dst, s.more)...) }

// Document returns a stored document with its annotations and events.
func (s *Store) Document(ctx context.Context, key string) (*sitrep.Document, error) {
	var d sitrep.Document
	var rowid int64
	var date string
	var ann []byte
	err := s.db.QueryRowContext(ctx, `SELECT id, key, url, title, author, lang, date, format, source, near_dup, text, annotations
		FROM documents WHERE key = ?`, key).Scan(&rowid, &d.ID, &d.URL, &d.Title, &d.Author, &d.Lang, &date, &d.Format, &d.Source, &d.NearDuplicateOf, &d.Text, &ann)
	if err == sql.ErrNoRows {
		return nil, sitrep.Errorf(sitrep.ENOTFOUND, "no document %q", key)
	}
	if err != nil {
		return nil, err
	}
	if date != "" {
		if d.Date, err = time.Parse(time.RFC3339, date); err != nil {
			return nil, fmt.Errorf("document %q: date: %w", key, err)
		}
		d.DateHasTime = d.Date.Hour() != 0 || d.Date.Minute() != 0 || d.Date.Second() != 0
	}
	var a annotations
	if err := json.Unmarshal(ann, &a); err != nil {
		return nil, fmt.Errorf("document %q: %w", key, err)
	}
	d.Sentences, d.Entities, d.Toponyms, d.Removed = a.Sentences, a.Entities, a.Toponyms, a.Removed
	rows, err := s.db.QueryContext(ctx, `SELECT x.data FROM events e JOIN event_data x ON x.id = e.id WHERE e.doc = ? ORDER BY e.id`, rowid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		d.Events = append(d.Events, sitrep.Event{})
		if err := json.Unmarshal(data, &d.Events[len(d.Events)-1]); err != nil {
			return nil, fmt.Errorf("document %q: %w", key, err)
		}
	}
	return &d, rows.Err()
}

// Aggregate counts the events f matches, grouped by a. Day and week buckets
// come in time order, the others by falling count; f.Limit caps the buckets.
func (s *Store) Aggregate(ctx context.Context, f sitrep.EventFilter, a sitrep.Aggregation) ([]sitrep.Bucket, error) {
	w, args, err := where(&f)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = MaxBuckets
	}
	if limit > MaxBuckets {
		return nil, sitrep.Errorf(sitrep.EINVALID, "limit %d is over %d", limit, MaxBuckets)
	}
	var q string
	switch a {
	case sitrep.ByDay:
		q = `SELECT e.day, '', count(*), 0, 0 FROM events e WHERE ` + w + ` AND e.day >= 0 GROUP BY e.day ORDER BY e.day`
	case sitrep.ByWeek:
		// 1970-01-01 was a Thursday: day+3 counts from a Monday.
		q = `SELECT e.day - (e.day + 3) % 7 AS wk, '', count(*), 0, 0 FROM events e WHERE ` + w + ` AND e.day >= 0 GROUP BY wk ORDER BY wk`
	case sitrep.ByType:
		q = `SELECT e.type, '', count(*) AS n, 0, 0 FROM events e WHERE ` + w + ` GROUP BY e.type ORDER BY n DESC, 1`
	case sitrep.ByRealis:
		q = `SELECT e.realis, '', count(*) AS n, 0, 0 FROM events e WHERE ` + w + ` GROUP BY e.realis ORDER BY n DESC, 1`
	case sitrep.ByCountry:
		q = `SELECT e.country, '', count(*) AS n, 0, 0 FROM events e WHERE ` + w + ` AND e.country != '' GROUP BY e.country ORDER BY n DESC, 1`
	case sitrep.ByAdmin1:
		q = `SELECT e.admin1, e.country, count(*) AS n, 0, 0 FROM events e WHERE ` + w + ` AND e.admin1 != '' GROUP BY e.country, e.admin1 ORDER BY n DESC, 1`
	case sitrep.ByActorPair:
		q = `SELECT e.src, e.tgt, count(*) AS n, 0, 0 FROM events e WHERE ` + w + ` AND e.src != '' AND e.tgt != '' GROUP BY e.src, e.tgt ORDER BY n DESC, 1, 2`
	case sitrep.ByPlace:
		q = `SELECT max(e.place), max(e.country), count(*) AS n, e.lat, e.lon FROM events e WHERE ` + w + ` AND e.lat IS NOT NULL GROUP BY e.lat, e.lon ORDER BY n DESC`
	default:
		return nil, sitrep.Errorf(sitrep.EINVALID, "cannot aggregate by %q", a)
	}
	rows, err := s.db.QueryContext(ctx, q+` LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sitrep.Bucket
	for rows.Next() {
		var b sitrep.Bucket
		var key any
		if err := rows.Scan(&key, &b.Key2, &b.Count, &b.Lat, &b.Lon); err != nil {
			return nil, err
		}
		switch k := key.(type) {
		case int64:
			b.Key = dayTime(k).Format(time.DateOnly)
		case string:
			b.Key = k
		case []byte:
			b.Key = string(k)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Stats gives the store's totals.
func (s *Store) Stats(ctx context.Context) (sitrep.Stats, error) {
	var st sitrep.Stats
	var first, last sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
		(SELECT min(day) FROM events WHERE day >= 0), (SELECT max(day) FROM events)`).Scan(&st.Documents, &st.Events, &first, &last)
	if first.Valid {
		st.First, st.Last = dayTime(first.Int64), dayTime(last.Int64)
	}
	return st, err
}
