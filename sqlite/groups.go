package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eventindex"
)

var _ sitrep.IncidentStore = (*Store)(nil)

// groupRows writes a batch's stories and incidents and finds the rowids that
// documents and events point to.
type groupRows struct {
	stories, incidents map[string]int64 // key → rowid
	storyStmt, incStmt *sql.Stmt        // rowid by key, for keys of earlier batches
}

func (g *groupRows) put(ctx context.Context, tx *sql.Tx, stories []*sitrep.Story, incidents []*sitrep.Incident) error {
	g.stories, g.incidents = map[string]int64{}, map[string]int64{}
	var err error
	if g.storyStmt, err = tx.PrepareContext(ctx, `SELECT id FROM stories WHERE key = ?`); err != nil {
		return err
	}
	if g.incStmt, err = tx.PrepareContext(ctx, `SELECT id FROM incidents WHERE key = ?`); err != nil {
		return err
	}
	if len(stories)+len(incidents) == 0 {
		return nil
	}
	// One sequence number a batch, above every earlier one.
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT max((SELECT coalesce(max(seq), 0) FROM stories), (SELECT coalesce(max(seq), 0) FROM incidents)) + 1`).Scan(&seq); err != nil {
		return err
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO stories(key, seq, title, first, last, profile) VALUES(?,?,?,?,?,?)
		ON CONFLICT(key) DO UPDATE SET seq = excluded.seq, first = excluded.first, last = excluded.last, profile = excluded.profile
		RETURNING id`)
	if err != nil {
		return err
	}
	defer st.Close()
	// A story's documents since its last write include those a regroup
	// moved to it from where they were stored.
	mv, err := tx.PrepareContext(ctx, `UPDATE documents SET story = ? WHERE key = ? AND story IS NOT ?`)
	if err != nil {
		return err
	}
	defer mv.Close()
	for _, s := range stories {
		first, last := int64(-1), int64(-1)
		if !s.First.IsZero() {
			first, last = eventindex.DayNumber(s.First), eventindex.DayNumber(s.Last)
		}
		var id int64
		if err := st.QueryRowContext(ctx, s.ID, seq, s.Title, first, last, s.Profile).Scan(&id); err != nil {
			return fmt.Errorf("story %s: %w", s.ID, err)
		}
		g.stories[s.ID] = id
		for _, d := range s.Docs {
			if _, err := mv.ExecContext(ctx, id, d, id); err != nil {
				return fmt.Errorf("story %s: %w", s.ID, err)
			}
		}
	}
	it, err := tx.PrepareContext(ctx, `INSERT INTO incidents(key, seq, data) VALUES(?,?,?)
		ON CONFLICT(key) DO UPDATE SET seq = excluded.seq, data = excluded.data RETURNING id`)
	if err != nil {
		return err
	}
	defer it.Close()
	for _, inc := range incidents {
		data, err := marshalIncident(inc)
		if err != nil {
			return err
		}
		var id int64
		if err := it.QueryRowContext(ctx, inc.ID, seq, data).Scan(&id); err != nil {
			return fmt.Errorf("incident %s: %w", inc.ID, err)
		}
		g.incidents[inc.ID] = id
	}
	return nil
}

func (g *groupRows) close() {
	for _, s := range []*sql.Stmt{g.storyStmt, g.incStmt} {
		if s != nil {
			s.Close()
		}
	}
}

// story is the rowid of the story with this key, 0 for none.
func (g *groupRows) story(ctx context.Context, key string) (int64, error) {
	return g.rowid(ctx, g.stories, g.storyStmt, key)
}

// incident is the rowid of the incident with this key, 0 for none.
func (g *groupRows) incident(ctx context.Context, key string) (int64, error) {
	return g.rowid(ctx, g.incidents, g.incStmt, key)
}

func (g *groupRows) rowid(ctx context.Context, known map[string]int64, stmt *sql.Stmt, key string) (int64, error) {
	if key == "" {
		return 0, nil
	}
	if id, ok := known[key]; ok {
		return id, nil
	}
	var id int64
	err := stmt.QueryRowContext(ctx, key).Scan(&id)
	if err == sql.ErrNoRows {
		err = nil
	}
	known[key] = id
	return id, err
}

// marshalIncident is the JSON kept in incidents.data: the incident without
// its event and document lists, which the events and documents tables hold.
func marshalIncident(inc *sitrep.Incident) ([]byte, error) {
	c := *inc
	c.Events, c.Docs, c.Leads = nil, nil, nil
	return json.Marshal(&c)
}

