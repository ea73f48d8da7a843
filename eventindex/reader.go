package eventindex

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep"
)

// Limits on what one call returns.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
	// MaxBuckets caps the groups of one aggregation.
	MaxBuckets = 10000
)

// Engine is what the index needs from a store's database.
type Engine interface {
	// MaxID is the largest stored event id, 0 with none.
	MaxID(ctx context.Context) (int64, error)
	// Rows calls fn with the filter columns of every stored event whose id
	// is above after, in id order. The strings of a row are kept.
	Rows(ctx context.Context, after int64, fn func(*Row) error) error
	// Search returns the ids of the events whose evidence has every word.
	Search(ctx context.Context, words []Word) ([]int64, error)
	// DocEvents returns the ids of the events of the document with this key.
	DocEvents(ctx context.Context, key string) ([]int64, error)
	// Fetch calls fn with the stored events of ids, in any order, with
	// their document's text (StoredEvent.DocText) if withText.
	Fetch(ctx context.Context, ids []int64, withText bool, fn func(*sitrep.StoredEvent) error) error
}

// Reader answers the queries of sitrep.EventStore but Event and Stats from
// an Index over its Engine. Stores embed it.
type Reader struct {
	Engine Engine
	// MaxAge is how old the index may be before a query asks the engine
	// for events stored since; 0: every query asks. A store whose engine
	// answers over the network sets it, so that a round trip per query
	// does not cost more than the scan; its own writes call Invalidate.
	MaxAge  time.Duration
	idx     Index
	checked atomic.Int64 // time.Now().UnixNano() of the last check

	cacheMu sync.Mutex
	cache   map[string][]int64 // ids of recent searches, see cachedIDs
}

// Warm builds the index, so that the first query need not wait for it;
// servers call it at start.
func (r *Reader) Warm(ctx context.Context) error { return r.load(ctx) }

// Invalidate makes the next query ask the engine for new events.
func (r *Reader) Invalidate() { r.checked.Store(0) }

// load brings the index up to date unless it was less than MaxAge ago.
func (r *Reader) load(ctx context.Context) error {
	now := time.Now().UnixNano()
	if r.MaxAge > 0 && now-r.checked.Load() < int64(r.MaxAge) {
		return nil
	}
	if err := r.idx.Load(ctx, r.Engine); err != nil {
		return err
	}
	r.checked.Store(now)
	return nil
}

// FindEvents returns a page of events, newest first.
func (r *Reader) FindEvents(ctx context.Context, f sitrep.EventFilter) ([]*sitrep.StoredEvent, string, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit > MaxLimit {
		return nil, "", sitrep.Errorf(sitrep.EINVALID, "limit %d is over %d", f.Limit, MaxLimit)
	}
	set, haveSet, err := r.prepare(ctx, &f)
	if err != nil {
		return nil, "", err
	}
	ids, next, err := r.idx.matching(&f, set, haveSet, f.Limit, f.Cursor, false)
	if err != nil {
		return nil, "", err
	}
	out := make([]*sitrep.StoredEvent, 0, len(ids))
	// Pages leave the document's text out; exports, which give the text of
	// every span, take it.
	err = r.fetch(ctx, ids, false, func(e *sitrep.StoredEvent) error { out = append(out, e); return nil })
	return out, next, err
}

// IncidentEvents returns, for a page of the incidents with an event f
// matches (the one with the newest such event first), the id of that newest
// event, and the cursor of the next page.
func (r *Reader) IncidentEvents(ctx context.Context, f sitrep.EventFilter) ([]int64, string, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit > MaxLimit {
		return nil, "", sitrep.Errorf(sitrep.EINVALID, "limit %d is over %d", f.Limit, MaxLimit)
	}
	set, haveSet, err := r.prepare(ctx, &f)
	if err != nil {
		return nil, "", err
	}
	return r.idx.matching(&f, set, haveSet, f.Limit, f.Cursor, true)
}

// EachEvent calls fn for every event f matches, newest first.
func (r *Reader) EachEvent(ctx context.Context, f sitrep.EventFilter, fn func(*sitrep.StoredEvent) error) error {
	set, haveSet, err := r.prepare(ctx, &f)
	if err != nil {
		return err
	}
	ids, _, err := r.idx.matching(&f, set, haveSet, -1, "", false)
	if err != nil {
		return err
	}
	return r.fetch(ctx, ids, true, fn)
}

// Aggregate counts the events f matches, grouped by a. Day and week buckets
// come in time order, the others by falling count; f.Limit caps the buckets.
func (r *Reader) Aggregate(ctx context.Context, f sitrep.EventFilter, a sitrep.Aggregation) ([]sitrep.Bucket, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = MaxBuckets
	}
	if limit > MaxBuckets {
		return nil, sitrep.Errorf(sitrep.EINVALID, "limit %d is over %d", limit, MaxBuckets)
	}
	if f.Cursor != "" {
		return nil, sitrep.Errorf(sitrep.EINVALID, "aggregates take no cursor")
	}
	switch a {
	case sitrep.ByDay, sitrep.ByWeek, sitrep.ByType, sitrep.ByRealis, sitrep.ByCountry, sitrep.ByAdmin1, sitrep.ByActorPair, sitrep.ByPlace, sitrep.ByDyad:
	default:
		return nil, sitrep.Errorf(sitrep.EINVALID, "cannot aggregate by %q", a)
	}
	set, haveSet, err := r.prepare(ctx, &f)
	if err != nil {
		return nil, err
	}
	b, err := r.idx.aggregate(&f, set, haveSet, a)
	if len(b) > limit {
		b = b[:limit]
	}
	return b, err
}

