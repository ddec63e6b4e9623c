// Package db stores Streetfix's data: reference data, reports and their
// history, photos and supports. SQLite is the embedded default; the SQL is
// kept portable and the dialect-specific parts are named functions.
package db

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"streetfix/gazetteer"

	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3" // the embedded SQLite driver
)

// ErrNotFound is what every lookup of a missing row wraps.
var ErrNotFound = errors.New("not found")

// Store is the database behind the service.
type Store struct {
	read     *sqlx.DB // many connections: readers never wait on the writer in WAL mode
	write    *sqlx.DB // one connection: SQLite has one writer, so queue in Go, not in busy loops
	dialect  *dialect
	batch    *batcher
	tokens   *tokens // the write rate limit's buckets
	pins     *pinIndex
	feed     *feed // keeps pins and catalog in step with the database
	cache    stmtCache
	sealer   atomic.Pointer[sealer]
	notify   atomic.Pointer[func()]
	onCommit atomic.Pointer[CommitFunc]
	// catalog is swapped whole when reference data changes.
	catalog atomic.Pointer[Catalog]
	now     func() time.Time
	streets *gazetteer.Gazetteer
}

// Options tune the store.
type Options struct {
	// BatchSize caps how many report creations share one transaction.
	BatchSize int
	// Now is the clock every stored time comes from; nil is the wall
	// clock. Tests inject a fixed start so that nothing depends on the day.
	Now func() time.Time
	// Streets is the city's street gazetteer, which gives new reports
	// their address; nil gives every report its municipality.
	Streets *gazetteer.Gazetteer
	// SyncNormal runs SQLite with synchronous=NORMAL instead of FULL:
	// faster commits, but in WAL mode a power loss (not a process crash)
	// can lose the last acknowledged transactions (--sqlite-sync normal).
	SyncNormal bool
}

// Open opens (creating if needed) the SQLite database at path, or the
// PostgreSQL database when path is a postgres:// URL. It does not migrate;
// call Migrate.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("db: empty database path")
	}
	if IsPostgres(path) {
		read, write, err := openPostgres(ctx, path)
		if err != nil {
			return nil, err
		}
		return newStore(read, write, postgresDialect, opt), nil
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	// FULL: a commit is on disk before it is acknowledged, so a report
	// the service answered 201 for survives a power loss; group commit
	// (batcher) shares one fsync among many reports.
	q.Set("_synchronous", "FULL")
	if opt.SyncNormal {
		q.Set("_synchronous", "NORMAL")
	}
	// Deleted and overwritten content is zeroed, not left in free space:
	// erased personal data must leave the file's bytes (db/erase.go).
	q.Set("_secure_delete", "on")
	// 16 MB of page cache per connection (5 of them): the hot data is in
	// the in-memory indexes, and at 48 MB each the caches alone grew the
	// server past 300 MB at a million reports; the OS keeps the file cached.
	q.Set("_cache_size", "-16000")
	dsn := "file:" + path + "?" + q.Encode()
	read, err := sqlx.Open("sqlite3", dsn+"&mode=rwc")
	if err != nil {
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	write, err := sqlx.Open("sqlite3", dsn+"&_txlock=immediate")
	if err != nil {
		read.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		read.Close()
		write.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	return newStore(read, write, sqliteDialect, opt), nil
}

func newStore(read, write *sqlx.DB, d *dialect, opt Options) *Store {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 128
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Store{read: read, write: write, dialect: d, pins: newPinIndex(), feed: newFeed(), now: opt.Now, streets: opt.Streets}
	s.batch = newBatcher(s, opt.BatchSize)
	s.tokens = newTokens(s)
	return s
}

// Close stops the writer and closes the database.
func (s *Store) Close() error {
	s.batch.stop()
	s.tokens.stop()
	s.cache.close()
	return errors.Join(s.write.Close(), s.read.Close())
}

// Now is the store's clock: the time written into new rows and events.
func (s *Store) Now() time.Time { return s.now() }

// OnWrite registers fn to be called once reports, their history or the
// reference data changed, in this process or any other, and the change is
// in memory (the live event stream and the notification worker listen);
// fn must not block.
func (s *Store) OnWrite(fn func()) { s.notify.Store(&fn) }

// CommitFunc learns of each group commit of new reports: how many reports
// it wrote and how long its transaction took, begin to commit.
type CommitFunc func(reports int, took time.Duration)

// OnCommit registers fn to be called after each group commit (for
// metrics); fn must not block.
func (s *Store) OnCommit(fn CommitFunc) { s.onCommit.Store(&fn) }

func (s *Store) notifyWrite() {
	if fn := s.notify.Load(); fn != nil {
		(*fn)()
	}
}

// beginWrite starts a transaction on the writer. Every transaction that
// writes goes through here: SQLite has one writer, so what a transaction
// read is still true when it writes and commits come in the order of the
// revisions and event ids they were given.
func (s *Store) beginWrite(ctx context.Context) (*sqlx.Tx, error) {
	return s.write.BeginTxx(ctx, nil)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.read.PingContext(ctx)
}

// Dialect names the SQL engine, for migrations and dialect-specific queries.
func (s *Store) Dialect() string { return s.dialect.name }

// inClause returns "?, ?, ?" for n placeholders.
func inClause(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// prefixed qualifies each column of a comma-separated list with p.
func prefixed(p, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}
