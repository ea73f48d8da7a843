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

// annotations is how a document's spans are kept in documents.annotations.
type annotations struct {
	Sentences []sitrep.Sentence `json:"sentences,omitempty"`
	Entities  []sitrep.Entity   `json:"entities,omitempty"`
	Toponyms  []sitrep.Toponym  `json:"toponyms,omitempty"`
	Removed   []sitrep.Removal  `json:"removed,omitempty"`
	Quotes    []sitrep.Quote    `json:"quotes,omitempty"`
}

// Document rows go in one by one (their key may be stored already); the rows
// of events go in chunkRows at a time with multi-row INSERTs, whose ids the
// writer assigns itself: it holds the write lock for the whole transaction.
const (
	insertDocument = `INSERT INTO documents(id, key, url, title, author, lang, date, format, source, near_dup, text, annotations, ingested, main_event, story, lead)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING`
	eventsHead = `INSERT INTO events(id, doc, day, type, realis, confidence, src, tgt, country, admin1, place, lat, lon, tstart, tend, estart, eend, actors,
		src_name, tgt_name, inferred, precision, incident) VALUES`
	eventDataHead = `INSERT INTO event_data(id, data) VALUES`
	evidenceHead  = `INSERT INTO evidence(rowid, text) VALUES`
	chunkRows     = 64
)

// rows collects the rows of one table and inserts them chunkRows at a time.
type rows struct {
	tx   *sql.Tx
	head string
	cols int
	full *sql.Stmt // the statement of a full chunk, prepared once
	args []any
}

func (r *rows) add(ctx context.Context, vals ...any) error {
	r.args = append(r.args, vals...)
	if len(r.args) == r.cols*chunkRows {
		return r.flush(ctx)
	}
	return nil
}

func (r *rows) flush(ctx context.Context) error {
	n := len(r.args) / r.cols
	if n == 0 {
		return nil
	}
	row := "(?" + strings.Repeat(",?", r.cols-1) + ")"
	q := r.head + row + strings.Repeat(","+row, n-1)
	var err error
	if n == chunkRows {
		if r.full == nil {
			if r.full, err = r.tx.PrepareContext(ctx, q); err != nil {
				return err
			}
		}
		_, err = r.full.ExecContext(ctx, r.args...)
	} else {
		_, err = r.tx.ExecContext(ctx, q, r.args...)
	}
	r.args = r.args[:0] // database/sql has converted them
	return err
}

func (r *rows) close() {
	if r.full != nil {
		r.full.Close()
	}
}

// writer is the state of one PutDocuments transaction.
type writer struct {
	docStmt                *sql.Stmt
	events, data, evidence rows
	nextDoc, nextEvent     int64
	now                    string
	text                   []byte
	groups                 groupRows
}

// PutDocuments stores docs and their events in one transaction. A document
// whose key is stored already is skipped whole, so re-ingesting changes
// nothing.
func (s *Store) PutDocuments(ctx context.Context, docs []*sitrep.Document) (added int, err error) {
	return s.PutGrouped(ctx, docs, nil, nil)
}

// PutGrouped stores docs as PutDocuments does, with the stories and
// incidents their assignment changed, in one transaction.
func (s *Store) PutGrouped(ctx context.Context, docs []*sitrep.Document, stories []*sitrep.Story, incidents []*sitrep.Incident) (added int, err error) {
	if s.readOnly {
		return 0, s.errReadOnly()
	}
	tx, err := s.wdb.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	w := &writer{
		events:   rows{tx: tx, head: eventsHead, cols: 23},
		data:     rows{tx: tx, head: eventDataHead, cols: 2},
		evidence: rows{tx: tx, head: evidenceHead, cols: 2},
		now:      time.Now().UTC().Format(time.RFC3339),
	}
	defer w.events.close()
	defer w.data.close()
	defer w.evidence.close()
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM documents), (SELECT coalesce(max(id), 0) FROM events)`).
		Scan(&w.nextDoc, &w.nextEvent); err != nil {
		return 0, err
	}
	if w.docStmt, err = tx.PrepareContext(ctx, insertDocument); err != nil {
		return 0, err
	}
	defer w.docStmt.Close()
	if err := w.groups.put(ctx, tx, stories, incidents); err != nil {
		return 0, err
	}
	defer w.groups.close()
	for _, doc := range docs {
		ok, err := w.put(ctx, doc)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", doc.Source, err)
		}
		if ok {
			added++
		}
	}
	for _, r := range []*rows{&w.events, &w.data, &w.evidence} {
		if err := r.flush(ctx); err != nil {
			return 0, err
		}
	}
	return added, tx.Commit()
}

func (w *writer) put(ctx context.Context, doc *sitrep.Document) (bool, error) {
	ann, err := json.Marshal(annotations{doc.Sentences, doc.Entities, doc.Toponyms, doc.Removed, doc.Quotes})
	if err != nil {
		return false, err
	}
	date := ""
	if !doc.Date.IsZero() {
		date = doc.Date.Format(time.RFC3339)
	}
	docRow := w.nextDoc + 1
	story, err := w.groups.story(ctx, doc.Story)
	if err != nil {
		return false, err
	}
	var lead int64
	if m := doc.Lead(); m >= 0 {
		if lead, err = w.groups.incident(ctx, doc.Events[m].Incident); err != nil {
			return false, err
		}
	}
	res, err := w.docStmt.ExecContext(ctx, docRow, sitrep.DocumentKey(doc), doc.URL, doc.Title, doc.Author, doc.Lang, date,
		doc.Format, doc.Source, doc.NearDuplicateOf, doc.Text, ann, w.now, doc.MainEvent, story, lead)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	w.nextDoc = docRow
	for i := range doc.Events {
		ev := &doc.Events[i]
		data, err := eventindex.MarshalEvent(ev)
		if err != nil {
			return false, err
		}
		r := eventindex.RowOf(doc, ev)
		var lat, lon any // NULL without coordinates
		if r.HasPoint {
			lat, lon = r.Lat, r.Lon
		}
		spans := eventindex.EvidenceSpans(doc, ev)
		inc, err := w.groups.incident(ctx, ev.Incident)
		if err != nil {
			return false, err
		}
		w.nextEvent++
		id := w.nextEvent
		if err := w.events.add(ctx, id, docRow, r.Day, r.Type, r.Realis, r.Conf, r.Src, r.Tgt, r.Country, r.Admin1, r.Place, lat, lon,
			ev.Trigger.Start, ev.Trigger.End, spans[0].Start, spans[0].End, r.Actors, r.SrcName, r.TgtName, r.Inferred, r.Precision, inc); err != nil {
			return false, err
		}
		if err := w.data.add(ctx, id, data); err != nil {
			return false, err
		}
		w.text = eventindex.AppendEvidence(w.text[:0], doc.Text, spans)
		if err := w.evidence.add(ctx, id, string(w.text)); err != nil {
			return false, err
		}
	}
	return true, nil
}

// HasDocument reports whether a document with this key is stored.
func (s *Store) HasDocument(ctx context.Context, key string) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM documents WHERE key = ?`, key).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}
