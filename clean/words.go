package clean

import (
	"unicode"
	"unicode/utf8"
)

// word is one word found by nextWord.
type word struct {
	hash   uint64 // FNV-1a of the lower-cased word, mixed
	digits bool   // all digits (with inner , and .): a number
	short  [8]byte
	n      int // length of the lower-cased word; short holds it when n <= 8
}

// str is the lower-cased word when it is short, else "".
func (w *word) str() string {
	if w.n > len(w.short) {
		return ""
	}
	return string(w.short[:w.n])
}

// asciiWord marks ASCII letters and digits.
var asciiWord = func() (t [128]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-32] = true, true
	}
	return t
}()

// nextWord finds the first word (a run of letters and digits; "1,500" and
// "2.5" are one number) of s at or after i, and returns the offset after it,
// or -1 when there is none. ASCII takes a fast path; other runes go through
// package unicode. hashBytes(lower-cased word) == w.hash.
func nextWord(s string, i int, w *word) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		i += n
	}
	if i >= len(s) {
		return -1
	}
	h := uint64(14695981039346656037)
	w.digits, w.n = true, 0
	add := func(b byte) {
		h = (h ^ uint64(b)) * 1099511628211
		if w.n < len(w.short) {
			w.short[w.n] = b
		}
		w.n++
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiWord[c]:
				if c > '9' {
					w.digits = false
					c |= 0x20
				}
				add(c)
				i++
				continue
			case (c == '.' || c == ',') && w.digits && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
				add(c)
				i++
				continue
			}
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		if !unicode.IsDigit(r) {
			w.digits = false
		}
		var enc [utf8.UTFMax]byte
		for _, b := range utf8.AppendRune(enc[:0], unicode.ToLower(r)) {
			add(b)
		}
		i += n
	}
	w.hash = mix(h, 0)
	return i
}
