package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// chunk tokenizes text[s:e], a run without white space.
func chunk(text string, s, e int, toks []sitrep.Token) []sitrep.Token {
	if isURL(text[s:e]) {
		return url(text, s, e, toks)
	}
	if emoticons[text[s:e]] {
		return add(text, toks, s, e)
	}
	for s < e {
		n := openPunct(text, s, e)
		if n == 0 {
			break
		}
		toks = add(text, toks, s, s+n)
		s += n
	}
	// Trailing punctuation is found right to left and emitted after the core.
	var tail [8]sitrep.Span
	nt := 0
	for e > s && nt < len(tail) {
		n := closePunct(text, s, e)
		if n == 0 {
			break
		}
		tail[nt] = sitrep.Span{Start: e - n, End: e}
		nt++
		e -= n
	}
	if e > s {
		toks = core(text, s, e, toks)
	}
	for k := nt - 1; k >= 0; k-- {
		toks = add(text, toks, tail[k].Start, tail[k].End)
	}
	return toks
}

func isURL(w string) bool {
	for len(w) > 0 && strings.IndexByte("([{<\"'", w[0]) >= 0 {
		w = w[1:]
	}
	if hasPrefixFold(w, "http://") || hasPrefixFold(w, "https://") || hasPrefixFold(w, "www.") || hasPrefixFold(w, "ftp://") {
		return len(w) > 6
	}
	// name@host.tld
	at := strings.IndexByte(w, '@')
	if at <= 0 || at == len(w)-1 {
		return false
	}
	dot := strings.LastIndexByte(w, '.')
	return dot > at+1 && dot < len(w)-2 && (isAlnumByte(w[at-1]) || w[at-1] == '.') && isAlnumByte(w[at+1])
}

// url emits a URL or e-mail address as one token, with the brackets, quotes
// and sentence punctuation around it split off.
func url(text string, s, e int, toks []sitrep.Token) []sitrep.Token {
	for s < e && strings.IndexByte("([{<\"'", text[s]) >= 0 {
		toks = add(text, toks, s, s+1)
		s++
	}
	end := e
	for end > s && strings.IndexByte(".,;:!?)]}>\"'", text[end-1]) >= 0 {
		// A closing bracket belongs to the URL when it opened inside it.
		if c := text[end-1]; c == ')' && strings.IndexByte(text[s:end-1], '(') >= 0 {
			break
		}
		end--
	}
	toks = add(text, toks, s, end)
	for k := end; k < e; k++ {
		toks = add(text, toks, k, k+1)
	}
	return toks
}

// openPunct returns the length of the punctuation token at the start of
// text[s:e], or 0.
func openPunct(text string, s, e int) int {
	c := text[s]
	switch c {
	case '(', '[', '{', '"', '<', '*':
		return 1
	case '`':
		return run(text, s, e, '`')
	case '\'':
		if e-s > 1 && isClitic(text[s:e]) {
			return 0
		}
		// '90s keeps its apostrophe.
		if e-s > 2 && isDigit(text[s+1]) {
			return 0
		}
		return run(text, s, e, '\'')
	case '-':
		return run(text, s, e, '-')
	case '$':
		if e-s > 1 {
			return 1
		}
		return 0
	case '#':
		// #hashtags stay whole.
		if e-s > 1 && !isLetter(text[s+1]) {
			return 1
		}
		return 0
	}
	if c < utf8.RuneSelf {
		return 0
	}
	r, n := utf8.DecodeRuneInString(text[s:e])
	switch r {
	case '“', '‘', '«', '‹', '¿', '¡', '£', '€', '¥', '„', '—', '–':
		if r == '‘' && e-s > n && isClitic("'"+text[s+n:e]) {
			return 0
		}
		return n
	}
	return 0
}

// closePunct returns the length of the punctuation token at the end of
// text[s:e], or 0.
func closePunct(text string, s, e int) int {
	c := text[e-1]
	switch c {
	case ')', ']', '}', '"', '>', ',', ';', ':', '*', '%':
		if c == '%' && e-s == 1 {
			return 0
		}
		return 1
	case '!', '?':
		n := 0
		for e-n > s && (text[e-n-1] == '!' || text[e-n-1] == '?') {
			n++
		}
		return n
	case '\'':
		if e-s == 1 {
			return 0
		}
		return runBack(text, s, e, '\'')
	case '-':
		return runBack(text, s, e, '-')
	case '.':
		n := runBack(text, s, e, '.')
		if n > 1 || e-n == s {
			return n
		}
		if isAbbrev(text, text[s:e-1], e) {
			return 0
		}
		return 1
	}
	if c < utf8.RuneSelf {
		return 0
	}
	r, n := utf8.DecodeLastRuneInString(text[s:e])
	switch r {
	case '”', '’', '»', '›', '…', '—', '–', '“':
		if e-s == n {
			return 0
		}
		return n
	}
	return 0
}

