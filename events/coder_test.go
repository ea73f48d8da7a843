package events

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/lexicon"
)

const (
	sentTalks = `
1	Pakistan	Pakistan	PROPN	NNP	_	2	nsubj	_	Actor=PAK/-/GPE
2	pursued	pursue	VERB	VBD	_	0	root	_	_
3	peace	peace	NOUN	NN	_	4	compound	_	_
4	talks	talk	NOUN	NNS	_	2	obj	_	_
5	with	with	ADP	IN	_	6	case	_	_
6	TTP	TTP	PROPN	NNP	_	4	nmod	_	Actor=PAK/REB/ORG
7	.	.	PUNCT	.	_	2	punct	_	_`
	sentRuledOut = `
1	Russia	Russia	PROPN	NNP	_	4	nsubj	_	Actor=RUS/-/GPE
2	and	and	CCONJ	CC	_	3	cc	_	_
3	Pakistan	Pakistan	PROPN	NNP	_	1	conj	_	Actor=PAK/-/GPE
4	ruled	rule	VERB	VBD	_	0	root	_	_
5	out	out	ADP	RP	_	4	compound:prt	_	_
6	granting	grant	VERB	VBG	_	4	xcomp	_	_
7	legitimacy	legitimacy	NOUN	NN	_	6	obj	_	_
8	to	to	ADP	IN	_	9	case	_	_
9	Taliban	Taliban	PROPN	NNP	_	6	obl	_	Actor=AFG/GOV/ORG
10	.	.	PUNCT	.	_	4	punct	_	_`
	sentPassive = `
1	Protesters	protester	NOUN	NNS	_	3	nsubj:pass	_	Actor=-/OPP/AGENT
2	were	be	AUX	VBD	_	3	aux:pass	_	_
3	arrested	arrest	VERB	VBN	_	0	root	_	_
4	by	by	ADP	IN	_	5	case	_	_
5	police	police	NOUN	NN	_	3	obl	_	Actor=-/COP/AGENT
6	in	in	ADP	IN	_	7	case	_	_
7	Lahore	Lahore	PROPN	NNP	_	3	obl	_	Place=PAK/Lahore
8	on	on	ADP	IN	_	9	case	_	_
9	Wednesday	Wednesday	PROPN	NNP	_	3	obl	_	_
10	,	,	PUNCT	,	_	12	punct	_	_
11	officials	official	NOUN	NNS	_	12	nsubj	_	_
12	said	say	VERB	VBD	_	3	parataxis	_	_
13	.	.	PUNCT	.	_	3	punct	_	_`
	sentClaimed = `
1	The	the	DET	DT	_	2	det	_	_
2	TTP	TTP	PROPN	NNP	_	4	nsubj	_	Actor=PAK/REB/ORG
3	has	have	AUX	VBZ	_	4	aux	_	_
4	claimed	claim	VERB	VBN	_	0	root	_	_
5	responsibility	responsibility	NOUN	NN	_	4	obj	_	_
6	for	for	ADP	IN	_	9	case	_	_
7	over	over	ADV	RB	_	8	advmod	_	_
8	150	150	NUM	CD	_	9	nummod	_	_
9	attacks	attack	NOUN	NNS	_	5	nmod	_	_
10	against	against	ADP	IN	_	13	case	_	_
11	the	the	DET	DT	_	13	det	_	_
12	security	security	NOUN	NN	_	13	compound	_	Actor=-/MIL/AGENT
13	forces	force	NOUN	NNS	_	9	nmod	_	Actor=-/MIL/AGENT
14	in	in	ADP	IN	_	17	case	_	_
15	the	the	DET	DT	_	17	det	_	_
16	last	last	ADJ	JJ	_	17	amod	_	_
17	months	month	NOUN	NNS	_	4	obl	_	_
18	.	.	PUNCT	.	_	4	punct	_	_`
)

// code codes doc, and checks on the way that the pipeline would have parsed
// every sentence it codes an event in (MayCode).
func code(t *testing.T, doc *sitrep.Document) []sitrep.Event {
	t.Helper()
	c := New(Options{})
	if err := c.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	for _, ev := range doc.Events {
		if s := doc.Sentences[ev.Sentence]; !c.MayCode(doc, s.FirstToken, s.EndToken) {
			t.Errorf("MayCode skips %q, which yields %s", doc.Text[s.Start:s.End], ev.Type)
		}
	}
	return doc.Events
}

func codesOf(as []sitrep.ActorMention) string { return codes(as) }

func TestNominalTriggerWithLightVerb(t *testing.T) {
	evs := code(t, fromConllu(t, "2023-01-20", sentTalks))
	if len(evs) != 1 {
		t.Fatalf("%d events: %+v", len(evs), evs)
	}
	e := evs[0]
	if e.Type != "CONSULT" || codesOf(e.Source) != "PAK " || codesOf(e.Target) != "PAKREB " || e.Realis != sitrep.Asserted {
		t.Errorf("got %s %q→%q %s", e.Type, codesOf(e.Source), codesOf(e.Target), e.Realis)
	}
	if e.Confidence <= 0 || e.Confidence >= 1 || len(e.Evidence) != 1 || e.ID != "t-CONSULT-"+strconv.Itoa(e.Trigger.Start) {
		t.Errorf("confidence %v evidence %v id %q", e.Confidence, e.Evidence, e.ID)
	}
}

func TestRuledOutIsRejectNotGrant(t *testing.T) {
	evs := code(t, fromConllu(t, "", sentRuledOut))
	if len(evs) != 1 || evs[0].Type != "REJECT" || codesOf(evs[0].Source) != "RUS PAK " || codesOf(evs[0].Target) != "AFGGOV " {
		t.Fatalf("got %+v", evs)
	}
}

func TestPassiveLocationDateAttribution(t *testing.T) {
	evs := code(t, fromConllu(t, "2023-01-20", sentPassive))
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	e := evs[0]
	// The generic agents take the country of the place the sentence names.
	if e.Type != "COERCE" || e.CAMEO != "173" || codesOf(e.Source) != "PAKCOP " || codesOf(e.Target) != "PAKOPP " {
		t.Errorf("got %s %s %q→%q", e.Type, e.CAMEO, codesOf(e.Source), codesOf(e.Target))
	}
	if e.Location == nil || e.Location.Name != "Lahore" {
		t.Errorf("location %+v", e.Location)
	}
	if e.Date == nil || e.Date.Start.Format("2006-01-02") != "2023-01-18" || e.Date.Precision != "day" {
		t.Errorf("date %+v", e.Date)
	}
}

func TestClaimedCountsAgentCountry(t *testing.T) {
	doc := fromConllu(t, "2023-01-20", sentTalks, sentClaimed)
	evs := code(t, doc)
	var a *sitrep.Event
	for i := range evs {
		if evs[i].Type == "ASSAULT" {
			a = &evs[i]
		}
	}
	if a == nil {
		t.Fatalf("no ASSAULT in %+v", evs)
	}
	if codesOf(a.Source) != "PAKREB " || codesOf(a.Target) != "PAKMIL " {
		t.Errorf("actors %q→%q", codesOf(a.Source), codesOf(a.Target))
	}
	if a.Counts.Events != 150 || a.Counts.Killed != -1 {
		t.Errorf("counts %+v", a.Counts)
	}
	if a.Realis != sitrep.Claimed || a.AttributedTo == nil || a.AttributedTo.Code != "PAKREB" {
		t.Errorf("realis %s by %+v", a.Realis, a.AttributedTo)
	}
}

