// Package stories groups articles about the same real-world happening into
// stories, whether or not they hold a coded event: syndicated copies and near
// duplicates first (the clean stage flags them), then articles whose words —
// names, places, numbers and what happened — weigh alike and whose main
// actors agree.
//
// Grouping is incremental (single-pass clustering, as in TDT's first-story
// detection): each new article joins the most similar story or opens a new
// one, and the story's latest articles are then clustered again, so that a
// story that took reports of two happenings gives one of them back. A story is summarised by a profile: the weightiest words of the sum of
// its articles' tf-idf vectors, and how often it names each person and
// organisation. An inverted index from profile words to stories finds the
// candidates, and only the most recent stories of each word are searched, so
// the time to place an article does not grow with the number of stories.
package stories

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/stories/internal/words"
)

// Options tune an Index. Zero values take the defaults.
type Options struct {
	// Threshold is the least cosine similarity between an article and a
	// story's profile for the article to join the story.
	Threshold float64
	// Window is how many days before a story's first or after its last
	// article a dated article may join it.
	Window int
	// Keep is how many stories the index holds; past it the oldest opened
	// are forgotten, so that a long run's memory stays bounded.
	Keep int
	// Regroup is how many of a story's latest articles are clustered again
	// each time it takes one (-1: none); Split is the least average
	// similarity of two clusters kept together, Conflict what a pair each
	// about a main actor the other never names loses of it, and MinSplit
	// the fewest articles that leave a story together.
	Regroup  int
	Split    float64
	Conflict float64
	MinSplit int
}

// Defaults, measured on the visible ECB+ topics (docs/incidents.md).
const (
	DefaultThreshold = 0.25
	DefaultWindow    = 14
	DefaultKeep      = 1 << 17
	DefaultRegroup   = 32
	DefaultSplit     = 0.3
	DefaultConflict  = 0.1
	DefaultMinSplit  = 5
)

const (
	// An entity (a person by surname, an organisation, a place) counts as
	// entityWeight words and a capitalised word as capWeight: who and where
	// tell one happening from another of the same kind. Without entities
	// (a document the NER did not see), capitalised words inside a sentence
	// stand in for them.
	entityWeight = 5
	capWeight    = 3
	// docTerms and profileTerms bound the vectors compared: an article's and
	// a story's weightiest words; profileEntities the actors a profile
	// counts.
	docTerms        = 96
	profileTerms    = 128
	profileEntities = 64
	// queryTerms of an article look up candidate stories, and at most
	// postingCap stories (the most recent) are taken from each word's list.
	queryTerms = 32
	postingCap = 200
	// The lead (the title and the first leadSentences sentences) says who
	// did what where; its words count leadWeight more. A number other than
	// a year (a toll, a magnitude, a sum, a score) counts numberWeight: two
	// happenings of one kind share their words but rarely their numbers.
	leadWeight    = 4
	leadSentences = 2
	numberWeight  = 5
	// minIDF drops words in most documents (the, said): they carry no
	// story.
	minIDF = 1.0
)

// Index assigns articles to stories. It is not safe for concurrent use:
// articles are assigned one at a time, in the order they arrive.
type Index struct {
	opt      Options
	w        weights
	idf      *idfTable
	stories  []*entry // nil: forgotten
	oldest   int32    // the first slot not forgotten
	byID     map[string]int32
	postings map[uint64][]int32
	// docs is the story of each document assigned in this run, for its
	// near-duplicates; order is the documents oldest first, for forgetting.
	docs  map[string]int32
	order []string
	// moves are the documents regroups moved since Moves was called; fifo
	// the articles held by stories, oldest first.
	moves   []Move
	fifo    []heldRef
	heldMax int

	// Scratch space of one assignment.
	seen  []int32
	mark  []uint32 // candidate marks by story slot
	round uint32
}

// weights are what an article's words count (the constants; the ECB+
// experiments vary them).
type weights struct {
	lead, leadSentences, number float32
}

type term struct {
	h uint64
	w float32
}

// entry is a story and its profile.
type entry struct {
	story   *sitrep.Story
	profile []term // sorted by term
	norm    float64
	actors  map[uint64]actorCount
	held    []held // the latest articles, for a regroup
}

// actorCount is how many of a story's articles name a person or an
// organisation, and in how many it is the main one.
type actorCount struct{ named, main int32 }

