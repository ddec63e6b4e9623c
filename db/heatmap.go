package db

import (
	"cmp"
	"math"
	"slices"
)

// The dashboard's heatmap counts reports in square cells of a grid in
// web-mercator units, from the pin index: what leaves the server is a count
// per cell, never a report's point.

// HeatCell is one cell of a heatmap grid: its column and row (the cell
// holds x in [X·size, (X+1)·size) and y likewise) and its reports.
type HeatCell struct {
	X, Y  int32
	Count int
}

// Heatmap counts the public reports that f selects in cells of size
// web-mercator units (see geo.MercatorX), west to east then north to south.
func (s *Store) Heatmap(f StatsFilter, size float64) []HeatCell {
	if !(size > 0) || math.IsInf(size, 0) {
		return nil
	}
	p := s.pins
	p.mu.RLock()
	m := p.statsMatcher(f)
	counts := map[int64]int{}
	for i := range p.pins {
		pn := &p.pins[i]
		if !m.match(pn) {
			continue
		}
		cx, cy := int64(math.Floor(float64(pn.x)/size)), int64(math.Floor(float64(pn.y)/size))
		counts[cx<<32|cy&0xffffffff]++
	}
	p.mu.RUnlock()
	out := make([]HeatCell, 0, len(counts))
	for k, n := range counts {
		out = append(out, HeatCell{X: int32(k >> 32), Y: int32(k), Count: n})
	}
	slices.SortFunc(out, func(a, b HeatCell) int { return cmp.Or(cmp.Compare(a.Y, b.Y), cmp.Compare(a.X, b.X)) })
	return out
}
