package ingest

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nativeText finds the article in a parsed page in two passes over the tree,
// on the readability idea: paragraphs of text score their parent and
// grandparent by length and commas; the container with the best score, less
// its share of link text, is the article, with those of its siblings that
// score near it. Elements whose class or id names page furniture (comments,
// sidebars, share bars, related links) are skipped, unless they also name
// the article. It does not change the tree. region is the element under
// which all of the text lies (nil when there is none).
func nativeText(root *html.Node) (text string, region *html.Node) {
	// As readability does, furniture is skipped first, and the page read
	// again without skipping when that leaves no article: a theme's
	// "sticky-sidebar" wrapper may hold the whole page.
	if text, region := nativePass(root, true); len(text) >= minNative {
		return text, region
	}
	return nativePass(root, false)
}

// topCandidates and minNear are readability's: the five best containers, and
// three of them to move the article up to their common ancestor.
const (
	topCandidates = 5
	minNear       = 3
)

// contains reports whether n is a or lies under it.
func contains(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// minNative is the shortest text (bytes) a first pass must find.
const minNative = 500

func nativePass(root *html.Node, skipUnlikely bool) (string, *html.Node) {
	ns := nodeStats{skipUnlikely: skipUnlikely}
	ns.walk(root, false)
	// The top candidates, best first; ns.order keeps ties in page order so
	// that a page always gives the same text.
	var top [topCandidates]*html.Node
	var topScore [topCandidates]float64
	for _, n := range ns.order {
		s := ns.score[n] * (1 - ns.linkDensity(n))
		for i := range top {
			if s > topScore[i] {
				copy(top[i+1:], top[i:len(top)-1])
				copy(topScore[i+1:], topScore[i:len(top)-1])
				top[i], topScore[i] = n, s
				break
			}
		}
	}
	best, bestScore := top[0], topScore[0]
	if best == nil {
		return "", nil
	}
	// An article cut in blocks (by figures, pull quotes) scores each block
	// apart: when three of the top candidates, near the best's score, share
	// an ancestor of the best, that ancestor is the article.
	var near []*html.Node
	for i := 1; i < len(top) && top[i] != nil; i++ {
		if topScore[i] >= 0.75*bestScore {
			near = append(near, top[i])
		}
	}
	if len(near) >= minNear {
	climb:
		for a := best.Parent; a != nil && a.DataAtom != atom.Body; a = a.Parent {
			n := 0
			for _, c := range near {
				if contains(a, c) {
					n++
				}
			}
			if n >= minNear {
				best, bestScore = a, max(bestScore, ns.score[a]*(1-ns.linkDensity(a)))
				break climb
			}
		}
	}
	var b strings.Builder
	parent := best.Parent
	if parent == nil {
		ns.render(&b, best)
		return b.String(), best
	}
	parts := ns.parts(best, bestScore)
	if len(parts) == 0 {
		ns.renderAround(&b, best, bestScore)
		return b.String(), parent
	}
	// Render the common ancestor in page order, entering only the branches
	// that lead to the article or one of its parts.
	joint := parent
	for _, p := range parts {
		for !contains(joint, p) {
			joint = joint.Parent
		}
	}
	wanted := append([]*html.Node{best}, parts...)
	var emit func(n *html.Node)
	emit = func(n *html.Node) {
		switch {
		case n == parent:
			ns.renderAround(&b, best, bestScore)
			return
		case slices.Contains(parts, n):
			ns.render(&b, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			for _, w := range wanted {
				if contains(c, w) {
					emit(c)
					break
				}
			}
		}
	}
	emit(joint)
	return b.String(), joint
}

// renderAround writes best and those of its siblings that score near it or
// are long paragraphs with few links.
func (ns *nodeStats) renderAround(b *strings.Builder, best *html.Node, bestScore float64) {
	threshold := max(10, bestScore*0.2)
	for c := best.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || ns.skip[c] {
			continue
		}
		keep := c == best || ns.score[c]*(1-ns.linkDensity(c)) >= threshold
		if !keep && c.DataAtom == atom.P {
			keep = ns.text[c] > 80 && ns.linkDensity(c) < 0.25
		}
		if keep {
			ns.render(b, c)
		}
	}
}

// parts finds the other blocks of an article that a page cuts apart (with
// figures, pull quotes, ads between them): candidates scoring at least
// partShare of the best, with few links, outside the best and its siblings'
// parent, and no more than partLevels above it, best first.
func (ns *nodeStats) parts(best *html.Node, bestScore float64) []*html.Node {
	var cands []*html.Node
	for _, n := range ns.order {
		if ns.score[n]*(1-ns.linkDensity(n)) >= partShare*bestScore && ns.linkDensity(n) < 0.25 {
			cands = append(cands, n)
		}
	}
	slices.SortStableFunc(cands, func(a, b *html.Node) int {
		return cmp.Compare(ns.score[b]*(1-ns.linkDensity(b)), ns.score[a]*(1-ns.linkDensity(a)))
	})
	var parts []*html.Node
	taken := []*html.Node{best.Parent}
next:
	for _, c := range cands {
		for _, t := range taken {
			if contains(t, c) || contains(c, t) {
				continue next
			}
		}
		a, up := best.Parent, 0
		for a != nil && !contains(a, c) {
			a, up = a.Parent, up+1
		}
		if a == nil || up > partLevels || a.DataAtom == atom.Body || a.DataAtom == atom.Html {
			continue
		}
		taken = append(taken, c)
		parts = append(parts, c)
	}
	return parts
}

// partShare and partLevels bound the parts of a cut article: blocks scoring
// at least 40 % of the best, joined to it within four levels.
const (
	partShare  = 0.4
	partLevels = 4
)

// nodeStats holds, per element, the text length under it, the link text
// length under it, the readability score, and whether it is furniture.
type nodeStats struct {
	skipUnlikely bool
	text, links  map[*html.Node]int
	score        map[*html.Node]float64
	order        []*html.Node // the scored nodes, in the order first scored
	skip         map[*html.Node]bool
}

// walk fills the stats of n's subtree and returns its text and link text
// lengths, and whether it holds block elements. A paragraph is a <p>, <pre>,
// <td> or <blockquote>, or any other element with text and no block inside
// (a <div> used as a paragraph).
func (ns *nodeStats) walk(n *html.Node, inLink bool) (text, links int, block bool) {
	if ns.text == nil {
		ns.text, ns.links = map[*html.Node]int{}, map[*html.Node]int{}
		ns.score, ns.skip = map[*html.Node]float64{}, map[*html.Node]bool{}
	}
	switch n.Type {
	case html.TextNode:
		l := textLen(n.Data)
		if inLink {
			return l, l, false
		}
		return l, 0, false
	case html.ElementNode:
		if hidden(n) {
			ns.skip[n] = true
			return 0, 0, false
		}
		if ns.skipUnlikely && unlikely(n) {
			ns.skip[n] = true
			return 0, 0, false
		}
		if n.DataAtom == atom.A {
			inLink = true
		}
	}
	commas := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t, l, b := ns.walk(c, inLink)
		text += t
		links += l
		block = block || b
		if c.Type == html.TextNode {
			commas += strings.Count(c.Data, ",")
		}
	}
	if n.Type != html.ElementNode {
		return text, links, block
	}
	ns.text[n], ns.links[n] = text, links
	para := false
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Td, atom.Blockquote:
		para = true
	case atom.Div, atom.Section, atom.Article, atom.Span, atom.Font, atom.Center:
		para = !block
	}
	if para && text-links >= 25 {
		// The paragraph's score goes to its ancestors, less with each
		// level (readability's 1, 1/2, 1/6, 1/9, 1/12); an ancestor is
		// first given its prior by tag and class name.
		s := 1 + float64(commas) + min(float64(text)/100, 3)
		a := n.Parent
		for level := 0; level < 5 && a != nil && a.Type == html.ElementNode; level++ {
			if _, ok := ns.score[a]; !ok {
				ns.score[a] = tagBonus(a) + classWeight(a)
				ns.order = append(ns.order, a)
			}
			switch level {
			case 0:
				ns.score[a] += s
			case 1:
				ns.score[a] += s / 2
			default:
				ns.score[a] += s / float64(level*3)
			}
			a = a.Parent
		}
	}
	return text, links, block || blockTags[n.Data]
}

