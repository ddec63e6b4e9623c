package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/handlers"
)

func TestCatalogEndpoints(t *testing.T) {
	s := newTestServer(t)
	w := s.do("GET", "/api/v1/themes", nil, "Accept-Language", "fr-BE")
	themes := decode[struct {
		Themes []struct{ Code, Name string } `json:"themes"`
	}](t, w)
	if len(themes.Themes) != 5 || themes.Themes[0].Code != "safe" || themes.Themes[0].Name != "Sécurité" {
		t.Errorf("themes: %s", w.Body)
	}
	w = s.do("GET", "/api/v1/categories?lang=nl", nil)
	cats := decode[struct {
		Categories []struct {
			Code, Theme, Name, Owner string
			Questions                []struct {
				Code     string `json:"code"`
				Datatype string `json:"datatype"`
			} `json:"questions"`
		} `json:"categories"`
	}](t, w)
	if len(cats.Categories) != 27 {
		t.Fatalf("%d categories, want 27", len(cats.Categories))
	}
	byCode := map[string]int{}
	for i, c := range cats.Categories {
		byCode[c.Code] = i
	}
	pot := cats.Categories[byCode["pothole"]]
	if pot.Name != "Gat in de weg" || pot.Owner != "commune" || len(pot.Questions) == 0 || pot.Questions[0].Code != "surface" {
		t.Errorf("pothole: %+v", pot)
	}
	if o := cats.Categories[byCode["streetlight_out"]].Owner; o != "sibelga" {
		t.Errorf("streetlight_out owner %q, want sibelga", o)
	}
	w = s.do("GET", "/api/v1/areas", nil)
	areas := decode[struct {
		Areas []struct {
			Code       string `json:"code"`
			Name       string `json:"name"`
			Population int    `json:"population"`
		} `json:"areas"`
	}](t, w)
	total := 0
	for _, a := range areas.Areas {
		total += a.Population
	}
	if len(areas.Areas) != 19 || total != 1218255 {
		t.Errorf("%d areas with %d inhabitants, want 19 with 1218255", len(areas.Areas), total)
	}
	w = s.do("GET", "/api/v1/areas?format=geojson", nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"MultiPolygon"`) || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/geo+json") {
		t.Errorf("areas geojson: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
}

func TestHealthAndMetrics(t *testing.T) {
	s := newTestServer(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if w := s.do("GET", p, nil); w.Code != http.StatusOK {
			t.Errorf("%s: %d %s", p, w.Code, w.Body)
		}
	}
	s.postJSON("/api/v1/reports", grandPlace())
	w := s.do("GET", "/metrics", nil)
	for _, want := range []string{"streetfix_reports_created_total 1", `streetfix_http_requests_total{code="201",method="POST",route="/api/v1/reports"} 1`, "go_goroutines"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	s.store.Close()
	if w := s.do("GET", "/readyz", nil); w.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database closed: %d", w.Code)
	}
}

func TestSecurityHeadersAndIndex(t *testing.T) {
	s := newTestServer(t)
	w := s.do("GET", "/", nil, "Accept-Language", "nl")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `lang="nl"`) || !strings.Contains(w.Body.String(), "Brussels Hoofdstedelijk Gewest") {
		t.Errorf("index: %d %s", w.Code, w.Body)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if w.Header().Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}
	if w := s.do("GET", "/static/style.css", nil); w.Code != 200 || !strings.Contains(w.Body.String(), "font") {
		t.Errorf("style.css: %d", w.Code)
	}
	for _, p := range []string{"/static/", "/static/../web.go", "/static/nothing.js"} {
		if w := s.do("GET", p, nil); w.Code != 404 || strings.Contains(w.Body.String(), "style.css") {
			t.Errorf("GET %s: %d %s", p, w.Code, w.Body)
		}
	}
}

// seedRandom stores n reports at random points of random areas, returning
// how many of each theme and status group were made.
func seedRandom(t *testing.T, s *testServer, n int) (byTheme map[string]int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	byTheme = map[string]int{}
	statuses := []string{"new", "acknowledged", "fixed", "closed", "hidden"}
	var batch []db.SeedReport
	cat := s.store.Catalog()
	now := s.store.Now()
	for i := 0; i < n; i++ {
		a := s.city.Areas[rng.IntN(len(s.city.Areas))]
		c := cat.Categories[rng.IntN(len(cat.Categories))]
		b := a.Geometry.Bound()
		var lon, lat float64
		for {
			lon = b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0])
			lat = b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])
			if got, ok := cat.Locate([2]float64{lon, lat}); ok && got.Code == a.Code {
				break
			}
		}
		body, _ := cat.ResponsibleBody(c, a.Code)
		st := statuses[rng.IntN(len(statuses))]
		at := db.At(now.Add(-time.Duration(rng.IntN(300*24)) * time.Hour))
		batch = append(batch, db.SeedReport{
			Report: db.Report{Category: c.Code, Theme: c.Theme, Status: st, Title: fmt.Sprintf("Seeded %d", i),
				Lon: lon, Lat: lat, AreaCode: a.Code, BodyCode: body.Code, Answers: "{}", Locale: "en",
				CreatedAt: at, UpdatedAt: at},
			Reporter: db.Reporter{TokenHash: fmt.Sprintf("seed-%d", i)},
		})
		if st != "hidden" {
			byTheme[c.Theme]++
		}
	}
	if _, err := s.store.Seed(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	return byTheme
}

func TestMapClustersRegion(t *testing.T) {
	s := newTestServer(t)
	byTheme := seedRandom(t, s, 3000)
	visible := 0
	for _, n := range byTheme {
		visible += n
	}
	w := s.do("GET", "/api/v1/reports?bbox=4.24,50.76,4.49,50.92&zoom=11", nil)
	fc := decode[featureCollectionBody](t, w)
	if w.Code != 200 || !fc.Clustered || fc.Total != visible {
		t.Fatalf("region view: %d clustered=%v total=%d want %d", w.Code, fc.Clustered, fc.Total, visible)
	}
	sum := 0
	for _, f := range fc.Features {
		if f.Properties.Cluster {
			sum += f.Properties.Count
		} else {
			sum++
		}
	}
	if sum != visible || len(fc.Features) > 200 {
		t.Errorf("features hold %d reports in %d features, want %d in few", sum, len(fc.Features), visible)
	}
	// A filter narrows the same view to exactly that theme's visible reports.
	w = s.do("GET", "/api/v1/reports?bbox=4.24,50.76,4.49,50.92&zoom=11&theme=safe", nil)
	if fc := decode[featureCollectionBody](t, w); fc.Total != byTheme["safe"] {
		t.Errorf("theme=safe total %d, want %d", fc.Total, byTheme["safe"])
	}
	// Without bbox the whole service area is the default.
	w = s.do("GET", "/api/v1/reports?status=open,fixed,closed", nil)
	if fc := decode[featureCollectionBody](t, w); fc.Total != visible {
		t.Errorf("default bbox total %d, want %d", fc.Total, visible)
	}
	// Zoomed in on a small box, reports come one by one with their properties.
	w = s.do("GET", "/api/v1/reports?bbox=4.35,50.84,4.356,50.848&zoom=18", nil)
	fc = decode[featureCollectionBody](t, w)
	for _, f := range fc.Features {
		if f.Properties.Cluster || f.ID == 0 || f.Properties.Title == "" || f.Properties.Status == "hidden" {
			t.Errorf("close-up feature %+v", f)
		}
	}
}

// TestMapClustersRounded: a cluster's centre and bounds come with six
// decimals at most (the digits past them cost a phone bytes and mean
// nothing), and the bounds are rounded outward: zooming to them still
// finds every report the cluster counts.
func TestMapClustersRounded(t *testing.T) {
	s := newTestServer(t)
	seedRandom(t, s, 3000)
	w := s.do("GET", "/api/v1/reports?bbox=4.24,50.76,4.49,50.92&zoom=11&status=open,fixed,closed", nil)
	var raw struct {
		Features []struct {
			Geometry struct {
				Coordinates []json.Number `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				Cluster bool          `json:"cluster"`
				Count   int           `json:"count"`
				BBox    []json.Number `json:"bbox"`
			} `json:"properties"`
		} `json:"features"`
	}
	dec := json.NewDecoder(w.Body)
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range raw.Features {
		if !f.Properties.Cluster || f.Properties.Count < 5 {
			continue
		}
		for _, n := range append(f.Geometry.Coordinates, f.Properties.BBox...) {
			if i := strings.IndexByte(string(n), '.'); i >= 0 && len(n)-i-1 > 6 {
				t.Errorf("cluster number %s has more than six decimals", n)
			}
		}
		if checked < 12 {
			checked++
			b := make([]string, 4)
			for i, n := range f.Properties.BBox {
				b[i] = string(n)
			}
			in := decode[featureCollectionBody](t, s.do("GET", "/api/v1/reports?zoom=22&status=open,fixed,closed&bbox="+strings.Join(b, ","), nil))
			if in.Total < f.Properties.Count {
				t.Errorf("the bounds %v of a cluster of %d hold %d reports", b, f.Properties.Count, in.Total)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no cluster of five or more in the region view")
	}
}

func TestMapViewCapsFeatures(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.MaxPoints = 20 })
	seedRandom(t, s, 3000)
	// A deep zoom over the whole region would make a cell per report.
	w := s.do("GET", "/api/v1/reports?bbox=4.24,50.76,4.49,50.92&zoom=22", nil)
	fc := decode[featureCollectionBody](t, w)
	if !fc.Clustered || len(fc.Features) > 40 {
		t.Fatalf("%d features (clustered %v), want at most 2×MaxPoints", len(fc.Features), fc.Clustered)
	}
	sum := 0
	for _, f := range fc.Features {
		if f.Properties.Cluster {
			sum += f.Properties.Count
		} else {
			sum++
		}
	}
	if sum != fc.Total {
		t.Errorf("features hold %d reports, total says %d", sum, fc.Total)
	}
}
