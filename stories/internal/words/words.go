// Package words splits text into the words the stories index compares and
// the document-frequency table counts (gendf), so that both count the same
// words.
package words

import (
	"unicode"
	"unicode/utf8"
)

// Each calls fn with each lower-cased word of text (a run of letters and
// digits; the slice is reused), its FNV-1a hash, whether it is capitalised
// inside a sentence — a name, in English — and whether it is all digits.
func Each(text string, fn func(word []byte, hash uint64, name, number bool)) {
	var buf []byte
	start := true // at the start of a sentence, where any word is capitalised
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch r {
			case '.', '!', '?', '\n', ':':
				start = true
			}
			i += n
			continue
		}
		upper := unicode.IsUpper(r)
		buf = buf[:0]
		h := uint64(14695981039346656037)
		digits := true
		for i < len(text) {
			r, n = rune(text[i]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(text[i:])
			}
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			if !unicode.IsDigit(r) {
				digits = false
			}
			var enc [utf8.UTFMax]byte
			for _, b := range utf8.AppendRune(enc[:0], unicode.ToLower(r)) {
				h = (h ^ uint64(b)) * 1099511628211
				buf = append(buf, b)
			}
			i += n
		}
		fn(buf, h, upper && !start, digits)
		start = false
	}
}

// Hash is the hash Each gives a lower-cased word.
func Hash(w string) uint64 {
	var h uint64
	Each(w, func(_ []byte, x uint64, _, _ bool) { h = x })
	return h
}
