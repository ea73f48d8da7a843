package actors

import (
	"fmt"
	"strings"
	"time"
)

// loadPetrarch reads a TABARI/PETRARCH actors or agents dictionary: an entry
// line (NAME_WITH_UNDERSCORES, optionally {plural} and [CODE dates]), "+alias"
// lines, indented "[CODE yymmdd-yymmdd]" lines for dated roles, "#" and
// "<!-- -->" comments, and "!MACRO! = A, B" substitutions in agents files.
// Agent codes start with "~" ([~MIL]). The CAMEO code comes through as
// Period.Code, its first three letters as the country unless they name a
// sector or an international actor (IGO, NGO, IMG, MNC).
func (db *DB) loadPetrarch(text, name string) error {
	macros := map[string][]string{}
	var cur *Entry
	flush := func() {
		if cur != nil && (len(cur.Periods) > 0 || cur.Kind == Agent) {
			db.Add(classify(cur))
		}
		cur = nil
	}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(strings.TrimSpace(line), "<!--") {
			continue
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.HasPrefix(line, "!") {
			if k, v, ok := strings.Cut(line, "="); ok {
				var alts []string
				for _, a := range strings.Split(v, ",") {
					alts = append(alts, strings.TrimSpace(a))
				}
				macros[strings.TrimSpace(k)] = alts
				continue
			}
		}
		switch {
		case strings.HasPrefix(line, "+"):
			if cur == nil {
				return fmt.Errorf("line %d: alias with no entry before it", n+1)
			}
			nm, _ := splitEntryLine(line[1:])
			cur.Names = append(cur.Names, expand(nm, macros)...)
		case line[0] == ' ' || line[0] == '\t' || line[0] == '[':
			if cur == nil {
				return fmt.Errorf("line %d: code with no entry before it", n+1)
			}
			_, codes := splitEntryLine(line)
			for _, c := range codes {
				p, err := parseCode(c)
				if err != nil {
					return fmt.Errorf("line %d: %w", n+1, err)
				}
				cur.Periods = append(cur.Periods, p)
			}
		default:
			flush()
			nm, codes := splitEntryLine(line)
			names := expand(nm, macros)
			if len(names) == 0 {
				continue
			}
			cur = &Entry{Name: names[0], Names: names, Source: name}
			if plural := braces(line); plural != "" {
				cur.Names = append(cur.Names, expand(cleanName(plural), macros)...)
			}
			for _, c := range codes {
				if strings.HasPrefix(c, "~") {
					cur.Kind = Agent
				}
				p, err := parseCode(c)
				if err != nil {
					return fmt.Errorf("line %d: %w", n+1, err)
				}
				cur.Periods = append(cur.Periods, p)
			}
			if cur.Kind == Agent {
				cur.Names = append(cur.Names, plurals(cur.Names)...)
			}
		}
	}
	flush()
	return nil
}

// splitEntryLine returns the name part (before any { or [) and the codes in
// brackets.
func splitEntryLine(line string) (string, []string) {
	nm := line
	if i := strings.IndexAny(nm, "[{"); i >= 0 {
		nm = nm[:i]
	}
	var codes []string
	rest := line
	for {
		i := strings.IndexByte(rest, '[')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], ']')
		if j < 0 {
			break
		}
		if c := strings.TrimSpace(rest[i+1 : i+j]); c != "" {
			codes = append(codes, c)
		}
		rest = rest[i+j+1:]
	}
	return cleanName(nm), codes
}

func braces(line string) string {
	i := strings.IndexByte(line, '{')
	j := strings.IndexByte(line, '}')
	if i < 0 || j < i {
		return ""
	}
	return strings.TrimSpace(line[i+1 : j])
}