func TestDedupKeepsEvidence(t *testing.T) {
	doc := fromConllu(t, "2023-01-20", sentClaimed, sentTalks, sentClaimed)
	evs := code(t, doc)
	n := 0
	for _, e := range evs {
		if e.Type == "ASSAULT" {
			n++
			if len(e.Evidence) != 2 || e.Evidence[0] == e.Evidence[1] {
				t.Errorf("evidence %v", e.Evidence)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d ASSAULT events after dedup", n)
	}
}

func TestEmptyAndUnparsed(t *testing.T) {
	c := New(Options{})
	for _, doc := range []*sitrep.Document{{}, {Text: "x", Tokens: []sitrep.Token{{Head: 5}}, Sentences: []sitrep.Sentence{{FirstToken: 0, EndToken: 1}}}} {
		if err := c.Annotate(doc); err != nil || len(doc.Events) != 0 {
			t.Errorf("%v %v", err, doc.Events)
		}
	}
}

func BenchmarkAnnotate(b *testing.B) {
	blocks := []string{}
	for range 25 {
		blocks = append(blocks, sentTalks, sentRuledOut, sentPassive, sentClaimed)
	}
	doc := fromConllu(b, "2023-01-20", blocks...)
	c := New(Options{})
	b.SetBytes(int64(len(doc.Text)))
	b.ResetTimer()
	for range b.N {
		if err := c.Annotate(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMainEvent(t *testing.T) {
	m, err := doctype.Default()
	if err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "", sentTalks)
	if err := New(Options{DocTypes: m}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(lexicon.Types, string(doc.MainEvent)) {
		t.Errorf("main event %q", doc.MainEvent)
	}
}

// "X and Y met" has no target: each met the other, which --require-dyad keeps.
func TestCompoundSubjectRequireDyad(t *testing.T) {
	const met = `
1	Russia	Russia	PROPN	NNP	_	4	nsubj	_	Actor=RUS/-/GPE
2	and	and	CCONJ	CC	_	3	cc	_	_
3	Pakistan	Pakistan	PROPN	NNP	_	1	conj	_	Actor=PAK/-/GPE
4	met	meet	VERB	VBD	_	0	root	_	_
5	.	.	PUNCT	.	_	4	punct	_	_`
	doc := fromConllu(t, "2023-01-20", met)
	if err := New(Options{RequireDyad: true}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range doc.Events {
		got = append(got, string(e.Type)+" "+codes(e.Source)+">"+codes(e.Target))
	}
	if len(got) != 2 || got[0][:7] != "CONSULT" {
		t.Errorf("events %v, want RUS>PAK and PAK>RUS", got)
	}
}

// Where dyads are required (PETRARCH), a compound subject without a target
// acts on itself pairwise whatever the event ("Gondor and Osgiliath delayed
// their meeting"); otherwise only mutual events pair up.
func TestCompoundSubjectPairsUnderDyads(t *testing.T) {
	const attacked = `
1	Russia	Russia	PROPN	NNP	_	4	nsubj	_	Actor=RUS/-/GPE
2	and	and	CCONJ	CC	_	3	cc	_	_
3	Pakistan	Pakistan	PROPN	NNP	_	1	conj	_	Actor=PAK/-/GPE
4	attacked	attack	VERB	VBD	_	0	root	_	_
5	.	.	PUNCT	.	_	4	punct	_	_`
	for _, dyads := range []bool{false, true} {
		doc := fromConllu(t, "2023-01-20", attacked)
		if err := New(Options{RequireDyad: dyads}).Annotate(doc); err != nil {
			t.Fatal(err)
		}
		want := 1
		if dyads {
			want = 2
		}
		if len(doc.Events) != want || dyads && len(doc.Events[0].Target) != 1 {
			t.Errorf("dyads %v: %d events %+v, want %d", dyads, len(doc.Events), doc.Events, want)
		}
	}
}

// PETRARCH patterns place actors with markers: "- * AT ^ +" skips the noun
// phrase after "at" and targets the next actor.
func TestPETRARCHMarkers(t *testing.T) {
	const warned = `
1	Ithilen	Ithilen	PROPN	NNP	_	2	nsubj	_	Actor=ITH/-/GPE
2	warned	warn	VERB	VBD	_	0	root	_	_
3	at	at	ADP	IN	_	6	case	_	_
4	the	the	DET	DT	_	6	det	_	_
5	United	United	PROPN	NNP	_	6	compound	_	Actor=UAE/-/GPE
6	Emirates	Emirates	PROPN	NNPS	_	2	obl	_	Actor=UAE/-/GPE
7	of	of	ADP	IN	_	9	case	_	_
8	the	the	DET	DT	_	9	det	_	_
9	Prince	Prince	PROPN	NNP	_	2	obl	_	Actor=DOL/-/PER
10	.	.	PUNCT	.	_	2	punct	_	_`
	lx := lexicon.Default()
	if err := lx.LoadPETRARCH(strings.NewReader("--- WARN  [160] ---\nWARN\n- * AT ^ +  [162]\n")); err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "1999-08-09", warned)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Events) != 1 || doc.Events[0].CAMEO != "162" || codes(doc.Events[0].Source) != "ITH " || codes(doc.Events[0].Target) != "DOL " {
		t.Fatalf("events %+v, want 162 ITH > DOL", doc.Events)
	}
}

// PETRARCH takes the first actor after the verb as its target, a place
// included; our own coding does not make a place in a locative the target,
// but names the thing criticized.
func TestPETRARCHFirstActorTarget(t *testing.T) {
	const criticized = `
1	Hamfast	Hamfast	PROPN	NNP	_	2	nsubj	_	Actor=HOB/-/PER
2	criticized	criticize	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	closure	closure	NOUN	NN	_	2	obj	_	_
5	of	of	ADP	IN	_	6	case	_	_
6	houses	house	NOUN	NNS	_	4	nmod	_	_
7	in	in	ADP	IN	_	8	case	_	_
8	Bree	Bree	PROPN	NNP	_	6	nmod	_	Actor=BRE/-/GPE|Place=BRE/Bree
9	.	.	PUNCT	.	_	2	punct	_	_`
	lx := lexicon.Default()
	if err := lx.LoadPETRARCH(strings.NewReader("--- CRITICIZE  [121] ---\nCRITICIZE\n")); err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "2012-11-09", criticized)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Events) != 1 || codes(doc.Events[0].Target) != "BRE " {
		t.Fatalf("PETRARCH: events %+v, want HOB > BRE", doc.Events)
	}
	for _, e := range code(t, fromConllu(t, "2012-11-09", criticized)) {
		if codes(e.Target) != " " || len(e.Target) != 1 || e.Target[0].Actor.Name != "closure" {
			t.Errorf("own lexicon: want the thing criticized as the target, not the place in a locative: %+v", e.Target)
		}
	}
}

// "The ambassadors of Arnor, Osgiliath and Gondor": an agent of coordinated
// countries is one actor per country.
func TestAgentOfCoordinatedCountries(t *testing.T) {
	const presented = `
1	The	the	DET	DT	_	2	det	_	_
2	ambassadors	ambassador	NOUN	NNS	_	9	nsubj	_	Actor=ARN/GOV/AGENT
3	of	of	ADP	IN	_	4	case	_	_
4	Arnor	Arnor	PROPN	NNP	_	2	nmod	_	Actor=ARN/-/GPE
5	,	,	PUNCT	,	_	6	punct	_	_
6	Osgiliath	Osgiliath	PROPN	NNP	_	4	conj	_	Actor=OSG/-/GPE
7	and	and	CCONJ	CC	_	8	cc	_	_
8	Gondor	Gondor	PROPN	NNP	_	4	conj	_	Actor=GON/-/GPE
9	met	meet	VERB	VBD	_	0	root	_	_
10	Ithilen	Ithilen	PROPN	NNP	_	9	obj	_	Actor=ITH/-/GPE
11	.	.	PUNCT	.	_	9	punct	_	_`
	evs := code(t, fromConllu(t, "1995-01-08", presented))
	if len(evs) != 1 || codes(evs[0].Source) != "ARNGOV OSGGOV GONGOV " || codes(evs[0].Target) != "ITH " {
		t.Fatalf("events %+v, want ARN, OSG, GON > ITH", evs)
	}
}

// The complement of a refusal is coded as the refusal, unless a pattern
// names the refusal itself ("- HAS &NEGSYN2 *": "has declined to urge").
func TestRefusalPattern(t *testing.T) {
	const declined = `
1	Calenardhon	Calenardhon	PROPN	NNP	_	3	nsubj	_	Actor=CAL/-/GPE
2	has	have	AUX	VBZ	_	3	aux	_	_
3	declined	decline	VERB	VBN	_	0	root	_	_
4	to	to	PART	TO	_	5	mark	_	_
5	urge	urge	VERB	VB	_	3	xcomp	_	_
6	Bree	Bree	PROPN	NNP	_	5	obj	_	Actor=BRE/-/GPE
7	.	.	PUNCT	.	_	3	punct	_	_`
	for _, c := range []struct{ dict, want string }{
		{"--- URGE  [102] ---\nURGE\n", ""},
		{"&NEGSYN2\n+NOT\n+DECLINED\n\n--- URGE  [102] ---\nURGE\n- HAS &NEGSYN2 *  [121]\n", "121"},
	} {
		lx := lexicon.Default()
		if err := lx.LoadPETRARCH(strings.NewReader(c.dict)); err != nil {
			t.Fatal(err)
		}
		doc := fromConllu(t, "1995-01-18", declined)
		if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, e := range doc.Events {
			got += e.CAMEO
		}
		if got != c.want {
			t.Errorf("%q: coded %q, want %q", c.dict, got, c.want)
		}
	}
}

// "Estonia's is about to restore ties": a possessive subject is still the
// subject; "reconciliation between X and Y": every conjunct is a target.
func TestPossessiveSubjectCoordinatedOblique(t *testing.T) {
	const restore = `
1	Estonia	Estonia	PROPN	NNP	_	4	nsubj	_	Actor=EST/-/GPE
2	's	's	PART	POS	_	1	case	_	_
3	is	be	AUX	VBZ	_	4	cop	_	_
4	about	about	ADJ	JJ	_	0	root	_	_
5	to	to	PART	TO	_	6	mark	_	_
6	restore	restore	VERB	VB	_	4	xcomp	_	_
7	ties	tie	NOUN	NNS	_	6	obj	_	_
8	with	with	ADP	IN	_	9	case	_	_
9	Libya	Libya	PROPN	NNP	_	7	nmod	_	Actor=LBY/-/GPE
10	.	.	PUNCT	.	_	4	punct	_	_`
	const permit = `
1	Arnor	Arnor	PROPN	NNP	_	3	nsubj	_	Actor=ARN/-/GPE
2	may	may	AUX	MD	_	3	aux	_	_
3	permit	permit	VERB	VB	_	0	root	_	_
4	reconciliation	reconciliation	NOUN	NN	_	3	obj	_	_
5	between	between	ADP	IN	_	6	case	_	_
6	Calenardhon	Calenardhon	PROPN	NNP	_	3	obl	_	Actor=CAL/-/GPE
7	and	and	CCONJ	CC	_	8	cc	_	_
8	Ithilen	Ithilen	PROPN	NNP	_	6	conj	_	Actor=ITH/-/GPE
9	.	.	PUNCT	.	_	3	punct	_	_`
	lx := lexicon.Default()
	if err := lx.LoadPETRARCH(strings.NewReader("--- RESTORE  [064] ---\nRESTORE\n\n--- PERMIT  [060] ---\nPERMIT\n")); err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "1995-01-01", restore)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Events) != 1 || codes(doc.Events[0].Source) != "EST " {
		t.Errorf("Estonia's: events %+v", doc.Events)
	}
	doc = fromConllu(t, "1995-01-01", permit)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Events) != 1 || codes(doc.Events[0].Target) != "CAL ITH " {
		t.Errorf("between X and Y: events %+v", doc.Events)
	}
}

