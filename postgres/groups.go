package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eventindex"
)

var _ sitrep.SharedIncidentStore = (*Store)(nil)

// lastSeq is the sequence number of the last write of groups.
const lastSeq = `SELECT greatest((SELECT coalesce(max(seq), 0) FROM stories), (SELECT coalesce(max(seq), 0) FROM incidents))`

// putGroups writes a batch's stories and incidents, under one sequence
// number above every earlier one, and returns the rows of every story and
// incident docs point to (0 for none). With grouped, the transaction holds
// groupsLock, and seq is the sequence number of the batch's groups, or of
// the last ones written when it has none.
func putGroups(ctx context.Context, tx pgx.Tx, grouped bool, docs []*sitrep.Document, stories []*sitrep.Story, incidents []*sitrep.Incident) (storyRow, incRow map[string]int64, seq int64, err error) {
	storyRow, incRow = map[string]int64{"": 0}, map[string]int64{"": 0}
	if grouped {
		if err := tx.QueryRow(ctx, lastSeq).Scan(&seq); err != nil {
			return nil, nil, 0, err
		}
	}
	if len(stories)+len(incidents) > 0 {
		seq++
		// Rows go in in the order of the lists, which is the order new
		// groups were opened in.
		keys, titles, profiles := make([]string, len(stories)), make([]string, len(stories)), make([][]byte, len(stories))
		first, last := make([]int32, len(stories)), make([]int32, len(stories))
		for i, s := range stories {
			keys[i], titles[i], profiles[i], first[i], last[i] = s.ID, s.Title, s.Profile, -1, -1
			if !s.First.IsZero() {
				first[i], last[i] = int32(eventindex.DayNumber(s.First)), int32(eventindex.DayNumber(s.Last))
			}
		}
		if err := upsert(ctx, tx, storyRow, `INSERT INTO stories(key, seq, title, first, last, profile)
			SELECT k, $1, t, f, l, p FROM unnest($2::text[], $3::text[], $4::integer[], $5::integer[], $6::bytea[]) WITH ORDINALITY AS u(k, t, f, l, p, o) ORDER BY o
			ON CONFLICT (key) DO UPDATE SET seq = excluded.seq, first = excluded.first, last = excluded.last, profile = excluded.profile
			RETURNING id, key`, seq, keys, titles, first, last, profiles); err != nil {
			return nil, nil, 0, fmt.Errorf("stories: %w", err)
		}
		// A story's documents since its last write include those a
		// regroup moved to it from where they were stored.
		var moved, to []string
		for _, s := range stories {
			for _, d := range s.Docs {
				moved, to = append(moved, d), append(to, s.ID)
			}
		}
		if len(moved) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE documents d SET story = s.id FROM unnest($1::text[], $2::text[]) AS u(doc, skey), stories s
				WHERE s.key = u.skey AND d.key = u.doc AND d.story IS DISTINCT FROM s.id`, moved, to); err != nil {
				return nil, nil, 0, fmt.Errorf("moved documents: %w", err)
			}
		}
		keys, data := make([]string, len(incidents)), make([]string, len(incidents))
		for i, inc := range incidents {
			b, err := marshalIncident(inc)
			if err != nil {
				return nil, nil, 0, err
			}
			keys[i], data[i] = inc.ID, string(b)
		}
		if err := upsert(ctx, tx, incRow, `INSERT INTO incidents(key, seq, data)
			SELECT k, $1, d::json FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(k, d, o) ORDER BY o
			ON CONFLICT (key) DO UPDATE SET seq = excluded.seq, data = excluded.data
			RETURNING id, key`, seq, keys, data); err != nil {
			return nil, nil, 0, fmt.Errorf("incidents: %w", err)
		}
	}
	// Groups of earlier batches that docs point to.
	var ss, is []string
	for _, d := range docs {
		if _, ok := storyRow[d.Story]; !ok && !slices.Contains(ss, d.Story) {
			ss = append(ss, d.Story)
		}
		for i := range d.Events {
			if k := d.Events[i].Incident; !slices.Contains(is, k) {
				if _, ok := incRow[k]; !ok {
					is = append(is, k)
				}
			}
		}
	}
	if len(ss) > 0 {
		if err := upsert(ctx, tx, storyRow, `SELECT id, key FROM stories WHERE key = ANY($1)`, ss); err != nil {
			return nil, nil, 0, err
		}
	}
	if len(is) > 0 {
		if err := upsert(ctx, tx, incRow, `SELECT id, key FROM incidents WHERE key = ANY($1)`, is); err != nil {
			return nil, nil, 0, err
		}
	}
	return storyRow, incRow, seq, nil
}

// upsert runs q, which returns (id, key) rows, and adds them to rowOf.
func upsert(ctx context.Context, tx pgx.Tx, rowOf map[string]int64, q string, args ...any) error {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	var id int64
	var key string
	_, err = pgx.ForEachRow(rows, []any{&id, &key}, func() error { rowOf[key] = id; return nil })
	return err
}

// marshalIncident is the JSON kept in incidents.data: the incident without
// its event and document lists, which the events and documents tables hold.
func marshalIncident(inc *sitrep.Incident) ([]byte, error) {
	c := *inc
	c.Events, c.Docs, c.Leads = nil, nil, nil
	return json.Marshal(&c)
}

// RecentStories returns up to n stories, those changed most recently, in
// the order they were opened.
func (s *Store) RecentStories(ctx context.Context, n int) ([]*sitrep.Story, error) {
	return readStories(ctx, s.pool, `SELECT key, title, first, last, profile FROM
		(SELECT * FROM stories ORDER BY seq DESC, id DESC LIMIT $1) AS r ORDER BY id`, n)
}

// RecentIncidents returns up to n incidents, those changed most recently, in
// the order they were opened.
func (s *Store) RecentIncidents(ctx context.Context, n int) ([]*sitrep.Incident, error) {
	return readIncidents(ctx, s.pool, `SELECT key, data FROM
		(SELECT id, key, data FROM incidents ORDER BY seq DESC, id DESC LIMIT $1) AS r ORDER BY id`, n)
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// readStories returns the stories q selects as (key, title, first, last,
// profile).
func readStories(ctx context.Context, db querier, q string, args ...any) ([]*sitrep.Story, error) {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []*sitrep.Story
	var st sitrep.Story
	var first, last int32
	_, err = pgx.ForEachRow(rows, []any{&st.ID, &st.Title, &first, &last, &st.Profile}, func() error {
		c := st
		c.First, c.Last = eventindex.DayTime(int64(first)), eventindex.DayTime(int64(last))
		out = append(out, &c)
		return nil
	})
	return out, err
}

// readIncidents returns the incidents q selects as (key, data).
func readIncidents(ctx context.Context, db querier, q string, args ...any) ([]*sitrep.Incident, error) {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []*sitrep.Incident
	var key string
	var data []byte
	_, err = pgx.ForEachRow(rows, []any{&key, &data}, func() error {
		var inc sitrep.Incident
		if err := json.Unmarshal(data, &inc); err != nil {
			return fmt.Errorf("incident %s: %w", key, err)
		}
		inc.ID = key
		out = append(out, &inc)
		return nil
	})
	return out, err
}

// FindIncidents returns a page of the incidents with a matching event, the
// one with the newest matching event first.
func (s *Store) FindIncidents(ctx context.Context, f sitrep.EventFilter) ([]*sitrep.StoredIncident, string, error) {
	ids, next, err := s.IncidentEvents(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := make([]*sitrep.StoredIncident, 0, len(ids))
	for _, id := range ids {
		inc, err := s.storedIncident(ctx, `(SELECT incident FROM events WHERE id = $1)`, id)
		if err != nil {
			return nil, "", err
		}
		out = append(out, inc)
	}
	return out, next, nil
}

// storedIncident reads the incident whose row where gives, with its counts
// of reports.
func (s *Store) storedIncident(ctx context.Context, where string, arg any) (*sitrep.StoredIncident, error) {
	var out sitrep.StoredIncident
	var key string
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT i.key, i.data,
		(SELECT count(*) FROM events WHERE incident = i.id), (SELECT count(DISTINCT doc) FROM events WHERE incident = i.id)
		FROM incidents i WHERE i.id = `+where, arg).Scan(&key, &data, &out.Reports, &out.ReportDocs)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitrep.Errorf(sitrep.ENOTFOUND, "no incident %v", arg)
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &out.Incident); err != nil {
		return nil, fmt.Errorf("incident %s: %w", key, err)
	}
	out.ID = key
	return &out, nil
}

