package geo

import (
	"fmt"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

// Options tune recognition.
type Options struct {
	// Demonyms also reports country adjectives ("Turkish", "Syrian") as
	// toponyms, marked Demonym. Annotation guidelines differ on them.
	Demonyms bool
}

// Stage is the "geo" pipeline stage: it fills Document.Toponyms.
type Stage struct {
	g   *Gazetteer
	opt Options
	buf sync.Pool // *[]byte scratch for folded keys
}

// NewStage returns the geo stage over g.
func NewStage(g *Gazetteer, opt Options) *Stage {
	return &Stage{g: g, opt: opt, buf: sync.Pool{New: func() any { b := make([]byte, 0, 128); return &b }}}
}

// Name is "geo".
func (*Stage) Name() string { return "geo" }

// Annotate finds and resolves doc's toponyms. It tokenizes doc when no
// earlier stage has.
func (s *Stage) Annotate(doc *sitrep.Document) error {
	if len(doc.Tokens) == 0 && doc.Text != "" {
		doc.Tokens, doc.Sentences = tokenize.Tokenize(doc.Text, doc.Tokens, doc.Sentences)
	}
	if n := len(doc.Tokens); n > 0 && (doc.Tokens[n-1].End > len(doc.Text) || doc.Tokens[0].Start < 0) {
		return fmt.Errorf("geo: tokens lie outside the text (%d bytes)", len(doc.Text))
	}
	bp := s.buf.Get().(*[]byte)
	ms, b := s.g.recognize(doc, s.opt, *bp)
	*bp = b
	s.buf.Put(bp)
	s.g.resolve(doc, ms)
	ms = s.g.confirmWeak(ms)
	ms = s.g.dropStrays(doc, ms)
	doc.Toponyms = doc.Toponyms[:0]
	for i := range ms {
		m := &ms[i]
		ref := m.refs[m.best]
		t := sitrep.Toponym{Span: m.Span, Place: s.g.place(int32(ref >> refBits)), Demonym: ref&(1<<refBits-1) == refDemonym}
		t.Metonymy = !t.Demonym && (m.metonymy || metonymic(doc, m, s.g.chosen(m)))
		doc.Toponyms = append(doc.Toponyms, t)
	}
	return nil
}

// confirmWeak drops the mentions that are English words ("Centre", "Mobile")
// unless another name of the document lies in the same country: "in
// Reading" stays in a story about Berkshire, "in the Centre" does not become
// a Cameroonian region in a French one.
func (g *Gazetteer) confirmWeak(ms []mention) []mention {
	strong := map[string]bool{}
	for i := range ms {
		if !ms[i].weak {
			strong[g.chosen(&ms[i]).iso3()] = true
		}
	}
	out := ms[:0]
	for i := range ms {
		if !ms[i].weak || strong[g.chosen(&ms[i]).iso3()] {
			out = append(out, ms[i])
		}
	}
	return out
}

// dropStrays drops the towns matched by an alternate name only (see stray)
// whose country no other name of the document shares, when other names or
// its actors place the document elsewhere: a Chinese city's alternate name
// in a story about Pakistan is no Chinese city. A small town (see smallTown)
// goes the same way when at least two other names or actors do: a Peruvian
// village's name in a report on Kabul and Kandahar is no Peruvian village.
func (g *Gazetteer) dropStrays(doc *sitrep.Document, ms []mention) []mention {
	var strays, evidence int
	countries := map[string]bool{}
	for i := range doc.Entities {
		if a := doc.Entities[i].Actor; a != nil && len(a.Country) == 3 && !countries[a.Country] {
			countries[a.Country] = true // a note naming only "TTP militants" is set in Pakistan
			evidence++
		}
	}
	seen := map[uint32]bool{}
	for i := range ms {
		r := ms[i].refs[ms[i].best]
		if g.stray(r) || g.smallTown(r) {
			strays++
			continue
		}
		countries[g.entries[r>>refBits].iso3()] = true
		if !seen[r>>refBits] {
			seen[r>>refBits] = true
			evidence++
		}
	}
	if strays == 0 || len(countries) == 0 {
		return ms
	}
	out := ms[:0]
	for i := range ms {
		r := ms[i].refs[ms[i].best]
		if countries[g.entries[r>>refBits].iso3()] || !g.stray(r) && (!g.smallTown(r) || evidence < 2) {
			out = append(out, ms[i])
		}
	}
	return out
}

// Verbs whose subject is an actor, so that a country or capital before them
// stands for its government ("Washington said", "Islamabad to plead").
var agentVerbs = set("said", "says", "say", "told", "tells", "announced", "announces", "accused", "accuses",
	"warned", "warns", "urged", "urges", "rejected", "rejects", "denied", "denies", "demanded", "demands",
	"condemned", "condemns", "agreed", "agrees", "threatened", "threatens", "insisted", "insists", "claimed",
	"claims", "responded", "responds", "wants", "wanted", "hopes", "hoped", "believes", "believed", "argued",
	"argues", "vowed", "vows", "pledged", "pledges", "signed", "signs", "refused", "refuses", "plead", "pleads",
	"pleaded", "criticized", "criticised", "criticizes", "criticises", "blamed", "blames", "welcomed", "welcomes",
	"expelled", "expels", "imposed", "imposes", "sanctioned", "recognized", "recognised", "recognizes",
	"recognises", "declared", "declares", "decided", "decides", "asked", "asks", "sought", "seeks", "seek",
	"ask", "sent", "sends", "send", "protested", "protests", "summoned", "summons", "summon", "responded",
	"retaliated", "retaliates", "retaliate", "negotiated", "negotiates", "negotiate", "recalled", "recalls",
	"recall", "expel", "impose", "sign", "reject", "deny", "demand", "condemn", "warn", "urge", "accuse",
	"offered", "offers", "offer", "promised", "promises", "promise", "backed", "backs", "back", "supports",
	"supported", "support", "opposes", "opposed", "oppose", "announce", "hit", "struck", "invaded", "invades",
	"invade", "attacked", "attacks", "attack", "launched", "launches", "launch", "bombed", "bombs", "bomb")

// Verbs whose object is an actor: "warned Washington", "thanked Canada".
var addresseeVerbs = set("warned", "warns", "warn", "urged", "urges", "urge", "accused", "accuses", "accuse",
	"criticized", "criticised", "criticizes", "criticises", "told", "tells", "asked", "asks", "blamed", "blames",
	"thanked", "thanks", "praised", "praises", "pressed", "presses", "sanctioned", "sanctions", "condemned",
	"condemns", "lobbied", "informed", "notified", "summoned", "congratulated", "rebuked", "slammed")

// metonymic reports whether a country, admin-1 unit or capital stands for
// its government: the subject of an actor's verb ("Washington said", "Kabul
// has rejected", "Islamabad to plead") or the object of an addressee's verb
// ("warned Washington"). The parser's tags, where present, refine the
// subject test.
func metonymic(doc *sitrep.Document, m *mention, e *entry) bool {
	if m.end >= len(doc.Tokens) || e.kind != kCountry && e.kind != kAdmin1 && e.feat() != "PPLC" {
		return false
	}
	if m.first > 0 {
		prev := lowerWord(doc.Text, doc.Tokens[m.first-1].Span)
		if locativePreps[prev] {
			return false // "officials in Islamabad said"
		}
		if addresseeVerbs[prev] {
			return true // "Beijing has warned Washington"
		}
	}
	k := m.end
	w := lowerWord(doc.Text, doc.Tokens[k].Span)
	if w == "to" && k+1 < len(doc.Tokens) && m.opens {
		// A headline's future: "Islamabad to press Kabul".
		n := doc.Tokens[k+1]
		return isWord(doc.Text, n.Span) && !capitalised(doc.Text, n.Span)
	}
	// Skip an auxiliary or "to": "has rejected", "will send", "to plead".
	switch w {
	case "has", "have", "had", "will", "would", "is", "was", "to", "did", "does", "could", "should", "must", "may", "might", "also":
		if k+1 < len(doc.Tokens) {
			k++
			w = lowerWord(doc.Text, doc.Tokens[k].Span)
		}
	}
	if !agentVerbs[w] {
		return false
	}
	// A tagged verb confirms it; an untagged one is taken at its word.
	t := doc.Tokens[k]
	return t.UPOS == "" || t.UPOS == "VERB" || t.UPOS == "AUX"
}
