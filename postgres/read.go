package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eventindex"
)

// selectEvents reads what scanEvent scans; the trigger and evidence texts
// are cut from the document by byte offsets. Pages leave the document's text
// out (selectTextless); exports, which give the text of every span, take it.
const (
	selectColumns = `SELECT e.id, e.day, d.key, x.data, e.estart, e.eend,
	substring(convert_to(d.text, 'UTF8') FROM e.tstart+1 FOR e.tend-e.tstart),
	substring(convert_to(d.text, 'UTF8') FROM e.estart+1 FOR e.eend-e.estart),
	d.url, d.title, d.date, d.main_event, `
	eventTables    = ` FROM events e JOIN documents d ON d.id = e.doc JOIN event_data x ON x.id = e.id`
	selectEvents   = selectColumns + `d.text` + eventTables
	selectTextless = selectColumns + `''` + eventTables
)

func scanEvent(sc pgx.Row) (*sitrep.StoredEvent, error) {
	var e sitrep.StoredEvent
	var day int32
	var data, trigger, evidence []byte
	var estart, eend int32
	var docDate string
	if err := sc.Scan(&e.Key, &day, &e.DocID, &data, &estart, &eend, &trigger, &evidence,
		&e.DocURL, &e.DocTitle, &docDate, &e.DocType, &e.DocText); err != nil {
		return nil, err
	}
	e.Day = eventindex.DayTime(int64(day))
	e.EvidenceSpan = sitrep.Span{Start: int(estart), End: int(eend)}
	e.TriggerText, e.EvidenceText = string(trigger), string(evidence)
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
	e, err := scanEvent(s.pool.QueryRow(ctx, selectEvents+` WHERE e.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
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
	var row int64
	var date string
	var ann []byte
	err := s.pool.QueryRow(ctx, `SELECT id, key, url, title, author, lang, date, format, source, near_dup, text, annotations, main_event,
		coalesce((SELECT key FROM stories WHERE id = documents.story), '')
		FROM documents WHERE key = $1`, key).Scan(&row, &d.ID, &d.URL, &d.Title, &d.Author, &d.Lang, &date, &d.Format, &d.Source, &d.NearDuplicateOf, &d.Text, &ann, &d.MainEvent, &d.Story)
	if errors.Is(err, pgx.ErrNoRows) {
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
	rows, err := s.pool.Query(ctx, `SELECT x.data FROM events e JOIN event_data x ON x.id = e.id WHERE e.doc = $1 ORDER BY e.id`, row)
	if err != nil {
		return nil, err
	}
	var data []byte
	_, err = pgx.ForEachRow(rows, []any{&data}, func() error {
		d.Events = append(d.Events, sitrep.Event{})
		if err := eventindex.UnmarshalEvent(data, &d.Events[len(d.Events)-1]); err != nil {
			return fmt.Errorf("document %q: %w", key, err)
		}
		return nil
	})
	return &d, err
}

// Stats gives the store's totals.
func (s *Store) Stats(ctx context.Context) (sitrep.Stats, error) {
	var st sitrep.Stats
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&st.Documents); err != nil {
		return st, err
	}
	var err error
	st.Events, st.First, st.Last, err = s.Events(ctx)
	return st, err
}

// engine answers the queries of eventindex.Engine.
type engine Store

func (e *engine) MaxID(ctx context.Context) (int64, error) {
	var max int64
	err := e.pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM events`).Scan(&max)
	return max, err
}

func (e *engine) Rows(ctx context.Context, after int64, fn func(*eventindex.Row) error) error {
	rows, err := e.pool.Query(ctx, `SELECT id, day, type, realis, confidence, country, admin1, src, tgt, place, lat, lon, actors,
		src_name, tgt_name, inferred, precision, incident FROM events WHERE id > $1 ORDER BY id`, after)
	if err != nil {
		return err
	}
	var r eventindex.Row
	var conf float32
	var lat, lon *float64
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.Day, &r.Type, &r.Realis, &conf, &r.Country, &r.Admin1, &r.Src, &r.Tgt, &r.Place, &lat, &lon, &r.Actors,
		&r.SrcName, &r.TgtName, &r.Inferred, &r.Precision, &r.Incident}, func() error {
		r.Conf = float64(conf)
		r.Lat, r.Lon, r.HasPoint = 0, 0, lat != nil && lon != nil
		if r.HasPoint {
			r.Lat, r.Lon = *lat, *lon
		}
		return fn(&r)
	})
	return err
}

// Search finds the evidence with every word, folded as the evidence was.
func (e *engine) Search(ctx context.Context, words []eventindex.Word) ([]int64, error) {
	return e.ids(ctx, `SELECT array_agg(id) FROM evidence WHERE tsv @@ $1::tsquery`, tsquery(words))
}

func (e *engine) DocEvents(ctx context.Context, key string) ([]int64, error) {
	return e.ids(ctx, `SELECT array_agg(e.id) FROM events e JOIN documents d ON d.id = e.doc WHERE d.key = $1`, key)
}

// ids runs q, which aggregates ids into one array: one value to decode
// costs less than a row per id.
func (e *engine) ids(ctx context.Context, q, arg string) ([]int64, error) {
	var ids []int64
	err := e.pool.QueryRow(ctx, q, arg).Scan(&ids)
	return ids, err
}

func (e *engine) Fetch(ctx context.Context, ids []int64, text bool, fn func(*sitrep.StoredEvent) error) error {
	q := selectTextless
	if text {
		q = selectEvents
	}
	rows, err := e.pool.Query(ctx, q+` WHERE e.id = ANY($1)`, ids)
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
