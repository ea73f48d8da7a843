// Package eval measures the event coder on gold sets: PETRARCH's coding
// suites (PLOVER type and type-source-target triples, scored as the shared
// score.py does), event-location attachment, and document-level event types.
package eval

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/lexicon"
)

// Annotator runs a pipeline over one document.
type Annotator func(doc *sitrep.Document) error

// PRF is precision, recall and F1.
type PRF struct{ P, R, F float64 }

func prf(tp, fp, fn int) PRF {
	var p, r, f float64
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{p, r, f}
}

// PETRRecord is one sentence of a PETRARCH suite with its gold codings.
type PETRRecord struct {
	ID   string
	Date time.Time
	Text string
	Gold []Coding
}

// Coding is one gold event: CAMEO code, source and target actor codes.
type Coding struct{ CAMEO, Source, Target string }

var (
	reSentence = regexp.MustCompile(`<Sentence\b`)
	reAttr     = regexp.MustCompile(`(\w+)="([^"]*)"`)
	reCoding   = regexp.MustCompile(`<EventCoding\b([^>]*)>`)
	reText     = regexp.MustCompile(`(?s)<Text>(.*?)</Text>`)
	reComment  = regexp.MustCompile(`(?s)<!--.*?-->`)
	reCodingEl = regexp.MustCompile(`<EventCoding\b[^>]*>(</EventCoding>)?`)
	reBodyEnd  = regexp.MustCompile(`\(ROOT|<Parse>|</Sentence>|<Sentence`)
)

// ReadPETR reads a PETRARCH XML suite or a TABARI-style validation file,
// skipping records marked evaluate="false", as the shared scorer does.
func ReadPETR(path string) ([]PETRRecord, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	blocks := reSentence.Split(string(raw), -1)
	var out []PETRRecord
	for _, b := range blocks[1:] {
		head, body, _ := strings.Cut(b, ">")
		attrs := map[string]string{}
		for _, m := range reAttr.FindAllStringSubmatch(head, -1) {
			attrs[m[1]] = m[2]
		}
		if attrs["evaluate"] == "false" {
			continue
		}
		r := PETRRecord{ID: attrs["id"]}
		for _, m := range reCoding.FindAllStringSubmatch(b, -1) {
			a := map[string]string{}
			for _, kv := range reAttr.FindAllStringSubmatch(m[1], -1) {
				a[kv[1]] = kv[2]
			}
			if c, ok := a["eventcode"]; ok {
				src, tgt := a["sourcecode"], a["targetcode"]
				if _, ok := a["sourcecode"]; !ok {
					src = "---"
				}
				if _, ok := a["targetcode"]; !ok {
					tgt = "---"
				}
				r.Gold = append(r.Gold, Coding{c, src, tgt})
			}
		}
		if m := reText.FindStringSubmatch(b); m != nil {
			r.Text = strings.Join(strings.Fields(m[1]), " ")
		} else {
			body = reComment.ReplaceAllString(body, "")
			body = reCodingEl.ReplaceAllString(body, "")
			body = reBodyEnd.Split(body, 2)[0]
			r.Text = strings.Join(strings.Fields(body), " ")
		}
		if r.Text == "" {
			continue
		}
		d := attrs["date"]
		if t, err := time.Parse("20060102", d); err == nil {
			r.Date = t
		} else {
			r.Date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no PETRARCH records", path)
	}
	return out, nil
}

// PETRResult holds the suite figures.
type PETRResult struct {
	Sentences    int
	Type, Triple PRF
}

// String is the report of `sitrep eval petr` on one suite.
func (r PETRResult) String() string {
	return fmt.Sprintf("sentences %d; type P %.3f R %.3f F1 %.3f; triple P %.3f R %.3f F1 %.3f",
		r.Sentences, r.Type.P, r.Type.R, r.Type.F, r.Triple.P, r.Triple.R, r.Triple.F)
}

// PETR codes every record with annotate and scores PLOVER types (through
// the CAMEO map) and (type, source country, target country) triples per
// sentence, micro-averaged over sets as score.py's `petr` verb does.
func PETR(records []PETRRecord, annotate Annotator) (PETRResult, error) {
	type key struct{ doc, typ, src, tgt string }
	gt, pt := map[key]bool{}, map[key]bool{}
	gx, px := map[key]bool{}, map[key]bool{}
	for _, r := range records {
		for _, c := range r.Gold {
			typ := lexicon.PLOVER(c.CAMEO)
			if typ == "" {
				continue
			}
			gt[key{r.ID, typ, "", ""}] = true
			gx[key{r.ID, typ, country3(c.Source), country3(c.Target)}] = true
		}
		doc := &sitrep.Document{ID: r.ID, Text: r.Text, Date: r.Date, Format: "text"}
		if err := annotate(doc); err != nil {
			return PETRResult{}, fmt.Errorf("%s: %w", r.ID, err)
		}
		for _, e := range doc.Events {
			pt[key{r.ID, string(e.Type), "", ""}] = true
			for _, s := range countries(e.Source) {
				for _, t := range countries(e.Target) {
					px[key{r.ID, string(e.Type), s, t}] = true
				}
			}
		}
	}
	score := func(g, p map[key]bool) PRF {
		tp := 0
		for k := range p {
			if g[k] {
				tp++
			}
		}
		return prf(tp, len(p)-tp, len(g)-tp)
	}
	return PETRResult{Sentences: len(records), Type: score(gt, pt), Triple: score(gx, px)}, nil
}

func country3(code string) string {
	if code == "" {
		return "---"
	}
	if len(code) > 3 {
		code = code[:3]
	}
	return strings.ToUpper(code)
}

// countries are the first three letters of each actor's country or code, as
// score.py compares them; "---" for none.
func countries(as []sitrep.ActorMention) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range as {
		c := a.Country
		if c == "" {
			c = a.Code
		}
		if c == "" {
			continue
		}
		c = country3(c)
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		out = []string{"---"}
	}
	return out
}
