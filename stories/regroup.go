package stories

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// A one-pass index cannot take back a join: once a story holds reports of
// two happenings of one kind, it names both protagonists and draws the
// reports of both. So after each article a story takes, its latest articles
// (at most Regroup) are clustered again by average link, and those outside
// the largest cluster leave it, for the most similar other story or a new
// one. The work is bounded by Regroup, not by the number of stories.

// held is one of a story's latest articles, which a regroup may move with
// its near-duplicates.
type held struct {
	doc, title string
	date       time.Time
	a          article
	dups       []string
}

// A Move is a document a regroup took out of one story and put in another.
type Move struct {
	Doc      string
	From, To *sitrep.Story
}

// Moves returns the documents moved since the last call.
func (x *Index) Moves() []Move {
	m := x.moves
	x.moves = nil
	return m
}

// hold keeps an article among the latest of the story at slot, forgetting
// the oldest past Regroup.
func (x *Index) hold(slot int32, h held) {
	if x.opt.Regroup <= 0 {
		return
	}
	e := x.stories[slot]
	if len(e.held) >= x.opt.Regroup {
		e.held = slices.Delete(e.held, 0, 1)
	}
	e.held = append(e.held, h)
	x.recent(slot, h.doc)
}

// recent records that the story at slot holds doc; past heldMax articles
// held in all, the oldest held is let go, so that memory stays bounded.
func (x *Index) recent(slot int32, doc string) {
	x.fifo = append(x.fifo, heldRef{slot, doc})
	for len(x.fifo) > x.heldMax {
		r := x.fifo[0]
		x.fifo = x.fifo[1:]
		if e := x.stories[r.slot]; e != nil {
			e.held = slices.DeleteFunc(e.held, func(h held) bool { return h.doc == r.doc })
		}
	}
}

// heldMax is how many articles all stories hold for regroups (about 2 KB
// each): a regroup fixes recent joins.
const heldMax = 1 << 13

type heldRef struct {
	slot int32
	doc  string
}

// holdDup records a near-duplicate that joined its original's story, so
// that it moves with the original.
func (e *entry) holdDup(orig, doc string) {
	for i := range e.held {
		if e.held[i].doc == orig {
			e.held[i].dups = append(e.held[i].dups, doc)
			return
		}
	}
}

// regroup clusters the held articles of the story at slot by average link
// down to Split, a pair each about a main actor the other never names
// counting Conflict less (none when negative); each cluster of at least
// MinSplit articles but the largest leaves the story.
func (x *Index) regroup(slot int32) {
	e := x.stories[slot]
	n := len(e.held)
	if n < 2*x.opt.MinSplit {
		return // no cluster can leave a larger one
	}
	hs := slices.Clone(e.held)
	sim := make([]float64, n*n)
	for i := range n {
		for j := i + 1; j < n; j++ {
			s := cosine(hs[i].a.vec, hs[j].a.vec, 1)
			if x.opt.Conflict > 0 && conflicts(&hs[i].a, &hs[j].a) {
				s -= x.opt.Conflict
			}
			sim[i*n+j], sim[j*n+i] = s, s
		}
	}
	size := make([]int, n)
	of := make([]int, n)
	for i := range of {
		size[i], of[i] = 1, i
	}
	for {
		bi, bj, bs := -1, -1, x.opt.Split
		for i := range n {
			for j := i + 1; j < n && size[i] > 0; j++ {
				if size[j] > 0 && sim[i*n+j] > bs {
					bi, bj, bs = i, j, sim[i*n+j]
				}
			}
		}
		if bi < 0 {
			break
		}
		for k := range n {
			v := (sim[bi*n+k]*float64(size[bi]) + sim[bj*n+k]*float64(size[bj])) / float64(size[bi]+size[bj])
			sim[bi*n+k], sim[k*n+bi] = v, v
		}
		size[bi] += size[bj]
		size[bj] = 0
		for k := range of {
			if of[k] == bj {
				of[k] = bi
			}
		}
	}
	keep := 0
	for i := range n {
		if size[i] > size[keep] {
			keep = i
		}
	}
	for c := range n {
		if c == keep || size[c] == 0 || size[c] < x.opt.MinSplit {
			continue
		}
		var out []held
		var sum []term
		var last time.Time
		for i := range n {
			if of[i] == c {
				out = append(out, hs[i])
				sum = addTerms(sum, hs[i].a.vec)
				if hs[i].date.After(last) {
					last = hs[i].date
				}
			}
		}
		for i := range out {
			x.remove(slot, e, &out[i])
		}
		to := x.home(&article{vec: unit(sum)}, last, slot)
		if to < 0 {
			to = x.push(&entry{story: &sitrep.Story{ID: x.splitID(out[0].doc), Title: out[0].title}, actors: map[uint64]actorCount{}})
		}
		for i := range out {
			x.join(to, &out[i])
			for _, d := range append([]string{out[i].doc}, out[i].dups...) {
				x.moves = append(x.moves, Move{d, e.story, x.stories[to].story})
			}
		}
	}
}