// "Ethiopia departs from Libya", tagged as a noun compound, is a verb.
func TestNameThenVerb(t *testing.T) {
	const departs = `
1	Ethiopia	Ethiopia	PROPN	NNP	_	2	compound	_	Actor=ETH/-/GPE
2	departs	depart	NOUN	NNS	_	0	root	_	_
3	from	from	ADP	IN	_	4	case	_	_
4	Libya	Libya	PROPN	NNP	_	2	nmod	_	Actor=LBY/-/GPE
5	.	.	PUNCT	.	_	2	punct	_	_`
	lx := lexicon.Default()
	if err := lx.LoadPETRARCH(strings.NewReader("--- DEPART [032]  ---\nDEPART\n")); err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "1995-01-01", departs)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Events) != 1 || codes(doc.Events[0].Source) != "ETH " || codes(doc.Events[0].Target) != "LBY " {
		t.Fatalf("events %+v, want ETH > LBY", doc.Events)
	}
}

// "Gollum noted would now boycott X": a complement clause without a subject
// shares its governor's.
func TestSubjectlessComplement(t *testing.T) {
	const noted = `
1	Gollum	Gollum	PROPN	NNP	_	2	nsubj	_	Actor=HOB/-/PER
2	noted	note	VERB	VBD	_	0	root	_	_
3	would	would	AUX	MD	_	5	aux	_	_
4	now	now	ADV	RB	_	5	advmod	_	_
5	boycott	boycott	VERB	VB	_	2	ccomp	_	_
6	Gondor	Gondor	PROPN	NNP	_	5	obj	_	Actor=GON/-/GPE
7	.	.	PUNCT	.	_	2	punct	_	_`
	lx := lexicon.Default()
	if err := lx.LoadPETRARCH(strings.NewReader("--- BOYCOTT  [191] ---\nBOYCOTT\n")); err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "1992-01-02", noted)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if evs := doc.Events; len(evs) != 1 || codes(evs[0].Source) != "HOB " || codes(evs[0].Target) != "GON " {
		t.Fatalf("events %+v, want HOB > GON", evs)
	}
}

// "- NOTED + *" makes the subject of "regretted" its target: the doer is
// the subject of "noted".
func TestMarkedSubjectTarget(t *testing.T) {
	const noted = `
1	Falastur	Falastur	PROPN	NNP	_	2	nsubj	_	Actor=GON/GOV/PER
2	noted	note	VERB	VBD	_	0	root	_	_
3	that	that	SCONJ	IN	_	6	mark	_	_
4	North	North	PROPN	NNP	_	5	compound	_	Actor=YEM/-/GPE
5	Yemen	Yemen	PROPN	NNP	_	6	nsubj	_	Actor=YEM/-/GPE
6	regretted	regret	VERB	VBD	_	2	ccomp	_	_
7	it	it	PRON	PRP	_	6	obj	_	_
8	.	.	PUNCT	.	_	2	punct	_	_`
	lx := lexicon.Default()
	if err := lx.LoadPETRARCH(strings.NewReader("--- REGRET  [111] ---\nREGRET  {REGRETTED REGRETS}\n- NOTED + *  [115]\n")); err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "1995-01-10", noted)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if evs := doc.Events; len(evs) != 1 || evs[0].CAMEO != "115" || codes(evs[0].Source) != "GONGOV " || codes(evs[0].Target) != "YEM " {
		t.Fatalf("events %+v, want 115 GON > YEM", evs)
	}
}

