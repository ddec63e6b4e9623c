// Package testpg lets the store's tests run on PostgreSQL: with
// STREETFIX_TEST_POSTGRES set to a server's URL (postgres://…), each test
// gets a fresh database there instead of a SQLite file. Without the
// variable nothing changes. When it is set, a server that does not answer
// fails the test rather than skipping it.
package testpg

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3" // database/sql driver "sqlite3"
)

// Env names the variable holding the server's URL.
const Env = "STREETFIX_TEST_POSTGRES"

// template is the database each test's is copied from: the extensions are
// made in it once, since CREATE EXTENSION postgis takes a second or more.
const template = "streetfix_test_template"

// lockKey serialises the creation of the template and of test databases
// across test processes (go test runs packages in parallel).
const lockKey = 0x5f57_5447

var (
	once    sync.Once
	onceErr error
	counter atomic.Int64
)

// On reports whether tests run on PostgreSQL.
func On() bool { return os.Getenv(Env) != "" }

// DB returns what a test passes to --db / db.Open: sqlitePath without the
// variable, otherwise the URL of a new, empty database that is dropped when
// the test ends.
func DB(t testing.TB, sqlitePath string) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		return sqlitePath
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	once.Do(func() { onceErr = makeTemplate(base) })
	if onceErr != nil {
		t.Fatalf("%s: %v", Env, onceErr)
	}
	name := fmt.Sprintf("streetfix_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, counter.Add(1))
	err = withAdmin(base, func(ctx context.Context, admin *sql.Conn) error {
		_, err := admin.ExecContext(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()+` TEMPLATE `+template)
		return err
	})
	if err != nil {
		t.Fatalf("%s: create database: %v", Env, err)
	}
	t.Cleanup(func() {
		err := withAdmin(base, func(ctx context.Context, admin *sql.Conn) error {
			_, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
			return err
		})
		if err != nil {
			t.Errorf("%s: drop database %s: %v", Env, name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// withAdmin runs fn on a connection to the variable's database, holding
// the advisory lock.
func withAdmin(base string, fn func(context.Context, *sql.Conn) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
		return fmt.Errorf("is PostgreSQL running? %w", err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, lockKey)
	return fn(ctx, conn)
}

// makeTemplate creates the template database with the extensions, once
// per server.
func makeTemplate(base string) error {
	return withAdmin(base, func(ctx context.Context, admin *sql.Conn) error {
		var n int
		if err := admin.QueryRowContext(ctx, `SELECT count(*) FROM pg_database WHERE datname = $1`, template).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+template); err != nil {
			return err
		}
		u, err := url.Parse(base)
		if err != nil {
			return err
		}
		u.Path = "/" + template
		tdb, err := sql.Open("pgx", u.String())
		if err != nil {
			return err
		}
		for _, ext := range []string{"postgis", "unaccent"} {
			if _, err = tdb.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS `+ext); err != nil {
				break
			}
		}
		tdb.Close()
		if err != nil {
			admin.ExecContext(ctx, `DROP DATABASE `+template)
			return fmt.Errorf("template: %w", err)
		}
		return nil
	})
}

// Open connects to what DB returned, as a second client would (an
// operator's psql, another process); queries written with ? go through
// Rebind.
func Open(t testing.TB, dbPath string) *sqlx.DB {
	t.Helper()
	var (
		raw *sqlx.DB
		err error
	)
	if On() {
		raw, err = sqlx.Open("pgx", dbPath)
	} else {
		raw, err = sqlx.Open("sqlite3", "file:"+dbPath+"?_foreign_keys=on&_busy_timeout=10000")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// Column is a column of a PostgreSQL table that can hold text, with Query
// reading each of its values whole, as bytes.
type Column struct{ Table, Column, Query string }

// TextColumns lists every text, JSON, bytea and tsvector column of every
// table of the database db is connected to: what an erasure test searches
// for personal data left behind. Fewer than 40 fails the test (the schema
// was not read).
func TextColumns(t testing.TB, db *sql.DB) []Column {
	t.Helper()
	rows, err := db.Query(`SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'tsvector')
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []Column
	for rows.Next() {
		var table, col, typ string
		if err := rows.Scan(&table, &col, &typ); err != nil {
			t.Fatal(err)
		}
		read := `"` + col + `"::text`
		if typ == "bytea" {
			read = `"` + col + `"`
		}
		out = append(out, Column{table, col, `SELECT ` + read + ` FROM "` + table + `" WHERE "` + col + `" IS NOT NULL`})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 40 {
		t.Fatalf("only %d text columns found: %v", len(out), out)
	}
	return out
}
