package events

import (
	"testing"

	"github.com/sitrep-dev/sitrep"
)

// One sentence per stance, parsed by hand: the event is the statement, coded
// with the action's CAMEO detail, and the action yields no event of its own.
func TestStances(t *testing.T) {
	for _, tc := range []struct {
		name, conllu string
		typ, cameo   string
		src, tgt     string
	}{
		{"willing", `
1	Gondor	Gondor	PROPN	NNP	_	3	nsubj	_	Actor=GON/-/GPE
2	is	be	AUX	VBZ	_	3	cop	_	_
3	willing	willing	ADJ	JJ	_	0	root	_	_
4	to	to	PART	TO	_	5	mark	_	_
5	withdraw	withdraw	VERB	VB	_	3	xcomp	_	_
6	from	from	ADP	IN	_	7	case	_	_
7	Rohan	Rohan	PROPN	NNP	_	5	obl	_	Actor=ROH/-/GPE
8	.	.	PUNCT	.	_	3	punct	_	_`, "AGREE", "0356", "GON ", "ROH "},
		{"threatened", `
1	Mordor	Mordor	PROPN	NNP	_	2	nsubj	_	Actor=MOR/-/GPE
2	threatened	threaten	VERB	VBD	_	0	root	_	_
3	to	to	PART	TO	_	4	mark	_	_
4	attack	attack	VERB	VB	_	2	xcomp	_	_
5	Gondor	Gondor	PROPN	NNP	_	4	obj	_	Actor=GON/-/GPE
6	.	.	PUNCT	.	_	2	punct	_	_`, "THREATEN", "138", "MOR ", "GON "},
		{"refused", `
1	Rohan	Rohan	PROPN	NNP	_	2	nsubj	_	Actor=ROH/-/GPE
2	refused	refuse	VERB	VBD	_	0	root	_	_
3	to	to	PART	TO	_	4	mark	_	_
4	meet	meet	VERB	VB	_	2	xcomp	_	_
5	Mordor	Mordor	PROPN	NNP	_	4	obj	_	Actor=MOR/-/GPE
6	.	.	PUNCT	.	_	2	punct	_	_`, "REJECT", "125", "ROH ", "MOR "},
		{"urged", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	urged	urge	VERB	VBD	_	0	root	_	_
3	Mordor	Mordor	PROPN	NNP	_	2	obj	_	Actor=MOR/-/GPE
4	to	to	PART	TO	_	5	mark	_	_
5	release	release	VERB	VB	_	2	xcomp	_	_
6	prisoners	prisoner	NOUN	NNS	_	5	obj	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`, "REQUEST", "1053", "GON ", "MOR "},
		{"will not", `
1	Rohan	Rohan	PROPN	NNP	_	4	nsubj	_	Actor=ROH/-/GPE
2	will	will	AUX	MD	_	4	aux	_	_
3	not	not	PART	RB	_	4	advmod	_	_
4	attend	attend	VERB	VB	_	0	root	_	_
5	talks	talk	NOUN	NNS	_	4	obj	_	_
6	with	with	ADP	IN	_	7	case	_	_
7	Mordor	Mordor	PROPN	NNP	_	5	nmod	_	Actor=MOR/-/GPE
8	.	.	PUNCT	.	_	4	punct	_	_`, "REJECT", "125", "ROH ", "MOR "},
		{"accused of", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	accused	accuse	VERB	VBD	_	0	root	_	_
3	Mordor	Mordor	PROPN	NNP	_	2	obj	_	Actor=MOR/-/GPE
4	of	of	SCONJ	IN	_	5	mark	_	_
5	shelling	shell	VERB	VBG	_	2	advcl	_	_
6	villages	village	NOUN	NNS	_	5	obj	_	_
7	.	.	PUNCT	.	_	2	punct	_	_`, "ACCUSE", "112", "GON ", "MOR "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := code(t, fromConllu(t, "2023-01-20", tc.conllu))
			if len(evs) != 1 {
				t.Fatalf("want one event, got %d: %+v", len(evs), evs)
			}
			e := evs[0]
			if string(e.Type) != tc.typ || e.CAMEO != tc.cameo || codes(e.Source) != tc.src || codes(e.Target) != tc.tgt {
				t.Errorf("got %s %s %q -> %q, want %s %s %q -> %q", e.Type, e.CAMEO, codes(e.Source), codes(e.Target), tc.typ, tc.cameo, tc.src, tc.tgt)
			}
			if tc.name == "will not" && e.Realis != sitrep.Asserted {
				t.Errorf("a refusal is asserted, got %s", e.Realis)
			}
		})
	}
}

