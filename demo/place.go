package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"streetfix/city"
)

// Municipal boundaries have hundreds to thousands of vertices, so testing a
// million points against them directly would dominate generation time. Each
// area is therefore rasterised once into a grid of small cells: a cell that
// no boundary crosses is wholly inside or wholly outside, and only points in
// the few boundary cells need the exact test, which an index of the edges by
// grid column (see slabs) keeps to a few dozen edges.
const cellMetres = 30

const (
	cellOut uint8 = iota
	cellIn
	cellEdge
)

// metresPerDegLat is close enough everywhere for placing points a few metres
// apart; longitude degrees shrink with the cosine of the latitude.
const metresPerDegLat = 111_195.0

type neighbour struct {
	poly  orb.MultiPolygon
	bound orb.Bound
	slabs slabs
}

// line is a stretch of street along which reports gather, as they do along
// real shopping streets and busy roads.
type line struct {
	a, d orb.Point // start, and the vector to the end
	n    orb.Point // unit normal, in degrees per metre
}

// areaSampler draws points inside one area.
type areaSampler struct {
	own        slabs
	others     []neighbour // areas whose box overlaps this one's
	min        orb.Point
	cw, ch     float64 // cell size in degrees
	cols, rows int
	cells      []uint8
	open       []int32 // cells that are not wholly outside
	anchor     orb.Point
	lonScale   float64 // metres per degree of longitude

	lines   []line // unnamed streets
	lineCum []float64
	named   []line // one per named street of the area, in street order
	areaKm2 float64
}

func newAreaSampler(areas []city.Area, i int) (*areaSampler, error) {
	a := areas[i]
	b := a.Geometry.Bound()
	lat := b.Center()[1]
	s := &areaSampler{lonScale: metresPerDegLat * math.Cos(lat*math.Pi/180)}
	s.cw = cellMetres / s.lonScale
	s.ch = cellMetres / metresPerDegLat
	// A margin of one cell keeps every vertex strictly inside the grid.
	s.min = orb.Point{b.Min[0] - s.cw, b.Min[1] - s.ch}
	s.cols = int((b.Max[0]-s.min[0])/s.cw) + 2
	s.rows = int((b.Max[1]-s.min[1])/s.ch) + 2
	s.cells = make([]uint8, s.cols*s.rows)
	for j, o := range areas {
		if j != i && o.Geometry.Bound().Intersects(b) {
			s.others = append(s.others, neighbour{poly: o.Geometry, bound: o.Geometry.Bound()})
		}
	}
	s.markEdges(a.Geometry)
	s.own = s.newSlabs(a.Geometry)
	for k := range s.others {
		s.markEdges(s.others[k].poly)
		s.others[k].slabs = s.newSlabs(s.others[k].poly)
	}
	s.fill()
	if s.anchor == (orb.Point{}) && !s.findAnchor() {
		return nil, fmt.Errorf("demo: area %s has no room for a point", a.Code)
	}
	s.areaKm2 = planar.Area(a.Geometry) * s.lonScale * metresPerDegLat / 1e6
	return s, nil
}

// findAnchor looks for a point inside an area too thin to hold a whole cell.
func (s *areaSampler) findAnchor() bool {
	const steps = 8
	for _, k := range s.open {
		x, y := int(k)%s.cols, int(k)/s.cols
		for i := range steps * steps {
			p := orb.Point{
				s.min[0] + (float64(x)+(float64(i%steps)+0.5)/steps)*s.cw,
				s.min[1] + (float64(y)+(float64(i/steps)+0.5)/steps)*s.ch,
			}
			if s.exact(p) {
				s.anchor = p
				return true
			}
		}
	}
	return false
}

// eachEdge calls f for every edge of every ring, closing rings that do not
// repeat their first point.
func eachEdge(mp orb.MultiPolygon, f func(p, q orb.Point)) {
	for _, poly := range mp {
		for _, ring := range poly {
			if len(ring) == 0 {
				continue
			}
			for k := 1; k < len(ring); k++ {
				f(ring[k-1], ring[k])
			}
			if last := ring[len(ring)-1]; last != ring[0] {
				f(last, ring[0])
			}
		}
	}
}

