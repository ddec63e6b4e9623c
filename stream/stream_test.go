package stream_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/internal/testclock"
	"streetfix/internal/testpg"
	"streetfix/stream"
)

func TestHubDeliversAndDropsSlowSubscribers(t *testing.T) {
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	store, err := app.Prepare(context.Background(), testpg.DB(t, filepath.Join(t.TempDir(), "s.db")), c, log, db.Options{Now: testclock.New()})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	hub, err := stream.New(context.Background(), store, log)
	if err != nil {
		t.Fatal(err)
	}
	store.OnWrite(hub.Notify)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { hub.Run(ctx); close(done) }()

	reader, _, _ := hub.Subscribe()
	sleeper, _, _ := hub.Subscribe() // never reads
	create := func() int64 {
		lat, lon := 50.8467, 4.3525
		p, err := intake.Prepare(store.Catalog(), intake.Input{Category: "graffiti", Lat: &lat, Lon: &lon}, "en", store.Now())
		if err != nil {
			t.Fatal(err)
		}
		cr, err := store.CreateReport(context.Background(), &p.Report)
		if err != nil {
			t.Fatal(err)
		}
		return cr.Report.ID
	}
	// Each report is its own delivery: the sleeper's buffer fills and it is dropped.
	var last int64
	for i := 0; i < 70; i++ {
		id := create()
		for got := false; !got; {
			select {
			case evs := <-reader.Events:
				for _, e := range evs {
					if e.Kind != db.EventCreated {
						t.Errorf("event %+v", e)
					}
					if e.ReportID <= last {
						t.Errorf("report %d delivered after %d", e.ReportID, last)
					}
					last = e.ReportID
					got = got || e.ReportID == id
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("report %d not delivered", id)
			}
		}
	}
	drained := 0
	for range sleeper.Events { // closed once dropped
		drained++
	}
	if drained == 0 || drained > 64 {
		t.Errorf("the slow subscriber got %d deliveries before being dropped", drained)
	}
	if n := hub.Subscribers(); n != 1 {
		t.Errorf("%d subscribers, want the reader only", n)
	}
	cancel()
	<-done
	if _, ok := <-reader.Events; ok {
		t.Error("subscribers stay open after the hub stops")
	}
	late, _, err := hub.Subscribe()
	if _, ok := <-late.Events; ok || err != nil {
		t.Error("a subscriber after the stop is left open")
	}
}