// splitID names a story a regroup opens for doc and the articles leaving
// with it: apart from the story doc opened, if it did, and from any other
// the index holds.
func (x *Index) splitID(doc string) string {
	id := storyID("split\x00" + doc)
	for i := 2; ; i++ {
		if _, ok := x.byID[id]; !ok {
			return id
		}
		id = storyID(fmt.Sprint("split\x00", doc, "\x00", i))
	}
}

// home is the slot of the story other than from most similar to a split-off
// cluster of vector g, whose latest article is of the given date; -1 when
// none reaches the threshold.
func (x *Index) home(g *article, date time.Time, from int32) int32 {
	best, bestSim := int32(-1), x.opt.Threshold
	for _, s := range x.candidates(g, date) {
		if s == from {
			continue
		}
		o := x.stories[s]
		if sim := cosine(g.vec, o.profile, o.norm); sim > bestSim || sim == bestSim && best >= 0 && s < best {
			best, bestSim = s, sim
		}
	}
	return best
}

// conflicts reports whether two articles are each about a main actor the
// other never names.
func conflicts(a, b *article) bool {
	return a.main != 0 && b.main != 0 && a.main != b.main && a.actors[b.main] == 0 && b.actors[a.main] == 0
}

// remove takes a held article and its near-duplicates out of their story.
func (x *Index) remove(slot int32, e *entry, h *held) {
	s := e.story
	k := int32(1 + len(h.dups))
	s.Docs = slices.DeleteFunc(s.Docs, func(d string) bool { return d == h.doc || slices.Contains(h.dups, d) })
	e.held = slices.DeleteFunc(e.held, func(o held) bool { return o.doc == h.doc })
	for key := range h.a.actors {
		c := e.actors[key]
		c.named = max(0, c.named-k)
		if key == h.a.main {
			c.main = max(0, c.main-k)
		}
		if c.named == 0 {
			delete(e.actors, key)
		} else {
			e.actors[key] = c
		}
	}
	x.setProfile(slot, e, subTerms(e.profile, h.a.vec, float32(k)))
	s.Profile = encodeProfile(e)
}

// join puts a held article and its near-duplicates in the story at slot.
func (x *Index) join(slot int32, h *held) {
	e := x.stories[slot]
	k := int32(1 + len(h.dups))
	s := e.story
	s.Docs = append(append(s.Docs, h.doc), h.dups...)
	if !h.date.IsZero() {
		if s.First.IsZero() || h.date.Before(s.First) {
			s.First = h.date
		}
		if s.Last.IsZero() || h.date.After(s.Last) {
			s.Last = h.date
		}
	}
	for key := range h.a.actors {
		c := e.actors[key]
		c.named += k
		if key == h.a.main {
			c.main += k
		}
		e.actors[key] = c
	}
	x.hold(slot, *h)
	p := e.profile
	for range k {
		p = addTerms(p, h.a.vec)
	}
	x.setProfile(slot, e, p)
	s.Profile = encodeProfile(e)
	x.docs[h.doc] = slot
	for _, d := range h.dups {
		x.docs[d] = slot
	}
}

// subTerms is p less k times v, both sorted by term, without the terms
// left at or below zero.
func subTerms(p, v []term, k float32) []term {
	out := make([]term, 0, len(p))
	j := 0
	for _, t := range p {
		for j < len(v) && v[j].h < t.h {
			j++
		}
		if j < len(v) && v[j].h == t.h {
			t.w -= k * v[j].w
		}
		if t.w > 1e-6 {
			out = append(out, t)
		}
	}
	return out
}

// unit scales v to unit length.
func unit(v []term) []term {
	var n float64
	for _, t := range v {
		n += float64(t.w) * float64(t.w)
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i].w = float32(float64(v[i].w) / n)
	}
	return v
}