// New returns an empty index.
func New(opt Options) (*Index, error) {
	opt.Threshold = cmp.Or(opt.Threshold, DefaultThreshold)
	opt.Window = cmp.Or(opt.Window, DefaultWindow)
	opt.Keep = cmp.Or(opt.Keep, DefaultKeep)
	opt.Regroup = cmp.Or(opt.Regroup, DefaultRegroup)
	opt.Split = cmp.Or(opt.Split, DefaultSplit)
	opt.Conflict = cmp.Or(opt.Conflict, DefaultConflict)
	opt.MinSplit = cmp.Or(opt.MinSplit, DefaultMinSplit)
	idf, err := loadIDF()
	if err != nil {
		return nil, err
	}
	return &Index{opt: opt, w: weights{leadWeight, leadSentences, numberWeight}, idf: idf, byID: map[string]int32{}, postings: map[uint64][]int32{}, docs: map[string]int32{}, heldMax: heldMax}, nil
}

// Assign puts doc in a story — its near-duplicate's, else the most similar
// one, else a new one — sets doc.Story and returns the story, whose Profile
// is up to date for the caller to store. The story is then regrouped, which
// may move documents stored before (Moves), and doc itself: the story
// returned is the one doc ends in.
func (x *Index) Assign(doc *sitrep.Document) *sitrep.Story {
	a := x.article(doc)
	orig := doc.NearDuplicateOf
	slot, dup := x.docs[orig]
	if !dup || orig == "" || x.stories[slot] == nil {
		slot, orig = x.best(&a, doc.Date), ""
	}
	s := x.add(slot, doc, &a, orig)
	if orig == "" && x.opt.Regroup > 0 {
		x.regroup(x.byID[s.ID])
		s = x.stories[x.docs[doc.ID]].story
		doc.Story = s.ID
	}
	return s
}

// add puts doc, read as a, in the story at slot, or in a new one when slot
// is -1; orig is the document it repeats there, if any.
func (x *Index) add(slot int32, doc *sitrep.Document, a *article, orig string) *sitrep.Story {
	var e *entry
	if slot < 0 {
		e = &entry{story: &sitrep.Story{ID: storyID(doc.ID), Title: doc.Title}, actors: map[uint64]actorCount{}}
		slot = x.push(e)
	} else {
		e = x.stories[slot]
	}
	s := e.story
	s.Docs = append(s.Docs, doc.ID)
	if orig != "" {
		e.holdDup(orig, doc.ID)
	} else {
		x.hold(slot, held{doc: doc.ID, title: doc.Title, date: day(doc.Date), a: *a})
	}
	if d := day(doc.Date); !d.IsZero() {
		if s.First.IsZero() || d.Before(s.First) {
			s.First = d
		}
		if s.Last.IsZero() || d.After(s.Last) {
			s.Last = d
		}
	}
	for k := range a.actors {
		c := e.actors[k]
		c.named++
		if k == a.main {
			c.main++
		}
		e.actors[k] = c
	}
	x.setProfile(slot, e, addTerms(e.profile, a.vec))
	s.Profile = encodeProfile(e)
	if len(x.order) >= x.opt.Keep {
		delete(x.docs, x.order[0])
		x.order = x.order[1:]
	}
	x.docs[doc.ID] = slot
	x.order = append(x.order, doc.ID)
	doc.Story = s.ID
	return s
}

// push adds a story, forgetting the oldest past Keep.
func (x *Index) push(e *entry) int32 {
	slot := int32(len(x.stories))
	x.stories = append(x.stories, e)
	x.byID[e.story.ID] = slot
	for int(slot-x.oldest) >= x.opt.Keep {
		delete(x.byID, x.stories[x.oldest].story.ID)
		x.stories[x.oldest] = nil
		x.oldest++
	}
	return slot
}

// Trim empties the document lists of the stories, once a store keeps them,
// so that a long run does not hold them all.
func (x *Index) Trim() {
	for _, e := range x.stories[x.oldest:] {
		e.story.Docs = nil
	}
}

// Add puts a stored story back, so that new articles can join it. A story
// the index holds is replaced by the stored one: another writer of the
// store (a worker in another process) has given it articles since.
func (x *Index) Add(s *sitrep.Story) error {
	e := &entry{story: s}
	prof, err := decodeProfile(s.Profile, e)
	if err != nil {
		return err
	}
	var had []held
	slot, ok := x.byID[s.ID]
	if ok {
		old := x.stories[slot]
		had = old.held
		old.story, old.actors, old.held = s, e.actors, e.held
		x.setProfile(slot, old, prof)
	} else {
		slot = x.push(e)
		x.setProfile(slot, e, prof)
	}
	// Near-duplicates of its held articles join it. (A clone: recent may
	// let go of some.)
	for _, h := range slices.Clone(e.held) {
		if !slices.ContainsFunc(had, func(o held) bool { return o.doc == h.doc }) {
			x.recent(slot, h.doc)
		}
		x.docs[h.doc] = slot
		for _, d := range h.dups {
			x.docs[d] = slot
		}
	}
	return nil
}

