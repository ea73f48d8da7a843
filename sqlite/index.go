package sqlite

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"math"
	"slices"
	"sync"
)

// index is an in-memory copy of the columns that filters and aggregates read,
// one slot per event in rowid order, with strings replaced by dictionary
// numbers. Scanning a million slots takes milliseconds where SQLite needs
// most of a second, so the API answers any filter and aggregate fast without
// an index per combination of columns. Events are never updated or deleted,
// so the index only ever appends the rows past the last one it has; it is
// built on the first query, not by processes that only ingest.
//
// Actor filters use posting lists of the actor keys (actorKeys) of each
// event. Full-text search and document filters come from SQLite (FTS5 and a
// B-tree lookup) as sets of rowids that the scan intersects.
type index struct {
	mu sync.RWMutex

	ids     []int64 // rowids, ascending
	day     []int32 // -1: undated
	typ     []uint16
	realis  []uint16
	conf    []float32
	country []uint16
	admin1  []uint32
	place   []uint32
	src     []uint32
	tgt     []uint32
	// srcActor and tgtActor number the first source and target actor as
	// name and code (actorID) in actors.
	srcActor, tgtActor []uint32
	inferred           []bool // the day is the document's date

	types, realises, countries, admin1s, codes, actors dict
	places                                             []placeInfo
	placeIdx                                           map[[2]float64]uint32

	// postings lists, by actor key number, the slots whose events have an
	// actor with that key, ascending.
	keys     dict
	postings [][]int32

	// order lists slots newest first: by day, then rowid, both descending.
	order []int32
}

type placeInfo struct {
	name, country, precision string
	lat, lon                 float64
}

// actorID is how the index keeps an actor: its name and code ("" for none,
// number 0 in the dictionary).
func actorID(name, code string) string {
	if name == "" && code == "" {
		return ""
	}
	return name + "\x00" + code
}

// noPlace is the place of an event without coordinates.
const noPlace = math.MaxUint32

// dict numbers strings; number 0 is "".
type dict struct {
	names []string
	nums  map[string]uint32
}

func (d *dict) num(s string) uint32 {
	if d.nums == nil {
		d.names, d.nums = []string{""}, map[string]uint32{"": 0}
	}
	n, ok := d.nums[s]
	if !ok {
		n = uint32(len(d.names))
		d.names = append(d.names, s)
		d.nums[s] = n
	}
	return n
}

// lookup is the number of s, false when no event has it.
func (d *dict) lookup(s string) (uint32, bool) {
	n, ok := d.nums[s]
	return n, ok
}

// load appends the events stored since the last load. Readers wait while
// it runs; after the first load it reads only the few rows that are new.
func (x *index) load(ctx context.Context, db *sql.DB) error {
	var max sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(id) FROM events`).Scan(&max); err != nil {
		return err
	}
	x.mu.RLock()
	last := x.last()
	x.mu.RUnlock()
	if !max.Valid || max.Int64 <= last {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	rows, err := db.QueryContext(ctx, `SELECT id, day, type, realis, confidence, country, admin1, src, tgt, place, lat, lon, actors,
		src_name, tgt_name, inferred, precision FROM events WHERE id > ? ORDER BY id`, x.last())
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id                                            int64
		day                                           int32
		conf                                          float64
		typ, realis, country, admin1, src, tgt, place string
		srcName, tgtName, precision                   string
		inferred                                      bool
		lat, lon                                      sql.NullFloat64
		actors                                        []byte
	)
	first := len(x.ids)
	for rows.Next() {
		if err := rows.Scan(&id, &day, &typ, &realis, &conf, &country, &admin1, &src, &tgt, &place, &lat, &lon, &actors,
			&srcName, &tgtName, &inferred, &precision); err != nil {
			x.truncate(first)
			return err
		}
		x.ids = append(x.ids, id)
		x.day = append(x.day, day)
		x.typ = append(x.typ, uint16(x.types.num(typ)))
		x.realis = append(x.realis, uint16(x.realises.num(realis)))
		x.conf = append(x.conf, float32(conf))
		x.country = append(x.country, uint16(x.countries.num(country)))
		x.admin1 = append(x.admin1, x.admin1s.num(admin1))
		x.src = append(x.src, x.codes.num(src))
		x.tgt = append(x.tgt, x.codes.num(tgt))
		x.srcActor = append(x.srcActor, x.actors.num(actorID(srcName, src)))
		x.tgtActor = append(x.tgtActor, x.actors.num(actorID(tgtName, tgt)))
		x.inferred = append(x.inferred, inferred)
		p := uint32(noPlace)
		if lat.Valid && lon.Valid {
			k := [2]float64{lat.Float64, lon.Float64}
			var ok bool
			if p, ok = x.placeIdx[k]; !ok {
				if x.placeIdx == nil {
					x.placeIdx = map[[2]float64]uint32{}
				}
				p = uint32(len(x.places))
				x.places = append(x.places, placeInfo{place, country, precision, lat.Float64, lon.Float64})
				x.placeIdx[k] = p
			} else if pl := &x.places[p]; pl.precision == "inherited" || pl.precision == "" {
				// A place is as precise as it is named anywhere.
				pl.precision = precision
			}
		}
		x.place = append(x.place, p)
		slot := int32(len(x.ids) - 1)
		for _, k := range bytes.Fields(actors) {
			n := x.keys.num(string(k))
			for int(n) >= len(x.postings) {
				x.postings = append(x.postings, nil)
			}
			if l := x.postings[n]; len(l) == 0 || l[len(l)-1] != slot {
				x.postings[n] = append(l, slot)
			}
		}
	}
	if err := rows.Err(); err != nil {
		x.truncate(first)
		return err
	}
	// The new slots, sorted, merge into the order.
	fresh := make([]int32, len(x.ids)-first)
	for i := range fresh {
		fresh[i] = int32(first + i)
	}
	slices.SortFunc(fresh, x.newer)
	merged := make([]int32, 0, len(x.order)+len(fresh))
	i, j := 0, 0
	for i < len(x.order) && j < len(fresh) {
		if x.newer(x.order[i], fresh[j]) <= 0 {
			merged = append(merged, x.order[i])
			i++
		} else {
			merged = append(merged, fresh[j])
			j++
		}
	}
	x.order = append(append(merged, x.order[i:]...), fresh[j:]...)
	return nil
}

func (x *index) last() int64 {
	if n := len(x.ids); n > 0 {
		return x.ids[n-1]
	}
	return 0
}

// truncate drops the slots from n on, after a failed load.
func (x *index) truncate(n int) {
	x.ids, x.day, x.typ, x.realis, x.conf = x.ids[:n], x.day[:n], x.typ[:n], x.realis[:n], x.conf[:n]
	x.country, x.admin1, x.place, x.src, x.tgt = x.country[:n], x.admin1[:n], x.place[:n], x.src[:n], x.tgt[:n]
	x.srcActor, x.tgtActor, x.inferred = x.srcActor[:n], x.tgtActor[:n], x.inferred[:n]
	for k, l := range x.postings {
		for len(l) > 0 && int(l[len(l)-1]) >= n {
			l = l[:len(l)-1]
		}
		x.postings[k] = l
	}
}

// newer orders slots newest first.
func (x *index) newer(a, b int32) int {
	if c := cmp.Compare(x.day[b], x.day[a]); c != 0 {
		return c
	}
	return cmp.Compare(x.ids[b], x.ids[a])
}

// slot is the slot of a rowid, -1 if not loaded.
func (x *index) slot(id int64) int {
	i, ok := slices.BinarySearch(x.ids, id)
	if !ok {
		return -1
	}
	return i
}
