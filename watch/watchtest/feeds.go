// Package watchtest serves RSS feeds that change over time, for the tests
// of sitrep watch: nothing reaches the internet.
package watchtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// FeedServer serves feeds whose items appear over time: item k of a feed
// is published at start + k*every. An item whose number is a multiple of 4
// carries only a summary and links to its article page. The first failures
// requests of a feed answer 500. It counts 304 answers and article fetches.
type FeedServer struct {
	*httptest.Server
	Feeds, Items int
	start        time.Time
	every        time.Duration
	failures     int

	mu           sync.Mutex
	requests     map[int]int
	NotModified  int
	ArticleFetch map[string]int
}

// NewFeedServer starts a feed server.
func NewFeedServer(feeds, items int, every time.Duration, failures int) *FeedServer {
	s := &FeedServer{Feeds: feeds, Items: items, every: every, failures: failures, start: time.Now(),
		requests: map[int]int{}, ArticleFetch: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URLs are the feed URLs.
func (s *FeedServer) URLs() []string {
	var out []string
	for f := range s.Feeds {
		out = append(out, fmt.Sprintf("%s/feed/%d.xml", s.URL, f))
	}
	return out
}

// ID is the GUID of item k of feed f.
func ID(f, k int) string { return fmt.Sprintf("urn:watch-test:%d:%d", f, k) }

// Text is the article of item k of feed f.
func Text(f, k int) string {
	return fmt.Sprintf("Report %d of desk %d. Officials in the capital said on Monday that talks on the water dispute would resume next week after a pause of %d days. "+
		"Negotiators from both sides met in the border town and agreed to exchange lists of projects; a spokesman said the meeting was cordial and constructive. "+
		"Farmers downstream have complained for months that the new dams leave their fields dry in the sowing season.", k, f, k%17+2)
}

func (s *FeedServer) serve(w http.ResponseWriter, r *http.Request) {
	var f, k int
	if _, err := fmt.Sscanf(r.URL.Path, "/article/%d/%d", &f, &k); err == nil {
		s.mu.Lock()
		s.ArticleFetch[ID(f, k)]++
		s.mu.Unlock()
		fmt.Fprintf(w, "<html><head><title>Report %d</title></head><body><article><p>%s</p></article></body></html>", k, Text(f, k))
		return
	}
	if _, err := fmt.Sscanf(r.URL.Path, "/feed/%d.xml", &f); err != nil || f >= s.Feeds {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	s.requests[f]++
	fail := s.requests[f] <= s.failures
	s.mu.Unlock()
	if fail {
		http.Error(w, "overloaded", http.StatusInternalServerError)
		return
	}
	n := min(s.Items, int(time.Since(s.start)/s.every)+1)
	sum := sha256.Sum256([]byte(fmt.Sprint(f, n)))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.NotModified++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>desk %d</title><language>en</language>`, f)
	for k := n - 1; k >= 0; k-- {
		link := fmt.Sprintf("%s/article/%d/%d", s.URL, f, k)
		body := Text(f, k)
		if k%4 == 0 {
			body = fmt.Sprintf("Report %d of desk %d: talks to resume.", k, f)
		}
		fmt.Fprintf(&b, `<item><title>Report %d</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>`,
			k, link, ID(f, k), s.start.Add(time.Duration(k)*time.Second).UTC().Format(time.RFC1123Z), body)
	}
	b.WriteString(`</channel></rss>`)
	w.Write([]byte(b.String()))
}
