package tokenize

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/conllu"
)

// goldDoc is a document rebuilt from CoNLL-U: its raw text (sentences of a
// paragraph joined by a space, paragraphs by a blank line) and the gold token
// and sentence spans in it.
type goldDoc struct {
	text        string
	toks, sents []sitrep.Span
}

func readGold(t *testing.T, path string) []goldDoc {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("gold data not available: %v", err)
	}
	defer f.Close()
	var docs []goldDoc
	var b strings.Builder
	var cur goldDoc
	end := func() {
		if b.Len() > 0 {
			cur.text = b.String()
			docs = append(docs, cur)
		}
		b.Reset()
		cur = goldDoc{}
	}
	err = conllu.Read(f, func(s *conllu.Sentence) error {
		if s.NewDoc {
			end()
		} else if b.Len() > 0 {
			if s.NewPar {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		base := b.Len()
		b.WriteString(s.Text)
		cur.sents = append(cur.sents, sitrep.Span{Start: base, End: base + len(s.Text)})
		// Find each surface token in the sentence text; a multiword token
		// yields its words when they spell it.
		pos := 0
		find := func(form string) (int, bool) {
			k := strings.Index(s.Text[pos:], form)
			if k < 0 {
				return 0, false
			}
			pos += k + len(form)
			return base + pos - len(form), true
		}
		m := 0
		for wi := 0; wi < len(s.Words); wi++ {
			if m < len(s.MWTs) && s.MWTs[m].First == wi+1 {
				mw := s.MWTs[m]
				m++
				var forms []string
				for k := mw.First; k <= mw.Last && k <= len(s.Words); k++ {
					forms = append(forms, s.Words[k-1].Form)
				}
				wi = mw.Last - 1
				if strings.Join(forms, "") == mw.Form {
					for _, fm := range forms {
						if st, ok := find(fm); ok {
							cur.toks = append(cur.toks, sitrep.Span{Start: st, End: st + len(fm)})
						}
					}
				} else if st, ok := find(mw.Form); ok {
					cur.toks = append(cur.toks, sitrep.Span{Start: st, End: st + len(mw.Form)})
				}
				continue
			}
			fm := s.Words[wi].Form
			if st, ok := find(fm); ok {
				cur.toks = append(cur.toks, sitrep.Span{Start: st, End: st + len(fm)})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	end()
	return docs
}

func f1(gold, pred []sitrep.Span) (tp, ng, np int) {
	g := make(map[sitrep.Span]bool, len(gold))
	for _, s := range gold {
		g[s] = true
	}
	for _, s := range pred {
		if g[s] {
			tp++
		}
	}
	return tp, len(gold), len(pred)
}

func score(t *testing.T, path string) (tokF, sentF float64) {
	var ttp, tg, tp, stp, sg, sp int
	for _, d := range readGold(t, path) {
		toks, sents := Tokenize(d.text, nil, nil)
		pt := make([]sitrep.Span, len(toks))
		for i := range toks {
			pt[i] = toks[i].Span
		}
		ps := make([]sitrep.Span, len(sents))
		for i := range sents {
			ps[i] = sents[i].Span
		}
		a, b, c := f1(d.toks, pt)
		ttp, tg, tp = ttp+a, tg+b, tp+c
		a, b, c = f1(d.sents, ps)
		stp, sg, sp = stp+a, sg+b, sp+c
		if testing.Verbose() && os.Getenv("TOKENIZE_DIFF") != "" {
			diff(t, d, pt, ps)
		}
	}
	return 2 * float64(ttp) / float64(tg+tp), 2 * float64(stp) / float64(sg+sp)
}

// diff logs the gold tokens and sentences the tokenizer missed (set
// TOKENIZE_DIFF=1 with -v).
func diff(t *testing.T, d goldDoc, pt, ps []sitrep.Span) {
	has := map[sitrep.Span]bool{}
	for _, s := range pt {
		has[s] = true
	}
	for _, s := range ps {
		has[s] = true
	}
	for _, s := range d.toks {
		if !has[s] {
			lo, hi := max(0, s.Start-20), min(len(d.text), s.End+20)
			t.Logf("token %q in %q", s.Of(d.text), d.text[lo:hi])
		}
	}
	for _, s := range d.sents {
		if !has[s] {
			t.Logf("sentence %q", s.Of(d.text))
		}
	}
}

func sharedData(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/data not available")
	}
	return dir
}

// TestGold measures token and sentence-span F1 on raw text rebuilt from the
// gold sets (run with -v to see the figures).
func TestGold(t *testing.T) {
	dir := sharedData(t)
	for _, c := range []struct {
		file       string
		tok, sents float64 // floors: regressions fail
	}{
		{"gum-wikinews/gum_news_wikinews-dev.conllu", 0.99, 0.95},
		{"gum-wikinews/gum_news_wikinews-test.conllu", 0.99, 0.93},
		{"gum-wikinews/gum_news_wikinews-train.conllu", 0.99, 0.91},
		{"ud-ewt/en_ewt-ud-dev.conllu", 0.98, 0.80},
	} {
		tf, sf := score(t, filepath.Join(dir, c.file))
		t.Logf("%s: token F1 %.4f, sentence F1 %.4f", c.file, tf, sf)
		if tf < c.tok || sf < c.sents {
			t.Errorf("%s: token F1 %.4f (floor %.2f), sentence F1 %.4f (floor %.2f)", c.file, tf, c.tok, sf, c.sents)
		}
	}
}