// Knows reports whether the index holds the story of a document, for a
// near-duplicate of it to join.
func (x *Index) Knows(docID string) bool {
	_, ok := x.docs[docID]
	return ok
}

// Remember records the story of a document stored in an earlier run, so
// that its near-duplicates join that story as they would have then; a story
// the index does not hold is ignored.
func (x *Index) Remember(docID, storyID string) {
	if slot, ok := x.byID[storyID]; ok && docID != "" {
		x.docs[docID] = slot
	}
}

// Stories lists the stories in the order they were opened.
func (x *Index) Stories() []*sitrep.Story {
	out := make([]*sitrep.Story, 0, len(x.stories)-int(x.oldest))
	for _, e := range x.stories[x.oldest:] {
		out = append(out, e.story)
	}
	return out
}

// article is what an assignment compares: the article's unit tf-idf vector
// sorted by term, the persons and organisations it names (by key, with their
// mention counts) and its main one (0 when none is named twice).
type article struct {
	vec    []term
	actors map[uint64]int
	main   uint64
}

// best is the slot of the most similar story within the window, -1 when
// none reaches the threshold.
func (x *Index) best(a *article, date time.Time) int32 {
	best, bestSim := int32(-1), x.opt.Threshold
	for _, s := range x.candidates(a, date) {
		e := x.stories[s]
		if e.otherMain(a) {
			continue
		}
		if sim := cosine(a.vec, e.profile, e.norm); sim > bestSim || sim == bestSim && best >= 0 && s < best {
			best, bestSim = s, sim
		}
	}
	return best
}

// candidates are the slots of the stories within the window that share one
// of the article's weightiest words (scratch space, valid until the next
// call).
func (x *Index) candidates(a *article, date time.Time) []int32 {
	if len(a.vec) == 0 {
		return nil
	}
	x.round++
	if len(x.mark) < len(x.stories) {
		x.mark = append(x.mark, make([]uint32, len(x.stories)-len(x.mark))...)
	}
	// The article's weightiest words find the candidates.
	q := slices.Clone(a.vec)
	slices.SortFunc(q, func(a, b term) int { return cmp.Compare(b.w, a.w) })
	x.seen = x.seen[:0]
	for _, t := range q[:min(len(q), queryTerms)] {
		l := x.postings[t.h]
		for _, s := range l[max(0, len(l)-postingCap):] {
			if x.mark[s] != x.round {
				x.mark[s] = x.round
				x.seen = append(x.seen, s)
			}
		}
	}
	d := day(date)
	win := time.Duration(x.opt.Window) * 24 * time.Hour
	out := x.seen[:0]
	for _, s := range x.seen {
		e := x.stories[s]
		if e == nil {
			continue
		}
		if st := e.story; !d.IsZero() && !st.First.IsZero() && (d.Before(st.First.Add(-win)) || d.After(st.Last.Add(win))) {
			continue
		}
		out = append(out, s)
	}
	x.seen = out
	return out
}

// otherMain reports whether the article and the story are each about a main
// actor the other never names: two reports of one kind of happening with
// different protagonists (one boxer's two title defences, two players
// arrested) share most of their words but not their story.
func (e *entry) otherMain(a *article) bool {
	if a.main == 0 || e.actors[a.main].named > 0 {
		return false
	}
	var top uint64
	var n int32
	for k, c := range e.actors {
		if c.main > n || c.main == n && n > 0 && k < top {
			top, n = k, c.main
		}
	}
	return n > 0 && a.actors[top] == 0
}

// setProfile gives a story its profile and posts it under each word that is
// new to it.
func (x *Index) setProfile(slot int32, e *entry, prof []term) {
	old := e.profile
	e.profile = prof
	e.norm = 0
	for _, t := range prof {
		e.norm += float64(t.w) * float64(t.w)
		if _, had := slices.BinarySearchFunc(old, t.h, func(a term, h uint64) int { return cmp.Compare(a.h, h) }); had {
			continue
		}
		l := x.postings[t.h]
		// A long list keeps its recent end; the rest is never searched.
		if len(l) >= 4*postingCap {
			l = append(l[:0], l[len(l)-postingCap:]...)
		}
		x.postings[t.h] = append(l, slot)
	}
	e.norm = math.Sqrt(e.norm)
}

