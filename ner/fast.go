package ner

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/sitrep-dev/sitrep/internal/hugepage"
	"github.com/sitrep-dev/sitrep/nlp/wordclass"
)

// table holds a stage's weights as the model file has them, for tagging:
// open addressing with each feature's key beside its row (one cache line
// where weights kept apart from keys took two), and int16 weights in the
// file's units, so that scores are integers and sum exactly in any order.
type table struct {
	recs []rec
	mask uint64
}

type rec struct {
	key uint64
	w   [nLabels]int16
}

// find returns the row of key, nil when the model lacks the feature.
func (t *table) find(key uint64) *[nLabels]int16 {
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		switch r := &t.recs[i]; r.key {
		case key:
			return &r.w
		case 0:
			return nil
		}
	}
}

// touch loads the home record of each of keys and reports whether any is
// occupied: false means that the table has none of them. Nothing it does
// branches on what it loads, so the cache misses start together and find
// then finds them in the cache.
func (t *table) touch(keys []uint64) bool {
	recs, mask := t.recs, t.mask
	var u uint64
	for _, k := range keys {
		u |= recs[k&mask].key
	}
	return u != 0
}

// recSize is the size of a rec, which prefetchRecs multiplies indices by; a
// rec of another size fails to compile.
const recSize = 40

var _ [recSize - unsafe.Sizeof(rec{})]byte
var _ [unsafe.Sizeof(rec{}) - recSize]byte

// prefetch starts loading the home records of keys and returns at once,
// so that their cache misses are outstanding while the caller works on
// something else; touch's loads would hold that work up.
func (t *table) prefetch(keys []uint64) {
	if len(t.recs) > 0 {
		prefetchRecs(&t.recs[0], t.mask, keys)
	}
}

// addRow adds the row of key to sc.
func (t *table) addRow(sc *[nLabels]int32, key uint64) {
	if r := t.find(key); r != nil {
		for l, v := range r {
			sc[l] += int32(v)
		}
	}
}

// readTable reads one stage written by weights.write.
func readTable(br *bufio.Reader) (*table, error) {
	n, _, err := readHeader(br)
	if err != nil {
		return nil, err
	}
	size := uint64(1)
	for size < uint64(n)*2 {
		size <<= 1
	}
	t := &table{recs: hugepage.Make[rec](int(size)), mask: size - 1}
	buf := make([]byte, 8+2*nLabels)
	for range n {
		if _, err := io.ReadFull(br, buf); err != nil {
			return nil, fmt.Errorf("ner model: truncated: %w", err)
		}
		key := binary.LittleEndian.Uint64(buf)
		i := key & t.mask
		for t.recs[i].key != 0 && t.recs[i].key != key {
			i = (i + 1) & t.mask
		}
		r := &t.recs[i]
		r.key = key
		for l := range nLabels {
			r.w[l] = int16(binary.LittleEndian.Uint16(buf[8+2*l:]))
		}
	}
	return t, nil
}

// Neighbour roles of a word in the features of a token.
const (
	nbM1 = iota // one word to the left
	nbP1        // one to the right
	nbM2
	nbP2
	nNb
)

var nbOffset = [nNb]int{-1, 1, -2, 2}

// wordCache remembers, for the words one goroutine has tagged, what the
// features read of them and the sums of the weights of the features that
// read only the word (the word's own, as each neighbour, and with each
// previous label), so that a known word costs only the features that read
// its context (6 table lookups a token on news). News reuses its words: 87%
// of the tokens of the 295 Wikinews articles are found in the cache. It is
// cleared when full, between sentences.
type wordCache struct {
	t     *table
	slots []int32 // open addressing on the form's hash: entry + 1, 0 empty
	ents  []wentry
	arena []byte
	edge  [nNb][nLabels]int32     // a neighbour past the end of the sentence
	prev  [nLabels][nLabels]int32 // the previous label alone
	feats []uint64
}

const cacheWords = 1 << 13

type wentry struct {
	hash               uint64
	form, lower, shape [2]uint32 // [start, end) in arena
	wc                 wordclass.Class
	cluster            uint32
	ntype, caps        uint8
	upper, letter      bool // of the first rune
	own                [nLabels]int32
	nb                 [nNb][nLabels]int32
	hist               [nLabels][nLabels]int32 // by previous label
}

