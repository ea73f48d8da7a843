package timex

import (
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
		if e.Of(c.text) != c.span || e.Start.Format("2006-01-02") != c.start || e.End.Format("2006-01-02") != c.end || e.Precision != c.prec {
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
