package eventindex

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// bitset is a set of slots.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, n/64+1) }

func (b bitset) add(i int32)      { b[i>>6] |= 1 << (i & 63) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }
func (b bitset) and(o bitset) {
	for k := range b {
		b[k] &= o[k]
	}
}
func (b bitset) addAll(l []int32) {
	for _, i := range l {
		b.add(i)
	}
}
func (b bitset) each(fn func(i int32)) {
	for k, w := range b {
		for w != 0 {
			fn(int32(k<<6 + bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// match is a filter compiled against the index: dictionary numbers in place
// of strings, a bitset in place of the conditions on actors, text and
// document.
type match struct {
	none          bool // a value no event has: nothing matches
	from, to      int32
	types, realis []bool // by dictionary number; nil: any
	src, tgt      []bool // first source and target actor by number; nil: any
	country       int64  // -1: any
	admin1        int64
	bbox          *sitrep.BBox
	minConf       float32
	set           bitset // nil: any
	hasTo         bool
}

// all reports whether m passes every slot.
func (m *match) all() bool {
	return !m.none && m.from == math.MinInt32 && !m.hasTo && m.types == nil && m.realis == nil && m.country < 0 &&
		m.admin1 < 0 && m.bbox == nil && m.minConf <= 0 && m.set == nil && m.src == nil && m.tgt == nil
}

// actorSet is the set of slots whose actors pass the actor conditions of f,
// nil when f has none. Country and sector must hold for one actor; the other
// conditions for any actor of the event.
func (x *Index) actorSet(f *sitrep.EventFilter) bitset {
	var terms [][]string // all of these, each any of its keys
	if f.Actor != "" {
		terms = append(terms, []string{actorKey("n_", f.Actor), actorKey("c_", f.Actor)})
	}
	switch {
	case f.ActorCountry != "" && f.ActorSector != "":
		terms = append(terms, []string{actorKey("ks_", f.ActorCountry+"_"+f.ActorSector)})
	case f.ActorCountry != "":
		terms = append(terms, []string{actorKey("k_", f.ActorCountry)})
	case f.ActorSector != "":
		terms = append(terms, []string{actorKey("s_", f.ActorSector)})
	}
	if f.ActorCode != "" {
		terms = append(terms, []string{actorKey("c_", f.ActorCode)})
	}
	var out bitset
	for _, keys := range terms {
		b := newBitset(len(x.ids))
		for _, k := range keys {
			if n, ok := x.keys.lookup(k); ok {
				b.addAll(x.postings[n])
			}
		}
		if out == nil {
			out = b
		} else {
			out.and(b)
		}
	}
	return out
}

// compile turns f into a match; x must be read-locked.
func (x *Index) compile(f *sitrep.EventFilter, ids []int64, haveIDs bool) (*match, error) {
	m := &match{from: math.MinInt32, to: math.MaxInt32, country: -1, admin1: -1, bbox: f.BBox, minConf: float32(f.MinConfidence)}
	if b := f.BBox; b != nil && (b.South > b.North || b.South < -90 || b.North > 90 || b.West < -180 || b.East > 180) {
		return nil, sitrep.Errorf(sitrep.EINVALID, "bbox %v,%v,%v,%v is not west,south,east,north in degrees", b.West, b.South, b.East, b.North)
	}
	if !f.From.IsZero() {
		m.from = int32(DayNumber(f.From))
	}
	if !f.To.IsZero() {
		m.to, m.hasTo = int32(DayNumber(f.To)), true
	}
	set := func(d *dict, vals []string) []bool {
		if len(vals) == 0 {
			return nil
		}
		b := make([]bool, len(d.names))
		found := false
		for _, v := range vals {
			if n, ok := d.lookup(v); ok {
				b[n], found = true, true
			}
		}
		m.none = m.none || !found
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
		m.none = m.none || !ok
		return int64(n)
	}
	// An actor of the network: by name (any case) or code.
	actor := func(v string) []bool {
		if v == "" {
			return nil
		}
		b := make([]bool, len(x.actors.names))
		found := false
		for n, id := range x.actors.names {
			name, code, _ := strings.Cut(id, "\x00")
			if id != "" && (strings.EqualFold(name, v) || strings.EqualFold(code, v)) {
				b[n], found = true, true
			}
		}
		m.none = m.none || !found
		return b
	}
	m.src, m.tgt = actor(f.Source), actor(f.Target)
	m.country = one(&x.countries, f.Country)
	m.admin1 = one(&x.admin1s, f.Admin1)
	m.set = x.actorSet(f)
	if haveIDs {
		b := newBitset(len(x.ids))
		for _, id := range ids {
			if i := x.slot(id); i >= 0 {
				b.add(int32(i))
			}
		}
		if m.set == nil {
			m.set = b
		} else {
			m.set.and(b)
		}
	}
	return m, nil
}

// ok reports whether slot i passes m.
func (m *match) ok(x *Index, i int32) bool {
	d := x.day[i]
	if d < m.from || d > m.to || (m.hasTo && d < 0) {
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
	if (m.src != nil && !m.src[x.srcActor[i]]) || (m.tgt != nil && !m.tgt[x.tgtActor[i]]) {
		return false
	}
	if m.set != nil && !m.set.has(i) {
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

// selection is the matching slots in slot order; all is set instead when
// every slot matches.
func (x *Index) selection(m *match) (sel []int32, all bool) {
	switch {
	case m.none:
		return nil, false
	case m.all():
		return nil, true
	case m.set != nil:
		// Only the slots in the set need checking.
		m.set.each(func(i int32) {
			if int(i) < len(x.ids) && m.ok(x, i) {
				sel = append(sel, i)
			}
		})
		return sel, false
	}
	// One tight loop over the column of one condition, then every condition
	// on the few slots that pass it.
	sel = x.firstPass(m)
	out := sel[:0]
	for _, i := range sel {
		if m.ok(x, i) {
			out = append(out, i)
		}
	}
	return out, false
}

// firstPass is the slots that pass one condition of m, tested column-wise:
// the one likely to pass fewest.
func (x *Index) firstPass(m *match) []int32 {
	var sel []int32
	switch {
	case m.admin1 >= 0:
		a := uint32(m.admin1)
		for i, v := range x.admin1 {
			if v == a {
				sel = append(sel, int32(i))
			}
		}
	case m.types != nil:
		for i, v := range x.typ {
			if m.types[v] {
				sel = append(sel, int32(i))
			}
		}
	case m.country >= 0:
		c := uint16(m.country)
		for i, v := range x.country {
			if v == c {
				sel = append(sel, int32(i))
			}
		}
	case m.from != math.MinInt32 || m.hasTo:
		lo := max(m.from, 0)
		if !m.hasTo {
			lo = m.from
		}
		for i, d := range x.day {
			if d >= lo && d <= m.to {
				sel = append(sel, int32(i))
			}
		}
	case m.realis != nil:
		for i, v := range x.realis {
			if m.realis[v] {
				sel = append(sel, int32(i))
			}
		}
	default:
		sel = make([]int32, len(x.ids))
		for i := range sel {
			sel[i] = int32(i)
		}
	}
	return sel
}

// sparse is the size of a set below which sorting its slots beats walking
// the whole order.
const sparse = 1 << 12

// matching returns the ids of up to limit matching events newest first,
// from the cursor on (limit < 0: all), and the cursor of the next page, ""
// when none is left. With f.ByIncident only the newest matching event of
// each incident is returned (events without one each), and with
// onlyIncidents no event without an incident.
func (x *Index) matching(f *sitrep.EventFilter, set []int64, haveSet bool, limit int, cursor string, onlyIncidents bool) (ids []int64, next string, err error) {
	var cday, cid int64
	if cursor != "" {
		if cday, cid, err = decodeCursor(cursor); err != nil {
			return nil, "", err
		}
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	m, err := x.compile(f, set, haveSet)
	if err != nil || m.none {
		return nil, "", err
	}
	// after reports whether slot i comes after the cursor.
	after := func(i int32) bool {
		d := int64(x.day[i])
		return cursor == "" || d < cday || (d == cday && x.ids[i] < cid)
	}
	// take adds slot i and reports whether the page is full; one more slot
	// than the page holds tells that there is a next page.
	var last int32
	take := func(i int32) bool {
		if len(ids) == limit {
			next = encodeCursor(int64(x.day[last]), x.ids[last])
			return true
		}
		ids = append(ids, x.ids[i])
		last = i
		return false
	}
	// By incident, an incident counts at its newest matching event, so the
	// walk starts at the top even after a cursor.
	newest := func(int32) bool { return true }
	if f.ByIncident || onlyIncidents {
		seen := newBitset(int(x.maxInc) + 1)
		newest = func(i int32) bool {
			inc := int32(x.inc[i])
			switch {
			case inc == 0:
				return !onlyIncidents
			case seen.has(inc):
				return false
			}
			seen.add(inc)
			return true
		}
	}
	if m.set != nil && m.set.count() < sparse {
		sel, _ := x.selection(m)
		slices.SortFunc(sel, x.newer)
		for _, i := range sel {
			if newest(i) && after(i) && take(i) {
				break
			}
		}
		return ids, next, nil
	}
	start := 0
	if !f.ByIncident && !onlyIncidents {
		start = sort.Search(len(x.order), func(k int) bool { return after(x.order[k]) })
	}
	for _, i := range x.order[start:] {
		if m.ok(x, i) && newest(i) && after(i) && take(i) {
			break
		}
	}
	return ids, next, nil
}

// tally counts the selected slots by the bucket number col gives each, in
// an array of n buckets, leaving out slots for which col says false.
func tally(n int, sel []int32, all bool, slots int, col func(i int32) (int, bool)) []kc {
	counts := make([]int, n)
	if all {
		for i := range int32(slots) {
			if k, ok := col(i); ok {
				counts[k]++
			}
		}
	} else {
		for _, i := range sel {
			if k, ok := col(i); ok {
				counts[k]++
			}
		}
	}
	var out []kc
	for k, c := range counts {
		if c > 0 {
			out = append(out, kc{k, c})
		}
	}
	return out
}

// tallyMap is tally for bucket numbers too many for an array.
func tallyMap(sel []int32, all bool, slots int, col func(i int32) (int, bool)) []kc {
	counts := map[int]int{}
	add := func(i int32) {
		if k, ok := col(i); ok {
			counts[k]++
		}
	}
	if all {
		for i := range int32(slots) {
			add(i)
		}
	} else {
		for _, i := range sel {
			add(i)
		}
	}
	out := make([]kc, 0, len(counts))
	for k, c := range counts {
		out = append(out, kc{k, c})
	}
	slices.SortFunc(out, func(a, b kc) int { return a.k - b.k })
	return out
}

// onceAnIncident wraps col so that only the first slot (in slot order, the
// order tally calls it in) of each incident with a bucket is counted;
// events without an incident count each.
func onceAnIncident(x *Index, col func(i int32) (int, bool)) func(i int32) (int, bool) {
	seen := newBitset(int(x.maxInc) + 1)
	return func(i int32) (int, bool) {
		k, ok := col(i)
		if !ok {
			return k, false
		}
		if inc := int32(x.inc[i]); inc > 0 {
			if seen.has(inc) {
				return k, false
			}
			seen.add(inc)
		}
		return k, true
	}
}

// kc is a bucket number and its count.
type kc struct{ k, c int }

// maxArray is the most buckets counted in an array rather than a map.
const maxArray = 1 << 20

// aggregate counts the matching events into buckets.
func (x *Index) aggregate(f *sitrep.EventFilter, set []int64, haveSet bool, a sitrep.Aggregation) ([]sitrep.Bucket, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	m, err := x.compile(f, set, haveSet)
	if err != nil {
		return nil, err
	}
	var out []sitrep.Bucket
	err = func() error {
		sel, all := x.selection(m)
		if !all && len(sel) == 0 {
			return nil
		}
		n := len(x.ids)
		count := func(buckets int, col func(i int32) (int, bool)) []kc {
			if f.ByIncident {
				col = onceAnIncident(x, col)
			}
			if buckets <= maxArray {
				return tally(buckets, sel, all, n, col)
			}
			return tallyMap(sel, all, n, col)
		}
		// split counts by the bucket number col gives, and within a bucket by
		// type and by whether the day is inferred; fold makes the buckets.
		nt := len(x.types.names)
		split := func(buckets int, col func(i int32) (int, bool)) []kc {
			return count(buckets*nt*2, func(i int32) (int, bool) {
				k, ok := col(i)
				inf := 0
				if x.inferred[i] {
					inf = 1
				}
				return (k*nt+int(x.typ[i]))*2 + inf, ok
			})
		}
		fold := func(counts []kc, bucket func(k int) sitrep.Bucket) {
			last := -1
			for _, c := range counts {
				k, t := c.k/(nt*2), (c.k/2)%nt
				if k != last {
					b := bucket(k)
					b.Types = map[string]int{}
					out = append(out, b)
					last = k
				}
				b := &out[len(out)-1]
				b.Count += c.c
				b.Types[x.types.names[t]] += c.c
				if c.k%2 == 1 {
					b.Inferred += c.c
				}
			}
		}
		switch a {
		case sitrep.ByDay, sitrep.ByWeek:
			lo, hi := int32(math.MaxInt32), int32(-1)
			for _, d := range x.day {
				if d >= 0 {
					lo, hi = min(lo, d), max(hi, d)
				}
			}
			if hi < 0 {
				return nil
			}
			step := int32(1)
			if a == sitrep.ByWeek {
				lo -= (lo + 3) % 7 // a Monday: 1970-01-01 was a Thursday
				step = 7
			}
			fold(split(int((hi-lo)/step)+1, func(i int32) (int, bool) { d := x.day[i]; return int((d - lo) / step), d >= 0 }),
				func(k int) sitrep.Bucket {
					return sitrep.Bucket{Key: DayTime(int64(lo) + int64(k)*int64(step)).Format(time.DateOnly)}
				})
			return nil // in time order
		case sitrep.ByDyad:
			na := len(x.actors.names)
			fold(split(na*na, func(i int32) (int, bool) {
				return int(x.srcActor[i])*na + int(x.tgtActor[i]), x.srcActor[i] != 0 && x.tgtActor[i] != 0
			}), func(k int) sitrep.Bucket {
				sn, sc, _ := strings.Cut(x.actors.names[k/na], "\x00")
				tn, tc, _ := strings.Cut(x.actors.names[k%na], "\x00")
				return sitrep.Bucket{Key: cmp.Or(sn, sc), Key2: cmp.Or(tn, tc), Code: sc, Code2: tc}
			})
		case sitrep.ByPlace:
			fold(split(len(x.places), func(i int32) (int, bool) { return int(x.place[i]), x.place[i] != noPlace }),
				func(k int) sitrep.Bucket {
					p := &x.places[k]
					return sitrep.Bucket{Key: p.name, Key2: p.country, Lat: p.lat, Lon: p.lon, Precision: p.precision}
				})
		case sitrep.ByType:
			out = byDict(count(len(x.types.names), func(i int32) (int, bool) { return int(x.typ[i]), true }), &x.types)
		case sitrep.ByRealis:
			out = byDict(count(len(x.realises.names), func(i int32) (int, bool) { return int(x.realis[i]), true }), &x.realises)
		case sitrep.ByCountry:
			out = byDict(count(len(x.countries.names), func(i int32) (int, bool) { return int(x.country[i]), x.country[i] != 0 }), &x.countries)
		case sitrep.ByAdmin1:
			// Admin-1 names repeat across countries: group by both.
			nc := len(x.countries.names)
			for _, b := range count(len(x.admin1s.names)*nc, func(i int32) (int, bool) {
				return int(x.admin1[i])*nc + int(x.country[i]), x.admin1[i] != 0
			}) {
				out = append(out, sitrep.Bucket{Key: x.admin1s.names[b.k/nc], Key2: x.countries.names[b.k%nc], Count: b.c})
			}
		case sitrep.ByActorPair:
			nc := len(x.codes.names)
			for _, b := range count(nc*nc, func(i int32) (int, bool) {
				return int(x.src[i])*nc + int(x.tgt[i]), x.src[i] != 0 && x.tgt[i] != 0
			}) {
				out = append(out, sitrep.Bucket{Key: x.codes.names[b.k/nc], Key2: x.codes.names[b.k%nc], Count: b.c})
			}
		}
		// Biggest first; ties in key order so that results are stable.
		slices.SortFunc(out, func(a, b sitrep.Bucket) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			if c := strings.Compare(a.Key, b.Key); c != 0 {
				return c
			}
			return strings.Compare(a.Key2, b.Key2)
		})
		return nil
	}()
	return out, err
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
