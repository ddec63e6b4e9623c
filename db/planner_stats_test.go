package db_test

import (
	"context"
	"testing"

	"streetfix/internal/testpg"
)

// A PostgreSQL database filled without its planner statistics (a bulk load
// with autovacuum off, a restored dump) gets them at the next start-up:
// without them the queue's "nobody assigned" view read the whole table.
func TestMigrateGathersMissingStatistics(t *testing.T) {
	if !testpg.On() {
		t.Skip("PostgreSQL only: SQLite plans without statistics of its own")
	}
	s, path := openStore(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := s.CreateReport(ctx, newReport(t, s, 4.3525, 50.8467, "graffiti")); err != nil {
			t.Fatal(err)
		}
	}
	raw := testpg.Open(t, path)
	stats := func() int {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'reports'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if stats() > 0 { // autovacuum came first
		if _, err := raw.Exec(`DELETE FROM pg_statistic WHERE starelid = 'reports'::regclass`); err != nil || stats() > 0 {
			t.Skipf("the statistics are there already and may not be removed: %v", err)
		}
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if stats() == 0 {
		t.Error("Migrate left the reports table without planner statistics")
	}
}
