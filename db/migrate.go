package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the numbered migrations for a dialect, in order. A file
// named NNNN_name.sql applies everywhere; NNNN_name.DIALECT.sql only there,
// and in its place when both share a number: a PostgreSQL twin of a shared
// file written with SQLite's types keeps the number sequence one.
func migrations(dialect string) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	twins := map[string]bool{} // numbers with a file for this dialect
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sql")
		if i := strings.IndexByte(name, '.'); i >= 0 && name[i+1:] == dialect {
			num, _, _ := strings.Cut(name, "_")
			twins[num] = true
		}
	}
	var out []migration
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sql")
		if i := strings.IndexByte(name, '.'); i >= 0 {
			if name[i+1:] != dialect {
				continue
			}
		} else if num, _, _ := strings.Cut(name, "_"); twins[num] {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("db: migration %q is not named NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		m := migration{version: v, name: e.Name(), sql: string(b)}
		if dialect == postgresDialect.name && !strings.Contains(name, ".") {
			m.sql = pgTypes(m.sql)
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("db: migrations %s and %s share a number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// Migrate applies the migrations not yet applied, each in its own
// transaction, and returns how many it applied. On PostgreSQL it first
// creates the extensions the schema needs, and runs under an advisory lock
// so that instances starting together apply each migration once.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	n, err := s.migrate(ctx)
	if err != nil {
		return n, err
	}
	return n, s.loadSealer(ctx)
}

func (s *Store) migrate(ctx context.Context) (int, error) {
	conn, err := s.write.Connx(ctx)
	if err != nil {
		return 0, fmt.Errorf("db: migrate: %w", err)
	}
	defer conn.Close()
	if s.dialect == postgresDialect {
		if err := s.ensureExtensions(ctx, conn); err != nil {
			return 0, err
		}
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, migrationLock); err != nil {
			return 0, fmt.Errorf("db: migrate: lock: %w", err)
		}
		// Unlocked on a fresh context: a cancelled ctx must not leave the
		// lock held by a pooled connection.
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(?)`, migrationLock)
	}
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return 0, fmt.Errorf("db: migrate: %w", err)
	}
	all, err := migrations(s.Dialect())
	if err != nil {
		return 0, err
	}
	applied, err := appliedVersions(ctx, conn)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range all {
		if applied[m.version] {
			continue
		}
		tx, err := conn.BeginTxx(ctx, nil)
		if err != nil {
			return n, fmt.Errorf("db: migrate %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return n, fmt.Errorf("db: migrate %s: %w", m.name, err)
		}
		const record = `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`
		if _, err := tx.ExecContext(ctx, record, m.version, m.name, s.now().UnixMilli()); err != nil {
			tx.Rollback()
			return n, fmt.Errorf("db: migrate %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return n, fmt.Errorf("db: migrate %s: %w", m.name, err)
		}
		n++
	}
	if s.dialect == postgresDialect {
		if err := analyzeIfUnplanned(ctx, conn); err != nil {
			return n, err
		}
	}
	return n, nil
}

// Pending returns how many migrations are not applied yet; /readyz wants 0.
func (s *Store) Pending(ctx context.Context) (int, error) {
	all, err := migrations(s.Dialect())
	if err != nil {
		return 0, err
	}
	applied, err := appliedVersions(ctx, s.read)
	if err != nil {
		return len(all), err
	}
	n := 0
	for _, m := range all {
		if !applied[m.version] {
			n++
		}
	}
	return n, nil
}

func appliedVersions(ctx context.Context, q sqlx.QueryerContext) (map[int]bool, error) {
	var versions []int
	if err := sqlx.SelectContext(ctx, q, &versions, `SELECT version FROM schema_migrations`); err != nil {
		return nil, fmt.Errorf("db: read schema_migrations: %w", err)
	}
	m := make(map[int]bool, len(versions))
	for _, v := range versions {
		m[v] = true
	}
	return m, nil
}