// markEdges flags every cell that the box of a boundary segment touches: a
// superset of the cells the boundary crosses, which is all correctness needs.
func (s *areaSampler) markEdges(mp orb.MultiPolygon) {
	eachEdge(mp, func(p, q orb.Point) {
		x0, y0 := s.cellOf(orb.Point{math.Min(p[0], q[0]), math.Min(p[1], q[1])})
		x1, y1 := s.cellOf(orb.Point{math.Max(p[0], q[0]), math.Max(p[1], q[1])})
		x0, y0 = max(x0, 0), max(y0, 0)
		x1, y1 = min(x1, s.cols-1), min(y1, s.rows-1)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				s.cells[y*s.cols+x] = cellEdge
			}
		}
	})
}

func (s *areaSampler) cellOf(p orb.Point) (int, int) {
	return int(math.Floor((p[0] - s.min[0]) / s.cw)), int(math.Floor((p[1] - s.min[1]) / s.ch))
}

// fill classifies the cells no boundary touches: each connected group of
// them lies on one side of every boundary, so one exact test per group
// settles all of its cells.
func (s *areaSampler) fill() {
	const unknown = 255
	for k, c := range s.cells {
		if c != cellEdge {
			s.cells[k] = unknown
		}
	}
	var queue []int32
	for start := range s.cells {
		if s.cells[start] != unknown {
			continue
		}
		x, y := start%s.cols, start/s.cols
		centre := orb.Point{s.min[0] + (float64(x)+0.5)*s.cw, s.min[1] + (float64(y)+0.5)*s.ch}
		v := cellOut
		if s.exact(centre) {
			v = cellIn
			if s.anchor == (orb.Point{}) {
				s.anchor = centre
			}
		}
		s.cells[start] = v
		queue = append(queue[:0], int32(start))
		for len(queue) > 0 {
			k := int(queue[len(queue)-1])
			queue = queue[:len(queue)-1]
			kx, ky := k%s.cols, k/s.cols
			for _, nb := range [4][2]int{{kx - 1, ky}, {kx + 1, ky}, {kx, ky - 1}, {kx, ky + 1}} {
				if nb[0] < 0 || nb[1] < 0 || nb[0] >= s.cols || nb[1] >= s.rows {
					continue
				}
				n := nb[1]*s.cols + nb[0]
				if s.cells[n] == unknown {
					s.cells[n] = v
					queue = append(queue, int32(n))
				}
			}
		}
	}
	for k, c := range s.cells {
		if c != cellOut {
			s.open = append(s.open, int32(k))
		}
	}
}

// exact reports whether p is in this area and in none of its neighbours, so
// that a point on a shared border belongs to exactly one municipality.
func (s *areaSampler) exact(p orb.Point) bool {
	col := int(math.Floor((p[0] - s.min[0]) / s.cw))
	if col < 0 || col >= s.cols || !s.own.contains(col, p) {
		return false
	}
	for i := range s.others {
		if s.others[i].bound.Contains(p) && s.others[i].slabs.contains(col, p) {
			return false
		}
	}
	return true
}

// slabs indexes a multipolygon's edges by the grid column their x-range
// overlaps. A point is inside when a ray cast upwards from it crosses the
// boundary an odd number of times, and only the edges of the point's column
// can cross that ray: a few dozen instead of thousands.
type slabs [][]edge

type edge struct{ x0, y0, x1, y1 float64 }

func (s *areaSampler) newSlabs(mp orb.MultiPolygon) slabs {
	sl := make(slabs, s.cols)
	eachEdge(mp, func(p, q orb.Point) {
		if p[0] == q[0] {
			return // vertical edges never cross a vertical ray
		}
		c0 := int(math.Floor((math.Min(p[0], q[0]) - s.min[0]) / s.cw))
		c1 := int(math.Floor((math.Max(p[0], q[0]) - s.min[0]) / s.cw))
		for c := max(c0, 0); c <= min(c1, s.cols-1); c++ {
			sl[c] = append(sl[c], edge{p[0], p[1], q[0], q[1]})
		}
	})
	return sl
}

