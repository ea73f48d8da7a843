package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sitrep-dev/sitrep"
)

// feed yields each item of an RSS or Atom feed as a document: its link, date,
// title and the text of its content, else its summary. Feeds carry HTML
// fragments, not pages, so the markup is flattened rather than extracted.
func (r *reader) feed(data []byte, name string) bool {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return r.fail(name, fmt.Errorf("feed: %w", err))
	}
	if len(f.Items) == 0 {
		return r.fail(name, errors.New("feed has no items"))
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
			if !r.fail(src, errors.New("feed item has neither content nor summary")) {
				return false
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
		switch {
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
		if !r.yield(doc, nil) {
			return false
		}
	}
	return true
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
		b.WriteString(strings.Join(strings.Fields(n.Data), " "))
		if n.Data != "" && strings.ContainsAny(n.Data[len(n.Data)-1:], " \t\n\r") {
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
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c)
	}
	if n.Type == html.ElementNode && isBlock(n.DataAtom) {
		b.WriteByte('\n')
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Section, atom.Article, atom.Header, atom.Footer,
		atom.Figure, atom.Figcaption, atom.Dd, atom.Dt, atom.Hr:
		return true
	}
	return false
}
