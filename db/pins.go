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

// pinIndex is an in-memory copy of what a map view and the council's
// summaries need of every visible report: position, category, theme, status,
// area, body, creation time, times to acknowledge and to fix, and supports,
// 40 bytes a report. Clustering a million points or counting them by theme
// means touching every one; from memory that takes milliseconds, from SQL
// seconds. The change feed (feed.go) is the only writer.
type pinIndex struct {
	mu sync.RWMutex
	// pins are in the order they arrived, so a position never changes:
	// ids mostly grow, but two instances commit their reports in any order.
	pins []pin
	// order lists the positions of pins by id once a pin has arrived out
	// of id order; while none has (the usual case), it is nil and pins
	// themselves are in id order. An insert below the tail costs a move of
	// 4 bytes per pin after it, not a rebuild of the grid.
	order []int32
	dict  pinDict
	// cells is a uniform grid of positions in pins for searches around a
	// point: a 250 m circle touches a handful of cells instead of every pin.
	// Pins are never removed (a hidden or deleted report's pin stays,
	// marked hidden), so positions stay valid.
	cells  map[uint64][]int32
	hidden int // pins marked hidden
}

// cellSide is a grid cell's side in web-mercator units: 2^-17 of the
// world, about 190 m at Brussels' latitude.
const cellSide = 1.0 / (1 << 17)

func cellOf(x, y float32) (int64, int64) {
	return int64(float64(x) / cellSide), int64(float64(y) / cellSide)
}

func cellKey(cx, cy int64) uint64 { return uint64(cx)<<32 | uint64(uint32(cy)) }

func (p *pinIndex) addToCell(i int) {
	k := cellKey(cellOf(p.pins[i].x, p.pins[i].y))
	p.cells[k] = append(p.cells[k], int32(i))
}

func (p *pinIndex) removeFromCell(i int) {
	k := cellKey(cellOf(p.pins[i].x, p.pins[i].y))
	pos := p.cells[k]
	if j := slices.Index(pos, int32(i)); j >= 0 {
		pos = slices.Delete(pos, j, j+1)
	}
	if len(pos) == 0 {
		delete(p.cells, k)
	} else {
		p.cells[k] = pos
	}
}

func (p *pinIndex) rebuildCells() {
	p.cells = make(map[uint64][]int32, len(p.cells))
	p.hidden = 0
	for i := range p.pins {
		if p.pins[i].status == p.hiddenStatus() {
			p.hidden++
			continue
		}
		p.addToCell(i)
	}
}

// hiddenStatus is the interned number of the hidden status.
func (p *pinIndex) hiddenStatus() uint8 { return uint8(p.dict.statuses[report.StatusHidden]) }

type pin struct {
	id      int64
	x, y    float32 // web-mercator, see geo.MercatorX
	created int64   // Unix milliseconds
	cat     uint16
	area    uint16
	// themeBits holds the theme (low 4 bits) and, for the triage queue,
	// whether the report has a public photo (bit 4) and its priority (bits
	// 5-6): a byte of its own would make every pin 8 bytes larger.
	themeBits uint8
	status    uint8
	// The dashboard's fields (8 bytes, see stats.go): the responsible
	// body, supports (saturating), and the minutes from creation to
	// acknowledgement and to fix, plus one (0: not yet), in 24 bits each.
	body     uint16
	supports uint16
	ackMin   minutes24
	fixMin   minutes24
}

func packTheme(theme int, photo bool, priority int) uint8 {
	b := uint8(theme)&0x0f | uint8(min(max(priority, 0), 3))<<5
	if photo {
		b |= 1 << 4
	}
	return b
}

func (pn *pin) theme() uint8    { return pn.themeBits & 0x0f }
func (pn *pin) hasPhoto() bool  { return pn.themeBits&(1<<4) != 0 }
func (pn *pin) priority() uint8 { return pn.themeBits >> 5 }

// pinDict interns the codes stored in pins as small integers.
type pinDict struct {
	cats, areas, themes, statuses, bodies map[string]int
}