// A sentence that states one incident gives one record: a protest with its
// demand, a raid with its killings.
func TestOneRecordPerIncident(t *testing.T) {
	for _, tc := range []struct {
		name, conllu, typ string
		killed            int
	}{
		{"protest demanding", `
1	Protesters	protester	NOUN	NNS	_	2	nsubj	_	Actor=GON/OPP/AGENT
2	marched	march	VERB	VBD	_	0	root	_	_
3	in	in	ADP	IN	_	4	case	_	_
4	Minas	Minas	PROPN	NNP	_	2	obl	_	_
5	,	,	PUNCT	,	_	6	punct	_	_
6	demanding	demand	VERB	VBG	_	2	advcl	_	_
7	the	the	DET	DT	_	8	det	_	_
8	release	release	NOUN	NN	_	6	obj	_	_
9	of	of	ADP	IN	_	10	case	_	_
10	prisoners	prisoner	NOUN	NNS	_	8	nmod	_	_
11	.	.	PUNCT	.	_	2	punct	_	_`, "PROTEST", -1},
		{"stormed killing", `
1	Orcs	orc	NOUN	NNS	_	2	nsubj	_	Actor=MOR/REB/AGENT
2	stormed	storm	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	5	det	_	_
4	police	police	NOUN	NN	_	5	compound	_	Actor=GON/COP/AGENT
5	post	post	NOUN	NN	_	2	obj	_	_
6	,	,	PUNCT	,	_	7	punct	_	_
7	killing	kill	VERB	VBG	_	2	advcl	_	_
8	five	five	NUM	CD	_	9	nummod	_	_
9	officers	officer	NOUN	NNS	_	7	obj	_	_
10	.	.	PUNCT	.	_	2	punct	_	_`, "ASSAULT", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := code(t, fromConllu(t, "2023-01-20", tc.conllu))
			if len(evs) != 1 {
				t.Fatalf("want one event, got %d: %+v", len(evs), evs)
			}
			if e := evs[0]; string(e.Type) != tc.typ || e.Counts.Killed != tc.killed {
				t.Errorf("got %s killed %d, want %s killed %d", e.Type, e.Counts.Killed, tc.typ, tc.killed)
			}
		})
	}
}

// Violence needs no named doer ("clashes broke out"); talk does.
func TestActorlessNominalEvents(t *testing.T) {
	evs := code(t, fromConllu(t, "2023-01-20", `
1	Heavy	heavy	ADJ	JJ	_	2	amod	_	_
2	clashes	clash	NOUN	NNS	_	3	nsubj	_	_
3	broke	break	VERB	VBD	_	0	root	_	_
4	out	out	ADP	RP	_	3	compound:prt	_	_
5	.	.	PUNCT	.	_	3	punct	_	_`, `
1	The	the	DET	DT	_	2	det	_	_
2	talks	talk	NOUN	NNS	_	3	nsubj	_	_
3	resumed	resume	VERB	VBD	_	0	root	_	_
4	.	.	PUNCT	.	_	3	punct	_	_`))
	if len(evs) != 1 || evs[0].Type != "ASSAULT" || len(evs[0].Source) != 0 {
		t.Fatalf("want one actorless ASSAULT, got %+v", evs)
	}
}