// cleanName turns "HAMID_KARZAI_" into "hamid karzai" (case does not matter
// to the matcher).
func cleanName(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", " "))
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func expand(name string, macros map[string][]string) []string {
	if name == "" {
		return nil
	}
	for k, alts := range macros {
		mk := strings.ToLower(k)
		if strings.Contains(name, mk) {
			var out []string
			for _, a := range alts {
				out = append(out, expand(strings.ReplaceAll(name, mk, strings.ToLower(a)), macros)...)
			}
			return out
		}
	}
	return []string{name}
}

// plurals adds regular English plurals of the last word, which PETRARCH
// generates itself for agents.
func plurals(names []string) []string {
	var out []string
	for _, n := range names {
		switch {
		case n == "" || strings.HasSuffix(n, "s") || strings.HasSuffix(n, "men"):
		case strings.HasSuffix(n, "man"):
			out = append(out, n[:len(n)-3]+"men")
		case strings.HasSuffix(n, "y") && !strings.HasSuffix(n, "ey") && !strings.HasSuffix(n, "ay"):
			out = append(out, n[:len(n)-1]+"ies")
		case strings.HasSuffix(n, "x") || strings.HasSuffix(n, "ch") || strings.HasSuffix(n, "sh"):
			out = append(out, n+"es")
		default:
			out = append(out, n+"s")
		}
	}
	return out
}

// Sectors are the CAMEO/PLOVER actor sector codes recognised inside codes.
var Sectors = map[string]bool{
	"GOV": true, "MIL": true, "REB": true, "OPP": true, "PTY": true, "COP": true, "JUD": true, "SPY": true,
	"MED": true, "EDU": true, "BUS": true, "CRM": true, "CVL": true, "LEG": true, "ELI": true, "HLH": true,
	"REF": true, "AGR": true, "LAB": true, "HRI": true, "ENV": true, "IGO": true, "NGO": true, "UAF": true,
	"MOD": true, "RAD": true, "SET": true, "INS": true, "REL": true,
}

var international = map[string]string{"IGO": "IGO", "NGO": "NGO", "NGM": "NGO", "IMG": "REB", "MNC": "BUS", "INT": "IGO"}

// SplitCode splits a CAMEO actor code into country and sector: "PAKGOV" →
// PAK, GOV; "PSEHMSGOV" → PSE, GOV; "IGOUNO" → "", IGO; "~MIL" → "", MIL.
// An agent code ("~" first) names no country, only the agent's type, whose
// first three letters are the sector: "~MOP" → "", MOP; "~GOVFRM" → "", GOV.
func SplitCode(code string) (country, sector string) {
	agent := strings.HasPrefix(code, "~")
	code = strings.ToUpper(strings.TrimPrefix(code, "~"))
	if len(code) < 3 {
		return "", ""
	}
	if agent {
		return "", code[:3]
	}
	first := code[:3]
	if s, ok := international[first]; ok {
		return "", s
	}
	if Sectors[first] {
		return "", first
	}
	for i := 3; i+3 <= len(code); i += 3 {
		if Sectors[code[i:i+3]] {
			return first, code[i : i+3]
		}
	}
	return first, ""
}

func parseCode(c string) (Period, error) {
	f := strings.Fields(c)
	var p Period
	if len(f) == 0 {
		return p, nil
	}
	// "[NGO~]" puts the agent before the country it joins (NGOARN); read
	// alone it is an international actor of that type.
	p.Code = strings.ToUpper(strings.Trim(f[0], "~"))
	if p.Code == "---" {
		p.Code = ""
	}
	p.Country, p.Sector = SplitCode(p.Code)
	if strings.HasPrefix(f[0], "~") {
		p.Code = ""
	}
	if len(f) > 1 {
		d := f[1]
		var err error
		switch {
		case strings.HasPrefix(d, ">"):
			p.From, err = petrDate(d[1:])
		case strings.HasPrefix(d, "<"):
			p.Until, err = petrDate(d[1:])
		default:
			a, b, _ := strings.Cut(d, "-")
			if p.From, err = petrDate(a); err == nil {
				p.Until, err = petrDate(b)
			}
		}
		if err != nil {
			return p, fmt.Errorf("code [%s]: %w", c, err)
		}
	}
	return p, nil
}

// petrDate reads yymmdd (years up to 30 are 20yy) or yyyymmdd; malformed
// dates in the reference dictionaries are read as open.
func petrDate(s string) (time.Time, error) {
	switch len(s) {
	case 6:
		t, err := time.Parse("060102", s)
		if err != nil {
			return time.Time{}, nil
		}
		if t.Year() > 2030 {
			t = t.AddDate(-100, 0, 0)
		}
		return t, nil
	case 8:
		t, err := time.Parse("20060102", s)
		if err != nil {
			return time.Time{}, nil
		}
		return t, nil
	}
	return time.Time{}, nil
}

// classify guesses the kind of a PETRARCH actor: dated roles make a person,
// a bare country code a country, an armed sector a group.
func classify(e *Entry) *Entry {
	if e.Kind == Agent {
		return e
	}
	dated, sector := false, false
	for _, p := range e.Periods {
		dated = dated || !p.From.IsZero() || !p.Until.IsZero()
		sector = sector || p.Sector != ""
	}
	p := e.Periods[0]
	first, _, _ := strings.Cut(p.Code, "/") // "ELR/GAL": an actor with two codes
	switch {
	case dated && sector: // a country's dated codes ([BIH 920301-]) make no person
		e.Kind = Person
	case len(first) == 3 && p.Country != "":
		e.Kind = Country
	case p.Sector == "REB" || p.Sector == "UAF":
		e.Kind = Group
	default:
		e.Kind = Organisation
	}
	e.ID = "petr:" + strings.ReplaceAll(e.Name, " ", "_")
	return e
}
