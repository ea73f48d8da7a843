package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sitrep-dev/sitrep"
)

// feed yields each item of an RSS or Atom feed as a document.
func (r *reader) feed(data []byte, name string) bool {
	err := ParseFeed(data, name, func(doc *sitrep.Document, err error) bool {
		var ie *sitrep.InputError
		if errors.As(err, &ie) {
			return r.fail(ie.Input, ie.Err)
		}
		return r.yield(doc, nil)
	})
	if err != nil {
		return r.fail(name, err)
	}
	return r.ctx.Err() == nil
}

// ParseFeed calls fn with each item of an RSS or Atom feed as a document —
// its link, date, title and the text of its content, else its summary — or,
// for an item with no text, an *sitrep.InputError naming it (name#N), until
// fn returns false. Feeds carry HTML fragments, not pages, so the markup is
// flattened rather than extracted. A feed broken part way (a truncated
// download, a stray "<") gives the items before the break, and then the
// error; a feed that does not parse at all or has no items gives only the
// error.
func ParseFeed(data []byte, name string, fn func(*sitrep.Document, error) bool) error {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		if f = feedBefore(data); f == nil {
			return fmt.Errorf("feed: %w", err)
		}
		err = fmt.Errorf("feed broken after item %d (items up to it are kept): %w", len(f.Items), err)
	}
	if len(f.Items) == 0 {
		return errors.New("feed has no items")
	}
	lang := normLang(f.Language)
	for i, it := range f.Items {
		src := fmt.Sprintf("%s#%d", name, i+1)
		body := it.Content
		if strings.TrimSpace(body) == "" {
			body = it.Description
		}
		text := tidyText(fragmentText(body))
		if text == "" {
			if !fn(nil, &sitrep.InputError{Input: src, Err: errors.New("feed item has neither content nor summary")}) {
				return nil
			}
			continue
		}
		doc := &sitrep.Document{
			ID: it.GUID, URL: it.Link, Title: strings.TrimSpace(it.Title), Lang: lang,
			Text: text, Format: "feed", Source: src,
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			doc.Author = it.Authors[0].Name
		}
		// gofeed's parsed times are in UTC; the zone the feed gave is kept
		// when the date reads as one of ours.
		if t, hasTime, ok := ParseDate(it.Published); ok {
			doc.Date, doc.DateHasTime = t, hasTime
		}
		switch {
		case !doc.Date.IsZero():
		case it.PublishedParsed != nil:
			doc.Date, doc.DateHasTime = *it.PublishedParsed, true
		case it.UpdatedParsed != nil:
			doc.Date, doc.DateHasTime = *it.UpdatedParsed, true
		}
		if doc.ID == "" {
			doc.ID = doc.URL
		}
		if doc.ID == "" {
			doc.ID = contentID(text)
		}
		if !fn(doc, nil) {
			return nil
		}
	}
	return err
}

// feedBefore parses the longest run of whole items (or Atom entries) at the
// start of a feed that gofeed cannot parse whole: the feed is cut after an
// item and its open elements closed. It returns nil when not even the first
// item parses.
func feedBefore(data []byte) *gofeed.Feed {
	cuts := itemEnds(data)
	var best *gofeed.Feed
	// Cutting after fewer items parses whenever cutting after more does, so
	// the longest is found in a logarithmic number of parses.
	lo, hi := 0, len(cuts) // cuts[:lo] parse; cuts[hi:] do not
	for lo < hi {
		mid := (lo + hi + 1) / 2
		c := cuts[mid-1]
		prefix := append(data[:c.end:c.end], c.closers...)
		if f, err := gofeed.NewParser().Parse(bytes.NewReader(prefix)); err == nil && len(f.Items) == mid {
			lo, best = mid, f
		} else {
			hi = mid - 1
		}
	}
	return best
}

// feedCut is a place to cut a feed: after the end tag of an item, with the
// end tags of the elements still open there.
type feedCut struct {
	end     int
	closers string
}

// itemEnds lists the places after each item or entry that the XML tokenizer
// reads before its first error, reading as leniently as gofeed does.
func itemEnds(data []byte) []feedCut {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // only tags matter
	var open []string
	var cuts []feedCut
	for {
		tok, err := d.RawToken()
		if err != nil {
			return cuts
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, qualified(t.Name))
		case xml.EndElement:
			n := qualified(t.Name)
			i := len(open) - 1
			for i >= 0 && open[i] != n {
				i--
			}
			if i < 0 {
				continue
			}
			open = open[:i]
			if l := strings.ToLower(t.Name.Local); l == "item" || l == "entry" {
				var b strings.Builder
				for j := len(open) - 1; j >= 0; j-- {
					b.WriteString("</" + open[j] + ">")
				}
				cuts = append(cuts, feedCut{end: int(d.InputOffset()), closers: b.String()})
			}
		}
	}
}

// qualified is an element name as written, with its prefix.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// fragmentText flattens an HTML fragment to text, a line per block element.
// Plain text (no markup) comes back unchanged but for entity decoding.
func fragmentText(s string) string {
	if !strings.ContainsRune(s, '<') {
		return html.UnescapeString(s)
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return html.UnescapeString(s)
	}
	var b strings.Builder
	for _, n := range nodes {
		writeText(&b, n)
	}
	return b.String()
}

func writeText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		// Collapse runs of white space to one space. Words in adjacent text
		// nodes are kept apart, since trafilatura trims the text of the
		// nodes it keeps: a word split in two ("D"+"ay") is rarer than two
		// words that would run together.
		space := false
		if last, _ := utf8.DecodeLastRuneInString(b.String()); isWordRune(last) {
			first, _ := utf8.DecodeRuneInString(strings.TrimLeft(n.Data, " \t\n\r\f"))
			space = isWordRune(first)
		}
		for _, c := range n.Data {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u00a0' {
				space = true
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(c)
		}
		if space {
			b.WriteByte(' ')
		}
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Svg:
			return
		case atom.Br:
			b.WriteByte('\n')
			return
		}
		if n.Data == "lb" { // trafilatura's line break
			b.WriteByte('\n')
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c)
	}
	if n.Type == html.ElementNode {
		switch {
		case blockTags[n.Data]:
			b.WriteByte('\n')
		case n.Data == "td" || n.Data == "th" || n.Data == "cell":
			b.WriteByte(' ')
		}
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// blockTags end a line: HTML's block elements and the ones trafilatura
// converts them to (head, list, item, row, quote).
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "ul": true, "ol": true, "blockquote": true, "pre": true, "table": true, "tr": true,
	"section": true, "article": true, "header": true, "footer": true, "figure": true, "figcaption": true,
	"dd": true, "dt": true, "dl": true, "hr": true, "main": true, "aside": true, "nav": true,
	"head": true, "list": true, "item": true, "row": true, "quote": true, "code": true,
}
