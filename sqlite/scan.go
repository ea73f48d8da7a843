package sqlite

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// match is a filter compiled against the index: dictionary numbers in place
// of strings, bitsets in place of rowid lists.
type match struct {
	none           bool // a value no event has: nothing matches
	from, to       int32
	types, realis  []bool // by dictionary number; nil: any
	country        int64  // -1: any
	admin1         int64
	bbox           *sitrep.BBox
	minConf        float32
	set            []uint64 // slots SQLite found (actor, search, document); nil: any
	checkUndatedTo bool
}

// sets runs the parts of f that SQLite answers (full-text search, actors,
// document) and returns the rowids that pass all of them; ok is false when f
// has none of these parts.
func (s *Store) sets(ctx context.Context, f *sitrep.EventFilter) (ids []int64, ok bool, err error) {
	type part struct{ q, arg string }
	var parts []part
	if q := actorQuery(f); q != "" {
		parts = append(parts, part{`SELECT rowid AS id FROM event_actors WHERE event_actors MATCH ?`, q})
	}
	if f.Query != "" {
		q := ftsQuery(f.Query)
		if q == "" {
			return nil, false, sitrep.Errorf(sitrep.EINVALID, "search %q has no words", f.Query)
		}
		parts = append(parts, part{`SELECT rowid AS id FROM evidence WHERE evidence MATCH ?`, q})
	}
	if f.DocID != "" {
		parts = append(parts, part{`SELECT id FROM events WHERE doc = (SELECT id FROM documents WHERE key = ?)`, f.DocID})
	}
	for i, p := range parts {
		got, err := s.rowids(ctx, p.q, p.arg)
		if err != nil {
			return nil, false, err
		}
		slices.Sort(got)
		if i == 0 {
			ids = got
			continue
		}
		ids = slices.DeleteFunc(ids, func(id int64) bool { _, found := slices.BinarySearch(got, id); return !found })
	}
	return ids, len(parts) > 0, nil
}

