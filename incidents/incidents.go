// Package incidents merges the events of different articles that report the
// same real-world incident into one Incident, with every event and document
// behind it and its best-supported place, date, actors and counts.
//
// Merging is incremental: each event of a new document joins the incident it
// matches best or opens a new one. Two reports match when they are of the
// same PLOVER type and realis, their dates (when both are known) overlap and
// their places (when both are known) are near, and enough evidence agrees:
// the same story (package stories), a shared actor, the same place, the same
// days, the same trigger word. Candidates come from keys — story, actor,
// week — each holding the most recent incidents only, so the time to place
// an event does not grow with the number of incidents.
//
// Counts are reconciled, never summed across reports: each figure is the one
// the most recent report gave, and every report's figures are kept in the
// incident's history.
package incidents

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Options tune an Index. Zero values take the defaults.
type Options struct {
	// MaxKm: two located reports farther apart are two incidents.
	MaxKm float64
	// Slack is how many days apart two reports' date ranges may be and
	// still be one incident (a report dated by its publication day).
	Slack int
	// Keep is how many incidents the index holds; past it the oldest
	// opened are forgotten, so that a long run's memory stays bounded.
	Keep int
}

// Defaults.
const (
	DefaultMaxKm = 100
	DefaultSlack = 1
	DefaultKeep  = 1 << 17
)

// Evidence that two reports are one incident, in points; minScore joins.
const (
	sameStory   = 3
	sameActor   = 2 // the same named actor, by database id or name
	sameKind    = 1 // only the same generic agent ("police") or actor code ("AFGGOV")
	otherActors = -2
	samePlace   = 1
	fineSame    = 1 // and both places finer than a country, nearer than farKm
	sameDays    = 1
	sameTrigger = 1
	minScore    = 4
)

const (
	listCap  = 64 // incidents searched per key, the most recent
	maxWeeks = 6  // weeks of a date range posted under week keys
	farKm    = 25 // places nearer than this are the same place
	// maxList bounds the stories, trigger words and actors an incident
	// keeps for matching: the first ones seen.
	maxList = 16
)

// Index assigns events to incidents. It is not safe for concurrent use:
// documents are assigned one at a time, in the order they arrive.
type Index struct {
	opt    Options
	incs   []*entry // nil: forgotten
	oldest int32    // the first slot not forgotten
	byID   map[string]int32
	keys   map[uint64][]int32

	// copies maps the documents of this run to the incidents of their
	// events, so that a near-duplicate's events join those of the document
	// it repeats; the oldest are forgotten past maxCopies.
	copies map[string][]copyOf
	order  []string

	mark  []uint32
	round uint32
	cands []int32
}

// copyOf is one event of a document seen in this run.
type copyOf struct {
	typ     string
	trigger string
	at      int // trigger offset
	slot    int32
}

const maxCopies = 1 << 18

// entry is an incident with the tallies its best fields come from.
type entry struct {
	inc     *sitrep.Incident
	src     []tally // actors by key
	tgt     []tally
	places  []tally
	dates   []tally
	lastDoc string // the latest document that reported it
	lastTri []int  // trigger offsets of that document's events in it
}

// tally counts the reports that gave one value.
type tally struct {
	Key   string       `json:"k"`
	N     int          `json:"n"`
	Actor sitrep.Actor `json:"a,omitzero"`
	Place sitrep.Place `json:"p,omitzero"`
	Start time.Time    `json:"s,omitzero"`
	End   time.Time    `json:"e,omitzero"`
}

// New returns an empty index.
func New(opt Options) *Index {
	opt.MaxKm = cmp.Or(opt.MaxKm, DefaultMaxKm)
	opt.Slack = cmp.Or(opt.Slack, DefaultSlack)
	opt.Keep = cmp.Or(opt.Keep, DefaultKeep)
	return &Index{opt: opt, byID: map[string]int32{}, keys: map[uint64][]int32{}, copies: map[string][]copyOf{}}
}

