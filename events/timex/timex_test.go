package timex

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep"
)

// words splits test sentences at spaces and before final punctuation; the
// pipeline gives timex the tokenizer's tokens instead.
func words(s string) []sitrep.Token {
	var out []sitrep.Token
	start := -1
	for i, r := range s + " " {
		if r == ' ' || unicode.IsPunct(r) && r != '-' {
			if start >= 0 {
				out = append(out, sitrep.Token{Span: sitrep.Span{Start: start, End: i}})
				start = -1
			}
			if r != ' ' {
				out = append(out, sitrep.Token{Span: sitrep.Span{Start: i, End: i + 1}})
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

func TestFind(t *testing.T) {
	anchor := time.Date(2023, 1, 20, 15, 4, 0, 0, time.UTC) // a Friday
	for _, c := range []struct {
		text, span, start, end, prec string
	}{
		{"They met on Wednesday in Kabul.", "Wednesday", "2023-01-18", "2023-01-18", "day"},
		{"She met Taliban leaders in Kabul late last year.", "late last year", "2022-09-01", "2022-12-31", "range"},
		{"In the last three months alone, it claimed 150 attacks.", "In the last three months", "2022-10-20", "2023-01-20", "range"},
		{"The deal was signed on 5 January 2023 in Doha.", "5 January 2023", "2023-01-05", "2023-01-05", "day"},
		{"The deal was signed on January 5, 2022.", "January 5, 2022", "2022-01-05", "2022-01-05", "day"},
		{"Talks resumed in March.", "March", "2022-03-01", "2022-03-31", "month"},
		{"Troops withdrew two weeks ago.", "two weeks ago", "2023-01-02", "2023-01-08", "week"},
		{"Police arrested him yesterday.", "yesterday", "2023-01-19", "2023-01-19", "day"},
		{"The border closed last month.", "last month", "2022-12-01", "2022-12-31", "month"},
		{"The ban dates from 2019.", "", "", "", ""},
		{"The ban was imposed in 2019.", "2019", "2019-01-01", "2019-12-31", "year"},
		{"They may meet again.", "", "", "", ""},
	} {
		toks := words(c.text)
		got := Find(c.text, toks, 0, len(toks), anchor)
		if c.span == "" {
			if len(got) != 0 {
				t.Errorf("%q: found %q", c.text, got[0].Of(c.text))
			}
			continue
		}
		if len(got) != 1 {
			t.Errorf("%q: %d expressions", c.text, len(got))
			continue
		}
		e := got[0]
		if e.Of(c.text) != c.span || e.Start.Format("2006-01-02") != c.start || e.End.Format("2006-01-02") != c.end || string(e.Precision) != c.prec {
			t.Errorf("%q: got %q %s..%s %s, want %q %s..%s %s", c.text, e.Of(c.text), e.Start.Format("2006-01-02"),
				e.End.Format("2006-01-02"), e.Precision, c.span, c.start, c.end, c.prec)
		}
	}
}

func TestNoAnchor(t *testing.T) {
	s := "They met on Wednesday, 5 January 2023."
	toks := words(s)
	got := Find(s, toks, 0, len(toks), time.Time{})
	if len(got) != 1 || got[0].Of(s) != "5 January 2023" {
		t.Fatalf("got %+v", got)
	}
}

// TestPatterns pins each pattern of the table on its own: the pattern named
// applies at the expression's first token and gives that span and range;
// Find gives the same. Anchor: Friday 20 January 2023.
func TestPatterns(t *testing.T) {
	anchor := time.Date(2023, 1, 20, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		pattern, text, span, start, end, prec string
	}{
		{"deictic day", "Police arrested him yesterday.", "yesterday", "2023-01-19", "2023-01-19", "day"},
		{"deictic day", "They meet tomorrow.", "tomorrow", "2023-01-21", "2023-01-21", "day"},
		{"deictic day", "Protests continued tonight.", "tonight", "2023-01-20", "2023-01-20", "day"},
		{"last night", "Shells fell last night.", "last night", "2023-01-19", "2023-01-19", "day"},
		{"weekday", "They met on Wednesday in Kabul.", "Wednesday", "2023-01-18", "2023-01-18", "day"},
		{"weekday", "They met on Friday night.", "Friday night", "2023-01-20", "2023-01-20", "day"},
		{"weekday", "They meet next Monday.", "Monday", "2023-01-23", "2023-01-23", "day"},
		{"part of a unit", "She met Taliban leaders in Kabul late last year.", "late last year", "2022-09-01", "2022-12-31", "range"},
		{"part of a unit", "Talks began early this month.", "early this month", "2023-01-01", "2023-01-10", "range"},
		{"part of a unit", "Talks began earlier this month.", "earlier this month", "2023-01-01", "2023-01-20", "range"},
		{"relative unit", "The border closed last month.", "last month", "2022-12-01", "2022-12-31", "month"},
		{"relative unit", "Troops moved this week.", "this week", "2023-01-16", "2023-01-22", "week"},
		{"relative unit", "Elections are due next year.", "next year", "2024-01-01", "2024-12-31", "year"},
		{"span to anchor", "In the last three months alone, it claimed 150 attacks.", "In the last three months", "2022-10-20", "2023-01-20", "range"},
		{"span to anchor", "Prices rose over the past year.", "over the past year", "2022-01-20", "2023-01-20", "range"},
		{"recent units", "Attacks grew in recent weeks.", "recent weeks", "2022-12-30", "2023-01-20", "range"},
		{"ago", "Troops withdrew two weeks ago.", "two weeks ago", "2023-01-02", "2023-01-08", "week"},
		{"ago", "He left 3 days ago.", "3 days ago", "2023-01-17", "2023-01-17", "day"},
		{"ISO date", "Filed 2022-11-05 by the ministry.", "2022-11-05", "2022-11-05", "2022-11-05", "day"},
		{"day month", "The deal was signed on 5 January 2023 in Doha.", "5 January 2023", "2023-01-05", "2023-01-05", "day"},
		{"day month", "The deal was signed on 12 Dec. in Doha.", "12 Dec.", "2022-12-12", "2022-12-12", "day"},
		{"month day", "The deal was signed on January 5, 2022.", "January 5, 2022", "2022-01-05", "2022-01-05", "day"},
		{"month day", "Talks resumed in March.", "March", "2022-03-01", "2022-03-31", "month"},
		{"month day", "Talks resumed in May 2021.", "May 2021", "2021-05-01", "2021-05-31", "month"},
		{"year", "The ban was imposed in 2019.", "2019", "2019-01-01", "2019-12-31", "year"},
		{"year", "Fighting has gone on since 2014.", "2014", "2014-01-01", "2014-12-31", "year"},
	}
	byName := map[string]pattern{}
	for _, p := range patterns {
		byName[p.name] = p
	}
	tested := map[string]bool{}
	for _, c := range cases {
		p, ok := byName[c.pattern]
		if !ok {
			t.Fatalf("no pattern %q", c.pattern)
		}
		tested[c.pattern] = true
		toks := words(c.text)
		w := func(i int) string {
			if i < 0 || i >= len(toks) {
				return ""
			}
			return lower(toks[i].Of(c.text))
		}
		first := -1
		for i, tk := range toks {
			if strings.HasPrefix(c.text[tk.Start:], c.span) {
				first = i
				break
			}
		}
		e, n, ok := p.match(at{w: w, i: first, t: w(first), a: anchor})
		if !ok || first < 0 {
			t.Errorf("%s: %q: does not apply", c.pattern, c.text)
			continue
		}
		got := sitrep.Span{Start: toks[first].Start, End: toks[first+n-1].End}.Of(c.text)
		if got != c.span || e.Start.Format(time.DateOnly) != c.start || e.End.Format(time.DateOnly) != c.end || string(e.Precision) != c.prec {
			t.Errorf("%s: %q: got %q %s..%s %s, want %q %s..%s %s", c.pattern, c.text, got, e.Start.Format(time.DateOnly),
				e.End.Format(time.DateOnly), e.Precision, c.span, c.start, c.end, c.prec)
		}
		if fs := Find(c.text, toks, 0, len(toks), anchor); len(fs) != 1 || fs[0].Of(c.text) != c.span || fs[0].Start != e.Start || fs[0].End != e.End {
			t.Errorf("%s: %q: Find gives %+v", c.pattern, c.text, fs)
		}
	}
	for _, p := range patterns {
		if !tested[p.name] {
			t.Errorf("pattern %q has no case", p.name)
		}
	}
}

// TestPatternsDecline pins where patterns do not apply or resolve to
// nothing: without an anchor only dates that name their year resolve; "may"
// is a month only where a date reads it so.
func TestPatternsDecline(t *testing.T) {
	anchor := time.Date(2023, 1, 20, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		text   string
		anchor time.Time
	}{
		{"They may meet again.", anchor},
		{"The ban dates from 2019.", anchor},
		{"He arrived yesterday.", time.Time{}},
		{"Talks resumed in March.", time.Time{}},
		{"They met two weeks later.", anchor},
		{"In the last stretch, they won.", anchor},
		{"The 2019-13-45 file.", anchor},
		{"Over 40 people died.", anchor},
	} {
		toks := words(c.text)
		if got := Find(c.text, toks, 0, len(toks), c.anchor); len(got) != 0 {
			t.Errorf("%q: found %q", c.text, got[0].Of(c.text))
		}
	}
}

func BenchmarkFind(b *testing.B) {
	text := "Pakistan's minister, who met top Taliban leaders in Kabul late last year, has now held talks on Wednesday with Russia's envoy, two weeks ago, in the last three months, on 5 January 2023."
	toks := words(text)
	anchor := time.Date(2023, 1, 20, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for range b.N {
		Find(text, toks, 0, len(toks), anchor)
	}
}