// "welcomed memos sent by Bree": the doer of the object is the target.
func TestObjectParticipleAgent(t *testing.T) {
	const welcomed = `
1	Calenardhon	Calenardhon	PROPN	NNP	_	2	nsubj	_	Actor=CAL/-/GPE
2	welcomed	welcome	VERB	VBD	_	0	root	_	_
3	memos	memo	NOUN	NNS	_	2	obj	_	_
4	sent	send	VERB	VBN	_	3	acl	_	_
5	by	by	ADP	IN	_	6	case	_	_
6	Bree	Bree	PROPN	NNP	_	4	obl:agent	_	Actor=BRE/-/GPE|Place=BRE/Bree
7	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "1995-01-18", welcomed))
	if len(evs) != 1 || codes(evs[0].Source) != "CAL " || codes(evs[0].Target) != "BRE " {
		t.Fatalf("events %+v, want CAL > BRE", evs)
	}
}

// "- * IFTAR AT ^ ^ +": each "^" skips the next noun phrase, wherever it
// starts ("at Osgiliath with the parliament of Gondor" targets Gondor).
func TestPETRARCHSkipNextPhrase(t *testing.T) {
	const celebrated = `
1	Arnor	Arnor	PROPN	NNP	_	2	nsubj	_	Actor=ARN/-/GPE
2	celebrated	celebrate	VERB	VBD	_	0	root	_	_
3	Iftar	Iftar	PROPN	NNP	_	2	obj	_	_
4	at	at	ADP	IN	_	5	case	_	_
5	Osgiliath	Osgiliath	PROPN	NNP	_	2	obl	_	Actor=OSG/-/GPE
6	with	with	ADP	IN	_	8	case	_	_
7	the	the	DET	DT	_	8	det	_	_
8	parliament	parliament	NOUN	NN	_	2	obl	_	_
9	of	of	ADP	IN	_	10	case	_	_
10	Gondor	Gondor	PROPN	NNP	_	8	nmod	_	Actor=GON/-/GPE
11	.	.	PUNCT	.	_	2	punct	_	_`
	lx := lexicon.Default()
	if err := lx.LoadPETRARCH(strings.NewReader("--- CELEBRATE  [181] ---\nCELEBRATE\n- * IFTAR AT ^ ^ +  [044]\n")); err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "1995-01-02", celebrated)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if evs := doc.Events; len(evs) != 1 || evs[0].CAMEO != "044" || codes(evs[0].Target) != "GON " {
		t.Fatalf("events %+v, want 044 ARN > GON", evs)
	}
}

// "X, in remarks published on Monday, urged Y" parsed with "urged" beside
// "published": a finite verb without a subject shares its neighbour's.
func TestParataxisSharesSubject(t *testing.T) {
	const urged = `
1	Arnor	Arnor	PROPN	NNP	_	2	nsubj	_	Actor=ARN/-/GPE
2	published	publish	VERB	VBN	_	0	root	_	_
3	remarks	remark	NOUN	NNS	_	2	obj	_	_
4	,	,	PUNCT	,	_	5	punct	_	_
5	urged	urge	VERB	VBD	_	2	parataxis	_	_
6	Eriador	Eriador	PROPN	NNP	_	5	obj	_	Actor=ERI/-/GPE
7	.	.	PUNCT	.	_	2	punct	_	_`
	lx := lexicon.Default()
	if err := lx.LoadPETRARCH(strings.NewReader("--- URGE  [102] ---\nURGE\n")); err != nil {
		t.Fatal(err)
	}
	doc := fromConllu(t, "1995-01-19", urged)
	if err := New(Options{Lexicon: lx}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if evs := doc.Events; len(evs) != 1 || codes(evs[0].Source) != "ARN " || codes(evs[0].Target) != "ERI " {
		t.Fatalf("events %+v, want ARN > ERI", evs)
	}
}

// "Arnor, who met X, has now held talks with Y" parsed with "held" beside
// "met": a perfect is finite too, so "held" shares the subject of "met".
func TestParataxisPerfectSharesSubject(t *testing.T) {
	const held = `
1	Arnor	Arnor	PROPN	NNP	_	4	nsubj	_	Actor=ARN/-/GPE
2	,	,	PUNCT	,	_	4	punct	_	_
3	who	who	PRON	WP	_	4	nsubj	_	_
4	met	meet	VERB	VBD	_	0	root	_	_
5	Rohan	Rohan	PROPN	NNP	_	4	obj	_	Actor=ROH/-/GPE
6	,	,	PUNCT	,	_	9	punct	_	_
7	has	have	AUX	VBZ	_	9	aux	_	_
8	now	now	ADV	RB	_	9	advmod	_	_
9	held	hold	VERB	VBN	_	4	parataxis	_	_
10	talks	talk	NOUN	NNS	_	9	obj	_	_
11	with	with	ADP	IN	_	12	case	_	_
12	Eriador	Eriador	PROPN	NNP	_	9	obl	_	Actor=ERI/-/GPE
13	.	.	PUNCT	.	_	4	punct	_	_`
	doc := fromConllu(t, "1995-01-19", held)
	if err := New(Options{}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	for _, ev := range doc.Events {
		if ev.Trigger.Start > 0 && string(doc.Text[ev.Trigger.Start:ev.Trigger.End]) != "met" {
			if codes(ev.Source) != "ARN " || codes(ev.Target) != "ERI " {
				t.Fatalf("talks event %+v, want ARN > ERI", ev)
			}
			return
		}
	}
	t.Fatalf("no talks event in %+v", doc.Events)
}

// "The activists of Amnesty International": agents of an international
// organisation take its code (NGMOPP), not a country from elsewhere.
func TestAgentOfOrganisation(t *testing.T) {
	const restore = `
1	The	the	DET	DT	_	2	det	_	_
2	activists	activist	NOUN	NNS	_	6	nsubj	_	Actor=-/OPP/AGENT
3	of	of	ADP	IN	_	5	case	_	_
4	Amnesty	Amnesty	PROPN	NNP	_	5	compound	_	Actor=NGM/-/ORG
5	International	International	PROPN	NNP	_	2	nmod	_	Actor=NGM/-/ORG
6	met	meet	VERB	VBD	_	0	root	_	_
7	Gondor	Gondor	PROPN	NNP	_	6	obj	_	Actor=GON/-/GPE
8	.	.	PUNCT	.	_	6	punct	_	_`
	// Also without "of" ("activists Amnesty International").
	bare := strings.Replace(restore, "3	of	of	ADP	IN	_	5	case", "3	,	,	PUNCT	,	_	5	punct", 1)
	for _, sent := range []string{restore, bare} {
		doc := fromConllu(t, "1995-01-01", sent)
		// An organisation of no country: NGM is its code, not a country.
		for i := range doc.Entities {
			if a := doc.Entities[i].Actor; a != nil && a.Country == "NGM" {
				a.Country, a.Code = "", "NGM"
			}
		}
		evs := code(t, doc)
		if len(evs) != 1 || codes(evs[0].Source) != "NGMOPP " {
			t.Fatalf("events %+v, want NGMOPP > GON", evs)
		}
	}
}

// MayCode must hold for every sentence that yields an event (by form, as
// "talks", or by lemma), and not for one without any trigger word.
func TestMayCode(t *testing.T) {
	c := New(Options{})
	for _, block := range []string{sentTalks, sentRuledOut} {
		doc := fromConllu(t, "", block)
		if !c.MayCode(doc, 0, len(doc.Tokens)) {
			t.Errorf("no trigger word found in %q", doc.Text)
		}
	}
	doc := fromConllu(t, "", `
1	The	the	DET	DT	_	2	det	_	_
2	weather	weather	NOUN	NN	_	4	nsubj	_	_
3	was	be	AUX	VBD	_	4	cop	_	_
4	fine	fine	ADJ	JJ	_	0	root	_	_
5	.	.	PUNCT	.	_	4	punct	_	_`)
	if c.MayCode(doc, 0, len(doc.Tokens)) {
		t.Errorf("trigger word found in %q", doc.Text)
	}
	// A demand under a reporting verb ("said the council should stay")
	// names no lexicon word but is coded (demands): it must be parsed.
	demand := fromConllu(t, "", `
1	The	the	DET	DT	_	2	det	_	_
2	mayor	mayor	NOUN	NN	_	3	nsubj	_	Actor=-/GOV/AGENT
3	said	say	VERB	VBD	_	0	root	_	_
4	the	the	DET	DT	_	5	det	_	_
5	council	council	NOUN	NN	_	7	nsubj	_	Actor=-/GOV/AGENT
6	should	should	AUX	MD	_	7	aux	_	_
7	stay	stay	VERB	VB	_	3	ccomp	_	_
8	.	.	PUNCT	.	_	3	punct	_	_`)
	if !c.MayCode(demand, 0, len(demand.Tokens)) {
		t.Errorf("no trigger word found in %q", demand.Text)
	}
	// A trigger word whose every pattern names a companion the sentence
	// lacks, or read as a tag no trigger takes, is not parsed.
	for _, tc := range []struct {
		block string
		may   bool
	}{
		{`
1	The	the	DET	DT	_	2	det	_	_
2	riders	rider	NOUN	NNS	_	3	nsubj	_	_
3	went	go	VERB	VBD	_	0	root	_	_
4	home	home	ADV	RB	_	3	advmod	_	_
5	.	.	PUNCT	.	_	3	punct	_	_`, false}, // "go" only with a bomb
		{`
1	A	a	DET	DT	_	2	det	_	_
2	bomb	bomb	NOUN	NN	_	3	nsubj	_	_
3	went	go	VERB	VBD	_	0	root	_	_
4	off	off	ADP	RP	_	3	compound:prt	_	_
5	.	.	PUNCT	.	_	3	punct	_	_`, true},
		{`
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	allowed	allow	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	feast	feast	NOUN	NN	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_`, false}, // "allow" only with aid or access, or negated
		{`
1	Gondor	Gondor	PROPN	NNP	_	4	nsubj	_	Actor=GON/-/GPE
2	did	do	AUX	VBD	_	4	aux	_	_
3	not	not	PART	RB	_	4	advmod	_	_
4	allow	allow	VERB	VB	_	0	root	_	_
5	the	the	DET	DT	_	6	det	_	_
6	feast	feast	NOUN	NN	_	4	obj	_	_
7	.	.	PUNCT	.	_	4	punct	_	_`, true},
		{`
1	The	the	DET	DT	_	2	det	_	_
2	riders	rider	NOUN	NNS	_	3	nsubj	_	_
3	came	come	VERB	VBD	_	0	root	_	_
4	back	back	ADV	RB	_	3	advmod	_	_
5	.	.	PUNCT	.	_	3	punct	_	_`, false}, // "back" supports only as a verb
	} {
		doc := fromConllu(t, "", tc.block)
		if got := c.MayCode(doc, 0, len(doc.Tokens)); got != tc.may {
			t.Errorf("MayCode(%q) = %v, want %v", doc.Text, got, tc.may)
		}
		if evs := code(t, doc); !tc.may && len(evs) > 0 {
			t.Errorf("%q yields %d events", doc.Text, len(evs))
		}
	}
}

// A particle right after its verb completes it whatever the parse attached
// it to, unless it measures a number ("handed over $5 million").
func TestMisattachedParticle(t *testing.T) {
	const gunned = `
1	Gunmen	gunman	NOUN	NNS	_	2	nsubj	_	Actor=-/CRM/AGENT
2	gunned	gun	VERB	VBD	_	0	root	_	_
3	down	down	ADV	RB	_	4	advmod	_	_
4	3	3	NUM	CD	_	5	nummod	_	_
5	guards	guard	NOUN	NNS	_	2	obj	_	Actor=-/SPY/AGENT
6	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "", gunned))
	if len(evs) != 1 || evs[0].Type != "ASSAULT" {
		t.Fatalf("gunned down: got %+v", evs)
	}
	const handed = `
1	Rebels	rebel	NOUN	NNS	_	2	nsubj	_	Actor=-/REB/AGENT
2	handed	hand	VERB	VBD	_	0	root	_	_
3	over	over	ADV	RB	_	4	advmod	_	_
4	$	$	SYM	$	_	2	obj	_	_
5	5	5	NUM	CD	_	4	nummod	_	_
6	.	.	PUNCT	.	_	2	punct	_	_`
	if evs := code(t, fromConllu(t, "", handed)); len(evs) != 0 {
		t.Fatalf("handed over $5: got %+v", evs)
	}
}

// A name the gazetteer lacks is a place when it goes on to a place noun
// ("the T-9 Military Airport"), a path preposition leads to it ("fighting
// between Xabad and Yabad") or an Arabic place generic begins it, even
// after "on" ("on Jabal Xaz", where "on Twitter" is no place).
func TestUnresolvedPlaceNames(t *testing.T) {
	const airport = `
1	Rebels	rebel	NOUN	NNS	_	2	nsubj	_	Actor=-/REB/AGENT
2	attacked	attack	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	6	det	_	_
4	T-9	T-9	PROPN	NNP	_	6	compound	_	_
5	Military	Military	PROPN	NNP	_	6	compound	_	_
6	Airport	Airport	PROPN	NNP	_	2	obj	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`
	const between = `
1	Troops	troop	NOUN	NNS	_	2	nsubj	_	Actor=-/MIL/AGENT
2	shelled	shell	VERB	VBD	_	0	root	_	_
3	positions	position	NOUN	NNS	_	2	obj	_	_
4	between	between	ADP	IN	_	5	case	_	_
5	Xabad	Xabad	PROPN	NNP	_	2	obl	_	_
6	and	and	CCONJ	CC	_	7	cc	_	_
7	Yabad	Yabad	PROPN	NNP	_	5	conj	_	_
8	.	.	PUNCT	.	_	2	punct	_	_`
	const generic = `
1	Fighters	fighter	NOUN	NNS	_	2	nsubj	_	Actor=-/REB/AGENT
2	attacked	attack	VERB	VBD	_	0	root	_	_
3	troops	troop	NOUN	NNS	_	2	obj	_	Actor=-/MIL/AGENT
4	on	on	ADP	IN	_	5	case	_	_
5	Jabal	Jabal	PROPN	NNP	_	2	obl	_	_
6	Xaz	Xaz	PROPN	NNP	_	5	flat	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`
	for _, c := range []struct{ conllu, want string }{{airport, "T-9"}, {between, "Xabad"}, {generic, "Jabal Xaz"}} {
		doc := fromConllu(t, "", c.conllu)
		evs := code(t, doc)
		if len(evs) != 1 || evs[0].Location == nil || !strings.HasPrefix(evs[0].Location.Span.Of(doc.Text), c.want) {
			t.Errorf("want a place at %s, got %+v", c.want, evs)
		}
	}
}