// addTerms sums two vectors sorted by term and keeps the weightiest
// profileTerms.
func addTerms(p, v []term) []term {
	sum := make([]term, 0, len(p)+len(v))
	i, j := 0, 0
	for i < len(p) || j < len(v) {
		switch {
		case j == len(v) || i < len(p) && p[i].h < v[j].h:
			sum = append(sum, p[i])
			i++
		case i == len(p) || v[j].h < p[i].h:
			sum = append(sum, v[j])
			j++
		default:
			sum = append(sum, term{v[j].h, p[i].w + v[j].w})
			i++
			j++
		}
	}
	return top(sum, profileTerms)
}

// article reads what an assignment compares from doc.
func (x *Index) article(doc *sitrep.Document) article {
	tf := map[uint64]float32{}
	a := article{actors: map[uint64]int{}}
	first := map[uint64]int{}
	for i := range doc.Entities {
		e := &doc.Entities[i]
		switch e.Label {
		case sitrep.LabelPER, sitrep.LabelORG, sitrep.LabelLOC, sitrep.LabelGPE:
		default:
			continue
		}
		name := e.Of(doc.Text)
		if e.Label == sitrep.LabelPER { // "Tara Reid" … "Reid"
			name = name[strings.LastIndexByte(name, ' ')+1:]
		}
		k := words.Hash(name)
		tf[k] += entityWeight
		if e.Label == sitrep.LabelPER || e.Label == sitrep.LabelORG {
			if _, ok := first[k]; !ok {
				first[k] = i
			}
			a.actors[k]++
		}
	}
	nameWeight := float32(capWeight)
	if len(doc.Entities) == 0 {
		nameWeight = entityWeight
	}
	count := func(text string, extra float32) {
		words.Each(text, func(w []byte, h uint64, name, number bool) {
			switch {
			case name:
				tf[h] += nameWeight + extra
			case number && !isYear(w):
				tf[h] += x.w.number + extra
			default:
				tf[h] += 1 + extra
			}
		})
	}
	lead := 0
	if n := min(len(doc.Sentences), int(x.w.leadSentences)); n > 0 {
		lead = doc.Sentences[n-1].End
	}
	if doc.Title != "" && !strings.HasPrefix(doc.Text, doc.Title) {
		count(doc.Title+"\n", x.w.lead)
	} else if doc.Title != "" {
		lead = max(lead, len(doc.Title))
	}
	count(doc.Text[:lead], x.w.lead)
	count(doc.Text[lead:], 0)
	a.vec = make([]term, 0, len(tf))
	for h, n := range tf {
		if idf := x.idf.of(h); idf >= minIDF {
			a.vec = append(a.vec, term{h, (1 + float32(math.Log(float64(n)))) * idf})
		}
	}
	a.vec = top(a.vec, docTerms)
	var norm float64
	for _, t := range a.vec {
		norm += float64(t.w) * float64(t.w)
	}
	norm = math.Sqrt(norm)
	for i := range a.vec {
		a.vec[i].w = float32(float64(a.vec[i].w) / norm)
	}
	// The main actor: the most named, named at least twice, the first named
	// on a tie.
	n := 1
	for k, c := range a.actors {
		if c > n || c == n && a.main != 0 && first[k] < first[a.main] {
			a.main, n = k, c
		}
	}
	return a
}

// isYear reports whether a number is a year (1900-2099): it dates a
// happening rather than counting it.
func isYear(w []byte) bool {
	return len(w) == 4 && (w[0] == '1' && w[1] == '9' || w[0] == '2' && w[1] == '0')
}

// top keeps the n weightiest terms, sorted by term.
func top(v []term, n int) []term {
	if len(v) > n {
		slices.SortFunc(v, func(a, b term) int {
			if c := cmp.Compare(b.w, a.w); c != 0 {
				return c
			}
			return cmp.Compare(a.h, b.h)
		})
		v = v[:n]
	}
	slices.SortFunc(v, func(a, b term) int { return cmp.Compare(a.h, b.h) })
	return v
}

// cosine of a unit vector and a profile of the given norm, both sorted.
func cosine(a, b []term, norm float64) float64 {
	if norm == 0 {
		return 0
	}
	var dot float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].h < b[j].h:
			i++
		case a[i].h > b[j].h:
			j++
		default:
			dot += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		}
	}
	return dot / norm
}

// storyID names a story by the document that opened it.
func storyID(docID string) string {
	h := sha256.Sum256([]byte(docID))
	return "s-" + hex.EncodeToString(h[:8])
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
