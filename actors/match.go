package actors

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/hashmap"
)

// Form is how a name refers to its entry.
type Form uint8

// Forms of a name.
const (
	AsName      Form = iota // "Pakistan", "TTP", "Hina Rabbani Khar"
	AsAdjective             // "Pakistani", "Afghans"
	AsSeat                  // "Islamabad", "the Kremlin": metonymy for the government
	AsPlace                 // "Peshawar": a place in the country
)

// Hit is one entry a matched name refers to.
type Hit struct {
	Entry *Entry
	Form  Form
	// Case holds the letters of a name written with capitals inside it
	// ("WHO", "IS", "LeT"), which the text must match exactly: "who",
	// "Who" and "Let" are other words.
	Case string
}

// caseKey returns the letters of s when a word of s (split at spaces,
// hyphens and apostrophes) has an upper-case letter after its first ("WHO",
// "U.S.", "LeT"), else "".
func caseKey(s string) string {
	inner, first := false, true
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\'' || r == '’':
			first = true
		case !first && unicode.IsUpper(r):
			inner = true
		default:
			first = false
		}
	}
	if !inner {
		return ""
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// shortLower reports whether s is two to four lower-case ASCII letters.
func shortLower(s string) bool {
	if len(s) < 2 || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// CaseFits drops the hits whose Case the text (the matched tokens) does not
// match, reusing hits' storage only when nothing is dropped.
func CaseFits(hits []Hit, tokens []string) []Hit {
	need := false
	for _, h := range hits {
		need = need || h.Case != ""
	}
	if !need {
		return hits
	}
	var b strings.Builder
	for _, t := range tokens {
		for _, r := range t {
			if unicode.IsLetter(r) {
				b.WriteRune(r)
			}
		}
	}
	text := b.String()
	// A sentence capitalises its first word: "The UN" is "the UN".
	lowered := text
	if r, n := utf8.DecodeRuneInString(text); n > 0 && unicode.IsUpper(r) {
		lowered = string(unicode.ToLower(r)) + text[n:]
	}
	var out []Hit
	for _, h := range hits {
		if h.Case == "" || h.Case == text || h.Case == lowered {
			out = append(out, h)
		}
	}
	return out
}

// trie indexes names as sequences of pieces: lower-cased runs of letters and
// digits and single other marks, with hyphens, dots and underscores dropped,
// so that "al-Qaeda", "Al Qaeda", "U.S." and "US" meet whatever the tokenizer
// did with them.
type trie struct {
	// edges maps a node and a piece, hashed together (edgeKey), to the
	// child. A hash rather than the piece: as keys the 75,000 pieces took
	// 3 MB more and as many pointers for the collector to trace.
	// TestTrieHashes checks that no two of the embedded names' edges share
	// a key. A flat table rather than a Go map: matching looks it up for
	// every piece of every token.
	edges *hashmap.Map[int32]
	hits  [][]Hit // by node; node 0 is the root
}

func newTrie() *trie { return &trie{edges: &hashmap.Map[int32]{}, hits: [][]Hit{nil}} }

// edgeKey is the 64-bit FNV-1a of the parent node's four bytes and the piece.
func edgeKey(parent int32, piece string) uint64 {
	h := uint64(14695981039346656037)
	for i := range 4 {
		h = (h ^ uint64(byte(parent>>(8*i)))) * 1099511628211
	}
	for i := 0; i < len(piece); i++ {
		h = (h ^ uint64(piece[i])) * 1099511628211
	}
	return h
}

func (t *trie) add(name string, e *Entry, f Form) {
	node := int32(0)
	n := 0
	forPieces(name, func(p string) {
		n++
		k := edgeKey(node, p)
		next, ok := t.edges.Get(k)
		if !ok {
			next = int32(len(t.hits))
			t.hits = append(t.hits, nil)
			t.edges.Set(k, next)
		}
		node = next
	})
	if n == 0 {
		return
	}
	c := caseKey(name)
	if c == "" && (e.Kind == Organisation || e.Kind == Group) && shortLower(name) {
		// An organisation's acronym the dictionaries give in lower case
		// ("an" for Aryan Nations, "hum", "isa") is written in capitals
		// when it means the group: "An", "hum" and "Isa" are other words.
		c = strings.ToUpper(name)
	}
	for _, h := range t.hits[node] {
		if h.Entry == e && h.Form == f && h.Case == c {
			return
		}
	}
	t.hits[node] = append(t.hits[node], Hit{e, f, c})
}

// forPieces calls fn with each piece of s, lower-cased. Pieces of ASCII
// lower-case input are substrings of s and allocate nothing.
func forPieces(s string, fn func(string)) {
	var buf [64]byte
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			j := i
			simple := true
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(r2) {
					break
				}
				if r2 >= utf8.RuneSelf || ('A' <= r2 && r2 <= 'Z') {
					simple = false
				}
				j += sz
			}
			if simple {
				fn(s[i:j])
			} else {
				b := buf[:0]
				for _, r2 := range s[i:j] {
					b = utf8.AppendRune(b, foldRune(r2))
				}
				fn(string(b))
			}
			i = j
		case r == '-' || r == '.' || r == '_' || r == '\u2010' || r == '\u2011' || r == '\u2013' || unicode.IsSpace(r):
			i += size
		case r == '\u2019' || r == '\u2018' || r == '`':
			fn("'")
			i += size
		default:
			fn(s[i : i+size])
			i += size
		}
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// foldRune lower-cases and drops the commonest Latin diacritics, so that
// "Erdoğan" matches "Erdogan".
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å', 'ā':
		return 'a'
	case 'é', 'è', 'ê', 'ë', 'ē':
		return 'e'
	case 'í', 'ì', 'î', 'ï', 'ı':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ', 'ø', 'ō':
		return 'o'
	case 'ú', 'ù', 'û', 'ü', 'ū':
		return 'u'
	case 'ç', 'ć', 'č':
		return 'c'
	case 'ñ', 'ń':
		return 'n'
	case 'ş', 'š', 'ś':
		return 's'
	case 'ğ':
		return 'g'
	case 'ž', 'ź', 'ż':
		return 'z'
	}
	return r
}

