// Package tagger assigns Universal (UPOS) and Penn Treebank (XPOS) part-of-
// speech tags with an averaged perceptron over hashed features: the word, its
// affixes and shape, two words of context on each side and the tags already
// given to the left. Each class is a UPOS/XPOS pair, so the two tags always
// agree. Frequent words seen with a single tag are tagged from a dictionary
// without scoring.
package tagger

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/conllu"
	"github.com/sitrep-dev/sitrep/nlp/internal/lex"
	"github.com/sitrep-dev/sitrep/nlp/perceptron"
)

// Tag is one class: a UPOS tag and the XPOS tag it pairs with.
type Tag struct{ UPOS, XPOS string }

// Tagger is a trained tagger; safe for concurrent use.
type Tagger struct {
	Classes []Tag
	model   *perceptron.Model
	model2  *perceptron.Model // second pass, with right-context tags
	dict    map[uint64]uint8  // exact form hash → class, for unambiguous frequent words
	// amb maps a normalized word seen 3+ times to its ambiguity class, a
	// hash of the set of tags it had: a cheap look-ahead at the words to the
	// right, whose tags are not known yet.
	amb map[uint64]uint64
	// pair holds both passes' weights in one table, which is what tags:
	// a read tagger keeps no other (model and model2 are a trained one's,
	// for writing out).
	pair *perceptron.Pair
	// finite marks the classes of a finite verb, canVerb those RequireVerb
	// may retag, subject those that may precede them and aux the
	// auxiliaries; to, vb, vbd, vbn, vbp and nn are the classes of "to", of
	// a verb's base form, past tense, participle and present and of a noun,
	// period and march the hashes of "." and "march".
	finite, canVerb, subject, aux []bool
	to, vb, vbd, vbn, vbp, nn     int
	period, march                 uint64
}

// Sentence is the tagger's view of a sentence: hashed words, exact form
// hashes, and the tag classes it fills in.
type Sentence struct {
	Words  []lex.Word
	Exact  []uint64
	Tags   []int
	amb    []uint64
	first  []int // first-pass tags
	scores []float32
	wide   []float32 // both passes' scores
	pre    []float32 // each token's sums of its pair features in both passes
	cache  *Cache
	cached bool    // Reset found the words in cache
	ents   []int32 // their entries
}

// Reset prepares s for forms, reusing its storage.
func (s *Sentence) Reset(forms []string, buf []byte) []byte {
	s.Words, s.Exact, s.Tags = s.Words[:0], s.Exact[:0], s.Tags[:0]
	s.cached = s.cache != nil && len(forms) <= cacheWords
	if s.cached {
		s.resetCached(forms)
		return buf
	}
	for _, f := range forms {
		var w lex.Word
		w, buf = lex.Make(f, buf)
		s.Words = append(s.Words, w)
		s.Exact = append(s.Exact, ExactID(f))
		s.Tags = append(s.Tags, 0)
	}
	return buf
}

// ExactID is the hash of the exact form that Sentence.Exact holds.
func ExactID(form string) uint64 { return perceptron.Str(form) }

// Template numbers; their values are part of the model format.
const (
	tBias = iota + 1
	tW
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tPre1
	tPre2
	tPre3
	tShape
	tFlags
	tWm1
	tWp1
	tWm2
	tWp2
	tSuf3m1
	tSuf3p1
	tTm1
	tTm2
	tTm1Tm2
	tTm1W
	tWm1W
	tWWp1
	tShapem1
	tShapep1
	tFirst
	tTm1Wp1
	tSuf2Tm1
	tShapeWp1
	tTp1
	tTp2
	tTp1Tp2
	tTm1Tp1
	tTp1W
	tTp1Suf3
	tExact
	tWm1Wp1
	tSuf2p1
	tWm1Tm1
	tPre1Wm1
	tAmb
	tAmbp1
	tAmbp2
	tAmbm1
	tTm1Ambp1
	tAmbAmbp1
	tC4
	tC6
	tC8
	tC10
	tC12
	tCm1
	tCp1
	tCm1Fine
	tCp1Fine
	tCm2
	tCp2
	tCShape
	tCSuf3
	tTm1C
)

const none = 0x51ed

