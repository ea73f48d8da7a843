// Package timex finds time expressions in tokenized text and resolves them to
// a range of days, anchored on the publication date: "on Wednesday", "late
// last year", "in the last three months", "5 January 2023", "two weeks ago".
package timex

import (
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Expr is a resolved time expression: the tokens [FirstToken, EndToken) that
// state it, and the days [Start, End] (inclusive) it can denote.
type Expr struct {
	sitrep.Span
	FirstToken, EndToken int
	Start, End           time.Time
	Precision            sitrep.DatePrecision
}

// Find returns the time expressions among tokens [first, end) of text,
// resolved against anchor (the publication date). With a zero anchor only
// expressions that name their year are resolved.
func Find(text string, toks []sitrep.Token, first, end int, anchor time.Time) []Expr {
	var out []Expr
	anchor = day(anchor)
	w := func(i int) string {
		if i < first || i >= end {
			return ""
		}
		return lower(toks[i].Of(text))
	}
	for i := first; i < end; {
		e, n := match(w, i, anchor)
		if n == 0 || e.Start.IsZero() {
			i++
			continue
		}
		e.FirstToken, e.EndToken = i, i+n
		e.Span = sitrep.Span{Start: toks[i].Start, End: toks[i+n-1].End}
		out = append(out, e)
		i += n
	}
	return out
}

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var weekdays = map[string]time.Weekday{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}

var months = map[string]time.Month{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
	"jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

var numbers = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "couple": 2}

func number(s string) (int, bool) {
	if n, ok := numbers[s]; ok {
		return n, true
	}
	if !digits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0 && n < 1000
}

func unit(s string) string {
	switch strings.TrimSuffix(s, "s") {
	case "day":
		return "day"
	case "week":
		return "week"
	case "month":
		return "month"
	case "year":
		return "year"
	}
	return ""
}

// back moves t back by n units.
func back(t time.Time, n int, u string) time.Time {
	switch u {
	case "day":
		return t.AddDate(0, 0, -n)
	case "week":
		return t.AddDate(0, 0, -7*n)
	case "month":
		return t.AddDate(0, -n, 0)
	}
	return t.AddDate(-n, 0, 0)
}

// period returns the calendar unit u containing t.
func period(t time.Time, u string) (time.Time, time.Time) {
	y, m, _ := t.Date()
	switch u {
	case "day":
		return t, t
	case "week": // Monday to Sunday
		s := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		return s, s.AddDate(0, 0, 6)
	case "month":
		s := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		return s, s.AddDate(0, 1, -1)
	}
	s := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return s, s.AddDate(1, 0, -1)
}

// part narrows [s, e] to its early, mid or late part: thirds of a year by
// months (Jan-Apr, May-Aug, Sep-Dec), of a month by tens of days.
func part(s, e time.Time, p string) (time.Time, time.Time) {
	if e.Sub(s) > 40*24*time.Hour {
		switch p {
		case "early":
			return s, s.AddDate(0, 4, -1)
		case "mid", "middle":
			return s.AddDate(0, 4, 0), s.AddDate(0, 8, -1)
		case "late":
			return s.AddDate(0, 8, 0), e
		}
		return s, e
	}
	switch p {
	case "early":
		return s, s.AddDate(0, 0, 9)
	case "mid", "middle":
		return s.AddDate(0, 0, 10), s.AddDate(0, 0, 19)
	case "late":
		return s.AddDate(0, 0, 20), e
	}
	return s, e
}

// digits reports whether s starts with a digit; it spares strconv's error
// allocation on every word.
func digits(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func isYear(s string) (int, bool) {
	if len(s) != 4 || !digits(s) {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1900 && y <= 2100
}

func isDay(s string) (int, bool) {
	if !digits(s) {
		return 0, false
	}
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "th"), "st"), "nd"), "rd")
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= 31
}

// at is the token a pattern is tried at.
type at struct {
	w func(int) string // lower-cased token k, "" outside the sentence
	i int
	t string    // token i
	a time.Time // the anchor; zero when unknown
}

// next returns the token k places after i (before it when k < 0).
func (p at) next(k int) string { return p.w(p.i + k) }

// rel reports whether the anchor is known, so that relative expressions
// resolve.
func (p at) rel() bool { return !p.a.IsZero() }

// A pattern is one kind of time expression. It reports whether it applies at
// a token and, when it does, the expression and the number of tokens it
// takes; an expression may apply and still resolve to nothing (a zero
// Start), and then no later pattern is tried. A pattern applies only at the
// words of starts, or with digit at a token that starts with a digit.
type pattern struct {
	name   string
	starts []string
	digit  bool
	match  func(p at) (e Expr, n int, ok bool)
}

