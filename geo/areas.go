package geo

import (
	"github.com/paulmach/orb"
)

// AreaIndex finds which of a set of (multi)polygons holds a point. Areas are
// few and large, so bounding boxes of every ring, computed once, in front
// of an even-odd ray test suffice; orb's planar functions recompute ring
// bounds on every call, which dominated intake.
type AreaIndex struct {
	areas []indexedArea
	all   orb.Bound
}

type indexedArea struct {
	bound orb.Bound
	polys []indexedPolygon
}

type indexedPolygon struct {
	rings  []orb.Ring // outer ring first, then holes
	bounds []orb.Bound
}

// NewAreaIndex indexes polys; Locate returns positions in this slice.
func NewAreaIndex(polys []orb.MultiPolygon) *AreaIndex {
	idx := &AreaIndex{areas: make([]indexedArea, len(polys))}
	for i, mp := range polys {
		a := &idx.areas[i]
		a.bound = mp.Bound()
		for _, p := range mp {
			ip := indexedPolygon{rings: p, bounds: make([]orb.Bound, len(p))}
			for j, r := range p {
				ip.bounds[j] = r.Bound()
			}
			a.polys = append(a.polys, ip)
		}
		if i == 0 {
			idx.all = a.bound
		} else {
			idx.all = idx.all.Union(a.bound)
		}
	}
	return idx
}

// Locate returns the position of the first area containing p, or -1.
func (x *AreaIndex) Locate(p orb.Point) int {
	if !x.all.Contains(p) {
		return -1
	}
	for i := range x.areas {
		a := &x.areas[i]
		if !a.bound.Contains(p) {
			continue
		}
		for _, poly := range a.polys {
			if poly.contains(p) {
				return i
			}
		}
	}
	return -1
}

// Bound is the box around every area.
func (x *AreaIndex) Bound() orb.Bound { return x.all }

func (pg indexedPolygon) contains(p orb.Point) bool {
	if !pg.bounds[0].Contains(p) || !ringContains(pg.rings[0], p) {
		return false
	}
	for j := 1; j < len(pg.rings); j++ {
		if pg.bounds[j].Contains(p) && ringContains(pg.rings[j], p) {
			return false
		}
	}
	return true
}

// ringContains is the even-odd rule: a ray from p to the east crosses the
// ring's edges an odd number of times when p is inside.
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	x, y := p[0], p[1]
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		xi, yi := r[i][0], r[i][1]
		xj, yj := r[j][0], r[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}
