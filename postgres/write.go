package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eventindex"
)

// annotations is how a document's spans are kept in documents.annotations,
// as in the sqlite package.
type annotations struct {
	Sentences []sitrep.Sentence `json:"sentences,omitempty"`
	Entities  []sitrep.Entity   `json:"entities,omitempty"`
	Toponyms  []sitrep.Toponym  `json:"toponyms,omitempty"`
	Removed   []sitrep.Removal  `json:"removed,omitempty"`
	Quotes    []sitrep.Quote    `json:"quotes,omitempty"`
}

// insertDocuments adds the documents of a batch whose key is not stored, in
// one statement, and returns the rows it added.
const insertDocuments = `INSERT INTO documents(key, url, title, author, lang, date, format, source, near_dup, text, annotations, main_event, story, lead)
	SELECT k, u, ti, a, l, d, f, s, n, tx, an::json, m, st, le
	FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
		$13::bigint[], $14::bigint[])
		AS t(k, u, ti, a, l, d, f, s, n, tx, an, m, st, le)
	ON CONFLICT (key) DO NOTHING
	RETURNING id, key`

// insertEvidence indexes the evidence texts, given as tsvector input (see
// appendTSVector); the texts themselves are not kept (they are in
// documents).
const insertEvidence = `INSERT INTO evidence(id, tsv) SELECT id, t::tsvector FROM unnest($1::bigint[], $2::text[]) AS u(id, t)`

var (
	eventColumns = []string{"id", "doc", "day", "type", "realis", "confidence", "src", "tgt", "country", "admin1", "place", "lat", "lon",
		"tstart", "tend", "estart", "eend", "actors", "src_name", "tgt_name", "inferred", "precision", "incident"}
	eventDataColumns = []string{"id", "data"}
)

// PutDocuments stores docs and their events in one transaction. A document
// whose key is stored already is skipped whole, so storing a batch again, or
// a batch another writer stored meanwhile, changes nothing. Documents go in
// with one INSERT of arrays, events with COPY.
func (s *Store) PutDocuments(ctx context.Context, docs []*sitrep.Document) (added int, err error) {
	added, _, err = s.put(ctx, docs, nil)
	return added, err
}

// PutGrouped stores docs as PutDocuments does, with the stories and
// incidents their assignment changed, in one transaction.
func (s *Store) PutGrouped(ctx context.Context, docs []*sitrep.Document, stories []*sitrep.Story, incidents []*sitrep.Incident) (added int, err error) {
	added, _, err = s.put(ctx, docs, func(pgx.Tx) ([]*sitrep.Story, []*sitrep.Incident, error) { return stories, incidents, nil })
	return added, err
}

// PutAssigned stores docs with the groups assign gives them, holding
// groupsLock from before it reads what other writers changed until the
// commit.
func (s *Store) PutAssigned(ctx context.Context, docs []*sitrep.Document, since int64, assign sitrep.AssignFunc) (added int, seq int64, err error) {
	if len(docs) == 0 {
		return 0, since, nil
	}
	return s.put(ctx, docs, func(tx pgx.Tx) ([]*sitrep.Story, []*sitrep.Incident, error) {
		keys := make([]string, len(docs))
		for i, d := range docs {
			keys[i] = sitrep.DocumentKey(d)
		}
		rows, err := tx.Query(ctx, `SELECT key FROM documents WHERE key = ANY($1)`, keys)
		if err != nil {
			return nil, nil, err
		}
		have, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, nil, err
		}
		fresh := make([]*sitrep.Document, 0, len(docs))
		for i, d := range docs {
			// Stored by another writer, or twice in the batch.
			if !slices.Contains(have, keys[i]) && !slices.Contains(keys[:i], keys[i]) {
				fresh = append(fresh, d)
			}
		}
		ss, err := readStories(ctx, tx, `SELECT key, title, first, last, profile FROM stories WHERE seq > $1 ORDER BY id`, since)
		if err != nil {
			return nil, nil, err
		}
		is, err := readIncidents(ctx, tx, `SELECT key, data FROM incidents WHERE seq > $1 ORDER BY id`, since)
		if err != nil {
			return nil, nil, err
		}
		return assign(fresh, ss, is)
	})
}

// GroupSeq returns the sequence number of the last write of groups.
func (s *Store) GroupSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := s.pool.QueryRow(ctx, lastSeq).Scan(&seq)
	return seq, err
}

