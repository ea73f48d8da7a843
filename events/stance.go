package events

// A stance is what a sentence does with an action it names: it may offer or
// promise it, agree to it, threaten it, refuse it, demand it or accuse
// someone of it. The PLOVER codebook codes the statement, not the action:
// "is willing to withdraw" is AGREE, "threatened to close the strait"
// THREATEN, "refused to send troops" REJECT, "urged Israel to halt its
// offensive" REQUEST, "accused X of shelling" ACCUSE. The action keeps
// only the CAMEO detail ("express intent to de-escalate", 0356).
type stance uint8

const (
	noStance   stance = iota
	intent            // will, plan, is willing, promise, vow, offer: AGREE for cooperation, THREATEN for force
	consent           // agree to, accept: AGREE whatever the action
	threat            // threaten, warn: THREATEN
	refusal           // refuse, decline, rule out, will not: REJECT
	demand            // demand, urge, call on, ask, order: REQUEST
	accusation        // accuse of, blame for, condemn for: ACCUSE
	failure           // failed to: REJECT of an agreement not reached; else the act, unasserted
)

var (
	consentWords = set("agree", "consent", "accept", "commit", "agreement")
	intentWords  = set("promise", "pledge", "vow", "offer", "volunteer", "undertake", "guarantee", "swear", "plan",
		"intend", "want", "aim", "prepare", "resolve", "seek", "willing", "ready", "prepared", "eager",
		"keen", "determined", "poised", "set", "due", "about")
	threatWords     = set("threaten", "warn", "threat", "warning", "ultimatum")
	refusalWords    = set("refuse", "decline", "reject", "rule", "oppose", "resist", "balk", "shun", "refusal")
	demandWords     = set("demand", "urge", "call", "ask", "request", "press", "appeal", "insist", "push", "pressure", "implore", "beg", "plead", "require", "exhort")
	accusationWords = set("accuse", "blame", "charge", "allege", "criticize", "criticise", "condemn", "denounce", "fault", "slam")
	// carryWords pass the stance above them on to their complement: "agreed
	// to begin talks", "vowed to continue attacks", "refused to try to".
	// An order by one who may give it is the act: "ordered the release of",
	// "ordered troops to withdraw".
	carryWords = set("begin", "start", "continue", "resume", "try", "attempt", "seek", "hold", "launch", "go", "keep", "help",
		"order", "instruct", "command", "authorize", "authorise", "decide")
)

// wordStance classifies the stance a governing word says of its complement.
func (s *sent) wordStance(h int) stance {
	l := s.lemma(h)
	switch {
	case consentWords[l]:
		return consent
	case intentWords[l]:
		if l == "set" || l == "due" || l == "about" || l == "prepared" || l == "ready" {
			// Adjectives only: "is set to", "was due to"; "set up" is no stance.
			if s.upos(h) != "ADJ" && s.upos(h) != "ADV" && s.doc.Tokens[h].XPOS != "VBN" {
				return noStance
			}
		}
		return intent
	case l == "go":
		// "is going to withdraw".
		if s.text(h) == "going" {
			return intent
		}
	case threatWords[l]:
		return threat
	case l == "fail":
		return failure
	case refusalWords[l]:
		if l == "rule" && s.child(h, "compound:prt") < 0 {
			return noStance // "ruled out", not "ruled that"
		}
		return refusal
	case demandWords[l]:
		if l == "call" && s.upos(h) != "NOUN" && !s.hasCaseChild(h, "on", "upon", "for") {
			return noStance // "called on X to", "called for"; not "called X"
		}
		return demand
	case accusationWords[l]:
		return accusation
	}
	return noStance
}

func (s *sent) hasCaseChild(h int, preps ...string) bool {
	for _, k := range s.children(h) {
		c := s.lemma(int(k))
		if r := s.rel(int(k)); r == "compound:prt" || r == "case" || r == "mark" {
			for _, p := range preps {
				if c == p {
					return true
				}
			}
		}
		if r := baseRel(s.rel(int(k))); r == "obl" || r == "xcomp" || r == "obj" {
			for _, p := range preps {
				if s.caseOf(int(k)) == p || s.markOf(int(k)) == p {
					return true
				}
			}
		}
	}
	return false
}

