package db

import (
	"math"
	"runtime"
	"sync"

	"streetfix/geo"
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

// heatGridMax bounds the dense grid of a heatmap (cells over the city's
// bound); a finer grid is refused by the caller's limits long before.
const heatGridMax = 4 << 20

// Heatmap counts the public reports that f selects in cells of size
// web-mercator units (see geo.MercatorX), north to south then west to
// east. Cells are counted in a dense grid over the city's bound, in
// parallel parts like the summaries.
func (s *Store) Heatmap(f StatsFilter, size float64) []HeatCell {
	if !(size > 0) || math.IsInf(size, 0) {
		return nil
	}
	b := s.Catalog().Bound()
	x0, y0 := int64(math.Floor(geo.MercatorX(b.Min[0])/size)), int64(math.Floor(geo.MercatorY(b.Max[1])/size))
	x1, y1 := int64(math.Floor(geo.MercatorX(b.Max[0])/size)), int64(math.Floor(geo.MercatorY(b.Min[1])/size))
	w, h := x1-x0+1, y1-y0+1
	if w <= 0 || h <= 0 || w*h > heatGridMax {
		return nil
	}
	p := s.pins
	p.mu.RLock()
	m := p.statsMatcher(f)
	parts := max(1, min(runtime.GOMAXPROCS(0), len(p.pins)/100_000))
	grids := make([][]int32, parts)
	var wg sync.WaitGroup
	for k := range parts {
		lo, hi := k*len(p.pins)/parts, (k+1)*len(p.pins)/parts
		grids[k] = make([]int32, w*h)
		wg.Add(1)
		go func(g []int32, pins []pin) {
			defer wg.Done()
			for i := range pins {
				pn := &pins[i]
				if !m.match(pn) {
					continue
				}
				cx, cy := int64(math.Floor(float64(pn.x)/size))-x0, int64(math.Floor(float64(pn.y)/size))-y0
				if cx >= 0 && cx < w && cy >= 0 && cy < h { // every report lies in the city
					g[cy*w+cx]++
				}
			}
		}(grids[k], p.pins[lo:hi])
	}
	wg.Wait()
	p.mu.RUnlock()
	var out []HeatCell
	for i, n := range grids[0] {
		for _, g := range grids[1:] {
			n += g[i]
		}
		if n > 0 {
			out = append(out, HeatCell{X: int32(x0 + int64(i)%w), Y: int32(y0 + int64(i)/w), Count: int(n)})
		}
	}
	return out
}
