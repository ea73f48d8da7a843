package clean

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// sentenceSig is the word set of one sentence, as sorted hashes.
type sentenceSig struct {
	sitrep.Span
	words   []uint64 // sorted, unique
	numbers []uint64 // sorted, unique hashes of the numbers
}

// duplicateSentences appends a cut for each sentence that repeats an earlier
// sentence of text (not already cut), exactly or nearly. Candidates are
// found through per-sentence min-hash keys, so the work is linear in the
// number of sentences rather than quadratic.
func duplicateSentences(text string, cuts []cut) []cut {
	_, sents := tokenize.Tokenize(text, nil, nil)
	if len(sents) < 2 {
		return cuts
	}
	removed := func(sp sitrep.Span) bool {
		for _, c := range cuts {
			if c.Contains(sp) {
				return true
			}
		}
		return false
	}
	var (
		kept  []sentenceSig
		index = map[uint64][]int32{} // min-hash key → indexes into kept
		exact = map[uint64]bool{}    // hash of the word sequence
	)
	for _, s := range sents {
		if removed(s.Span) {
			continue
		}
		sent := text[s.Start:s.End]
		// Only prose is compared: list items, table rows and headings
		// repeat with reason (a recipe's "1 cup blueberries" in every menu).
		if !prose(sent) {
			continue
		}
		sig, seq := signature(sent)
		sig.Span = s.Span
		if len(sig.words) < minDupWords {
			continue
		}
		if exact[seq] {
			cuts = append(cuts, cut{Span: s.Span, reason: DuplicateSentence})
			continue
		}
		exact[seq] = true
		if len(sig.words) < minNearWords {
			continue
		}
		keys := minKeys(sig.words)
		if near(sig, kept, index, keys) {
			cuts = append(cuts, cut{Span: s.Span, reason: NearDuplicate})
			continue
		}
		for _, k := range keys {
			index[k] = append(index[k], int32(len(kept)))
		}
		kept = append(kept, sig)
	}
	return cuts
}

// prose reports a sentence as running text: it ends like a sentence and
// holds function words, which list items ("1 Green, 1 Red, 1 tsp.") lack.
func prose(sent string) bool {
	if !endsSentence(sent) {
		return false
	}
	n := 0
	for w := range strings.FieldsSeq(sent) {
		switch strings.ToLower(strings.Trim(w, `,;:"'“”‘’()`)) {
		case "the", "a", "an", "of", "to", "in", "and", "for", "on", "with", "that", "is", "was", "are",
			"were", "has", "have", "had", "said", "says", "by", "at", "from", "as", "it", "but", "or", "this":
			n++
		}
	}
	return n >= 2
}

// near reports whether sig nearly repeats a kept sentence sharing a key.
func near(sig sentenceSig, kept []sentenceSig, index map[uint64][]int32, keys []uint64) bool {
	for _, k := range keys {
		for _, i := range index[k] {
			o := kept[i]
			if slices.Equal(o.numbers, sig.numbers) && jaccard(o.words, sig.words) >= nearDupJaccard {
				return true
			}
		}
	}
	return false
}

// signature returns the lower-cased word set of a sentence and a hash of
// its word sequence.
func signature(s string) (sentenceSig, uint64) {
	var sig sentenceSig
	seq := uint64(0)
	var buf []byte
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		buf = buf[:0]
		digits := true
		for i < len(s) {
			r, n = utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !(r == '.' || r == ',') {
				break
			}
			if r == '.' || r == ',' { // inside a number only: 1,500 and 2.5
				if !digits || i+n >= len(s) || s[i+n] < '0' || s[i+n] > '9' {
					break
				}
			} else if !unicode.IsDigit(r) {
				digits = false
			}
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			i += n
		}
		h := hashBytes(buf)
		sig.words = append(sig.words, h)
		if digits {
			sig.numbers = append(sig.numbers, h)
		}
		seq = mix(seq^h, 1)
	}
	slices.Sort(sig.words)
	sig.words = slices.Compact(sig.words)
	slices.Sort(sig.numbers)
	sig.numbers = slices.Compact(sig.numbers)
	return sig, seq
}

// minKeys returns sentenceKeys min-hashes of a word set: the smallest value
// of each of a few cheap re-mixings of the word hashes. Two sets share each
// key with probability equal to their Jaccard index, so near-duplicates meet
// on at least one key with high probability (1-0.75^4 ≈ 0.996 at 0.75).
func minKeys(words []uint64) []uint64 {
	keys := make([]uint64, sentenceKeys)
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

// jaccard is |a∩b| / |a∪b| of two sorted sets.
func jaccard(a, b []uint64) float64 {
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
