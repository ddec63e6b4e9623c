package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// CellPixels is the side of a clustering cell on screen: points closer than
// this at the requested zoom merge into one cluster.
const CellPixels = 64

// maxCells bounds the grid so a huge box at a deep zoom cannot ask for an
// enormous amount of memory; the cells grow coarser instead.
const maxCells = 1 << 16

// Grid accumulates points into square web-mercator cells covering a box.
type Grid struct {
	minX, minY float64
	cell       float64
	cols, rows int
	cells      []gridCell
}

type gridCell struct {
	n                      int
	first                  int
	sumX, sumY             float64
	minX, minY, maxX, maxY float64
}

// Cluster is one cell's summary: how many points fell in it, their mean
// position, the box around them and the index of the first one added.
type Cluster struct {
	Center orb.Point
	Bound  orb.Bound
	Count  int
	First  int
}

// NewGrid prepares a clustering grid over b at the given zoom.
func NewGrid(b orb.Bound, zoom int) *Grid {
	zoom = max(0, min(MaxZoom, zoom))
	g := &Grid{
		minX: MercatorX(b.Min[0]),
		minY: MercatorY(b.Max[1]),
		cell: CellPixels / (256 * math.Exp2(float64(zoom))),
	}
	w := MercatorX(b.Max[0]) - g.minX
	h := MercatorY(b.Min[1]) - g.minY
	for {
		g.cols = int(w/g.cell) + 1
		g.rows = int(h/g.cell) + 1
		if g.cols*g.rows <= maxCells {
			break
		}
		g.cell *= 2
	}
	g.cells = make([]gridCell, g.cols*g.rows)
	return g
}

// Add puts the point with web-mercator coordinates x, y (see MercatorX and
// MercatorY) into its cell; idx is the caller's handle for it.
func (g *Grid) Add(x, y float64, idx int) {
	cx := int((x - g.minX) / g.cell)
	cy := int((y - g.minY) / g.cell)
	if cx < 0 || cy < 0 || cx >= g.cols || cy >= g.rows {
		return
	}
	c := &g.cells[cy*g.cols+cx]
	if c.n == 0 {
		c.first = idx
		c.minX, c.maxX, c.minY, c.maxY = x, x, y, y
	} else {
		c.minX, c.maxX = min(c.minX, x), max(c.maxX, x)
		c.minY, c.maxY = min(c.minY, y), max(c.maxY, y)
	}
	c.n++
	c.sumX += x
	c.sumY += y
}

// Clusters returns the non-empty cells, in row-major order.
func (g *Grid) Clusters() []Cluster {
	var out []Cluster
	for i := range g.cells {
		c := &g.cells[i]
		if c.n == 0 {
			continue
		}
		out = append(out, Cluster{
			Center: InverseMercator(c.sumX/float64(c.n), c.sumY/float64(c.n)),
			Bound:  orb.Bound{Min: InverseMercator(c.minX, c.maxY), Max: InverseMercator(c.maxX, c.minY)},
			Count:  c.n,
			First:  c.first,
		})
	}
	return out
}
