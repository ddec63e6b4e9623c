package db

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"streetfix/geo"
	"streetfix/report"
)

// pinIndex is an in-memory copy of what a map view needs of every visible
// report: position, category, theme, status, area, creation and update
// times, 40 bytes a report. Clustering a million points means touching every one in
// the view; from memory that takes milliseconds, from SQL seconds.
type pinIndex struct {
	mu   sync.RWMutex
	pins []pin // sorted by id; ids grow, so inserts append
	dict pinDict
}

type pin struct {
	id      int64
	x, y    float32 // web-mercator, see geo.MercatorX
	created int64   // Unix milliseconds
	updated int64   // Unix milliseconds: an older write never replaces a newer one
	cat     uint16
	area    uint16
	theme   uint8
	status  uint8
}

// pinDict interns the codes stored in pins as small integers.
type pinDict struct {
	cats, areas, themes, statuses map[string]int
}

func newPinIndex() *pinIndex {
	p := &pinIndex{dict: pinDict{cats: map[string]int{}, areas: map[string]int{}, themes: map[string]int{}, statuses: map[string]int{}}}
	for i, st := range report.Statuses {
		p.dict.statuses[st] = i
	}
	return p
}

func intern(m map[string]int, code string) int {
	if i, ok := m[code]; ok {
		return i
	}
	m[code] = len(m)
	return len(m) - 1
}

// setCatalog interns the catalog's codes in catalog order.
func (p *pinIndex) setCatalog(c *Catalog) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, t := range c.Themes {
		intern(p.dict.themes, t.Code)
	}
	for _, cat := range c.Categories {
		intern(p.dict.cats, cat.Code)
	}
	for _, a := range c.Areas {
		intern(p.dict.areas, a.Code)
	}
}

func (p *pinIndex) makePin(r Report) pin {
	return pin{
		id:      r.ID,
		x:       float32(geo.MercatorX(r.Lon)),
		y:       float32(geo.MercatorY(r.Lat)),
		created: r.CreatedAt.UnixMilli(),
		updated: r.UpdatedAt.UnixMilli(),
		cat:     uint16(intern(p.dict.cats, r.Category)),
		area:    uint16(intern(p.dict.areas, r.AreaCode)),
		theme:   uint8(intern(p.dict.themes, r.Theme)),
		status:  uint8(intern(p.dict.statuses, r.Status)),
	}
}

// put adds or replaces a report's pin; hidden reports are removed.
func (p *pinIndex) put(r Report) {
	p.mu.Lock()
	defer p.mu.Unlock()
	i, found := slices.BinarySearchFunc(p.pins, r.ID, func(a pin, id int64) int { return cmpInt64(a.id, id) })
	if found && p.pins[i].updated > r.UpdatedAt.UnixMilli() {
		return // a later change got here first (writers race between commit and index)
	}
	if r.Status == report.StatusHidden {
		if found {
			p.pins = slices.Delete(p.pins, i, i+1)
		}
		return
	}
	pn := p.makePin(r)
	switch {
	case found:
		p.pins[i] = pn
	case i == len(p.pins):
		p.pins = append(p.pins, pn)
	default:
		p.pins = slices.Insert(p.pins, i, pn)
	}
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// LoadPins fills the map index from the database; call it once at start-up.
func (s *Store) LoadPins(ctx context.Context) error {
	const q = `SELECT id, category, theme, status, lon, lat, area_code, created_at, updated_at
		FROM reports WHERE status <> 'hidden' ORDER BY id`
	rows, err := s.read.QueryxContext(ctx, q)
	if err != nil {
		return fmt.Errorf("db: load pins: %w", err)
	}
	defer rows.Close()
	p := s.pins
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pins = p.pins[:0]
	var r Report
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.Category, &r.Theme, &r.Status, &r.Lon, &r.Lat, &r.AreaCode, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return fmt.Errorf("db: load pins: %w", err)
		}
		p.pins = append(p.pins, p.makePin(r))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("db: load pins: %w", err)
	}
	p.pins = slices.Clip(p.pins)
	return nil
}

// MapFilter selects reports for a map view. Empty lists mean "any".
type MapFilter struct {
	Bound      orb.Bound
	Zoom       int
	Themes     []string
	Categories []string
	Statuses   []string
	Areas      []string
	Since      time.Time
}

// MapView is what a map shows: either every matching report (IDs, when
// they are few) or clusters, with IDs for the clusters of one report.
type MapView struct {
	Total     int           // matching reports in the box
	Clustered bool          // whether Clusters is set
	Clusters  []geo.Cluster // cells of two reports or more
	IDs       []int64       // reports shown one by one
}

