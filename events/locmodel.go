package events

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
)

// The event-location model ranks the places of a sentence as the location of
// one event: a linear model over features of the place and its path to the
// trigger in the dependency tree, trained by TrainLocation on the
// event-location set (see docs/events.md) and embedded as locmodel.txt.gz.
// A "none" candidate competes with the places, so an event can have none.

//go:embed locmodel.txt.gz
var locModelData []byte

// LocModel is a trained location ranker.
type LocModel struct {
	w map[string]float32
	// Trained and Missed count the training sentences used and those whose
	// gold place was no candidate (set by TrainLocation only).
	Trained, Missed int
}

var (
	locOnce  sync.Once
	locModel *LocModel
)

// defaultLocModel returns the embedded model; nil when none is embedded.
func defaultLocModel() *LocModel {
	locOnce.Do(func() {
		r, _, err := modelfile.Open(locModelData)
		if err != nil {
			return
		}
		m, err := LoadLocModel(r)
		if err == nil {
			locModel = m
		}
	})
	return locModel
}

// placeCand is a candidate location: a place name's tokens.
type placeCand struct {
	head, first, end int
}

// placeCands lists the place names of the current sentence.
func (w *work) placeCands(buf []placeCand) []placeCand {
	s := &w.s
	w.loose = true
	defer func() { w.loose = false }()
	buf = buf[:0]
	for i := s.first; i < s.end; i++ {
		if !w.isPlace(i) {
			continue
		}
		first, end := i, i+1
		switch {
		case w.tokTop[i] >= 0:
			for end < s.end && w.tokTop[end] == w.tokTop[i] {
				end++
			}
		case w.tokEnt[i] >= 0:
			for end < s.end && w.tokEnt[end] == w.tokEnt[i] {
				end++
			}
		default:
			for end < s.end && s.upos(end) == "PROPN" && w.tokEnt[end] < 0 && w.tokTop[end] < 0 {
				end++
			}
		}
		h := first
		for k := first; k < end; k++ {
			if hh := s.head(k); hh < first || hh >= end {
				h = k
				break
			}
		}
		buf = append(buf, placeCand{h, first, end})
		i = end - 1
	}
	return buf
}

// ranks returns, per candidate, its rank by distance to the trigger among
// all candidates and among those in a locative phrase.
func (w *work) ranks(t int, cands []placeCand) (byDist, byLoc []int) {
	byDist, byLoc = make([]int, len(cands)), make([]int, len(cands))
	for i, c := range cands {
		d := abs(c.first - t)
		loc := locPreps[w.prepOf(c)]
		for j, o := range cands {
			if j == i {
				continue
			}
			od := abs(o.first - t)
			if od < d || od == d && j < i {
				byDist[i]++
				if loc && locPreps[w.prepOf(o)] {
					byLoc[i]++
				}
			}
		}
		if !loc {
			byLoc[i] = 9
		}
	}
	return byDist, byLoc
}

func (w *work) prepOf(c placeCand) string {
	if p := w.s.caseOf(c.head); p != "" {
		return p
	}
	return w.prepBefore(c.first)
}