// Assign gives every event of doc its incident (Event.Incident), makes the
// incident of doc's main event lead by doc, and returns the incidents that
// changed, each once, for the caller to store.
func (x *Index) Assign(doc *sitrep.Document) []*sitrep.Incident {
	var changed []int32
	orig := x.copies[doc.NearDuplicateOf]
	mine := make([]copyOf, 0, len(doc.Events))
	for i := range doc.Events {
		ev := &doc.Events[i]
		trig := strings.ToLower(ev.Trigger.Of(doc.Text))
		slot := copied(orig, string(ev.Type), trig, ev.Trigger.Start)
		if slot >= 0 && x.incs[slot] == nil {
			slot = -1
		}
		if slot < 0 {
			slot = x.best(doc, ev)
		}
		if slot < 0 {
			slot = x.open(doc, ev)
		} else {
			x.join(slot, doc, ev)
		}
		ev.Incident = x.incs[slot].inc.ID
		mine = append(mine, copyOf{string(ev.Type), trig, ev.Trigger.Start, slot})
		if !slices.Contains(changed, slot) {
			changed = append(changed, slot)
		}
	}
	if len(x.order) >= maxCopies {
		delete(x.copies, x.order[0])
		x.order = x.order[1:]
	}
	x.copies[doc.ID] = mine
	x.order = append(x.order, doc.ID)
	if m := doc.Lead(); m >= 0 {
		if s, ok := x.byID[doc.Events[m].Incident]; ok {
			x.incs[s].inc.Leads = append(x.incs[s].inc.Leads, doc.ID)
		}
	}
	out := make([]*sitrep.Incident, 0, len(changed))
	for _, s := range changed {
		if e := x.incs[s]; e != nil {
			out = append(out, e.inc)
		}
	}
	return out
}

// Knows reports whether the index holds the incidents of a document's
// events, for a near-duplicate of it to follow.
func (x *Index) Knows(docID string) bool {
	_, ok := x.copies[docID]
	return ok
}

// Remember records the incidents of the events of a document stored in an
// earlier run, so that its near-duplicates' events join them as they would
// have then; incidents the index does not hold are left out.
func (x *Index) Remember(doc *sitrep.Document) {
	var l []copyOf
	for i := range doc.Events {
		ev := &doc.Events[i]
		if slot, ok := x.byID[ev.Incident]; ok {
			l = append(l, copyOf{string(ev.Type), strings.ToLower(ev.Trigger.Of(doc.Text)), ev.Trigger.Start, slot})
		}
	}
	x.copies[doc.ID] = l
	x.order = append(x.order, doc.ID)
}

