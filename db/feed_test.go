package db_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/internal/testclock"
	"streetfix/internal/testpg"
	"streetfix/report"
)

// reopen opens a second store on the same database, as another instance
// (or `streetfix seed` on a live file) would, following its writes.
func reopen(t *testing.T, path string) *db.Store {
	t.Helper()
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, err := app.Prepare(context.Background(), path, c, slog.New(slog.NewTextHandler(io.Discard, nil)), db.Options{Now: testclock.New()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go s.RunFeed(ctx)
	return s
}

// eventually polls cond until it holds or a generous deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 15 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFeedFollowsAnotherProcess writes through one store and reads through
// another on the same file: creations, status changes, supports, hiding,
// deletions and catalog edits reach the second store's memory without a
// restart, and its own writes take the same way in.
func TestFeedFollowsAnotherProcess(t *testing.T) {
	a, path := openStore(t)
	b := reopen(t, path)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var woken int
	wake := make(chan struct{}, 100)
	b.OnWrite(func() { wake <- struct{}{} })

	c, err := a.CreateReport(ctx, newReport(t, a, 4.3525, 50.8467, "graffiti"))
	if err != nil {
		t.Fatal(err)
	}
	id := c.Report.ID
	eventually(t, "a report created elsewhere on the map", func() bool { return b.PublicCount() == 1 })
	for len(wake) > 0 {
		<-wake
		woken++
	}
	if woken == 0 {
		t.Error("the feed applied a write without telling its listeners")
	}
	if a.PublicCount() != 1 {
		t.Errorf("the writer's own index has %d reports, want 1 as soon as the write returns", a.PublicCount())
	}
	if a.FeedLag() > 10*time.Second || b.FeedLag() > 10*time.Second {
		t.Errorf("feed lag %s and %s", a.FeedLag(), b.FeedLag())
	}

	// A status change made elsewhere reaches the queue counts and the stats.
	if _, _, err := a.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: report.StatusFixed, Actor: db.ActorStaff, At: a.Now()}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a status change on the dashboard", func() bool {
		st, err := b.Stats(db.StatsQuery{Now: b.Now()})
		return err == nil && st.Groups.Fixed == 1 && st.Groups.Open == 0
	})
	page, err := b.Queue(ctx, db.QueueQuery{})
	if err != nil || page.Counts[report.StatusFixed] != 1 {
		t.Errorf("queue counts %v (%v), want one fixed", page.Counts, err)
	}

	// Supports move the most supported reports; reopen it first.
	if _, _, err := a.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: report.StatusInProgress, Actor: db.ActorStaff, At: a.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Support(ctx, id, "someone"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a support on the dashboard", func() bool {
		st, err := b.Stats(db.StatsQuery{Now: b.Now(), Top: 5})
		return err == nil && len(st.Top) == 1 && st.Top[0].Supports == 1
	})

	// Hidden elsewhere: gone from the map.
	if _, err := a.SetHidden(ctx, id, true, "spam", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a hidden report off the map", func() bool { return b.PublicCount() == 0 })

	// Reference data edited elsewhere: the other catalog reloads.
	cat, _ := a.Catalog().Category("graffiti")
	edit := db.CategoryEdit{Code: "murals", Theme: cat.Theme, Name: cat.Name, Owner: cat.Owner, Active: true}
	if err := a.SaveCategory(ctx, edit, db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Catalog().Category("murals"); !ok {
		t.Error("the writer's own catalog lacks the category it just saved")
	}
	eventually(t, "a category added elsewhere", func() bool { _, ok := b.Catalog().Category("murals"); return ok })

	// Own writes of b take the same way: b's report is on a's map by the feed.
	c2, err := b.CreateReport(ctx, newReport(t, b, 4.36, 50.85, "pothole"))
	if err != nil {
		t.Fatal(err)
	}
	if b.PublicCount() != 1 {
		t.Errorf("b's index has %d reports after its own write, want 1", b.PublicCount())
	}
	go a.RunFeed(ctx)
	eventually(t, "b's report on a's map", func() bool { return a.PublicCount() == 1 })
	// A deletion made with plain SQL (an operator's clean-up) leaves the maps too.
	raw := testpg.Open(t, path)
	if _, err := raw.ExecContext(ctx, raw.Rebind(`DELETE FROM reports WHERE id = ?`), c2.Report.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a deleted report off b's map", func() bool { return b.PublicCount() == 0 })
	eventually(t, "a deleted report off a's map", func() bool { return a.PublicCount() == 0 })
	if r := a.FeedRevision(); r == 0 || r != b.FeedRevision() {
		t.Errorf("feed revisions %d and %d, want equal and positive", r, b.FeedRevision())
	}
}

// TestRateLimitAcrossStores spends tokens of one client address through
// two stores on one database: together they allow the limit once.
func TestRateLimitAcrossStores(t *testing.T) {
	a, path := openStore(t)
	b := reopen(t, path)
	ctx := context.Background()
	now := time.Now()
	allowed := 0
	for i := range 10 {
		s := a
		if i%2 == 1 {
			s = b
		}
		ok, wait, err := s.TakeToken(ctx, "write:192.0.2.7", 4, now)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			allowed++
		} else if wait <= 0 || wait > 15*time.Second {
			t.Errorf("refused with a wait of %s, want up to 15 s (4 a minute)", wait)
		}
	}
	if allowed != 4 {
		t.Errorf("two stores allowed %d writes, want 4 (the limit, once)", allowed)
	}
	// Another address has its own bucket; time refills the first.
	if ok, _, _ := a.TakeToken(ctx, "write:192.0.2.8", 4, now); !ok {
		t.Error("another address was refused")
	}
	if ok, _, _ := b.TakeToken(ctx, "write:192.0.2.7", 4, now.Add(16*time.Second)); !ok {
		t.Error("no token after a quarter of a minute at 4 a minute")
	}
}

// TestConcurrentCreationsAnswerTheirCallers creates reports from many
// goroutines at once, so that they share transactions: each caller gets its
// own report back, and finds it in memory when the call returns.
func TestConcurrentCreationsAnswerTheirCallers(t *testing.T) {
	s, _ := openStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				nr := newReport(t, s, 4.3525, 50.8467, "graffiti")
				nr.Report.Title = fmt.Sprintf("Report %d of writer %d", i, g)
				c, err := s.CreateReport(ctx, nr)
				if err != nil {
					t.Error(err)
					return
				}
				if c.Report.Title != nr.Report.Title {
					t.Errorf("sent %q, got %q back", nr.Report.Title, c.Report.Title)
				}
				if near, err := s.Nearby(ctx, db.NearbyQuery{Point: orb.Point{4.3525, 50.8467}, Radius: 10}); err != nil || !slices.ContainsFunc(near, func(n db.Nearby) bool { return n.ID == c.Report.ID }) {
					t.Errorf("report %d is not nearby as its creation returns (%v)", c.Report.ID, err)
				}
			}
		}()
	}
	wg.Wait()
	if n := s.PublicCount(); n != 320 {
		t.Errorf("%d reports in memory, want 320", n)
	}
}