func newWordCache(t *table) *wordCache {
	// Room for a full cache at once: grown by append, the entries were
	// copied over and over as the cache first filled.
	c := &wordCache{t: t, slots: make([]int32, 2*cacheWords), ents: make([]wentry, 0, cacheWords), arena: make([]byte, 0, 24*cacheWords)}
	var none *wordView
	for r := range nNb {
		c.edge[r] = c.sum(none.nbFeats(r, c.feats[:0]))
	}
	for p := range nLabels {
		c.prev[p] = c.sum([]uint64{fin(hbyte(hstart(fPrev), byte(p)))})
	}
	return c
}

func (c *wordCache) sum(feats []uint64) (sc [nLabels]int32) {
	for _, k := range feats {
		c.t.addRow(&sc, k)
	}
	return sc
}

func (c *wordCache) str(r [2]uint32) string { return view(c.arena[r[0]:r[1]]) }

// lookup returns the entry of form, making it when missing.
func (c *wordCache) lookup(form string, lex Lexicon, nt nameTypes) int32 {
	h := hstr(fnvOffset, form)
	mask := uint64(len(c.slots) - 1)
	j := h & mask
	for ; c.slots[j] != 0; j = (j + 1) & mask {
		e := &c.ents[c.slots[j]-1]
		if e.hash == h && c.str(e.form) == form {
			return c.slots[j] - 1
		}
	}
	e := wentry{hash: h}
	at := func() uint32 { return uint32(len(c.arena)) }
	e.form[0] = at()
	c.arena = append(c.arena, form...)
	e.form[1], e.lower[0] = at(), at()
	c.arena = appendLower(c.arena, form)
	e.lower[1], e.shape[0] = at(), at()
	c.arena = appendShape(c.arena, form)
	e.shape[1] = at()
	lower, shape := c.arena[e.lower[0]:e.lower[1]], c.str(e.shape)
	e.wc, _ = wordclass.Lookup(lower)
	in := lex[string(lower)]
	e.cluster, e.caps, e.ntype = in.Cluster, in.Caps, nameType(nt, lower)
	r, _ := utf8.DecodeRuneInString(form)
	e.letter, e.upper = unicode.IsLetter(r), unicode.IsUpper(r)
	w := wordView{raw: form, lower: view(lower), shape: shape, wc: e.wc, cluster: e.cluster, ntype: e.ntype, caps: e.caps}
	// Every feature of the word first, touched together: one sum's
	// lookups are too few for their cache misses to overlap.
	f := w.ownFeats(c.feats[:0])
	var ends [1 + nNb + nLabels]int // of own, each role's, each history's
	ends[0] = len(f)
	for r := range nNb {
		f = w.nbFeats(r, f)
		ends[1+r] = len(f)
	}
	for p := range nLabels {
		f = w.histFeats(p, f)
		ends[1+nNb+p] = len(f)
	}
	c.feats = f
	if c.t.touch(f) {
		e.own = c.sum(f[:ends[0]])
		for r := range nNb {
			e.nb[r] = c.sum(f[ends[r]:ends[1+r]])
		}
		for p := range nLabels {
			e.hist[p] = c.sum(f[ends[nNb+p]:ends[nNb+1+p]])
		}
	}
	c.ents = append(c.ents, e)
	c.slots[j] = int32(len(c.ents))
	return int32(len(c.ents) - 1)
}

// wordView is what the features read of one word.
type wordView struct {
	raw, lower, shape string
	wc                wordclass.Class
	cluster           uint32
	ntype, caps       uint8
}

// ownFeats appends the features of static that read only the token's word.
func (w *wordView) ownFeats(f []uint64) []uint64 {
	f = append(f,
		fin(hstart(fBias)),
		fin(hstr(hstart(fW0), w.lower)),
		fin(hstr(hstart(fRaw), w.raw)),
		fin(hstr(hstart(fShape), w.shape)),
	)
	for k := 1; k <= 4 && k <= len(w.lower); k++ {
		f = append(f, fin(hstr(hbyte(hstart(fPre), byte(k)), w.lower[:k])), fin(hstr(hbyte(hstart(fSuf), byte(k)), w.lower[len(w.lower)-k:])))
	}
	f = append(f,
		fin(hbyte(hstart(fCaps), w.caps)),
		fin(hstr(hbyte(hstart(fCapsShape), w.caps), w.shape)),
	)
	if w.cluster != 0 {
		f = appendCluster(f, fCluster, w.cluster)
	}
	if w.wc != 0 {
		f = appendWC(f, fWC, w.wc, 4, 6, 8, 10, 12)
		f = append(f, fin(hstr(hint(hstart(fWCShape), int(w.wc.Prefix(8))), w.shape)))
	} else {
		f = append(f, fin(hstr(hstart(fWCNone), w.shape)))
	}
	return append(f,
		fin(hbyte(hstart(fNT), w.ntype)),
		fin(hstr(hbyte(hstart(fNTShape), w.ntype), w.shape)),
	)
}