// feats appends the features of token i: those of its own word, of its
// neighbours' words, and those that read several words or the tags
// already given. Cache keeps the sums of the first two kinds per word.
func feats(s *Sentence, i int, out []uint64) []uint64 {
	out = ownFeats(&s.Words[i], s.Exact[i], s.amb[i+2], out)
	for r := roleM1; r < nRoles; r++ {
		out = roleFeats(r, s.neighbour(r, i), out)
	}
	return pairFeats(s, i, out)
}

// Roles of a word in the features of the token being tagged: the token
// itself and its neighbours.
const (
	roleOwn = iota
	roleM1  // one word to the left
	roleP1  // one word to the right
	roleM2  // two words to the left
	roleP2  // two words to the right
	nRoles
)

// offsets of the neighbour in each role.
var roleOffset = [nRoles]int{0, -1, 1, -2, 2}

// nb holds what the features of a neighbour read of its word.
type nb struct{ norm, suf3, suf2, shape, cls6, cls12, amb uint64 }

// edges are the neighbours past either end of a sentence.
var edges = [nRoles]nb{
	roleM1: {norm: none, suf3: none, shape: none, cls6: none, cls12: none, amb: 1},
	roleP1: {norm: none + 2, suf3: none, suf2: none, shape: none, cls6: none + 1, cls12: none + 1, amb: 2},
	roleM2: {norm: none + 1, cls6: none},
	roleP2: {norm: none + 3, cls6: none + 1, amb: 2},
}

func wordNb(w *lex.Word, amb uint64) nb {
	return nb{w.Norm, w.Suf[2], w.Suf[1], w.Shape, w.Class[1], w.Class[4], amb}
}

// neighbour returns the neighbour of token i in role r.
func (s *Sentence) neighbour(r, i int) nb {
	j := i + roleOffset[r]
	if j < 0 || j >= len(s.Words) {
		return edges[r]
	}
	return wordNb(&s.Words[j], s.amb[j+2])
}

// ownFeats appends the features that read only the token's own word.
func ownFeats(w *lex.Word, exact, amb uint64, out []uint64) []uint64 {
	h := perceptron.Hash
	return append(out,
		h(tBias, 0, 0, 0),
		h(tW, w.Norm, 0, 0),
		h(tSuf1, w.Suf[0], 0, 0),
		h(tSuf2, w.Suf[1], 0, 0),
		h(tSuf3, w.Suf[2], 0, 0),
		h(tSuf4, w.Suf[3], 0, 0),
		h(tPre1, w.Pre[0], 0, 0),
		h(tPre2, w.Pre[1], 0, 0),
		h(tPre3, w.Pre[2], 0, 0),
		h(tShape, w.Shape, 0, 0),
		h(tFlags, w.Flags, w.Length, 0),
		h(tExact, exact, 0, 0),
		h(tAmb, amb, 0, 0),
		h(tC4, w.Class[0], 0, 0),
		h(tC6, w.Class[1], 0, 0),
		h(tC8, w.Class[2], 0, 0),
		h(tC10, w.Class[3], 0, 0),
		h(tC12, w.Class[4], 0, 0),
		h(tCShape, w.Class[4], w.Shape, 0),
		h(tCSuf3, w.Class[2], w.Suf[2], 0),
	)
}

// roleFeats appends the features that read only the neighbour n in role r.
func roleFeats(r int, n nb, out []uint64) []uint64 {
	h := perceptron.Hash
	switch r {
	case roleM1:
		return append(out, h(tWm1, n.norm, 0, 0), h(tSuf3m1, n.suf3, 0, 0), h(tCm1, n.cls6, 0, 0),
			h(tCm1Fine, n.cls12, 0, 0), h(tAmbm1, n.amb, 0, 0))
	case roleP1:
		return append(out, h(tWp1, n.norm, 0, 0), h(tSuf3p1, n.suf3, 0, 0), h(tSuf2p1, n.suf2, 0, 0),
			h(tCp1, n.cls6, 0, 0), h(tCp1Fine, n.cls12, 0, 0), h(tAmbp1, n.amb, 0, 0))
	case roleM2:
		return append(out, h(tWm2, n.norm, 0, 0), h(tCm2, n.cls6, 0, 0))
	case roleP2:
		return append(out, h(tWp2, n.norm, 0, 0), h(tCp2, n.cls6, 0, 0), h(tAmbp2, n.amb, 0, 0))
	}
	return out
}

