package ingest

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sitrep-dev/sitrep"
)

// meta is what a page says about itself in its markup: <html lang>, <title>,
// <meta> tags (Open Graph, Dublin Core, parsely, sailthru…), <link
// rel=canonical>, JSON-LD and <time>. Publishers put the exact publication
// time with its zone there; the body rarely has it.
type meta struct {
	title, author, lang, canonical string
	domAuthor                      string // a byline element's text, when no tag names the author
	date                           time.Time
	hasTime                        bool
	datePri                        int // priority of the source of date; lower wins
}

// Sources of the publication date, most trusted first.
var dateKeys = map[string]int{
	"article:published_time": 1, "datepublished": 2, "og:published_time": 3,
	"published_time": 3, "publishdate": 4, "pubdate": 4, "publish-date": 4,
	"parsely-pub-date": 4, "sailthru.date": 5, "dc.date.issued": 5, "dcterms.created": 5,
	"dc.date": 6, "date": 6, "article.published": 6, "original-publish-date": 6,
	"datecreated": 7, "article:modified_time": 9, "datemodified": 9, "og:updated_time": 9,
}

var authorKeys = map[string]bool{"author": true, "article:author": true, "dc.creator": true, "byl": true, "parsely-author": true, "sailthru.author": true}

func readMeta(root *html.Node) meta {
	m := meta{datePri: 1 << 30}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if m.domAuthor == "" && isAuthorElement(n) {
				m.domAuthor = nodeText(n, 80)
			}
			switch n.DataAtom {
			case atom.Html:
				if l := attr(n, "lang"); l != "" {
					m.lang = normLang(l)
				}
			case atom.Title:
				if m.title == "" && n.FirstChild != nil {
					m.title = strings.TrimSpace(n.FirstChild.Data)
				}
			case atom.Meta:
				m.metaTag(n)
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Time:
				if attr(n, "itemprop") == "datePublished" || hasAttr(n, "pubdate") {
					m.setDate(attr(n, "datetime"), 2)
				} else {
					// The first <time> of a page is most often its date line.
					m.setDate(attr(n, "datetime"), 8)
				}
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") && n.FirstChild != nil {
					m.jsonLD(n.FirstChild.Data)
				}
				return
			case atom.Style, atom.Svg, atom.Noscript:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if m.author == "" {
		m.author = m.domAuthor
	}
	return m
}

func (m *meta) metaTag(n *html.Node) {
	key := attr(n, "property")
	if key == "" {
		key = attr(n, "name")
	}
	if key == "" {
		key = attr(n, "itemprop")
	}
	if key == "" {
		return
	}
	key = strings.ToLower(key)
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	switch {
	case key == "og:title" || key == "twitter:title":
		// The og:title lacks the " | Site name" suffix of <title>.
		m.title = content
	case key == "og:url" && m.canonical == "":
		m.canonical = content
	case key == "og:locale" && m.lang == "":
		m.lang = normLang(content)
	case key == "content-language" || key == "dc.language":
		if m.lang == "" {
			m.lang = normLang(content)
		}
	case authorKeys[key] && m.author == "" && !strings.HasPrefix(content, "http"):
		m.author = content
	default:
		if p, ok := dateKeys[key]; ok {
			m.setDate(content, p)
		}
	}
}

// jsonLD reads schema.org NewsArticle fields from a JSON-LD block, which may
// be one object, a list, or an @graph.
func (m *meta) jsonLD(src string) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			t, _ := x["@type"].(string)
			if !strings.Contains(t, "Article") && !strings.Contains(t, "Posting") && t != "WebPage" && t != "Report" {
				return
			}
			if s, ok := x["datePublished"].(string); ok {
				m.setDate(s, 2)
			}
			if s, ok := x["headline"].(string); ok && m.title == "" {
				m.title = strings.TrimSpace(s)
			}
			if m.author == "" {
				m.author = ldName(x["author"])
			}
			if s, ok := x["inLanguage"].(string); ok && m.lang == "" {
				m.lang = normLang(s)
			}
		}
	}
	visit(v, 0)
}

// ldName reads an author given as a string, a Person, or a list of them.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		s, _ := x["name"].(string)
		return strings.TrimSpace(s)
	case []any:
		var names []string
		for _, e := range x {
			if s := ldName(e); s != "" {
				names = append(names, s)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

func (m *meta) setDate(s string, pri int) {
	if pri >= m.datePri {
		return
	}
	if t, hasTime, ok := ParseDate(s); ok {
		m.date, m.hasTime, m.datePri = t, hasTime, pri
	}
}

// Layouts of publication dates seen in page metadata, with a zone first.
var zonedLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -0700 MST", time.RFC1123Z, time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04 -0700", "2 Jan 2006 15:04:05 -0700",
	"20060102T150405Z0700",
}

var localLayouts = []string{
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "20060102T150405",
}

// ParseDate reads a date as publishers write it. A time with a zone keeps the
// zone; a time without one is in sitrep.UnknownZone; a bare day has hasTime
// false.
func ParseDate(s string) (t time.Time, hasTime, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, false
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true, true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, sitrep.UnknownZone); err == nil {
			return t, true, true
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t, false, true
		}
	}
	if t, err := time.Parse("20060102", s); err == nil {
		return t, false, true
	}
	return time.Time{}, false, false
}

// normLang turns "en-US", "en_GB" and "EN" into ISO 639-1 "en".
func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	return s
}

// isAuthorElement reports a byline element: itemprop=author, rel=author, or a
// class naming the author's name or the byline.
func isAuthorElement(n *html.Node) bool {
	if attr(n, "itemprop") == "author" || attr(n, "rel") == "author" {
		return true
	}
	c := strings.ToLower(attr(n, "class"))
	return strings.Contains(c, "author-name") || strings.Contains(c, "byline__name") || strings.Contains(c, "byline-name")
}

// nodeText is the text under n with spaces collapsed, or "" when longer than
// max bytes (a whole author box, not a name).
func nodeText(n *html.Node, max int) string {
	var b strings.Builder
	writeText(&b, n)
	t := strings.Join(strings.Fields(b.String()), " ")
	if len(t) > max {
		return ""
	}
	return t
}

// URLs of news articles often carry the day: /2019/11/19/ or /2019-11-19-.
var urlDateRe = regexp.MustCompile(`/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:[/-]|$)`)

// dateFromURL returns the day a URL names, or the zero time.
func dateFromURL(u string) time.Time {
	m := urlDateRe.FindStringSubmatch(u)
	if m == nil {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3])
	if err != nil {
		return time.Time{}
	}
	return t
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
