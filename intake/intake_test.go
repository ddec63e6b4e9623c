package intake_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/internal/testclock"
	"streetfix/internal/testpg"
)

func catalog(t *testing.T) *db.Catalog {
	t.Helper()
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, err := app.Prepare(context.Background(), testpg.DB(t, filepath.Join(t.TempDir(), "i.db")), c, slog.New(slog.NewTextHandler(io.Discard, nil)), db.Options{Now: testclock.New()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.Catalog()
}

func f(v float64) *float64 { return &v }

func valid() intake.Input {
	return intake.Input{Category: "illegal_dumping", Lat: f(50.8275), Lon: f(4.3725), Title: "  Mattress on the pavement  ",
		Description: "Line one\r\nLine two", Email: "a@example.org", Name: "Ana", ShowName: true,
		Answers: map[string]any{"waste_types": []any{"furniture", "bags", "furniture"}, "seen_at": "2026-11-20T08:30:00+01:00"}}
}

func TestPrepareValid(t *testing.T) {
	cat := catalog(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	p, err := intake.Prepare(cat, valid(), "nl", now)
	if err != nil {
		t.Fatal(err)
	}
	r := p.Report.Report
	if r.AreaCode != "21009" || r.BodyCode != "bruxelles-proprete" || r.Theme != "service" || r.Status != "new" {
		t.Errorf("routing: area %s body %s theme %s status %s", r.AreaCode, r.BodyCode, r.Theme, r.Status)
	}
	if r.Title != "Mattress on the pavement" || r.Description != "Line one\nLine two" || r.Locale != "nl" {
		t.Errorf("texts: %q %q %q", r.Title, r.Description, r.Locale)
	}
	if r.PublicName != "Ana" || p.Report.Reporter.Email != "a@example.org" {
		t.Errorf("name %q email %q", r.PublicName, p.Report.Reporter.Email)
	}
	var answers map[string]any
	if err := json.Unmarshal([]byte(r.Answers), &answers); err != nil {
		t.Fatal(err)
	}
	if got := answers["waste_types"].([]any); len(got) != 2 || got[0] != "furniture" || answers["seen_at"] != "2026-11-20T08:30:00+01:00" {
		t.Errorf("answers %v", answers)
	}
	if !r.CreatedAt.Equal(now) || p.Report.Reporter.TokenHash != intake.HashToken(p.Token) || len(p.Token) != 43 {
		t.Errorf("created %v token %q", r.CreatedAt, p.Token)
	}
	in := valid()
	in.ShowName = false
	if p, _ := intake.Prepare(cat, in, "", now); p.Report.Report.PublicName != "" {
		t.Error("name shown without consent")
	}
}

func TestPrepareRejects(t *testing.T) {
	cat := catalog(t)
	tests := []struct {
		name  string
		edit  func(*intake.Input)
		field string
		code  string
	}{
		{"no category", func(in *intake.Input) { in.Category = " " }, "category", "missing_field"},
		{"unknown category", func(in *intake.Input) { in.Category = "dragons" }, "category", "unknown_category"},
		{"no lat", func(in *intake.Input) { in.Lat = nil }, "lat", "missing_field"},
		{"NaN lon", func(in *intake.Input) { in.Lon = f(math.NaN()) }, "lon", "invalid_coordinates"},
		{"Inf lat", func(in *intake.Input) { in.Lat = f(math.Inf(-1)) }, "lat", "invalid_coordinates"},
		{"outside", func(in *intake.Input) { in.Lat, in.Lon = f(50.95), f(4.40) }, "lat", "outside_service_area"},
		{"long description", func(in *intake.Input) { in.Description = strings.Repeat("a", 5001) }, "description", "too_long"},
		{"NUL in title", func(in *intake.Input) { in.Title = "a\x00b" }, "title", "invalid_characters"},
		{"newline in title", func(in *intake.Input) { in.Title = "a\nb" }, "title", "invalid_characters"},
		{"bad email", func(in *intake.Input) { in.Email = "a@b" }, "email", "invalid_email"},
		{"bad locale", func(in *intake.Input) { in.Locale = "xx" }, "locale", "invalid_locale"},
		{"list answer with a stranger", func(in *intake.Input) { in.Answers["waste_types"] = []any{"bags", "gold"} }, "answers.waste_types", "invalid_choice"},
		{"list answer of numbers", func(in *intake.Input) { in.Answers["waste_types"] = []any{1.0} }, "answers.waste_types", "invalid_choice"},
		{"bad datetime", func(in *intake.Input) { in.Answers["seen_at"] = "last tuesday" }, "answers.seen_at", "invalid_type"},
		{"unknown question", func(in *intake.Input) { in.Answers["mood"] = "angry" }, "answers.mood", "unknown_question"},
	}
	for _, tt := range tests {
		in := valid()
		tt.edit(&in)
		_, err := intake.Prepare(cat, in, "en", time.Now())
		var fe *intake.Error
		if !errors.As(err, &fe) || fe.Field != tt.field || fe.Code != tt.code || fe.Message == "" {
			t.Errorf("%s: got %v, want %s on %s", tt.name, err, tt.code, tt.field)
		}
	}
}

func TestRequestHash(t *testing.T) {
	a, b := valid(), valid()
	if intake.RequestHash(a, nil) != intake.RequestHash(b, nil) {
		t.Error("equal inputs hash differently")
	}
	b.Title = "other"
	if intake.RequestHash(a, nil) == intake.RequestHash(b, nil) {
		t.Error("different titles hash the same")
	}
	if intake.RequestHash(a, [][32]byte{{1}}) == intake.RequestHash(a, [][32]byte{{2}}) {
		t.Error("different photos hash the same")
	}
}

// Bidirectional overrides, embeddings and isolates are removed from what
// people type; the marks Arabic and Hebrew need stay.
func TestCleanTextBidi(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"photo\u202Egpj.exe", "photogpj.exe"},
		{"\u202Atrou\u202C \u2066rue\u2069 \u2067x\u2068y\u2069\u202B\u202D", "trou rue xy"},
		{"\u202E", ""},
		{"שלום\u200F rue", "שלום\u200F rue"},
		{"rue\u200E", "rue\u200E"},
	} {
		got, err := intake.CleanText("title", c.in, 120, false)
		if err != nil || got != c.want {
			t.Errorf("CleanText(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
