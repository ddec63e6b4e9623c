package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Backup writes a consistent copy of the SQLite database to out with
// VACUUM INTO: one read transaction, so the service goes on writing while
// it runs and the copy holds every transaction committed before it began.
// out must not exist. PostgreSQL databases are backed up with pg_dump.
func (s *Store) Backup(ctx context.Context, out string) error {
	if s.dialect == postgresDialect {
		return errors.New("db: backup: PostgreSQL is backed up with pg_dump (see docs/OPERATIONS.md)")
	}
	if _, err := s.read.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		return fmt.Errorf("db: backup to %s: %w", out, err)
	}
	return nil
}

// Verify checks a SQLite database file without changing it: SQLite's
// integrity and foreign-key checks, and that its migrations are exactly
// this version's. It returns the problems found, none when the file is
// sound; an error means it could not check at all.
func Verify(ctx context.Context, path string) ([]string, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("db: verify: %w", err)
	}
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_foreign_keys=on")
	if err != nil {
		return nil, fmt.Errorf("db: verify %s: %w", path, err)
	}
	defer conn.Close()
	var problems []string
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return []string{"not a readable SQLite database: " + err.Error()}, nil
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err == nil && line != "ok" {
			problems = append(problems, "integrity: "+line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return append(problems, "integrity check failed: "+err.Error()), nil
	}
	fk, err := conn.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err == nil {
		for fk.Next() {
			var table, parent string
			var rowid sql.NullInt64
			var idx int
			if err := fk.Scan(&table, &rowid, &parent, &idx); err == nil {
				problems = append(problems, fmt.Sprintf("foreign key: %s row %d points at a missing %s", table, rowid.Int64, parent))
			}
		}
		fk.Close()
	}
	all, err := migrations(sqliteDialect.name)
	if err != nil {
		return nil, err
	}
	applied := map[int]bool{}
	vr, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return append(problems, "no schema_migrations table: not a Streetfix database, or never migrated"), nil
	}
	for vr.Next() {
		var v int
		if vr.Scan(&v) == nil {
			applied[v] = true
		}
	}
	vr.Close()
	known := map[int]bool{}
	var missing []string
	for _, m := range all {
		known[m.version] = true
		if !applied[m.version] {
			missing = append(missing, m.name)
		}
	}
	if len(missing) > 0 {
		problems = append(problems, "migrations not applied (run streetfix migrate): "+strings.Join(missing, ", "))
	}
	for v := range applied {
		if !known[v] {
			problems = append(problems, fmt.Sprintf("migration %04d is unknown to this version (the file is from a newer one)", v))
		}
	}
	return problems, nil
}