// An unresolved name "of" a resolved place lies in it, whatever finer place
// the sentence names after it: "the Xaz area of Yabad district, Zabad"
// (Zabad the province taken for its city) is placed at Yabad.
func TestUnresolvedNameContainer(t *testing.T) {
	const sent = `
1	Gunmen	gunman	NOUN	NNS	_	2	nsubj	_	Actor=-/CRM/AGENT
2	killed	kill	VERB	VBD	_	0	root	_	_
3	guards	guard	NOUN	NNS	_	2	obj	_	Actor=-/SPY/AGENT
4	in	in	ADP	IN	_	7	case	_	_
5	the	the	DET	DT	_	7	det	_	_
6	Xaz	Xaz	PROPN	NNP	_	7	compound	_	Actor=-/-/LOC
7	area	area	NOUN	NN	_	2	obl	_	_
8	of	of	ADP	IN	_	9	case	_	_
9	Yabad	Yabad	PROPN	NNP	_	13	advcl	_	Place=GON/Yabad
10	district	District	PROPN	NNP	_	9	flat	_	_
11	,	,	PUNCT	,	_	12	punct	_	_
12	Zabad	Zabad	PROPN	NNP	_	9	appos	_	Place=GON/Zabad
13	.	.	PUNCT	.	_	2	punct	_	_`
	doc := fromConllu(t, "", sent)
	doc.Toponyms[0].Precision = sitrep.PrecisionAdmin2
	evs := code(t, doc)
	if len(evs) != 1 || evs[0].Location == nil || evs[0].Location.Name != "Yabad" {
		t.Fatalf("want the event placed at Yabad, got %+v", evs[0].Location)
	}
}

// A stance's action names a recipient the actor database does not know, on
// the action's object: the stance event takes it as its target.
func TestStanceActionObjectRecipient(t *testing.T) {
	const pledged = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	agreed	agree	VERB	VBD	_	0	root	_	_
3	to	to	PART	TO	_	4	mark	_	_
4	provide	provide	VERB	VB	_	2	xcomp	_	_
5	loans	loan	NOUN	NNS	_	4	obj	_	_
6	to	to	ADP	IN	_	9	case	_	_
7	the	the	DET	DT	_	9	det	_	_
8	river	river	NOUN	NN	_	9	compound	_	_
9	villages	village	NOUN	NNS	_	5	nmod	_	_
10	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", pledged))
	if len(evs) != 1 || evs[0].Type != "AGREE" || len(evs[0].Target) != 1 {
		t.Fatalf("events %+v, want one AGREE with a target", evs)
	}
	doc := fromConllu(t, "2023-01-20", pledged)
	if got := evs[0].Target[0].Span.Of(doc.Text); got != "river villages" {
		t.Errorf("target %q, want the river villages", got)
	}
}

// "Said the council should stay" asks something of the council; "said we
// should stay" states what the speaker's own side ought to do.
func TestDemandsNotOfOneself(t *testing.T) {
	const tmpl = `
1	The	the	DET	DT	_	2	det	_	_
2	mayor	mayor	NOUN	NN	_	3	nsubj	_	Actor=-/GOV/AGENT
3	said	say	VERB	VBD	_	0	root	_	_
4	%s
5	should	should	AUX	MD	_	6	aux	_	_
6	stay	stay	VERB	VB	_	3	ccomp	_	_
7	.	.	PUNCT	.	_	3	punct	_	_`
	for _, c := range []struct {
		subject string
		want    int
	}{
		{"council	council	NOUN	NN	_	6	nsubj	_	Actor=-/LEG/AGENT", 1},
		{"we	we	PRON	PRP	_	6	nsubj	_	_", 0},
	} {
		evs := code(t, fromConllu(t, "", strings.Replace(tmpl, "%s", c.subject, 1)))
		if len(evs) != c.want || c.want == 1 && evs[0].Type != "REQUEST" {
			t.Errorf("%s: events %+v, want %d REQUEST", c.subject, evs, c.want)
		}
	}
}

// Troops one withdraws are one's own, also as "some of its troops" and as a
// noun's "withdrawal of troops"; the place left is the target, not a doer.
func TestWithdrawalFromPlace(t *testing.T) {
	for name, conllu := range map[string]string{
		"partitive": `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	withdrew	withdraw	VERB	VBD	_	0	root	_	_
3	some	some	DET	DT	_	2	obj	_	_
4	of	of	ADP	IN	_	6	case	_	_
5	its	its	PRON	PRP$	_	6	nmod:poss	_	_
6	troops	troops	NOUN	NNS	_	3	nmod	_	_
7	from	from	ADP	IN	_	8	case	_	_
8	Rohan	Rohan	PROPN	NNP	_	2	obl	_	Actor=ROH/-/GPE
9	.	.	PUNCT	.	_	2	punct	_	_`,
		"noun": `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	completed	complete	VERB	VBD	_	0	root	_	_
3	its	its	PRON	PRP$	_	4	nmod:poss	_	_
4	withdrawal	withdrawal	NOUN	NN	_	2	obj	_	_
5	of	of	ADP	IN	_	6	case	_	_
6	troops	troops	NOUN	NNS	_	4	nmod	_	_
7	from	from	ADP	IN	_	8	case	_	_
8	Rohan	Rohan	PROPN	NNP	_	4	nmod	_	Actor=ROH/-/GPE
9	.	.	PUNCT	.	_	2	punct	_	_`,
	} {
		evs := code(t, fromConllu(t, "2023-01-20", conllu))
		if len(evs) != 1 || evs[0].Type != "RETREAT" {
			t.Fatalf("%s: events %+v, want one RETREAT", name, evs)
		}
		e := evs[0]
		if len(e.Source) != 1 || e.Source[0].Actor.Code != "GON" || len(e.Target) != 1 || e.Target[0].Actor.Code != "ROH" {
			t.Errorf("%s: source %+v target %+v, want Gondor from Rohan", name, e.Source, e.Target)
		}
	}
}

// Two sides who sign together sign with each other, not with a third actor
// the clause names elsewhere (where they sign).
func TestSignedTogether(t *testing.T) {
	const signed = `
1	Gondor	Gondor	PROPN	NNP	_	4	nsubj	_	Actor=GON/-/GPE
2	and	and	CCONJ	CC	_	3	cc	_	_
3	Rohan	Rohan	PROPN	NNP	_	1	conj	_	Actor=ROH/-/GPE
4	signed	sign	VERB	VBD	_	0	root	_	_
5	an	a	DET	DT	_	6	det	_	_
6	accord	accord	NOUN	NN	_	4	obj	_	_
7	in	in	ADP	IN	_	9	case	_	_
8	the	the	DET	DT	_	9	det	_	_
9	capital	capital	NOUN	NN	_	4	obl	_	_
10	of	of	ADP	IN	_	11	case	_	_
11	Mordor	Mordor	PROPN	NNP	_	9	nmod	_	Actor=MOR/-/GPE
12	.	.	PUNCT	.	_	4	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", signed))
	if len(evs) != 2 {
		t.Fatalf("events %+v, want one each way", evs)
	}
	for _, e := range evs {
		if len(e.Target) != 1 || e.Target[0].Actor.Code == "MOR" || len(e.Source) != 1 || e.Source[0].Actor.Code == e.Target[0].Actor.Code {
			t.Errorf("%s: source %+v target %+v, want Gondor and Rohan each other's", e.Type, e.Source, e.Target)
		}
	}
}

// Whoever reports an act is not its target, also where the parse hangs the
// report under the act.
func TestReporterNotTarget(t *testing.T) {
	const agreed = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	agreed	agree	VERB	VBD	_	0	root	_	_
3	to	to	PART	TO	_	4	mark	_	_
4	talk	talk	VERB	VB	_	2	xcomp	_	_
5	,	,	PUNCT	,	_	8	punct	_	_
6	a	a	DET	DT	_	7	det	_	_
7	Rohan	Rohan	PROPN	NNP	_	8	nsubj	_	Actor=ROH/-/GPE
8	said	say	VERB	VBD	_	2	parataxis	_	_
9	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", agreed))
	if len(evs) == 0 {
		t.Fatal("no event")
	}
	for _, e := range evs {
		for _, a := range e.Target {
			if a.Actor.Code == "ROH" {
				t.Errorf("%s: target %+v is who reports it", e.Type, e.Target)
			}
		}
	}
}

// "cease-fire" is split at its hyphen by the tokenizer; the lexicon's
// "ceasefire" still triggers.
func TestHyphenedTrigger(t *testing.T) {
	const declared = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	declared	declare	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	6	det	_	_
4	cease	cease	NOUN	NN	_	6	compound	_	SpaceAfter=No
5	-	-	PUNCT	HYPH	_	4	punct	_	SpaceAfter=No
6	fire	fire	NOUN	NN	_	2	obj	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`
	doc := fromConllu(t, "2023-01-20", declared)
	if got := doc.Text; !strings.Contains(got, "cease-fire") {
		t.Fatalf("text %q", got)
	}
	evs := code(t, doc)
	if len(evs) != 1 || evs[0].Type != "RETREAT" || evs[0].Mode != "ceasefire" {
		t.Fatalf("events %+v, want one RETREAT ceasefire", evs)
	}
	if !lexicon.Default().Has("ceasefire", true) {
		t.Fatal("lexicon lacks ceasefire")
	}
	if c := New(Options{}); !c.MayCode(doc, 0, len(doc.Tokens)) {
		t.Error("MayCode skips the sentence; its parse would be dropped")
	}
}

