// Package watch follows news sources as they change: it polls RSS and Atom
// feeds with conditional requests (ETag, Last-Modified), scans folders for
// new files, and hands each article it has not stored yet to a handler that
// codes and stores it.
//
// Nothing is lost and nothing is done twice across a crash: a document is
// skipped when the store has it, and a feed's validators are saved only after
// the documents of that poll are stored, so a watcher killed in between polls
// the feed again in full and finds there only what it has not stored. A feed
// that fails is polled again later and later (exponential back-off), and
// each failure is reported.
package watch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
)

// Store is what a watcher needs of the store: which documents it has, and
// the state of each feed.
type Store interface {
	sitrep.FeedStore
	HasDocument(ctx context.Context, key string) (bool, error)
}

// Handler codes and stores new documents, in order. When it returns nil the
// documents are stored.
type Handler func(ctx context.Context, docs []*sitrep.Document) error

// Options configure a Watcher. Zero values take the defaults.
type Options struct {
	Feeds []string // feed URLs
	Dirs  []string // folders whose new files are read
	// Interval is the time between two polls of a feed or scans of a
	// folder; MaxBackoff the longest wait after failures.
	Interval, MaxBackoff time.Duration
	// MinText: an item whose text is shorter (a summary) is replaced by the
	// article its link points to; 0 never fetches articles.
	MinText int
	Client  *http.Client
	// UserAgent is sent with every request.
	UserAgent string
	// Log receives failures and what each poll found; nil is silent.
	Log func(format string, args ...any)
}

// Defaults.
const (
	DefaultInterval   = 5 * time.Minute
	DefaultMaxBackoff = 6 * time.Hour
	DefaultMinText    = 400
	maxBody           = 32 << 20
	// settle: a file changed more recently than this may still be being
	// written; it is read at the next scan.
	settle = time.Second
)

// Watcher polls feeds and folders. Run it once.
type Watcher struct {
	opt    Options
	st     Store
	handle Handler
	feeds  []*feed
	dirs   []*folder
}

type feed struct {
	state sitrep.FeedState
	next  time.Time
}

type folder struct {
	path string
	next time.Time
	seen map[string]stamp
}

type stamp struct {
	size int64
	mod  time.Time
}

// New returns a watcher of the feeds and folders of opt.
func New(st Store, handle Handler, opt Options) *Watcher {
	if opt.Interval <= 0 {
		opt.Interval = DefaultInterval
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = DefaultMaxBackoff
	}
	if opt.Client == nil {
		opt.Client = &http.Client{Timeout: time.Minute}
	}
	if opt.UserAgent == "" {
		opt.UserAgent = "sitrep-watch"
	}
	if opt.Log == nil {
		opt.Log = func(string, ...any) {}
	}
	w := &Watcher{opt: opt, st: st, handle: handle}
	for _, u := range opt.Feeds {
		w.feeds = append(w.feeds, &feed{state: sitrep.FeedState{URL: u}})
	}
	for _, d := range opt.Dirs {
		w.dirs = append(w.dirs, &folder{path: d, seen: map[string]stamp{}})
	}
	return w
}

// Run polls until ctx ends; it returns nil then. Feeds back off after
// failures; folders are scanned every interval.
func (w *Watcher) Run(ctx context.Context) error {
	for _, f := range w.feeds {
		st, err := w.st.FeedState(ctx, f.state.URL)
		if err != nil {
			return err
		}
		f.state = st
		if st.Failures > 0 {
			f.next = time.Now().Add(w.backoff(st.Failures))
		}
	}
	for {
		next, err := w.Poll(ctx)
		if ctx.Err() != nil {
			return nil // stopped: what was stored is stored
		}
		if err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Until(next)):
		}
	}
}

// Poll polls the feeds and scans the folders that are due, and returns when
// the next one is. A failed feed is reported and retried later; the error is
// the store's or the handler's, which end the watch.
func (w *Watcher) Poll(ctx context.Context) (time.Time, error) {
	next := time.Now().Add(w.opt.Interval)
	for _, f := range w.feeds {
		if ctx.Err() != nil {
			return next, nil
		}
		if now := time.Now(); !now.Before(f.next) {
			if err := w.pollFeed(ctx, f); err != nil {
				return next, err
			}
		}
		if f.next.Before(next) {
			next = f.next
		}
	}
	for _, d := range w.dirs {
		if ctx.Err() != nil {
			return next, nil
		}
		if now := time.Now(); !now.Before(d.next) {
			if err := w.scan(ctx, d); err != nil {
				return next, err
			}
			d.next = time.Now().Add(w.opt.Interval)
		}
		if d.next.Before(next) {
			next = d.next
		}
	}
	return next, nil
}

// backoff is the wait after n failures in a row.
func (w *Watcher) backoff(n int) time.Duration {
	d := w.opt.Interval
	for i := 0; i < n && d < w.opt.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.opt.MaxBackoff)
}

// fetchError is a failure of the source, not of the watcher.
type fetchError struct{ error }

