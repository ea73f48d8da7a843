// Package conllu reads and writes CoNLL-U, the Universal Dependencies
// format: the treebanks the tagger, lemmatizer and parser are trained on, and
// what sitrep parse reads (--conllu) and writes.
package conllu

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// Word is one syntactic word of a CoNLL-U sentence (multiword-token
// and empty-node lines are kept apart).
type Word struct {
	Form, Lemma, UPOS, XPOS string
	Head                    int // 1-based within the sentence, 0 for the root, -1 when unknown ("_")
	Deprel                  string
	SpaceAfter              bool
}

// MWT is a multiword token ("8-9 daughter's") spanning words
// [First, Last] (1-based, inclusive).
type MWT struct {
	First, Last int
	Form        string
	SpaceAfter  bool
}

// Sentence is one sentence block.
type Sentence struct {
	Text          string // the "# text =" comment
	ID            string // "# sent_id ="
	NewDoc        bool   // preceded by "# newdoc"
	NewPar        bool   // preceded by "# newpar"
	Words         []Word
	MWTs          []MWT
	ParsedLineNum int // line of the first word, for messages
}

// Read reads CoNLL-U sentences from r, calling fn for each (fn may keep
// it); it stops at the first error fn returns. Malformed lines are an error
// naming the line.
func Read(r io.Reader, fn func(*Sentence) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	var s Sentence
	line := 0
	flush := func() error {
		if len(s.Words) == 0 {
			s = Sentence{NewDoc: s.NewDoc, NewPar: s.NewPar}
			return nil
		}
		err := fn(&s)
		s = Sentence{}
		return err
	}
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		switch {
		case l == "":
			if err := flush(); err != nil {
				return err
			}
			continue
		case l[0] == '#':
			k, v, _ := strings.Cut(strings.TrimSpace(l[1:]), "=")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			switch {
			case k == "text":
				s.Text = v
			case k == "sent_id":
				s.ID = v
			case strings.HasPrefix(k, "newdoc"):
				s.NewDoc, s.NewPar = true, true
			case strings.HasPrefix(k, "newpar"):
				s.NewPar = true
			}
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) < 2 {
			cols = strings.Fields(l)
		}
		if len(cols) < 2 {
			return fmt.Errorf("line %d: expected tab-separated CoNLL-U columns", line)
		}
		for len(cols) < 10 {
			cols = append(cols, "_")
		}
		id := cols[0]
		space := !strings.Contains(cols[9], "SpaceAfter=No")
		if a, b, ok := strings.Cut(id, "-"); ok {
			first, err1 := strconv.Atoi(a)
			last, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("line %d: bad token range %q", line, id)
			}
			s.MWTs = append(s.MWTs, MWT{First: first, Last: last, Form: cols[1], SpaceAfter: space})
			continue
		}
		if strings.Contains(id, ".") {
			continue // empty node of the enhanced graph
		}
		if len(s.Words) == 0 {
			s.ParsedLineNum = line
		}
		head := -1
		if h, err := strconv.Atoi(cols[6]); err == nil {
			head = h
		}
		s.Words = append(s.Words, Word{Form: cols[1], Lemma: cols[2], UPOS: cols[3], XPOS: cols[4],
			Head: head, Deprel: cols[7], SpaceAfter: space})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return flush()
}

// Write writes the sentences of doc as CoNLL-U, with "# doc_id =" on the
// first and "# text =" on each; heads become sentence-relative, 1-based.
func Write(w *bufio.Writer, doc *sitrep.Document) error {
	for si, s := range doc.Sentences {
		if si == 0 && doc.ID != "" {
			fmt.Fprintf(w, "# doc_id = %s\n", oneLine(doc.ID))
		}
		fmt.Fprintf(w, "# sent_id = %d\n# text = %s\n", si+1, oneLine(s.Of(doc.Text)))
		for i := s.FirstToken; i < s.EndToken; i++ {
			t := &doc.Tokens[i]
			head := 0
			if t.Head >= 0 {
				head = t.Head - s.FirstToken + 1
			}
			misc := "_"
			if i+1 < s.EndToken && doc.Tokens[i+1].Start == t.End {
				misc = "SpaceAfter=No"
			}
			w.WriteString(strconv.Itoa(i - s.FirstToken + 1))
			for _, c := range [...]string{field(t.Of(doc.Text)), field(t.Lemma), field(t.UPOS), field(t.XPOS), "_"} {
				w.WriteByte('\t')
				w.WriteString(c)
			}
			w.WriteByte('\t')
			w.WriteString(strconv.Itoa(head))
			w.WriteByte('\t')
			w.WriteString(field(t.Deprel))
			w.WriteString("\t_\t")
			w.WriteString(misc)
			w.WriteByte('\n')
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return nil
}

// oneLine keeps a comment value on one line.
func oneLine(s string) string {
	if strings.ContainsAny(s, "\n\r\t") {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// field makes a value safe for a CoNLL-U column: "_" when empty, spaces and
// tabs replaced.
func field(s string) string {
	if s == "" {
		return "_"
	}
	if strings.ContainsAny(s, "\t\n\r") {
		return strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, s)
	}
	return s
}

// ReadFile reads every sentence of a CoNLL-U file.
func ReadFile(path string) ([]*Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ss []*Sentence
	err = Read(f, func(s *Sentence) error {
		c := *s
		ss = append(ss, &c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ss, nil
}