func run(text string, s, e int, c byte) int {
	n := 0
	for s+n < e && text[s+n] == c {
		n++
	}
	return n
}

func runBack(text string, s, e int, c byte) int {
	n := 0
	for e-n > s && text[e-n-1] == c {
		n++
	}
	return n
}

// core splits a word without leading or trailing punctuation: clitics,
// hyphens, slashes, commas and other inner punctuation.
func core(text string, s, e int, toks []sitrep.Token) []sitrep.Token {
	ws := s // start of the current piece
	i := s
	for i < e {
		c := text[i]
		var r rune = rune(c)
		n := 1
		if c >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:e])
		}
		split := 0 // length of a separator token at i
		switch r {
		case '-':
			if k := run(text, i, e, '-'); k > 1 {
				split = k
			} else if i > ws && i+1 < e && !keepHyphen(text, s, ws, i, e) {
				split = 1
			} else if i == ws || i+1 == e {
				split = 1
			}
		case ',':
			if !(i > s && i+1 < e && isDigit(text[i-1]) && isDigit(text[i+1])) {
				split = 1
			}
		case ':':
			if !(i > s && i+1 < e && isDigit(text[i-1]) && isDigit(text[i+1])) {
				split = 1
			}
		case '/':
			// and/or splits; w/o, 1/2 and 8/7/01 stay whole.
			if i-ws > 1 && i+2 < e && isLetter(text[i-1]) && isLetter(text[i+2]) {
				split = 1
			}
		case '.':
			if k := run(text, i, e, '.'); k > 1 {
				split = k
			}
		case '(', ')', '[', ']', '{', '}', '"', ';', '!', '?', '“', '”', '…', '—', '–', '«', '»':
			split = n
		}
		if split == 0 {
			i += n
			continue
		}
		if i > ws {
			toks = word(text, ws, i, toks)
		}
		toks = add(text, toks, i, i+split)
		i += split
		ws = i
	}
	if e > ws {
		toks = word(text, ws, e, toks)
	}
	return toks
}

// keepHyphen decides whether the hyphen at i inside the piece text[ws:e]
// (of the word starting at s) joins its word: after a common prefix
// ("non-stop", "co-workers"), a word-initial letter ("e-mail", "T-shirt"), or
// inside a phone number ("713-853-3989").
func keepHyphen(text string, s, ws, i, e int) bool {
	if !isAlnumByte(text[i-1]) || !isAlnumByte(text[i+1]) {
		return false
	}
	left := text[ws:i]
	if isDigit(text[i-1]) && isDigit(text[i+1]) {
		j := i + 1
		for j < e && isDigit(text[j]) {
			j++
		}
		k := i
		for k > ws && isDigit(text[k-1]) {
			k--
		}
		return (k == ws || text[k-1] == '-') && i-k == 3 && (j-i-1 == 3 || j-i-1 == 4)
	}
	if len(left) == 1 && ws == s && isLetter(left[0]) {
		return true
	}
	if ws == s && syllableName(left, text[i+1:e]) {
		return true
	}
	if len(left) > 7 {
		return false
	}
	var buf [8]byte
	return hyphenPrefix[string(lowerASCII(buf[:0], left))]
}

var hyphenPrefix = setOf("non", "pre", "post", "co", "re", "anti", "pro", "pan", "semi", "multi", "mid",
	"ex", "cross", "counter", "psycho", "inter", "intra", "neo", "quasi", "ultra", "mega", "micro")

// syllableName reports whether left-right looks like a romanized Chinese
// given name ("Wai-keung", "Ka-ki"), which UD keeps as one token.
func syllableName(left, right string) bool {
	if len(left) < 2 || len(left) > 3 || len(right) < 2 || len(right) > 5 || !isUpper(left[0]) {
		return false
	}
	for i := 1; i < len(left); i++ {
		if !isLetter(left[i]) || isUpper(left[i]) {
			return false
		}
	}
	for i := 0; i < len(right); i++ {
		if !isLetter(right[i]) || isUpper(right[i]) {
			return false
		}
	}
	syl := func(w string) bool {
		c := w[len(w)-1]
		return strings.IndexByte("aeiouy", c) >= 0 || c == 'n' || strings.HasSuffix(w, "ng")
	}
	return syl(strings.ToLower(left)) && syl(right)
}