// pairFeats appends the features that read the token's word with a
// neighbour's, its position or the tags to its left.
func pairFeats(s *Sentence, i int, out []uint64) []uint64 {
	h := perceptron.Hash
	w := &s.Words[i]
	m1, p1 := s.neighbour(roleM1, i), s.neighbour(roleP1, i)
	tm1, tm2 := uint64(1000), uint64(1001)
	if i > 0 {
		tm1 = uint64(s.Tags[i-1])
	}
	if i > 1 {
		tm2 = uint64(s.Tags[i-2])
	}
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	return append(out,
		h(tTm1, tm1, 0, 0),
		h(tTm2, tm2, 0, 0),
		h(tTm1Tm2, tm1, tm2, 0),
		h(tTm1W, tm1, w.Norm, 0),
		h(tWm1W, m1.norm, w.Norm, 0),
		h(tWWp1, w.Norm, p1.norm, 0),
		h(tShapem1, m1.shape, w.Shape, 0),
		h(tShapep1, w.Shape, p1.shape, 0),
		h(tFirst, first, w.Flags, 0),
		h(tTm1Wp1, tm1, p1.norm, 0),
		h(tSuf2Tm1, w.Suf[1], tm1, 0),
		h(tShapeWp1, w.Shape, p1.norm, 0),
		h(tWm1Wp1, m1.norm, p1.norm, 0),
		h(tWm1Tm1, m1.norm, tm1, 0),
		h(tPre1Wm1, w.Pre[0], m1.norm, w.Flags),
		h(tTm1Ambp1, tm1, p1.amb, 0),
		h(tAmbAmbp1, s.amb[i+2], p1.amb, 0),
		h(tTm1C, tm1, w.Class[2], 0),
	)
}

// prepare looks up the ambiguity classes of s's words, padded with two
// boundary values on each side.
func (t *Tagger) prepare(s *Sentence) {
	s.amb = append(s.amb[:0], 1, 1)
	for i := range s.Words {
		s.amb = append(s.amb, t.amb[s.Words[i].Norm])
	}
	s.amb = append(s.amb, 2, 2)
}

// Tag fills s.Tags: a left-to-right pass, then a second pass that also
// sees the first pass's tags to the right.
func (t *Tagger) Tag(s *Sentence) {
	if s.cached && s.cache.t == t {
		t.tagCached(s)
		return
	}
	t.prepare(s)
	s.grow(len(t.Classes), len(s.Words))
	t.passPair(s, 0, nil)
	s.first = append(s.first[:0], s.Tags...)
	t.passPair(s, 1, s.first)
}

// grow sizes s's score buffers for nc classes and n tokens' pair sums.
func (s *Sentence) grow(nc, n int) {
	if len(s.scores) != nc {
		s.scores = make([]float32, nc)
	}
	if len(s.wide) != 2*nc {
		s.wide = make([]float32, 2*nc)
	}
	s.pre = slices.Grow(s.pre[:0], 2*nc*n)[:2*nc*n]
}

// passPair is pass p with t.pair's weights. The first pass's lookups give
// each token's second-pass sums too (s.pre): as in passCached, the second
// pass adds to them only its features of the tags to the right, where the
// two tags to the left are the first pass's.
func (t *Tagger) passPair(s *Sentence, p int, right []int) {
	nc := len(t.Classes)
	var fbuf [64]uint64
	for i := range s.Words {
		if c, ok := t.dict[s.Exact[i]]; ok {
			s.Tags[i] = int(c)
			continue
		}
		pre := s.pre[2*nc*i : 2*nc*(i+1)]
		f := fbuf[:0]
		if p == 0 || !sameLeft(s.Tags, right, i) {
			clear(pre)
			f = feats(s, i, f)
		}
		if p == 1 {
			f = rightFeats(s, right, i, f)
		}
		t.pair.Score(f, pre)
		s.Tags[i] = argmax(pre[p*nc : (p+1)*nc])
	}
}

func (t *Tagger) pass(s *Sentence, m *perceptron.Model, right []int) {
	var fbuf [64]uint64
	for i := range s.Words {
		if c, ok := t.dict[s.Exact[i]]; ok {
			s.Tags[i] = int(c)
			continue
		}
		f := feats(s, i, fbuf[:0])
		if right != nil {
			f = rightFeats(s, right, i, f)
		}
		clear(s.scores)
		m.Score(f, s.scores)
		s.Tags[i] = argmax(s.scores)
	}
}

