package handlers

import "testing"

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