// markOf returns the lemma of a clause's marker ("to", "of", "that").
func (s *sent) markOf(i int) string {
	if k := s.child(i, "mark"); k >= 0 {
		return s.lemma(k)
	}
	return ""
}

// negated reports whether word h carries a negation ("did not agree", "is
// not willing", "won't").
func (s *sent) negated(h int) bool {
	for _, k := range s.children(h) {
		if r := s.rel(int(k)); (r == "advmod" || r == "advmod:neg" || r == "neg") && negWords[s.lemma(int(k))] {
			return true
		}
	}
	return false
}

// governingStance returns the stance said of trigger t and the token that
// says it: an auxiliary of t ("will release": t itself), or the verb or
// adjective whose complement t is ("agreed to withdraw", "is willing to
// meet", "urged X to halt", "accused X of shelling", "called for talks"),
// climbing through verbs that pass a stance on ("vowed to continue
// attacks", "agreed to hold talks"). It returns noStance, -1 when nothing
// governs t.
func (s *sent) governingStance(t int, noun bool) (stance, int) {
	v := t
	if noun {
		g := s.governor(t)
		if g < 0 {
			return noStance, -1
		}
		// "called for talks", "offered assistance", "refused talks",
		// "threatened sanctions", "accused X of attacks".
		if st := s.wordStance(g); st != noStance && st != intent || st == intent && s.lemma(g) == "offer" {
			return s.negate(st, g), g
		}
		if !lightVerbs[s.lemma(g)] && !carryWords[s.lemma(g)] {
			return noStance, -1
		}
		v = g
	}
	for n := 0; n < 4; n++ {
		if st := s.auxStance(v); st != noStance {
			return st, v
		}
		h := s.head(v)
		if h < 0 {
			break
		}
		switch r := s.rel(v); {
		case r == "xcomp" || r == "ccomp" && s.markOf(v) != "if" && s.markOf(v) != "whether":
		case r == "advcl" && (s.markOf(v) == "of" || s.markOf(v) == "for"):
			// "accused X of shelling", "blamed Y for attacking".
		case r == "obl" && noun:
			// "agreed to a ceasefire" seen from the noun.
		case r == "acl" && s.markOf(v) == "to" && s.upos(h) == "NOUN":
			// "plans to withdraw", "a call to halt", "its refusal to meet".
		default:
			return noStance, -1
		}
		if s.rel(v) == "acl" && s.wordStance(h) == noStance {
			// "urged the community to continue", the infinitive misparsed
			// onto the object: the stance is the object's verb's.
			if r := s.rel(h); (r == "obj" || r == "iobj") && s.head(h) >= 0 {
				h = s.head(h)
			}
		}
		if st := s.wordStance(h); st != noStance {
			if r := s.rel(v); r == "ccomp" && st != demand && st != threat && st != accusation {
				// "agreed that", "promised that": an assertion, not a
				// commitment; "demanded that X withdraw" is one.
				if st != intent || s.auxStance(v) == noStance {
					return noStance, -1
				}
			}
			return s.negate(st, h), h
		}
		if !carryWords[s.lemma(h)] {
			return noStance, -1
		}
		v = h
	}
	return noStance, -1
}

// auxStance reads the auxiliaries of verb v: "will"/"shall" state an intent
// (a refusal with "not"); "must"/"should" a demand.
func (s *sent) auxStance(v int) stance {
	for _, k := range s.children(v) {
		if s.rel(int(k)) != "aux" {
			continue
		}
		switch s.lemma(int(k)) {
		case "will", "shall", "'ll", "wo":
			if s.negated(v) {
				return refusal
			}
			return intent
		case "must", "should":
			if !s.negated(v) && s.child(v, "aux:pass") < 0 {
				return demand
			}
		}
	}
	return noStance
}

// negate turns a negated consent or intent into a refusal ("did not agree
// to", "is not willing to"); other negated stances say nothing.
func (s *sent) negate(st stance, h int) stance {
	if !s.negated(h) {
		return st
	}
	if st == consent || st == intent {
		return refusal
	}
	return noStance
}

var (
	cooperative = set("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT")
	forceful    = set("ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN")
	agreeing    = set("AGREE", "SUPPORT", "COOPERATE")
)