func newPinIndex() *pinIndex {
	p := &pinIndex{cells: map[uint64][]int32{}, dict: pinDict{cats: map[string]int{}, areas: map[string]int{},
		themes: map[string]int{}, statuses: map[string]int{}, bodies: map[string]int{}}}
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
	for _, b := range c.Bodies {
		intern(p.dict.bodies, b.Code)
	}
}

func (p *pinIndex) makePin(r Report) pin {
	return pin{
		id:        r.ID,
		x:         float32(geo.MercatorX(r.Lon)),
		y:         float32(geo.MercatorY(r.Lat)),
		created:   r.CreatedAt.UnixMilli(),
		cat:       uint16(intern(p.dict.cats, r.Category)),
		area:      uint16(intern(p.dict.areas, r.AreaCode)),
		themeBits: packTheme(intern(p.dict.themes, r.Theme), r.PhotoCount > 0, r.Priority),
		status:    uint8(intern(p.dict.statuses, r.Status)),
		body:      uint16(intern(p.dict.bodies, r.BodyCode)),
		supports:  uint16(min(max(r.SupportCount, 0), math.MaxUint16)),
		ackMin:    minutesAfter(r.CreatedAt, r.AcknowledgedAt),
		fixMin:    minutesAfter(r.CreatedAt, r.FixedAt),
	}
}

// find returns the position of the pin of report id.
func (p *pinIndex) find(id int64) (int, bool) {
	cmp := func(a pin, id int64) int { return cmpInt64(a.id, id) }
	if p.order == nil {
		return slices.BinarySearchFunc(p.pins, id, cmp)
	}
	k, found := slices.BinarySearchFunc(p.order, id, func(i int32, id int64) int { return cmp(p.pins[i], id) })
	if !found {
		return k, false
	}
	return int(p.order[k]), true
}

// lastID is the largest id in the index, or 0.
func (p *pinIndex) lastID() int64 {
	switch {
	case len(p.pins) == 0:
		return 0
	case p.order == nil:
		return p.pins[len(p.pins)-1].id
	}
	return p.pins[p.order[len(p.order)-1]].id
}

// apply brings the changes of one feed pass in, under one lock.
func (p *pinIndex) apply(changes []feedChange) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range changes {
		c := &changes[i]
		if c.deleted {
			p.remove(c.r.ID)
		} else {
			p.put(c.r)
		}
	}
}

// put adds or replaces a report's pin; a hidden report's pin is marked
// hidden and left out of every answer. The caller holds the lock.
func (p *pinIndex) put(r Report) {
	pn := p.makePin(r)
	hidden := pn.status == p.hiddenStatus()
	i, found := p.find(r.ID)
	switch {
	case found:
		was := p.pins[i].status == p.hiddenStatus()
		if !was {
			p.removeFromCell(i)
		}
		p.pins[i] = pn
		if !hidden {
			p.addToCell(i)
		}
		p.hidden += b2i(hidden) - b2i(was)
	case hidden:
		// Never seen, and not to be shown: nothing to index.
	default:
		below := r.ID < p.lastID()
		at := len(p.pins)
		p.pins = append(p.pins, pn)
		p.addToCell(at)
		switch {
		case below && p.order == nil:
			p.order = make([]int32, at, cap(p.pins))
			for j := range p.order {
				p.order[j] = int32(j)
			}
			p.order = slices.Insert(p.order, i, int32(at))
		case below:
			p.order = slices.Insert(p.order, i, int32(at))
		case p.order != nil:
			p.order = append(p.order, int32(at))
		}
	}
}

// remove forgets a deleted report: its pin stays, marked hidden, so that
// positions do not move.
func (p *pinIndex) remove(id int64) {
	i, found := p.find(id)
	if !found || p.pins[i].status == p.hiddenStatus() {
		return
	}
	p.removeFromCell(i)
	p.pins[i].status = p.hiddenStatus()
	p.hidden++
}