// Money and goods given are aid, and never the target: "gave 5 million euros
// to Rohan" is AID to Rohan; "delivered food" with no recipient has none.
func TestAidGiven(t *testing.T) {
	const gave = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	gave	give	VERB	VBD	_	0	root	_	_
3	5	5	NUM	CD	_	4	compound	_	_
4	million	million	NUM	CD	_	5	nummod	_	_
5	euros	euro	NOUN	NNS	_	2	obj	_	_
6	to	to	ADP	IN	_	7	case	_	_
7	Rohan	Rohan	PROPN	NNP	_	2	obl	_	Actor=ROH/-/GPE
8	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", gave))
	if len(evs) != 1 || evs[0].Type != "AID" || len(evs[0].Target) != 1 || evs[0].Target[0].Actor.Code != "ROH" {
		t.Fatalf("events %+v, want AID from Gondor to Rohan", evs)
	}
	const delivered = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	delivered	deliver	VERB	VBD	_	0	root	_	_
3	food	food	NOUN	NN	_	2	obj	_	_
4	.	.	PUNCT	.	_	2	punct	_	_`
	evs = code(t, fromConllu(t, "2023-01-20", delivered))
	if len(evs) != 1 || evs[0].Type != "AID" || len(evs[0].Target) != 0 {
		t.Fatalf("events %+v, want AID with no target", evs)
	}
}

// "Failed to reach agreement" is the sides not agreeing, coded as a refusal;
// "failed to stop" an attack is no refusal.
func TestFailedAgreement(t *testing.T) {
	const failed = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	failed	fail	VERB	VBD	_	0	root	_	_
3	to	to	PART	TO	_	4	mark	_	_
4	sign	sign	VERB	VB	_	2	xcomp	_	_
5	the	the	DET	DT	_	6	det	_	_
6	treaty	treaty	NOUN	NN	_	4	obj	_	_
7	with	with	ADP	IN	_	8	case	_	_
8	Rohan	Rohan	PROPN	NNP	_	4	obl	_	Actor=ROH/-/GPE
9	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", failed))
	if len(evs) != 1 || evs[0].Type != "REJECT" {
		t.Fatalf("events %+v, want one REJECT", evs)
	}
	const notStopped = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	failed	fail	VERB	VBD	_	0	root	_	_
3	to	to	PART	TO	_	4	mark	_	_
4	halt	halt	VERB	VB	_	2	xcomp	_	_
5	the	the	DET	DT	_	6	det	_	_
6	offensive	offensive	NOUN	NN	_	4	obj	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`
	for _, e := range code(t, fromConllu(t, "2023-01-20", notStopped)) {
		if e.Type == "REJECT" {
			t.Errorf("failing to halt an offensive coded %+v", e)
		}
	}
}

// The thing whose word names the act ("lifted the state of emergency") is
// not its target; people it is done to ("let free two hostages") are.
func TestActWordNotTarget(t *testing.T) {
	const lifted = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	lifted	lift	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	state	state	NOUN	NN	_	2	obj	_	_
5	of	of	ADP	IN	_	6	case	_	_
6	emergency	emergency	NOUN	NN	_	4	nmod	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", lifted))
	if len(evs) != 1 || evs[0].Type != "RETREAT" || len(evs[0].Target) != 0 {
		t.Fatalf("events %+v, want one RETREAT with no target", evs)
	}
	const freed = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	let	let	VERB	VBD	_	0	root	_	_
3	free	free	ADJ	JJ	_	2	xcomp	_	_
4	two	two	NUM	CD	_	5	nummod	_	_
5	hostages	hostage	NOUN	NNS	_	2	obj	_	_
6	.	.	PUNCT	.	_	2	punct	_	_`
	evs = code(t, fromConllu(t, "2023-01-20", freed))
	if len(evs) != 1 || evs[0].Type != "RETREAT" || len(evs[0].Target) != 1 {
		t.Fatalf("events %+v, want one RETREAT of the hostages", evs)
	}
}

// A plural the lemmatizer does not know ("airstrikes", even tagged as a
// singular) is looked up as its singular.
func TestUnknownPluralTrigger(t *testing.T) {
	const launched = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	launched	launch	VERB	VBD	_	0	root	_	_
3	airstrikes	airstrikes	NOUN	NN	_	2	obj	_	_
4	on	on	ADP	IN	_	5	case	_	_
5	Rohan	Rohan	PROPN	NNP	_	3	nmod	_	Actor=ROH/-/GPE
6	.	.	PUNCT	.	_	2	punct	_	_`
	doc := fromConllu(t, "2023-01-20", launched)
	evs := code(t, doc)
	if len(evs) != 1 || evs[0].Type != "ASSAULT" {
		t.Fatalf("events %+v, want one ASSAULT", evs)
	}
	if !New(Options{}).MayCode(doc, 0, len(doc.Tokens)) {
		t.Error("MayCode skips the sentence")
	}
}

// The lexicon names some objects by their plural form ("establish
// +ties"); the lemmatizer gives "tie".
func TestCompanionByForm(t *testing.T) {
	const established = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	established	establish	VERB	VBD	_	0	root	_	_
3	ties	tie	NOUN	NNS	_	2	obj	_	_
4	with	with	ADP	IN	_	5	case	_	_
5	Rohan	Rohan	PROPN	NNP	_	2	obl	_	Actor=ROH/-/GPE
6	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", established))
	if len(evs) != 1 || evs[0].Type != "SUPPORT" {
		t.Fatalf("events %+v, want one SUPPORT", evs)
	}
}

// A pattern's object split at its hyphen still matches: "agreed to a
// cease-fire" is agreeing to a ceasefire (CAMEO 0356).
func TestHyphenedCompanion(t *testing.T) {
	const agreed = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	agreed	agree	VERB	VBD	_	0	root	_	_
3	to	to	ADP	IN	_	7	case	_	_
4	a	a	DET	DT	_	7	det	_	_
5	cease	cease	NOUN	NN	_	7	compound	_	SpaceAfter=No
6	-	-	PUNCT	HYPH	_	5	punct	_	SpaceAfter=No
7	fire	fire	NOUN	NN	_	2	obl	_	_
8	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", agreed))
	if len(evs) != 1 || evs[0].CAMEO != "0356" {
		t.Fatalf("events %+v, want one AGREE 0356", evs)
	}
}

