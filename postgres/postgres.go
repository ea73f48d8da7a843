// Package postgres stores documents and events in PostgreSQL (through
// github.com/jackc/pgx/v5) and answers the queries of the HTTP API, so that
// any number of workers on any machines can write to one store that any
// number of servers read. It implements sitrep.DocumentStore and
// sitrep.EventStore with the schema and behaviour of the sqlite package:
// the two pass the same test suite (storetest).
//
// Filters and aggregates scan the in-memory index of eventindex, as the
// SQLite store does; PostgreSQL answers full-text search (a tsvector with a
// GIN index), the document filter and the rows of a page.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eventindex"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Advisory lock keys. Both are taken with pg_advisory_xact_lock, so they are
// released when the transaction ends, a killed client's included.
const (
	migrateLock = 0x5e7e_0001
	// eventsLock serialises the part of a write that assigns event ids and
	// commits, so that ids become visible in increasing order: the index
	// loads only the ids past the last one it has.
	eventsLock = 0x5e7e_0002
	// groupsLock serialises the writes of stories and incidents, with the
	// assignment of the documents they are written with when a grouper
	// shares the store (PutAssigned): one grouper at a time, each seeing
	// every group written before.
	groupsLock = 0x5e7e_0003
)

// maxAge is how long a server answers from its index before it asks
// PostgreSQL for newer events: the round trip costs as much as a filtered
// aggregate over a million events, and events that other processes stored
// show a fraction of a second later.
const maxAge = 250 * time.Millisecond

// Store is a PostgreSQL event store, safe for concurrent use by any number
// of processes.
type Store struct {
	eventindex.Reader
	pool *pgxpool.Pool
}

var (
	_ sitrep.DocumentStore = (*Store)(nil)
	_ sitrep.EventStore    = (*Store)(nil)
)

// Open connects to the database dsn names (a postgres:// URL or key=value
// pairs, as libpq takes them) and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		return nil, sitrep.Errorf(sitrep.EINVALID, "no PostgreSQL connection string")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, sitrep.Errorf(sitrep.EINVALID, "PostgreSQL connection string: %v", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{pool: pool}
	s.Engine, s.MaxAge = (*engine)(s), maxAge
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("%s: %w", redact(cfg), err)
	}
	return s, nil
}

// redact names the database without its password, for messages.
func redact(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("postgres %s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// Close closes the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// migrate applies the embedded migrations newer than the database's
// version, all in one transaction under an advisory lock, so that workers
// starting together do not race.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS sitrep_schema (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
			return err
		}
		var have int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM sitrep_schema`).Scan(&have); err != nil {
			return err
		}
		latest := 0
		for _, name := range names {
			v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
			if err != nil {
				return fmt.Errorf("migration %s: no version number", name)
			}
			latest = v
			if v <= have {
				continue
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO sitrep_schema(version) VALUES($1)`, v); err != nil {
				return err
			}
		}
		if have > latest {
			return fmt.Errorf("database schema version %d is newer than this sitrep (%d)", have, latest)
		}
		return nil
	})
}
