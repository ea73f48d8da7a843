package contract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
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

// AppendTags appends the `sitrep ner` output of an annotated document: each
// sentence's tokens with IOB2 tags from its entities (a later entity's tags
// win where two overlap), and a blank line after each sentence. It never
// fails; the error is that of the other Append functions, for batch.Each.
func AppendTags(buf []byte, doc *sitrep.Document) ([]byte, error) {
	// The entity of each token first: one pass over the entities, not one
	// per sentence (a 5 MB text has 10^5 of each).
	ent := make([]int32, len(doc.Tokens))
	for i := range ent {
		ent[i] = -1
	}
	for k, e := range doc.Entities {
		if e.FirstToken < 0 || e.EndToken > len(ent) || e.FirstToken >= e.EndToken {
			continue
		}
		for i := e.FirstToken; i < e.EndToken; i++ {
			ent[i] = int32(k)
		}
	}
	for _, s := range doc.Sentences {
		for i := s.FirstToken; i < s.EndToken; i++ {
			buf = append(buf, doc.TokenText(i)...)
			buf = append(buf, '\t')
			switch k := ent[i]; {
			case k < 0:
				buf = append(buf, 'O')
			case doc.Entities[k].FirstToken == i:
				buf = append(append(buf, "B-"...), doc.Entities[k].Label...)
			default:
				buf = append(append(buf, "I-"...), doc.Entities[k].Label...)
			}
			buf = append(buf, '\n')
		}
		buf = append(buf, '\n')
	}
	return buf, nil
}

// TagTokens reads the sentences of a `sitrep ner --tokens` input (ReadTokens)
// and writes them with their tags: tag gets all sentences at once, as names
// spread between sentences (they mark no documents), and returns each
// token's index in labels. Its errors begin with the input's name.
func TagTokens(in io.Reader, name string, out io.Writer, labels []string, tag func(words [][]string) [][]int) error {
	if err := tagTokens(in, out, labels, tag); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func tagTokens(in io.Reader, out io.Writer, labels []string, tag func(words [][]string) [][]int) error {
	var words [][]string
	if err := ReadTokens(in, func(ws []string) error {
		words = append(words, slices.Clone(ws))
		return nil
	}); err != nil {
		return err
	}
	w := bufio.NewWriterSize(out, 1<<16)
	var tags []string
	var err error
	for k, ls := range tag(words) {
		tags = tags[:0]
		for _, l := range ls {
			tags = append(tags, labels[l])
		}
		if err = WriteTags(w, words[k], tags); err != nil {
			break
		}
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}
