// Package sqlite stores documents and events in one SQLite file (through the
// pure-Go modernc.org/sqlite, so the binary needs no C toolchain) and answers
// the queries of the HTTP API. It implements sitrep.DocumentStore and
// sitrep.EventStore.
//
// The file is in WAL mode: readers never block the writer, and a process
// killed mid-ingest leaves the last committed batch intact.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep"
	msqlite "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a SQLite event store. It is safe for concurrent use; writes are
// serialised on one connection.
type Store struct {
	path string
	db   *sql.DB // readers
	wdb  *sql.DB // the one writer
	idx  index   // what filters and aggregates scan

	cacheMu sync.Mutex
	cache   map[string][]int64 // rowids of recent searches, see cachedRowids
}

var (
	_ sitrep.DocumentStore = (*Store)(nil)
	_ sitrep.EventStore    = (*Store)(nil)
)

// Open opens the database at path, creating it and its directory when
// missing, and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, sitrep.Errorf(sitrep.EINVALID, "no database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	dsn := func(extra string) string {
		q := url.Values{}
		for _, p := range []string{
			// First: switching a new file to WAL needs a lock that another
			// process opening it may hold.
			"busy_timeout(10000)",
			"journal_mode(WAL)",
			"synchronous(NORMAL)", // WAL: no fsync per commit, never a corrupt file
			"foreign_keys(1)",
			"cache_size(-65536)",
			"temp_store(MEMORY)",
			"mmap_size(1073741824)",
			// Checkpoint every 40 MB of WAL rather than 4: the index and FTS
			// pages that many batches touch are copied back once (+13 % ingest).
			"wal_autocheckpoint(10000)",
		} {
			q.Add("_pragma", p)
		}
		return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode() + extra
	}
	s := &Store{path: path}
	var err error
	if s.wdb, err = sql.Open("sqlite", dsn("&_txlock=immediate")); err != nil {
		return nil, err
	}
	s.wdb.SetMaxOpenConns(1)
	if err := s.migrateRetrying(ctx); err != nil {
		s.wdb.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if s.db, err = sql.Open("sqlite", dsn("")); err != nil {
		s.wdb.Close()
		return nil, err
	}
	n := 2 * runtime.GOMAXPROCS(0)
	s.db.SetMaxOpenConns(n)
	s.db.SetMaxIdleConns(n)
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if werr := s.wdb.Close(); err == nil {
		err = werr
	}
	return err
}

// migrateRetrying runs migrate again while the file is busy, for up to the
// busy timeout: SQLite returns SQLITE_BUSY at once, without waiting, where
// waiting could deadlock (switching a new file to WAL, or upgrading a read
// lock, while another process creates the schema), so the busy timeout alone
// does not cover processes opening a new file together.
func (s *Store) migrateRetrying(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := s.migrate(ctx)
		var se *msqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// migrate applies, in one transaction each, the embedded migrations newer
// than the database's user_version. The version is read inside the write
// transaction, so processes opening a new file at once do not race.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var have int
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	latest := 0
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: no version number", name)
		}
		latest = v
		if v <= have {
			continue // no write lock for a file that is up to date
		}
		if err := s.apply(ctx, name, v); err != nil {
			return err
		}
	}
	if have > latest {
		return fmt.Errorf("database schema version %d is newer than this sitrep (%d)", have, latest)
	}
	return nil
}

func (s *Store) apply(ctx context.Context, name string, v int) error {
	tx, err := s.wdb.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var have int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	if v <= have {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", name, err)
	}
	// PRAGMA takes no parameters; v is an integer we parsed.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		return err
	}
	return tx.Commit()
}

// Check verifies the file and its full-text index: PRAGMA integrity_check
// and FTS5's integrity-check.
func (s *Store) Check(ctx context.Context) error {
	var res string
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("%s: integrity check: %s", s.path, res)
	}
	if _, err := s.wdb.ExecContext(ctx, "INSERT INTO evidence(evidence) VALUES('integrity-check')"); err != nil {
		return fmt.Errorf("%s: full-text index: %w", s.path, err)
	}
	return nil
}

// Warm builds the in-memory index of filter columns that queries scan, so
// that the first query need not wait for it; servers call it at start.
func (s *Store) Warm(ctx context.Context) error { return s.idx.load(ctx, s.db) }