// MapView answers a map query from memory. With at most maxPoints matches
// it lists them; otherwise it clusters them on a grid for the zoom, made
// coarser until the answer has at most 2×maxPoints features, so a deep
// zoom over a wide box cannot ask for thousands of separate reports.
func (s *Store) MapView(f MapFilter, maxPoints int) MapView {
	p := s.pins
	p.mu.RLock()
	defer p.mu.RUnlock()
	m := p.matcher(f)
	zoom := f.Zoom
	for {
		v, singles := p.scan(f.Bound, zoom, &m, maxPoints)
		if !v.Clustered {
			return v
		}
		features := len(v.Clusters) + len(singles)
		if features <= 2*max(maxPoints, 1) || zoom == 0 {
			for _, i := range singles {
				v.IDs = append(v.IDs, p.pins[i].id)
			}
			return v
		}
		// Each zoom level down halves the cells' side, quartering their number.
		zoom -= max(1, int(math.Ceil(math.Log2(float64(features)/float64(2*max(maxPoints, 1)))/2)))
		zoom = max(zoom, 0)
	}
}

// scan is one pass over the pins: the matching count, the first ids, and
// the grid's clusters; singles are the pin positions of one-report cells.
func (p *pinIndex) scan(b orb.Bound, zoom int, m *pinMatcher, maxPoints int) (MapView, []int) {
	minX, maxX := float32(geo.MercatorX(b.Min[0])), float32(geo.MercatorX(b.Max[0]))
	minY, maxY := float32(geo.MercatorY(b.Max[1])), float32(geo.MercatorY(b.Min[1]))
	grid := geo.NewGrid(b, zoom)
	var v MapView
	ids := make([]int64, 0, min(maxPoints+1, 1024))
	for i := range p.pins {
		pn := &p.pins[i]
		if pn.x < minX || pn.x > maxX || pn.y < minY || pn.y > maxY || !m.match(pn) {
			continue
		}
		v.Total++
		if len(ids) <= maxPoints {
			ids = append(ids, pn.id)
		}
		grid.Add(float64(pn.x), float64(pn.y), i)
	}
	if v.Total <= maxPoints {
		v.IDs = ids
		return v, nil
	}
	v.Clustered = true
	var singles []int
	for _, c := range grid.Clusters() {
		if c.Count == 1 {
			singles = append(singles, c.First)
		} else {
			v.Clusters = append(v.Clusters, c)
		}
	}
	return v, singles
}

// pinMatcher tests pins against a filter using lookup tables by code index.
type pinMatcher struct {
	cats, areas, themes, statuses []bool // nil: any
	since                         int64
}

func lookup(m map[string]int, codes []string) []bool {
	if len(codes) == 0 {
		return nil
	}
	t := make([]bool, len(m)+1)
	for _, c := range codes {
		if i, ok := m[c]; ok {
			t[i] = true
		}
	}
	return t
}

func (p *pinIndex) matcher(f MapFilter) pinMatcher {
	m := pinMatcher{
		cats:     lookup(p.dict.cats, f.Categories),
		areas:    lookup(p.dict.areas, f.Areas),
		themes:   lookup(p.dict.themes, f.Themes),
		statuses: lookup(p.dict.statuses, f.Statuses),
	}
	if !f.Since.IsZero() {
		m.since = f.Since.UnixMilli()
	}
	return m
}

func (m *pinMatcher) match(pn *pin) bool {
	return (m.themes == nil || int(pn.theme) < len(m.themes) && m.themes[pn.theme]) &&
		(m.statuses == nil || int(pn.status) < len(m.statuses) && m.statuses[pn.status]) &&
		(m.cats == nil || int(pn.cat) < len(m.cats) && m.cats[pn.cat]) &&
		(m.areas == nil || int(pn.area) < len(m.areas) && m.areas[pn.area]) &&
		pn.created >= m.since
}

// PublicCount returns how many reports are visible to the public.
func (s *Store) PublicCount() int {
	s.pins.mu.RLock()
	defer s.pins.mu.RUnlock()
	return len(s.pins.pins)
}

// keep returns the hits whose reports have one of statuses (default:
// every public one) and the category (default: any); hidden and unknown
// reports never pass. It filters in place.
func (p *pinIndex) keep(hits []nearHit, statuses []string, category string) []nearHit {
	p.mu.RLock()
	defer p.mu.RUnlock()
	m := pinMatcher{statuses: lookup(p.dict.statuses, statuses)}
	if category != "" {
		m.cats = lookup(p.dict.cats, []string{category})
	}
	out := hits[:0]
	for _, h := range hits {
		i, found := slices.BinarySearchFunc(p.pins, h.id, func(a pin, id int64) int { return cmpInt64(a.id, id) })
		if found && m.match(&p.pins[i]) {
			out = append(out, h)
		}
	}
	return out
}
