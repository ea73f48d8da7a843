package events

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// fromConllu builds a parsed, annotated document from CoNLL-U blocks. The MISC
// column carries the annotations the entity and geo stages would add:
// "Actor=PAK/GOV/PER" (country/sector/label; contiguous tokens with the same
// value form one entity; "-" for no country) and "Place=PAK/Kabul" (a toponym;
// "Place=PAK/Islamabad/m" for metonymy).
func fromConllu(t testing.TB, date string, blocks ...string) *sitrep.Document {
	t.Helper()
	doc := &sitrep.Document{ID: "t"}
	if date != "" {
		d, err := time.Parse("2006-01-02", date)
		if err != nil {
			t.Fatal(err)
		}
		doc.Date = d
	}
	var text strings.Builder
	for _, b := range blocks {
		first := len(doc.Tokens)
		sentStart := text.Len()
		var prevActor, prevPlace string
		glued := false // the token before had SpaceAfter=No
		for _, line := range strings.Split(strings.TrimSpace(b), "\n") {
			c := strings.Split(line, "\t")
			if len(c) < 8 {
				c = strings.Fields(line)
			}
			if len(c) < 8 || strings.HasPrefix(line, "#") {
				continue
			}
			if text.Len() > sentStart && !glued {
				text.WriteByte(' ')
			}
			start := text.Len()
			text.WriteString(c[1])
			head, _ := strconv.Atoi(c[6])
			h := -1
			if head > 0 {
				h = first + head - 1
			}
			i := len(doc.Tokens)
			doc.Tokens = append(doc.Tokens, sitrep.Token{Span: sitrep.Span{Start: start, End: text.Len()},
				Lemma: c[2], UPOS: c[3], XPOS: c[4], Head: h, Deprel: c[7]})
			misc := ""
			if len(c) > 9 {
				misc = c[9]
			}
			actor, place := "", ""
			glued = false
			for _, kv := range strings.Split(misc, "|") {
				glued = glued || kv == "SpaceAfter=No"
				if v, ok := strings.CutPrefix(kv, "Actor="); ok {
					actor = v
				}
				if v, ok := strings.CutPrefix(kv, "Place="); ok {
					place = v
				}
			}
			if actor != "" {
				if actor == prevActor {
					e := &doc.Entities[len(doc.Entities)-1]
					e.End, e.EndToken = text.Len(), i+1
				} else {
					f := strings.Split(actor, "/")
					a := &sitrep.Actor{Name: c[1]}
					if f[0] != "-" {
						a.Country = f[0]
					}
					if f[1] != "-" {
						a.Sector = f[1]
					}
					a.Code = a.Country + a.Sector
					doc.Entities = append(doc.Entities, sitrep.Entity{Span: sitrep.Span{Start: start, End: text.Len()},
						FirstToken: i, EndToken: i + 1, Label: sitrep.EntityLabel(f[2]), Actor: a})
				}
			}
			if place != "" {
				if place == prevPlace {
					tp := &doc.Toponyms[len(doc.Toponyms)-1]
					tp.End = text.Len()
				} else {
					f := strings.Split(place, "/")
					doc.Toponyms = append(doc.Toponyms, sitrep.Toponym{Span: sitrep.Span{Start: start, End: text.Len()},
						Place: sitrep.Place{Name: f[1], Country: f[0], Precision: sitrep.PrecisionCity}, Metonymy: len(f) > 2})
				}
			}
			prevActor, prevPlace = actor, place
		}
		doc.Sentences = append(doc.Sentences, sitrep.Sentence{Span: sitrep.Span{Start: sentStart, End: text.Len()},
			FirstToken: first, EndToken: len(doc.Tokens)})
		text.WriteByte('\n')
	}
	doc.Text = text.String()
	return doc
}
