package db_test

import (
	"context"
	"testing"
	"time"

	"streetfix/db"
)

// The dashboard's index follows the writes of this process: a new report,
// its acknowledgement and fix, its supports, and hiding it.
func TestStatsFollowWrites(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	c, err := s.CreateReport(ctx, newReport(t, s, 4.3725, 50.8610, "graffiti"))
	if err != nil {
		t.Fatal(err)
	}
	id, created := c.Report.ID, c.Report.CreatedAt.Time
	stats := func() db.Stats {
		t.Helper()
		st, err := s.Stats(db.StatsQuery{Now: s.Now(), Top: 5, StatsFilter: db.StatsFilter{Bodies: []string{c.Report.BodyCode}}})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := stats(); st.Total != 1 || st.Groups.Open != 1 || len(st.Ack.Themes) != 0 || len(st.Top) != 0 {
		t.Fatalf("after creation: %+v", st)
	}
	if _, _, err := s.Support(ctx, id, "someone"); err != nil {
		t.Fatal(err)
	}
	if st := stats(); len(st.Top) != 1 || st.Top[0] != (db.Supported{ID: id, Supports: 1}) {
		t.Errorf("after a support: %+v", st.Top)
	}
	for _, step := range []struct {
		to    string
		after time.Duration
	}{{"acknowledged", 90 * time.Minute}, {"fixed", 50 * time.Hour}} {
		if _, _, err := s.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: step.to, Actor: db.ActorStaff, At: created.Add(step.after)}); err != nil {
			t.Fatal(err)
		}
	}
	st := stats()
	if st.Groups.Fixed != 1 || len(st.Top) != 0 || len(st.Ack.Themes) != 1 || st.Ack.Themes[0].P50 != 90*time.Minute ||
		len(st.Fix.Bodies) != 1 || st.Fix.Bodies[0].P90 != db.RoundMinutes(50*time.Hour) {
		t.Errorf("after the fix: %+v", st)
	}
	if _, err := s.SetHidden(ctx, id, true, "test", db.AuditEntry{Actor: "user:admin@example.org"}); err != nil {
		t.Fatal(err)
	}
	if st := stats(); st.Total != 0 || len(st.Fix.Themes) != 0 {
		t.Errorf("a hidden report counts: %+v", st)
	}
}
