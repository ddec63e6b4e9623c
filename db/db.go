// Package db stores Streetfix's data: reference data, reports and their
// history, photos and supports. SQLite is the embedded default; the SQL is
// kept portable and the dialect-specific parts are named functions.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"streetfix/gazetteer"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3" // the embedded SQLite driver
)

// ErrNotFound is what every lookup of a missing row wraps.
var ErrNotFound = errors.New("not found")

// Store is the database behind the service.
type Store struct {
	read    *sqlx.DB // many connections: readers never wait on the writer in WAL mode
	write   *sqlx.DB // one connection: SQLite has one writer, so queue in Go, not in busy loops
	dialect *dialect
	batch   *batcher
	tokens  *tokens // the write rate limit's buckets
	pins    *pinIndex
	feed    *feed // keeps pins and catalog in step with the database
	cache   stmtCache
	// syncNormal: SQLite runs with synchronous=NORMAL (Options.SyncNormal).
	syncNormal bool
	sealer     atomic.Pointer[sealer]
	notify     atomic.Pointer[func()]
	onCommit   atomic.Pointer[CommitFunc]
	// catalog is swapped whole when reference data changes.
	catalog atomic.Pointer[Catalog]
	now     func() time.Time
	streets *gazetteer.Gazetteer
	// listenCfg is how to open PostgreSQL's LISTEN connection (listen.go);
	// nil on SQLite.
	listenCfg *pgx.ConnConfig
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
		read, write, cfg, err := openPostgres(ctx, path)
		if err != nil {
			return nil, err
		}
		s := newStore(read, write, postgresDialect, opt)
		s.listenCfg = cfg
		return s, nil
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", strconv.FormatInt(BusyTimeout.Milliseconds(), 10))
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
	// Each connection keeps its last 16 compiled statements: compiling
	// the same queries again for every call was 7 % of the server's CPU
	// during intake (docs/SCALING.md). The cache counts statements, not
	// bytes, and a query with a long IN list compiles big (147 KB for
	// 1,000 ids, which an Open311 request may name): 16 on each of the 5
	// connections bound it to about 12 MB, where 64 would allow 47 MB.
	q.Set("_stmt_cache_size", "16")
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
	s := &Store{read: read, write: write, dialect: d, pins: newPinIndex(), feed: newFeed(), now: opt.Now, streets: opt.Streets, syncNormal: opt.SyncNormal}
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
// writes goes through here, so that what a transaction read is still true
// when it writes (a status change, a merge, an idempotency key) and commits
// come in the order of the revisions and event ids they were given. SQLite
// has one writer, and its write connection begins IMMEDIATE; on PostgreSQL,
// where several instances write to one database, the transaction first
// takes the row lock of the feed's revision counter, which every report
// write and event takes anyway (migrations 0008 and 0135), and holds it
// until it ends.
//
// The wait for the writer connection is bounded too: while another
// process holds SQLite's lock, each transaction gives up after
// BusyTimeout, and writers queued behind it would otherwise wait one
// BusyTimeout each in turn (the sixth waited half a minute for its 503).
func (s *Store) beginWrite(ctx context.Context) (*sqlx.Tx, error) {
	conn, err := s.writer(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTxx(ctx, nil)
	// The connection goes back to the pool when the transaction ends:
	// Close waits for it (database/sql holds the Conn until then).
	go conn.Close()
	if err != nil || s.dialect.writeLock == "" {
		return tx, err
	}
	if _, err := tx.ExecContext(ctx, s.dialect.writeLock); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("db: write lock: %w", err)
	}
	return tx, nil
}

// writer takes a connection of the writer, waiting at most BusyTimeout.
func (s *Store) writer(ctx context.Context) (*sqlx.Conn, error) {
	wait, cancel := context.WithTimeout(ctx, BusyTimeout)
	defer cancel()
	conn, err := s.write.Connx(wait)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("db: the writer was busy for %s: %w", BusyTimeout, ErrBusy)
	}
	return conn, err
}

// writeExec runs one statement on the writer, outside beginWrite's
// transactions (sessions, login failures, message outcomes), with the
// same bounded wait for the connection.
func (s *Store) writeExec(ctx context.Context, q string, args ...any) (res sql.Result, err error) {
	err = s.onWriter(ctx, func(conn *sqlx.Conn) error {
		res, err = conn.ExecContext(ctx, q, args...)
		return err
	})
	return res, err
}

// lazyExec runs one statement on the writer whose commit need not wait
// for the disk: a process killed after it still has it (SQLite's WAL and
// PostgreSQL's server hold it), and a power loss can lose it only until
// the next durable commit, which writes it too. Only for what can be done
// again harmlessly: a message's outcome, whose loss means one message
// sent twice after a power loss, not a report lost. Each outcome was a
// commit of its own with an fsync, as many as the reports taken in.
func (s *Store) lazyExec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	conn, err := s.writer(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if s.dialect == postgresDialect {
		tx, err := conn.BeginTxx(ctx, nil)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		return res, tx.Commit()
	}
	if s.syncNormal {
		return conn.ExecContext(ctx, q, args...)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return nil, err
	}
	defer func() {
		// Never leave the writer without FULL: a connection that cannot
		// be set back is closed, and the next one opens with FULL.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = FULL`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return conn.ExecContext(ctx, q, args...)
}

// onWriter runs fn on the writer's connection, taken with writer's
// bounded wait and given back after.
func (s *Store) onWriter(ctx context.Context, fn func(*sqlx.Conn) error) error {
	conn, err := s.writer(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return fn(conn)
}

// writeGet reads one row through the writer (what it has just written,
// or a claim that must run there), with writeExec's bounded wait.
func (s *Store) writeGet(ctx context.Context, dest any, q string, args ...any) error {
	return s.onWriter(ctx, func(conn *sqlx.Conn) error { return conn.GetContext(ctx, dest, q, args...) })
}

// writeSelect is writeGet for many rows.
func (s *Store) writeSelect(ctx context.Context, dest any, q string, args ...any) error {
	return s.onWriter(ctx, func(conn *sqlx.Conn) error { return conn.SelectContext(ctx, dest, q, args...) })
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
