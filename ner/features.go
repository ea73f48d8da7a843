package ner

import (
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/sitrep-dev/sitrep/nlp/wordclass"
)

// Gazetteer marks tokens covered by known names. For a name of class c
// (0 ≤ c < 5, 1 for organisations; the tagger's own place names take classes
// 5 and 6, its organisation names 1 and 7) covering
// tokens [i, j), it sets bit 2c on marks[i] and bit 2c+1 on marks[i+1:j].
// lower holds the lower-cased token forms.
type Gazetteer interface {
	Mark(lower []string, marks []uint16)
}

// Feature templates. Each feature's hash starts from its template number, so
// the same string under two templates gives two features.
const (
	fBias = iota + 1
	fW0
	fWm1
	fWp1
	fWm2
	fWp2
	fRaw
	fShape
	fShapeM1
	fShapeP1
	fShapeM1S0
	fShapeS0P1
	fPre
	fSuf
	fWm1W0
	fW0Wp1
	fPrev
	fPrevW0
	fPrevShape
	fFirstShape
	fGaz
	fGazM1
	fGazP1
	fCaseShape
	fCluster
	fClusterM1
	fClusterP1
	fRawM1
	fRawP1
	fCaps
	fCapsShape
	fCapsM1
	fCapsP1
	fWC
	fWCM1
	fWCP1
	fWCM2
	fWCP2
	fWCShape
	fPrevWC
	fWCNone
	fRunFirst
	fRunLast
	fRunLastWC
	fRunLen
	fNT
	fNTM1
	fNTP1
	fNTShape
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hstart(t int) uint64 { return (fnvOffset ^ uint64(t)) * fnvPrime }

func hstr(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func hbyte(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

func hint(h uint64, v int) uint64 {
	for range 4 {
		h = (h ^ uint64(v&0xff)) * fnvPrime
		v >>= 8
	}
	return h
}

// fin keeps feature keys non-zero: 0 marks an empty table slot.
func fin(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// sentence holds the per-token views the features read, built once per
// sentence in reusable buffers.
type sentence struct {
	raw     []string
	lower   []string
	shape   []string
	cluster []uint32
	wc      []wordclass.Class // 0: not among the GloVe words
	caps    []uint8
	ntype   []uint8 // name type of the word (see nameTypes), 0 none
	run     []int32 // capitalised run around each token: start<<16 | end, 0 outside one
	marks   []uint16
	arena   []byte
	caseCls byte // sentence casing: 'l' mostly lower-case, 'u' mostly upper, 'm' mixed
	feats   []uint64
	delta   []float32 // Viterbi scores, nLabels per token
	back    []uint8   // Viterbi back-pointers
	// The second stage's document features: token i's are extra[off[i]:off[i+1]].
	extra []uint64
	off   []int32
	// With a cache (the tagger's fast path), each word's entry in it, and
	// Viterbi scores in the table's integer units.
	cache  *wordCache
	ent    []int32
	idelta []int64
	next   []uint64 // the next token's context features, being prefetched
}

// prepare fills lower-case forms, shapes, gazetteer marks and clusters.
func (s *sentence) prepare(words []string, gaz Gazetteer, lex Lexicon) {
	n := len(words)
	s.raw = words
	s.lower = growStr(s.lower, n)
	s.shape = growStr(s.shape, n)
	s.marks = growU16(s.marks, n)
	s.cluster = growU32(s.cluster, n)
	if cap(s.wc) < n {
		s.wc = make([]wordclass.Class, n)
	}
	s.wc = s.wc[:n]
	s.run = growI32(s.run, n)
	if cap(s.ntype) < n {
		s.ntype = make([]uint8, n)
	}
	s.ntype = s.ntype[:n]
	if cap(s.caps) < n {
		s.caps = make([]uint8, n)
	}
	s.caps = s.caps[:n]
	// Build the arena first and take views afterwards, so that growing it
	// never invalidates a view.
	need := 0
	for _, w := range words {
		need += 2*len(w) + 8
	}
	if cap(s.arena) < need {
		s.arena = make([]byte, 0, need*2)
	}
	a := s.arena[:0]
	type span struct{ lo, ls, ss int }
	var stackBuf [64]span
	spans := stackBuf[:0]
	upper, lowerN, letters := 0, 0, 0
	for _, w := range words {
		lo := len(a)
		a = appendLower(a, w)
		ls := len(a)
		a = appendShape(a, w)
		spans = append(spans, span{lo, ls, len(a)})
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			} else {
				lowerN++
			}
		}
	}
	s.arena = a
	for i, sp := range spans {
		s.lower[i] = view(a[sp.lo:sp.ls])
		s.shape[i] = view(a[sp.ls:sp.ss])
		s.wc[i], _ = wordclass.Lookup(a[sp.lo:sp.ls])
	}
	s.caseCls = caseClass(upper, letters)
	s.findRuns()
	s.mark(gaz)
	nt, _ := loadNameTypes() // New reports a broken embedded file; nil marks nothing
	for i, l := range s.lower {
		s.ntype[i] = nameType(nt, l)
	}
	for i, l := range s.lower {
		in := lex[l]
		s.cluster[i], s.caps[i] = in.Cluster, in.Caps
	}
}

// caseClass is the casing of a sentence with letters words starting with a
// letter, upper of them with a capital.
func caseClass(upper, letters int) byte {
	switch {
	case letters >= 4 && upper == letters:
		return 'u'
	case letters >= 4 && upper == 0:
		return 'l'
	}
	return 'm'
}

// mark sets the gazetteer marks of the sentence's words: gaz's names, the
// tagger's own place and organisation names.
func (s *sentence) mark(gaz Gazetteer) {
	clear(s.marks)
	if gaz != nil {
		gaz.Mark(s.lower, s.marks)
	}
	p, _ := loadPlaces() // New reports a broken embedded file; an empty list marks nothing
	p.mark(s.lower, s.marks, placeClass, placeClass+1)
	o, _ := loadOrgs() // likewise
	o.mark(s.lower, s.marks, orgClass, orgWordClass)
}

// runJoiners may sit inside a run of capitalised words ("Bank of America",
// "Procter & Gamble").
var runJoiners = map[string]bool{"of": true, "the": true, "and": true, "&": true, "for": true, "de": true, "-": true}

// findRuns marks the runs of capitalised words, joined by runJoiners, that
// names are made of; in a sentence written all in one case they say nothing,
// and one too long for packed bounds gets none.
func (s *sentence) findRuns() {
	for i := range s.run {
		s.run[i] = 0
	}
	if s.caseCls != 'm' || len(s.raw) >= 1<<15 {
		return
	}
	capital := func(i int) bool {
		r, _ := utf8.DecodeRuneInString(s.raw[i])
		return unicode.IsUpper(r)
	}
	n := len(s.raw)
	for i := 0; i < n; {
		if !capital(i) {
			i++
			continue
		}
		j := i + 1
		for j < n {
			if capital(j) {
				j++
				continue
			}
			k := j
			for k < n && runJoiners[s.lower[k]] {
				k++
			}
			if k == j || k == n || !capital(k) {
				break
			}
			j = k
		}
		for k := i; k < j; k++ {
			s.run[k] = int32(i)<<16 | int32(j)
		}
		i = j
	}
}

func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func growStr(s []string, n int) []string {
	if cap(s) < n {
		return make([]string, n)
	}
	return s[:n]
}

func growU16(s []uint16, n int) []uint16 {
	if cap(s) < n {
		return make([]uint16, n)
	}
	return s[:n]
}

func growI32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

func growU32(s []uint32, n int) []uint32 {
	if cap(s) < n {
		return make([]uint32, n)
	}
	return s[:n]
}

func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
			return dst
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendShape writes the word's shape with runs of one class collapsed after
// two: "Khar" → "Xxx", "TTP" → "XXX", "2023" → "dd", "e-mail" → "xx-xx".
func appendShape(dst []byte, s string) []byte {
	var last byte
	run := 0
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == last {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		last = c
		dst = append(dst, c)
	}
	return dst
}

const boundary = "\x00"

func (s *sentence) lw(i int) string {
	if i < 0 || i >= len(s.lower) {
		return boundary
	}
	return s.lower[i]
}

func (s *sentence) sh(i int) string {
	if i < 0 || i >= len(s.shape) {
		return boundary
	}
	return s.shape[i]
}

func (s *sentence) rw(i int) string {
	if i < 0 || i >= len(s.raw) {
		return boundary
	}
	return s.raw[i]
}

// static computes the features of token i that do not depend on earlier
// predictions; history adds those that do.
func (s *sentence) static(i int) []uint64 {
	f := s.feats[:0]
	w := s.lower[i]
	f = append(f,
		fin(hstart(fBias)),
		fin(hstr(hstart(fW0), w)),
		fin(hstr(hstart(fWm1), s.lw(i-1))),
		fin(hstr(hstart(fWp1), s.lw(i+1))),
		fin(hstr(hstart(fWm2), s.lw(i-2))),
		fin(hstr(hstart(fWp2), s.lw(i+2))),
		fin(hstr(hstart(fRaw), s.raw[i])),
		fin(hstr(hstart(fRawM1), s.rw(i-1))),
		fin(hstr(hstart(fRawP1), s.rw(i+1))),
		fin(hstr(hstart(fShape), s.shape[i])),
		fin(hstr(hstart(fShapeM1), s.sh(i-1))),
		fin(hstr(hstart(fShapeP1), s.sh(i+1))),
		fin(hstr(hbyte(hstr(hstart(fShapeM1S0), s.sh(i-1)), 0), s.shape[i])),
		fin(hstr(hbyte(hstr(hstart(fShapeS0P1), s.shape[i]), 0), s.sh(i+1))),
		fin(hstr(hbyte(hstr(hstart(fWm1W0), s.lw(i-1)), 0), w)),
		fin(hstr(hbyte(hstr(hstart(fW0Wp1), w), 0), s.lw(i+1))),
		fin(hstr(hbyte(hstart(fCaseShape), s.caseCls), s.shape[i])),
	)
	for k := 1; k <= 4 && k <= len(w); k++ {
		f = append(f, fin(hstr(hbyte(hstart(fPre), byte(k)), w[:k])), fin(hstr(hbyte(hstart(fSuf), byte(k)), w[len(w)-k:])))
	}
	if i == 0 {
		f = append(f, fin(hstr(hstart(fFirstShape), s.shape[i])))
	}
	f = appendMarks(f, fGaz, s.marks, i)
	f = appendMarks(f, fGazM1, s.marks, i-1)
	f = appendMarks(f, fGazP1, s.marks, i+1)
	f = append(f,
		fin(hbyte(hstart(fCaps), s.caps[i])),
		fin(hstr(hbyte(hstart(fCapsShape), s.caps[i]), s.shape[i])),
	)
	if i > 0 {
		f = append(f, fin(hbyte(hstart(fCapsM1), s.caps[i-1])))
	}
	if i+1 < len(s.caps) {
		f = append(f, fin(hbyte(hstart(fCapsP1), s.caps[i+1])))
	}
	if c := s.cluster[i]; c != 0 {
		f = appendCluster(f, fCluster, c)
	}
	if i > 0 && s.cluster[i-1] != 0 {
		f = appendCluster(f, fClusterM1, s.cluster[i-1])
	}
	if i+1 < len(s.cluster) && s.cluster[i+1] != 0 {
		f = appendCluster(f, fClusterP1, s.cluster[i+1])
	}
	if c := s.wc[i]; c != 0 {
		f = appendWC(f, fWC, c, 4, 6, 8, 10, 12)
		f = append(f, fin(hstr(hint(hstart(fWCShape), int(c.Prefix(8))), s.shape[i])))
	} else {
		f = append(f, fin(hstr(hstart(fWCNone), s.shape[i])))
	}
	f = appendWC(f, fWCM1, s.wcAt(i-1), 4, 8, 12)
	f = appendWC(f, fWCP1, s.wcAt(i+1), 4, 8, 12)
	f = appendWC(f, fWCM2, s.wcAt(i-2), 6)
	f = appendWC(f, fWCP2, s.wcAt(i+2), 6)
	f = append(f,
		fin(hbyte(hstart(fNT), s.ntype[i])),
		fin(hstr(hbyte(hstart(fNTShape), s.ntype[i]), s.shape[i])),
	)
	if i > 0 {
		f = append(f, fin(hbyte(hstart(fNTM1), s.ntype[i-1])))
	}
	if i+1 < len(s.ntype) {
		f = append(f, fin(hbyte(hstart(fNTP1), s.ntype[i+1])))
	}
	f = s.appendRunFeats(f, i)
	if s.off != nil {
		f = append(f, s.extra[s.off[i]:s.off[i+1]]...)
	}
	s.feats = f
	return f
}

func (s *sentence) wcAt(i int) wordclass.Class {
	if i < 0 || i >= len(s.wc) {
		return 0
	}
	return s.wc[i]
}

// appendWC adds the GloVe word class's ancestors at the given depths (Brown-
// cluster style: coarse to fine), stopping once the class itself is reached.
func appendWC(f []uint64, t int, c wordclass.Class, depths ...int) []uint64 {
	if c == 0 {
		return f
	}
	d := c.Depth()
	for _, k := range depths {
		f = append(f, fin(hint(hbyte(hstart(t), byte(k)), int(c.Prefix(k)))))
		if d <= k {
			break
		}
	}
	return f
}

func appendMarks(f []uint64, t int, marks []uint16, i int) []uint64 {
	if i < 0 || i >= len(marks) {
		return f
	}
	m := marks[i]
	for b := 0; m != 0; b, m = b+1, m>>1 {
		if m&1 != 0 {
			f = append(f, fin(hbyte(hstart(t), byte(b))))
		}
	}
	return f
}

// appendCluster adds cluster-path prefixes of 4, 8 and 12 bits (and the full
// path): coarse and fine word classes. The path is stored with a leading 1
// bit so that prefixes of different lengths differ.
func appendCluster(f []uint64, t int, c uint32) []uint64 {
	depth := 31
	for depth > 0 && c>>uint(depth) == 0 {
		depth--
	}
	for _, k := range [...]int{4, 8, 12, 32} {
		p := c
		if depth > k {
			p = c >> uint(depth-k)
		}
		f = append(f, fin(hint(hbyte(hstart(t), byte(k)), int(p))))
		if depth <= k {
			break
		}
	}
	return f
}

// history returns the features that read the previous label.
func (s *sentence) history(i, prev int) [4]uint64 {
	return [4]uint64{
		fin(hbyte(hstart(fPrev), byte(prev))),
		fin(hstr(hbyte(hstart(fPrevW0), byte(prev)), s.lower[i])),
		fin(hstr(hbyte(hstart(fPrevShape), byte(prev)), s.shape[i])),
		fin(hint(hbyte(hstart(fPrevWC), byte(prev)), int(s.wc[i].Prefix(6)))),
	}
}

// appendRunFeats appends the features of the capitalised run token i lies in
// (its first and last words, the last word's class, its length, and whether
// i begins it); the reference and the fast tagger share them.
func (s *sentence) appendRunFeats(f []uint64, i int) []uint64 {
	r := s.run[i]
	if r == 0 {
		return f
	}
	a, b := int(r>>16), int(r&0xffff)
	pos := byte('I')
	if i == a {
		pos = 'B'
	}
	return append(f,
		fin(hstr(hbyte(hstart(fRunFirst), pos), s.lower[a])),
		fin(hstr(hbyte(hstart(fRunLast), pos), s.lower[b-1])),
		fin(hint(hbyte(hstart(fRunLastWC), pos), int(s.wc[b-1].Prefix(8)))),
		fin(hbyte(hbyte(hstart(fRunLen), pos), byte(min(b-a, 5)))),
	)
}
