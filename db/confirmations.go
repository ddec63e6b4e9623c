package db

import (
	"context"
	"fmt"
	"time"
)

// ReportsByEmail counts the reports made before report before (by id)
// and since since whose reporter gave email (in any letter case): the
// confirmations that address was sent or refused in that time. It counts
// newest first and stops at atMost, the quota a caller asks about: a
// benchmark posting 10,000 reports from one address had spent half the
// server's CPU counting them all for each new one.
func (s *Store) ReportsByEmail(ctx context.Context, email string, before int64, since time.Time, atMost int) (int, error) {
	const q = `SELECT count(*) FROM (SELECT 1 FROM reporters rp JOIN reports r ON r.id = rp.report_id
		WHERE lower(rp.email) = lower(?) AND rp.email <> '' AND rp.report_id < ? AND r.created_at >= ?
		ORDER BY rp.report_id DESC LIMIT ?) AS recent`
	var n int
	if err := s.read.GetContext(ctx, &n, q, email, before, At(since), atMost); err != nil {
		return 0, fmt.Errorf("db: reports by email: %w", err)
	}
	return n, nil
}