// patterns are tried in order at each token; the first that applies wins.
var patterns = []pattern{
	{"deictic day", fields("yesterday today tonight tomorrow"), false, deicticDay}, // yesterday
	{"last night", fields("last"), false, lastNight},                               // last night
	{"weekday", keys(weekdays), false, weekday},                                    // on Wednesday, next Monday, Friday night
	{"part of a unit", fields("late early mid earlier"), false, partOfUnit},        // late last year, earlier this month
	{"relative unit", fields("last this next past"), false, relativeUnit},          // last month, this week
	{"span to anchor", fields("in over during within"), false, spanToAnchor},       // in the last three months
	{"recent units", fields("recent"), false, recentUnits},                         // recent weeks
	{"ago", keys(numbers), true, ago},                                              // two weeks ago, 3 days ago
	{"ISO date", nil, true, isoDate},                                               // 2023-01-05
	{"day month", nil, true, dayMonth},                                             // 5 January 2023, 5 Jan
	{"month day", keys(months), false, monthDay},                                   // January 5, 2023; January 2023; in January
	{"year", nil, true, year},                                                      // in 2019, since 2019
}

func fields(s string) []string { return strings.Fields(s) }

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// byStart indexes the patterns by the words they start at, in table order,
// and byDigit lists those that start at a number: most tokens start none, and
// one lookup tells so.
var byStart, byDigit = func() (map[string][]int, []int) {
	m := map[string][]int{}
	var d []int
	for k, p := range patterns {
		for _, w := range p.starts {
			m[w] = append(m[w], k)
		}
		if p.digit {
			d = append(d, k)
		}
	}
	return m, d
}()

// match tries the patterns at token i and returns the expression and the
// number of tokens it takes (0: none).
func match(w func(int) string, i int, a time.Time) (Expr, int) {
	t := w(i)
	ks := byStart[t]
	if digits(t) {
		ks = byDigit
	}
	if len(ks) == 0 {
		return Expr{}, 0
	}
	p := at{w: w, i: i, t: t, a: a}
	for _, k := range ks {
		if e, n, ok := patterns[k].match(p); ok {
			return e, n
		}
	}
	return Expr{}, 0
}

func oneDay(d time.Time) Expr { return Expr{Start: d, End: d, Precision: sitrep.DateDay} }

func deicticDay(p at) (Expr, int, bool) {
	var d time.Time
	switch p.t {
	case "yesterday":
		d = p.a.AddDate(0, 0, -1)
	case "today", "tonight":
		d = p.a
	case "tomorrow":
		d = p.a.AddDate(0, 0, 1)
	default:
		return Expr{}, 0, false
	}
	return oneDay(d), 1, p.rel()
}

func lastNight(p at) (Expr, int, bool) {
	return oneDay(p.a.AddDate(0, 0, -1)), 2, p.rel() && p.t == "last" && p.next(1) == "night"
}

// weekday is the latest such weekday up to the anchor, as news tells of past
// days, unless "next" comes before it.
func weekday(p at) (Expr, int, bool) {
	wd, ok := weekdays[p.t]
	if !ok || !p.rel() {
		return Expr{}, 0, false
	}
	d := p.a
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, -1)
	}
	if p.next(-1) == "next" {
		d = d.AddDate(0, 0, 7)
	}
	n := 1
	switch p.next(1) {
	case "night", "morning", "evening", "afternoon":
		n = 2
	}
	return oneDay(d), n, true
}

// partOfUnit is "late|early|mid last|this|next UNIT", and "earlier this
// UNIT", which ends at the anchor.
func partOfUnit(p at) (Expr, int, bool) {
	switch p.t {
	case "late", "early", "mid", "earlier":
	default:
		return Expr{}, 0, false
	}
	which, u := p.next(1), unit(p.next(2))
	if !p.rel() || which != "last" && which != "this" && which != "next" || u == "" {
		return Expr{}, 0, false
	}
	e, n := relUnit(which, u, p.a)
	if p.t != "earlier" {
		e.Start, e.End = part(e.Start, e.End, p.t)
		e.Precision = sitrep.DateRange
	} else if e.End.After(p.a) {
		e.End = p.a
		e.Precision = sitrep.DateRange
	}
	return e, n + 1, true
}

// relativeUnit is "last|this|next|past UNIT" (singular).
func relativeUnit(p at) (Expr, int, bool) {
	switch p.t {
	case "last", "this", "next", "past":
	default:
		return Expr{}, 0, false
	}
	u := unit(p.next(1))
	if !p.rel() || u == "" || strings.HasSuffix(p.next(1), "s") {
		return Expr{}, 0, false
	}
	e, n := relUnit(p.t, u, p.a)
	return e, n, true
}

// spanToAnchor is "in|over|during|within the last|past [N] UNIT": the span
// up to the anchor.
func spanToAnchor(p at) (Expr, int, bool) {
	switch p.t {
	case "in", "over", "during", "within":
	default:
		return Expr{}, 0, false
	}
	if !p.rel() || p.next(1) != "the" || p.next(2) != "last" && p.next(2) != "past" {
		return Expr{}, 0, false
	}
	n, ok := number(p.next(3))
	k := 4
	if !ok {
		n, k = 1, 3
	}
	u := unit(p.next(k))
	if u == "" {
		return Expr{}, 0, true
	}
	return Expr{Start: back(p.a, n, u), End: p.a, Precision: sitrep.DateRange}, k + 1, true
}