func (ns *nodeStats) linkDensity(n *html.Node) float64 {
	t := ns.text[n]
	if t == 0 {
		return 0
	}
	return float64(ns.links[n]) / float64(t)
}

// tagBonus is readability's prior for a container by its tag.
func tagBonus(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

var (
	positiveNames = []string{"article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story"}
	negativeNames = []string{"hidden", "banner", "combx", "comment", "com-", "contact", "foot", "masthead", "media",
		"meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
		"shopping", "tags", "tool", "widget"}
)

// classWeight is readability's prior by class and id: ±25 for names of
// article containers and of furniture.
func classWeight(n *html.Node) float64 {
	w := 0.0
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		v := strings.ToLower(a.Val)
		if containsAny(v, negativeNames) {
			w -= 25
		}
		if containsAny(v, positiveNames) {
			w += 25
		}
	}
	return w
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// render writes the text of n a block per line, leaving out furniture and
// blocks that are mostly links.
func (ns *nodeStats) render(b *strings.Builder, n *html.Node) {
	if n.Type == html.ElementNode {
		if ns.skip[n] {
			return
		}
		switch n.DataAtom {
		case atom.Ul, atom.Ol, atom.Table, atom.Div, atom.Section, atom.Figure, atom.Header, atom.Footer:
			if ns.linkDensity(n) > 0.5 {
				return
			}
		case atom.Figcaption, atom.Button, atom.Select, atom.Nav, atom.Aside, atom.Form, atom.Input, atom.Label:
			return
		}
	}
	if n.Type == html.TextNode {
		writeText(b, n)
		return
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.Br {
		b.WriteByte('\n')
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		ns.render(b, c)
	}
	if n.Type == html.ElementNode && blockTags[n.Data] {
		b.WriteByte('\n')
	}
}

// textLen is the length in characters of s without its runs of spaces.
func textLen(s string) int {
	n, space := 0, true
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			if !space {
				n++
			}
			space = true
			continue
		}
		space = false
		n++
	}
	return n
}

var (
	unlikelyNames = []string{"comment", "sidebar", "share", "social", "related", "promo", "sponsor", "banner",
		"menu", "navbar", "nav-", "breadcrumb", "cookie", "newsletter", "subscribe", "popup", "modal", "widget",
		"footer", "masthead", "recommend", "outbrain", "taboola", "advert", "-ad-", "ad-slot", "tags", "byline",
		"author-bio", "caption", "credit", "signup", "paywall", "most-popular", "trending", "read-more", "pagination"}
	likelyNames = []string{"article", "body", "content", "main", "story", "post", "entry", "text"}
)

// hidden reports an element the page does not show: hidden, aria-hidden,
// display:none or visibility:hidden (hover cards, schema.org metadata).
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			v := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// unlikely reports an element whose class or id names page furniture and
// not the article.
func unlikely(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Article, atom.Main:
		return false
	}
	var names string
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			names += " " + a.Val
		}
	}
	if names == "" || !utf8.ValidString(names) {
		return false
	}
	names = strings.ToLower(names)
	for _, u := range unlikelyNames {
		if strings.Contains(names, u) {
			for _, l := range likelyNames {
				if strings.Contains(names, l) {
					return false
				}
			}
			return true
		}
	}
	return false
}
