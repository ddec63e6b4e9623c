package gazetteer

import (
	"math"

	"github.com/paulmach/orb"
)

// MaxReverseDistance is the farthest a reverse look-up searches, in metres.
const MaxReverseDistance = 2000

// Nearest returns the street nearest p within radius metres (at most
// MaxReverseDistance), with the distance to it and the nearest point on
// it; the house number nearest p is added when it is on that street and
// within MaxNumberDistance.
func (g *Gazetteer) Nearest(p orb.Point, radius float64) (Match, bool) {
	if g == nil || len(g.streets) == 0 {
		return Match{}, false
	}
	radius = math.Min(radius, MaxReverseDistance)
	// Most points have a street close by: look near first, so a look-up
	// reads a few cells rather than the whole radius.
	for r := math.Min(150, radius); ; r = math.Min(r*4, radius) {
		if seg, d, q := g.grid.nearest(p, r); seg >= 0 {
			i := int(g.grid.segs[seg].street)
			m := g.match(i)
			m.Point, m.Distance = q, d
			if n, ok := g.nearestNumber(i, p); ok {
				m.Number = n.Number
			}
			return m, true
		}
		if r >= radius {
			return Match{}, false
		}
	}
}

func (g *Gazetteer) nearestNumber(i int, p orb.Point) (Number, bool) {
	mx, my := metresPerDegree(p[1])
	best, bestD := Number{}, math.Inf(1)
	for _, n := range g.numbers[i] {
		if d := math.Hypot((n.Point[0]-p[0])*mx, (n.Point[1]-p[1])*my); d < bestD {
			best, bestD = n, d
		}
	}
	return best, bestD <= MaxNumberDistance
}
