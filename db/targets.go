package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Admins set a category's or a theme's time to fix on the admin page; what
// they set overrides the city's targets.csv until they reset it. The
// catalog carries the admins' targets, so every page reads them from the
// next request on, without a restart.

// MaxTarget is the longest time to fix that can be set.
const MaxTarget = 3650 * 24 * time.Hour

// loadTargets reads the admins' targets into c.
func (s *Store) loadTargets(ctx context.Context, c *Catalog) error {
	var rows []struct {
		Code    string `db:"code"`
		Seconds int64  `db:"seconds"`
	}
	if err := s.read.SelectContext(ctx, &rows, `SELECT code, seconds FROM targets`); err != nil {
		return fmt.Errorf("db: load targets: %w", err)
	}
	c.Targets = make(map[string]time.Duration, len(rows))
	for _, r := range rows {
		c.Targets[r.Code] = time.Duration(r.Seconds) * time.Second
	}
	return nil
}

// SetTarget sets the time to fix of a category or theme (code), or with
// d = 0 removes it, back to the city's default; audited in the same
// transaction, then the catalog is reloaded.
func (s *Store) SetTarget(ctx context.Context, code string, d time.Duration, audit AuditEntry) error {
	cat := s.Catalog()
	_, isCat := cat.Category(code)
	_, isTheme := cat.Theme(code)
	switch {
	case !isCat && !isTheme:
		return invalid("%q is neither a category nor a theme", code)
	case d < 0 || d > MaxTarget || d > 0 && d < time.Hour:
		return invalid("a time to fix is from one hour to 3650 days")
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: target %s: %w", code, err)
	}
	defer tx.Rollback()
	var before sql.NullInt64
	if err := tx.GetContext(ctx, &before, `SELECT seconds FROM targets WHERE code = ?`, code); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("db: target %s: %w", code, err)
	}
	if d == 0 {
		if !before.Valid {
			return invalid("%s already has the city's default", code)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM targets WHERE code = ?`, code); err != nil {
			return fmt.Errorf("db: target %s: %w", code, err)
		}
	} else {
		const q = `INSERT INTO targets (code, seconds, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET seconds = excluded.seconds, updated_at = excluded.updated_at`
		if _, err := tx.ExecContext(ctx, q, code, int64(d/time.Second), At(s.now())); err != nil {
			return fmt.Errorf("db: target %s: %w", code, err)
		}
	}
	days := func(v sql.NullInt64) any {
		if !v.Valid {
			return "default"
		}
		return float64(v.Int64) / 86400
	}
	audit.Action, audit.Target = "set_target", "target:"+code
	audit.Before = map[string]any{"days": days(before)}
	audit.After = map[string]any{"days": days(sql.NullInt64{Int64: int64(d / time.Second), Valid: d > 0})}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: target %s: %w", code, err)
	}
	_, err = s.LoadCatalog(ctx)
	return err
}
