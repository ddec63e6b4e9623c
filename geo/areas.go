package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// AreaIndex finds which of a set of (multi)polygons holds a point. Areas are
// few and large, so a bounding-box test in front of the exact test suffices.
type AreaIndex struct {
	polys  []orb.MultiPolygon
	bounds []orb.Bound
	all    orb.Bound
}

// NewAreaIndex indexes polys; Locate returns positions in this slice.
func NewAreaIndex(polys []orb.MultiPolygon) *AreaIndex {
	idx := &AreaIndex{polys: polys, bounds: make([]orb.Bound, len(polys))}
	for i, p := range polys {
		idx.bounds[i] = p.Bound()
		if i == 0 {
			idx.all = idx.bounds[i]
		} else {
			idx.all = idx.all.Union(idx.bounds[i])
		}
	}
	return idx
}

// Locate returns the position of the first area containing p, or -1.
func (x *AreaIndex) Locate(p orb.Point) int {
	if !x.all.Contains(p) {
		return -1
	}
	for i, b := range x.bounds {
		if b.Contains(p) && planar.MultiPolygonContains(x.polys[i], p) {
			return i
		}
	}
	return -1
}

// Bound is the box around every area.
func (x *AreaIndex) Bound() orb.Bound { return x.all }