// rowids runs q, a SELECT of one rowid column, as one group_concat: one
// string to parse costs far less than a row per id through database/sql.
func (s *Store) rowids(ctx context.Context, q, arg string) ([]int64, error) {
	var list sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT group_concat(id) FROM (`+q+`)`, arg).Scan(&list); err != nil {
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

// compile turns f into a match; x must be read-locked.
func (x *index) compile(f *sitrep.EventFilter, ids []int64, haveSet bool) (*match, error) {
	m := &match{from: math.MinInt32, to: math.MaxInt32, country: -1, admin1: -1, bbox: f.BBox, minConf: float32(f.MinConfidence)}
	if b := f.BBox; b != nil && (b.South > b.North || b.South < -90 || b.North > 90 || b.West < -180 || b.East > 180) {
		return nil, sitrep.Errorf(sitrep.EINVALID, "bbox %v,%v,%v,%v is not west,south,east,north in degrees", b.West, b.South, b.East, b.North)
	}
	if !f.From.IsZero() {
		m.from = int32(dayNumber(f.From))
	}
	if !f.To.IsZero() {
		m.to = int32(dayNumber(f.To))
		m.checkUndatedTo = true
	}
	set := func(d *dict, vals []string) []bool {
		if len(vals) == 0 {
			return nil
		}
		b := make([]bool, len(d.names))
		any := false
		for _, v := range vals {
			if n, ok := d.lookup(v); ok {
				b[n], any = true, true
			}
		}
		if !any {
			m.none = true
		}
		return b
	}
	m.types = set(&x.types, f.Types)
	r := make([]string, len(f.Realis))
	for i, v := range f.Realis {
		r[i] = string(v)
	}
	m.realis = set(&x.realises, r)
	one := func(d *dict, v string) int64 {
		if v == "" {
			return -1
		}
		n, ok := d.lookup(v)
		if !ok {
			m.none = true
		}
		return int64(n)
	}
	m.country = one(&x.countries, f.Country)
	m.admin1 = one(&x.admin1s, f.Admin1)
	if haveSet {
		m.set = make([]uint64, len(x.ids)/64+1)
		for _, id := range ids {
			if i := x.slot(id); i >= 0 {
				m.set[i/64] |= 1 << (i % 64)
			}
		}
	}
	return m, nil
}

// ok reports whether slot i passes m.
func (m *match) ok(x *index, i int) bool {
	d := x.day[i]
	if d < m.from || d > m.to || (m.checkUndatedTo && d < 0) {
		return false
	}
	if m.types != nil && !m.types[x.typ[i]] {
		return false
	}
	if m.realis != nil && !m.realis[x.realis[i]] {
		return false
	}
	if m.country >= 0 && int64(x.country[i]) != m.country {
		return false
	}
	if m.admin1 >= 0 && int64(x.admin1[i]) != m.admin1 {
		return false
	}
	if x.conf[i] < m.minConf {
		return false
	}
	if m.set != nil && m.set[i/64]&(1<<(i%64)) == 0 {
		return false
	}
	if b := m.bbox; b != nil {
		p := x.place[i]
		if p == noPlace {
			return false
		}
		pl := &x.places[p]
		if pl.lat < b.South || pl.lat > b.North {
			return false
		}
		if b.West <= b.East {
			return pl.lon >= b.West && pl.lon <= b.East
		}
		return pl.lon >= b.West || pl.lon <= b.East // across the antimeridian
	}
	return true
}

// query loads new events, compiles f and calls fn with the index read-locked.
func (s *Store) query(ctx context.Context, f *sitrep.EventFilter, fn func(x *index, m *match) error) error {
	if err := s.idx.load(ctx, s.db); err != nil {
		return err
	}
	ids, haveSet, err := s.sets(ctx, f)
	if err != nil {
		return err
	}
	x := &s.idx
	x.mu.RLock()
	defer x.mu.RUnlock()
	m, err := x.compile(f, ids, haveSet)
	if err != nil {
		return err
	}
	return fn(x, m)
}

// matching returns the rowids of up to limit matching events newest first,
// from the cursor on (limit < 0: all).
func (s *Store) matching(ctx context.Context, f *sitrep.EventFilter, limit int, cursor string) ([]int64, error) {
	var cday, cid int64
	if cursor != "" {
		var err error
		if cday, cid, err = decodeCursor(cursor); err != nil {
			return nil, err
		}
	}
	var out []int64
	err := s.query(ctx, f, func(x *index, m *match) error {
		start := 0
		if cursor != "" {
			start = sort.Search(len(x.order), func(k int) bool {
				i := x.order[k]
				d := int64(x.day[i])
				return d < cday || (d == cday && x.ids[i] < cid)
			})
		}
		if m.none {
			return nil
		}
		for _, i := range x.order[start:] {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if m.ok(x, int(i)) {
				out = append(out, x.ids[i])
				if len(out) == limit {
					break
				}
			}
		}
		return nil
	})
	return out, err
}

// aggregate counts the matching events into buckets.
func (s *Store) aggregate(ctx context.Context, f *sitrep.EventFilter, a sitrep.Aggregation) ([]sitrep.Bucket, error) {
	var out []sitrep.Bucket
	err := s.query(ctx, f, func(x *index, m *match) error {
		if m.none {
			return nil
		}
		var key func(i int) (int, bool) // bucket number of slot i
		var n int
		switch a {
		case sitrep.ByDay, sitrep.ByWeek:
			// Days count from the first one; a bucket per day in range.
			lo, hi := int32(math.MaxInt32), int32(-1)
			for _, d := range x.day {
				if d >= 0 {
					lo, hi = min(lo, d), max(hi, d)
				}
			}
			if hi < 0 {
				return nil
			}
			n = int(hi-lo) + 1
			key = func(i int) (int, bool) { d := x.day[i]; return int(d - lo), d >= 0 }
			for _, b := range count(x, m, n, key) {
				day, c := int64(lo)+int64(b.k), b.c
				if a == sitrep.ByWeek {
					day -= (day + 3) % 7 // 1970-01-01 was a Thursday
					if l := len(out); l > 0 && out[l-1].Key == dayTime(day).Format(time.DateOnly) {
						out[l-1].Count += c
						continue
					}
				}
				out = append(out, sitrep.Bucket{Key: dayTime(day).Format(time.DateOnly), Count: c})
			}
			return nil
		case sitrep.ByType:
			out = byDict(count(x, m, len(x.types.names), func(i int) (int, bool) { return int(x.typ[i]), true }), &x.types)
		case sitrep.ByRealis:
			out = byDict(count(x, m, len(x.realises.names), func(i int) (int, bool) { return int(x.realis[i]), true }), &x.realises)
		case sitrep.ByCountry:
			out = byDict(count(x, m, len(x.countries.names), func(i int) (int, bool) { return int(x.country[i]), x.country[i] != 0 }), &x.countries)
		case sitrep.ByAdmin1:
			// Admin-1 names repeat across countries: group by both.
			nc := len(x.countries.names)
			for _, b := range count(x, m, len(x.admin1s.names)*nc, func(i int) (int, bool) {
				return int(x.admin1[i])*nc + int(x.country[i]), x.admin1[i] != 0
			}) {
				out = append(out, sitrep.Bucket{Key: x.admin1s.names[b.k/nc], Key2: x.countries.names[b.k%nc], Count: b.c})
			}
		case sitrep.ByActorPair:
			nc := len(x.codes.names)
			for _, b := range count(x, m, nc*nc, func(i int) (int, bool) {
				return int(x.src[i])*nc + int(x.tgt[i]), x.src[i] != 0 && x.tgt[i] != 0
			}) {
				out = append(out, sitrep.Bucket{Key: x.codes.names[b.k/nc], Key2: x.codes.names[b.k%nc], Count: b.c})
			}
		case sitrep.ByPlace:
			for _, b := range count(x, m, len(x.places), func(i int) (int, bool) { return int(x.place[i]), x.place[i] != noPlace }) {
				p := &x.places[b.k]
				out = append(out, sitrep.Bucket{Key: p.name, Key2: p.country, Count: b.c, Lat: p.lat, Lon: p.lon})
			}
		default:
			return sitrep.Errorf(sitrep.EINVALID, "cannot aggregate by %q", a)
		}
		// Biggest first; ties in key order so that results are stable.
		slices.SortFunc(out, func(a, b sitrep.Bucket) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			if a.Key != b.Key {
				return compareStrings(a.Key, b.Key)
			}
			return compareStrings(a.Key2, b.Key2)
		})
		return nil
	})
	return out, err
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// kc is a bucket number and its count.
type kc struct{ k, c int }

// count tallies the matching slots into n buckets numbered by key, in bucket
// order, leaving out empty ones: in an array when n is small enough, else in
// a map.
func count(x *index, m *match, n int, key func(int) (int, bool)) []kc {
	var out []kc
	if n <= 1<<20 {
		counts := make([]int, n)
		for i := range x.ids {
			if k, ok := key(i); ok && m.ok(x, i) {
				counts[k]++
			}
		}
		for k, c := range counts {
			if c > 0 {
				out = append(out, kc{k, c})
			}
		}
		return out
	}
	counts := map[int]int{}
	for i := range x.ids {
		if k, ok := key(i); ok && m.ok(x, i) {
			counts[k]++
		}
	}
	for k, c := range counts {
		out = append(out, kc{k, c})
	}
	slices.SortFunc(out, func(a, b kc) int { return a.k - b.k })
	return out
}

func byDict(counts []kc, d *dict) []sitrep.Bucket {
	var out []sitrep.Bucket
	for _, x := range counts {
		if d.names[x.k] != "" {
			out = append(out, sitrep.Bucket{Key: d.names[x.k], Count: x.c})
		}
	}
	return out
}