// rightFeats adds features on the first pass's tags to the right of i.
func rightFeats(s *Sentence, right []int, i int, out []uint64) []uint64 {
	h := perceptron.Hash
	tp1, tp2, tm1 := uint64(1002), uint64(1003), uint64(1000)
	if i+1 < len(right) {
		tp1 = uint64(right[i+1])
	}
	if i+2 < len(right) {
		tp2 = uint64(right[i+2])
	}
	if i > 0 {
		tm1 = uint64(s.Tags[i-1])
	}
	return append(out,
		h(tTp1, tp1, 0, 0),
		h(tTp2, tp2, 0, 0),
		h(tTp1Tp2, tp1, tp2, 0),
		h(tTm1Tp1, tm1, tp1, 0),
		h(tTp1W, tp1, s.Words[i].Norm, 0),
		h(tTp1Suf3, tp1, s.Words[i].Suf[2], 0),
	)
}

func argmax(scores []float32) int {
	best := 0
	for c, v := range scores {
		if v > scores[best] {
			best = c
		}
	}
	return best
}

// Folds is the number of parts the training data is cut into for
// jackknifing: the second pass learns from first-pass tags of taggers that
// did not see the sentence, as at run time.
const Folds = 4

// Train learns a tagger from gold sentences. It also returns, for every
// sentence, the tags of taggers trained without it, which is what a parser
// should learn from.
//
// Averaged weights smaller than prune in magnitude are dropped from the
// final models.
func Train(sents [][]conllu.Word, epochs int, prune float64, logf func(format string, args ...any)) (t *Tagger, jack [][]int) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	t = &Tagger{}
	classOf := map[Tag]int{}
	for _, s := range sents {
		for _, w := range s {
			tg := Tag{w.UPOS, w.XPOS}
			if _, ok := classOf[tg]; !ok {
				classOf[tg] = len(t.Classes)
				t.Classes = append(t.Classes, tg)
			}
		}
	}
	tr := &training{sents: make([]Sentence, len(sents)), gold: make([][]int, len(sents)), epochs: epochs}
	var buf []byte
	for i, s := range sents {
		forms := make([]string, len(s))
		tr.gold[i] = make([]int, len(s))
		for k, w := range s {
			forms[k] = w.Form
			tr.gold[i][k] = classOf[Tag{w.UPOS, w.XPOS}]
		}
		buf = tr.sents[i].Reset(forms, buf)
	}
	fold := func(k int, in bool) []int {
		var idx []int
		for i := range sents {
			if (i%Folds == k) == in {
				idx = append(idx, i)
			}
		}
		return idx
	}
	// Each fold's tagger learns its dictionary and ambiguity classes, as well
	// as its weights, without the sentences it tags, so that the jackknifed
	// tags are as wrong as tags of new text. The fold models only tag
	// held-out sentences, so they keep every weight.
	folds := make([]*Tagger, Folds)
	for k := range folds {
		folds[k] = tr.lexicon(t.Classes, fold(k, false))
	}
	// First-pass tags of each sentence from a model that did not see it.
	first := make([][]int, len(sents))
	m1 := make([]*perceptron.Model, Folds)
	for k := range Folds {
		tr.use(folds[k])
		m1[k] = tr.train(fold(k, false), nil)
		for _, i := range fold(k, true) {
			first[i] = tr.tag(i, m1[k], nil)
		}
		logf("tagger: first pass, fold %d of %d", k+1, Folds)
	}
	// Full two-pass tags of each sentence from models that did not see it.
	jack = make([][]int, len(sents))
	for k := range Folds {
		tr.use(folds[k])
		m2 := tr.train(fold(k, false), first)
		for _, i := range fold(k, true) {
			jack[i] = tr.tag(i, m1[k], m2)
		}
		logf("tagger: second pass, fold %d of %d", k+1, Folds)
	}
	all := fold(-1, false)
	full := tr.lexicon(t.Classes, all)
	t.dict, t.amb = full.dict, full.amb
	tr.use(t)
	tr.prune = prune
	t.model = tr.train(all, nil)
	t.model2 = tr.train(all, first)
	t.pair = pairOf(t.model, t.model2)
	t.verbClasses()
	n, right := 0, 0
	for i := range sents {
		for k, c := range jack[i] {
			n++
			if c == tr.gold[i][k] {
				right++
			}
		}
	}
	logf("tagger: jackknifed accuracy on the training data %.2f%%", 100*float64(right)/float64(max(n, 1)))
	return t, jack
}