// nbFeats appends the features of static that read only the word in
// neighbour role r; w nil is a neighbour past the end of the sentence.
func (w *wordView) nbFeats(r int, f []uint64) []uint64 {
	if w == nil {
		switch r {
		case nbM1:
			return append(f, fin(hstr(hstart(fWm1), boundary)), fin(hstr(hstart(fRawM1), boundary)), fin(hstr(hstart(fShapeM1), boundary)))
		case nbP1:
			return append(f, fin(hstr(hstart(fWp1), boundary)), fin(hstr(hstart(fRawP1), boundary)), fin(hstr(hstart(fShapeP1), boundary)))
		case nbM2:
			return append(f, fin(hstr(hstart(fWm2), boundary)))
		default:
			return append(f, fin(hstr(hstart(fWp2), boundary)))
		}
	}
	switch r {
	case nbM1:
		f = append(f, fin(hstr(hstart(fWm1), w.lower)), fin(hstr(hstart(fRawM1), w.raw)), fin(hstr(hstart(fShapeM1), w.shape)),
			fin(hbyte(hstart(fCapsM1), w.caps)))
		if w.cluster != 0 {
			f = appendCluster(f, fClusterM1, w.cluster)
		}
		f = appendWC(f, fWCM1, w.wc, 4, 8, 12)
		return append(f, fin(hbyte(hstart(fNTM1), w.ntype)))
	case nbP1:
		f = append(f, fin(hstr(hstart(fWp1), w.lower)), fin(hstr(hstart(fRawP1), w.raw)), fin(hstr(hstart(fShapeP1), w.shape)),
			fin(hbyte(hstart(fCapsP1), w.caps)))
		if w.cluster != 0 {
			f = appendCluster(f, fClusterP1, w.cluster)
		}
		f = appendWC(f, fWCP1, w.wc, 4, 8, 12)
		return append(f, fin(hbyte(hstart(fNTP1), w.ntype)))
	case nbM2:
		return appendWC(append(f, fin(hstr(hstart(fWm2), w.lower))), fWCM2, w.wc, 6)
	default:
		return appendWC(append(f, fin(hstr(hstart(fWp2), w.lower))), fWCP2, w.wc, 6)
	}
}

// histFeats appends the features of history that read the word, for
// previous label p.
func (w *wordView) histFeats(p int, f []uint64) []uint64 {
	return append(f,
		fin(hstr(hbyte(hstart(fPrevW0), byte(p)), w.lower)),
		fin(hstr(hbyte(hstart(fPrevShape), byte(p)), w.shape)),
		fin(hint(hbyte(hstart(fPrevWC), byte(p)), int(w.wc.Prefix(6)))),
	)
}

// contextFeats appends the features of static that read token i's context:
// word pairs, the sentence's casing, the position, gazetteer marks and
// capitalised runs.
func (s *sentence) contextFeats(i int, f []uint64) []uint64 {
	w := s.lower[i]
	f = append(f,
		fin(hstr(hbyte(hstr(hstart(fShapeM1S0), s.sh(i-1)), 0), s.shape[i])),
		fin(hstr(hbyte(hstr(hstart(fShapeS0P1), s.shape[i]), 0), s.sh(i+1))),
		fin(hstr(hbyte(hstr(hstart(fWm1W0), s.lw(i-1)), 0), w)),
		fin(hstr(hbyte(hstr(hstart(fW0Wp1), w), 0), s.lw(i+1))),
		fin(hstr(hbyte(hstart(fCaseShape), s.caseCls), s.shape[i])),
	)
	if i == 0 {
		f = append(f, fin(hstr(hstart(fFirstShape), s.shape[i])))
	}
	f = appendMarks(f, fGaz, s.marks, i)
	f = appendMarks(f, fGazM1, s.marks, i-1)
	f = appendMarks(f, fGazP1, s.marks, i+1)
	f = s.appendRunFeats(f, i)
	return f
}

