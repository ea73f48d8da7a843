package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
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
// cut from the document by byte offsets. Pages leave the document's text
// out (textless); exports, which give the text of every span, take it.
const (
	eventColumns = `e.id, e.day, d.key, x.data, e.estart, e.eend,
	CAST(substr(CAST(d.text AS BLOB), e.tstart+1, e.tend-e.tstart) AS TEXT),
	CAST(substr(CAST(d.text AS BLOB), e.estart+1, e.eend-e.estart) AS TEXT),
	d.url, d.title, d.date, d.main_event, `
	withText = eventColumns + `d.text`
	textless = eventColumns + `''`
)

// eventTables are what eventColumns read from.
const eventTables = `events e JOIN documents d ON d.id = e.doc JOIN event_data x ON x.id = e.id`

func scanEvent(sc interface{ Scan(...any) error }) (*sitrep.StoredEvent, error) {
	var e sitrep.StoredEvent
	var day int64
	var data []byte
	var docDate string
	if err := sc.Scan(&e.Key, &day, &e.DocID, &data, &e.EvidenceSpan.Start, &e.EvidenceSpan.End, &e.TriggerText, &e.EvidenceText,
		&e.DocURL, &e.DocTitle, &docDate, &e.DocType, &e.DocText); err != nil {
		return nil, err
	}
	e.Day = dayTime(day)
	if err := unmarshalEvent(data, &e.Event); err != nil {
		return nil, fmt.Errorf("event %d: %w", e.Key, err)
	}
	if docDate != "" {
		t, err := time.Parse(time.RFC3339, docDate)
		if err != nil {
			return nil, fmt.Errorf("event %d: document date: %w", e.Key, err)
		}
		e.DocDate = t
	}
	return &e, nil
}

// FindEvents returns a page of events, newest first.
func (s *Store) FindEvents(ctx context.Context, f sitrep.EventFilter) ([]*sitrep.StoredEvent, string, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit > MaxLimit {
		return nil, "", sitrep.Errorf(sitrep.EINVALID, "limit %d is over %d", f.Limit, MaxLimit)
	}
	ids, err := s.matching(ctx, &f, f.Limit+1, f.Cursor)
	if err != nil {
		return nil, "", err
	}
	var out []*sitrep.StoredEvent
	if err := s.fetch(ctx, textless, ids, func(e *sitrep.StoredEvent) error { out = append(out, e); return nil }); err != nil {
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
	ids, err := s.matching(ctx, &f, -1, "")
	if err != nil {
		return err
	}
	return s.fetch(ctx, withText, ids, fn)
}

// fetch reads the events with these rowids and calls fn with each in the
// order of ids, a chunk of rows per query.
func (s *Store) fetch(ctx context.Context, columns string, ids []int64, fn func(*sitrep.StoredEvent) error) error {
	const chunk = 250
	pos := make(map[int64]int, min(len(ids), chunk))
	got := make([]*sitrep.StoredEvent, chunk)
	args := make([]any, 0, chunk)
	for len(ids) > 0 {
		part := ids[:min(chunk, len(ids))]
		ids = ids[len(part):]
		clear(pos)
		args = args[:0]
		for i, id := range part {
			pos[id] = i
			args = append(args, id)
		}
		q := `SELECT ` + columns + ` FROM ` + eventTables + ` WHERE e.id IN (?` + strings.Repeat(",?", len(part)-1) + `)`
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return err
			}
			got[pos[e.Key]] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range part {
			if got[i] != nil {
				if err := fn(got[i]); err != nil {
					return err
				}
			}
			got[i] = nil
		}
	}
	return nil
}

// Event returns one event and its document with every annotation.
func (s *Store) Event(ctx context.Context, id int64) (*sitrep.StoredEvent, *sitrep.Document, error) {
	e, err := scanEvent(s.db.QueryRowContext(ctx, `SELECT `+withText+` FROM `+eventTables+` WHERE e.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, nil, sitrep.Errorf(sitrep.ENOTFOUND, "no event %d", id)
	}
	if err != nil {
		return nil, nil, err
	}
	doc, err := s.Document(ctx, e.DocID)
	return e, doc, err
}

// Document returns a stored document with its annotations and events.
func (s *Store) Document(ctx context.Context, key string) (*sitrep.Document, error) {
	var d sitrep.Document
	var rowid int64
	var date string
	var ann []byte
	err := s.db.QueryRowContext(ctx, `SELECT id, key, url, title, author, lang, date, format, source, near_dup, text, annotations, main_event
		FROM documents WHERE key = ?`, key).Scan(&rowid, &d.ID, &d.URL, &d.Title, &d.Author, &d.Lang, &date, &d.Format, &d.Source, &d.NearDuplicateOf, &d.Text, &ann, &d.MainEvent)
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
		if err := unmarshalEvent(data, &d.Events[len(d.Events)-1]); err != nil {
			return nil, fmt.Errorf("document %q: %w", key, err)
		}
	}
	return &d, rows.Err()
}

// Aggregate counts the events f matches, grouped by a. Day and week buckets
// come in time order, the others by falling count; f.Limit caps the buckets.
func (s *Store) Aggregate(ctx context.Context, f sitrep.EventFilter, a sitrep.Aggregation) ([]sitrep.Bucket, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = MaxBuckets
	}
	if limit > MaxBuckets {
		return nil, sitrep.Errorf(sitrep.EINVALID, "limit %d is over %d", limit, MaxBuckets)
	}
	if f.Cursor != "" {
		return nil, sitrep.Errorf(sitrep.EINVALID, "aggregates take no cursor")
	}
	switch a {
	case sitrep.ByDay, sitrep.ByWeek, sitrep.ByType, sitrep.ByRealis, sitrep.ByCountry, sitrep.ByAdmin1, sitrep.ByActorPair, sitrep.ByPlace, sitrep.ByDyad:
	default:
		return nil, sitrep.Errorf(sitrep.EINVALID, "cannot aggregate by %q", a)
	}
	b, err := s.aggregate(ctx, &f, a)
	if len(b) > limit {
		b = b[:limit]
	}
	return b, err
}

// Stats gives the store's totals.
func (s *Store) Stats(ctx context.Context) (sitrep.Stats, error) {
	var st sitrep.Stats
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&st.Documents); err != nil {
		return st, err
	}
	if err := s.idx.load(ctx, s.db); err != nil {
		return st, err
	}
	x := &s.idx
	x.mu.RLock()
	defer x.mu.RUnlock()
	st.Events = len(x.ids)
	if len(x.order) > 0 {
		st.Last = dayTime(int64(x.day[x.order[0]]))
		// Undated events come last in the order.
		k := sort.Search(len(x.order), func(k int) bool { return x.day[x.order[k]] < 0 })
		if k > 0 {
			st.First = dayTime(int64(x.day[x.order[k-1]]))
		}
	}
	return st, nil
}
