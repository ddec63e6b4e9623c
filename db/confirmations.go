package db

import (
	"context"
	"fmt"
	"time"
)

// ReportsByEmail counts the reports made before report before (by id)
// and since since whose reporter gave email (in any letter case): the
// confirmations that address was sent or refused in that time.
func (s *Store) ReportsByEmail(ctx context.Context, email string, before int64, since time.Time) (int, error) {
	const q = `SELECT count(*) FROM reporters rp JOIN reports r ON r.id = rp.report_id
		WHERE lower(rp.email) = lower(?) AND rp.email <> '' AND rp.report_id < ? AND r.created_at >= ?`
	var n int
	if err := s.read.GetContext(ctx, &n, q, email, before, At(since)); err != nil {
		return 0, fmt.Errorf("db: reports by email: %w", err)
	}
	return n, nil
}