// recentUnits is "recent days|weeks|months": three of them up to the anchor.
func recentUnits(p at) (Expr, int, bool) {
	switch p.next(1) {
	case "months", "weeks", "days":
	default:
		return Expr{}, 0, false
	}
	if !p.rel() || p.t != "recent" {
		return Expr{}, 0, false
	}
	return Expr{Start: back(p.a, 3, unit(p.next(1))), End: p.a, Precision: sitrep.DateRange}, 2, true
}

// ago is "N UNIT ago": the calendar unit N units before the anchor.
func ago(p at) (Expr, int, bool) {
	n, ok := number(p.t)
	if !ok || !p.rel() {
		return Expr{}, 0, false
	}
	u := unit(p.next(1))
	if u == "" || p.next(2) != "ago" {
		return Expr{}, 0, false
	}
	s, e := period(back(p.a, n, u), u)
	return Expr{Start: s, End: e, Precision: sitrep.DatePrecision(u)}, 3, true
}

func isoDate(p at) (Expr, int, bool) {
	t := p.t
	if len(t) != 10 || t[4] != '-' || t[7] != '-' {
		return Expr{}, 0, false
	}
	d, err := time.Parse("2006-01-02", t)
	return oneDay(d), 1, err == nil
}

// dayMonth is "5 January [2023]", "5 Jan. [2023]".
func dayMonth(p at) (Expr, int, bool) {
	d, ok := isDay(p.t)
	if !ok {
		return Expr{}, 0, false
	}
	m, ok := months[p.next(1)]
	if !ok {
		return Expr{}, 0, false
	}
	n := 2
	if p.next(2) == "." {
		n++
	}
	y, hasYear := isYear(p.next(n))
	if hasYear {
		n++
	}
	return dayExpr(y, m, d, p.a, hasYear), n, true
}

// monthDay is "January 5[,] [2023]", "Jan. 5", "January 2023" and a bare
// month ("in January"), the latest such month up to the anchor. "May" counts
// only where a date reads it so ("in May", "May 5").
func monthDay(p at) (Expr, int, bool) {
	m, ok := months[p.t]
	if !ok {
		return Expr{}, 0, false
	}
	if p.t == "may" {
		switch prev := p.next(-1); {
		case p.next(1) == "":
			return Expr{}, 0, false
		case prev == "in", prev == "since", prev == "of", prev == "early", prev == "late", prev == "mid", isNum(p.next(1)):
		default:
			return Expr{}, 0, false
		}
	}
	j := 1
	if p.next(j) == "." {
		j++
	}
	if d, ok := isDay(p.next(j)); ok {
		j++
		if p.next(j) == "," {
			j++
		}
		y, hasYear := isYear(p.next(j))
		if hasYear {
			j++
		} else if p.next(j-1) == "," {
			j--
		}
		return dayExpr(y, m, d, p.a, hasYear), j, true
	}
	y, ok := isYear(p.next(j))
	if ok {
		j++
	} else {
		j = 1
		if !p.rel() {
			return Expr{}, 0, true
		}
		y = p.a.Year()
		if m > p.a.Month() {
			y--
		}
	}
	s := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return Expr{Start: s, End: s.AddDate(0, 1, -1), Precision: sitrep.DateMonth}, j, true
}

// year is a year after "in", "since", "during" or "of".
func year(p at) (Expr, int, bool) {
	y, ok := isYear(p.t)
	if !ok {
		return Expr{}, 0, false
	}
	switch p.next(-1) {
	case "in", "since", "during", "of":
	default:
		return Expr{}, 0, false
	}
	s := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return Expr{Start: s, End: s.AddDate(1, 0, -1), Precision: sitrep.DateYear}, 1, true
}

func isNum(s string) bool {
	_, ok := isDay(s)
	if !ok {
		_, ok = isYear(s)
	}
	return ok
}

func dayExpr(y int, m time.Month, d int, a time.Time, hasYear bool) Expr {
	if !hasYear {
		if a.IsZero() {
			return Expr{}
		}
		y = a.Year()
		if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(a.AddDate(0, 1, 0)) {
			y--
		}
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Expr{Start: t, End: t, Precision: sitrep.DateDay}
}

// relUnit resolves "last|this|next|past UNIT" (2 tokens).
func relUnit(which, u string, a time.Time) (Expr, int) {
	d := a
	switch which {
	case "last", "past":
		d = back(a, 1, u)
	case "next":
		d = back(a, -1, u)
	}
	s, e := period(d, u)
	return Expr{Start: s, End: e, Precision: sitrep.DatePrecision(u)}, 2
}
