package db

import (
	"context"
	"fmt"
)

// ReporterTokenHash returns the stored hash of a report's secret token, for
// the manage link to be checked against. Hidden reports are not found.
func (s *Store) ReporterTokenHash(ctx context.Context, reportID int64) (string, error) {
	const q = `SELECT p.token_hash FROM reporters p JOIN reports r ON r.id = p.report_id
		WHERE p.report_id = ? AND r.status <> 'hidden'`
	var h string
	if err := s.read.GetContext(ctx, &h, q, reportID); err != nil {
		return "", fmt.Errorf("db: reporter of report %d: %w", reportID, notFound(err))
	}
	return h, nil
}

// Reporter returns the private side of a report, for the reporter's own
// export and for staff; never for a public serializer.
func (s *Store) Reporter(ctx context.Context, reportID int64) (Reporter, error) {
	var r Reporter
	const q = `SELECT report_id, token_hash, name, email, phone, erased_at FROM reporters WHERE report_id = ?`
	if err := s.read.GetContext(ctx, &r, q, reportID); err != nil {
		return r, fmt.Errorf("db: reporter of report %d: %w", reportID, notFound(err))
	}
	return r, nil
}
