package clean

import (
	"iter"
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
	"for more news", "for the latest", "newsletter", "newsletters", "cookies", "whatsapp channel", "telegram channel",
	"google news", "all rights reserved", "terms of use", "privacy policy", "cookie", "advertisement",
	"sponsored content", "let us know", "leave a comment", "comments are closed", "recommended for you",
	"you may also like", "more stories", "trending now", "watch live", "watch now", "listen to this",
	"to continue reading", "already a subscriber", "support our journalism", "tips to",
}

// lineWords holds what each word of interest tells of a line, so that a
// line costs one lookup per word: the calls to action that start with the
// word, and whether it names a social network, addresses the reader or
// starts a URL.
var lineWords = func() map[string]wordInfo {
	m := map[string]wordInfo{}
	for _, p := range callToAction {
		first, _, _ := strings.Cut(p, " ")
		info := m[first]
		info.cta = append(info.cta, p)
		m[first] = info
	}
	set := func(kind int, words ...string) {
		for _, w := range words {
			info := m[w]
			info.kind = kind
			m[w] = info
		}
	}
	set(socialWord, "facebook", "twitter", "instagram", "whatsapp", "telegram", "linkedin", "youtube", "tiktok",
		"pinterest", "reddit", "snapchat", "koo", "threads", "x")
	set(readerWord, "you", "your", "us", "our")
	set(urlWord, "http", "https", "www")
	return m
}()

type wordInfo struct {
	cta  []string
	kind int
}

const (
	socialWord = iota + 1
	readerWord
	urlWord
)

