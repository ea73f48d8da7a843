package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eventindex"
)

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
	e.Day = eventindex.DayTime(day)
	if err := eventindex.UnmarshalEvent(data, &e.Event); err != nil {
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
	err := s.db.QueryRowContext(ctx, `SELECT id, key, url, title, author, lang, date, format, source, near_dup, text, annotations, main_event,
		coalesce((SELECT key FROM stories WHERE id = documents.story), '')
		FROM documents WHERE key = ?`, key).Scan(&rowid, &d.ID, &d.URL, &d.Title, &d.Author, &d.Lang, &date, &d.Format, &d.Source, &d.NearDuplicateOf, &d.Text, &ann, &d.MainEvent, &d.Story)
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
	d.Sentences, d.Entities, d.Toponyms, d.Removed, d.Quotes = a.Sentences, a.Entities, a.Toponyms, a.Removed, a.Quotes
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
		if err := eventindex.UnmarshalEvent(data, &d.Events[len(d.Events)-1]); err != nil {
			return nil, fmt.Errorf("document %q: %w", key, err)
		}
	}
	return &d, rows.Err()
}

// Stats gives the store's totals.
func (s *Store) Stats(ctx context.Context) (sitrep.Stats, error) {
	var st sitrep.Stats
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&st.Documents); err != nil {
		return st, err
	}
	var err error
	st.Events, st.First, st.Last, err = s.Events(ctx)
	return st, err
}

// engine answers the queries of eventindex.Engine.
type engine Store

func (e *engine) MaxID(ctx context.Context) (int64, error) {
	var max sql.NullInt64
	err := e.db.QueryRowContext(ctx, `SELECT max(id) FROM events`).Scan(&max)
	return max.Int64, err
}

func (e *engine) Rows(ctx context.Context, after int64, fn func(*eventindex.Row) error) error {
	rows, err := e.db.QueryContext(ctx, `SELECT id, day, type, realis, confidence, country, admin1, src, tgt, place, lat, lon, actors,
		src_name, tgt_name, inferred, precision, incident FROM events WHERE id > ? ORDER BY id`, after)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r eventindex.Row
	var lat, lon sql.NullFloat64
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.Day, &r.Type, &r.Realis, &r.Conf, &r.Country, &r.Admin1, &r.Src, &r.Tgt, &r.Place, &lat, &lon, &r.Actors,
			&r.SrcName, &r.TgtName, &r.Inferred, &r.Precision, &r.Incident); err != nil {
			return err
		}
		r.Lat, r.Lon, r.HasPoint = lat.Float64, lon.Float64, lat.Valid && lon.Valid
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Search quotes each word, so that nothing the user typed is FTS5 syntax.
func (e *engine) Search(ctx context.Context, words []eventindex.Word) ([]int64, error) {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + w.Text + `"`)
		if w.Prefix {
			b.WriteByte('*')
		}
	}
	return e.ids(ctx, `SELECT rowid AS id FROM evidence WHERE evidence MATCH ?`, b.String())
}

func (e *engine) DocEvents(ctx context.Context, key string) ([]int64, error) {
	return e.ids(ctx, `SELECT id FROM events WHERE doc = (SELECT id FROM documents WHERE key = ?)`, key)
}

// ids runs q, a SELECT of one id column, as one group_concat: one string to
// parse costs far less than a row per id through database/sql.
func (e *engine) ids(ctx context.Context, q, arg string) ([]int64, error) {
	var list sql.NullString
	if err := e.db.QueryRowContext(ctx, `SELECT group_concat(id) FROM (`+q+`)`, arg).Scan(&list); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(list.String)/7)
	var n int64
	for i := 0; i < len(list.String); i++ {
		c := list.String[i]
		if c == ',' {
			ids = append(ids, n)
			n = 0
			continue
		}
		n = n*10 + int64(c-'0')
	}
	if list.Valid {
		ids = append(ids, n)
	}
	return ids, nil
}

func (e *engine) Fetch(ctx context.Context, ids []int64, text bool, fn func(*sitrep.StoredEvent) error) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	columns := textless
	if text {
		columns = withText
	}
	q := `SELECT ` + columns + ` FROM ` + eventTables + ` WHERE e.id IN (?` + strings.Repeat(",?", len(ids)-1) + `)`
	rows, err := e.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return err
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
	return rows.Err()
}
