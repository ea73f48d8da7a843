package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A line is boilerplate when its features say it speaks to the reader about
// the page rather than reporting the news. Article sentences report in the
// third person; page furniture addresses the reader ("follow us", "sign
// up"), names the page's outlets (Facebook, WhatsApp channel), credits the
// page's makers (bylines, photo credits) or links elsewhere ("also read").
// Each family below is one feature; the score of a line adds them up, and
// lines at the top or bottom of the text, where furniture sits, need less.

// callToAction are the imperatives and reader-addressed phrases of page
// furniture, matched on the lower-cased line.
var callToAction = []string{
	"follow us", "like us on", "join us on", "subscribe", "sign up", "sign in", "log in", "click here",
	"click to", "tap here", "download the", "download our", "share this", "share on", "share via",
	"read all the", "read the latest", "get the latest", "stay updated", "stay connected", "stay tuned",
	"for more news", "for the latest", "newsletter", "whatsapp channel", "telegram channel",
	"google news", "all rights reserved", "terms of use", "privacy policy", "cookie", "advertisement",
	"sponsored content", "let us know", "leave a comment", "comments are closed", "recommended for you",
	"you may also like", "more stories", "trending now", "watch live", "watch now", "listen to this",
	"to continue reading", "already a subscriber", "support our journalism", "tips to",
}

var socialNames = []string{"facebook", "twitter", "instagram", "whatsapp", "telegram", "linkedin",
	"youtube", "tiktok", "pinterest", "reddit", "snapchat", "koo", "threads", " x "}

var (
	bylineRe = regexp.MustCompile(`^(?i:by|written by|reported by|story by|text by|posted by|compiled by)\s+\p{Lu}`)
	creditRe = regexp.MustCompile(`^\(?(?i:reporting|additional reporting|writing|editing|edited|compiled|translated|research)\s+by\s`)
	photoRe  = regexp.MustCompile(`(?i)^(\(?(file )?(photo|image|picture|video|graphic|illustration)s?\s*(:|/|\||credit|by|courtesy))|getty images|\bap photo\b|\bafp\b.*\bgetty\b|\breuters/|shutterstock|\(photo\b|photo credit|image credit|image source|representational image|file photo`)
	// "Watch", "Related" and the like open news sentences too; only with a
	// separator after them do they announce a link.
	relatedRe = regexp.MustCompile(`(?i)^((also read|read also|see also|also see|must read)\b|(read more|more from|related|recommended|don't miss|do not miss|trending|watch|listen|also watch|click here)\s*[:\-–—|>»])`)
	timeRe    = regexp.MustCompile(`(?i)^(published|updated|last updated|first published|posted|modified)\s*(on|at)?\s*:?\s*(\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)`)
	copyRe    = regexp.MustCompile(`(?i)^(©|\(c\)|copyright\b)|all rights reserved`)
)

// furniture are whole lines that are page furniture when they stand alone.
var furniture = map[string]bool{
	"advertisement": true, "ad": true, "share": true, "share this": true, "share this article": true,
	"print": true, "email": true, "comments": true, "comment": true, "skip to content": true,
	"story continues below advertisement": true, "continue reading below": true, "continue reading": true,
	"read more": true, "show comments": true, "related": true, "related articles": true, "tweet": true,
	"menu": true, "home": true, "close": true, "next": true, "previous": true, "back to top": true,
	"listen to this article": true, "scroll to continue with content": true, "loading...": true,
	"recommended": true, "trending": true, "watch": true,
}

// boilerplateLines appends a cut for each boilerplate line of text.
func boilerplateLines(text string, cuts []cut) []cut {
	var spans []cut
	for sp := range lines(text) {
		if line := strings.TrimSpace(text[sp.Start:sp.End]); line != "" {
			spans = append(spans, cut{Span: sp})
		}
	}
	n := len(spans)
	for i, sp := range spans {
		edge := i < 2 || i >= n-3
		if reason := lineReason(strings.TrimSpace(text[sp.Start:sp.End]), edge, n); reason != "" {
			sp.reason = reason
			cuts = append(cuts, sp)
		}
	}
	return cuts
}

// lineReason returns why line is boilerplate, or "" when it is not. edge is
// set for the first two and last three lines; n is the number of lines (a
// one-line text is never furniture, it is the text).
func lineReason(line string, edge bool, n int) string {
	if n <= 1 {
		return ""
	}
	words := len(strings.Fields(line))
	lower := strings.ToLower(line)
	if words <= 6 && furniture[strings.TrimRight(lower, " .:!")] {
		return Boilerplate
	}
	if copyRe.MatchString(line) && words <= 30 {
		return Boilerplate
	}
	if words <= 10 && bylineRe.MatchString(line) && !endsSentence(line) || words <= 40 && creditRe.MatchString(line) {
		return Byline
	}
	if words <= 20 && photoRe.MatchString(line) {
		return PhotoCredit
	}
	if words <= 25 && relatedRe.MatchString(line) {
		return RelatedLink
	}
	if words <= 14 && timeRe.MatchString(line) {
		return Timestamp
	}
	score := 0
	for _, p := range callToAction {
		if strings.Contains(lower, p) {
			score += 2
		}
	}
	social := 0
	padded := " " + lower + " "
	for _, s := range socialNames {
		if strings.Contains(padded, s) {
			social++
		}
	}
	if social >= 2 {
		score++
	}
	if reader(lower) {
		score++
	}
	if strings.Contains(lower, "http://") || strings.Contains(lower, "https://") || strings.Contains(lower, "www.") {
		score++
	}
	if words <= 3 && !endsSentence(line) && !capitalised(line) {
		score++
	}
	// A long paragraph that mentions signing up is more likely reporting
	// (a deals story, a piece on a newsletter) than furniture.
	need := 4 + words/20
	if edge {
		need--
	}
	if score >= need {
		return Boilerplate
	}
	return ""
}

// reader reports a line that addresses the reader: "you", "your", "us".
func reader(lower string) bool {
	for w := range strings.FieldsFuncSeq(lower, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "you", "your", "us", "our":
			return true
		}
	}
	return false
}

func endsSentence(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(line, `"'”’) `))
	return r == '.' || r == '!' || r == '?'
}

func capitalised(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	return unicode.IsUpper(r)
}
