package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the numbered migrations for a dialect, in order. A file
// named NNNN_name.sql applies everywhere; NNNN_name.DIALECT.sql only there.
func migrations(dialect string) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sql")
		if i := strings.IndexByte(name, '.'); i >= 0 {
			if name[i+1:] != dialect {
				continue
			}
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
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
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
// transaction, and returns how many it applied.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`
	if _, err := s.write.ExecContext(ctx, create); err != nil {
		return 0, fmt.Errorf("db: migrate: %w", err)
	}
	all, err := migrations(s.Dialect())
	if err != nil {
		return 0, err
	}
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range all {
		if applied[m.version] {
			continue
		}
		tx, err := s.write.BeginTxx(ctx, nil)
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
	return n, s.loadSealer(ctx)
}

// Pending returns how many migrations are not applied yet; /readyz wants 0.
func (s *Store) Pending(ctx context.Context) (int, error) {
	all, err := migrations(s.Dialect())
	if err != nil {
		return 0, err
	}
	applied, err := s.appliedVersions(ctx)
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

func (s *Store) appliedVersions(ctx context.Context) (map[int]bool, error) {
	var versions []int
	const q = `SELECT version FROM schema_migrations`
	if err := s.read.SelectContext(ctx, &versions, q); err != nil {
		return nil, fmt.Errorf("db: read schema_migrations: %w", err)
	}
	m := make(map[int]bool, len(versions))
	for _, v := range versions {
		m[v] = true
	}
	return m, nil
}