// put stores docs in one transaction. With group, it takes groupsLock and
// stores the groups that group returns with them, and returns the sequence
// number of the groups stored (the last one when none).
func (s *Store) put(ctx context.Context, docs []*sitrep.Document, group func(pgx.Tx) ([]*sitrep.Story, []*sitrep.Incident, error)) (added int, seq int64, err error) {
	if len(docs) == 0 {
		return 0, 0, nil
	}
	// Sorted by key, writers whose batches share keys wait for each other's
	// rows in one order and cannot deadlock.
	sorted := slices.Clone(docs)
	slices.SortStableFunc(sorted, func(a, b *sitrep.Document) int { return cmp.Compare(sitrep.DocumentKey(a), sitrep.DocumentKey(b)) })
	cols, err := documentColumns(sorted)
	if err != nil {
		return 0, 0, err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var stories []*sitrep.Story
		var incidents []*sitrep.Incident
		if group != nil {
			// Taken before eventsLock, as every grouping writer does.
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, groupsLock); err != nil {
				return err
			}
			var err error
			if stories, incidents, err = group(tx); err != nil {
				return err
			}
		}
		var storyRow, incRow map[string]int64
		var err error
		storyRow, incRow, seq, err = putGroups(ctx, tx, group != nil, sorted, stories, incidents)
		if err != nil {
			return err
		}
		story, lead := make([]int64, len(sorted)), make([]int64, len(sorted))
		for i, doc := range sorted {
			story[i] = storyRow[doc.Story]
			if m := doc.Lead(); m >= 0 {
				lead[i] = incRow[doc.Events[m].Incident]
			}
		}
		rows, err := tx.Query(ctx, insertDocuments, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], cols[9], cols[10], cols[11],
			story, lead)
		if err != nil {
			return err
		}
		rowOf := map[string]int64{}
		var id int64
		var key string
		_, err = pgx.ForEachRow(rows, []any{&id, &key}, func() error { rowOf[key] = id; return nil })
		if err != nil || len(rowOf) == 0 {
			return err
		}
		added = len(rowOf)
		return writeEvents(ctx, tx, docs, rowOf, incRow)
	})
	if err != nil {
		return 0, 0, err
	}
	s.Invalidate()
	return added, seq, nil
}

// documentColumns are the columns of insertDocuments but the groups', one
// slice each.
func documentColumns(docs []*sitrep.Document) ([][]string, error) {
	cols := make([][]string, 12)
	for i := range cols {
		cols[i] = make([]string, len(docs))
	}
	for i, doc := range docs {
		ann, err := json.Marshal(annotations{doc.Sentences, doc.Entities, doc.Toponyms, doc.Removed, doc.Quotes})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", doc.Source, err)
		}
		date := ""
		if !doc.Date.IsZero() {
			date = doc.Date.Format(time.RFC3339)
		}
		for c, v := range [...]string{sitrep.DocumentKey(doc), doc.URL, doc.Title, doc.Author, doc.Lang, date,
			doc.Format, doc.Source, doc.NearDuplicateOf, doc.Text, string(ann), string(doc.MainEvent)} {
			cols[c][i] = v
		}
	}
	return cols, nil
}

// writeEvents stores the events of the docs that rowOf gives a new row, in
// the order of docs, each with the row incRow gives its incident, and leaves the transaction holding eventsLock so that
// its ids become visible, at commit, after every smaller id.
func writeEvents(ctx context.Context, tx pgx.Tx, docs []*sitrep.Document, rowOf, incRow map[string]int64) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, eventsLock); err != nil {
		return err
	}
	var last int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM events`).Scan(&last); err != nil {
		return err
	}
	var (
		events, data [][]any
		ids          []int64
		texts        []string
		buf          []byte
	)
	for _, doc := range docs {
		key := sitrep.DocumentKey(doc)
		row, ok := rowOf[key]
		if !ok {
			continue
		}
		delete(rowOf, key) // a key twice in the batch: the first one is stored
		for i := range doc.Events {
			ev := &doc.Events[i]
			js, err := eventindex.MarshalEvent(ev)
			if err != nil {
				return fmt.Errorf("%s: %w", doc.Source, err)
			}
			r := eventindex.RowOf(doc, ev)
			var lat, lon *float64 // NULL without coordinates
			if r.HasPoint {
				lat, lon = &r.Lat, &r.Lon
			}
			spans := eventindex.EvidenceSpans(doc, ev)
			last++
			events = append(events, []any{last, row, r.Day, r.Type, r.Realis, float32(r.Conf), r.Src, r.Tgt, r.Country, r.Admin1, r.Place, lat, lon,
				int32(ev.Trigger.Start), int32(ev.Trigger.End), int32(spans[0].Start), int32(spans[0].End), r.Actors,
				r.SrcName, r.TgtName, r.Inferred, r.Precision, incRow[ev.Incident]})
			data = append(data, []any{last, js})
			buf = buf[:0]
			for _, sp := range spans {
				buf = appendTSVector(buf, sp.Of(doc.Text))
			}
			ids = append(ids, last)
			texts = append(texts, string(buf))
		}
	}
	if len(events) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events"}, eventColumns, pgx.CopyFromRows(events)); err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"event_data"}, eventDataColumns, pgx.CopyFromRows(data)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, insertEvidence, ids, texts)
	return err
}

// HasDocument reports whether a document with this key is stored.
func (s *Store) HasDocument(ctx context.Context, key string) (bool, error) {
	var have bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS(SELECT 1 FROM documents WHERE key = $1)`, key).Scan(&have)
	return have, err
}
