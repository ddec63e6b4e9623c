package db_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/geo"
	"streetfix/intake"
	"streetfix/internal/testclock"
	"streetfix/internal/testpg"
	"streetfix/report"
)

func openStore(t testing.TB) (*db.Store, string) {
	t.Helper()
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := testpg.DB(t, filepath.Join(t.TempDir(), "store.db"))
	s, err := app.Prepare(context.Background(), path, c, slog.New(slog.NewTextHandler(io.Discard, nil)), db.Options{Now: testclock.New()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func newReport(t testing.TB, s *db.Store, lon, lat float64, category string) *db.NewReport {
	t.Helper()
	in := intake.Input{Category: category, Lat: &lat, Lon: &lon, Title: "Test report", Email: "someone@example.org"}
	if category == "pothole" {
		in.Answers = map[string]any{"surface": "roadway"}
	}
	p, err := intake.Prepare(s.Catalog(), in, "en", s.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &p.Report
}

func TestMigrateIsIdempotentAndKeepsData(t *testing.T) {
	s, path := openStore(t)
	if _, err := s.CreateReport(context.Background(), newReport(t, s, 4.3525, 50.8467, "graffiti")); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Migrate(context.Background()); err != nil || n != 0 {
		t.Fatalf("second Migrate applied %d, err %v", n, err)
	}
	if n, err := s.Pending(context.Background()); err != nil || n != 0 {
		t.Fatalf("pending %d, err %v", n, err)
	}
	s.Close()
	c, _ := city.Default()
	s2, err := app.Prepare(context.Background(), path, c, slog.New(slog.NewTextHandler(io.Discard, nil)), db.Options{Now: testclock.New()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n := s2.PublicCount(); n != 1 {
		t.Errorf("after reopening, %d reports in the map index, want 1", n)
	}
	if got := len(s2.Catalog().Categories); got != 27 {
		t.Errorf("%d categories after a second sync, want 27", got)
	}
}

func TestPrivateDataStaysInReporters(t *testing.T) {
	s, _ := openStore(t)
	nr := newReport(t, s, 4.3525, 50.8467, "graffiti")
	nr.Reporter.Name, nr.Reporter.Phone = "Jeanne Dupont", "+32 470 00 00 00"
	c, err := s.CreateReport(context.Background(), nr)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Report(context.Background(), c.Report.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.PublicName != "" {
		t.Errorf("public name %q without consent", r.PublicName)
	}
	for _, v := range []any{r.Title, r.Description, r.Answers, r.PublicName} {
		if s := fmt.Sprint(v); s == "Jeanne Dupont" || s == "someone@example.org" {
			t.Errorf("personal data in a public column: %q", s)
		}
	}
}

func TestNearbyOrderAndRadius(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	center := orb.Point{4.3525, 50.8467}
	// Reports at about 0, 100, 200 and 400 metres north of the centre.
	var ids []int64
	for _, dLat := range []float64{0, 0.0009, 0.0018, 0.0036} {
		c, err := s.CreateReport(ctx, newReport(t, s, center[0], center[1]+dLat, "graffiti"))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.Report.ID)
	}
	got, err := s.Nearby(ctx, db.NearbyQuery{Point: center, Radius: 250})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("nearby found %d, want 3", len(got))
	}
	for i, n := range got {
		if n.ID != ids[i] {
			t.Errorf("nearby[%d] = %d, want %d (nearest first)", i, n.ID, ids[i])
		}
		if i > 0 && n.Distance < got[i-1].Distance {
			t.Error("not sorted by distance")
		}
	}
	got, _ = s.Nearby(ctx, db.NearbyQuery{Point: center, Radius: 250, Category: "pothole"})
	if len(got) != 0 {
		t.Errorf("category filter: %d", len(got))
	}
}

func TestSupportRules(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	c, err := s.CreateReport(ctx, newReport(t, s, 4.3525, 50.8467, "graffiti"))
	if err != nil {
		t.Fatal(err)
	}
	id := c.Report.ID
	if n, added, err := s.Support(ctx, id, "a"); err != nil || !added || n != 1 {
		t.Fatalf("first support: %d %v %v", n, added, err)
	}
	if n, added, err := s.Support(ctx, id, "a"); err != nil || added || n != 1 {
		t.Fatalf("repeat support: %d %v %v", n, added, err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := s.Support(ctx, id, fmt.Sprintf("p%d", i%10)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if r, _ := s.Report(ctx, id); r.SupportCount != 11 {
		t.Errorf("support_count %d, want 11", r.SupportCount)
	}
	if _, _, err := s.Support(ctx, 9999, "a"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("missing report: %v", err)
	}
}

func TestBatchIsolatesFailures(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 40)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nr := newReport(t, s, 4.3525, 50.8467, "graffiti")
			if i%4 == 0 {
				nr.Report.Category = "no_such_category" // violates a foreign key in the database
			}
			_, errs[i] = s.CreateReport(ctx, nr)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if (i%4 == 0) != (err != nil) {
			t.Errorf("report %d: err %v", i, err)
		}
	}
	if n, _ := s.CountReports(ctx); n != 30 {
		t.Errorf("%d reports stored, want the 30 good ones", n)
	}
	if n := s.PublicCount(); n != 30 {
		t.Errorf("map index holds %d, want 30", n)
	}
}

func BenchmarkCreateReport(b *testing.B) {
	s, _ := openStore(b)
	nr := newReport(b, s, 4.3525, 50.8467, "graffiti")
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := *nr
			_, r.Reporter.TokenHash, _ = intake.NewToken()
			if _, err := s.CreateReport(context.Background(), &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestNearbyStatuses(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	mk := func(status string, dLat float64) db.SeedReport {
		at := db.At(s.Now())
		return db.SeedReport{Report: db.Report{Category: "graffiti", Theme: "social", Status: status, Title: status,
			Lon: 4.3525, Lat: 50.8467 + dLat, AreaCode: "21004", BodyCode: "commune-21004", Answers: "{}", Locale: "en",
			CreatedAt: at, UpdatedAt: at}}
	}
	if _, err := s.Seed(ctx, []db.SeedReport{mk("new", 0), mk("fixed", 0.0001), mk("hidden", 0.0002), mk("wont_fix", 0.0003), mk("scheduled", 0.0004)}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		statuses []string
		want     []string
	}{
		{[]string{"new", "acknowledged", "in_progress", "scheduled"}, []string{"new", "scheduled"}},
		{[]string{"fixed"}, []string{"fixed"}},
		{[]string{"new", "wont_fix"}, []string{"new", "wont_fix"}},
		{nil, []string{"new", "fixed", "wont_fix", "scheduled"}},
		{[]string{"hidden"}, nil},
	}
	for _, tt := range tests {
		got, err := s.Nearby(ctx, db.NearbyQuery{Point: orb.Point{4.3525, 50.8467}, Radius: 250, Statuses: tt.statuses, Category: "graffiti"})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, n := range got {
			titles = append(titles, n.Title)
		}
		if fmt.Sprint(titles) != fmt.Sprint(tt.want) {
			t.Errorf("statuses %v: got %v, want %v", tt.statuses, titles, tt.want)
		}
	}
}

func TestChangeStatus(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	c, err := s.CreateReport(ctx, newReport(t, s, 4.3525, 50.8467, "graffiti"))
	if err != nil {
		t.Fatal(err)
	}
	id := c.Report.ID
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		to, actor string
		wantErr   error
		check     func(r db.Report) bool
	}{
		{"acknowledged", db.ActorStaff, nil, func(r db.Report) bool { return r.AcknowledgedAt.Equal(t0.Add(time.Hour)) }},
		{"in_progress", db.ActorStaff, nil, func(r db.Report) bool { return r.AcknowledgedAt.Equal(t0.Add(time.Hour)) }},
		{"fixed", db.ActorStaff, nil, func(r db.Report) bool { return r.FixedAt.Equal(t0.Add(3 * time.Hour)) }},
		{"in_progress", db.ActorReporter, report.ErrNotAllowed, nil},
		{"new", db.ActorReporter, nil, func(r db.Report) bool { return r.FixedAt.IsZero() && !r.AcknowledgedAt.IsZero() }},
		{"wont_fix", db.ActorStaff, nil, func(r db.Report) bool { return r.ClosedAt.Equal(t0.Add(6 * time.Hour)) }},
	}
	for i, st := range steps {
		r, ev, err := s.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: st.to, Note: "step", Public: true, Actor: st.actor, At: t0.Add(time.Duration(i+1) * time.Hour)})
		if !errors.Is(err, st.wantErr) {
			t.Fatalf("step %d to %s: %v, want %v", i, st.to, err, st.wantErr)
		}
		if err != nil {
			continue
		}
		if r.Status != st.to || ev.ToStatus != st.to || ev.ID == 0 || !ev.Public || !st.check(r) {
			t.Errorf("step %d: report %+v event %+v", i, r, ev)
		}
	}
	if _, _, err := s.ChangeStatus(ctx, db.StatusChange{ReportID: id, Note: "internal only", Actor: db.ActorStaff, At: t0.Add(10 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// A status change with a private note: the change is public, the note is not.
	_, ev, err := s.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: "closed", Note: "contractor invoice #42", Actor: db.ActorStaff, At: t0.Add(11 * time.Hour)})
	if err != nil || ev.Note != "" || !ev.Public {
		t.Fatalf("status with a private note: %+v %v", ev, err)
	}
	public, _ := s.Events(ctx, id, false)
	all, _ := s.Events(ctx, id, true)
	if len(all) != len(public)+2 || len(public) != 7 {
		t.Errorf("%d public and %d events in all; the private notes must be hidden", len(public), len(all))
	}
	for _, e := range public {
		if strings.Contains(e.Note, "invoice") || strings.Contains(e.Note, "internal") {
			t.Errorf("a private note is public: %+v", e)
		}
	}
	got, _ := s.Nearby(ctx, db.NearbyQuery{Point: orb.Point{4.3525, 50.8467}, Radius: 50, Statuses: []string{"closed"}})
	if len(got) != 1 {
		t.Errorf("the map index did not follow the status change: %d", len(got))
	}
	if _, _, err := s.ChangeStatus(ctx, db.StatusChange{ReportID: 999, To: "fixed", Actor: db.ActorStaff, At: t0}); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("missing report: %v", err)
	}
}

func TestIdempotencyTokenIsSealed(t *testing.T) {
	s, path := openStore(t)
	ctx := context.Background()
	nr := newReport(t, s, 4.3525, 50.8467, "graffiti")
	nr.IdempotencyKey, nr.RequestHash, nr.Token = "k1", "h1", "the-reporters-secret-token"
	if _, err := s.CreateReport(ctx, nr); err != nil {
		t.Fatal(err)
	}
	raw := testpg.Open(t, path)
	var stored string
	if err := raw.QueryRow(`SELECT response FROM idempotency_keys WHERE key = 'k1'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == "" || strings.Contains(stored, "secret") {
		t.Errorf("stored token %q is not sealed", stored)
	}
	again := newReport(t, s, 4.3525, 50.8467, "graffiti")
	again.IdempotencyKey, again.RequestHash = "k1", "h1"
	c, err := s.CreateReport(ctx, again)
	if err != nil || !c.Replayed || c.Token != "the-reporters-secret-token" {
		t.Errorf("replay: %+v %v", c, err)
	}
}

func TestHiddenNeverListed(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	at := db.At(s.Now())
	ids, err := s.Seed(ctx, []db.SeedReport{{Report: db.Report{Category: "graffiti", Theme: "social", Status: "hidden", Title: "gone",
		Lon: 4.3525, Lat: 50.8467, AreaCode: "21004", BodyCode: "commune-21004", Answers: "{}", Locale: "en", CreatedAt: at, UpdatedAt: at}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ReportsByID(ctx, ids); len(got) != 0 {
		t.Errorf("ReportsByID returned a hidden report")
	}
	if got, _ := s.ListReports(ctx, db.ListQuery{IDs: ids}); len(got) != 0 {
		t.Errorf("ListReports returned a hidden report")
	}
	if n := s.PublicCount(); n != 0 {
		t.Errorf("hidden report in the map index")
	}
}

// TestNearbyMatchesBruteForce checks the grid search against a scan of
// every report, around random points and radii, with filters.
func TestNearbyMatchesBruteForce(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	statuses := []string{"new", "acknowledged", "fixed", "closed", "hidden"}
	cats := []string{"graffiti", "pothole", "illegal_dumping"}
	var batch []db.SeedReport
	for i := 0; i < 3000; i++ {
		// Dense around the Grand-Place, within about 1.5 km.
		lon, lat := 4.3525+(rng.Float64()-0.5)*0.04, 50.8467+(rng.Float64()-0.5)*0.025
		area, ok := s.Catalog().Locate(orb.Point{lon, lat})
		if !ok {
			continue
		}
		at := db.At(s.Now())
		cat := cats[rng.IntN(len(cats))]
		batch = append(batch, db.SeedReport{Report: db.Report{Category: cat, Theme: "social", Status: statuses[rng.IntN(len(statuses))],
			Title: "r", Lon: lon, Lat: lat, AreaCode: area.Code, BodyCode: "commune-" + area.Code, Answers: "{}", Locale: "en",
			CreatedAt: at, UpdatedAt: at}})
	}
	if _, err := s.Seed(ctx, batch); err != nil {
		t.Fatal(err)
	}
	all, err := s.ListReports(ctx, db.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 60; k++ {
		c := orb.Point{4.3525 + (rng.Float64()-0.5)*0.03, 50.8467 + (rng.Float64()-0.5)*0.02}
		radius := 20 + rng.Float64()*600
		q := db.NearbyQuery{Point: c, Radius: radius}
		if k%3 == 1 {
			q.Statuses = []string{"new", "acknowledged"}
		}
		if k%3 == 2 {
			q.Category = "pothole"
		}
		got, err := s.Nearby(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]bool{}
		for _, r := range all {
			okStatus := len(q.Statuses) == 0 || slices.Contains(q.Statuses, r.Status)
			okCat := q.Category == "" || r.Category == q.Category
			if okStatus && okCat && geo.Distance(c, orb.Point{r.Lon, r.Lat}) <= radius {
				want[r.ID] = true
			}
		}
		if len(got) != len(want) {
			t.Errorf("query %d (%v, %.0f m): %d found, brute force %d", k, c, radius, len(got), len(want))
			continue
		}
		for i, n := range got {
			if !want[n.ID] || (i > 0 && n.Distance < got[i-1].Distance) {
				t.Errorf("query %d: result %d (%d) wrong or out of order", k, i, n.ID)
			}
		}
	}
}

// TestSeedWritesEverything: a seeded report comes with its reporter, its
// history in order (ids ascending with time, the public flags kept) and
// its supports, on both engines (PostgreSQL sends a batch in one round
// trip, each report in one statement).
func TestSeedWritesEverything(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	at := db.At(s.Now().Add(-48 * time.Hour))
	var batch []db.SeedReport
	for i := range 3 {
		r := db.SeedReport{
			Report: db.Report{Category: "graffiti", Theme: "social", Status: "acknowledged", Title: fmt.Sprintf("seeded %d", i),
				Lon: 4.3525, Lat: 50.8467, AreaCode: "21004", BodyCode: "commune-21004", Answers: "{}", Locale: "fr",
				SupportCount: i, CreatedAt: at, UpdatedAt: db.At(at.Add(2 * time.Hour)), AcknowledgedAt: db.At(at.Add(time.Hour))},
			Reporter:   db.Reporter{Name: fmt.Sprintf("Voisin %d", i), Email: fmt.Sprintf("v%d@example.org", i), ContactConsent: i == 1},
			Supporters: i,
		}
		for j, k := range []struct{ kind, to, note string }{{db.EventCreated, "new", ""}, {db.EventStatus, "acknowledged", "vu"}, {db.EventNote, "", "merci"}} {
			r.Events = append(r.Events, db.Event{Kind: k.kind, Actor: "seed", ToStatus: k.to, Note: k.note, Public: j != 1,
				CreatedAt: db.At(at.Add(time.Duration(j) * time.Hour))})
		}
		batch = append(batch, r)
	}
	ids, err := s.Seed(ctx, batch)
	if err != nil || len(ids) != 3 {
		t.Fatalf("seed: %v %v", ids, err)
	}
	for i, id := range ids {
		r, err := s.Report(ctx, id)
		if err != nil || r.Title != fmt.Sprintf("seeded %d", i) || r.SupportCount != i || batch[i].Report.ID != id {
			t.Errorf("report %d: %+v %v", id, r, err)
		}
		rep, err := s.ReporterOf(ctx, id)
		if err != nil || rep.Name != fmt.Sprintf("Voisin %d", i) || rep.Email != fmt.Sprintf("v%d@example.org", i) || rep.ContactConsent != (i == 1) {
			t.Errorf("reporter of %d: %+v %v", id, rep, err)
		}
		evs, err := s.Events(ctx, id, true)
		if err != nil || len(evs) != 3 {
			t.Fatalf("events of %d: %+v %v", id, evs, err)
		}
		for j, e := range evs {
			want := batch[i].Events[j]
			if e.ReportID != id || e.Kind != want.Kind || e.ToStatus != want.ToStatus || e.Note != want.Note || e.Public != want.Public ||
				!e.CreatedAt.Equal(want.CreatedAt.Time) || (j > 0 && e.ID <= evs[j-1].ID) {
				t.Errorf("event %d of %d: %+v, want %+v after id %d", j, id, e, want, evs[max(j-1, 0)].ID)
			}
		}
		if pub, _ := s.Events(ctx, id, false); len(pub) != 2 {
			t.Errorf("public events of %d: %d, want 2", id, len(pub))
		}
	}
	// The seeded supports are there: the same supporters again add none.
	for i, id := range ids {
		for k := range i {
			if n, added, err := s.Support(ctx, id, fmt.Sprintf("seed:%d:%d", id, k)); err != nil || added || n != i {
				t.Errorf("seeded supporter %d of %d again: count %d added %v %v, want %d and not added", k, id, n, added, err, i)
			}
		}
		if n, added, err := s.Support(ctx, id, "someone new"); err != nil || !added || n != i+1 {
			t.Errorf("a new supporter of %d: count %d added %v %v, want %d", id, n, added, err, i+1)
		}
	}
}
