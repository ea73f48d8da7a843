package contract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ReadTokens reads the input of `sitrep ner --tokens`: one token per line
// (the first whitespace-separated column; other columns are ignored), a blank
// line between sentences. fn gets each sentence's tokens; the slice is reused.
func ReadTokens(r io.Reader, fn func(tokens []string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var toks []string
	n := 0
	for sc.Scan() {
		n++
		if b := sc.Bytes(); !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
			return fmt.Errorf("line %d: binary or invalid UTF-8, not one token per line", n)
		}
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			if len(toks) > 0 {
				if err := fn(toks); err != nil {
					return err
				}
			}
			toks = toks[:0]
			continue
		}
		toks = append(toks, f[0])
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("line %d: longer than 1 MiB, not one token per line", n+1)
		}
		return fmt.Errorf("line %d: %w", n+1, err)
	}
	if len(toks) > 0 {
		return fn(toks)
	}
	return nil
}

// WriteTags writes one sentence of `sitrep ner` output: token<TAB>tag lines
// and a blank line.
func WriteTags(w *bufio.Writer, tokens, tags []string) error {
	for i, t := range tokens {
		w.WriteString(t)
		w.WriteByte('\t')
		w.WriteString(tags[i])
		w.WriteByte('\n')
	}
	return w.WriteByte('\n')
}
