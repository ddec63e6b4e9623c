package handlers

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestRoundingForTolerance(t *testing.T) {
	for _, c := range []struct {
		tol  float64
		want int
	}{{0.00001, 100000}, {0.00005, 100000}, {0.0001, 10000}, {0.00015, 10000}, {0.001, 1000}, {0.01, 100}, {0.000001, 100000}} {
		if got := roundingFor(c.tol); got != c.want {
			t.Errorf("roundingFor(%g) = %d, want %d", c.tol, got, c.want)
		}
	}
}

// TestClusterRounding: a cluster's bounds are rounded outward to six
// decimals and still contain every point of the bounds they round; its
// centre moves by half a unit of the sixth decimal at most.
func TestClusterRounding(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 10000; i++ {
		lon, lat := 4.2+rng.Float64()*0.3, 50.7+rng.Float64()*0.25
		b := orb.Bound{Min: orb.Point{lon, lat}, Max: orb.Point{lon + rng.Float64()*0.01, lat + rng.Float64()*0.01}}
		r := roundOutward(b)
		if r[0] > b.Min[0] || r[1] > b.Min[1] || r[2] < b.Max[0] || r[3] < b.Max[1] {
			t.Fatalf("roundOutward(%v) = %v does not contain it", b, r)
		}
		p := roundPoint(b.Min)
		for j, v := range append(r[:], p[0], p[1]) {
			s := strconv.FormatFloat(v, 'f', -1, 64)
			if k := strings.IndexByte(s, '.'); k >= 0 && len(s)-k-1 > 6 {
				t.Fatalf("value %d of %v prints as %s", j, b, s)
			}
		}
		if math.Abs(r[0]-b.Min[0]) >= 1e-6 || math.Abs(r[3]-b.Max[1]) >= 1e-6 || math.Abs(p[0]-b.Min[0]) > 5.0001e-7 {
			t.Fatalf("rounding %v moved it by more than the sixth decimal: %v, %v", b, r, p)
		}
	}
}