func (sl slabs) contains(col int, p orb.Point) bool {
	in := false
	for _, e := range sl[col] {
		// Half-open in x, so a ray through a vertex counts it once.
		if (e.x0 <= p[0]) != (e.x1 <= p[0]) {
			y := e.y0 + (p[0]-e.x0)*(e.y1-e.y0)/(e.x1-e.x0)
			if y > p[1] {
				in = !in
			}
		}
	}
	return in
}

func (s *areaSampler) contains(p orb.Point) bool {
	x, y := s.cellOf(p)
	if x < 0 || y < 0 || x >= s.cols || y >= s.rows {
		return false
	}
	switch s.cells[y*s.cols+x] {
	case cellIn:
		return true
	case cellOut:
		return false
	}
	return s.exact(p)
}

// uniform returns a point spread evenly over the area: all cells have the
// same size, so a random open cell and a random point in it, rejected only
// when it falls outside a boundary cell, is uniform.
func (s *areaSampler) uniform(r *rand.Rand) orb.Point {
	for range 256 {
		k := int(s.open[r.IntN(len(s.open))])
		x, y := k%s.cols, k/s.cols
		p := orb.Point{s.min[0] + (float64(x)+r.Float64())*s.cw, s.min[1] + (float64(y)+r.Float64())*s.ch}
		if s.cells[k] == cellIn || s.exact(p) {
			return p
		}
	}
	return s.anchor
}

// newLine draws a straight stretch of street between two points of the area.
func (s *areaSampler) newLine(r *rand.Rand, minM, maxM float64) line {
	a := s.uniform(r)
	for range 16 {
		length := minM + r.Float64()*(maxM-minM)
		// Brussels streets follow no single grid; any bearing will do.
		theta := r.Float64() * 2 * math.Pi
		dx, dy := math.Cos(theta)*length, math.Sin(theta)*length
		b := orb.Point{a[0] + dx/s.lonScale, a[1] + dy/metresPerDegLat}
		if s.contains(b) {
			return line{
				a: a,
				d: orb.Point{b[0] - a[0], b[1] - a[1]},
				n: orb.Point{-dy / length / s.lonScale, dx / length / metresPerDegLat},
			}
		}
	}
	return line{a: a, n: orb.Point{1 / s.lonScale, 0}}
}

// plan lays out the area's streets: one stretch for each named street the
// texts may mention, and unnamed ones, more in larger areas, some of them
// much busier than others.
func (s *areaSampler) plan(r *rand.Rand, named int) {
	for range named {
		s.named = append(s.named, s.newLine(r, 300, 1200))
	}
	n := min(max(int(s.areaKm2*6), 12), 300)
	total := 0.0
	for range n {
		s.lines = append(s.lines, s.newLine(r, 80, 600))
		total += 0.2 + r.ExpFloat64()
		s.lineCum = append(s.lineCum, total)
	}
}

// Where a report lands: on the named street its text mentions, on another
// street of the area, or anywhere (parks, courtyards, side streets).
const (
	shareNamedStreet = 0.30
	shareOtherStreet = 0.40
	// streetSpreadM is how far from a street's centre line reports fall.
	streetSpreadM = 9.0
)

// point returns a point in the area for a report about the named street
// with index named (into s.named).
func (s *areaSampler) point(r *rand.Rand, named int) orb.Point {
	roll := r.Float64()
	var ln *line
	switch {
	case roll < shareNamedStreet && named < len(s.named):
		ln = &s.named[named]
	case roll < shareNamedStreet+shareOtherStreet && len(s.lines) > 0:
		k := searchCum(s.lineCum, r.Float64()*s.lineCum[len(s.lineCum)-1])
		ln = &s.lines[k]
	}
	if ln != nil {
		for range 8 {
			t := r.Float64()
			off := r.NormFloat64() * streetSpreadM
			p := orb.Point{ln.a[0] + t*ln.d[0] + off*ln.n[0], ln.a[1] + t*ln.d[1] + off*ln.n[1]}
			if s.contains(p) {
				return p
			}
		}
	}
	return s.uniform(r)
}

// searchCum returns the first index whose cumulative weight exceeds x.
func searchCum(cum []float64, x float64) int {
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}
