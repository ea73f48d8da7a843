package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep"
)

// annotations is how a document's spans are kept in documents.annotations.
type annotations struct {
	Sentences []sitrep.Sentence `json:"sentences,omitempty"`
	Entities  []sitrep.Entity   `json:"entities,omitempty"`
	Toponyms  []sitrep.Toponym  `json:"toponyms,omitempty"`
	Removed   []sitrep.Removal  `json:"removed,omitempty"`
}

// Document rows go in one by one (their key may be stored already); the rows
// of events go in chunkRows at a time with multi-row INSERTs, whose ids the
// writer assigns itself: it holds the write lock for the whole transaction.
const (
	insertDocument = `INSERT INTO documents(id, key, url, title, author, lang, date, format, source, near_dup, text, annotations, ingested, main_event)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING`
	eventsHead = `INSERT INTO events(id, doc, day, type, realis, confidence, src, tgt, country, admin1, place, lat, lon, tstart, tend, estart, eend, actors,
		src_name, tgt_name, inferred, precision) VALUES`
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
	text                   strings.Builder
}

// PutDocuments stores docs and their events in one transaction. A document
// whose key is stored already is skipped whole, so re-ingesting changes
// nothing.
func (s *Store) PutDocuments(ctx context.Context, docs []*sitrep.Document) (added int, err error) {
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
		events:   rows{tx: tx, head: eventsHead, cols: 22},
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
	ann, err := json.Marshal(annotations{doc.Sentences, doc.Entities, doc.Toponyms, doc.Removed})
	if err != nil {
		return false, err
	}
	date := ""
	if !doc.Date.IsZero() {
		date = doc.Date.Format(time.RFC3339)
	}
	docRow := w.nextDoc + 1
	res, err := w.docStmt.ExecContext(ctx, docRow, sitrep.DocumentKey(doc), doc.URL, doc.Title, doc.Author, doc.Lang, date,
		doc.Format, doc.Source, doc.NearDuplicateOf, doc.Text, ann, w.now, doc.MainEvent)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	w.nextDoc = docRow
	docDay := int64(-1)
	if !doc.Date.IsZero() {
		docDay = dayNumber(doc.Date)
	}
	for i := range doc.Events {
		ev := &doc.Events[i]
		data, err := marshalEvent(ev)
		if err != nil {
			return false, err
		}
		day, inferred := docDay, docDay >= 0
		if ev.Date != nil && !ev.Date.Start.IsZero() {
			day, inferred = dayNumber(ev.Date.Start), false
		}
		var country, admin1, place, precision string
		var lat, lon any // NULL without coordinates
		if l := ev.Location; l != nil {
			country, admin1, place, precision = l.Country, l.Admin1, l.Name, string(l.Precision)
			if l.Inherited {
				precision = "inherited"
			}
			if l.Resolved() {
				lat, lon = l.Lat, l.Lon
			}
		}
		spans := evidenceSpans(doc, ev)
		w.nextEvent++
		id := w.nextEvent
		if err := w.events.add(ctx, id, docRow, day, ev.Type, string(ev.Realis), ev.Confidence,
			firstCode(ev.Source), firstCode(ev.Target), country, admin1, place, lat, lon,
			ev.Trigger.Start, ev.Trigger.End, spans[0].Start, spans[0].End, actorKeys(doc.Text, ev),
			firstName(ev.Source), firstName(ev.Target), inferred, precision); err != nil {
			return false, err
		}
		if err := w.data.add(ctx, id, data); err != nil {
			return false, err
		}
		w.text.Reset()
		for _, sp := range spans {
			w.text.WriteString(sp.Of(doc.Text))
			w.text.WriteByte('\n')
		}
		if err := w.evidence.add(ctx, id, w.text.String()); err != nil {
			return false, err
		}
	}
	return true, nil
}

// storedEvent is an event as event_data keeps it. EventDate's Start and End
// (days) hide the Start and End of its Span from encoding/json, so the span
// of the date's text travels beside it.
type storedEvent struct {
	sitrep.Event
	DateSpan *sitrep.Span `json:",omitempty"`
}

func marshalEvent(ev *sitrep.Event) ([]byte, error) {
	se := storedEvent{Event: *ev}
	if ev.Date != nil {
		se.DateSpan = &ev.Date.Span
	}
	return json.Marshal(&se)
}

func unmarshalEvent(data []byte, ev *sitrep.Event) error {
	var se storedEvent
	if err := json.Unmarshal(data, &se); err != nil {
		return err
	}
	*ev = se.Event
	if ev.Date != nil && se.DateSpan != nil {
		ev.Date.Span = *se.DateSpan
	}
	return nil
}

// evidenceSpans are the spans that state ev: its evidence, else its sentence,
// else its trigger.
func evidenceSpans(doc *sitrep.Document, ev *sitrep.Event) []sitrep.Span {
	if len(ev.Evidence) > 0 {
		return ev.Evidence
	}
	if ev.Sentence >= 0 && ev.Sentence < len(doc.Sentences) {
		return []sitrep.Span{doc.Sentences[ev.Sentence].Span}
	}
	return []sitrep.Span{ev.Trigger}
}

// actorKeys lists, space-separated, the name, mention, code, country, sector
// and country-and-sector of every source and target actor of ev, each as one
// word; the index answers actor filters from them.
func actorKeys(text string, ev *sitrep.Event) string {
	var b strings.Builder
	for _, list := range [2][]sitrep.ActorMention{ev.Source, ev.Target} {
		for _, a := range list {
			// The actor's name and the words that mention it ("Khar" for
			// Hina Rabbani Khar) both find it.
			mention := a.Of(text)
			if strings.EqualFold(mention, a.Name) {
				mention = ""
			}
			for _, k := range [...]struct{ prefix, v string }{{"n_", a.Name}, {"n_", mention}, {"c_", a.Code}, {"k_", a.Country}, {"s_", a.Sector}} {
				if k.v != "" {
					b.WriteString(actorKey(k.prefix, k.v))
					b.WriteByte(' ')
				}
			}
			if a.Country != "" && a.Sector != "" {
				b.WriteString(actorKey("ks_", a.Country+"_"+a.Sector))
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// actorKey makes one word of a value: lower case, every other character than
// a letter or digit an underscore.
func actorKey(prefix, v string) string {
	return prefix + strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return '_'
	}, v)
}

func firstCode(l []sitrep.ActorMention) string {
	if len(l) == 0 {
		return ""
	}
	return l[0].Code
}

func firstName(l []sitrep.ActorMention) string {
	if len(l) == 0 {
		return ""
	}
	return l[0].Name
}

// dayNumber is the number of days from 1970-01-01 to t's calendar day.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func dayTime(n int64) time.Time {
	if n < 0 {
		return time.Time{}
	}
	return time.Unix(n*86400, 0).UTC()
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
