// Package tagger assigns Universal (UPOS) and Penn Treebank (XPOS) part-of-
// speech tags with an averaged perceptron over hashed features: the word, its
// affixes and shape, two words of context on each side and the tags already
// given to the left. Each class is a UPOS/XPOS pair, so the two tags always
// agree. Frequent words seen with a single tag are tagged from a dictionary
// without scoring.
package tagger

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/nlp/internal/lex"
	"github.com/sitrep-dev/sitrep/nlp/perceptron"
)

// Tag is one class: a UPOS tag and the XPOS tag it pairs with.
type Tag struct{ UPOS, XPOS string }

// Tagger is a trained tagger; safe for concurrent use.
type Tagger struct {
	Classes []Tag
	model   *perceptron.Model
	dict    map[uint64]uint8 // exact form hash → class, for unambiguous frequent words
}

// Sentence is the tagger's view of a sentence: hashed words, exact form
// hashes, and the tag classes it fills in.
type Sentence struct {
	Words []lex.Word
	Exact []uint64
	Tags  []int
}

// Reset prepares s for forms, reusing its storage.
func (s *Sentence) Reset(forms []string, buf []byte) []byte {
	s.Words, s.Exact, s.Tags = s.Words[:0], s.Exact[:0], s.Tags[:0]
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
)

const none = 0x51ed

func feats(s *Sentence, i int, out []uint64) []uint64 {
	h := perceptron.Hash
	w := &s.Words[i]
	wm1, wm2, wp1, wp2 := uint64(none), uint64(none+1), uint64(none+2), uint64(none+3)
	sm1, sp1, shm1, shp1 := uint64(none), uint64(none), uint64(none), uint64(none)
	tm1, tm2 := uint64(1000), uint64(1001)
	if i > 0 {
		wm1, sm1, shm1, tm1 = s.Words[i-1].Norm, s.Words[i-1].Suf[2], s.Words[i-1].Shape, uint64(s.Tags[i-1])
	}
	if i > 1 {
		wm2, tm2 = s.Words[i-2].Norm, uint64(s.Tags[i-2])
	}
	if i+1 < len(s.Words) {
		wp1, sp1, shp1 = s.Words[i+1].Norm, s.Words[i+1].Suf[2], s.Words[i+1].Shape
	}
	if i+2 < len(s.Words) {
		wp2 = s.Words[i+2].Norm
	}
	first := uint64(0)
	if i == 0 {
		first = 1
	}
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
		h(tWm1, wm1, 0, 0),
		h(tWp1, wp1, 0, 0),
		h(tWm2, wm2, 0, 0),
		h(tWp2, wp2, 0, 0),
		h(tSuf3m1, sm1, 0, 0),
		h(tSuf3p1, sp1, 0, 0),
		h(tTm1, tm1, 0, 0),
		h(tTm2, tm2, 0, 0),
		h(tTm1Tm2, tm1, tm2, 0),
		h(tTm1W, tm1, w.Norm, 0),
		h(tWm1W, wm1, w.Norm, 0),
		h(tWWp1, w.Norm, wp1, 0),
		h(tShapem1, shm1, w.Shape, 0),
		h(tShapep1, w.Shape, shp1, 0),
		h(tFirst, first, w.Flags, 0),
		h(tTm1Wp1, tm1, wp1, 0),
		h(tSuf2Tm1, w.Suf[1], tm1, 0),
		h(tShapeWp1, w.Shape, wp1, 0),
	)
}

// Tag fills s.Tags.
func (t *Tagger) Tag(s *Sentence) {
	var fbuf [64]uint64
	scores := make([]float32, len(t.Classes))
	for i := range s.Words {
		if c, ok := t.dict[s.Exact[i]]; ok {
			s.Tags[i] = int(c)
			continue
		}
		f := feats(s, i, fbuf[:0])
		clear(scores)
		t.model.Score(f, scores)
		s.Tags[i] = argmax(scores)
	}
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

// Train learns a tagger from gold sentences.
func Train(sents [][]contract.ConlluWord, epochs int, logf func(format string, args ...any)) *Tagger {
	t := &Tagger{}
	classOf := map[Tag]int{}
	counts := map[string]map[int]int{}
	for _, s := range sents {
		for _, w := range s {
			tg := Tag{w.UPOS, w.XPOS}
			c, ok := classOf[tg]
			if !ok {
				c = len(t.Classes)
				classOf[tg] = c
				t.Classes = append(t.Classes, tg)
			}
			if counts[w.Form] == nil {
				counts[w.Form] = map[int]int{}
			}
			counts[w.Form][c]++
		}
	}
	// The dictionary takes words seen 20+ times with one tag 99.5% of the time.
	t.dict = map[uint64]uint8{}
	for form, cs := range counts {
		n, best, bc := 0, 0, 0
		for c, k := range cs {
			n += k
			if k > best {
				best, bc = k, c
			}
		}
		if n >= 20 && float64(best) >= 0.995*float64(n) {
			t.dict[perceptron.Str(form)] = uint8(bc)
		}
	}
	tr := perceptron.NewTrainer(len(t.Classes))
	var s Sentence
	var buf []byte
	var fbuf []uint64
	scores := make([]float32, len(t.Classes))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	forms := []string{}
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, total := 0, 0
		for _, si := range order {
			gold := sents[si]
			forms = forms[:0]
			for _, w := range gold {
				forms = append(forms, w.Form)
			}
			buf = s.Reset(forms, buf)
			for i, w := range gold {
				g := classOf[Tag{w.UPOS, w.XPOS}]
				if c, ok := t.dict[s.Exact[i]]; ok {
					s.Tags[i] = int(c)
					continue
				}
				fbuf = feats(&s, i, fbuf[:0])
				clear(scores)
				tr.Score(fbuf, scores)
				p := argmax(scores)
				tr.Tick()
				tr.Update(fbuf, g, p)
				if p == g {
					right++
				}
				total++
				// The history holds the guesses, as at run time.
				s.Tags[i] = p
			}
		}
		if logf != nil {
			logf("tagger epoch %d: %.2f%% of scored tokens right", ep+1, 100*float64(right)/float64(max(total, 1)))
		}
	}
	t.model = tr.Model(0)
	return t
}

const magic = "sitrep-tagger-1\n"

// Write writes the tagger, gzip-compressed.
func (t *Tagger) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	fmt.Fprintf(bw, "%d\n", len(t.Classes))
	for _, c := range t.Classes {
		fmt.Fprintf(bw, "%s %s\n", c.UPOS, c.XPOS)
	}
	fmt.Fprintf(bw, "%d\n", len(t.dict))
	var b [9]byte
	for k, c := range t.dict {
		binary.LittleEndian.PutUint64(b[:], k)
		b[8] = c
		bw.Write(b[:])
	}
	if _, err := t.model.WriteTo(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read reads a tagger written by Write.
func Read(r io.Reader) (*Tagger, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("tagger model: %w", err)
	}
	br := bufio.NewReader(zr)
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
	if t.model, err = perceptron.Read(br); err != nil {
		return nil, fmt.Errorf("tagger model: %w", err)
	}
	if t.model.NClasses != len(t.Classes) {
		return nil, errors.New("tagger model: class count mismatch")
	}
	return t, nil
}