// Events gives the number of events and the days of the first and last
// dated ones, for Stats.
func (r *Reader) Events(ctx context.Context) (n int, first, last time.Time, err error) {
	if err := r.load(ctx); err != nil {
		return 0, first, last, err
	}
	x := &r.idx
	x.mu.RLock()
	defer x.mu.RUnlock()
	if len(x.order) > 0 {
		last = DayTime(int64(x.day[x.order[0]]))
		// Undated events come last in the order.
		k := sort.Search(len(x.order), func(k int) bool { return x.day[x.order[k]] < 0 })
		if k > 0 {
			first = DayTime(int64(x.day[x.order[k-1]]))
		}
	}
	return len(x.ids), first, last, nil
}

// prepare loads the events stored since the last query and runs the parts
// of f that the database answers (full-text search, document), returning
// the ids that pass both; haveSet is false when f has neither.
func (r *Reader) prepare(ctx context.Context, f *sitrep.EventFilter) (ids []int64, haveSet bool, err error) {
	if err := r.load(ctx); err != nil {
		return nil, false, err
	}
	var parts [][]int64
	if f.Query != "" {
		words := Words(f.Query)
		if len(words) == 0 {
			return nil, false, sitrep.Errorf(sitrep.EINVALID, "search %q has no words", f.Query)
		}
		key := "q\x00" + fmt.Sprint(words)
		got, err := r.cachedIDs(key, func() ([]int64, error) { return r.Engine.Search(ctx, words) })
		if err != nil {
			return nil, false, err
		}
		parts = append(parts, got)
	}
	if f.DocID != "" {
		got, err := r.cachedIDs("d\x00"+f.DocID, func() ([]int64, error) { return r.Engine.DocEvents(ctx, f.DocID) })
		if err != nil {
			return nil, false, err
		}
		parts = append(parts, got)
	}
	for i, got := range parts {
		if i == 0 {
			ids = got
			continue
		}
		// A new slice: the cached ones are shared.
		var both []int64
		for _, id := range ids {
			if _, found := slices.BinarySearch(got, id); found {
				both = append(both, id)
			}
		}
		ids = both
	}
	return ids, len(parts) > 0, nil
}

// cachedIDs is the ids get returns, sorted, remembered for the events
// stored now: a dashboard sends the same search with each of its requests,
// and analysts page through one search.
func (r *Reader) cachedIDs(key string, get func() ([]int64, error)) ([]int64, error) {
	r.idx.mu.RLock()
	key = strconv.FormatInt(r.idx.last(), 10) + "\x00" + key
	r.idx.mu.RUnlock()
	r.cacheMu.Lock()
	ids, ok := r.cache[key]
	r.cacheMu.Unlock()
	if ok {
		return ids, nil
	}
	ids, err := get()
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	r.cacheMu.Lock()
	if len(r.cache) >= cacheSize {
		clear(r.cache) // crude, but searches repeat in bursts
	}
	if r.cache == nil {
		r.cache = map[string][]int64{}
	}
	r.cache[key] = ids
	r.cacheMu.Unlock()
	return ids, nil
}

// cacheSize is how many searches a reader remembers.
const cacheSize = 64

// fetch reads the events with these ids and calls fn with each in the order
// of ids, a chunk of rows per query.
func (r *Reader) fetch(ctx context.Context, ids []int64, withText bool, fn func(*sitrep.StoredEvent) error) error {
	const chunk = 250
	pos := make(map[int64]int, min(len(ids), chunk))
	got := make([]*sitrep.StoredEvent, chunk)
	for len(ids) > 0 {
		part := ids[:min(chunk, len(ids))]
		ids = ids[len(part):]
		clear(pos)
		for i, id := range part {
			pos[id] = i
		}
		if err := r.Engine.Fetch(ctx, part, withText, func(e *sitrep.StoredEvent) error {
			if i, ok := pos[e.Key]; ok {
				got[i] = e
			}
			return nil
		}); err != nil {
			return err
		}
		for i := range part {
			if got[i] != nil {
				if err := fn(got[i]); err != nil {
					return err
				}
			}
			got[i] = nil
		}
	}
	return nil
}

// Word is one word of a full-text search.
type Word struct {
	Text   string // letters and digits only
	Prefix bool   // a trailing *: any word that starts with Text
}

// Words splits what a user typed into at most 16 search words, so that
// engines need no escaping: quotes and operators are never syntax.
func Words(s string) []Word {
	var out []Word
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*' }) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.ReplaceAll(w, "*", "")
		if w == "" || len(out) == 16 {
			continue
		}
		out = append(out, Word{w, prefix})
	}
	return out
}

// A cursor is the (day, id) of the last event of a page, which is where the
// next page starts in the newest-first order; new events never shift it.
func encodeCursor(day, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(day, 10) + "." + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (day, id int64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		ds, is, ok := strings.Cut(string(b), ".")
		if !ok {
			err = fmt.Errorf("no separator")
		} else if day, err = strconv.ParseInt(ds, 10, 64); err == nil {
			id, err = strconv.ParseInt(is, 10, 64)
		}
	}
	if err != nil {
		return 0, 0, sitrep.Errorf(sitrep.EINVALID, "bad cursor %q", c)
	}
	return day, id, nil
}
