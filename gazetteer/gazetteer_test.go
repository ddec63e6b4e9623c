package gazetteer

import (
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"streetfix/city"
	"streetfix/geo"
)

var (
	brusselsOnce sync.Once
	brussels     *Gazetteer
	brusselsCity *city.City
)

// shipped is the gazetteer of the embedded Brussels data.
func shipped(t testing.TB) *Gazetteer {
	brusselsOnce.Do(func() {
		c, err := city.Default()
		if err != nil {
			t.Fatal(err)
		}
		g, err := Load(c)
		if err != nil {
			t.Fatal(err)
		}
		brussels, brusselsCity = g, c
	})
	if brussels == nil {
		t.Fatal("the Brussels gazetteer did not load")
	}
	return brussels
}

func TestShippedData(t *testing.T) {
	g := shipped(t)
	s, _ := g.Len()
	if s < 1500 {
		t.Fatalf("the shipped gazetteer has %d streets; the extract has about 1,560 names", s)
	}
}

func TestSearch(t *testing.T) {
	g := shipped(t)
	tests := []struct {
		q, lang  string
		wantName string // name (in lang) of the first result
		wantArea string
	}{
		{"rue de la loi", "fr", "Rue de la Loi", "21004"},
		{"Rue de la Loi", "en", "Rue de la Loi", "21004"},
		{"wetstraat", "nl", "Wetstraat", "21004"},
		{"Wetstr", "nl", "Wetstraat", "21004"},
		{"wet straat", "nl", "Wetstraat", "21004"},
		{"Loi", "fr", "Rue de la Loi", "21004"},
		{"LOI", "nl", "Wetstraat", "21004"},
		{"chaussee de wavre", "fr", "Chaussée de Wavre", ""},
		{"CHAUSSÉE DE WAVRE", "fr", "Chaussée de Wavre", ""},
		{"ch. de wavre", "fr", "Chaussée de Wavre", ""},
		{"waversesteenweg", "nl", "Waversesteenweg", "21002"},
		{"chaussée de wavre etterbeek", "fr", "Chaussée de Wavre", "21005"},
		{"avenue des ebeniers", "fr", "Avenue des Ébéniers", ""},
		{"Rue de la Loi 16", "fr", "Rue de la Loi", "21004"},
	}
	for _, tt := range tests {
		ms := g.Search(tt.q, tt.lang, 5)
		if len(ms) == 0 {
			t.Errorf("Search(%q) found nothing", tt.q)
			continue
		}
		if got := ms[0].Name(tt.lang); got != tt.wantName {
			t.Errorf("Search(%q, %s)[0] = %q (then %v), want %q", tt.q, tt.lang, got, names(ms[1:], tt.lang), tt.wantName)
		}
		if tt.wantArea != "" && ms[0].Area != tt.wantArea {
			t.Errorf("Search(%q)[0] is in %s, want %s", tt.q, ms[0].Area, tt.wantArea)
		}
		if ms[0].Point[0] < 4.2 || ms[0].Point[0] > 4.5 || ms[0].Point[1] < 50.7 || ms[0].Point[1] > 50.95 {
			t.Errorf("Search(%q)[0] is at %v, outside the region", tt.q, ms[0].Point)
		}
	}
	for _, q := range []string{"", "   ", "xyzzy plugh", "rue de la loi xyzzy", strings.Repeat("a", MaxQuery+1), "'; DROP TABLE reports; --", "\x00\xff"} {
		if ms := g.Search(q, "fr", 5); len(ms) != 0 {
			t.Errorf("Search(%.40q) = %v, want nothing", q, names(ms, "fr"))
		}
	}
	if ms := g.Search("rue", "fr", 7); len(ms) != 7 {
		t.Errorf("Search(rue, limit 7) gave %d results", len(ms))
	}
}

func names(ms []Match, lang string) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Label(lang))
	}
	return out
}

