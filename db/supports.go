package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"streetfix/report"
)

// ErrNotOpen means the report is not in an open status.
var ErrNotOpen = errors.New("report is not open")

// ErrSupportQuota means the client's network added its supports for the day.
var ErrSupportQuota = errors.New("the supports of this network for today are used up")

// SupportQuota caps the new supports one network (a keyed hash of the
// client's address or IPv6 prefix) adds per UTC day, whatever the client
// says it is: people behind one address still count once each, up to
// PerDay. PerDay 0 is no cap.
type SupportQuota struct {
	Network string
	PerDay  int
}

// Support records a "me too" from supporter (a keyed hash that identifies a
// person without storing who they are). It returns the report's support
// count and whether this supporter was new. A new supporter spends one of
// quota's supports for the day (ErrSupportQuota when none is left); the
// same supporter again spends nothing.
func (s *Store) Support(ctx context.Context, reportID int64, supporter string, quota ...SupportQuota) (count int, added bool, err error) {
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
	if added && len(quota) > 0 && quota[0].PerDay > 0 {
		if err := spendSupport(ctx, tx, quota[0], now); err != nil {
			return 0, false, fmt.Errorf("db: support %d: %w", reportID, err)
		}
	}
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

// spendSupport takes one of the network's supports of the day, in the
// support's transaction, and sweeps the days before yesterday when it
// starts a new day's count.
func spendSupport(ctx context.Context, tx *sqlx.Tx, q SupportQuota, now Time) error {
	day := now.Unix() / 86400
	const take = `INSERT INTO support_quota (network, day, added) VALUES (?, ?, 1)
		ON CONFLICT (network, day) DO UPDATE SET added = support_quota.added + 1 WHERE support_quota.added < ?
		RETURNING added`
	var added int
	err := tx.GetContext(ctx, &added, take, q.Network, day, q.PerDay)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrSupportQuota
	}
	if err != nil {
		return err
	}
	if added == 1 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM support_quota WHERE day < ?`, day-1); err != nil {
			return err
		}
	}
	return nil
}