// pollFeed fetches a feed, hands on its new items and saves its state.
func (w *Watcher) pollFeed(ctx context.Context, f *feed) error {
	st := f.state
	docs, etag, modified, err := w.fetchFeed(ctx, &st)
	var fe fetchError
	if errors.As(err, &fe) {
		st.Failures++
		st.LastError = fe.Error()
		wait := w.backoff(st.Failures)
		w.opt.Log("watch: %s: %v (failure %d; next try in %s)", st.URL, fe.error, st.Failures, wait)
		f.state, f.next = st, time.Now().Add(wait)
		return w.st.PutFeedState(context.WithoutCancel(ctx), st)
	}
	if err != nil {
		return err
	}
	if len(docs) > 0 {
		// Stored before the validators: a crash between the two polls the
		// feed again in full.
		if err := w.handle(ctx, docs); err != nil {
			return err
		}
		w.opt.Log("watch: %s: %d new", st.URL, len(docs))
	}
	if etag != "" || modified != "" {
		st.ETag, st.LastModified = etag, modified
	}
	st.Polled, st.Failures, st.LastError = time.Now(), 0, ""
	f.state, f.next = st, time.Now().Add(w.opt.Interval)
	return w.st.PutFeedState(context.WithoutCancel(ctx), st)
}

// fetchFeed does the conditional GET of a feed and returns its items not
// stored yet (none when it did not change) and the new validators.
func (w *Watcher) fetchFeed(ctx context.Context, st *sitrep.FeedState) (docs []*sitrep.Document, etag, modified string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, st.URL, nil)
	if err != nil {
		return nil, "", "", fetchError{err}
	}
	req.Header.Set("User-Agent", w.opt.UserAgent)
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		req.Header.Set("If-Modified-Since", st.LastModified)
	}
	resp, err := w.opt.Client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", "", ctx.Err()
		}
		return nil, "", "", fetchError{err}
	}
	defer resp.Body.Close()
	etag, modified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return nil, etag, modified, nil
	case resp.StatusCode != http.StatusOK:
		return nil, "", "", fetchError{fmt.Errorf("HTTP %s", resp.Status)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", "", ctx.Err()
		}
		return nil, "", "", fetchError{err}
	}
	var items []*sitrep.Document
	if err := ingest.ParseFeed(body, st.URL, func(doc *sitrep.Document, err error) bool {
		if err != nil {
			w.opt.Log("watch: %v", err)
		} else {
			items = append(items, doc)
		}
		return true
	}); err != nil {
		if len(items) == 0 {
			return nil, "", "", fetchError{err}
		}
		// A feed broken part way: its whole items are new all the same.
		w.opt.Log("watch: %s: %v", st.URL, err)
	}
	seen := map[string]bool{}
	for _, doc := range items {
		if seen[doc.ID] {
			continue
		}
		seen[doc.ID] = true
		have, err := w.st.HasDocument(ctx, doc.ID)
		if err != nil {
			return nil, "", "", err
		}
		if have {
			continue
		}
		if w.opt.MinText > 0 && len(doc.Text) < w.opt.MinText && doc.URL != "" {
			w.fetchArticle(ctx, doc)
		}
		docs = append(docs, doc)
	}
	return docs, etag, modified, nil
}

// fetchArticle replaces a summary with the article its link points to,
// keeping the item's id; on failure the summary stays and the failure is
// reported.
func (w *Watcher) fetchArticle(ctx context.Context, doc *sitrep.Document) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, doc.URL, nil)
	if err != nil {
		w.opt.Log("watch: %s: %v", doc.URL, err)
		return
	}
	req.Header.Set("User-Agent", w.opt.UserAgent)
	resp, err := w.opt.Client.Do(req)
	if err != nil {
		w.opt.Log("watch: %s: %v", doc.URL, err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		w.opt.Log("watch: %s: HTTP %s", doc.URL, resp.Status)
		return
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		w.opt.Log("watch: %s: %v", doc.URL, err)
		return
	}
	page, err := ingest.ParseHTML(body, doc.URL, ingest.DefaultOptions)
	if err != nil || len(page.Text) <= len(doc.Text) {
		if err != nil {
			w.opt.Log("watch: %s: %v", doc.URL, err)
		}
		return
	}
	doc.Text, doc.Format, doc.Removed = page.Text, page.Format, page.Removed
	if doc.Title == "" {
		doc.Title = page.Title
	}
	if doc.Author == "" {
		doc.Author = page.Author
	}
	if doc.Lang == "" {
		doc.Lang = page.Lang
	}
	if doc.Date.IsZero() {
		doc.Date, doc.DateHasTime = page.Date, page.DateHasTime
	}
}

// scan reads the files of a folder that are new or changed since the last
// scan, and hands on their documents not stored yet.
func (w *Watcher) scan(ctx context.Context, d *folder) error {
	var paths []string
	now := time.Now()
	err := filepath.WalkDir(d.path, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			w.opt.Log("watch: %s: %v", p, err)
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return nil
		}
		s := stamp{info.Size(), info.ModTime()}
		if old, ok := d.seen[p]; ok && old == s || now.Sub(s.mod) < settle {
			return nil
		}
		d.seen[p] = s
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		w.opt.Log("watch: %s: %v", d.path, err)
		return nil
	}
	sort.Strings(paths)
	var docs []*sitrep.Document
	for doc, err := range ingest.Read(ctx, paths, ingest.DefaultOptions) {
		if err != nil {
			w.opt.Log("watch: %v", err)
			continue
		}
		have, err := w.st.HasDocument(ctx, doc.ID)
		if err != nil {
			return err
		}
		if !have {
			docs = append(docs, doc)
		}
	}
	if ctx.Err() != nil {
		// Read stopped early: scan these files again next time.
		for _, p := range paths {
			delete(d.seen, p)
		}
		return nil
	}
	if len(docs) == 0 {
		return nil
	}
	if err := w.handle(ctx, docs); err != nil {
		return err
	}
	w.opt.Log("watch: %s: %d new", d.path, len(docs))
	return nil
}

// ReadFeeds reads a file of feed URLs, one a line; blank lines and lines
// starting with # are skipped.
func ReadFeeds(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
