package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	nurl "net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/RadhiFadlillah/whatlanggo"
	"github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/sitrep-dev/sitrep"
)

// errNoArticle is returned for a page that parses but holds no article body
// (a home page, a login wall, an empty template).
var errNoArticle = errors.New("no article text found in the page")

// ParseHTML extracts the article of one HTML page: body text, title,
// publication date, author, language and canonical URL. pageURL, when known
// (a WARC target, a feed link), resolves relative links and is the fallback
// URL. The page is parsed once; metadata is read from that tree by this
// package and the body by the extractor Options.Extractor names.
func ParseHTML(data []byte, pageURL string, opt Options) (*sitrep.Document, error) {
	return parseHTML(data, pageURL, opt, false)
}

// parseHTML is ParseHTML for data whose encoding is already known to be UTF-8
// when decoded is set (a JSONL string), so a stale <meta charset> cannot turn
// it into mojibake.
func parseHTML(data []byte, pageURL string, opt Options, decoded bool) (*sitrep.Document, error) {
	if decoded {
		data = bytes.TrimPrefix(data, utf8BOM)
	} else if enc, name, _ := charset.DetermineEncoding(data, ""); name != "utf-8" {
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("charset %s: %w", name, err)
		}
		data = out
	} else {
		data = bytes.TrimPrefix(data, utf8BOM)
	}
	data = stripRaw(data)
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("HTML: %w", err)
	}
	m := readMeta(root)
	if n := prune(root); n > maxNodes {
		return nil, fmt.Errorf("page has %d HTML nodes, more than the %d of any article page", n, maxNodes)
	}
	doc := &sitrep.Document{
		Format: "html", Title: m.title, Author: m.author, Lang: m.lang,
		URL: m.canonical, Date: m.date, DateHasTime: m.hasTime,
	}
	if doc.URL == "" {
		doc.URL = pageURL
	}
	var u *nurl.URL
	if doc.URL != "" {
		u, _ = nurl.Parse(doc.URL)
	}
	text, tm, err := extractBody(root, u, &m, opt.Extractor)
	if err != nil {
		return nil, err
	}
	text = tidyText(text)
	if !hasProse(text) {
		return nil, errNoArticle
	}
	doc.Text = text
	if doc.Title == "" {
		doc.Title = tm.Title
	}
	if doc.Author == "" {
		doc.Author = tm.Author
	}
	doc.Author = normAuthor(doc.Author)
	if doc.Lang == "" {
		doc.Lang = tm.Language
	}
	if doc.Lang == "" && len(text) >= minLangText {
		// Guess from the body, as trafilatura does; 2 kB is plenty for
		// trigram statistics and bounds the cost.
		doc.Lang = whatlanggo.DetectLang(text[:prefixLen(text, 2048)]).Iso6391()
	}
	if doc.Date.IsZero() && !tm.Date.IsZero() {
		doc.Date = tm.Date
	}
	if doc.Date.IsZero() {
		doc.Date = dateFromURL(doc.URL)
	}
	doc.ID = doc.URL
	return doc, nil
}

// stripRaw drops the content of <script> and <style> elements (not JSON-LD,
// which readMeta reads) before parsing: often half of a news page's bytes,
// which the tokenizer would otherwise copy into nodes that prune then drops.
// The end tag is found as the HTML tokenizer finds it, by "</script" or
// "</style" in any case. data is not changed; a copy is made on the first cut.
func stripRaw(data []byte) []byte {
	var out []byte
	last := 0 // data[last:] is not yet copied to out
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		var name string
		switch {
		case hasFoldPrefix(data[i:], "script"):
			name = "script"
		case hasFoldPrefix(data[i:], "style"):
			name = "style"
		default:
			continue
		}
		gt := bytes.IndexByte(data[i:], '>')
		if gt < 0 {
			break
		}
		open := data[i : i+gt]
		if after := i + len(name); after < len(data) && isNameByte(data[after]) {
			continue // <scripts>, <styled-box>
		}
		start := i + gt + 1
		end := indexFold(data[start:], "</"+name)
		if end < 0 {
			break
		}
		if name == "script" && bytes.Contains(bytes.ToLower(open), []byte("ld+json")) {
			i = start + end
			continue
		}
		out = append(out, data[last:start]...)
		last = start + end
		i = last
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}

func isNameByte(c byte) bool {
	return c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// hasFoldPrefix reports whether b starts with the lower-case ASCII word p,
// in any case.
func hasFoldPrefix(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for k := range len(p) {
		if b[k]|0x20 != p[k] {
			return false
		}
	}
	return true
}

// indexFold is bytes.Index of the lower-case ASCII p in b, in any case.
func indexFold(b []byte, p string) int {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		if len(b)-i >= len(p) && b[i+1] == '/' && hasFoldPrefix(b[i+2:], p[2:]) {
			return i
		}
		i++
	}
}

