package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"streetfix/app"
)

func TestStatsSmoke(t *testing.T) {
	s := newTestServer(t)
	if err := app.Seed(context.Background(), s.store, s.city, 2000, 3, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	w := s.do("GET", "/stats?lang=fr", nil)
	t.Logf("%d %d bytes", w.Code, w.Body.Len())
	if w.Code != 200 {
		t.Fatal(w.Body.String())
	}
	w = s.do("GET", "/api/v1/stats", nil)
	t.Logf("%.1500s", w.Body.String())
}