// copied is the incident of the event of l with this type and trigger word
// nearest to start, -1 when none.
func copied(l []copyOf, typ, trigger string, start int) int32 {
	best, dist := int32(-1), 0
	for _, c := range l {
		if c.typ == typ && c.trigger == trigger {
			if d := abs(c.at - start); best < 0 || d < dist {
				best, dist = c.slot, d
			}
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Incidents lists the incidents in the order they were opened.
func (x *Index) Incidents() []*sitrep.Incident {
	out := make([]*sitrep.Incident, 0, len(x.incs)-int(x.oldest))
	for _, e := range x.incs[x.oldest:] {
		out = append(out, e.inc)
	}
	return out
}

// Add puts a stored incident back, so that new reports can join it as they
// would have in the run that stored it: its State holds the tallies of its
// reports; without one, its Source, Target, Location and date stand for them.
// An incident the index holds is replaced by the stored one: another writer
// of the store (a worker in another process) has given it reports since.
func (x *Index) Add(inc *sitrep.Incident) error {
	e := &entry{inc: inc}
	if len(inc.State) > 0 {
		var st state
		if err := json.Unmarshal(inc.State, &st); err != nil {
			return fmt.Errorf("incident %s: %w", inc.ID, err)
		}
		e.src, e.tgt, e.places, e.dates = st.Source, st.Target, st.Places, st.Dates
	} else {
		n := max(1, len(inc.Docs))
		for _, a := range inc.Source {
			e.src = append(e.src, tally{Key: actorKey(a), N: n, Actor: a})
		}
		for _, a := range inc.Target {
			e.tgt = append(e.tgt, tally{Key: actorKey(a), N: n, Actor: a})
		}
		if inc.Location != nil {
			e.places = append(e.places, tally{Key: placeKey(*inc.Location), N: n, Place: *inc.Location})
		}
		if !inc.Start.IsZero() {
			e.dates = append(e.dates, tally{N: n, Start: inc.Start, End: inc.End})
		}
	}
	if slot, ok := x.byID[inc.ID]; ok {
		x.incs[slot] = e
		x.post(slot, e)
		return nil
	}
	x.push(e)
	return nil
}

// state is what Snapshot keeps of an incident's tallies.
type state struct {
	Source, Target, Places, Dates []tally
}

// Snapshot sets the State of each incident of incs the index holds, for a
// store to keep.
func (x *Index) Snapshot(incs []*sitrep.Incident) error {
	for _, inc := range incs {
		slot, ok := x.byID[inc.ID]
		if !ok {
			continue
		}
		e := x.incs[slot]
		b, err := json.Marshal(state{e.src, e.tgt, e.places, e.dates})
		if err != nil {
			return err
		}
		inc.State = b
	}
	return nil
}

func (x *Index) push(e *entry) int32 {
	slot := int32(len(x.incs))
	x.incs = append(x.incs, e)
	x.byID[e.inc.ID] = slot
	x.post(slot, e)
	for int(slot-x.oldest) >= x.opt.Keep {
		delete(x.byID, x.incs[x.oldest].inc.ID)
		x.incs[x.oldest] = nil
		x.oldest++
	}
	return slot
}

// Trim empties the event and document lists of the incidents, once a store
// keeps them, so that a long run does not hold them all.
func (x *Index) Trim() {
	for _, e := range x.incs[x.oldest:] {
		e.inc.Events, e.inc.Docs, e.inc.Leads = nil, nil, nil
	}
}

// post lists the incident under its keys.
func (x *Index) post(slot int32, e *entry) {
	inc := e.inc
	for _, k := range keysOf(string(inc.Type), inc.Stories, e.src, e.tgt, e.dates, e.places) {
		l := x.keys[k]
		if n := len(l); n > 0 && l[n-1] == slot {
			continue
		}
		if slices.Contains(l[max(0, len(l)-8):], slot) {
			continue
		}
		if len(l) >= 4*listCap {
			l = append(l[:0], l[len(l)-listCap:]...)
		}
		x.keys[k] = append(l, slot)
	}
}

// keysOf are the keys an incident or a report is found by: its type with
// each of its stories, actors, weeks and countries.
func keysOf(typ string, stories []string, src, tgt, dates, places []tally) []uint64 {
	var out []uint64
	for _, s := range stories {
		out = append(out, key("s", typ, s))
	}
	for _, l := range [2][]tally{src, tgt} {
		for _, a := range l {
			out = append(out, key("a", typ, a.Key))
		}
	}
	for _, d := range dates {
		w := week(d.Start)
		for i := 0; i < maxWeeks && !w.After(d.End); i++ {
			out = append(out, key("w", typ, w.Format(time.DateOnly)))
			w = w.AddDate(0, 0, 7)
		}
	}
	for _, p := range places {
		if p.Place.Country != "" {
			out = append(out, key("c", typ, p.Place.Country))
		}
	}
	return out
}

func key(kind, typ, v string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(typ))
	h.Write([]byte{0})
	h.Write([]byte(v))
	return h.Sum64()
}

// week is the Monday of t's week.
func week(t time.Time) time.Time {
	d := day(t)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// report is one event as the matcher sees it. inherited marks a place the
// event took from its report (dateline, main place): it rules out far
// incidents but is no evidence that two events are one.
type report struct {
	src, tgt, places, dates []tally
	story, trigger          string
	inherited               bool
}

func newReport(doc *sitrep.Document, ev *sitrep.Event) report {
	r := report{story: doc.Story, trigger: strings.ToLower(ev.Trigger.Of(doc.Text))}
	for _, a := range ev.Source {
		r.src = append(r.src, tally{Key: actorKey(a.Actor), N: 1, Actor: a.Actor})
	}
	for _, a := range ev.Target {
		r.tgt = append(r.tgt, tally{Key: actorKey(a.Actor), N: 1, Actor: a.Actor})
	}
	if l := ev.Location; l != nil && (l.Resolved() || l.Country != "") {
		r.places = []tally{{Key: placeKey(l.Place), N: 1, Place: l.Place}}
		r.inherited = l.Inherited
	}
	if s, e, ok := eventDays(doc, ev); ok {
		r.dates = []tally{{N: 1, Start: s, End: e}}
	}
	return r
}

// eventDays is the range of days an event lies in: its own date, else the
// publication day.
func eventDays(doc *sitrep.Document, ev *sitrep.Event) (time.Time, time.Time, bool) {
	if d := ev.Date; d != nil && !d.Start.IsZero() {
		end := d.End
		if end.Before(d.Start) {
			end = d.Start
		}
		return day(d.Start), day(end), true
	}
	if !doc.Date.IsZero() {
		return day(doc.Date), day(doc.Date), true
	}
	return time.Time{}, time.Time{}, false
}

// best is the slot of the incident ev matches best, -1 when none.
func (x *Index) best(doc *sitrep.Document, ev *sitrep.Event) int32 {
	r := newReport(doc, ev)
	x.round++
	if len(x.mark) < len(x.incs) {
		x.mark = append(x.mark, make([]uint32, len(x.incs)-len(x.mark))...)
	}
	x.cands = x.cands[:0]
	var stories []string
	if r.story != "" {
		stories = []string{r.story}
	}
	for _, k := range keysOf(string(ev.Type), stories, r.src, r.tgt, r.dates, r.places) {
		l := x.keys[k]
		for _, s := range l[max(0, len(l)-listCap):] {
			if x.mark[s] != x.round {
				x.mark[s] = x.round
				x.cands = append(x.cands, s)
			}
		}
	}
	best, bestScore := int32(-1), 0
	for _, s := range x.cands {
		e := x.incs[s]
		if e == nil || e.inc.Type != ev.Type || realisGroup(e.inc.Realis) != realisGroup(ev.Realis) {
			continue
		}
		// Another event of this document is a distinct incident, unless
		// it shares the trigger ("X and Y agreed": one event per party).
		if e.lastDoc == doc.ID && !slices.Contains(e.lastTri, ev.Trigger.Start) {
			continue
		}
		if sc, ok := x.score(e, &r); ok && sc >= minScore && (best < 0 || sc > bestScore || sc == bestScore && s > best) {
			best, bestScore = s, sc
		}
	}
	return best
}

// score weighs the evidence that r reports e's incident; ok is false when
// their dates or places rule it out.
func (x *Index) score(e *entry, r *report) (int, bool) {
	sc := 0
	if r.story != "" && slices.Contains(e.inc.Stories, r.story) {
		sc += sameStory
	}
	if len(r.dates) > 0 && len(e.dates) > 0 {
		rd := r.dates[0]
		slack := time.Duration(x.opt.Slack) * 24 * time.Hour
		hit := false
		for _, d := range e.dates {
			if !rd.Start.After(d.End.Add(slack)) && !d.Start.After(rd.End.Add(slack)) {
				hit = true
				break
			}
		}
		if !hit {
			return 0, false
		}
		sc += sameDays
	}
	if len(r.places) > 0 && len(e.places) > 0 {
		p := r.places[0].Place
		near, fine, sameCountry := false, false, false
		for _, t := range e.places {
			q := t.Place
			sameCountry = sameCountry || p.Country == q.Country
			if p.Country != q.Country && p.Country != "" && q.Country != "" {
				continue
			}
			if coarse(p) || coarse(q) {
				near = near || p.Country == q.Country
				continue
			}
			d := km(p.Lat, p.Lon, q.Lat, q.Lon)
			if d <= x.opt.MaxKm {
				near = true
				fine = fine || d <= farKm
			}
		}
		if !near {
			return 0, false
		}
		if !r.inherited {
			sc += samePlace
			if fine {
				sc += fineSame
			}
		}
	}
	ra, ea := len(r.src)+len(r.tgt) > 0, len(e.src)+len(e.tgt) > 0
	if ra && ea {
		switch sharedActors(r, e) {
		case 2:
			sc += sameActor
		case 1:
			sc += sameKind
		case 0:
			sc += otherActors
		}
	}
	if r.trigger != "" && slices.Contains(e.inc.Triggers, r.trigger) {
		sc += sameTrigger
	}
	return sc, true
}

// sharedActors is 2 when r and e share a named actor, 1 when they share
// only a generic agent or an actor code, 0 when each names actors the other
// does not, -1 when one of them names none (generic agents do not count).
func sharedActors(r *report, e *entry) int {
	best := -1
	named := [2]bool{}
	for _, l := range [2][]tally{r.src, r.tgt} {
		for _, a := range l {
			named[0] = named[0] || !generic(a.Actor)
			for _, m := range [2][]tally{e.src, e.tgt} {
				for _, b := range m {
					named[1] = named[1] || !generic(b.Actor)
					switch {
					case a.Key == b.Key && !generic(a.Actor):
						return 2
					case a.Key == b.Key || a.Actor.Code != "" && a.Actor.Code == b.Actor.Code:
						best = 1
					}
				}
			}
		}
	}
	if best < 0 && named[0] && named[1] {
		return 0
	}
	return best
}

// generic agents ("police", "victims") name a kind of actor, not one.
func generic(a sitrep.Actor) bool {
	return a.ID == "" && a.Name == "" || strings.HasPrefix(a.ID, "agent:")
}

// open starts an incident with ev.
func (x *Index) open(doc *sitrep.Document, ev *sitrep.Event) int32 {
	h := sha256.Sum256([]byte(ev.ID))
	inc := &sitrep.Incident{ID: "i-" + hex.EncodeToString(h[:8]), Type: ev.Type, Realis: ev.Realis}
	e := &entry{inc: inc}
	slot := x.push(e)
	x.join(slot, doc, ev)
	return slot
}

// join adds ev of doc to the incident in slot and updates its best fields.
func (x *Index) join(slot int32, doc *sitrep.Document, ev *sitrep.Event) {
	e := x.incs[slot]
	inc := e.inc
	r := newReport(doc, ev)
	inc.Events = append(inc.Events, ev.ID)
	if e.lastDoc != doc.ID {
		e.lastDoc, e.lastTri = doc.ID, e.lastTri[:0]
		inc.Docs = append(inc.Docs, doc.ID)
	}
	e.lastTri = append(e.lastTri, ev.Trigger.Start)
	if r.story != "" && len(inc.Stories) < maxList && !slices.Contains(inc.Stories, r.story) {
		inc.Stories = append(inc.Stories, r.story)
	}
	if r.trigger != "" && len(inc.Triggers) < maxList && !slices.Contains(inc.Triggers, r.trigger) {
		inc.Triggers = append(inc.Triggers, r.trigger)
	}
	if !doc.Date.IsZero() {
		if inc.FirstSeen.IsZero() || doc.Date.Before(inc.FirstSeen) {
			inc.FirstSeen = doc.Date
		}
		if inc.LastSeen.IsZero() || doc.Date.After(inc.LastSeen) {
			inc.LastSeen = doc.Date
		}
	}
	e.src = addTallies(e.src, r.src)
	e.tgt = addTallies(e.tgt, r.tgt)
	e.places = addTallies(e.places, r.places)
	if len(r.dates) > 0 {
		d := r.dates[0]
		d.Key = d.Start.Format(time.DateOnly) + "/" + d.End.Format(time.DateOnly)
		e.dates = addTallies(e.dates, []tally{d})
	}
	inc.Source, inc.Target = actorsOf(e.src), actorsOf(e.tgt)
	inc.Location = nil
	if p := bestTally(e.places, func(a, b *tally) int { return cmp.Compare(rank(b.Place), rank(a.Place)) }); p != nil {
		pl := p.Place
		inc.Location = &pl
	}
	if d := bestTally(e.dates, func(a, b *tally) int { return cmp.Compare(a.End.Sub(a.Start), b.End.Sub(b.Start)) }); d != nil {
		inc.Start, inc.End = d.Start, d.End
	}
	if ev.Counts != sitrep.NoCounts && ev.Counts != (sitrep.Counts{}) {
		inc.CountHistory = append(inc.CountHistory, sitrep.CountReport{Event: ev.ID, Seen: doc.Date, Counts: ev.Counts})
	}
	inc.Counts = reconcile(inc.CountHistory)
	// More reports of one incident make it surer: noisy-or of the reports'
	// confidences, below certainty.
	inc.Confidence = math.Min(0.99, 1-(1-inc.Confidence)*(1-ev.Confidence))
	x.post(slot, e)
}

// reconcile takes each figure from the most recent report that states it
// (the later of two reports seen the same day), never summing reports: a
// later report revises a toll.
func reconcile(h []sitrep.CountReport) sitrep.Counts {
	c := sitrep.NoCounts
	var when [4]time.Time
	for _, r := range h {
		for i, v := range [4]int{r.Counts.Killed, r.Counts.Injured, r.Counts.Arrested, r.Counts.Events} {
			if v < 0 || r.Seen.Before(when[i]) {
				continue
			}
			when[i] = r.Seen
			switch i {
			case 0:
				c.Killed = v
			case 1:
				c.Injured = v
			case 2:
				c.Arrested = v
			case 3:
				c.Events = v
			}
		}
	}
	return c
}

func addTallies(l, add []tally) []tally {
	for _, a := range add {
		if i := slices.IndexFunc(l, func(t tally) bool { return t.Key == a.Key }); i >= 0 {
			l[i].N += a.N
		} else if len(l) < maxList {
			l = append(l, a)
		}
	}
	return l
}

// bestTally is the value most reports gave; tie breaks a tie, then the
// first given.
func bestTally(l []tally, tie func(a, b *tally) int) *tally {
	var best *tally
	for i := range l {
		t := &l[i]
		if best == nil || t.N > best.N || t.N == best.N && tie(t, best) < 0 {
			best = t
		}
	}
	return best
}

// actorsOf lists the actors of tallies, the most named first.
func actorsOf(l []tally) []sitrep.Actor {
	idx := make([]int, len(l))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(l[b].N, l[a].N) })
	out := make([]sitrep.Actor, len(l))
	for i, j := range idx {
		out[i] = l[j].Actor
	}
	return out
}

func actorKey(a sitrep.Actor) string {
	switch {
	case a.ID != "":
		return "id:" + a.ID
	case a.Name != "":
		return "n:" + strings.ToLower(a.Name)
	}
	return "c:" + a.Code
}

func placeKey(p sitrep.Place) string {
	if p.GeonameID != 0 {
		return "g:" + strconv.Itoa(p.GeonameID)
	}
	return "n:" + p.Country + "/" + strings.ToLower(p.Name)
}

// coarse places (a country, a region, a name without a point) say little
// about where exactly.
func coarse(p sitrep.Place) bool {
	return p.Precision == sitrep.PrecisionCountry || !p.Resolved()
}

// rank orders precisions, finer first.
func rank(p sitrep.Place) int {
	switch p.Precision {
	case sitrep.PrecisionSubcity:
		return 5
	case sitrep.PrecisionCity:
		return 4
	case sitrep.PrecisionAdmin2:
		return 3
	case sitrep.PrecisionAdmin1:
		return 2
	case sitrep.PrecisionCountry:
		return 1
	}
	return 0
}

// realisGroup puts together the realis values that speak of the same
// happening: asserted, claimed and denied ones of something that happened;
// future and hypothetical ones of something that may; negated ones.
func realisGroup(r sitrep.Realis) int {
	switch r {
	case sitrep.Future, sitrep.Hypothetical:
		return 1
	case sitrep.Negated:
		return 2
	}
	return 0
}

// km is the great-circle distance.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(math.Min(1, a)))
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