type training struct {
	t      *Tagger
	sents  []Sentence
	gold   [][]int
	epochs int
	prune  float64
}

// lexicon returns a tagger holding only the dictionary and ambiguity classes
// learned from the sentences idx.
func (tr *training) lexicon(classes []Tag, idx []int) *Tagger {
	t := &Tagger{Classes: classes, dict: map[uint64]uint8{}}
	counts := map[uint64][]int{}
	for _, i := range idx {
		s := &tr.sents[i]
		for k := range s.Words {
			c := counts[s.Exact[k]]
			if c == nil {
				c = make([]int, len(classes))
				counts[s.Exact[k]] = c
			}
			c[tr.gold[i][k]]++
		}
	}
	// The dictionary takes words seen 10+ times with one tag 99% of the time.
	for form, cs := range counts {
		n, best, bc := 0, 0, 0
		for c, k := range cs {
			n += k
			if k > best {
				best, bc = k, c
			}
		}
		if n >= 10 && float64(best) >= 0.99*float64(n) {
			t.dict[form] = uint8(bc)
		}
	}
	t.amb = tr.ambiguity(idx)
	return t
}

// use makes t the tagger whose dictionary and ambiguity classes training
// sees.
func (tr *training) use(t *Tagger) {
	tr.t = t
	for i := range tr.sents {
		t.prepare(&tr.sents[i])
	}
}

// tag tags sentence i with m1 (and m2 when not nil) and returns the tags.
func (tr *training) tag(i int, m1, m2 *perceptron.Model) []int {
	s := &tr.sents[i]
	if len(s.scores) != len(tr.t.Classes) {
		s.scores = make([]float32, len(tr.t.Classes))
	}
	tr.t.pass(s, m1, nil)
	if m2 != nil {
		s.first = append(s.first[:0], s.Tags...)
		tr.t.pass(s, m2, s.first)
	}
	return append([]int(nil), s.Tags...)
}

// train learns one pass's model on the sentences idx; with right, the
// second pass's, seeing right[i] as the first pass's tags of sentence i.
func (tr *training) train(idx []int, right [][]int) *perceptron.Model {
	t := tr.t
	p := perceptron.NewTrainer(len(t.Classes))
	order := append([]int(nil), idx...)
	rng := rand.New(rand.NewPCG(1, 2))
	scores := make([]float32, len(t.Classes))
	var fbuf []uint64
	for range tr.epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, si := range order {
			s := &tr.sents[si]
			for i := range s.Words {
				g := tr.gold[si][i]
				if c, ok := t.dict[s.Exact[i]]; ok {
					s.Tags[i] = int(c)
					continue
				}
				fbuf = feats(s, i, fbuf[:0])
				if right != nil {
					fbuf = rightFeats(s, right[si], i, fbuf)
				}
				clear(scores)
				p.Score(fbuf, scores)
				guess := argmax(scores)
				p.Tick()
				p.Update(fbuf, g, guess)
				// The history holds the guesses, as at run time.
				s.Tags[i] = guess
			}
		}
	}
	return p.Model(tr.prune)
}

// pairOf returns models m1 and m2 in one table.
func pairOf(m1, m2 *perceptron.Model) *perceptron.Pair {
	var buf bytes.Buffer
	for _, m := range []*perceptron.Model{m1, m2} {
		m.WriteTo(&buf) // a trained model into memory: no error
	}
	p, err := perceptron.ReadPair(bufio.NewReader(&buf))
	if err != nil {
		panic(err) // what WriteTo wrote ReadPair reads
	}
	return p
}

// Size reports the models' features and weights.
func (t *Tagger) Size() (features, weights int) {
	return t.model.Features() + t.model2.Features(), t.model.Entries() + t.model2.Entries()
}

// ambiguity returns the ambiguity classes of the words seen 3+ times in the
// sentences idx.
func (tr *training) ambiguity(idx []int) map[uint64]uint64 {
	sets := map[uint64][4]uint64{}
	n := map[uint64]int{}
	for _, i := range idx {
		s := &tr.sents[i]
		for k := range s.Words {
			norm, c := s.Words[k].Norm, tr.gold[i][k]
			set := sets[norm]
			set[c/64] |= 1 << (c % 64)
			sets[norm] = set
			n[norm]++
		}
	}
	amb := map[uint64]uint64{}
	for k, set := range sets {
		if n[k] >= 3 {
			amb[k] = perceptron.Hash(99, set[0], set[1], set[2]^set[3]<<1)
		}
	}
	return amb
}

