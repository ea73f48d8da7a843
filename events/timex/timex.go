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
	Precision            string // day, week, month, quarter, year, range
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

// match tries every pattern at token i and returns the expression and the
// number of tokens it takes (0: none).
func match(w func(int) string, i int, a time.Time) (Expr, int) {
	t := w(i)
	rel := !a.IsZero()
	switch {
	case rel && (t == "yesterday" || t == "today" || t == "tonight" || t == "tomorrow"):
		d := a
		switch t {
		case "yesterday":
			d = a.AddDate(0, 0, -1)
		case "tomorrow":
			d = a.AddDate(0, 0, 1)
		}
		return Expr{Start: d, End: d, Precision: "day"}, 1
	case rel && t == "last" && w(i+1) == "night":
		d := a.AddDate(0, 0, -1)
		return Expr{Start: d, End: d, Precision: "day"}, 2
	case rel && isWeekday(t):
		// News tells of past days: the latest such weekday up to the anchor,
		// unless "next" comes before it.
		d := a
		for d.Weekday() != weekdays[t] {
			d = d.AddDate(0, 0, -1)
		}
		if w(i-1) == "next" {
			d = d.AddDate(0, 0, 7)
		}
		n := 1
		if p := w(i + 1); p == "night" || p == "morning" || p == "evening" || p == "afternoon" {
			n = 2
		}
		return Expr{Start: d, End: d, Precision: "day"}, n
	case rel && (t == "late" || t == "early" || t == "mid" || t == "earlier") && (w(i+1) == "last" || w(i+1) == "this" || w(i+1) == "next") && unit(w(i+2)) != "":
		e, n := relUnit(w(i+1), unit(w(i+2)), a)
		if t != "earlier" {
			e.Start, e.End = part(e.Start, e.End, t)
			e.Precision = "range"
		} else if e.End.After(a) {
			e.End = a
			e.Precision = "range"
		}
		return e, n + 1
	case rel && (t == "last" || t == "this" || t == "next" || t == "past") && unit(w(i+1)) != "" && !strings.HasSuffix(w(i+1), "s"):
		return relUnit(t, unit(w(i+1)), a)
	case rel && (t == "in" || t == "over" || t == "during" || t == "within") && w(i+1) == "the" && (w(i+2) == "last" || w(i+2) == "past"):
		// "in the last three months": the span up to the anchor.
		n, ok := number(w(i + 3))
		k := 4
		if !ok {
			n, k = 1, 3
		}
		u := unit(w(i + k))
		if u == "" {
			return Expr{}, 0
		}
		return Expr{Start: back(a, n, u), End: a, Precision: "range"}, k + 1
	case rel && t == "recent" && (w(i+1) == "months" || w(i+1) == "weeks" || w(i+1) == "days"):
		return Expr{Start: back(a, 3, unit(w(i+1))), End: a, Precision: "range"}, 2
	}
	if n, ok := number(t); ok && rel {
		if u := unit(w(i + 1)); u != "" && w(i+2) == "ago" {
			d := back(a, n, u)
			s, e := period(d, u)
			return Expr{Start: s, End: e, Precision: u}, 3
		}
	}
	// ISO date.
	if len(t) == 10 && t[4] == '-' && t[7] == '-' {
		if d, err := time.Parse("2006-01-02", t); err == nil {
			return Expr{Start: d, End: d, Precision: "day"}, 1
		}
	}
	// "5 January 2023", "5 Jan".
	if d, ok := isDay(t); ok {
		if m, ok := months[w(i+1)]; ok {
			n := 2
			if w(i+2) == "." {
				n++
			}
			y, ok := isYear(w(i + n))
			if ok {
				n++
			}
			return dayExpr(y, m, d, a, ok), n
		}
	}
	// "January 5, 2023", "Jan. 5", "January 2023", "in January".
	if m, ok := months[t]; ok && (t != "may" || w(i+1) != "" && (w(i-1) == "in" || w(i-1) == "since" || w(i-1) == "of" || w(i-1) == "early" || w(i-1) == "late" || w(i-1) == "mid" || isNum(w(i+1)))) {
		j := i + 1
		if w(j) == "." {
			j++
		}
		if d, ok := isDay(w(j)); ok {
			j++
			if w(j) == "," {
				j++
			}
			y, ok := isYear(w(j))
			if ok {
				j++
			} else if w(j-1) == "," {
				j--
			}
			return dayExpr(y, m, d, a, ok), j - i
		}
		y, ok := isYear(w(j))
		if ok {
			j++
		} else {
			j = i + 1
			if !rel {
				return Expr{}, 0
			}
			// A bare month is the latest such month up to the anchor.
			y = a.Year()
			if m > a.Month() {
				y--
			}
		}
		s := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		return Expr{Start: s, End: s.AddDate(0, 1, -1), Precision: "month"}, j - i
	}
	if y, ok := isYear(t); ok && (w(i-1) == "in" || w(i-1) == "since" || w(i-1) == "during" || w(i-1) == "of") {
		s := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return Expr{Start: s, End: s.AddDate(1, 0, -1), Precision: "year"}, 1
	}
	return Expr{}, 0
}

func isWeekday(s string) bool {
	_, ok := weekdays[s]
	return ok
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
	return Expr{Start: t, End: t, Precision: "day"}
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
	return Expr{Start: s, End: e, Precision: u}, 2
}