// locFeatures appends the features of candidate c as the place of trigger t;
// rank and locRank are its ranks by distance (see ranks).
func (w *work) locFeatures(t int, c placeCand, rank, locRank int, buf []string) []string {
	s := &w.s
	prep := w.prepOf(c)
	d := c.first - t
	dist := "0"
	switch {
	case d < -8:
		dist = "-far"
	case d < -3:
		dist = "-mid"
	case d < 0:
		dist = "-near"
	case d <= 3:
		dist = "+near"
	case d <= 8:
		dist = "+mid"
	default:
		dist = "+far"
	}
	// Path from the candidate up to the nearest ancestor of the trigger.
	var path strings.Builder
	up := 0
	k := c.head
	for ; k >= 0 && up < 5 && !s.isAncestor(k, t); up++ {
		path.WriteString(baseRel(s.rel(k)))
		path.WriteByte('>')
		k = s.head(k)
	}
	down := 0
	for v := t; v >= 0 && v != k && down < 6; down++ {
		v = s.head(v)
	}
	if k < 0 {
		down = 9
	}
	kind := "propn"
	if ti := w.tokTop[c.head]; ti >= 0 {
		kind = "top:" + string(s.doc.Toponyms[ti].Precision)
	} else if ei := w.tokEnt[c.head]; ei >= 0 {
		kind = "ent:" + string(s.doc.Entities[ei].Label)
	}
	verbs := 0
	lo, hi := min(t, c.first), max(t, c.first)
	for i := lo + 1; i < hi; i++ {
		if s.upos(i) == "VERB" {
			verbs++
		}
	}
	p := path.String()
	rel := s.rel(c.head)
	buf = append(buf,
		"bias",
		"prep="+prep,
		"dist="+dist,
		"path="+p,
		"down="+strconv.Itoa(min(down, 4)),
		"pathdown="+p+strconv.Itoa(min(down, 4)),
		"kind="+kind,
		"rel="+rel,
		"verbs="+strconv.Itoa(min(verbs, 2)),
		"prep+dist="+prep+dist,
		"prep+down="+prep+strconv.Itoa(min(down, 4)),
		"prep+kind="+prep+kind,
		"rel+prep="+rel+prep,
		"trig="+s.upos(t)+rel,
		"rank="+strconv.Itoa(min(rank, 3)),
		"locrank="+strconv.Itoa(min(locRank, 3)),
		"rank+prep="+strconv.Itoa(min(rank, 3))+prep,
		"locrank+down="+strconv.Itoa(min(locRank, 3))+strconv.Itoa(min(down, 4)),
		"prep+path="+prep+p,
	)
	if c.end < s.end {
		buf = append(buf, "next="+s.lemma(c.end))
	}
	if c.first > s.first {
		buf = append(buf, "prev="+s.lemma(c.first-1))
	}
	if h := s.head(c.head); h >= 0 {
		// "the town of Mainok", "Iraq's northern Nineveh province".
		buf = append(buf, "gov="+s.upos(h)+":"+s.lemma(h), "govrel="+rel+">"+baseRel(s.rel(h)))
	}
	buf = append(buf, "kind+rank="+kind+strconv.Itoa(min(rank, 3)), "path+kind="+p+kind,
		"trel="+s.rel(t)+"+"+prep)
	if ei := w.tokEnt[c.head]; ei >= 0 {
		if s.doc.Entities[ei].Actor != nil {
			buf = append(buf, "actor")
		}
		if s.doc.Entities[ei].Metonymy {
			buf = append(buf, "meton")
		}
	}
	if ti := w.tokTop[c.head]; ti >= 0 && s.doc.Toponyms[ti].Metonymy {
		buf = append(buf, "topmeton", "topmeton+prep="+prep)
	}
	return buf
}

// noneFeatures are the features of the "no location" candidate.
func noneFeatures(n int, buf []string) []string {
	return append(buf, "none", "none:n="+strconv.Itoa(min(n, 4)))
}

func (m *LocModel) score(fs []string) float64 {
	x := 0.0
	for _, f := range fs {
		x += float64(m.w[f])
	}
	return x
}

// rankLocation returns the place of trigger t: the model's best candidate
// when it resolves or is used as a place (placeLike; with w.force, always),
// else the best candidate that resolves in the gazetteer, so that an event
// whose sentence names a place is not left off the map. A chosen name the
// gazetteer lacks keeps its span and takes the point of the finest resolved
// place of the sentence (settle); a chosen province or country takes that of
// a place inside it that the sentence names (refine). Nil when the sentence
// names no place. The model's "none" candidate, which it learns, is not
// asked: the report's place would be coarser still.
func (w *work) rankLocation(m *LocModel, t int, skip, actor func(int) bool) *sitrep.EventLocation {
	cands := w.placeCands(w.pl.cands[:0])
	w.pl.cands = cands
	if len(cands) == 0 {
		return nil
	}
	var fs []string
	rk, lrk := w.ranks(t, cands)
	order := w.pl.order[:0]
	scores := w.pl.scores[:0]
	for i, c := range cands {
		sc := math.Inf(-1)
		if !(c.first <= t && t < c.end || skip(c.head) || w.notPlace(c)) {
			fs = w.locFeatures(t, c, rk[i], lrk[i], fs[:0])
			sc = m.score(fs)
			order = append(order, i)
		}
		scores = append(scores, sc)
	}
	w.pl.order, w.pl.scores = order, scores
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	if len(order) > 0 {
		best := order[0]
		if loc := w.placeAt(cands[best].head); loc.Resolved() {
			return w.refine(loc, cands, order)
		} else if w.force || w.placeLike(cands[best]) {
			return w.settle(loc, cands, order)
		}
	}
	for _, i := range order {
		if w.tokEnt[cands[i].head] >= 0 && w.s.doc.Entities[w.tokEnt[cands[i].head]].Label == sitrep.LabelPER || w.metonymic(cands[i].head) {
			continue
		}
		if loc := w.placeAt(cands[i].head); loc.Resolved() {
			return w.refine(loc, cands, order)
		}
	}
	// Last, the places the model may not weigh (in a clause on a noun,
	// which a misparse makes of "killed when a bomb exploded in Quetta"):
	// the first toponym that is no actor.
	for _, c := range cands {
		if c.first <= t && t < c.end || actor(c.head) || w.metonymic(c.head) || w.tokTop[c.head] < 0 || w.notPlace(c) {
			continue
		}
		if loc := w.placeAt(c.head); loc.Resolved() {
			return loc
		}
	}
	return nil
}

