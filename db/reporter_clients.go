package db

import (
	"context"
	"fmt"
)

// RememberReporterClient records client (a keyed hash of the browser's
// client id) as the sender of a report; a replayed creation keeps the first.
func (s *Store) RememberReporterClient(ctx context.Context, reportID int64, client string) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: reporter client of %d: %w", reportID, err)
	}
	defer tx.Rollback()
	const q = `INSERT INTO reporter_clients (report_id, client) VALUES (?, ?) ON CONFLICT DO NOTHING`
	if _, err := tx.ExecContext(ctx, q, reportID, client); err != nil {
		return fmt.Errorf("db: reporter client of %d: %w", reportID, err)
	}
	return tx.Commit()
}

// IsReporterClient says whether client sent the report.
func (s *Store) IsReporterClient(ctx context.Context, reportID int64, client string) (bool, error) {
	var n int
	const q = `SELECT COUNT(*) FROM reporter_clients WHERE report_id = ? AND client = ?`
	if err := s.read.GetContext(ctx, &n, q, reportID, client); err != nil {
		return false, fmt.Errorf("db: reporter client of %d: %w", reportID, err)
	}
	return n > 0, nil
}

// ForgetReporterClient removes what links a report to the browser that
// sent it, when the reporter erases their personal data.
func (s *Store) ForgetReporterClient(ctx context.Context, reportID int64) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: forget reporter client of %d: %w", reportID, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM reporter_clients WHERE report_id = ?`, reportID); err != nil {
		return fmt.Errorf("db: forget reporter client of %d: %w", reportID, err)
	}
	return tx.Commit()
}
