// Package eventindex is what the event stores (sqlite, postgres) share
// beside their database engine: the filter columns of an event and how they
// derive from a coded event (RowOf), the JSON an event is stored as, the page
// cursor, and an in-memory index of the filter columns that answers the API's
// filters and aggregates over millions of events in milliseconds. A store
// gives the index an Engine (the few queries only its database can answer)
// and gets FindEvents, EachEvent and Aggregate from a Reader.
package eventindex

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
)

// Row is the filter columns of one stored event.
type Row struct {
	ID     int64
	Day    int32 // days since 1970-01-01 of its first day; -1 undated
	Type   string
	Realis string
	Conf   float64
	// Src and Tgt are the codes of the first source and target actors,
	// SrcName and TgtName their names.
	Src, Tgt, SrcName, TgtName string
	// Inferred: the day is the document's date, the text giving none.
	Inferred               bool
	Country, Admin1, Place string
	Lat, Lon               float64
	HasPoint               bool
	// Precision is the location's, "inherited" for the report's place.
	Precision string
	// Actors is the event's actor keys, space-separated (ActorKeys).
	Actors string
	// Incident is the store's number of the event's incident, 0 for none.
	Incident int64
}

// Index is an in-memory copy of the columns that filters and aggregates
// read, one slot per event in id order, with strings replaced by dictionary
// numbers. Scanning a million slots takes milliseconds where a database
// needs most of a second, so the API answers any filter and aggregate fast
// without an index per combination of columns. Events are never updated or
// deleted, so the index only ever appends the rows past the last one it has:
// a store must make event ids visible in increasing order. It is built on
// the first query, not by processes that only ingest.
//
// Actor filters use posting lists of the actor keys of each event.
// Full-text search and document filters come from the database as sets of
// ids that the scan intersects.
type Index struct {
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
	inferred           []bool   // the day is the document's date
	inc                []uint32 // incident number, 0 for none
	maxInc             uint32

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

// Load appends the events stored since the last load. Readers wait while
// it runs; after the first load it reads only the few rows that are new.
func (x *Index) Load(ctx context.Context, e Engine) error {
	newest, err := e.MaxID(ctx)
	if err != nil {
		return err
	}
	x.mu.RLock()
	last := x.last()
	x.mu.RUnlock()
	if newest <= last {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	first := len(x.ids)
	err = e.Rows(ctx, x.last(), func(r *Row) error {
		if r.ID <= x.last() {
			return fmt.Errorf("event %d after %d: ids out of order", r.ID, x.last())
		}
		x.add(r)
		return nil
	})
	if err != nil {
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

// add appends r's slot; x must be locked.
func (x *Index) add(r *Row) {
	x.ids = append(x.ids, r.ID)
	x.day = append(x.day, r.Day)
	x.typ = append(x.typ, uint16(x.types.num(r.Type)))
	x.realis = append(x.realis, uint16(x.realises.num(r.Realis)))
	x.conf = append(x.conf, float32(r.Conf))
	x.country = append(x.country, uint16(x.countries.num(r.Country)))
	x.admin1 = append(x.admin1, x.admin1s.num(r.Admin1))
	x.src = append(x.src, x.codes.num(r.Src))
	x.tgt = append(x.tgt, x.codes.num(r.Tgt))
	x.srcActor = append(x.srcActor, x.actors.num(actorID(r.SrcName, r.Src)))
	x.tgtActor = append(x.tgtActor, x.actors.num(actorID(r.TgtName, r.Tgt)))
	x.inferred = append(x.inferred, r.Inferred)
	x.inc = append(x.inc, uint32(r.Incident))
	x.maxInc = max(x.maxInc, uint32(r.Incident))
	p := uint32(noPlace)
	if r.HasPoint {
		k := [2]float64{r.Lat, r.Lon}
		var ok bool
		if p, ok = x.placeIdx[k]; !ok {
			if x.placeIdx == nil {
				x.placeIdx = map[[2]float64]uint32{}
			}
			p = uint32(len(x.places))
			x.places = append(x.places, placeInfo{r.Place, r.Country, r.Precision, r.Lat, r.Lon})
			x.placeIdx[k] = p
		} else if pl := &x.places[p]; pl.precision == "inherited" || pl.precision == "" {
			// A place is as precise as it is named anywhere.
			pl.precision = r.Precision
		}
	}
	x.place = append(x.place, p)
	slot := int32(len(x.ids) - 1)
	for k := range strings.FieldsSeq(r.Actors) {
		n := x.keys.num(k)
		for int(n) >= len(x.postings) {
			x.postings = append(x.postings, nil)
		}
		if l := x.postings[n]; len(l) == 0 || l[len(l)-1] != slot {
			x.postings[n] = append(l, slot)
		}
	}
}

func (x *Index) last() int64 {
	if n := len(x.ids); n > 0 {
		return x.ids[n-1]
	}
	return 0
}

// truncate drops the slots from n on, after a failed load.
func (x *Index) truncate(n int) {
	x.ids, x.day, x.typ, x.realis, x.conf = x.ids[:n], x.day[:n], x.typ[:n], x.realis[:n], x.conf[:n]
	x.country, x.admin1, x.place, x.src, x.tgt = x.country[:n], x.admin1[:n], x.place[:n], x.src[:n], x.tgt[:n]
	x.srcActor, x.tgtActor, x.inferred, x.inc = x.srcActor[:n], x.tgtActor[:n], x.inferred[:n], x.inc[:n]
	for k, l := range x.postings {
		for len(l) > 0 && int(l[len(l)-1]) >= n {
			l = l[:len(l)-1]
		}
		x.postings[k] = l
	}
}

// newer orders slots newest first.
func (x *Index) newer(a, b int32) int {
	if c := cmp.Compare(x.day[b], x.day[a]); c != 0 {
		return c
	}
	return cmp.Compare(x.ids[b], x.ids[a])
}

// slot is the slot of a rowid, -1 if not loaded.
func (x *Index) slot(id int64) int {
	i, ok := slices.BinarySearch(x.ids, id)
	if !ok {
		return -1
	}
	return i
}
