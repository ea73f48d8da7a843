package quotes

import (
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nlp"
)

func TestQuotationMarks(t *testing.T) {
	text := "He said “we will win” and ''they know it.'' A stray \" here\nends with the paragraph. ``Old style''"
	var got []string
	for _, m := range quotationMarks(text) {
		got = append(got, m.Of(text))
	}
	want := []string{"“we will win”", "''they know it.''", "\" here", "``Old style''"}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("quotation %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestAttribute(t *testing.T) {
	text := "The TTP said its fighters attacked the post."
	span := func(s string) sitrep.Span {
		for i := 0; i+len(s) <= len(text); i++ {
			if text[i:i+len(s)] == s {
				return sitrep.Span{Start: i, End: i + len(s)}
			}
		}
		t.Fatalf("%q not in text", s)
		return sitrep.Span{}
	}
	ttp := &sitrep.Actor{ID: "ttp", Name: "Tehrik-i-Taliban Pakistan", Code: "PAKREB"}
	doc := &sitrep.Document{Text: text,
		Quotes: []sitrep.Quote{{Content: span("its fighters attacked the post"), Speaker: span("The TTP"), Actor: ttp, Cue: span("said")}},
		Events: []sitrep.Event{
			{Type: "ASSAULT", Realis: sitrep.Claimed, Trigger: span("attacked")},
			{Type: "ASSAULT", Realis: sitrep.Asserted, Trigger: span("attacked")},
		}}
	Attribute(doc)
	if a := doc.Events[0].AttributedTo; a == nil || a.Name != ttp.Name || a.Span != span("The TTP") {
		t.Errorf("claim attributed to %+v", a)
	}
	if doc.Events[1].AttributedTo != nil {
		t.Error("an asserted event was attributed")
	}
}

// quotesOf parses text and returns its quotes as content|speaker|cue
// strings.
func quotesOf(t *testing.T, text string) []string {
	t.Helper()
	p, err := nlp.Load()
	if err != nil {
		t.Fatal(err)
	}
	doc := &sitrep.Document{Text: text}
	if err := p.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if err := New().Annotate(doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range doc.Quotes {
		out = append(out, q.Content.Of(text)+"|"+q.Speaker.Of(text)+"|"+q.Cue.Of(text))
	}
	return out
}

func checkQuotes(t *testing.T, text string, want ...string) {
	t.Helper()
	got := quotesOf(t, text)
	if !slices.Equal(got, want) {
		t.Errorf("%s\n got %q\nwant %q", text, got, want)
	}
}

// A cue inside a quotation belongs to the quoted speaker; the article
// attributes the whole quotation to the speaker outside it.
func TestCueInsideQuotation(t *testing.T) {
	checkQuotes(t, "“I think we will win the vote,” the senator said on Monday.",
		"“I think we will win the vote,”|the senator|said")
}

// The speaker of a participle cue is the subject of the clause it
// modifies; after a quotation the subject may follow the cue.
func TestSpeakerOfParticipleAndInversion(t *testing.T) {
	checkQuotes(t, "The governor released a statement on Monday, saying that the plan would fail.",
		"that the plan would fail|The governor|saying")
	checkQuotes(t, "“The bridge will reopen in May,” said Jane Smith, the council's engineer.",
		"“The bridge will reopen in May,”|Jane Smith, the council's engineer|said")
}

// A verb of communication with an object reports what its subject said of
// it.
func TestCommunicationObject(t *testing.T) {
	checkQuotes(t, "The senator criticized the governor for raising taxes.",
		"the governor for raising taxes|The senator|criticized")
}

// A verb of thought or feeling with an open complement reports an
// intention or belief; the complement runs on through what the parse hung
// on the cue.
func TestAttitudeComplement(t *testing.T) {
	checkQuotes(t, "The mayor wants to rebuild the bridge before the election.",
		"to rebuild the bridge before the election|The mayor|wants")
}

// A quotation broken by its cue is one quote.
func TestQuotationBrokenByCue(t *testing.T) {
	checkQuotes(t, "“We will win this election,” the candidate said on Monday, “and we will win it by a wide margin.”",
		"“We will win this election,” the candidate said on Monday, “and we will win it by a wide margin.”|the candidate|said")
}

// A few quoted words after the cue are part of the reported clause.
func TestPartialQuotation(t *testing.T) {
	got := quotesOf(t, "The governor said on Tuesday that the new budget was “a disaster for families” and should be withdrawn.")
	if len(got) != 1 || !strings.HasPrefix(got[0], "that the new budget was “a disaster for families”") {
		t.Errorf("got %q", got)
	}
}

// A paragraph that opens with a speaker's label and a colon is that
// speaker's turn; the cues inside it are the speaker's own.
func TestTurns(t *testing.T) {
	checkQuotes(t, "HOST: Welcome back to the show.\n\nSMITH: I think the vote will be close.",
		"Welcome back to the show.|HOST|:", "I think the vote will be close.|SMITH|:")
}

// A quotation that opens right after the sentence of the previous quote's
// cue, in the same paragraph, continues that quote.
func TestQuotationAfterCueSentence(t *testing.T) {
	text := "“We will not give up on this city,” the mayor said on Monday at a dinner for local business owners in the old town hall. “We will rebuild.”"
	checkQuotes(t, text, text+"|the mayor|said")
}

// An attribution inside the content of another is the outer speaker's.
func TestNestedAttribution(t *testing.T) {
	got := quotesOf(t, "The official said the minister told the police that the road would stay closed.")
	if len(got) != 1 || !strings.HasSuffix(got[0], "|The official|said") {
		t.Errorf("got %q", got)
	}
}

// A passive verb of thinking reports its raised subject's predicate and
// leaves the source unsaid.
func TestPassiveRaising(t *testing.T) {
	checkQuotes(t, "The bill is expected to pass the Senate next week.",
		"The bill is expected to pass the Senate next week||is expected")
}

// After a quotation the cue's subject may follow it even where the parse
// hung the name elsewhere.
func TestInvertedSpeakerMisattached(t *testing.T) {
	got := quotesOf(t, "\"We need more money for the schools and the roads,\" said Maria L. Gonzalez, a Denver teacher who has worked in public education for twenty years.")
	if len(got) != 1 || !strings.Contains(got[0], "|Maria L. Gonzalez") {
		t.Errorf("got %q", got)
	}
}

// A parenthetical cue stands inside the clause it reports.
func TestParentheticalCue(t *testing.T) {
	got := quotesOf(t, "The new bridge, officials said, will open to traffic by the end of the year.")
	if len(got) != 1 || !strings.HasPrefix(got[0], "The new bridge, officials said, will open to traffic by the end of the year|officials|said") {
		t.Errorf("got %q", got)
	}
}

// A participle set off by a comma, or a phrase set off by a dash, at the
// end of the reported clause comments on it.
func TestFreeAdjunct(t *testing.T) {
	got := quotesOf(t, "The minister said the talks had failed, leaving the two sides further apart than before.")
	if len(got) != 1 || !strings.HasPrefix(got[0], "the talks had failed|") {
		t.Errorf("got %q", got)
	}
}

// Where the parse gave a finite cue nothing to read (here: no relations at
// all), the cue still reads "X said Y" from the words.
func TestFlatCue(t *testing.T) {
	p, err := nlp.Load()
	if err != nil {
		t.Fatal(err)
	}
	text := "On Monday, the state party director said the plan would fail in the end."
	doc := &sitrep.Document{Text: text}
	if err := p.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	for i := range doc.Tokens {
		doc.Tokens[i].Head, doc.Tokens[i].Deprel = -1, "dep"
	}
	if err := New().Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Quotes) != 1 {
		t.Fatalf("got %d quotes", len(doc.Quotes))
	}
	q := doc.Quotes[0]
	if got := q.Content.Of(text) + "|" + q.Speaker.Of(text) + "|" + q.Cue.Of(text); got != "the plan would fail in the end|the state party director|said" {
		t.Errorf("got %q", got)
	}
}

// A cue followed by a clause reports that clause, whatever the parse made
// of the words before it.
func TestCueBeforeClause(t *testing.T) {
	got := quotesOf(t, "Brown, a former state Green Party communications director, said the trouble with the plan is that few farmers know about it.")
	if len(got) != 1 || !strings.HasPrefix(got[0], "the trouble with the plan is that few farmers know about it|Brown, a former") {
		t.Errorf("got %q", got)
	}
}
