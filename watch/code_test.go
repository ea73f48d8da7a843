package watch

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/watch/watchtest"
)

// countingCoder stands in for the event coder in the watch test: it writes
// each document it codes to a log, one id a line, slowly enough that a kill
// lands mid-run.
type countingCoder struct {
	mu  sync.Mutex
	out *os.File
}

func (c *countingCoder) Name() string { return "counting-coder" }

func (c *countingCoder) Annotate(doc *sitrep.Document) error {
	time.Sleep(3 * time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.out.WriteString(doc.ID + "\n")
	return err
}

// TestWatchHelperProcess is the watch that TestWatchSurvivesKill runs in a
// child process, kills and starts again.
func TestWatchHelperProcess(t *testing.T) {
	db := os.Getenv("SITREP_WATCH_HELPER_DB")
	if db == "" {
		t.Skip("helper process only")
	}
	log, err := os.OpenFile(db+".coded", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	opt := Options{Feeds: strings.Fields(os.Getenv("SITREP_WATCH_HELPER_FEEDS")), Interval: 30 * time.Millisecond, MinText: DefaultMinText}
	if err := Code(ctx, st, db, pipeline.Pipeline{&countingCoder{out: log}}, 2, opt); err != nil {
		t.Fatal(err)
	}
}

// TestWatchSurvivesKill serves articles that appear over time (1,000 with
// SITREP_WATCH_ARTICLES=1000; 200 by default), SIGKILLs the watch mid-run,
// starts it again and stops it with SIGTERM once everything is stored: every
// article is stored once, none is lost, and only the articles in flight at
// the kill are coded or fetched a second time.
func TestWatchSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	articles := 200
	if n, err := strconv.Atoi(os.Getenv("SITREP_WATCH_ARTICLES")); err == nil {
		articles = n
	}
	const feeds = 4
	per := articles / feeds
	// The articles appear over three seconds.
	srv := watchtest.NewFeedServer(feeds, per, 3*time.Second/time.Duration(per), 1)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "watch.db")
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWatchHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SITREP_WATCH_HELPER_DB="+db, "SITREP_WATCH_HELPER_FEEDS="+strings.Join(srv.URLs(), " "))
		return cmd
	}
	var out strings.Builder
	cmd := child()
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var before int
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if before = sqlitetest.CountDocuments(db); before >= per {
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if before == 0 || before >= articles {
		t.Fatalf("kill landed with %d of %d articles stored; want mid-run\n%s", before, articles, out.String())
	}
	t.Logf("killed with %d of %d articles stored", before, articles)

	out.Reset()
	cmd = child()
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(120 * time.Second)
	for sqlitetest.CountDocuments(db) < articles && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("watch stopped by SIGTERM: %v\n%s", err, out.String())
	}

	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for f := range feeds {
		for k := range per {
			if ok, _ := st.HasDocument(context.Background(), watchtest.ID(f, k)); !ok {
				lost++
			}
		}
	}
	coded := map[string]int{}
	lf, err := os.Open(db + ".coded")
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	sc := bufio.NewScanner(lf)
	for sc.Scan() {
		coded[sc.Text()]++
	}
	again, fetchedAgain := 0, 0
	for _, n := range coded {
		if n > 1 {
			again++
		}
	}
	for _, n := range srv.ArticleFetch {
		if n > 1 {
			fetchedAgain++
		}
	}
	stats, _ := st.Stats(context.Background())
	t.Logf("%d articles stored (%d documents), %d lost, %d coded twice (in flight at the kill), %d article pages fetched twice, %d answers 304",
		articles-lost, stats.Documents, lost, again, fetchedAgain, srv.NotModified)
	if lost > 0 || stats.Documents != articles || len(coded) != articles {
		t.Errorf("%d lost, %d documents, %d coded; want 0, %d, %d", lost, stats.Documents, len(coded), articles, articles)
	}
	// Only one batch (a feed's new items of one poll) can be in flight.
	if again > per || fetchedAgain > per {
		t.Errorf("%d articles coded and %d fetched again after the kill", again, fetchedAgain)
	}
	if srv.NotModified == 0 {
		t.Error("no conditional request was answered 304")
	}
}