// prune drops what no extractor reads (scripts, styles, SVG, comments…)
// once the metadata is read, so the extractors' copies and walks of the tree
// skip it: on news pages it is often half of the nodes and bytes.
func prune(n *html.Node) (nodes int) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode,
			c.Type == html.ElementNode && (c.DataAtom == atom.Script || c.DataAtom == atom.Style ||
				c.DataAtom == atom.Noscript || c.DataAtom == atom.Svg || c.DataAtom == atom.Template ||
				c.DataAtom == atom.Iframe || c.DataAtom == atom.Link):
			n.RemoveChild(c)
		default:
			nodes++
			if c.FirstChild != nil {
				nodes += prune(c)
			}
		}
		c = next
	}
	return nodes
}

// maxNodes caps the nodes of a page handed to the extractors, whose time and
// memory grow faster than the page: a news page has a few thousand, the
// heaviest some tens of thousands; a megabyte of empty paragraphs would take
// the extractors a minute and a gigabyte.
const maxNodes = 100_000

// extractBody returns the article text by the named extractor, and the
// metadata the libraries found when they ran.
//
// "agree" (the default) runs our own scorer (native.go), then readability on
// the region of the page that holds the scorer's text, and keeps the lines
// of readability's text whose words the scorer's text also holds (at least
// minAgree of them): each lets through some page furniture, and rarely the
// same, so their agreement is more precise than either. Readability reading
// only that region costs a seventh less CPU than the whole page, and its
// agreement is as good (F1 0.978 on the benchmark either way). Where the
// scorer finds no prose, readability reads the whole page alone; where the
// scorer's text is much shorter than readability's, or readability finds no
// prose, the other's text is used alone.
//
// "auto" (the default before "agree") does the same with trafilatura's lines
// and readability, both on the whole page: F1 0.977, at twice the CPU.
//
// "fast" runs our own scorer, and readability on the pages where it finds
// no prose. "native", "trafilatura", "trafilatura-fallback" (with its
// built-in fallback) and "readability" run one extractor alone.
func extractBody(root *html.Node, u *nurl.URL, m *meta, extractor string) (string, trafilatura.Metadata, error) {
	switch extractor {
	case "readability":
		text, tm := readabilityText(root, u)
		return text, tm, nil
	case "native":
		text, _ := nativeText(root)
		return text, trafilatura.Metadata{}, nil
	case "trafilatura", "trafilatura-fallback":
		text, tm := trafilaturaText(root, u, m, extractor == "trafilatura-fallback")
		return text, tm, nil
	case "fast":
		// Our own scorer is a fifth of the cost of readability and a tenth
		// of trafilatura; readability reads the pages where it finds no
		// prose.
		if text, _ := nativeText(root); hasProse(text) {
			return text, trafilatura.Metadata{}, nil
		}
		text, tm := readabilityText(root, u)
		return text, tm, nil
	case "", "agree":
		text, region := nativeText(root)
		var date time.Time
		if m.date.IsZero() {
			// What trafilatura's htmldate finds, as "auto" has it, read
			// before readability changes the tree.
			date = htmldateOf(root, u)
		}
		if hasProse(text) {
			isolate(region)
		}
		rtext, rm := readabilityText(root, u)
		rm.Date = date
		if !hasProse(text) {
			return rtext, rm, nil
		}
		if !hasProse(rtext) {
			return text, rm, nil
		}
		return agree(rtext, text), rm, nil
	case "auto":
		text, tm := trafilaturaText(root, u, m, false)
		prose := hasProse(text)
		rtext, rm := readabilityText(root, u)
		if tm.Title == "" {
			tm.Title = rm.Title
		}
		if tm.Author == "" {
			tm.Author = rm.Author
		}
		if !prose {
			return rtext, tm, nil
		}
		return agree(text, rtext), tm, nil
	}
	return "", trafilatura.Metadata{}, fmt.Errorf("unknown extractor %q", extractor)
}

const (
	minAgree   = 0.9 // share of a line's words the other extractor must hold
	minCompare = 0.3 // below this length ratio the other extractor missed the article
)

// agree keeps the lines of text whose words other mostly holds.
func agree(text, other string) string {
	if float64(len(other)) < minCompare*float64(len(text)) {
		return text
	}
	words := map[string]bool{}
	for w := range wordsOf(other) {
		words[w] = true
	}
	var b strings.Builder
	b.Grow(len(text))
	for line := range strings.SplitSeq(text, "\n") {
		n, in := 0, 0
		for w := range wordsOf(line) {
			n++
			if words[w] {
				in++
			}
		}
		if n == 0 || float64(in) < minAgree*float64(n) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return b.String()
}

// wordsOf yields the lower-cased words (runs of letters, digits and _) of s.
func wordsOf(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i, r := range s {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				if !yield(strings.ToLower(s[start:i])) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(strings.ToLower(s[start:]))
		}
	}
}