// A time to fix set on one instance reaches the others' catalog.
func TestTargetsFollowAnotherProcess(t *testing.T) {
	a, path := openStore(t)
	b := reopen(t, path)
	if err := a.SetTarget(context.Background(), "pothole", 36*time.Hour, db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the target on the other instance", func() bool { return b.Catalog().Targets["pothole"] == 36*time.Hour })
	if err := a.SetTarget(context.Background(), "pothole", 0, db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the reset on the other instance", func() bool { _, ok := b.Catalog().Targets["pothole"]; return !ok })
}

// TestReportRevisions checks the revisions the change feed follows: the
// service's own creations, in one batch or several, take consecutive
// revisions that the mark follows; an insert by another tool that names
// none still gets the next one and reaches the map; and on SQLite, where
// the insert names its revision (migration 0150), any number but the next
// is refused rather than stored.
func TestReportRevisions(t *testing.T) {
	s, path := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.RunFeed(ctx)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.CreateReport(ctx, newReport(t, s, 4.35+float64(i)/1000, 50.85, "graffiti")); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	raw := testpg.Open(t, path)
	revs := func() []int64 {
		var revs []int64
		if err := raw.SelectContext(ctx, &revs, `SELECT rev FROM reports ORDER BY rev`); err != nil {
			t.Fatal(err)
		}
		return revs
	}
	mark := func() int64 {
		var m int64
		if err := raw.GetContext(ctx, &m, `SELECT rev FROM feed_marks WHERE name = 'reports'`); err != nil {
			t.Fatal(err)
		}
		return m
	}
	got := revs()
	if len(got) != 6 {
		t.Fatalf("%d reports, want 6", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i] != got[i-1]+1 {
			t.Fatalf("revisions %v, want consecutive", got)
		}
	}
	if !testpg.On() && got[5] != mark() {
		// PostgreSQL draws them from a sequence (migration 0145) and
		// leaves the mark as the lock all writers take.
		t.Errorf("mark %d after revisions %v, want the last", mark(), got)
	}

	insert := `INSERT INTO reports (category, theme, status, title, lon, lat, area_code, body_code, created_at, updated_at%s)
		VALUES ('graffiti', 'safe', 'open', 'Written by another tool', 4.36, 50.84, '21004', 'commune-21004', 1, 1%s)`
	if _, err := raw.ExecContext(ctx, fmt.Sprintf(insert, "", "")); err != nil {
		t.Fatal(err)
	}
	if got := revs(); got[6] <= got[5] {
		t.Errorf("an insert that names no revision: revisions %v, want a new last one", got)
	}
	eventually(t, "another tool's report on the map", func() bool { return s.PublicCount() == 7 })
	if testpg.On() {
		return
	}
	for _, bad := range []int64{mark(), mark() + 2} {
		if _, err := raw.ExecContext(ctx, fmt.Sprintf(insert, ", rev", fmt.Sprintf(", %d", bad))); err == nil {
			t.Errorf("an insert naming revision %d after mark %d was stored", bad, mark())
		}
	}
	if n := len(revs()); n != 7 {
		t.Errorf("%d reports after the refused inserts, want 7", n)
	}
	if _, err := s.CreateReport(ctx, newReport(t, s, 4.37, 50.85, "graffiti")); err != nil {
		t.Fatal(err)
	}
	if got := revs(); len(got) != 8 || got[7] != got[6]+1 || got[7] != mark() {
		t.Errorf("after refused inserts, a creation: revisions %v and mark %d, want the next", got, mark())
	}
}