// RecentStories returns up to n stories, those changed most recently, in
// the order they were opened (stored), as an index that kept them all holds
// them.
func (s *Store) RecentStories(ctx context.Context, n int) ([]*sitrep.Story, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, title, first, last, profile FROM
		(SELECT * FROM stories ORDER BY seq DESC, id DESC LIMIT ?) ORDER BY id`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*sitrep.Story
	for rows.Next() {
		var st sitrep.Story
		var first, last int64
		if err := rows.Scan(&st.ID, &st.Title, &first, &last, &st.Profile); err != nil {
			return nil, err
		}
		st.First, st.Last = eventindex.DayTime(first), eventindex.DayTime(last)
		out = append(out, &st)
	}
	return out, rows.Err()
}

// RecentIncidents returns up to n incidents, those changed most recently, in
// the order they were opened (stored).
func (s *Store) RecentIncidents(ctx context.Context, n int) ([]*sitrep.Incident, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, data FROM
		(SELECT id, key, data FROM incidents ORDER BY seq DESC, id DESC LIMIT ?) ORDER BY id`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*sitrep.Incident
	for rows.Next() {
		var key string
		var data []byte
		if err := rows.Scan(&key, &data); err != nil {
			return nil, err
		}
		var inc sitrep.Incident
		if err := json.Unmarshal(data, &inc); err != nil {
			return nil, fmt.Errorf("incident %s: %w", key, err)
		}
		inc.ID = key
		out = append(out, &inc)
	}
	return out, rows.Err()
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
		inc, err := s.storedIncident(ctx, `(SELECT incident FROM events WHERE id = ?)`, id)
		if err != nil {
			return nil, "", err
		}
		out = append(out, inc)
	}
	return out, next, nil
}

// storedIncident reads the incident whose rowid where gives, with its
// counts of reports.
func (s *Store) storedIncident(ctx context.Context, where string, arg any) (*sitrep.StoredIncident, error) {
	var (
		out  sitrep.StoredIncident
		row  int64
		data []byte
	)
	err := s.db.QueryRowContext(ctx, `SELECT i.id, i.key, i.data,
		(SELECT count(*) FROM events WHERE incident = i.id), (SELECT count(DISTINCT doc) FROM events WHERE incident = i.id)
		FROM incidents i WHERE i.id = `+where, arg).Scan(&row, &out.ID, &data, &out.Reports, &out.ReportDocs)
	if err == sql.ErrNoRows {
		return nil, sitrep.Errorf(sitrep.ENOTFOUND, "no incident %v", arg)
	}
	if err != nil {
		return nil, err
	}
	id := out.ID
	if err := json.Unmarshal(data, &out.Incident); err != nil {
		return nil, fmt.Errorf("incident %s: %w", id, err)
	}
	out.ID = id
	return &out, nil
}

// Incident returns one incident with every event that reports it, in the
// order they were stored, and the documents it leads.
func (s *Store) Incident(ctx context.Context, id string) (*sitrep.StoredIncident, []*sitrep.StoredEvent, error) {
	if id == "" || strings.ContainsAny(id, "\x00") {
		return nil, nil, sitrep.Errorf(sitrep.EINVALID, "bad incident id %q", id)
	}
	inc, err := s.storedIncident(ctx, `(SELECT id FROM incidents WHERE key = ?)`, id)
	if err != nil {
		return nil, nil, err
	}
	ids, err := (*engine)(s).ids(ctx, `SELECT id FROM events WHERE incident = (SELECT id FROM incidents WHERE key = ?)`, id)
	if err != nil {
		return nil, nil, err
	}
	var reports []*sitrep.StoredEvent
	for len(ids) > 0 {
		part := ids[:min(len(ids), 500)]
		ids = ids[len(part):]
		if err := (*engine)(s).Fetch(ctx, part, false, func(e *sitrep.StoredEvent) error { reports = append(reports, e); return nil }); err != nil {
			return nil, nil, err
		}
	}
	slices.SortFunc(reports, func(a, b *sitrep.StoredEvent) int { return cmp.Compare(a.Key, b.Key) })
	for _, e := range reports {
		if !slices.Contains(inc.Docs, e.DocID) {
			inc.Docs = append(inc.Docs, e.DocID)
		}
		inc.Events = append(inc.Events, e.Event.ID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key FROM documents WHERE lead = (SELECT id FROM incidents WHERE key = ?) ORDER BY id`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, nil, err
		}
		inc.Leads = append(inc.Leads, k)
	}
	return inc, reports, rows.Err()
}
