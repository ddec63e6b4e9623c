package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ServiceChangeset returns when the service definitions with this digest
// became the current ones, recording it the first time a new digest is
// seen: GeoReport v2 discovery's changeset, which must move (forward, since
// clients sort it) whenever the definitions change, also back to an
// earlier version. A new record is at least a second after the previous
// one, since the changeset is written in whole seconds.
func (s *Store) ServiceChangeset(ctx context.Context, digest string) (time.Time, error) {
	const latest = `SELECT digest, seen_at FROM service_changesets ORDER BY seen_at DESC LIMIT 1`
	var cur struct {
		Digest string `db:"digest"`
		SeenAt Time   `db:"seen_at"`
	}
	err := s.read.GetContext(ctx, &cur, latest)
	if err == nil && cur.Digest == digest {
		return cur.SeenAt.Time, nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("db: service changeset: %w", err)
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("db: service changeset: %w", err)
	}
	defer tx.Rollback()
	// Another instance may have recorded it meanwhile.
	err = tx.GetContext(ctx, &cur, latest)
	switch {
	case err == nil && cur.Digest == digest:
		return cur.SeenAt.Time, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return time.Time{}, fmt.Errorf("db: service changeset: %w", err)
	}
	at := At(s.Now())
	if !cur.SeenAt.IsZero() && at.Before(cur.SeenAt.Add(time.Second)) {
		at = At(cur.SeenAt.Add(time.Second))
	}
	const put = `INSERT INTO service_changesets (digest, seen_at) VALUES (?, ?)
		ON CONFLICT (digest) DO UPDATE SET seen_at = excluded.seen_at`
	if _, err := tx.ExecContext(ctx, put, digest, at); err != nil {
		return time.Time{}, fmt.Errorf("db: service changeset: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return time.Time{}, fmt.Errorf("db: service changeset: %w", err)
	}
	return at.Time, nil
}
