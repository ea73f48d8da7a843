// Package tokenize splits English news text into tokens and sentences with
// byte offsets, following the Universal Dependencies English conventions
// (EWT, GUM) that the tagger and parser are trained on: clitics split off
// ("do|n't", "China|'s"), hyphens between word parts split ("long|-|term")
// except after common prefixes ("non-stop", "e-mail"), URLs, e-mail
// addresses, numbers and abbreviations kept whole.
//
// It is rule-based and runs in one pass: time is linear in the input and
// memory is proportional to the number of tokens. Tokens longer than MaxToken
// bytes are cut at rune boundaries and sentences longer than MaxSentence
// tokens are split, so the parser's work per sentence stays bounded on
// hostile input (a megabyte without punctuation, long non-Latin runs).
package tokenize

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

const (
	// MaxToken caps a token's length in bytes; longer runs are cut.
	MaxToken = 512
	// MaxSentence caps a sentence's length in tokens; longer ones are split.
	// No sentence of EWT or GUM is longer than 160 tokens.
	MaxSentence = 250
)

// Tokenize appends the tokens and sentences of text to toks and sents and
// returns them. Token spans index into text; Sentence.FirstToken and EndToken
// index into the returned toks (so earlier entries are counted). Head is -1.
func Tokenize(text string, toks []sitrep.Token, sents []sitrep.Sentence) ([]sitrep.Token, []sitrep.Sentence) {
	base := len(toks)
	toks = words(text, toks)
	return toks, split(text, toks, base, sents)
}

// Words appends only the tokens of text to toks.
func Words(text string, toks []sitrep.Token) []sitrep.Token { return words(text, toks) }

func words(text string, toks []sitrep.Token) []sitrep.Token {
	// News runs at about one token in five bytes: room for them at once
	// spares the copies of a slice grown token by token. Capped, so that a
	// huge text of few tokens (blanks, junk) does not take room for many.
	toks = slices.Grow(toks, min(len(text)/5, 1<<16)+16)
	i := 0
	for i < len(text) {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if isSpace(r) {
			i += n
			continue
		}
		j := i + n
		for j < len(text) {
			r, n := rune(text[j]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(text[j:])
			}
			if isSpace(r) {
				break
			}
			j += n
		}
		toks = chunk(text, i, j, toks)
		i = j
	}
	return toks
}

// isSpace reports whether r separates tokens: white space, control and format
// characters (so junk bytes never end up inside a token), and the
// replacement character that invalid UTF-8 decodes to.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r <= ' ' || r == 0x7f
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

func add(text string, toks []sitrep.Token, s, e int) []sitrep.Token {
	if len(toks) == cap(toks) {
		// Double: append grows large slices by 1.25, which allocates five
		// times the final token slice of a long document.
		toks = slices.Grow(toks, max(len(toks), 64))
	}
	for e-s > MaxToken {
		cut := s + MaxToken
		for cut > s+1 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		toks = append(toks, sitrep.Token{Span: sitrep.Span{Start: s, End: cut}, Head: -1})
		s = cut
	}
	return append(toks, sitrep.Token{Span: sitrep.Span{Start: s, End: e}, Head: -1})
}