// What a protest is against is its topic, not another event of the report.
func TestProtestGrievanceNotEvent(t *testing.T) {
	const protested = `
1	Traders	trader	NOUN	NNS	_	2	nsubj	_	Actor=-/BUS/AGENT
2	held	hold	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	protest	protest	NOUN	NN	_	2	obj	_	_
5	against	against	ADP	IN	_	7	case	_	_
6	the	the	DET	DT	_	7	det	_	_
7	attack	attack	NOUN	NN	_	4	nmod	_	_
8	on	on	ADP	IN	_	10	case	_	_
9	the	the	DET	DT	_	10	det	_	_
10	market	market	NOUN	NN	_	7	nmod	_	_
11	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", protested))
	if len(evs) != 1 || evs[0].Type != "PROTEST" {
		t.Fatalf("events %+v, want the protest only", evs)
	}
	// "held a protest" holds no one.
	if evs[0].Counts.Arrested >= 0 {
		t.Errorf("arrested %d, want none", evs[0].Counts.Arrested)
	}
}

// A province in an organisation's name is the body's reach, not where the
// event happened: the protest of "the Gondor Teachers Union" takes the town
// the report names ("In Yabad …"), as inherited; a sentence naming no other
// place keeps the province (see orgReach).
func TestOrgNamePlace(t *testing.T) {
	const union = `
1	The	the	DET	DT	_	4	det	_	_
2	Gondor	Gondor	PROPN	NNP	_	4	compound	_	Actor=-/-/ORG|Place=GON/Gondor
3	Teachers	Teachers	PROPN	NNPS	_	4	compound	_	Actor=-/-/ORG
4	Union	Union	PROPN	NNP	_	5	nsubj	_	Actor=-/-/ORG
5	protested	protest	VERB	VBD	_	0	root	_	_
6	against	against	ADP	IN	_	8	case	_	_
7	pay	pay	NOUN	NN	_	8	compound	_	_
8	cuts	cut	NOUN	NNS	_	5	obl	_	_
9	.	.	PUNCT	.	_	5	punct	_	_`
	const town = `
1	In	in	ADP	IN	_	2	case	_	_
2	Yabad	Yabad	PROPN	NNP	_	5	obl	_	Place=GON/Yabad
3	teachers	teacher	NOUN	NNS	_	5	nsubj	_	_
4	also	also	ADV	RB	_	5	advmod	_	_
5	marched	march	VERB	VBD	_	0	root	_	_
6	.	.	PUNCT	.	_	5	punct	_	_`
	for _, c := range []struct {
		blocks []string
		want   string
	}{{[]string{union, town}, "Yabad"}, {[]string{union}, "Gondor"}} {
		doc := fromConllu(t, "", c.blocks...)
		doc.Toponyms[0].Precision = sitrep.PrecisionAdmin1
		doc.Entities[0].Actor = nil
		evs := code(t, doc)
		var got []string
		for _, e := range evs {
			if e.Type == "PROTEST" && e.Location != nil {
				got = append(got, e.Location.Name)
			}
		}
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("%d sentences: protest placed at %v, want %s", len(c.blocks), got, c.want)
		}
	}
}

// A protest's place is where it was held, not where what it is against
// happened; with no other place, the grievance's place is kept.
func TestProtestGrievancePlace(t *testing.T) {
	const both = `
1	Teachers	teacher	NOUN	NNS	_	2	nsubj	_	Actor=-/EDU/AGENT
2	protested	protest	VERB	VBD	_	0	root	_	_
3	against	against	ADP	IN	_	5	case	_	_
4	the	the	DET	DT	_	5	det	_	_
5	killings	killing	NOUN	NNS	_	2	obl	_	_
6	in	in	ADP	IN	_	7	case	_	_
7	Zabad	Zabad	PROPN	NNP	_	5	nmod	_	Place=GON/Zabad
8	on	on	ADP	IN	_	9	case	_	_
9	Monday	Monday	PROPN	NNP	_	2	obl	_	_
10	at	at	ADP	IN	_	13	case	_	_
11	a	a	DET	DT	_	13	det	_	_
12	Yabad	Yabad	PROPN	NNP	_	13	compound	_	Place=GON/Yabad
13	school	school	NOUN	NN	_	2	obl	_	_
14	.	.	PUNCT	.	_	2	punct	_	_`
	const only = `
1	Teachers	teacher	NOUN	NNS	_	2	nsubj	_	Actor=-/EDU/AGENT
2	protested	protest	VERB	VBD	_	0	root	_	_
3	against	against	ADP	IN	_	5	case	_	_
4	the	the	DET	DT	_	5	det	_	_
5	killings	killing	NOUN	NNS	_	2	obl	_	_
6	in	in	ADP	IN	_	7	case	_	_
7	Zabad	Zabad	PROPN	NNP	_	5	nmod	_	Place=GON/Zabad
8	.	.	PUNCT	.	_	2	punct	_	_`
	for _, c := range []struct{ conllu, want string }{{both, "Yabad"}, {only, "Zabad"}} {
		var got []string
		for _, e := range code(t, fromConllu(t, "", c.conllu)) {
			if e.Type == "PROTEST" && e.Location != nil {
				got = append(got, e.Location.Name)
			}
		}
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("protest placed at %v, want %s", got, c.want)
		}
	}
}

// A date's preposition is no pattern's particle: "On Monday, Gondor called
// Rohan" is no "call on".
func TestDatedObliqueNoParticle(t *testing.T) {
	const called = `
1	On	on	ADP	IN	_	2	case	_	_
2	Monday	Monday	PROPN	NNP	_	5	obl	_	_
3	,	,	PUNCT	,	_	2	punct	_	_
4	Gondor	Gondor	PROPN	NNP	_	5	nsubj	_	Actor=GON/-/GPE
5	called	call	VERB	VBD	_	0	root	_	_
6	Rohan	Rohan	PROPN	NNP	_	5	obj	_	Actor=ROH/-/GPE
7	.	.	PUNCT	.	_	5	punct	_	_`
	for _, e := range code(t, fromConllu(t, "2023-01-20", called)) {
		if e.Type == "REQUEST" {
			t.Errorf("coded %+v", e)
		}
	}
}

// A hyphenated noun the lexicon lists with its hyphen ("sit-in") triggers
// though the tokenizer splits it.
func TestSitIn(t *testing.T) {
	const staged = `
1	Workers	worker	NOUN	NNS	_	2	nsubj	_	Actor=-/LAB/AGENT
2	staged	stage	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	6	det	_	_
4	sit	sit	NOUN	NN	_	6	compound	_	SpaceAfter=No
5	-	-	PUNCT	HYPH	_	4	punct	_	SpaceAfter=No
6	in	in	NOUN	NN	_	2	obj	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", staged))
	if len(evs) != 1 || evs[0].Type != "PROTEST" {
		t.Fatalf("events %+v, want one PROTEST", evs)
	}
}

// Who detonates a bomb attacks with it (the verb's subject is no weapon,
// but its object is); a bomb that goes off is an attack too.
func TestDetonatedAndWentOff(t *testing.T) {
	const detonated = `
1	Militants	militant	NOUN	NNS	_	2	nsubj	_	Actor=-/REB/AGENT
2	detonated	detonate	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	bomb	bomb	NOUN	NN	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_`
	const wentOff = `
1	A	a	DET	DT	_	2	det	_	_
2	bomb	bomb	NOUN	NN	_	3	nsubj	_	_
3	went	go	VERB	VBD	_	0	root	_	_
4	off	off	ADP	RP	_	3	compound:prt	_	_
5	.	.	PUNCT	.	_	3	punct	_	_`
	const lobbed = `
1	Militants	militant	NOUN	NNS	_	2	nsubj	_	Actor=-/REB/AGENT
2	lobbed	lob	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	grenade	grenade	NOUN	NN	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_`
	const himself = `
1	The	the	DET	DT	_	2	det	_	_
2	man	man	NOUN	NN	_	3	nsubj	_	_
3	detonated	detonate	VERB	VBD	_	0	root	_	_
4	himself	himself	PRON	PRP	_	3	obj	_	_
5	.	.	PUNCT	.	_	3	punct	_	_`
	const teargas = `
1	Police	police	NOUN	NN	_	2	nsubj	_	Actor=-/COP/AGENT
2	lobbed	lob	VERB	VBD	_	0	root	_	_
3	tear	tear	NOUN	NN	_	5	compound	_	_
4	gas	gas	NOUN	NN	_	5	compound	_	_
5	shells	shell	NOUN	NNS	_	2	obj	_	_
6	.	.	PUNCT	.	_	2	punct	_	_`
	for name, c := range map[string]string{"detonated": detonated, "went off": wentOff, "lobbed": lobbed, "himself": himself, "tear gas": teargas} {
		evs := code(t, fromConllu(t, "2023-01-20", c))
		if len(evs) != 1 || evs[0].Type != "ASSAULT" {
			t.Errorf("%s: events %+v, want one ASSAULT", name, evs)
		}
	}
}

// An article the parse hangs on a verb across its subject ("A civilian was
// killed", the noun taken for an adjective) does not make the verb a noun.
func TestArticleMisparsedOnVerb(t *testing.T) {
	const killed = `
1	A	a	DET	DT	_	4	det	_	_
2	civilian	civilian	ADJ	JJ	_	4	nsubj:pass	_	Actor=-/CVL/AGENT
3	was	be	AUX	VBD	_	4	aux:pass	_	_
4	killed	kill	VERB	VBN	_	0	root	_	_
5	.	.	PUNCT	.	_	4	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", killed))
	if len(evs) != 1 || evs[0].Type != "ASSAULT" {
		t.Fatalf("events %+v, want one ASSAULT", evs)
	}
}

// A participle the tagger took for an adjective ("were wounded", the
// lemmatizer leaving it whole) is its verb, passive: the subject is hit.
func TestParticipleAsAdjective(t *testing.T) {
	const wounded = `
1	Two	two	NUM	CD	_	2	nummod	_	_
2	guards	guard	NOUN	NNS	_	4	nsubj	_	Actor=-/COP/AGENT
3	were	be	AUX	VBD	_	4	aux:pass	_	_
4	wounded	wounded	ADJ	JJ	_	0	root	_	_
5	.	.	PUNCT	.	_	4	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", wounded))
	if len(evs) != 1 || evs[0].Type != "ASSAULT" || len(evs[0].Target) != 1 || len(evs[0].Source) != 0 {
		t.Fatalf("events %+v, want one ASSAULT on the guards", evs)
	}
}

// Clashes that "erupted" are no volcano's, and take the sides the parser
// hangs on the verb; "fighting broke out", a gerund as subject, is news
// with no one named.
func TestClashesErupted(t *testing.T) {
	const erupted = `
1	Clashes	clash	NOUN	NNS	_	2	nsubj	_	_
2	erupted	erupt	VERB	VBD	_	0	root	_	_
3	between	between	ADP	IN	_	5	case	_	_
4	the	the	DET	DT	_	5	det	_	_
5	army	army	NOUN	NN	_	2	obl	_	Actor=-/MIL/AGENT
6	and	and	CCONJ	CC	_	7	cc	_	_
7	rebels	rebel	NOUN	NNS	_	5	conj	_	Actor=-/REB/AGENT
8	.	.	PUNCT	.	_	2	punct	_	_`
	const brokeOut = `
1	Fighting	fight	VERB	VBG	_	2	nsubj	_	_
2	broke	break	VERB	VBD	_	0	root	_	_
3	out	out	ADP	RP	_	2	compound:prt	_	_
4	in	in	ADP	IN	_	5	case	_	_
5	Osgiliath	Osgiliath	PROPN	NNP	_	2	obl	_	_
6	.	.	PUNCT	.	_	2	punct	_	_`
	const killedAfter = `
1	Ten	ten	NUM	CD	_	2	nummod	_	_
2	soldiers	soldier	NOUN	NNS	_	4	nsubj:pass	_	Actor=-/MIL/AGENT
3	were	be	AUX	VBD	_	4	aux:pass	_	_
4	killed	kill	VERB	VBN	_	0	root	_	_
5	after	after	ADP	IN	_	6	case	_	_
6	clashes	clash	NOUN	NNS	_	4	obl	_	_
7	erupted	erupt	VERB	VBD	_	6	acl	_	_
8	.	.	PUNCT	.	_	4	punct	_	_`
	if evs := code(t, fromConllu(t, "2023-01-20", killedAfter)); len(evs) != 1 || evs[0].Type != "ASSAULT" {
		t.Errorf("killed after: events %+v, want one ASSAULT", evs)
	}
	evs := code(t, fromConllu(t, "2023-01-20", erupted))
	if len(evs) != 1 || evs[0].Type != "ASSAULT" || len(evs[0].Target) != 2 {
		t.Errorf("erupted: events %+v, want one ASSAULT on the army and the rebels", evs)
	}
	if evs := code(t, fromConllu(t, "2023-01-20", brokeOut)); len(evs) != 1 || evs[0].Type != "ASSAULT" {
		t.Errorf("broke out: events %+v, want one ASSAULT", evs)
	}
}

