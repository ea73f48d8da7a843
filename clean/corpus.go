package clean

import (
	"math/bits"
	nurl "net/url"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// Corpus-level cleaning sees each document once, in input order, and keeps
// only compact memory of the ones before: hashes of the lines of each site
// and the MinHash signatures of documents.
const (
	// repeatMin is how many earlier documents of a site must hold a line
	// before it is boilerplate of that site. Footers and widgets appear on
	// every page; an article's own sentence rarely on three.
	repeatMin = 3
	// repeatShare: on a site already well seen, a line must also be in one
	// document of repeatShare; a question asked in a few of a site's many
	// interviews is reporting, a footer is on nearly every page.
	repeatShare = 10
	// minRepeatLen is the shortest line (in bytes) counted; shorter lines
	// are left to the line features, which know "Share" from "Yes.".
	minRepeatLen = 16
	// maxRepeatShare: a document losing more than this share of its lines to
	// site repetition is a repeat of a whole story, left to near-duplicate
	// detection rather than emptied.
	maxRepeatShare = 0.5

	// Near-duplicate documents: one-permutation MinHash over word 5-grams,
	// sigBins bins, banded by bandRows for LSH; a candidate is confirmed when
	// the estimated Jaccard index of the 5-gram sets reaches docJaccard.
	// Copies of one story differ by their sites' headers and footers, so the
	// bar is below the 0.8–0.9 used for web pages; distinct reports of one
	// event share far fewer 5-grams (0.1–0.3).
	shingleLen = 5
	sigBins    = 64
	bandRows   = 4
	docJaccard = 0.7
	minDocBins = sigBins / 2 // too few filled bins: too short to compare

	// maxSiteLines and maxDocs bound memory on endless streams: past them
	// the oldest memory is dropped and learning starts over.
	maxSiteLines = 1 << 20
	maxDocs      = 1 << 19
)

type corpus struct {
	sites    map[string]map[uint64]int32 // site → line hash → documents seen with it
	siteDocs map[string]int              // site → documents seen
	nSite    int                         // lines remembered over all sites

	docs  []docSig
	bands [sigBins / bandRows]map[uint64][]int32
}

type docSig struct {
	id  string
	sig [sigBins]uint64
}

func newCorpus() *corpus {
	c := &corpus{sites: map[string]map[uint64]int32{}, siteDocs: map[string]int{}}
	c.resetDocs()
	return c
}

func (c *corpus) resetDocs() {
	c.docs = c.docs[:0]
	for i := range c.bands {
		c.bands[i] = map[uint64][]int32{}
	}
}

// add cleans doc against the documents before it and remembers it.
func (c *corpus) add(doc *sitrep.Document) {
	sig, filled := docSignature(doc.Text)
	if filled >= minDocBins {
		if orig := c.nearest(&sig); orig != "" && orig != doc.ID {
			doc.NearDuplicateOf = orig
			// A repeated story would teach the site its own sentences.
			return
		}
		c.remember(doc.ID, &sig)
	}
	c.repeatedLines(doc)
}

// nearest returns the id of the earliest remembered document whose
// signature nearly equals sig, or "".
func (c *corpus) nearest(sig *[sigBins]uint64) string {
	best := int32(-1)
	for b := range c.bands {
		for _, i := range c.bands[b][bandKey(sig, b)] {
			if (best < 0 || i < best) && estimate(sig, &c.docs[i].sig) >= docJaccard {
				best = i
			}
		}
	}
	if best < 0 {
		return ""
	}
	return c.docs[best].id
}

func (c *corpus) remember(id string, sig *[sigBins]uint64) {
	if len(c.docs) >= maxDocs {
		c.resetDocs()
	}
	i := int32(len(c.docs))
	c.docs = append(c.docs, docSig{id: id, sig: *sig})
	for b := range c.bands {
		k := bandKey(sig, b)
		c.bands[b][k] = append(c.bands[b][k], i)
	}
}

func bandKey(sig *[sigBins]uint64, b int) uint64 {
	h := uint64(b + 1)
	for _, v := range sig[b*bandRows : (b+1)*bandRows] {
		h = mix(h^v, 7)
	}
	return h
}

// estimate is the share of bins, filled in both, that hold the same minimum:
// an unbiased estimate of the Jaccard index of the two shingle sets.
func estimate(a, b *[sigBins]uint64) float64 {
	same, both := 0, 0
	for i := range a {
		if a[i] == emptyBin || b[i] == emptyBin {
			if a[i] != b[i] {
				both++
			}
			continue
		}
		both++
		if a[i] == b[i] {
			same++
		}
	}
	if both == 0 {
		return 0
	}
	return float64(same) / float64(both)
}

const emptyBin = ^uint64(0)

// docSignature is the one-permutation MinHash of the word 5-grams of text:
// each 5-gram is hashed once (a polynomial over its word hashes, rolled
// from the previous 5-gram), the hash's top bits pick a bin and the bin
// keeps its smallest remaining bits. It returns the number of filled bins.
func docSignature(text string) (sig [sigBins]uint64, filled int) {
	const p = 0x100000001b3 // odd multiplier of the rolling polynomial
	pk := uint64(1)         // p^(shingleLen-1)
	for range shingleLen - 1 {
		pk *= p
	}
	for i := range sig {
		sig[i] = emptyBin
	}
	var ring [shingleLen]uint64
	var w word
	roll, n := uint64(0), 0
	for i := nextWord(text, 0, &w); i >= 0; i = nextWord(text, i, &w) {
		old := ring[n%shingleLen]
		ring[n%shingleLen] = w.hash
		n++
		roll = (roll-old*pk)*p + w.hash
		if n < shingleLen {
			continue
		}
		h := mix(roll, 2)
		bin := h >> (64 - bits.Len(sigBins-1))
		if v := h << bits.Len(sigBins-1) >> 1; v < sig[bin] {
			if sig[bin] == emptyBin {
				filled++
			}
			sig[bin] = v
		}
	}
	return sig, filled
}

// repeatedLines cuts the lines of doc that repeatMin earlier documents of
// the same site held, then counts the document's lines for the ones after.
func (c *corpus) repeatedLines(doc *sitrep.Document) {
	site := siteOf(doc)
	if site == "" {
		return
	}
	seen := c.sites[site]
	if seen == nil {
		seen = map[uint64]int32{}
		c.sites[site] = seen
	}
	var cuts []cut
	var hashes []uint64
	total := 0
	for sp := range lines(doc.Text) {
		line := strings.TrimSpace(sp.Of(doc.Text))
		if line == "" {
			continue
		}
		total++
		if len(line) < minRepeatLen {
			continue
		}
		h := lineHash(line)
		if n := seen[h]; n >= repeatMin && n >= int32(c.siteDocs[site]/repeatShare) {
			cuts = append(cuts, cut{Span: sp, reason: RepeatedLine})
		}
		hashes = append(hashes, h)
	}
	if c.nSite+len(hashes) > maxSiteLines {
		clear(c.sites)
		clear(c.siteDocs)
		c.nSite = 0
		seen = map[uint64]int32{}
		c.sites[site] = seen
	}
	c.siteDocs[site]++
	for _, h := range hashes {
		if seen[h] == 0 {
			c.nSite++
		}
		seen[h]++
	}
	if float64(len(cuts)) <= maxRepeatShare*float64(total) {
		apply(doc, cuts)
	}
}

// lineHash hashes a line with case and spacing folded. Digits are kept: a
// line that differs only in its numbers ("3 killed", "5 killed") is a
// template of reporting, not furniture.
func lineHash(line string) uint64 {
	buf := make([]byte, 0, len(line))
	space := false
	for _, r := range line {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		default:
			r = unicode.ToLower(r)
		}
		if space {
			buf = append(buf, ' ')
			space = false
		}
		buf = utf8.AppendRune(buf, r)
	}
	return hashBytes(buf)
}

// siteOf names the site a document comes from: its URL's host, else the
// file or directory it was read from (a directory of pages saved from one
// site), else "".
func siteOf(doc *sitrep.Document) string {
	if doc.URL != "" {
		if u, err := nurl.Parse(doc.URL); err == nil && u.Host != "" {
			return strings.TrimPrefix(strings.ToLower(u.Host), "www.")
		}
	}
	src := doc.Source
	if src == "" || src == "stdin" {
		return ""
	}
	if i := strings.LastIndexAny(src, "#:"); i > 0 && i > strings.LastIndexByte(src, '/') {
		return src[:i] // a record of a container file: the file
	}
	return filepath.Dir(src)
}
