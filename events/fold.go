package events

import (
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// foldSentence merges the events one sentence states of one incident, so
// that a sentence gives one record per act: a protest "demanding" or
// "denouncing" something is one PROTEST; "stormed the headquarters,
// killing five" is one ASSAULT; "killed three and wounded five", or the
// same act named twice, is one event with both counts. A second record
// stays only for a distinct act with its own actors. Violence done by
// protesters is a violent protest (PLOVER PROTEST/riot).
func (w *work) foldSentence(evs []sitrep.Event) []sitrep.Event {
	if len(evs) == 0 {
		return evs
	}
	for i := range evs {
		if e := &evs[i]; e.Type == "ASSAULT" && protesters(w.s.doc.Text, e.Source) {
			e.Type, e.Mode, e.CAMEO = "PROTEST", "riot", "145"
		}
	}
	evs = w.dropGrievances(evs)
	out := evs[:0]
	for _, e := range evs {
		merged := false
		for j := range out {
			if w.sameIncident(&out[j], &e) {
				mergeInto(&out[j], &e)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, e)
		}
	}
	return out
}

// dropGrievances drops the acts a protest in the sentence is against ("protested
// against the detention of four workers", "a sit-in over the killing of"):
// the protest's topic, told as its reason, not another event of this report.
func (w *work) dropGrievances(evs []sitrep.Event) []sitrep.Event {
	s := &w.s
	var topics []int
	for i := range evs {
		if evs[i].Type != "PROTEST" {
			continue
		}
		t := w.triggerTok(&evs[i])
		heads := []int{t}
		if g := s.governor(t); g >= 0 && !s.isVerbal(t) {
			heads = append(heads, g) // "held a protest against"
		}
		for _, h := range heads {
			for _, k := range s.children(h) {
				if r := baseRel(s.rel(int(k))); (r == "obl" || r == "nmod") && grievancePreps[s.caseOf(int(k))] {
					topics = append(topics, int(k))
				}
			}
		}
	}
	if len(topics) == 0 {
		return evs
	}
	return slices.DeleteFunc(evs, func(e sitrep.Event) bool {
		if e.Type == "PROTEST" {
			return false
		}
		te := w.triggerTok(&e)
		return slices.ContainsFunc(topics, func(k int) bool { return s.isAncestor(k, te) })
	})
}

var grievancePreps = set("against", "over", "about", "for")

// sameIncident reports whether b, stated in the same sentence as a, is part
// of a's incident.
func (w *work) sameIncident(a, b *sitrep.Event) bool {
	if a.Sentence != b.Sentence || a.Realis != b.Realis && a.Type != "PROTEST" {
		return false
	}
	ta, tb := w.triggerTok(a), w.triggerTok(b)
	switch {
	case a.Type == b.Type:
		return compatible(a.Source, b.Source) && compatible(a.Target, b.Target)
	case violent[string(a.Type)] && violent[string(b.Type)]:
		// "stormed the police headquarters, killing five".
		return (w.clauseOf(tb, ta) || w.clauseOf(ta, tb)) && compatible(a.Source, b.Source)
	case a.Type == "PROTEST" && voiced[string(b.Type)], b.Type == "PROTEST" && voiced[string(a.Type)]:
		// "protesters demanding the release of", "rallied to denounce".
		p, tp, tv := a, ta, tb
		if b.Type == "PROTEST" {
			p, tp, tv = b, tb, ta
		}
		if w.clauseOf(tv, tp) {
			return true
		}
		h := w.s.head(tv)
		return h >= 0 && w.s.rel(tv) == "acl" && len(p.Source) > 0 && p.Source[0].Span.Overlaps(w.s.doc.Tokens[h].Span)
	}
	return false
}

// clauseOf reports whether verb b details a's clause: a participle, a
// coordinated verb or a purpose clause hanging on a within two steps
// ("attacked ..., killing 12", "gathered to demand", "marched and
// demanded"); a nominal or a clause on a nominal is another act.
func (w *work) clauseOf(b, a int) bool {
	s := &w.s
	for n, v := 0, b; n < 2; n++ {
		switch s.rel(v) {
		case "advcl", "conj", "xcomp":
		default:
			return false
		}
		v = s.head(v)
		if v < 0 {
			return false
		}
		if v == a {
			return true
		}
	}
	return false
}

var (
	violent = set("ASSAULT", "COERCE")
	voiced  = set("REQUEST", "ACCUSE", "REJECT", "SUPPORT")
)

// mergeInto folds b into a: the graver type of two violent acts, actors a
// lacks, counts a lacks.
func mergeInto(a, b *sitrep.Event) {
	if a.Type != b.Type && b.Type == "ASSAULT" && a.Type == "COERCE" || b.Type == "PROTEST" && a.Type != "PROTEST" ||
		a.Type == b.Type && a.Mode == "" && b.Mode != "" {
		// The graver act, or the one that says how ("bombings ...,
		// killing nine" is ASSAULT/explosives); the trigger stays the
		// first statement's.
		a.Type, a.Mode, a.CAMEO, a.Context = b.Type, b.Mode, b.CAMEO, b.Context
	}
	if len(a.Source) == 0 {
		a.Source = b.Source
	}
	if len(a.Target) == 0 {
		a.Target = b.Target
	}
	if a.Location == nil {
		a.Location = b.Location
	}
	if a.Date == nil {
		a.Date = b.Date
	}
	mergeCounts(&a.Counts, b.Counts)
	a.Confidence = max(a.Confidence, b.Confidence)
}

// compatible reports whether two actor lists can name the same side: one is
// empty or names no coded actor ("both leaders"), or they share an actor.
func compatible(a, b []sitrep.ActorMention) bool {
	if !coded(a) || !coded(b) {
		return true
	}
	for _, x := range a {
		for _, y := range b {
			if sameActor(x.Actor, y.Actor) || x.Span == y.Span {
				return true
			}
		}
	}
	return false
}

func coded(as []sitrep.ActorMention) bool {
	for _, a := range as {
		if a.Actor.Code != "" {
			return true
		}
	}
	return false
}

// triggerTok is the token of an event's trigger word (the last of a light
// verb construction: "held talks" → talks).
func (w *work) triggerTok(e *sitrep.Event) int {
	_, end := tokenRange(w.s.doc, e.Trigger)
	if end <= w.s.first {
		return w.s.first
	}
	return end - 1
}

// protesters reports whether every source actor is named as protesters,
// demonstrators, rioters or strikers.
func protesters(text string, src []sitrep.ActorMention) bool {
	if len(src) == 0 {
		return false
	}
	for _, a := range src {
		if a.Span.End > len(text) || a.Span.Start >= a.Span.End {
			return false
		}
		t := strings.ToLower(a.Span.Of(text))
		if !strings.Contains(t, "protest") && !strings.Contains(t, "demonstrat") && !strings.Contains(t, "rioter") &&
			!strings.Contains(t, "striker") && !strings.Contains(t, "rall") {
			return false
		}
	}
	return true
}