func TestNearestAndAddress(t *testing.T) {
	g := shipped(t)
	// A point a few metres off the Rue de la Loi piece at Schuman.
	p := orb.Point{4.38530, 50.84212}
	m, ok := g.Nearest(p, MaxReverseDistance)
	if !ok || m.FR != "Rue de la Loi" || m.Distance > 20 {
		t.Fatalf("Nearest(%v) = %+v, %v; want Rue de la Loi within 20 m", p, m, ok)
	}
	a := g.Address(p, "21004")
	if a.FR != "Rue de la Loi, Bruxelles" || a.NL != "Wetstraat, Brussel" || a.EN != "Rue de la Loi, City of Brussels" {
		t.Errorf("Address = %+v", a)
	}
	// Far from any street of the partial extract: the municipality.
	far := orb.Point{4.42, 50.79} // Forêt de Soignes, 311 m from the nearest street of the extract
	if m, ok := g.Nearest(far, MaxStreetDistance); ok {
		t.Fatalf("a street %q lies within %v m of the forest point", m.FR, MaxStreetDistance)
	}
	if m, ok := g.Nearest(far, MaxReverseDistance); !ok || m.Distance < 300 || m.Distance > 320 {
		t.Errorf("nearest street to the forest point = %+v, %v; want about 311 m", m, ok)
	}
	polys := make([]orb.MultiPolygon, len(brusselsCity.Areas))
	for i, a := range brusselsCity.Areas {
		polys[i] = a.Geometry
	}
	area := brusselsCity.Areas[geo.NewAreaIndex(polys).Locate(far)]
	if a := g.Address(far, area.Code); a.FR != area.Name.FR || a.NL != area.Name.NL || a.EN != area.Name.EN {
		t.Errorf("Address far from streets = %+v, want the municipality %+v", a, area.Name)
	}
	if _, ok := g.Nearest(orb.Point{2.35, 48.85}, MaxReverseDistance); ok {
		t.Error("Paris has a nearest Brussels street")
	}
	var empty *Gazetteer
	if a := empty.Address(p, "21004"); a.FR != "21004" {
		t.Errorf("nil gazetteer address = %+v", a)
	}
}

func TestNearestIsExact(t *testing.T) {
	g := shipped(t)
	// The grid must give the same answer as looking at every segment.
	for _, p := range []orb.Point{{4.3517, 50.8466}, {4.3700, 50.8300}, {4.4200, 50.8600}, {4.3000, 50.8800}, {4.4500, 50.8100}} {
		m, ok := g.Nearest(p, MaxReverseDistance)
		mx, my := metresPerDegree(p[1])
		best := 1e18
		for _, s := range g.grid.segs {
			if d, _ := segDistance(p, s.a, s.b, mx, my); d < best {
				best = d
			}
		}
		if best > MaxReverseDistance {
			if ok {
				t.Errorf("%v: found %v at %.1f m, but nothing is within the radius", p, m.FR, m.Distance)
			}
			continue
		}
		if !ok || m.Distance-best > 1e-6 {
			t.Errorf("%v: Nearest = %.3f m (%v), brute force %.3f m", p, m.Distance, ok, best)
		}
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct{ in, fr, nl string }{
		{"Rue de la Loi - Wetstraat", "Rue de la Loi", "Wetstraat"},
		{"Brouwerijstraat - Rue de la Brasserie", "Rue de la Brasserie", "Brouwerijstraat"},
		{"Passerelle Guido Vanderhulst- Guido Vanderhulstbrug", "Passerelle Guido Vanderhulst", "Guido Vanderhulstbrug"},
		{"Chaussée de Saint-Job - Sint-Jobsesteenweg", "Chaussée de Saint-Job", "Sint-Jobsesteenweg"},
		{"Tunnel Loi - Wettunnel", "Tunnel Loi", "Wettunnel"},
		{"Eversestraat", "", "Eversestraat"},
		{"Chemin Ahmet Insel", "Chemin Ahmet Insel", ""},
		{"Tuinbouw", "Tuinbouw", "Tuinbouw"},
		{"  ", "", ""},
	}
	for _, tt := range tests {
		if fr, nl := SplitName(tt.in); fr != tt.fr || nl != tt.nl {
			t.Errorf("SplitName(%q) = %q, %q; want %q, %q", tt.in, fr, nl, tt.fr, tt.nl)
		}
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Chaussée d’Ixelles":   "chaussee d ixelles",
		"SAINT-GILLES":         "saint gilles",
		"Ébéniers  ":           "ebeniers",
		"Œuvre ß":              "oeuvre ss",
		"rue\u00a0de\tla loi!": "rue de la loi",
	}
	for in, want := range tests {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGeocode(t *testing.T) {
	g := shipped(t)
	for _, in := range []string{"Rue de la Loi 16, 1000 Bruxelles", "Wetstraat 16, 1000 Brussel", "rue de la loi"} {
		m, ok := g.Geocode(in)
		if !ok || m.FR != "Rue de la Loi" {
			t.Errorf("Geocode(%q) = %+v, %v", in, m, ok)
		}
	}
	if m, ok := g.Geocode("Nowhere Lane 1, 9999 Atlantis"); ok {
		t.Errorf("Geocode(nonsense) = %+v", m)
	}
}