// Prefixes and phrases of the line families, matched on the lower-cased
// line; plain string tests, as regular expressions over every line of every
// document cost more than the rest of cleaning.
var (
	bylinePrefix  = []string{"by ", "written by ", "reported by ", "story by ", "text by ", "posted by ", "compiled by "}
	creditPrefix  = []string{"reporting by ", "additional reporting by ", "writing by ", "editing by ", "edited by ", "compiled by ", "translated by ", "research by "}
	photoPhrases  = []string{"getty images", "ap photo", "reuters/", "shutterstock", "(photo", "photo credit", "image credit", "image source", "representational image", "file photo"}
	photoRe       = regexp.MustCompile(`^\(?(file )?(photo|image|picture|video|graphic|illustration)s?\s*(:|/|\||credit|by|courtesy)`)
	relatedPrefix = []string{"also read", "read also", "see also", "also see", "must read"}
	// "Watch", "Related" and the like open news sentences too; only with a
	// separator after them do they announce a link.
	relatedRe = regexp.MustCompile(`^(read more|more from|related|recommended|don't miss|do not miss|trending|watch|listen|also watch|click here)\s*[:\-–—|>»]`)
	counterRe = regexp.MustCompile(`^((image|photo|picture|slide)s?\s*)?\d+\s*(of|/)\s*(/\s*)?\d*$`)
	timeRe    = regexp.MustCompile(`^(published|updated|last updated|first published|posted|modified)\s*(on|at)?\s*:?\s*(\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)`)
)

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func containsAny(s string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// furniture are whole lines that are page furniture when they stand alone.
var furniture = map[string]bool{
	"advertisement": true, "ad": true, "share": true, "share this": true, "share this article": true,
	"print": true, "email": true, "comments": true, "comment": true, "skip to content": true,
	"story continues below advertisement": true, "continue reading below": true, "continue reading": true,
	"read more": true, "show comments": true, "related": true, "related articles": true, "tweet": true,
	"menu": true, "home": true, "close": true, "next": true, "previous": true, "back to top": true,
	"listen to this article": true, "scroll to continue with content": true, "loading...": true,
	"recommended": true, "trending": true, "watch": true, "caption": true, "enlarge image": true,
	"enlarge this image": true, "view author archive": true, "email the author": true, "follow on twitter": true,
	"about the author": true, "highlights": true, "iklan": true, "advert": true, "breaking news": true,
	"latest news": true, "more:": true, "more": true, "toggle caption": true, "hide caption": true,
	"this slideshow requires javascript": true, "you may also like": true, "you may also like...": true,
	"post a comment": true, "leave a comment": true, "leave a reply": true, "0 comments": true, "no comments": true,
}

// menuWords are the section names of news sites' menus. A run of short lines
// two of which are menu words is the site's navigation, not a list in the
// story (a list of the dead has names, not "Sports" and "Jobs").
var menuWords = map[string]bool{
	"home": true, "news": true, "local": true, "world": true, "us & world": true, "politics": true,
	"business": true, "sports": true, "sport": true, "entertainment": true, "living": true, "life": true,
	"lifestyle": true, "opinion": true, "obituaries": true, "obits": true, "classifieds": true, "jobs": true,
	"cars": true, "autos": true, "homes": true, "real estate": true, "travel": true, "health": true,
	"science": true, "tech": true, "technology": true, "weather": true, "video": true, "videos": true,
	"photos": true, "blogs": true, "subscribe": true, "contact us": true, "about us": true, "careers": true,
	"newsletters": true, "privacy policy": true, "terms of use": true, "advertise": true, "food": true,
	"culture": true, "arts": true, "education": true, "markets": true, "economy": true, "insider": true,
}

// minMenuRun is the shortest run of short lines taken for navigation.
const minMenuRun = 3

// boilerplateLines appends a cut for each boilerplate line of text.
func boilerplateLines(text string, cuts []cut) []cut {
	var spans []cut
	for sp := range lines(text) {
		if line := strings.TrimSpace(text[sp.Start:sp.End]); line != "" {
			spans = append(spans, cut{Span: sp})
		}
	}
	n := len(spans)
	for i := range spans {
		edge := i < 2 || i >= n-3
		spans[i].reason = lineReason(strings.TrimSpace(text[spans[i].Start:spans[i].End]), edge, n)
	}
	markMenus(text, spans)
	for _, sp := range spans {
		if sp.reason != "" {
			cuts = append(cuts, sp)
		}
	}
	return cuts
}

// markMenus marks runs of short lines (four words or fewer, not ending like a
// sentence) that hold at least two menu words as navigation.
func markMenus(text string, spans []cut) {
	short := func(sp cut) bool {
		line := strings.TrimSpace(text[sp.Start:sp.End])
		return len(line) <= 80 && countWords(line, 5) <= 4 && !endsSentence(line)
	}
	for i := 0; i < len(spans); {
		j := i
		menus := 0
		for j < len(spans) && short(spans[j]) {
			if menuWords[strings.ToLower(strings.Trim(text[spans[j].Start:spans[j].End], " \t|•·-"))] {
				menus++
			}
			j++
		}
		if j-i >= minMenuRun && menus >= 2 {
			for k := i; k < j; k++ {
				if spans[k].reason == "" {
					spans[k].reason = Navigation
				}
			}
		}
		i = max(j, i+1)
	}
}

// lineReason returns why line is boilerplate, or "" when it is not. edge is
// set for the first two and last three lines; n is the number of lines (a
// one-line text is never furniture, it is the text).
func lineReason(line string, edge bool, n int) string {
	if n <= 1 {
		return ""
	}
	words := countWords(line, maxLineWords+1)
	if words > maxLineWords {
		// Furniture is short; a paragraph this long would need four calls
		// to action to score as one.
		return ""
	}
	lower := strings.ToLower(line)
	if r := furnitureReason(lower, words); r != "" {
		return r
	}
	if r := creditReason(line, lower, words); r != "" {
		return r
	}
	// A long paragraph that mentions signing up is more likely reporting
	// (a deals story, a piece on a newsletter) than furniture.
	need := 4 + words/20
	if edge {
		need--
	}
	if ctaScore(line, lower, words) >= need {
		return Boilerplate
	}
	return ""
}

// furnitureReason names a short line the page's furniture is known by: a
// menu word, a bare link, an image counter, a copyright line.
func furnitureReason(lower string, words int) string {
	if words <= 6 && furniture[strings.TrimRight(lower, " .:!")] {
		return Boilerplate
	}
	if words == 1 && (strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "www.")) {
		return Boilerplate // a bare link: the page's own URL, a share target
	}
	if words <= 6 && counterRe.MatchString(lower) {
		return PhotoCredit // "Image 1 of 23", "1 of 6"
	}
	// A copyright line is short; a long one that starts with "©" is a
	// photo credit glued to the paragraph after it.
	if words <= 10 && hasAnyPrefix(lower, []string{"©", "(c)", "copyright"}) || words <= 30 && strings.Contains(lower, "all rights reserved") {
		return Boilerplate
	}
	return ""
}