var emoticons = setOf(":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":p", ":-P", ":/", "<3", "^_^", "^^")

// unitCut returns where a unit starts in a number glued to it ("375mm",
// "650k"), or 0; ordinals and decades ("3rd", "1990s") stay whole.
func unitCut(w string) int {
	i := 0
	for i < len(w) && (isDigit(w[i]) || (i > 0 && (w[i] == '.' || w[i] == ',') && i+1 < len(w) && isDigit(w[i+1]))) {
		i++
	}
	if i == 0 || i == len(w) || !isDigit(w[i-1]) {
		return 0
	}
	var buf [8]byte
	if len(w)-i > len(buf) {
		return 0
	}
	if units[string(lowerASCII(buf[:0], w[i:]))] {
		return i
	}
	return 0
}

var units = setOf("k", "m", "mm", "cm", "km", "kg", "g", "mg", "lb", "lbs", "ft", "mph", "kph", "ml", "gb", "mb",
	"kb", "tb", "hz", "khz", "mhz", "ghz", "am", "pm", "bn", "mn", "kw", "mw", "kmh", "sq")

// word emits one word, splitting clitics off: "do|n't", "Bush|'s", "I|'m",
// "can|not", "gon|na", and their apostrophe-less web spellings ("do|nt").
func word(text string, s, e int, toks []sitrep.Token) []sitrep.Token {
	w := text[s:e]
	cut := cliticCut(w)
	if cut == 0 {
		cut = unitCut(w)
	}
	if cut > 0 {
		toks = add(text, toks, s, s+cut)
		return add(text, toks, s+cut, e)
	}
	return add(text, toks, s, e)
}

// cliticCut returns where a clitic starts in w, or 0.
func cliticCut(w string) int {
	n := len(w)
	if n < 2 {
		return 0
	}
	var buf [16]byte
	if n <= len(buf) {
		if cut, ok := fused[string(lowerASCII(buf[:0], w))]; ok {
			return cut
		}
	}
	// Find the last apostrophe (ASCII or U+2019).
	ap, apn := strings.LastIndexAny(w, "'`"), 1
	if k := strings.LastIndex(w, "’"); k > ap {
		ap, apn = k, len("’")
	}
	if ap <= 0 {
		return 0
	}
	suf := w[ap+apn:]
	switch {
	case strings.EqualFold(suf, "t") && ap >= 2 && (w[ap-1] == 'n' || w[ap-1] == 'N') && isLetter(w[ap-2]):
		return ap - 1
	case strings.EqualFold(suf, "s") || strings.EqualFold(suf, "m") || strings.EqualFold(suf, "d") ||
		strings.EqualFold(suf, "re") || strings.EqualFold(suf, "ve") || strings.EqualFold(suf, "ll"):
		if r, _ := utf8.DecodeLastRuneInString(w[:ap]); unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#' {
			return ap
		}
	}
	return 0
}

// isClitic reports whether w is a bare clitic: 's, 'm, 'd, 're, 've, 'll.
func isClitic(w string) bool {
	if len(w) < 2 || w[0] != '\'' {
		return false
	}
	switch strings.ToLower(w[1:]) {
	case "s", "m", "d", "re", "ve", "ll":
		return true
	}
	return false
}

// fused maps words written without a clitic boundary to where EWT splits them.
var fused = map[string]int{
	"cannot": 3, "gonna": 3, "wanna": 3, "gotta": 3,
	"dont": 2, "didnt": 3, "doesnt": 4, "cant": 2, "wont": 2, "isnt": 2, "wasnt": 3, "arent": 3,
	"werent": 4, "couldnt": 5, "wouldnt": 5, "shouldnt": 6, "havent": 4, "hasnt": 3, "hadnt": 3,
	"aint": 2, "im": 1, "ive": 1, "youre": 3, "thats": 4, "whats": 4, "theres": 5,
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isLetter(c byte) bool    { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isAlnumByte(c byte) bool { return isDigit(c) || isLetter(c) || c >= utf8.RuneSelf }
func isUpper(c byte) bool     { return 'A' <= c && c <= 'Z' }

func lowerASCII(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

func hasPrefixFold(s, p string) bool { return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) }

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
