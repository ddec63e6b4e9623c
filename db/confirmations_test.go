package db_test

import (
	"context"
	"testing"
	"time"

	"streetfix/db"
)

// The confirmation quota counts an address's reports of the last day in
// any letter case, only those made before the one asked about, and stops
// at the quota asked.
func TestReportsByEmail(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	now := s.Now()
	add := func(email string, at time.Time) int64 {
		t.Helper()
		nr := newReport(t, s, 4.3525, 50.8467, "graffiti")
		nr.Reporter.Email = email
		nr.Report.CreatedAt = db.At(at)
		c, err := s.CreateReport(ctx, nr)
		if err != nil {
			t.Fatal(err)
		}
		return c.Report.ID
	}
	add("Quota@Example.org", now.Add(-48*time.Hour)) // two days ago: not counted
	for range 4 {
		add("quota@example.org", now.Add(-time.Hour))
	}
	add("other@example.org", now.Add(-time.Hour))
	add("", now.Add(-time.Hour))
	last := add("QUOTA@example.org", now)
	since := now.Add(-24 * time.Hour)
	for _, tc := range []struct {
		email  string
		before int64
		atMost int
		want   int
	}{
		{"quota@EXAMPLE.org", last, 10, 4},
		{"quota@example.org", last + 1, 10, 5},
		{"quota@example.org", last, 2, 2},
		{"other@example.org", last, 10, 1},
		{"nobody@example.org", last, 10, 0},
		{"", last, 10, 0},
	} {
		n, err := s.ReportsByEmail(ctx, tc.email, tc.before, since, tc.atMost)
		if err != nil || n != tc.want {
			t.Errorf("ReportsByEmail(%q, before %d, at most %d) = %d, %v; want %d", tc.email, tc.before, tc.atMost, n, err, tc.want)
		}
	}
}
