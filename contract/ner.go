package contract

import (
	"bufio"
	"fmt"
	"io"
	"strings"
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