// prepareCached is prepare with the words' values from the cache.
func (s *sentence) prepareCached(words []string, gaz Gazetteer, lex Lexicon) {
	c := s.cache
	n := len(words)
	if len(c.ents)+n > cacheWords {
		// A new arena: views of the old one may still be held.
		clear(c.slots)
		c.ents, c.arena = c.ents[:0], make([]byte, 0, cap(c.arena))
	}
	nt, _ := loadNameTypes() // New reports a broken embedded file
	s.raw = words
	s.lower = growStr(s.lower, n)
	s.shape = growStr(s.shape, n)
	s.marks = growU16(s.marks, n)
	s.cluster = growU32(s.cluster, n)
	s.run = growI32(s.run, n)
	s.ent = growI32(s.ent, n)
	if cap(s.wc) < n {
		s.wc = make([]wordclass.Class, n)
	}
	s.wc = s.wc[:n]
	if cap(s.ntype) < n {
		s.ntype = make([]uint8, n)
	}
	s.ntype = s.ntype[:n]
	if cap(s.caps) < n {
		s.caps = make([]uint8, n)
	}
	s.caps = s.caps[:n]
	upper, lowerN, letters := 0, 0, 0
	for i, w := range words {
		s.ent[i] = c.lookup(w, lex, nt)
	}
	// Views after every lookup: the arena may have moved.
	for i := range words {
		e := &c.ents[s.ent[i]]
		s.lower[i], s.shape[i] = c.str(e.lower), c.str(e.shape)
		s.wc[i], s.cluster[i], s.ntype[i], s.caps[i] = e.wc, e.cluster, e.ntype, e.caps
		if e.letter {
			letters++
			if e.upper {
				upper++
			} else {
				lowerN++
			}
		}
	}
	s.caseCls = caseClass(upper, letters)
	s.findRuns()
	s.mark(gaz)
}

// decodeCached is decode with the cache's sums and the table's integer
// weights.
func (s *sentence) decodeCached(out []int) {
	c := s.cache
	n := len(s.raw)
	if cap(s.idelta) < n*nLabels {
		s.idelta = make([]int64, n*nLabels*2)
	}
	if cap(s.back) < n*nLabels {
		s.back = make([]uint8, n*nLabels*2)
	}
	delta, back := s.idelta[:n*nLabels], s.back[:n*nLabels]
	const minusInf = math.MinInt64
	// Each token's context features are made, and their records
	// prefetched, while the token before it is decoded: the lookups, which
	// mostly miss the cache, are then under way or done when it needs them.
	if n > 0 {
		s.next = s.contextFeats(0, s.next[:0])
		c.t.prefetch(s.next)
	}
	for i := range n {
		s.feats, s.next = s.next, s.feats
		if i+1 < n {
			s.next = s.contextFeats(i+1, s.next[:0])
			c.t.prefetch(s.next)
		}
		e := &c.ents[s.ent[i]]
		st := e.own
		for r := range nNb {
			nb := &c.edge[r]
			if j := i + nbOffset[r]; j >= 0 && j < n {
				nb = &c.ents[s.ent[j]].nb[r]
			}
			for l := range st {
				st[l] += nb[l]
			}
		}
		if c.t.touch(s.feats) {
			for _, k := range s.feats {
				c.t.addRow(&st, k)
			}
		}
		d := delta[i*nLabels : i*nLabels+nLabels]
		for l := range d {
			d[l] = minusInf
		}
		nprev := nLabels
		if i == 0 {
			nprev = 1 // the start behaves as O
		}
		for p := range nprev {
			base := int64(0)
			if i > 0 {
				if base = delta[(i-1)*nLabels+p]; base == minusInf {
					continue
				}
			}
			h, pv := &e.hist[p], &c.prev[p]
			for _, l := range next[p] {
				if v := base + int64(st[l]+h[l]+pv[l]); v > d[l] {
					d[l], back[i*nLabels+int(l)] = v, uint8(p)
				}
			}
		}
	}
	backtrace(delta, back, n, out)
}