// A counter-attack or counter-offensive (WordNet's hyponyms of attack and
// offensive), written with a hyphen or without, is an attack.
func TestCounterAttack(t *testing.T) {
	const verb = `
1	Rebels	rebel	NOUN	NNS	_	2	nsubj	_	Actor=-/REB/AGENT
2	counter-attacked	counter-attack	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	army	army	NOUN	NN	_	2	obj	_	Actor=-/MIL/AGENT
5	.	.	PUNCT	.	_	2	punct	_	_`
	const noun = `
1	Rebels	rebel	NOUN	NNS	_	2	nsubj	_	Actor=-/REB/AGENT
2	launched	launch	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	counteroffensive	counteroffensive	NOUN	NN	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_`
	for name, c := range map[string]string{"verb": verb, "noun": noun} {
		if evs := code(t, fromConllu(t, "2023-01-20", c)); len(evs) != 1 || evs[0].Type != "ASSAULT" {
			t.Errorf("%s: events %+v, want one ASSAULT", name, evs)
		}
	}
}

// Words the tagger gives their more common class still code: an offensive
// launched (tagged an adjective, with its article, as an object), people
// who "were injured" (a participle tagged an adjective after "be"), rocket
// fire that killed (fire from weapons is no blaze), a factory destroyed by
// missiles (no factory accident); no one injured is a negated event.
func TestAdjectiveReadings(t *testing.T) {
	const offensive = `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	launched	launch	VERB	VBD	_	0	root	_	_
3	an	a	DET	DT	_	4	det	_	_
4	offensive	offensive	ADJ	JJ	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_`
	const injured = `
1	Two	two	NUM	CD	_	2	nummod	_	_
2	guards	guard	NOUN	NNS	_	4	nsubj	_	_
3	were	be	AUX	VBD	_	4	cop	_	_
4	injured	injured	ADJ	JJ	_	0	root	_	_
5	.	.	PUNCT	.	_	4	punct	_	_`
	const rocketFire = `
1	Rocket	rocket	NOUN	NN	_	2	compound	_	_
2	fire	fire	NOUN	NN	_	3	nsubj	_	_
3	killed	kill	VERB	VBD	_	0	root	_	_
4	five	five	NUM	CD	_	5	nummod	_	_
5	guards	guard	NOUN	NNS	_	3	obj	_	_
6	.	.	PUNCT	.	_	3	punct	_	_`
	const theirOffensive = `
1	Rohan	Rohan	PROPN	NNP	_	2	nsubj	_	Actor=ROH/-/GPE
2	continued	continue	VERB	VBD	_	0	root	_	_
3	its	its	PRON	PRP$	_	4	nmod:poss	_	_
4	offensive	offensive	ADJ	JJ	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_`
	const missiles = `
1	Missiles	missile	NOUN	NNS	_	2	nsubj	_	_
2	destroyed	destroy	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	factory	factory	NOUN	NN	_	2	obj	_	_
5	in	in	ADP	IN	_	6	case	_	_
6	Osgiliath	Osgiliath	PROPN	NNP	_	2	obl	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`
	for name, c := range map[string]string{"offensive": offensive, "injured": injured, "rocket fire": rocketFire,
		"their offensive": theirOffensive, "missiles": missiles} {
		if evs := code(t, fromConllu(t, "2023-01-20", c)); len(evs) != 1 || evs[0].Type != "ASSAULT" || evs[0].Realis != sitrep.Asserted {
			t.Errorf("%s: events %+v, want one asserted ASSAULT", name, evs)
		}
	}
	const nobody = `
1	No	no	DET	DT	_	2	det	_	_
2	guards	guard	NOUN	NNS	_	4	nsubj	_	_
3	were	be	AUX	VBD	_	4	cop	_	_
4	injured	injured	ADJ	JJ	_	0	root	_	_
5	.	.	PUNCT	.	_	4	punct	_	_`
	if evs := code(t, fromConllu(t, "2023-01-20", nobody)); len(evs) != 1 || evs[0].Realis != sitrep.Negated {
		t.Errorf("no guards injured: events %+v, want one negated", evs)
	}
}

// People taken into custody are arrested, and the passive's subject is no
// doer: activists who "were taken" did not take out a march.
func TestTakenIntoCustody(t *testing.T) {
	const taken = `
1	Thirty	thirty	NUM	CD	_	2	nummod	_	_
2	activists	activist	NOUN	NNS	_	4	nsubj:pass	_	Actor=-/OPP/AGENT
3	were	be	AUX	VBD	_	4	aux:pass	_	_
4	taken	take	VERB	VBN	_	0	root	_	_
5	into	into	ADP	IN	_	6	case	_	_
6	custody	custody	NOUN	NN	_	4	obl	_	_
7	.	.	PUNCT	.	_	4	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", taken))
	if len(evs) != 1 || evs[0].Type != "COERCE" {
		t.Errorf("events %+v, want one COERCE", evs)
	}
}

// A gerund read as a noun ("died in police firing") is the act, with the
// force before it as doer; beside a verb of harm ("injured in firing") the
// verb's event stands.
func TestPoliceFiring(t *testing.T) {
	const perished = `
1	A	a	DET	DT	_	2	det	_	_
2	youth	youth	NOUN	NN	_	3	nsubj	_	_
3	perished	perish	VERB	VBD	_	0	root	_	_
4	in	in	ADP	IN	_	6	case	_	_
5	police	police	NOUN	NN	_	6	compound	_	Actor=-/COP/AGENT
6	firing	fire	VERB	VBG	_	3	obl	_	_
7	.	.	PUNCT	.	_	3	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", perished))
	if len(evs) != 1 || evs[0].Type != "ASSAULT" || len(evs[0].Source) != 1 {
		t.Errorf("perished: events %+v, want one ASSAULT by the police", evs)
	}
	const injured = `
1	A	a	DET	DT	_	2	det	_	_
2	guard	guard	NOUN	NN	_	4	nsubj:pass	_	_
3	was	be	AUX	VBD	_	4	aux:pass	_	_
4	injured	injure	VERB	VBN	_	0	root	_	_
5	in	in	ADP	IN	_	6	case	_	_
6	firing	fire	VERB	VBG	_	4	advcl	_	_
7	.	.	PUNCT	.	_	4	punct	_	_`
	if evs := code(t, fromConllu(t, "2023-01-20", injured)); len(evs) != 1 || evs[0].Type != "ASSAULT" {
		t.Errorf("injured: events %+v, want one ASSAULT", evs)
	}
}

// Observers ejected are expelled (CAMEO 166, SANCTION); a journalist
// expelled is an individual deported (174, COERCE).
func TestEjectAndExpelIndividual(t *testing.T) {
	const sent = `
1	Soldiers	soldier	NOUN	NNS	_	2	nsubj	_	Actor=-/MIL/AGENT
2	%s	%s	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	%s	%s	NOUN	NNS	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_`
	for _, c := range []struct{ verb, lemma, obj, want string }{
		{"ejected", "eject", "observers", "SANCTION"},
		{"expelled", "expel", "journalists", "COERCE"},
		{"expelled", "expel", "diplomats", "SANCTION"},
	} {
		evs := code(t, fromConllu(t, "2023-01-20", fmt.Sprintf(sent, c.verb, c.lemma, c.obj, strings.TrimSuffix(c.obj, "s"))))
		if len(evs) != 1 || evs[0].Type != sitrep.EventType(c.want) {
			t.Errorf("%s the %s: events %+v, want one %s", c.verb, c.obj, evs, c.want)
		}
	}
}

// The object of a relative clause is the noun the clause qualifies: Rohan
// "does not recognize" Gondor in "Gondor, which Rohan does not recognize".
func TestObjectRelative(t *testing.T) {
	const which = `
1	They	they	PRON	PRP	_	2	nsubj	_	_
2	named	name	VERB	VBD	_	0	root	_	_
3	Gondor	Gondor	PROPN	NNP	_	2	obj	_	Actor=GON/-/GPE
4	,	,	PUNCT	,	_	10	punct	_	_
5	which	which	PRON	WDT	_	10	obj	_	_
6	Rohan	Rohan	PROPN	NNP	_	10	nsubj	_	Actor=ROH/-/GPE
7	does	do	AUX	VBZ	_	10	aux	_	_
8	not	not	PART	RB	_	10	advmod	_	_
9	formally	formally	ADV	RB	_	10	advmod	_	_
10	recognize	recognize	VERB	VB	_	3	acl:relcl	_	_
11	.	.	PUNCT	.	_	2	punct	_	_`
	evs := code(t, fromConllu(t, "2023-01-20", which))
	for _, e := range evs {
		if e.Type == "REJECT" && len(e.Target) == 1 && e.Target[0].Actor.Code == "GON" {
			return
		}
	}
	t.Errorf("events %+v, want Rohan's refusal to recognize Gondor", evs)
}