// Targets and sources the syntax states one step away: the recipient of a
// lent thing, a statement's author, the enemy of a war troops are sent to,
// the place own troops leave, and a target that shares the source's code.
func TestArgumentsOneStepAway(t *testing.T) {
	for _, tc := range []struct {
		name, conllu, typ, src, tgt string
	}{
		{"lend to", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	agreed	agree	VERB	VBD	_	0	root	_	_
3	to	to	PART	TO	_	4	mark	_	_
4	lend	lend	VERB	VB	_	2	xcomp	_	_
5	up	up	ADP	RP	_	4	compound:prt	_	_
6	to	to	ADP	IN	_	7	case	_	_
7	$	$	SYM	$	_	4	obl	_	_
8	5	5	NUM	CD	_	7	nummod	_	_
9	to	to	ADP	IN	_	10	case	_	_
10	Rohan	Rohan	PROPN	NNP	_	4	obl	_	Actor=ROH/-/GPE
11	.	.	PUNCT	.	_	2	punct	_	_`, "AGREE", "GON ", "ROH "},
		{"statement condemning", `
1	Rohan	Rohan	PROPN	NNP	_	2	nsubj	_	Actor=ROH/-/GPE
2	issued	issue	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	statement	statement	NOUN	NN	_	2	obj	_	_
5	condemning	condemn	VERB	VBG	_	4	acl	_	_
6	Isengard	Isengard	PROPN	NNP	_	5	obj	_	Actor=ISE/-/GPE
7	.	.	PUNCT	.	_	2	punct	_	_`, "ACCUSE", "ROH ", "ISE "},
		{"war against", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	mobilized	mobilize	VERB	VBD	_	0	root	_	_
3	troops	troops	NOUN	NNS	_	2	obj	_	_
4	for	for	ADP	IN	_	6	case	_	_
5	a	a	DET	DT	_	6	det	_	_
6	war	war	NOUN	NN	_	2	obl	_	_
7	against	against	ADP	IN	_	8	case	_	_
8	Mordor	Mordor	PROPN	NNP	_	6	nmod	_	Actor=MOR/-/GPE
9	.	.	PUNCT	.	_	2	punct	_	_`, "MOBILIZE", "GON ", "MOR "},
		{"willing to withdraw its troops", `
1	Rohan	Rohan	PROPN	NNP	_	3	nsubj	_	Actor=ROH/-/GPE
2	is	be	AUX	VBZ	_	3	cop	_	_
3	willing	willing	ADJ	JJ	_	0	root	_	_
4	to	to	PART	TO	_	5	mark	_	_
5	withdraw	withdraw	VERB	VB	_	3	xcomp	_	_
6	its	its	PRON	PRP$	_	7	nmod:poss	_	_
7	troops	troops	NOUN	NNS	_	5	obj	_	_
8	from	from	ADP	IN	_	11	case	_	_
9	the	the	DET	DT	_	11	det	_	_
10	Anorien	Anorien	PROPN	NNP	_	11	compound	_	Actor=GON/-/GPE
11	towns	town	NOUN	NNS	_	5	obl	_	_
12	.	.	PUNCT	.	_	3	punct	_	_`, "AGREE", "ROH ", "GON "},
		{"returned to", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	returned	return	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	portrait	portrait	NOUN	NN	_	2	obj	_	_
5	of	of	ADP	IN	_	6	case	_	_
6	Isildur	Isildur	PROPN	NNP	_	4	nmod	_	Actor=GON/GOV/PER
7	to	to	ADP	IN	_	8	case	_	_
8	Rohan	Rohan	PROPN	NNP	_	2	obl	_	Actor=ROH/-/GPE
9	.	.	PUNCT	.	_	2	punct	_	_`, "RETREAT", "GON ", "ROH "},
		{"military aid to", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	suspended	suspend	VERB	VBD	_	0	root	_	_
3	military	military	ADJ	JJ	_	4	amod	_	Actor=-/MIL/AGENT
4	aid	aid	NOUN	NN	_	2	obj	_	_
5	to	to	ADP	IN	_	6	case	_	_
6	Rohan	Rohan	PROPN	NNP	_	4	nmod	_	Actor=ROH/-/GPE
7	.	.	PUNCT	.	_	2	punct	_	_`, "SANCTION", "GON ", "ROH "},
		{"gave a deadline", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	gave	give	VERB	VBD	_	0	root	_	_
3	Rohan	Rohan	PROPN	NNP	_	2	iobj	_	Actor=ROH/-/GPE
4	a	a	DET	DT	_	5	det	_	_
5	deadline	deadline	NOUN	NN	_	2	obj	_	_
6	.	.	PUNCT	.	_	2	punct	_	_`, "THREATEN", "GON ", "ROH "},
		{"went on strike", `
1	Dockers	docker	NOUN	NNS	_	2	nsubj	_	Actor=GON/LAB/AGENT
2	went	go	VERB	VBD	_	0	root	_	_
3	on	on	ADP	IN	_	4	case	_	_
4	strike	strike	NOUN	NN	_	2	obl	_	_
5	against	against	ADP	IN	_	7	case	_	_
6	the	the	DET	DT	_	7	det	_	_
7	steward	steward	NOUN	NN	_	4	nmod	_	Actor=GON/GOV/AGENT
8	.	.	PUNCT	.	_	2	punct	_	_`, "PROTEST", "GONLAB ", "GONGOV "},
		{"has refused misparsed", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	has	have	VERB	VBZ	_	0	root	_	_
3	refused	refuse	VERB	VBN	_	2	obj	_	_
4	to	to	PART	TO	_	5	mark	_	_
5	meet	meet	VERB	VB	_	3	xcomp	_	_
6	Rohan	Rohan	PROPN	NNP	_	5	obj	_	Actor=ROH/-/GPE
7	.	.	PUNCT	.	_	2	punct	_	_`, "REJECT", "GON ", "ROH "},
		{"discussed with", `
1	Gondor	Gondor	PROPN	NNP	_	2	nsubj	_	Actor=GON/-/GPE
2	discussed	discuss	VERB	VBD	_	0	root	_	_
3	Isengard	Isengard	PROPN	NNP	_	2	obj	_	Actor=ISE/-/GPE
4	with	with	ADP	IN	_	5	case	_	_
5	Rohan	Rohan	PROPN	NNP	_	2	obl	_	Actor=ROH/-/GPE
6	.	.	PUNCT	.	_	2	punct	_	_`, "CONSULT", "GON ", "ROH "},
		{"sought refuge in", `
1	Rohan	Rohan	PROPN	NNP	_	2	compound	_	Actor=ROH/-/GPE
2	refugees	refugee	NOUN	NNS	_	3	nsubj	_	Actor=-/REF/AGENT
3	sought	seek	VERB	VBD	_	0	root	_	_
4	refuge	refuge	NOUN	NN	_	3	obj	_	_
5	in	in	ADP	IN	_	6	case	_	_
6	Gondor	Gondor	PROPN	NNP	_	3	obl	_	Actor=GON/-/GPE|Place=GON/Gondor
7	.	.	PUNCT	.	_	3	punct	_	_`, "REQUEST", "ROHREF ", "GON "},
		{"credit as subject", `
1	(	(	PUNCT	-LRB-	_	2	punct	_	_
2	GNN	GNN	PROPN	NNP	_	7	nsubj	_	Actor=GON/MED/ORG
3	)	)	PUNCT	-RRB-	_	2	punct	_	_
4	Rohan	Rohan	ADJ	JJ	_	5	amod	_	Actor=ROH/-/NORP
5	police	police	NOUN	NN	_	2	appos	_	Actor=ROH/COP/AGENT
6	have	have	AUX	VBP	_	7	aux	_	_
7	arrested	arrest	VERB	VBN	_	0	root	_	_
8	Isildur	Isildur	PROPN	NNP	_	7	obj	_	Actor=GON/GOV/PER
9	.	.	PUNCT	.	_	7	punct	_	_`, "COERCE", "ROHCOP ", "GONGOV "},
		{"his country's support", `
1	Isildur	Isildur	PROPN	NNP	_	2	nsubj	_	Actor=GON/GOV/PER
2	pledged	pledge	VERB	VBD	_	0	root	_	_
3	his	his	PRON	PRP$	_	4	nmod:poss	_	_
4	country	country	NOUN	NN	_	6	nmod:poss	_	_
5	's	's	PART	POS	_	4	case	_	_
6	support	support	NOUN	NN	_	2	obj	_	_
7	to	to	ADP	IN	_	8	case	_	_
8	Rohan	Rohan	PROPN	NNP	_	6	nmod	_	Actor=ROH/-/GPE
9	.	.	PUNCT	.	_	2	punct	_	_`, "SUPPORT", "GONGOV ", "ROH "},
		{"conceded to the demands of", `
1	Isildur	Isildur	PROPN	NNP	_	2	nsubj	_	Actor=GON/GOV/PER
2	conceded	concede	VERB	VBD	_	0	root	_	_
3	to	to	ADP	IN	_	5	case	_	_
4	the	the	DET	DT	_	5	det	_	_
5	demands	demand	NOUN	NNS	_	2	obl	_	_
6	of	of	ADP	IN	_	8	case	_	_
7	the	the	DET	DT	_	8	det	_	_
8	dockers	docker	NOUN	NNS	_	5	nmod	_	_
9	.	.	PUNCT	.	_	2	punct	_	_`, "CONCEDE", "GONGOV ", " "},
		{"meeting on a day with", `
1	Isildur	Isildur	PROPN	NNP	_	2	nsubj	_	Actor=GON/GOV/PER
2	held	hold	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	meeting	meeting	NOUN	NN	_	2	obj	_	_
5	on	on	ADP	IN	_	6	case	_	_
6	Tuesday	Tuesday	PROPN	NNP	_	2	obl	_	_
7	with	with	ADP	IN	_	8	case	_	_
8	Theoden	Theoden	PROPN	NNP	_	2	obl	_	Actor=ROH/GOV/PER
9	.	.	PUNCT	.	_	2	punct	_	_`, "CONSULT", "GONGOV ", "ROHGOV "},
		{"mediation between", `
1	Rohan	Rohan	PROPN	NNP	_	2	nsubj	_	Actor=ROH/-/GPE
2	launched	launch	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	5	det	_	_
4	mediation	mediation	NOUN	NN	_	5	compound	_	_
5	effort	effort	NOUN	NN	_	2	obj	_	_
6	to	to	PART	TO	_	7	mark	_	_
7	end	end	VERB	VB	_	5	acl	_	_
8	the	the	DET	DT	_	9	det	_	_
9	rift	rift	NOUN	NN	_	7	obj	_	_
10	between	between	ADP	IN	_	11	case	_	_
11	Gondor	Gondor	PROPN	NNP	_	9	nmod	_	Actor=GON/-/GPE
12	and	and	CCONJ	CC	_	13	cc	_	_
13	Mordor	Mordor	PROPN	NNP	_	11	conj	_	Actor=MOR/-/GPE
14	.	.	PUNCT	.	_	2	punct	_	_`, "CONSULT", "ROH ", "GON MOR "},
		{"missiles fired by", `
1	The	the	DET	DT	_	2	det	_	_
2	missiles	missile	NOUN	NNS	_	6	nsubj	_	_
3	fired	fire	VERB	VBN	_	2	acl	_	_
4	by	by	ADP	IN	_	5	case	_	_
5	Mordor	Mordor	PROPN	NNP	_	3	obl:agent	_	Actor=MOR/-/GPE
6	struck	strike	VERB	VBD	_	0	root	_	_
7	Osgiliath	Osgiliath	PROPN	NNP	_	6	obj	_	Actor=GON/-/GPE
8	.	.	PUNCT	.	_	6	punct	_	_`, "ASSAULT", "MOR ", "GON "},
		{"date taken into the subject", `
1	On	on	ADP	IN	_	4	case	_	_
2	21	21	NUM	CD	_	3	nummod	_	_
3	June	June	PROPN	NNP	_	4	compound	_	_
4	Rohan	Rohan	PROPN	NNP	_	5	nsubj	_	Actor=ROH/-/GPE
5	condemned	condemn	VERB	VBD	_	0	root	_	_
6	Mordor	Mordor	PROPN	NNP	_	5	obj	_	Actor=MOR/-/GPE
7	.	.	PUNCT	.	_	5	punct	_	_`, "ACCUSE", "ROH ", "MOR "},
		{"arrested in", `
1	Isildur	Isildur	PROPN	NNP	_	3	nsubj:pass	_	Actor=GON/GOV/PER
2	was	be	AUX	VBD	_	3	aux:pass	_	_
3	arrested	arrest	VERB	VBN	_	0	root	_	_
4	in	in	ADP	IN	_	5	case	_	_
5	Rohan	Rohan	PROPN	NNP	_	3	obl	_	Place=ROH/Rohan
6	.	.	PUNCT	.	_	3	punct	_	_`, "COERCE", "ROHGOV ", "GONGOV "},
		{"same code, other actor", `
1	The	the	DET	DT	_	2	det	_	_
2	steward	steward	NOUN	NN	_	3	nsubj	_	Actor=GON/GOV/AGENT
3	defended	defend	VERB	VBD	_	0	root	_	_
4	the	the	DET	DT	_	6	det	_	_
5	council	council	NOUN	NN	_	6	nmod:poss	_	Actor=GON/GOV/ORG
6	plan	plan	NOUN	NN	_	3	obj	_	_
7	.	.	PUNCT	.	_	3	punct	_	_`, "SUPPORT", "GONGOV ", "GONGOV "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := code(t, fromConllu(t, "2023-01-20", tc.conllu))
			if len(evs) != 1 {
				t.Fatalf("want one event, got %d: %+v", len(evs), evs)
			}
			if e := evs[0]; string(e.Type) != tc.typ || codes(e.Source) != tc.src || codes(e.Target) != tc.tgt {
				t.Errorf("got %s %q -> %q, want %s %q -> %q", e.Type, codes(e.Source), codes(e.Target), tc.typ, tc.src, tc.tgt)
			}
		})
	}
}

// Sides that talk or agree together are each other's target, whatever they
// talk about; a third named as the matter or the place is not.
func TestTogetherAboutAThird(t *testing.T) {
	evs := code(t, fromConllu(t, "2023-01-20", `
1	Gondor	Gondor	PROPN	NNP	_	4	nsubj	_	Actor=GON/-/GPE
2	and	and	CCONJ	CC	_	3	cc	_	_
3	Rohan	Rohan	PROPN	NNP	_	1	conj	_	Actor=ROH/-/GPE
4	discussed	discuss	VERB	VBD	_	0	root	_	_
5	security	security	NOUN	NN	_	4	obj	_	_
6	in	in	ADP	IN	_	7	case	_	_
7	Mordor	Mordor	PROPN	NNP	_	5	nmod	_	Actor=MOR/-/GPE
8	.	.	PUNCT	.	_	4	punct	_	_`))
	if len(evs) != 2 || codes(evs[0].Source) != "GON " || codes(evs[0].Target) != "ROH " || codes(evs[1].Source) != "ROH " || codes(evs[1].Target) != "GON " {
		t.Fatalf("want GON > ROH and ROH > GON, got %+v", evs)
	}
}
