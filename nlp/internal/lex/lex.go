// Package lex computes the per-word values that the tagger and parser build
// their features from: hashes of the normalized form, its affixes and its
// shape, and its word class, without allocating for ASCII words.
package lex

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/nlp/wordclass"
)

// Word holds the hashed views of one token.
type Word struct {
	Norm   uint64    // lowercased, digits mapped to 0
	Suf    [4]uint64 // last 1..4 bytes of Norm's string
	Pre    [3]uint64 // first 1..3 bytes
	Shape  uint64    // character classes, runs collapsed: "Xx", "d.d", "X.X."
	Flags  uint64    // bit set: title, all caps, digit, hyphen, non-ASCII, punct
	Length uint64    // len in bytes, capped at 12
	// Class holds prefixes of the word's path in the wordclass tree, of
	// ClassDepths branches (0 for a word without a class), so that words
	// unseen in training share weights with words that behave alike.
	Class [len(ClassDepths)]uint64
}

// ClassDepths are the lengths of the word-class path prefixes in Word.Class:
// coarse classes generalize, fine ones discriminate (Koo et al. 2008).
var ClassDepths = [...]int{4, 6, 8, 10, 12}

const (
	FlagTitle = 1 << iota
	FlagUpper
	FlagDigit
	FlagHyphen
	FlagNonASCII
	FlagPunct
)

const (
	fnvOff   = 14695981039346656037
	fnvPrime = 1099511628211
)

// Make fills w for form. buf is scratch space reused between calls.
func Make(form string, buf []byte) (Word, []byte) {
	buf = buf[:0]
	var w Word
	ascii := true
	for i := 0; i < len(form); i++ {
		if form[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	// The class is looked up on the lowercased form before digits are
	// mapped to 0, so that forms such as "f-16" and "mid-1990s" find theirs.
	if ascii {
		for i := 0; i < len(form); i++ {
			c := form[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		}
		w.setClass(buf)
		for i, c := range buf {
			if '0' <= c && c <= '9' {
				buf[i] = '0'
			}
		}
	} else {
		w.Flags |= FlagNonASCII
		lower := strings.ToLower(form)
		buf = append(buf, lower...)
		w.setClass(buf)
		buf = buf[:0]
		for _, r := range lower {
			if unicode.IsDigit(r) {
				r = '0'
			}
			buf = utf8.AppendRune(buf, r)
		}
	}
	w.Norm = hash(buf)
	for k := 1; k <= 4; k++ {
		if len(buf) >= k {
			w.Suf[k-1] = hash(buf[len(buf)-k:]) + uint64(k)
		}
	}
	for k := 1; k <= 3; k++ {
		if len(buf) >= k {
			w.Pre[k-1] = hash(buf[:k]) + uint64(k)
		}
	}
	// Shape: X x d or the character itself, runs collapsed, at most 6 classes.
	h := uint64(fnvOff)
	var last byte
	n := 0
	upper, lower, letters := 0, 0, 0
	for i, r := range form {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			letters++
		case unicode.IsLetter(r):
			c = 'x'
			lower++
			letters++
		case unicode.IsDigit(r):
			c = 'd'
			w.Flags |= FlagDigit
		case r < utf8.RuneSelf:
			c = byte(r)
			if r == '-' && i > 0 {
				w.Flags |= FlagHyphen
			}
		default:
			c = '?'
		}
		if c != last && n < 6 {
			h = (h ^ uint64(c)) * fnvPrime
			n++
			last = c
		}
	}
	w.Shape = h
	if upper > 0 && upper == letters && letters > 1 {
		w.Flags |= FlagUpper
	} else if upper == 1 && letters > 1 {
		if r, _ := utf8.DecodeRuneInString(form); unicode.IsUpper(r) {
			w.Flags |= FlagTitle
		}
	}
	if letters == 0 && w.Flags&FlagDigit == 0 {
		w.Flags |= FlagPunct
	}
	w.Length = uint64(min(len(form), 12))
	return w, buf
}

func (w *Word) setClass(lower []byte) {
	c, ok := wordclass.Lookup(lower)
	if !ok {
		return
	}
	for i, d := range ClassDepths {
		w.Class[i] = uint64(c.Prefix(d))
	}
}

func hash(b []byte) uint64 {
	h := uint64(fnvOff)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}
