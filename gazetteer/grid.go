package gazetteer

import (
	"math"

	"github.com/paulmach/orb"
)

// grid finds the street segments near a point: each segment is listed in
// every cell (about 110 m square) its bounding box touches.
type grid struct {
	cells map[cellKey][]int32
	segs  []segment
}

type cellKey struct{ x, y int32 }

type segment struct {
	street int32
	a, b   orb.Point
}

const (
	cellLat = 0.001  // degrees, about 111 m
	cellLon = 0.0015 // degrees, about 105 m at 50.8° N
)

func cellOf(p orb.Point) cellKey {
	return cellKey{int32(math.Floor(p[0] / cellLon)), int32(math.Floor(p[1] / cellLat))}
}

func newGrid(streets []entry) *grid {
	g := &grid{cells: map[cellKey][]int32{}}
	for i := range streets {
		for _, l := range streets[i].Lines {
			for j := 1; j < len(l); j++ {
				id := int32(len(g.segs))
				g.segs = append(g.segs, segment{street: int32(i), a: l[j-1], b: l[j]})
				lo := cellOf(orb.Point{math.Min(l[j-1][0], l[j][0]), math.Min(l[j-1][1], l[j][1])})
				hi := cellOf(orb.Point{math.Max(l[j-1][0], l[j][0]), math.Max(l[j-1][1], l[j][1])})
				for x := lo.x; x <= hi.x; x++ {
					for y := lo.y; y <= hi.y; y++ {
						g.cells[cellKey{x, y}] = append(g.cells[cellKey{x, y}], id)
					}
				}
			}
		}
	}
	return g
}

// nearest returns the segment nearest p within radius metres, its
// distance and the nearest point on it, or -1.
func (g *grid) nearest(p orb.Point, radius float64) (int, float64, orb.Point) {
	mx, my := metresPerDegree(p[1])
	lo := cellOf(orb.Point{p[0] - radius/mx, p[1] - radius/my})
	hi := cellOf(orb.Point{p[0] + radius/mx, p[1] + radius/my})
	best, bestD, bestP := -1, math.Inf(1), orb.Point{}
	for x := lo.x; x <= hi.x; x++ {
		for y := lo.y; y <= hi.y; y++ {
			for _, id := range g.cells[cellKey{x, y}] {
				s := &g.segs[id]
				d, q := segDistance(p, s.a, s.b, mx, my)
				if d < bestD {
					best, bestD, bestP = int(id), d, q
				}
			}
		}
	}
	if best < 0 || bestD > radius {
		return -1, 0, orb.Point{}
	}
	return best, bestD, bestP
}

// segDistance is the distance in metres from p to the segment a–b, on a
// plane around p scaled by mx, my metres per degree, and the nearest point.
func segDistance(p, a, b orb.Point, mx, my float64) (float64, orb.Point) {
	ax, ay := (a[0]-p[0])*mx, (a[1]-p[1])*my
	bx, by := (b[0]-p[0])*mx, (b[1]-p[1])*my
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
	}
	cx, cy := ax+t*dx, ay+t*dy
	return math.Hypot(cx, cy), orb.Point{p[0] + cx/mx, p[1] + cy/my}
}
