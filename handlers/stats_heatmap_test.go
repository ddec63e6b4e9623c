package handlers_test

import (
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"streetfix/geo"
)

type heatBody struct {
	Type     string
	CellM    int `json:"cell_m"`
	Total    int
	Period   struct{ From, To string }
	Features []struct {
		Type     string
		Geometry struct {
			Type        string
			Coordinates [][][2]float64
		}
		Properties map[string]int
	}
}

// TestHeatmapEqualBruteForce counts the reports of each square here, from
// the stored reports, and compares them with /api/v1/stats/heatmap for
// several filters and cell sizes: every square, its corners and its count.
func TestHeatmapEqualBruteForce(t *testing.T) {
	s := newTestServer(t)
	seedStats(t, s, 3000)
	all := everyReport(t, s)
	now := s.store.Now().In(brussels)
	last12 := time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, brussels)
	bound := s.city.Areas[0].Geometry.Bound()
	for _, a := range s.city.Areas[1:] {
		bound = bound.Union(a.Geometry.Bound())
	}
	lat0 := (bound.Min[1] + bound.Max[1]) / 2
	for _, query := range []string{"", "cell=100&theme=mobile", "cell=2000&all=1", "cell=100&area=21015&from=2026-01-01", "body=commune-21009,sibelga&cell=500"} {
		t.Run(query, func(t *testing.T) {
			w := s.do("GET", "/api/v1/stats/heatmap?"+query, nil)
			if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			got := decode[heatBody](t, w)
			q, _ := url.ParseQuery(query)
			f := newBruteFilter(t, q, last12)
			cell := 200
			if q.Get("cell") != "" {
				cell = atoi(t, q.Get("cell"))
			}
			size := float64(cell) / (40_075_016.686 * math.Cos(lat0*math.Pi/180))
			type key struct{ x, y int64 }
			want := map[key]int{}
			total := 0
			for _, r := range all {
				if !f.match(r) {
					continue
				}
				// The index keeps points as float32, as the server counts them.
				x, y := float64(float32(geo.MercatorX(r.Lon))), float64(float32(geo.MercatorY(r.Lat)))
				want[key{int64(math.Floor(x / size)), int64(math.Floor(y / size))}]++
				total++
			}
			if total == 0 {
				t.Fatal("the filter matches nothing: a weak test")
			}
			if got.Type != "FeatureCollection" || got.CellM != cell || got.Total != total || len(got.Features) != len(want) {
				t.Fatalf("%s: %d squares holding %d, cell %d; want %d squares holding %d", query, len(got.Features), got.Total, got.CellM, len(want), total)
			}
			for _, ft := range got.Features {
				ring := ft.Geometry.Coordinates[0]
				if ft.Type != "Feature" || ft.Geometry.Type != "Polygon" || len(ring) != 5 || ring[0] != ring[4] {
					t.Fatalf("feature %+v", ft)
				}
				// The square's centre names its cell.
				centre := [2]float64{(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2}
				k := key{int64(math.Floor(geo.MercatorX(centre[0]) / size)), int64(math.Floor(geo.MercatorY(centre[1]) / size))}
				if ft.Properties["count"] != want[k] || want[k] == 0 {
					t.Errorf("square %v: %d reports, want %d", ring[0], ft.Properties["count"], want[k])
				}
				side := geo.Distance(orb2(ring[0]), orb2(ring[1]))
				if math.Abs(side-float64(cell)) > float64(cell)*0.02 {
					t.Errorf("square %v: side %.1f m, want %d", ring[0], side, cell)
				}
				delete(want, k)
			}
			if len(want) != 0 {
				t.Errorf("%d squares missing", len(want))
			}
		})
	}
	// Bad filters and sizes: 400 in the error shape, naming the field.
	for query, field := range map[string]string{
		"cell=99": "cell", "cell=2001": "cell", "cell=abc": "cell", "cell=1e3": "cell",
		"theme=nope": "theme", "from=yesterday": "from", "all=2": "all", "from=2026-02-01&to=2026-01-01": "to",
	} {
		w := s.do("GET", "/api/v1/stats/heatmap?"+query, nil)
		e := decode[errorBody](t, w)
		if w.Code != 400 || e.Error.Field != field || e.Error.Message == "" {
			t.Errorf("%s: %d %s", query, w.Code, w.Body)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func orb2(p [2]float64) orb.Point { return orb.Point{p[0], p[1]} }

// A filter sent twice (?area=21004&area=21009) is refused, not half read.
func TestStatsRepeatedParams(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/api/v1/stats?area=21004&area=21009", "/api/v1/stats/heatmap?area=21004&area=21009",
		"/api/v1/stats?theme=safe&theme=mobile", "/api/v1/stats/heatmap?cell=100&cell=200"} {
		w := s.do("GET", path, nil)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"repeated_param"`) {
			t.Errorf("%s: %d %s", path, w.Code, w.Body)
		}
	}
	for _, path := range []string{"/api/v1/stats?area=21004,21009", "/api/v1/stats/heatmap?area=21004,21009"} {
		if w := s.do("GET", path, nil); w.Code != http.StatusOK {
			t.Errorf("%s: %d %s", path, w.Code, w.Body)
		}
	}
}