// Matcher finds database names in token sequences. Use one per goroutine.
type Matcher struct {
	t      *trie
	pieces []string
	tokOf  []int32 // token index of each piece
	first  []bool  // piece is the first of its token
	last   []bool  // piece is the last of its token
}

// NewMatcher returns a matcher over the database's names.
func (db *DB) NewMatcher() *Matcher { return &Matcher{t: db.index} }

// Match finds the longest names starting at each token, left to right
// without overlaps, and calls fn with the token range and the entries. Names
// must start and end on token boundaries.
func (m *Matcher) Match(tokens []string, fn func(start, end int, hits []Hit)) {
	m.pieces, m.tokOf, m.first, m.last = m.pieces[:0], m.tokOf[:0], m.first[:0], m.last[:0]
	for ti, tok := range tokens {
		n0 := len(m.pieces)
		forPieces(tok, func(p string) {
			m.pieces = append(m.pieces, p)
			m.tokOf = append(m.tokOf, int32(ti))
			m.first = append(m.first, len(m.pieces)-1 == n0)
			m.last = append(m.last, false)
		})
		if len(m.pieces) > n0 {
			m.last[len(m.pieces)-1] = true
		}
	}
	for p := 0; p < len(m.pieces); {
		if !m.first[p] {
			p++
			continue
		}
		node, bestEnd, bestNode := int32(0), -1, int32(0)
		for q := p; q < len(m.pieces); q++ {
			next, ok := m.t.edges.Get(edgeKey(node, m.pieces[q]))
			if !ok {
				break
			}
			node = next
			if m.last[q] && len(m.t.hits[node]) > 0 {
				bestEnd, bestNode = q, node
			}
		}
		if bestEnd < 0 {
			p++
			continue
		}
		fn(int(m.tokOf[p]), int(m.tokOf[bestEnd])+1, m.t.hits[bestNode])
		p = bestEnd + 1
	}
}

// Gazetteer classes for the NER features.
const (
	gazPER = iota
	gazORG
	gazLOC
	gazNORP
	gazAgent
)

// Gazetteer adapts the database to ner.Gazetteer: it marks tokens covered by
// persons, organisations and groups, places, adjectives and agents.
type Gazetteer struct {
	pool sync.Pool
}

// Gazetteer returns the database as a source of NER features.
func (db *DB) Gazetteer() *Gazetteer {
	g := &Gazetteer{}
	g.pool.New = func() any { return db.NewMatcher() }
	return g
}

// Mark implements ner.Gazetteer.
func (g *Gazetteer) Mark(lower []string, marks []uint16) {
	m := g.pool.Get().(*Matcher)
	defer g.pool.Put(m)
	m.Match(lower, func(start, end int, hits []Hit) {
		var bits uint16
		for _, h := range hits {
			c := gazClass(h)
			bits |= 1 << (2 * c)
		}
		marks[start] |= bits
		for i := start + 1; i < end; i++ {
			marks[i] |= bits << 1
		}
	})
}

func gazClass(h Hit) int {
	switch {
	case h.Form == AsAdjective:
		return gazNORP
	case h.Form != AsName || h.Entry.Kind == Country:
		return gazLOC
	case h.Entry.Kind == Person:
		return gazPER
	case h.Entry.Kind == Agent:
		return gazAgent
	}
	return gazORG
}