// isolate removes from the page all that lies beside the path from <body>
// down to n, so that an extractor run next reads n's subtree alone.
func isolate(n *html.Node) {
	for ; n != nil && n.Parent != nil && n.DataAtom != atom.Body; n = n.Parent {
		for c := n.Parent.FirstChild; c != nil; {
			next := c.NextSibling
			if c != n {
				n.Parent.RemoveChild(c)
			}
			c = next
		}
	}
}

// htmldateOf is the publication date go-htmldate finds in the page (its
// fast mode, as trafilatura runs it), or the zero time.
func htmldateOf(root *html.Node, u *nurl.URL) time.Time {
	opts := htmldate.Options{UseOriginalDate: true, SkipExtensiveSearch: true}
	if u != nil {
		opts.URL = u.String()
	}
	res, err := htmldate.FromDocument(root, opts)
	if err != nil {
		return time.Time{}
	}
	return res.DateTime
}

// trafilaturaText runs go-trafilatura on a copy of root (it clones).
func trafilaturaText(root *html.Node, u *nurl.URL, m *meta, fallback bool) (string, trafilatura.Metadata) {
	opts := trafilatura.Options{
		OriginalURL:     u,
		EnableFallback:  fallback,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
	}
	if !m.date.IsZero() {
		// Our own reading of the page's metadata already gave the date;
		// htmldate's search of the whole page would only cost time.
		opts.HtmlDateOverride = &htmldate.Result{DateTime: m.date, HasTime: true}
	}
	res, err := trafilatura.ExtractDocument(root, opts)
	if err != nil || res == nil {
		return "", trafilatura.Metadata{}
	}
	// ContentText runs paragraphs together; the node keeps them apart.
	var b strings.Builder
	writeText(&b, res.ContentNode)
	return b.String(), res.Metadata
}

// readabilityText runs go-readability on root, which it changes.
func readabilityText(root *html.Node, u *nurl.URL) (string, trafilatura.Metadata) {
	p := readability.NewParser()
	art, err := p.ParseAndMutate(root, u)
	if err != nil || art.Node == nil {
		return "", trafilatura.Metadata{}
	}
	var b strings.Builder
	writeText(&b, art.Node)
	return b.String(), trafilatura.Metadata{Title: art.Title(), Author: art.Byline(), Language: art.Language()}
}

// normAuthor drops the "By " that bylines carry into author fields.
func normAuthor(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = strings.TrimSpace(s[3:])
	}
	return s
}

// prefixLen is the length of the longest prefix of s of at most n bytes
// that ends on a rune boundary.
func prefixLen(s string, n int) int {
	if len(s) <= n {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// minLangText is the shortest body (bytes) whose guessed language is kept;
// on less the guess is noise.
const minLangText = 200

// hasProse reports whether text holds at least one sentence of running
// prose: a line that ends a sentence and has eight words or more (or 30
// characters, for scripts written without spaces). What the extractors
// return from a page with no article (a home page, a login wall) is link
// text: menus and headlines, without one.
func hasProse(text string) bool {
	for line := range strings.SplitSeq(text, "\n") {
		if (len(strings.Fields(line)) >= 8 || utf8.RuneCountInString(line) >= 30) && endsSentence(line) {
			return true
		}
	}
	return false
}

// endsSentence reports whether line holds the end of a sentence: a full stop,
// question or exclamation mark, or an ellipsis, followed (after any closing
// quotes and brackets) by a space or the end of the line. Not only the last
// character counts: a line may end in a symbol, an emoji or a stray letter.
func endsSentence(line string) bool {
	for i, r := range line {
		switch r {
		case '.', '!', '?', '…', '。', '！', '？', '।', '؟':
		default:
			continue
		}
		rest := line[i+utf8.RuneLen(r):]
		rest = strings.TrimLeftFunc(rest, func(c rune) bool {
			return c == '"' || c == '\'' || unicode.In(c, unicode.Pe, unicode.Pf)
		})
		if next, _ := utf8.DecodeRuneInString(rest); rest == "" || unicode.IsSpace(next) {
			return true
		}
		if r == '。' || r == '！' || r == '？' {
			return true // full-width stops need no space after them
		}
	}
	return false
}

// tidyText trims each line and drops empty ones, so that the body is one
// paragraph per line for the line-based cleaning that follows.
func tidyText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return b.String()
}
