package db

import (
	"context"
	"fmt"
)

// SeedReport is a complete report with its history, as written by the demo
// generator: the Report's ID is ignored and assigned on insert.
type SeedReport struct {
	Report   Report
	Reporter Reporter // Name/Email/Phone may be empty
	Events   []Event  // oldest first; ReportID is filled in
	// Supporters is how many distinct anonymous supports to record; it must
	// equal Report.SupportCount.
	Supporters int
}

// Seed inserts reports in one transaction, much faster than one by one, and
// returns the ids given to them; the map index follows through the feed.
func (s *Store) Seed(ctx context.Context, reports []SeedReport) ([]int64, error) {
	if s.dialect == postgresDialect {
		return s.seedPostgres(ctx, reports)
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: seed: %w", err)
	}
	defer tx.Rollback()
	w, err := prepareReportWriter(ctx, tx, s.dialect)
	if err != nil {
		return nil, fmt.Errorf("db: seed: %w", err)
	}
	defer w.close()
	ids := make([]int64, 0, len(reports))
	for i := range reports {
		sr := &reports[i]
		s.fillAddress(&sr.Report)
		id, err := w.insert(ctx, &sr.Report, &sr.Reporter)
		if err != nil {
			return nil, fmt.Errorf("db: seed report %d: %w", i, err)
		}
		for j := range sr.Events {
			sr.Events[j].ReportID = id
			if err := w.event(ctx, &sr.Events[j]); err != nil {
				return nil, fmt.Errorf("db: seed report %d: %w", i, err)
			}
		}
		for k := 0; k < sr.Supporters; k++ {
			supporter := fmt.Sprintf("seed:%d:%d", id, k)
			if _, err := w.supportStmt.ExecContext(ctx, id, supporter, sr.Report.CreatedAt); err != nil {
				return nil, fmt.Errorf("db: seed report %d: %w", i, err)
			}
		}
		ids = append(ids, id)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("db: seed: %w", err)
	}
	s.afterWrite(ctx)
	return ids, nil
}

// CountReports returns how many reports are stored, hidden ones included.
func (s *Store) CountReports(ctx context.Context) (int, error) {
	var n int
	if err := s.read.GetContext(ctx, &n, `SELECT count(*) FROM reports`); err != nil {
		return 0, fmt.Errorf("db: count reports: %w", err)
	}
	return n, nil
}
