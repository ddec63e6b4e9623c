package db_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/internal/testclock"
	"streetfix/internal/testpg"
)

// Reports get their address when stored; reports stored before addresses
// existed get it when the service next starts, and one an integration
// addressed itself keeps its own.
func TestAddressesAtIntakeAndBackfill(t *testing.T) {
	s, path := openStore(t)
	ctx := context.Background()
	schuman := newReport(t, s, 4.38530, 50.84212, "graffiti")
	forest := newReport(t, s, 4.42, 50.79, "graffiti") // 311 m from the nearest street of the extract
	own := newReport(t, s, 4.38530, 50.84212, "graffiti")
	own.Report.Address = city.Names{EN: "Schuman roundabout", FR: "Schuman roundabout", NL: "Schuman roundabout"}
	var ids []int64
	for _, nr := range []*db.NewReport{schuman, forest, own} {
		c, err := s.CreateReport(ctx, nr)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.Report.ID)
	}
	want := []city.Names{
		{EN: "Rue de la Loi, City of Brussels", FR: "Rue de la Loi, Bruxelles", NL: "Wetstraat, Brussel"},
		{}, // the municipality, from the catalog
		own.Report.Address,
	}
	r, _ := s.Report(ctx, ids[1])
	area, ok := s.Catalog().Area(r.AreaCode)
	if !ok {
		t.Fatalf("no area %q", r.AreaCode)
	}
	want[1] = area.Name
	check := func(when string) {
		t.Helper()
		for i, id := range ids {
			r, err := s.Report(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if r.Address != want[i] {
				t.Errorf("%s: report %d address %+v, want %+v", when, id, r.Address, want[i])
			}
		}
	}
	check("at intake")

	// As before the migration: no addresses.
	raw := testpg.Open(t, path)
	if _, err := raw.Exec(raw.Rebind(`UPDATE reports SET address_en = '', address_fr = '', address_nl = '' WHERE id IN (?, ?)`), ids[0], ids[1]); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s.Close()
	c, _ := city.Default()
	s, err := app.Prepare(ctx, path, c, slog.New(slog.NewTextHandler(io.Discard, nil)), db.Options{Now: testclock.New()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check("after the start-up fill")
	if n, err := s.FillAddresses(ctx); err != nil || n != 0 {
		t.Errorf("a second fill found %d reports (%v)", n, err)
	}
}