// inIDOrder calls fn with each pin in id order.
func (p *pinIndex) inIDOrder(fn func(pn *pin)) {
	if p.order == nil {
		for i := range p.pins {
			fn(&p.pins[i])
		}
		return
	}
	for _, i := range p.order {
		fn(&p.pins[i])
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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

// LoadPins fills the map index from the database and starts the change
// feed where the load ends; call it once at start-up.
func (s *Store) LoadPins(ctx context.Context) error {
	// The feed starts from the revision read before the load: what
	// changes during it is read again by the first pass, never missed.
	head, err := s.headRevision(ctx)
	if err != nil {
		return err
	}
	const q = `SELECT ` + pinColumns + ` FROM reports WHERE status <> 'hidden' ORDER BY id`
	// Sized up front: growing a slice of a million pins by doubling would
	// briefly hold twice the memory the index needs.
	var n int
	if err := s.read.GetContext(ctx, &n, `SELECT count(*) FROM reports`); err != nil {
		return fmt.Errorf("db: load pins: %w", err)
	}
	rows, err := s.read.QueryxContext(ctx, q)
	if err != nil {
		return fmt.Errorf("db: load pins: %w", err)
	}
	defer rows.Close()
	p := s.pins
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pins, p.order = make([]pin, 0, n+n/50), nil
	var r Report
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.Category, &r.Theme, &r.Status, &r.Lon, &r.Lat, &r.AreaCode, &r.CreatedAt, &r.UpdatedAt,
			&r.BodyCode, &r.SupportCount, &r.AcknowledgedAt, &r.FixedAt, &r.PhotoCount, &r.Priority); err != nil {
			return fmt.Errorf("db: load pins: %w", err)
		}
		p.pins = append(p.pins, p.makePin(r))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("db: load pins: %w", err)
	}
	p.rebuildCells()
	s.startFeed(head)
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
	hidden                        uint8 // the hidden status's number, never matched
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
		hidden:   p.hiddenStatus(),
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
	return pn.status != m.hidden && (m.themes == nil || int(pn.theme()) < len(m.themes) && m.themes[pn.theme()]) &&
		(m.statuses == nil || int(pn.status) < len(m.statuses) && m.statuses[pn.status]) &&
		(m.cats == nil || int(pn.cat) < len(m.cats) && m.cats[pn.cat]) &&
		(m.areas == nil || int(pn.area) < len(m.areas) && m.areas[pn.area]) &&
		pn.created >= m.since
}

// IndexedCount returns how many reports the in-memory index holds, hidden
// ones included.
func (s *Store) IndexedCount() int {
	s.pins.mu.RLock()
	defer s.pins.mu.RUnlock()
	return len(s.pins.pins)
}

// PublicCount returns how many reports are visible to the public.
func (s *Store) PublicCount() int {
	s.pins.mu.RLock()
	defer s.pins.mu.RUnlock()
	return len(s.pins.pins) - s.pins.hidden
}

// near returns the reports within radius metres of c that have one of
// statuses (default: every public one) and the category (default: any),
// from the grid cells the circle touches. Distances come from the pins'
// float32 positions, good to a metre or so; callers recompute them.
// bodies, when not nil, keeps only those bodies' reports (a staff
// member's scope; empty: none).
func (p *pinIndex) near(c orb.Point, radius float64, statuses []string, category string, bodies []string) []nearHit {
	b := geo.BoundAround(c, radius+2) // a margin for the pins' rounding
	x0, y0 := cellOf(float32(geo.MercatorX(b.Min[0])), float32(geo.MercatorY(b.Max[1])))
	x1, y1 := cellOf(float32(geo.MercatorX(b.Max[0])), float32(geo.MercatorY(b.Min[1])))
	p.mu.RLock()
	defer p.mu.RUnlock()
	m := pinMatcher{statuses: lookup(p.dict.statuses, statuses), hidden: p.hiddenStatus()}
	if category != "" {
		m.cats = lookup(p.dict.cats, []string{category})
	}
	var inBodies []bool // nil: any body
	if bodies != nil {
		if inBodies = lookup(p.dict.bodies, bodies); inBodies == nil {
			inBodies = make([]bool, 1)
		}
	}
	var hits []nearHit
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			for _, i := range p.cells[cellKey(cx, cy)] {
				pn := &p.pins[i]
				if !m.match(pn) || !in(inBodies, int(pn.body)) {
					continue
				}
				if d := geo.Distance(c, geo.InverseMercator(float64(pn.x), float64(pn.y))); d <= radius+2 {
					hits = append(hits, nearHit{id: pn.id, d: d})
				}
			}
		}
	}
	return hits
}