// Incident returns one incident with every event that reports it, in the
// order they were stored, and the documents it leads.
func (s *Store) Incident(ctx context.Context, id string) (*sitrep.StoredIncident, []*sitrep.StoredEvent, error) {
	if id == "" || strings.ContainsAny(id, "\x00") {
		return nil, nil, sitrep.Errorf(sitrep.EINVALID, "bad incident id %q", id)
	}
	inc, err := s.storedIncident(ctx, `(SELECT id FROM incidents WHERE key = $1)`, id)
	if err != nil {
		return nil, nil, err
	}
	ids, err := (*engine)(s).ids(ctx, `SELECT array_agg(id) FROM events WHERE incident = (SELECT id FROM incidents WHERE key = $1)`, id)
	if err != nil {
		return nil, nil, err
	}
	var reports []*sitrep.StoredEvent
	if err := (*engine)(s).Fetch(ctx, ids, false, func(e *sitrep.StoredEvent) error { reports = append(reports, e); return nil }); err != nil {
		return nil, nil, err
	}
	slices.SortFunc(reports, func(a, b *sitrep.StoredEvent) int { return cmp.Compare(a.Key, b.Key) })
	for _, e := range reports {
		if !slices.Contains(inc.Docs, e.DocID) {
			inc.Docs = append(inc.Docs, e.DocID)
		}
		inc.Events = append(inc.Events, e.Event.ID)
	}
	rows, err := s.pool.Query(ctx, `SELECT key FROM documents WHERE lead = (SELECT id FROM incidents WHERE key = $1) ORDER BY id`, id)
	if err != nil {
		return nil, nil, err
	}
	var k string
	_, err = pgx.ForEachRow(rows, []any{&k}, func() error { inc.Leads = append(inc.Leads, k); return nil })
	return inc, reports, err
}
