package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/watch/watchtest"
)

// memStore is a Store in memory.
type memStore struct {
	mu    sync.Mutex
	docs  map[string]int
	feeds map[string]sitrep.FeedState
}

func newMemStore() *memStore {
	return &memStore{docs: map[string]int{}, feeds: map[string]sitrep.FeedState{}}
}

func (m *memStore) HasDocument(_ context.Context, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.docs[key] > 0, nil
}

func (m *memStore) FeedState(_ context.Context, url string) (sitrep.FeedState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.feeds[url]; ok {
		return f, nil
	}
	return sitrep.FeedState{URL: url}, nil
}

func (m *memStore) PutFeedState(_ context.Context, f sitrep.FeedState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.feeds[f.URL] = f
	return nil
}

func (m *memStore) handle(_ context.Context, docs []*sitrep.Document) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range docs {
		m.docs[d.ID]++
	}
	return nil
}

func TestWatchFeeds(t *testing.T) {
	srv := watchtest.NewFeedServer(3, 40, 10*time.Millisecond, 2)
	defer srv.Close()
	st := newMemStore()
	var logMu sync.Mutex
	var logs []string
	w := New(st, st.handle, Options{Feeds: srv.URLs(), Interval: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
		MinText: DefaultMinText, Log: func(f string, a ...any) { logMu.Lock(); logs = append(logs, fmt.Sprintf(f, a...)); logMu.Unlock() }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st.mu.Lock()
		n := len(st.docs)
		st.mu.Unlock()
		if n == 3*40 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // a few polls with nothing new
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for f := range 3 {
		for k := range 40 {
			if n := st.docs[watchtest.ID(f, k)]; n != 1 {
				t.Errorf("item %d of feed %d handled %d times", k, f, n)
			}
			if want := 0; k%4 == 0 {
				want = 1
				if srv.ArticleFetch[watchtest.ID(f, k)] != want {
					t.Errorf("article %d of feed %d fetched %d times", k, f, srv.ArticleFetch[watchtest.ID(f, k)])
				}
			} else if srv.ArticleFetch[watchtest.ID(f, k)] != want {
				t.Errorf("full item %d of feed %d fetched as an article", k, f)
			}
		}
	}
	if srv.NotModified == 0 {
		t.Error("no conditional request was answered 304")
	}
	failures := 0
	for _, l := range logs {
		if strings.Contains(l, "HTTP 500") && strings.Contains(l, "next try in") {
			failures++
		}
	}
	if failures != 6 {
		t.Errorf("%d failures reported, want 2 per feed:\n%s", failures, strings.Join(logs, "\n"))
	}
	for _, u := range srv.URLs() {
		if f := st.feeds[u]; f.ETag == "" || f.Failures != 0 {
			t.Errorf("feed state %+v", f)
		}
	}
}

func TestWatchFolder(t *testing.T) {
	dir := t.TempDir()
	st := newMemStore()
	w := New(st, st.handle, Options{Dirs: []string{dir}, Interval: 10 * time.Millisecond})
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-time.Minute) // settled
		os.Chtimes(p, old, old)
	}
	write("a.txt", watchtest.Text(0, 1))
	write("b.txt", watchtest.Text(0, 2))
	ctx := context.Background()
	if _, err := w.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	write("c.txt", watchtest.Text(0, 3))
	write("copy-of-a.txt", watchtest.Text(0, 1)) // the same article under another name
	time.Sleep(20 * time.Millisecond)
	if _, err := w.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if len(st.docs) != 3 {
		t.Errorf("%d documents: %v", len(st.docs), st.docs)
	}
	for id, n := range st.docs {
		if n != 1 {
			t.Errorf("%s handled %d times", id, n)
		}
	}
}

// A feeds file has one URL a line; blank lines and # comments are skipped.
func TestReadFeeds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(path, []byte("# news\nhttps://a.example/rss\n\n  https://b.example/atom  \n"), 0o644)
	got, err := ReadFeeds(path)
	if err != nil || !slices.Equal(got, []string{"https://a.example/rss", "https://b.example/atom"}) {
		t.Errorf("ReadFeeds: %q, %v", got, err)
	}
}
