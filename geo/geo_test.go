package geo_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"streetfix/city"
	"streetfix/geo"
)

func TestParseBBox(t *testing.T) {
	tests := []struct {
		in      string
		want    orb.Bound
		wantErr error
	}{
		{"4.24,50.76,4.48,50.91", orb.Bound{Min: orb.Point{4.24, 50.76}, Max: orb.Point{4.48, 50.91}}, nil},
		{" 4.24 , 50.76 , 4.48 , 50.91 ", orb.Bound{Min: orb.Point{4.24, 50.76}, Max: orb.Point{4.48, 50.91}}, nil},
		{"-180,-90,180,90", orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, nil},
		{"", orb.Bound{}, geo.ErrBadBBox},
		{"1,2,3", orb.Bound{}, geo.ErrBadBBox},
		{"1,2,3,4,5", orb.Bound{}, geo.ErrBadBBox},
		{"a,b,c,d", orb.Bound{}, geo.ErrBadBBox},
		{"NaN,1,2,3", orb.Bound{}, geo.ErrNotFinite},
		{"1,Inf,2,3", orb.Bound{}, geo.ErrNotFinite},
		{"-181,0,1,1", orb.Bound{}, geo.ErrOutOfRange},
		{"0,0,1,91", orb.Bound{}, geo.ErrOutOfRange},
		{"4.48,50.76,4.24,50.91", orb.Bound{}, geo.ErrEmptyBBox},
		{"4.24,50.76,4.24,50.91", orb.Bound{}, geo.ErrEmptyBBox},
		{"1e400,0,1,1", orb.Bound{}, geo.ErrBadBBox},
	}
	for _, tt := range tests {
		got, err := geo.ParseBBox(tt.in)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("ParseBBox(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && !got.Equal(tt.want) {
			t.Errorf("ParseBBox(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCheckPoint(t *testing.T) {
	tests := []struct {
		lon, lat float64
		want     error
	}{
		{4.35, 50.85, nil},
		{180, 90, nil},
		{math.NaN(), 50, geo.ErrNotFinite},
		{4, math.Inf(1), geo.ErrNotFinite},
		{181, 0, geo.ErrOutOfRange},
		{0, -90.0001, geo.ErrOutOfRange},
	}
	for _, tt := range tests {
		if err := geo.CheckPoint(tt.lon, tt.lat); !errors.Is(err, tt.want) {
			t.Errorf("CheckPoint(%v, %v) = %v, want %v", tt.lon, tt.lat, err, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	grandPlace := orb.Point{4.3525, 50.8467}
	flagey := orb.Point{4.3725, 50.8275}
	d := geo.Distance(grandPlace, flagey)
	// About 2.55 km apart on the ground.
	if d < 2400 || d > 2700 {
		t.Errorf("Distance(Grand-Place, Flagey) = %.0f m, want about 2550 m", d)
	}
	b := geo.BoundAround(grandPlace, 250)
	for _, p := range []orb.Point{{4.3525, 50.8467 + 0.00224}, {4.3525 + 0.00354, 50.8467}} {
		if !b.Contains(p) {
			t.Errorf("BoundAround(250 m) misses %v, which is under 250 m away (%.0f m)", p, geo.Distance(grandPlace, p))
		}
	}
}

func TestAreaIndexBrussels(t *testing.T) {
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	polys := make([]orb.MultiPolygon, len(c.Areas))
	for i, a := range c.Areas {
		polys[i] = a.Geometry
	}
	idx := geo.NewAreaIndex(polys)
	landmarks := []struct {
		name string
		p    orb.Point
		want string // area code, "" for outside
	}{
		{"Grand-Place", orb.Point{4.3525, 50.8467}, "21004"},
		{"Place Flagey", orb.Point{4.3724, 50.8277}, "21009"},
		{"Parvis de Saint-Gilles", orb.Point{4.3447, 50.8307}, "21013"},
		{"Place Colignon", orb.Point{4.3771, 50.8675}, "21015"},
		{"Royal Observatory, Uccle", orb.Point{4.3584, 50.7980}, "21016"},
		{"Atomium", orb.Point{4.3417, 50.8949}, "21004"},
		{"Basilica of Koekelberg", orb.Point{4.3172, 50.8665}, "21011"},
		{"Paris", orb.Point{2.3522, 48.8566}, ""},
		{"Halle, just south of the region", orb.Point{4.2370, 50.7330}, ""},
		{"Zaventem airport", orb.Point{4.4844, 50.9010}, ""},
	}
	for _, lm := range landmarks {
		i := idx.Locate(lm.p)
		got := ""
		if i >= 0 {
			got = c.Areas[i].Code
		}
		if got != lm.want {
			t.Errorf("Locate(%s) = %q, want %q", lm.name, got, lm.want)
		}
	}
	// Each municipality's published label point lies in it and in no other.
	for i, a := range c.Areas {
		if got := idx.Locate(a.Label); got != i {
			t.Errorf("label point of %s (%s) located in area %d, want %d", a.Name.FR, a.Code, got, i)
		}
	}
	if len(c.Areas) != 19 {
		t.Errorf("got %d areas, want the 19 municipalities", len(c.Areas))
	}
}

func TestGridClusters(t *testing.T) {
	b := orb.Bound{Min: orb.Point{4.24, 50.76}, Max: orb.Point{4.49, 50.92}}
	pts := []orb.Point{
		{4.3525, 50.8467}, {4.3526, 50.8468}, {4.3527, 50.8466}, // three at the Grand-Place
		{4.4500, 50.7800}, // one far away
	}
	tests := []struct {
		bound      orb.Bound
		zoom       int
		wantCells  int
		wantCounts map[int]int // count -> how many cells
	}{
		{b, 11, 2, map[int]int{3: 1, 1: 1}},
		{orb.Bound{Min: orb.Point{4.35, 50.845}, Max: orb.Point{4.355, 50.848}}, 22, 3, map[int]int{1: 3}},
		{b, 0, 1, map[int]int{4: 1}},
	}
	for _, tt := range tests {
		g := geo.NewGrid(tt.bound, tt.zoom)
		for i, p := range pts {
			g.Add(geo.MercatorX(p[0]), geo.MercatorY(p[1]), i)
		}
		cl := g.Clusters()
		if len(cl) != tt.wantCells {
			t.Errorf("zoom %d: %d clusters, want %d", tt.zoom, len(cl), tt.wantCells)
			continue
		}
		counts := map[int]int{}
		total := 0
		for _, c := range cl {
			counts[c.Count]++
			total += c.Count
			if !c.Bound.Pad(1e-9).Contains(c.Center) {
				t.Errorf("zoom %d: cluster centre %v outside its bound %v", tt.zoom, c.Center, c.Bound)
			}
		}
		inside := 0
		for _, p := range pts {
			if tt.bound.Contains(p) {
				inside++
			}
		}
		if total != inside {
			t.Errorf("zoom %d: clusters hold %d points, want the %d inside the box", tt.zoom, total, inside)
		}
		for k, v := range tt.wantCounts {
			if counts[k] != v {
				t.Errorf("zoom %d: %d clusters of %d, want %d", tt.zoom, counts[k], k, v)
			}
		}
	}
}

func TestGridBoundsMemory(t *testing.T) {
	// The whole world at the deepest zoom must not allocate a cell per 64 px.
	g := geo.NewGrid(orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, geo.MaxZoom)
	g.Add(geo.MercatorX(4.35), geo.MercatorY(50.85), 0)
	if n := len(g.Clusters()); n != 1 {
		t.Fatalf("got %d clusters, want 1", n)
	}
}

func TestMercatorRoundTrip(t *testing.T) {
	for _, p := range []orb.Point{{4.3525, 50.8467}, {-122.4, 37.8}, {0, 0}, {179.9, -60}} {
		got := geo.InverseMercator(geo.MercatorX(p[0]), geo.MercatorY(p[1]))
		if math.Abs(got[0]-p[0]) > 1e-9 || math.Abs(got[1]-p[1]) > 1e-9 {
			t.Errorf("round trip of %v gave %v", p, got)
		}
	}
}

func TestZoomFor(t *testing.T) {
	region := orb.Bound{Min: orb.Point{4.2437, 50.7636}, Max: orb.Point{4.4823, 50.9139}}
	if z := geo.ZoomFor(region, 1024); z < 10 || z > 12 {
		t.Errorf("ZoomFor(region, 1024 px) = %d, want 10..12", z)
	}
}

func TestAreaIndexAgreesWithOrb(t *testing.T) {
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	polys := make([]orb.MultiPolygon, len(c.Areas))
	for i, a := range c.Areas {
		polys[i] = a.Geometry
	}
	idx := geo.NewAreaIndex(polys)
	b := idx.Bound()
	// A fine grid over the region: our ray test and orb's must agree.
	const steps = 120
	for i := 0; i <= steps; i++ {
		for j := 0; j <= steps; j++ {
			p := orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/steps, b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/steps}
			want := -1
			for k, mp := range polys {
				if planar.MultiPolygonContains(mp, p) {
					want = k
					break
				}
			}
			if got := idx.Locate(p); got != want {
				t.Errorf("Locate(%v) = %d, orb says %d", p, got, want)
			}
		}
	}
}

func BenchmarkLocate(b *testing.B) {
	c, _ := city.Default()
	polys := make([]orb.MultiPolygon, len(c.Areas))
	for i, a := range c.Areas {
		polys[i] = a.Geometry
	}
	idx := geo.NewAreaIndex(polys)
	p := orb.Point{4.3525, 50.8467}
	for b.Loop() {
		idx.Locate(p)
	}
}
