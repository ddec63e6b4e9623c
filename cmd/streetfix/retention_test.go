package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/internal/testclock"
	"streetfix/internal/testpg"
	"streetfix/notify"
	"streetfix/report"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func (c *fakeClock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func days2(n float64) time.Duration      { return time.Duration(n * float64(24*time.Hour)) }
func mustNo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// streetfix retention on data seeded with a fake clock: a dry run counts
// and changes nothing; the run erases the reporter of a report fixed more
// than 12 months ago (not of one still open, nor of one closed 11 months
// ago), deletes a subscription cancelled more than 12 months ago and an
// unconfirmed one older than 7 days (not an active one), forgets messages
// older than 30 days, and is audited with its counts.
func TestRetentionCommand(t *testing.T) {
	ctx := context.Background()
	path := testpg.DB(t, filepath.Join(t.TempDir(), "r.db"))
	c, err := city.Default()
	mustNo(t, err)
	clk := &fakeClock{t: testclock.Start()}
	t0 := clk.now()
	store, err := app.Prepare(ctx, path, c, slog.New(slog.NewTextHandler(io.Discard, nil)), db.Options{Now: clk.now})
	mustNo(t, err)
	key, err := store.Secret(ctx, notify.SecretName)
	mustNo(t, err)
	ncfg := notify.DefaultConfig()
	svc, err := notify.New(store, ncfg, key, slog.New(slog.NewTextHandler(io.Discard, nil)))
	mustNo(t, err)
	svc.SetClock(clk.now)
	mk := func(email string) int64 {
		lat, lon := 50.8467, 4.3525
		p, err := intake.Prepare(store.Catalog(), intake.Input{Category: "graffiti", Lat: &lat, Lon: &lon, Title: "Tags on the wall",
			Name: "Person " + email, Email: email, Phone: "+32 2 555 00 00"}, "en", clk.now())
		mustNo(t, err)
		cr, err := store.CreateReport(ctx, &p.Report)
		mustNo(t, err)
		return cr.Report.ID
	}
	fixed, open, recent := mk("fixed@example.org"), mk("open@example.org"), mk("recent@example.org")
	_, _, err = store.ChangeStatus(ctx, db.StatusChange{ReportID: fixed, To: report.StatusFixed, Actor: db.ActorStaff, Public: true, At: clk.now()})
	mustNo(t, err)
	sub := func(email string) db.Subscription {
		s, err := svc.Subscribe(ctx, notify.SubscribeRequest{Email: email, Kind: db.SubArea, Area: "21004"}, "en")
		mustNo(t, err)
		return s
	}
	cancelled, active := sub("gone@example.org"), sub("stays@example.org")
	_, err = svc.Confirm(ctx, active.ID, svc.Signer().Sign(notify.PurposeConfirm, active.ID))
	mustNo(t, err)
	_, err = svc.Confirm(ctx, cancelled.ID, svc.Signer().Sign(notify.PurposeConfirm, cancelled.ID))
	mustNo(t, err)
	_, err = svc.Unsubscribe(ctx, cancelled.ID, svc.Signer().Sign(notify.PurposeUnsubscribe, cancelled.ID))
	mustNo(t, err)
	mustNo(t, svc.RunOnce(ctx)) // the messages are logged (no SMTP server)
	clk.add(days2(30))
	pending := sub("late@example.org") // never confirmed
	mustNo(t, svc.RunOnce(ctx))
	clk.add(days2(305))
	_, _, err = store.ChangeStatus(ctx, db.StatusChange{ReportID: recent, To: report.StatusClosed, Actor: db.ActorStaff, Public: true, At: clk.now()})
	mustNo(t, err)
	mustNo(t, store.Close())

	asOf := t0.Add(days2(366)).Format(time.RFC3339)
	retentionRun := func(dry bool) map[string]any {
		args := []string{"retention", "--db", path, "--as-of", asOf}
		if dry {
			args = append(args, "--dry-run")
		}
		var out, errb bytes.Buffer
		if err := run(ctx, args, func(string) string { return "" }, &out, &errb); err != nil {
			t.Fatalf("retention: %v\n%s", err, errb.String())
		}
		var m map[string]any
		if err := json.Unmarshal(out.Bytes(), &m); err != nil {
			t.Fatalf("output %q: %v", out.String(), err)
		}
		return m
	}
	want := map[string]float64{"reporters": 1, "subscriptions": 1, "pending_subscriptions": 1}
	check := func(m map[string]any, dry bool) {
		t.Helper()
		if m["dry_run"] != dry {
			t.Errorf("dry_run %v, want %v", m["dry_run"], dry)
		}
		for k, v := range want {
			if m[k] != v {
				t.Errorf("%s: %v, want %v (%v)", k, m[k], v, m)
			}
		}
		// The report's creation email to nobody, the confirmations and the
		// update: everything logged on the first day is over 30 days old.
		if n, _ := m["messages"].(float64); n < 3 {
			t.Errorf("messages: %v, want the first day's (at least 3)", m["messages"])
		}
	}
	check(retentionRun(true), true)

	reopen := func() *db.Store {
		clk.set(t0.Add(days2(366)))
		s, err := app.Prepare(ctx, path, c, slog.New(slog.NewTextHandler(io.Discard, nil)), db.Options{Now: clk.now})
		mustNo(t, err)
		return s
	}
	s := reopen()
	if r, _ := s.Reporter(ctx, fixed); r.Email != "fixed@example.org" {
		t.Errorf("a dry run erased the reporter: %+v", r)
	}
	mustNo(t, s.Close())

	check(retentionRun(false), false)
	s = reopen()
	defer s.Close()
	if r, _ := s.Reporter(ctx, fixed); r.Email != "" || r.Name != "" || r.Phone != "" || r.ErasedAt.IsZero() {
		t.Errorf("the reporter of a report fixed 366 days ago: %+v", r)
	}
	for _, id := range []int64{open, recent} {
		if r, _ := s.Reporter(ctx, id); r.Email == "" {
			t.Errorf("report %d lost its reporter too early", id)
		}
	}
	if _, err := s.Subscription(ctx, cancelled.ID); err == nil {
		t.Error("a subscription cancelled 366 days ago is still there")
	}
	if _, err := s.Subscription(ctx, pending.ID); err == nil {
		t.Error("a subscription unconfirmed for 336 days is still there")
	}
	if sub, err := s.Subscription(ctx, active.ID); err != nil || sub.Status != db.SubActive {
		t.Errorf("the active subscription: %v %+v", err, sub)
	}
	entries, err := s.AuditLog(ctx, db.AuditQuery{Action: "retention"})
	mustNo(t, err)
	if len(entries) != 1 {
		t.Fatalf("%d retention audit entries, want 1 (the dry run writes none)", len(entries))
	}
	if e := entries[0]; e.Actor != "system" || !bytes.Contains([]byte(e.AfterRaw), []byte(`"reporters":1`)) {
		t.Errorf("audit entry %+v", e)
	}
}