// creditReason names a line that credits or dates the story or points
// away from it: a byline, a photo credit, a related link, a timestamp.
func creditReason(line, lower string, words int) string {
	if words <= 10 && hasAnyPrefix(lower, bylinePrefix) && !endsSentence(line) && capitalAfter(line, lower, bylinePrefix) ||
		words <= 40 && hasAnyPrefix(strings.TrimPrefix(lower, "("), creditPrefix) {
		return Byline
	}
	if words <= 20 && (photoRe.MatchString(lower) || containsAny(lower, photoPhrases)) {
		return PhotoCredit
	}
	if words <= 25 && (hasAnyPrefix(lower, relatedPrefix) || relatedRe.MatchString(lower)) {
		return RelatedLink
	}
	if words <= 14 && timeRe.MatchString(lower) {
		return Timestamp
	}
	return ""
}

// ctaScore scores a line as a call to action: 2 for each call-to-action
// phrase, 1 each for two or more social network names, words addressed to
// the reader, a URL word, and a short fragment that is no sentence.
func ctaScore(line, lower string, words int) int {
	score := 0
	social, addressed, url := 0, false, false
	// One pass over the words: each word looks up the phrases that start
	// with it, instead of every phrase scanning the whole line.
	for start, w := range wordStarts(lower) {
		info, ok := lineWords[w]
		if !ok {
			continue
		}
		for _, p := range info.cta {
			if strings.HasPrefix(lower[start:], p) {
				score += 2
			}
		}
		switch info.kind {
		case socialWord:
			social++
		case readerWord:
			addressed = true
		case urlWord:
			url = true
		}
	}
	if social >= 2 {
		score++
	}
	if addressed {
		score++
	}
	if url {
		score++
	}
	if words <= 3 && !endsSentence(line) && !capitalised(line) {
		score++
	}
	return score
}

// maxLineWords is the longest line (in words) that may be furniture.
const maxLineWords = 80

// countWords counts the runs of non-blank bytes of line, up to limit.
func countWords(line string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(line) && n < limit; i++ {
		blank := line[i] == ' ' || line[i] == '\t'
		if !blank && !in {
			n++
		}
		in = !blank
	}
	return n
}

// wordStarts yields each word of s (a run of letters) with its offset.
func wordStarts(s string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		start := -1
		for i := 0; i < len(s); {
			letter, n := false, 1
			if c := s[i]; c < utf8.RuneSelf {
				letter = 'a' <= c|0x20 && c|0x20 <= 'z'
			} else {
				var r rune
				r, n = utf8.DecodeRuneInString(s[i:])
				letter = unicode.IsLetter(r)
			}
			if letter {
				if start < 0 {
					start = i
				}
				i += n
				continue
			}
			if start >= 0 {
				if !yield(start, s[start:i]) {
					return
				}
				start = -1
			}
			i += n
		}
		if start >= 0 {
			yield(start, s[start:])
		}
	}
}

// capitalAfter reports whether the word after the matching prefix is
// capitalised: "By Jane Doe", not "By then".
func capitalAfter(line, lower string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(lower, p) && len(line) > len(p) {
			r, _ := utf8.DecodeRuneInString(strings.TrimLeft(line[len(p):], " "))
			return unicode.IsUpper(r)
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