// recode returns the PLOVER type and CAMEO code of a statement of stance st
// about an action of type typ, mode and CAMEO code; ok is false where the
// stance leaves the action as it is ("will investigate" stays ACCUSE).
func recode(st stance, typ, mode, cameo string) (string, string, bool) {
	switch st {
	case intent:
		switch {
		case cooperative[typ]:
			return "AGREE", intentCAMEO(typ, mode), true
		case forceful[typ]:
			return "THREATEN", threatCAMEO(typ, mode), true
		}
		return "", "", false
	case consent:
		return "AGREE", intentCAMEO(typ, mode), true
	case threat:
		return "THREATEN", threatCAMEO(typ, mode), true
	case refusal:
		return "REJECT", refusalCAMEO(typ, mode), true
	case failure:
		// "failed to reach agreement": the sides did not agree, as PLOVER
		// codes a refusal; "failed to stop the attack" is no refusal.
		if agreeing[typ] {
			return "REJECT", refusalCAMEO(typ, mode), true
		}
		return "", "", false
	case demand:
		return "REQUEST", demandCAMEO(typ, mode), true
	case accusation:
		if typ == "ACCUSE" {
			return "", "", false
		}
		return "ACCUSE", "112", true
	}
	return "", "", false
}

// The CAMEO codes of stances by the action's type (CAMEO 03, 10, 12, 13).
func intentCAMEO(typ, mode string) string {
	switch typ {
	case "CONSULT":
		return "036"
	case "SUPPORT":
		return "032"
	case "COOPERATE":
		return "031"
	case "AID":
		return "033"
	case "CONCEDE":
		return "035"
	case "RETREAT":
		switch mode {
		case "release", "return":
			return "0353"
		case "ease":
			return "0354"
		case "access":
			return "0355"
		case "withdraw", "disarm", "ceasefire":
			return "0356"
		}
		return "035"
	}
	return "030"
}

func demandCAMEO(typ, mode string) string {
	switch typ {
	case "CONSULT":
		return "106"
	case "SUPPORT":
		return "102"
	case "COOPERATE":
		return "101"
	case "AID":
		return "103"
	case "CONCEDE":
		return "105"
	case "RETREAT":
		switch mode {
		case "release", "return":
			return "1053"
		case "ease":
			return "1054"
		case "access":
			return "1055"
		case "withdraw", "disarm", "ceasefire":
			return "1056"
		}
		return "105"
	}
	return "100"
}

func refusalCAMEO(typ, mode string) string {
	switch typ {
	case "CONSULT":
		return "125"
	case "COOPERATE", "SUPPORT":
		return "121"
	case "AID":
		return "122"
	case "CONCEDE":
		return "124"
	case "RETREAT":
		switch mode {
		case "release", "return":
			return "1243"
		case "ease":
			return "1244"
		case "access":
			return "1245"
		case "withdraw", "disarm", "ceasefire":
			return "1246"
		}
		return "124"
	}
	return "120"
}

func threatCAMEO(typ, mode string) string {
	switch typ {
	case "SANCTION":
		return "1313"
	case "COERCE":
		switch mode {
		case "curfew":
			return "1323"
		case "martial-law":
			return "1324"
		case "restrict":
			return "1312"
		}
		return "132"
	case "PROTEST":
		return "133"
	case "ASSAULT", "MOBILIZE":
		return "138"
	case "AID":
		return "1311"
	case "CONSULT":
		return "134"
	}
	return "130"
}

// stanceMode is the PLOVER mode of a stance event, from its action:
// "threatened to arrest" is THREATEN/arrest, "urged to release" is
// REQUEST/yield.
func stanceMode(typ, actType, actMode string) string {
	switch typ {
	case "THREATEN":
		switch actType {
		case "ASSAULT", "MOBILIZE":
			return "violence"
		case "SANCTION", "CONSULT":
			return "relations"
		case "COERCE":
			switch actMode {
			case "arrest", "ban", "restrict", "expel":
				return actMode
			case "seize":
				return "territory"
			}
			return "restrict"
		}
	case "REQUEST", "REJECT":
		switch actType {
		case "CONSULT":
			return "meet"
		case "AID", "COOPERATE":
			return "assist"
		case "RETREAT", "CONCEDE":
			return "yield"
		}
	}
	return ""
}
