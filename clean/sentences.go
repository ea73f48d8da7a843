package clean

import (
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

// Two sentences of one document are near-duplicates when the sets of their
// words overlap by at least this Jaccard index and they state the same
// numbers: news copy restates a fact with a clause moved ("in the last three
// months") or a word swapped ("over" / "more than"), and a changed number is
// a different fact, not a restatement.
const (
	nearDupJaccard = 0.75
	minDupWords    = 6  // shorter sentences repeat by chance ("He said no.")
	minNearWords   = 10 // near-duplicates need more words to be told from list items
	sentenceKeys   = 4  // min-hash keys per sentence for finding candidates
	// maxChain is how many of the latest sentences sharing a key a sentence
	// is compared with: no article comes near it.
	maxChain = 64
)

// hashBytes is 64-bit FNV-1a with a final mix. A fixed hash (unlike
// maphash's per-process seed) makes every run over the same input give the
// same signatures, so the same near-duplicates.
func hashBytes(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return mix(h, 0)
}

// sentenceSig is the word set of one sentence, as hashes.
type sentenceSig struct {
	sitrep.Span
	words   []uint64 // unique, in sentence order
	numbers []uint64 // sorted, unique hashes of the numbers
	// function counts function words: running prose has them, list items
	// ("1 Green, 1 Red, 1 tsp.") do not.
	function int
	// negations counts not, no, never, n't…: "what you like" and "what you
	// do not like" share their words but not their sense.
	negations int
}

// duplicateSentences appends a cut for each sentence that repeats an earlier
// sentence of text (not already cut), exactly or nearly. Candidates are
// found through per-sentence min-hash keys, so the work is linear in the
// number of sentences rather than quadratic.
//
// Most documents repeat nothing, so a rough split at end punctuation comes
// first, and the tokenizer's sentence boundaries are needed only when it
// finds a repeat: then only the lines holding the repeats are tokenized,
// and when every repeat is a sentence of the tokenizer too, those are the
// cuts. When one is not (the rough split cuts at "Gen." and "U.S."), the
// whole text is tokenized and compared again. The rough split cuts too
// often rather than too rarely; the price is a repeat whose first telling it
// cut in two and so no longer matches (one sentence in the Wikinews set, in
// garbled text), against a quarter less CPU for cleaning.
func duplicateSentences(text string, cuts []cut) []cut {
	rough := dups(text, roughSentences(text), cuts, false)
	if len(rough) == 0 {
		return cuts
	}
	if confirmed(text, rough) {
		return append(cuts, rough...)
	}
	return append(cuts, dups(text, sentenceSpans(text), cuts, false)...)
}

// tokenizeChunk is about how much text sentenceSpans tokenizes at once.
const tokenizeChunk = 64 << 10

// sentenceSpans returns the tokenizer's sentences of text. It tokenizes a
// run of paragraphs at a time (a sentence always ends at a blank line),
// reusing one token buffer: the tokens of the whole of a long document were
// most of the memory of cleaning it (530 MB for 31 MiB).
func sentenceSpans(text string) []sitrep.Span {
	var (
		spans []sitrep.Span
		toks  []sitrep.Token
		sents []sitrep.Sentence
	)
	for start := 0; start < len(text); {
		end := len(text)
		if end-start > tokenizeChunk {
			// The first blank line past the chunk, else (text without
			// paragraphs) the first line break.
			rest := text[start+tokenizeChunk:]
			if i := strings.Index(rest, "\n\n"); i >= 0 && i < 16*tokenizeChunk {
				end = start + tokenizeChunk + i + 2
			} else if i := strings.IndexByte(rest, '\n'); i >= 0 {
				end = start + tokenizeChunk + i + 1
			}
		}
		toks, sents = tokenize.Tokenize(text[start:end], toks[:0], sents[:0])
		for _, s := range sents {
			spans = append(spans, sitrep.Span{Start: start + s.Start, End: start + s.End})
		}
		start = end
	}
	return spans
}

// confirmed reports whether each cut is also a sentence of the tokenizer,
// tokenizing only the lines that hold them.
func confirmed(text string, cuts []cut) bool {
	var sents []sitrep.Sentence
	lineStart, lineEnd := -1, -1
	for _, c := range cuts {
		if c.Start < lineStart || c.Start >= lineEnd {
			lineStart = strings.LastIndexByte(text[:c.Start], '\n') + 1
			lineEnd = len(text)
			if i := strings.IndexByte(text[c.Start:], '\n'); i >= 0 {
				lineEnd = c.Start + i
			}
			_, sents = tokenize.Tokenize(text[lineStart:lineEnd], nil, sents[:0])
		}
		found := false
		for _, s := range sents {
			if lineStart+s.Start == c.Start && lineStart+s.End == c.End {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// dups returns a cut for each of sents that repeats an earlier one, skipping
// those inside skip; with first, only the first.
func dups(text string, sents []sitrep.Span, skip []cut, first bool) []cut {
	if len(sents) < 2 {
		return nil
	}
	removed := func(sp sitrep.Span) bool {
		for _, c := range skip {
			if c.Contains(sp) {
				return true
			}
		}
		return false
	}
	var (
		out   []cut
		kept  []sentenceSig
		index = keyIndex{head: make(map[uint64]int32, sentenceKeys*len(sents))}
		exact = make(map[uint64]bool, len(sents)) // hash of the word sequence
		buf   = sigBuf{arena: make([]uint64, 0, len(text)/5)}
	)
	for _, sp := range sents {
		if removed(sp) {
			continue
		}
		sent := text[sp.Start:sp.End]
		// Only prose is compared: list items, table rows and headings
		// repeat with reason (a recipe's "1 cup blueberries" in every menu).
		// Prose ends like a sentence and holds function words.
		if !endsSentence(sent) {
			continue
		}
		sig, seq, content := signature(sent, &buf)
		if sig.function < 2 {
			continue
		}
		sig.Span = sp
		if len(sig.words) < minDupWords {
			continue
		}
		if exact[seq] {
			if out = append(out, cut{Span: sp, reason: DuplicateSentence}); first {
				return out
			}
			continue
		}
		exact[seq] = true
		if len(sig.words) < minNearWords {
			continue
		}
		keys := minKeys(content)
		if near(sig, kept, &index, &keys, &buf.set) {
			if out = append(out, cut{Span: sp, reason: NearDuplicate}); first {
				return out
			}
			continue
		}
		index.add(&keys, int32(len(kept)))
		kept = append(kept, sig)
	}
	return out
}

// roughSentences splits text after each . ! ? (and closing quotes or
// brackets) followed by white space, and at line ends.
func roughSentences(text string) []sitrep.Span {
	var out []sitrep.Span
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !sentenceStop[c] { // one load per byte rather than four tests
			continue
		}
		end := -1
		switch c {
		case '\n':
			end = i
		case '.', '!', '?':
			j := i + 1
			for j < len(text) && strings.IndexByte(`"')]`, text[j]) >= 0 {
				j++
			}
			if j < len(text) && strings.HasPrefix(text[j:], "”") {
				j += len("”")
			} else if j < len(text) && strings.HasPrefix(text[j:], "’") {
				j += len("’")
			}
			if j == len(text) || text[j] == ' ' || text[j] == '\n' || text[j] == '\t' {
				end = j
				i = j - 1
			}
		}
		if end >= 0 {
			if end > start {
				out = append(out, sitrep.Span{Start: start, End: end})
			}
			start = end
			for start < len(text) && (text[start] == ' ' || text[start] == '\n' || text[start] == '\t') {
				start++
			}
			i = max(i, start-1)
		}
	}
	if start < len(text) {
		out = append(out, sitrep.Span{Start: start, End: len(text)})
	}
	return out
}

// sentenceStop marks the bytes where roughSentences may split.
var sentenceStop = [256]bool{'\n': true, '.': true, '!': true, '?': true}

// keyIndex finds the kept sentences by min-hash key: head holds the latest
// sentence with a key and next[i][j] the one before sentence i with its
// j-th key, so that adding a sentence allocates no list per key.
type keyIndex struct {
	head map[uint64]int32
	next [][sentenceKeys]int32
}

func (x *keyIndex) add(keys *[sentenceKeys]uint64, i int32) {
	var next [sentenceKeys]int32
	for j, k := range keys {
		next[j] = -1
		if h, ok := x.head[k]; ok {
			next[j] = h
		}
		x.head[k] = i
	}
	x.next = append(x.next, next)
}

// near reports whether sig, whose words are in set, nearly repeats a kept
// sentence sharing a key.
func near(sig sentenceSig, kept []sentenceSig, index *keyIndex, keys *[sentenceKeys]uint64, set *wordSet) bool {
	for j, k := range keys {
		i, ok := index.head[k]
		if !ok {
			continue
		}
		// The chain is bounded: sentences that share a key without being
		// near-duplicates (a template repeated with other numbers) made
		// the walk quadratic in a long document.
		for n := 0; i >= 0 && n < maxChain; i, n = index.next[i][j], n+1 {
			o := &kept[i]
			// Cheap tests first: a Jaccard index of J needs the smaller set
			// to be at least J times the larger.
			a, b := len(o.words), len(sig.words)
			if float64(min(a, b)) < nearDupJaccard*float64(max(a, b)) || o.negations != sig.negations {
				continue
			}
			if slices.Equal(o.numbers, sig.numbers) && set.jaccard(o.words) >= nearDupJaccard {
				return true
			}
		}
	}
	return false
}

// signature returns the lower-cased word set of a sentence and a hash of
// its word sequence.
func signature(s string, buf *sigBuf) (sig sentenceSig, seq uint64, content []uint64) {
	a := buf.arena
	start := len(a)
	buf.content, buf.numbers = buf.content[:0], buf.numbers[:0]
	var w word
	for i := nextWord(s, 0, &w); i >= 0; i = nextWord(s, i, &w) {
		switch w.str() {
		case "the", "a", "an", "of", "to", "in", "and", "for", "on", "with", "that", "is", "was", "are",
			"were", "has", "have", "had", "said", "says", "by", "at", "from", "as", "it", "but", "or", "this":
			sig.function++
		case "not", "no", "never", "nor", "without", "cannot", "t":
			sig.negations++
		default:
			buf.content = append(buf.content, w.hash)
		}
		a = append(a, w.hash)
		if w.digits {
			buf.numbers = append(buf.numbers, w.hash)
		}
		seq = mix(seq^w.hash, 1)
	}
	// A hash set rather than sorting makes the words unique: the
	// comparisons need only membership, and sorting was a tenth of the CPU
	// of cleaning.
	words := a[start:]
	buf.set.reset(len(words))
	u := 0
	for _, w := range words {
		if buf.set.add(w) {
			words[u] = w
			u++
		}
	}
	words = words[:u]
	a = a[:start+len(words)]
	slices.Sort(buf.numbers)
	a = append(a, slices.Compact(buf.numbers)...)
	// Full slice expressions: a later append to the arena must not write
	// into these.
	sig.words = a[start : start+len(words) : start+len(words)]
	sig.numbers = a[start+len(words) : len(a) : len(a)]
	buf.arena = a
	return sig, seq, buf.content
}

// sigBuf holds the memory of the signatures of one document: one arena for
// the word sets that are kept, and scratch space, so that a document costs
// a few allocations rather than three per sentence. set holds the words of
// the last signature.
type sigBuf struct {
	arena, content, numbers []uint64
	set                     wordSet
}

// wordSet is a set of word hashes by open addressing (0 marks an empty
// slot, so the hash 0 is kept apart).
type wordSet struct {
	slots []uint64
	zero  bool
	n     int
}

// reset empties the set and makes room for n words.
func (s *wordSet) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(s.slots) < size {
		s.slots = make([]uint64, size)
	} else {
		s.slots = s.slots[:size]
		clear(s.slots)
	}
	s.zero, s.n = false, 0
}

// add adds w and reports whether it was new.
func (s *wordSet) add(w uint64) bool {
	if w == 0 {
		if s.zero {
			return false
		}
		s.zero = true
		s.n++
		return true
	}
	mask := uint64(len(s.slots) - 1)
	for i := w & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case w:
			return false
		case 0:
			s.slots[i] = w
			s.n++
			return true
		}
	}
}

func (s *wordSet) has(w uint64) bool {
	if w == 0 {
		return s.zero
	}
	mask := uint64(len(s.slots) - 1)
	for i := w & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case w:
			return true
		case 0:
			return false
		}
	}
}

// jaccard is |a∩s| / |a∪s| for a set of unique words a.
func (s *wordSet) jaccard(a []uint64) float64 {
	inter := 0
	for _, w := range a {
		if s.has(w) {
			inter++
		}
	}
	union := len(a) + s.n - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// minKeys returns sentenceKeys min-hashes of a word set (content words, so
// that "the" and "said" do not put every sentence in one bucket): the smallest value
// of each of a few cheap re-mixings of the word hashes. Two sets share each
// key with probability equal to their Jaccard index, so near-duplicates meet
// on at least one key with high probability (1-0.75^4 ≈ 0.996 at 0.75).
func minKeys(words []uint64) (keys [sentenceKeys]uint64) {
	for k := range keys {
		keys[k] = ^uint64(0)
	}
	for _, w := range words {
		for k := range keys {
			if h := mix(w, uint64(k)); h < keys[k] {
				keys[k] = h
			}
		}
	}
	for k := range keys { // keep keys of different functions apart
		keys[k] = keys[k]&^3 | uint64(k)
	}
	return keys
}

// mix is the splitmix64 finalizer of x salted by k.
func mix(x, k uint64) uint64 {
	x += 0x9e3779b97f4a7c15 * (k + 1)
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
