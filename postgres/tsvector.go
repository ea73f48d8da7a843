package postgres

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/sitrep-dev/sitrep/eventindex"
)

// The store makes the lexemes of evidence and queries itself, as SQLite's
// unicode61 tokenizer does for the SQLite store (runs of letters and
// digits, in lower case, without diacritics), so that both stores find the
// same events for a search; PostgreSQL's to_tsvector splits and folds
// differently, and costs more per event than the rest of the write.

// maxLexeme is the longest lexeme a tsvector takes, in bytes.
const maxLexeme = 2046

// appendTSVector appends the words of text to b in tsvector's input form:
// 'word' 'word' …; words are letters and digits, so need no escaping.
func appendTSVector(b []byte, text string) []byte {
	for w := range strings.FieldsFuncSeq(text, notWordRune) {
		if len(w) > maxLexeme {
			continue
		}
		b = append(b, '\'')
		b = appendFolded(b, w)
		b = append(b, '\'', ' ')
	}
	return b
}

// tsquery is the query that finds evidence with every word: 'w1' & 'w2':*.
func tsquery(words []eventindex.Word) string {
	var b []byte
	for i, w := range words {
		if i > 0 {
			b = append(b, " & "...)
		}
		b = append(b, '\'')
		b = appendFolded(b, w.Text)
		b = append(b, '\'')
		if w.Prefix {
			b = append(b, ":*"...)
		}
	}
	return string(b)
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// appendFolded appends w in lower case without combining marks.
func appendFolded(b []byte, w string) []byte {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		return b
	}
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return b
}