const magic = "sitrep-tagger-4\n"

// Write writes a trained tagger (package modelfile compresses the file); one
// read from a file keeps no models to write.
func (t *Tagger) Write(w io.Writer) error {
	if t.model == nil {
		return errors.New("tagger: a tagger read from a file cannot be written out")
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(magic)
	fmt.Fprintf(bw, "%d\n", len(t.Classes))
	for _, c := range t.Classes {
		fmt.Fprintf(bw, "%s %s\n", c.UPOS, c.XPOS)
	}
	// Keys are written in order so that the same training gives the same file.
	fmt.Fprintf(bw, "%d\n", len(t.dict))
	var b [9]byte
	for _, k := range slices.Sorted(maps.Keys(t.dict)) {
		binary.LittleEndian.PutUint64(b[:], k)
		b[8] = t.dict[k]
		bw.Write(b[:])
	}
	fmt.Fprintf(bw, "%d\n", len(t.amb))
	var b16 [16]byte
	for _, k := range slices.Sorted(maps.Keys(t.amb)) {
		binary.LittleEndian.PutUint64(b16[:], k)
		binary.LittleEndian.PutUint64(b16[8:], t.amb[k])
		bw.Write(b16[:])
	}
	for _, m := range []*perceptron.Model{t.model, t.model2} {
		if _, err := m.WriteTo(bw); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Read reads a tagger written by Write.
func Read(r io.Reader) (*Tagger, error) {
	br := bufio.NewReader(r)
	line := func() string { s, _ := br.ReadString('\n'); return strings.TrimSuffix(s, "\n") }
	if line()+"\n" != magic {
		return nil, errors.New("tagger model: bad header")
	}
	t := &Tagger{}
	var n int
	if _, err := fmt.Sscan(line(), &n); err != nil || n > 256 {
		return nil, errors.New("tagger model: bad class count")
	}
	for range n {
		u, x, _ := strings.Cut(line(), " ")
		t.Classes = append(t.Classes, Tag{u, x})
	}
	if _, err := fmt.Sscan(line(), &n); err != nil {
		return nil, errors.New("tagger model: bad dictionary size")
	}
	t.dict = make(map[uint64]uint8, n)
	var b [9]byte
	for range n {
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, fmt.Errorf("tagger model: %w", err)
		}
		t.dict[binary.LittleEndian.Uint64(b[:])] = b[8]
	}
	if _, err := fmt.Sscan(line(), &n); err != nil {
		return nil, errors.New("tagger model: bad ambiguity table size")
	}
	t.amb = make(map[uint64]uint64, n)
	var b16 [16]byte
	for range n {
		if _, err := io.ReadFull(br, b16[:]); err != nil {
			return nil, fmt.Errorf("tagger model: %w", err)
		}
		t.amb[binary.LittleEndian.Uint64(b16[:])] = binary.LittleEndian.Uint64(b16[8:])
	}
	var err error
	if t.pair, err = perceptron.ReadPair(br); err != nil {
		return nil, fmt.Errorf("tagger model: %w", err)
	}
	if t.pair.NClasses != len(t.Classes) {
		return nil, errors.New("tagger model: class count mismatch")
	}
	t.addPlurals()
	t.verbClasses()
	return t, nil
}

// menForms are the plurals in -men of WordNet's nouns for people, written by
// ./internal/men: the treebanks hold few of them, and the tagger took
// "Gunmen shot dead a policeman" for an adjective and a noun.
//
//go:embed men.txt
var menForms string

// addPlurals enters menForms, as written and capitalized, in the dictionary
// of words whose tag is fixed, as plural nouns, where training did not.
func (t *Tagger) addPlurals() {
	nns := slices.Index(t.Classes, Tag{"NOUN", "NNS"})
	if nns < 0 {
		return
	}
	for _, w := range strings.Fields(menForms) {
		for _, f := range [2]string{w, strings.ToUpper(w[:1]) + w[1:]} {
			id := ExactID(f)
			if _, ok := t.dict[id]; !ok {
				t.dict[id] = uint8(nns)
			}
		}
	}
}