// LocExample is one training sentence: a parsed, annotated document of one
// sentence, its event trigger and gold location span (zero for none).
type LocExample struct {
	Doc     *sitrep.Document
	Trigger sitrep.Span
	Gold    sitrep.Span
}

// TrainLocation trains a location ranker (averaged structured perceptron)
// for epochs passes over the examples.
func TrainLocation(examples []LocExample, epochs int) *LocModel {
	type inst struct {
		cands [][]string // index 0 is "none"
		gold  int
	}
	w := new(work)
	var insts []inst
	missed := 0
	for _, ex := range examples {
		doc := ex.Doc
		first, end := tokenRange(doc, ex.Trigger)
		if first >= end || len(doc.Sentences) == 0 {
			continue
		}
		si := sentenceOf(doc, first)
		if si < 0 {
			continue
		}
		w.index(doc)
		w.s.reset(doc, si)
		w.s.ent = w.tokEnt
		cs := w.placeCands(nil)
		in := inst{cands: [][]string{noneFeatures(len(cs), nil)}}
		rk, lrk := w.ranks(first, cs)
		for ci, c := range cs {
			if c.first <= first && first < c.end {
				continue
			}
			sp := sitrep.Span{Start: doc.Tokens[c.first].Start, End: doc.Tokens[c.end-1].End}
			if ex.Gold.End > 0 && sp.Overlaps(ex.Gold) && in.gold == 0 {
				in.gold = len(in.cands)
			}
			in.cands = append(in.cands, w.locFeatures(first, c, rk[ci], lrk[ci], nil))
		}
		if ex.Gold.End > 0 && in.gold == 0 {
			missed++
			continue // the gold place is no candidate: nothing to learn
		}
		insts = append(insts, in)
	}
	weights := map[string]float64{}
	total := map[string]float64{}
	stamp := map[string]int{}
	c := 0
	upd := func(fs []string, d float64) {
		for _, f := range fs {
			total[f] += float64(c-stamp[f]) * weights[f]
			stamp[f] = c
			weights[f] += d
		}
	}
	for ep := 0; ep < epochs; ep++ {
		for _, in := range insts {
			c++
			best, bestScore := 0, math.Inf(-1)
			for i, fs := range in.cands {
				sc := 0.0
				for _, f := range fs {
					sc += weights[f]
				}
				if sc > bestScore {
					best, bestScore = i, sc
				}
			}
			if best != in.gold {
				upd(in.cands[in.gold], 1)
				upd(in.cands[best], -1)
			}
		}
	}
	m := &LocModel{w: map[string]float32{}, Missed: missed, Trained: len(insts)}
	for f, x := range weights {
		avg := (total[f] + float64(c-stamp[f])*x) / float64(c)
		if math.Abs(avg) >= 1e-3 {
			m.w[f] = float32(avg)
		}
	}
	return m
}

func sentenceOf(doc *sitrep.Document, t int) int {
	for i, st := range doc.Sentences {
		if t >= st.FirstToken && t < st.EndToken {
			return i
		}
	}
	return -1
}

// Save writes the model as "feature<TAB>weight" lines.
func (m *LocModel) Save(w io.Writer) error {
	keys := make([]string, 0, len(m.w))
	for f := range m.w {
		keys = append(keys, f)
	}
	sort.Strings(keys)
	bw := bufio.NewWriter(w)
	for _, f := range keys {
		fmt.Fprintf(bw, "%s\t%.4f\n", f, m.w[f])
	}
	return bw.Flush()
}

// LoadLocModel reads a model written by Save.
func LoadLocModel(r io.Reader) (*LocModel, error) {
	m := &LocModel{w: map[string]float32{}}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		f, v, ok := strings.Cut(sc.Text(), "\t")
		x, err := strconv.ParseFloat(v, 32)
		if !ok || err != nil {
			return nil, fmt.Errorf("location model line %d: bad weight", n)
		}
		m.w[f] = float32(x)
	}
	if len(m.w) == 0 {
		return nil, fmt.Errorf("location model: empty")
	}
	return m, sc.Err()
}
