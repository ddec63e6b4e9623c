package gazetteer

import (
	"testing"

	"github.com/paulmach/orb"

	"streetfix/city"
)

func BenchmarkLoad(b *testing.B) {
	c, err := city.Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Load(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	g := shipped(b)
	qs := []string{"ru", "rue de la l", "wetstr", "chaussée de w", "loi", "av des eb"}
	for i := 0; b.Loop(); i++ {
		g.Search(qs[i%len(qs)], "fr", 8)
	}
}

func BenchmarkNearest(b *testing.B) {
	g := shipped(b)
	for i := 0; b.Loop(); i++ {
		g.Nearest(orb.Point{4.30 + float64(i%97)*0.0017, 50.79 + float64(i%89)*0.0012}, MaxReverseDistance)
	}
}

// BenchmarkAddress is the work intake adds to each report: its nearest
// street within MaxStreetDistance, or the municipality.
func BenchmarkAddress(b *testing.B) {
	g := shipped(b)
	for i := 0; b.Loop(); i++ {
		g.Address(orb.Point{4.30 + float64(i%97)*0.0017, 50.79 + float64(i%89)*0.0012}, "21004")
	}
}
