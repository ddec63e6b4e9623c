package db

import (
	"context"
	"errors"
	"fmt"

	"streetfix/report"
)

// ErrNotOpen means the report is not in an open status.
var ErrNotOpen = errors.New("report is not open")

// Support records a "me too" from supporter (a keyed hash that identifies a
// person without storing who they are). It returns the report's support
// count and whether this supporter was new.
func (s *Store) Support(ctx context.Context, reportID int64, supporter string) (count int, added bool, err error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("db: support %d: %w", reportID, err)
	}
	defer tx.Rollback()
	var status string
	if err := tx.GetContext(ctx, &status, `SELECT status FROM reports WHERE id = ?`, reportID); err != nil {
		return 0, false, fmt.Errorf("db: support %d: %w", reportID, notFound(err))
	}
	switch report.Group(status) {
	case report.GroupHidden:
		return 0, false, fmt.Errorf("db: support %d: %w", reportID, ErrNotFound)
	case report.GroupOpen:
	default:
		return 0, false, fmt.Errorf("db: support %d: %w", reportID, ErrNotOpen)
	}
	now := At(s.now())
	const ins = `INSERT INTO supports (report_id, supporter, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
	res, err := tx.ExecContext(ctx, ins, reportID, supporter, now)
	if err != nil {
		return 0, false, fmt.Errorf("db: support %d: %w", reportID, err)
	}
	n, _ := res.RowsAffected()
	added = n == 1
	if added {
		const upd = `UPDATE reports SET support_count = support_count + 1, updated_at = ? WHERE id = ?`
		if _, err := tx.ExecContext(ctx, upd, now, reportID); err != nil {
			return 0, false, fmt.Errorf("db: support %d: %w", reportID, err)
		}
	}
	if err := tx.GetContext(ctx, &count, `SELECT support_count FROM reports WHERE id = ?`, reportID); err != nil {
		return 0, false, fmt.Errorf("db: support %d: %w", reportID, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, false, fmt.Errorf("db: support %d: %w", reportID, err)
	}
	if added {
		s.afterWrite(ctx)
	}
	return count, added, nil
}
