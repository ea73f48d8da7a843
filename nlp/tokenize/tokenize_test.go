package tokenize

import (
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

func forms(text string) (words []string, sents []string) {
	toks, ss := Tokenize(text, nil, nil)
	for _, t := range toks {
		words = append(words, t.Of(text))
	}
	for _, s := range ss {
		sents = append(sents, s.Of(text))
	}
	return words, sents
}

func TestTokens(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ISLAMABAD (Reuters) - Pakistan's army said.", "ISLAMABAD|(|Reuters|)|-|Pakistan|'s|army|said|."},
		{"Mr. Khan met Gen. J. Smith of the U.S. Army.", "Mr.|Khan|met|Gen.|J.|Smith|of|the|U.S.|Army|."},
		{"Tehreek-e-Taliban Pakistan (TTP) claimed it.", "Tehreek|-|e|-|Taliban|Pakistan|(|TTP|)|claimed|it|."},
		{"They don't know; I can't, won't and cannot.", "They|do|n't|know|;|I|ca|n't|,|wo|n't|and|can|not|."},
		{`"We will," he said, "fight."`, `"|We|will|,|"|he|said|,|"|fight|.|"`},
		{"See https://example.com/a?b=1, or mail a.b@example.org.", "See|https://example.com/a?b=1|,|or|mail|a.b@example.org|."},
		{"It cost $1,200.50 on 8/7/01 at 10:30 and 5%.", "It|cost|$|1,200.50|on|8/7/01|at|10:30|and|5|%|."},
		{"a long-term, non-stop e-mail and/or call", "a|long|-|term|,|non-stop|e-mail|and|/|or|call"},
		{"Call 713-853-3989 in 1969-1970...", "Call|713-853-3989|in|1969|-|1970|..."},
		{"the parents' house and the '90s", "the|parents|'|house|and|the|'90s"},
		{"Lau Wai-keung won #IStandWithAhmed", "Lau|Wai-keung|won|#IStandWithAhmed"},
		{"a 375mm gun, 3rd of 1990s", "a|375|mm|gun|,|3rd|of|1990s"},
	} {
		w, _ := forms(c.in)
		if got := strings.Join(w, "|"); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ISLAMABAD (Reuters) - Troops moved. Mr. Khan said so.", "ISLAMABAD (Reuters) -|Troops moved.|Mr. Khan said so."},
		{"He works at Apple Inc. The company grew.", "He works at Apple Inc.|The company grew."},
		{"U.S. officials met. The U.S. Army left.", "U.S. officials met.|The U.S. Army left."},
		{`"Why?" he asked. "Because."`, `"Why?" he asked.|"Because."`},
		{"Headline without a stop\n\nBody starts here. Ends here!", "Headline without a stop|Body starts here.|Ends here!"},
		{"Attack kills 12 in Kabul\nKABUL, Afghanistan - A bomb hit.", "Attack kills 12 in Kabul|KABUL, Afghanistan -|A bomb hit."},
		{"Prose wrapped at the\nend of a line goes on.", "Prose wrapped at the\nend of a line goes on."},
		{"See No. 5 on Jan. 3 at 4 p.m. Then leave.", "See No. 5 on Jan. 3 at 4 p.m.|Then leave."},
		{"WASHINGTON (AP) — Talks began. Group F — Sweden won.", "WASHINGTON (AP) —|Talks began.|Group F — Sweden won."},
		{"Yahoo! and AOL grew! why? no idea", "Yahoo! and AOL grew!|why?|no idea"},
		{"Protesters in Kabul Photo: Reuters. Talks ended in Washington D.C. Image: US Navy.", "Protesters in Kabul|Photo: Reuters.|Talks ended in Washington D.C.|Image: US Navy."},
		{"The Image: a photo of us.", "The Image: a photo of us."},
	} {
		_, s := forms(c.in)
		if got := strings.Join(s, "|"); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// TestAppend checks that indices count tokens already in the slices.
func TestAppend(t *testing.T) {
	toks := []sitrep.Token{{}, {}}
	toks, sents := Tokenize("One. Two.", toks, nil)
	if len(toks) != 6 || len(sents) != 2 || sents[0].FirstToken != 2 || sents[1].EndToken != 6 {
		t.Fatalf("got %d tokens, sentences %+v", len(toks), sents)
	}
	for _, tk := range toks[2:] {
		if tk.Head != -1 {
			t.Fatalf("head %d, want -1", tk.Head)
		}
	}
}

// check verifies the invariants every input must keep: tokens in order,
// non-empty, inside the text and not longer than MaxToken; sentences cover
// all tokens in order and hold at most MaxSentence tokens.
func check(t *testing.T, name, text string) {
	t.Helper()
	toks, sents := Tokenize(text, nil, nil)
	prev := 0
	for i, tk := range toks {
		if tk.Start < prev || tk.End <= tk.Start || tk.End > len(text) || tk.Len() > MaxToken {
			t.Fatalf("%s: bad token %d %+v", name, i, tk.Span)
		}
		prev = tk.End
	}
	next := 0
	for _, s := range sents {
		if s.FirstToken != next || s.EndToken <= s.FirstToken || s.EndToken-s.FirstToken > MaxSentence {
			t.Fatalf("%s: bad sentence %+v", name, s)
		}
		next = s.EndToken
	}
	if next != len(toks) {
		t.Fatalf("%s: sentences cover %d of %d tokens", name, next, len(toks))
	}
}

func TestBadInput(t *testing.T) {
	big := strings.Repeat("word ", 1<<20) // 5 MB, no punctuation
	check(t, "empty", "")
	check(t, "spaces", " \n\t ")
	check(t, "no punctuation", big)
	check(t, "one 5 MB word", strings.Repeat("x", 5<<20))
	check(t, "non-Latin run", strings.Repeat("中文没有空格", 100000))
	check(t, "mixed scripts", strings.Repeat("Путин заявил, что 北京 ok. ", 10000))
	check(t, "control characters", "a\x00b\x01c\x1b[31m red\x7f. Next\u200bword.")
	check(t, "invalid UTF-8", "bad \xff\xfe\xc3 bytes\xe2\x80 here. And \xf0\x9f more")
	check(t, "punctuation only", strings.Repeat(".,;!?-'\"()", 50000))
	check(t, "dots", strings.Repeat("a.", 100000))
	if toks, _ := Tokenize(big, nil, nil); len(toks) != 1<<20 {
		t.Fatalf("got %d tokens, want %d", len(toks), 1<<20)
	}
	// Control characters and invalid bytes separate tokens instead of joining them.
	w, _ := forms("a\x00b \xffc")
	if strings.Join(w, "|") != "a|b|c" {
		t.Fatalf("got %q", w)
	}
}

func BenchmarkTokenize(b *testing.B) {
	text := strings.Repeat(`ISLAMABAD (Reuters) - Pakistan's Foreign Minister Hina Rabbani Khar met U.S. officials on Monday, `+
		`saying the Tehreek-e-Taliban Pakistan (TTP) "won't stop" attacks that killed 12 people in 2012. `, 200)
	toks, sents := Tokenize(text, nil, nil)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		toks, sents = Tokenize(text, toks[:0], sents[:0])
	}
	b.ReportMetric(float64(len(toks)*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
