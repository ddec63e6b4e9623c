package db

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"streetfix/report"
)

// The council's summaries are counted from the pin index, not with SQL: a
// GROUP BY over a million rows takes SQLite several hundred milliseconds,
// one pass over the pins a few tens. Every figure is exact.

// StatsFilter selects the reports a summary or an export covers. Empty
// lists mean "any"; hidden reports are never counted.
type StatsFilter struct {
	From, To   time.Time // created in [From, To); zero means unbounded
	Themes     []string
	Categories []string
	Areas      []string
	Bodies     []string
}

// StatsQuery asks for the council's summaries over the reports of a filter.
type StatsQuery struct {
	StatsFilter
	// Periods are the trend's period boundaries, oldest first: period i
	// holds the reports created in [Periods[i], Periods[i+1]).
	Periods []time.Time
	Now     time.Time                // overdue means open and older than the target at Now
	Targets map[string]time.Duration // by category code; missing: DefaultTarget
	Top     int                      // how many of the most supported open reports
}

// DefaultTarget is the time to fix a category gets when none is configured.
const DefaultTarget = 30 * 24 * time.Hour

// GroupCounts counts reports of one theme or category by status group.
type GroupCounts struct {
	Code                string
	Open, Fixed, Closed int
}

// Total is the sum of the groups.
func (g GroupCounts) Total() int { return g.Open + g.Fixed + g.Closed }

// AreaCounts counts the reports of one area, and its open ones.
type AreaCounts struct {
	Code        string
	Total, Open int
}

// Percentiles are nearest-rank percentiles of a duration over N reports,
// exact to the minute.
type Percentiles struct {
	Code     string
	N        int
	P50, P90 time.Duration
}

// Durations are percentiles by theme, category and body.
type Durations struct {
	Themes, Categories, Bodies []Percentiles
}

// Overdue counts the open reports of a category older than its target.
type Overdue struct {
	Code          string
	Target        time.Duration
	Open, Overdue int
}

// Supported is an open report and its supports (saturating at 65,535).
type Supported struct {
	ID       int64
	Supports int
}

// Stats are the council's summaries. Themes, categories, areas and bodies
// come in the order of the catalog loaded when the index was built.
type Stats struct {
	Total      int
	Groups     GroupCounts // every theme together
	Themes     []GroupCounts
	Categories []GroupCounts
	Areas      []AreaCounts
	Trend      [][]int // by theme, then period
	Ack, Fix   Durations
	// Within counts, by theme, category and body, the reports fixed and
	// those fixed within their category's target.
	Within  WithinTarget
	Overdue []Overdue
	Top     []Supported
}

// TargetShare is how many reports of a group were fixed, and how many of
// them within their category's time to fix.
type TargetShare struct {
	Code          string
	Fixed, Within int
}

// WithinTarget are target shares by theme, category and body.
type WithinTarget struct {
	Themes, Categories, Bodies []TargetShare
}

// minutes24 is a count of minutes in three bytes (up to 31 years): two of
// them in a pin instead of two uint32 keep a pin at 48 bytes, 8 MB less
// for a million reports (16 MB of resident memory with the GC's headroom).
type minutes24 [3]byte

func (m minutes24) get() uint32 { return uint32(m[0]) | uint32(m[1])<<8 | uint32(m[2])<<16 }

// minutesAfter is the whole minutes from a to b, plus one so that zero can
// mean "not yet"; an end before its start counts as zero minutes.
func minutesAfter(a, b Time) minutes24 {
	if b.IsZero() {
		return minutes24{}
	}
	m := uint32(min(max(b.Sub(a.Time)/time.Minute, 0), 1<<24-2)) + 1
	return minutes24{byte(m), byte(m >> 8), byte(m >> 16)}
}

// statsMatcher tests pins against a StatsFilter with lookup tables.
type statsMatcher struct {
	cats, areas, themes, bodies []bool // nil: any
	from, to                    int64
	hidden                      uint8
}

func (p *pinIndex) statsMatcher(f StatsFilter) statsMatcher {
	m := statsMatcher{hidden: p.hiddenStatus(), from: math.MinInt64, to: math.MaxInt64,
		cats: lookup(p.dict.cats, f.Categories), areas: lookup(p.dict.areas, f.Areas),
		themes: lookup(p.dict.themes, f.Themes), bodies: lookup(p.dict.bodies, f.Bodies)}
	if !f.From.IsZero() {
		m.from = f.From.UnixMilli()
	}
	if !f.To.IsZero() {
		m.to = f.To.UnixMilli()
	}
	return m
}

func statsIn(t []bool, i int) bool { return t == nil || i < len(t) && t[i] }

func (m *statsMatcher) match(pn *pin) bool {
	return pn.status != m.hidden && pn.created >= m.from && pn.created < m.to &&
		statsIn(m.themes, int(pn.theme())) && statsIn(m.cats, int(pn.cat)) && statsIn(m.areas, int(pn.area)) && statsIn(m.bodies, int(pn.body))
}

// dictCodes lists a dictionary's codes by their numbers.
func dictCodes(m map[string]int) []string {
	out := make([]string, len(m))
	for c, i := range m {
		out[i] = c
	}
	return out
}

// Stats computes the council's summaries for q from memory.
func (s *Store) Stats(q StatsQuery) (Stats, error) {
	p := s.pins
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.stats(q)
}

// statsPlan is what a pass over the pins needs, computed once per query.
type statsPlan struct {
	m          statsMatcher
	group      []uint8 // by status number: 0 open, 1 fixed, 2 closed
	nT, nC, nB int
	nP         int
	day0       int64   // the trend's first period start, Unix ms
	dayPeriod  []int16 // by day since day0: the period at the day's start, or -1 past the end
	// daySplit is, by day since day0, the start of the next period when it
	// falls inside that day, else 0: periods start at local midnight, which
	// moves against whole days from day0 when the offset changes (DST).
	daySplit []int64
	targets  []int64 // by category number, ms
	now      int64
	top      int
}

// statsAcc accumulates one part of the pins; parts are merged at the end.
type statsAcc struct {
	total    int
	themes   [][3]int
	cats     [][3]int
	areas    [][2]int // all, open
	trend    []int    // theme × period
	overdue  [][2]int // open, overdue, by category
	ack, fix *durationHist
	within   [][2]int // fixed, fixed within target; by theme, category, body
	top      topSupported
}

func (pl *statsPlan) newAcc(nA int) *statsAcc {
	g := pl.nT + pl.nC + pl.nB
	return &statsAcc{themes: make([][3]int, pl.nT), cats: make([][3]int, pl.nC), areas: make([][2]int, nA),
		trend: make([]int, pl.nT*pl.nP), overdue: make([][2]int, pl.nC),
		ack: newDurationHist(g), fix: newDurationHist(g), within: make([][2]int, g), top: topSupported{n: pl.top}}
}

const dayMs = 24 * 3600 * 1000

// scan counts pins into a.
func (pl *statsPlan) scan(a *statsAcc, pins []pin) {
	m := &pl.m
	for i := range pins {
		pn := &pins[i]
		if !m.match(pn) {
			continue
		}
		a.total++
		g := pl.group[pn.status]
		a.themes[pn.theme()][g]++
		a.cats[pn.cat][g]++
		a.areas[pn.area][0]++
		if d := pn.created - pl.day0; pl.nP > 0 && d >= 0 && d/dayMs < int64(len(pl.dayPeriod)) {
			if k := pl.period(d/dayMs, pn.created); k >= 0 {
				a.trend[int(pn.theme())*pl.nP+k]++
			}
		}
		if g == 0 {
			a.areas[pn.area][1]++
			a.overdue[pn.cat][0]++
			if pl.now-pn.created > pl.targets[pn.cat] {
				a.overdue[pn.cat][1]++
			}
			a.top.add(pn)
		}
		if ack, fix := pn.ackMin.get(), pn.fixMin.get(); ack|fix != 0 {
			gs := [3]int{int(pn.theme()), pl.nT + int(pn.cat), pl.nT + pl.nC + int(pn.body)}
			if ack > 0 {
				a.ack.add(gs, ack-1)
			}
			if fix > 0 {
				a.fix.add(gs, fix-1)
				in := 0
				if int64(fix-1)*60_000 <= pl.targets[pn.cat] {
					in = 1
				}
				for _, k := range gs {
					a.within[k][0]++
					a.within[k][1] += in
				}
			}
		}
	}
}

// merge adds b's counts into a.
func (a *statsAcc) merge(b *statsAcc) {
	a.total += b.total
	for i := range a.themes {
		for g := range 3 {
			a.themes[i][g] += b.themes[i][g]
		}
	}
	for i := range a.cats {
		for g := range 3 {
			a.cats[i][g] += b.cats[i][g]
		}
		a.overdue[i][0] += b.overdue[i][0]
		a.overdue[i][1] += b.overdue[i][1]
	}
	for i := range a.areas {
		a.areas[i][0] += b.areas[i][0]
		a.areas[i][1] += b.areas[i][1]
	}
	for i := range a.trend {
		a.trend[i] += b.trend[i]
	}
	a.ack.merge(b.ack)
	a.fix.merge(b.fix)
	for i := range a.within {
		a.within[i][0] += b.within[i][0]
		a.within[i][1] += b.within[i][1]
	}
	for _, s := range b.top.list {
		a.top.insert(s)
	}
}

func (p *pinIndex) plan(q StatsQuery) (*statsPlan, error) {
	pl := &statsPlan{m: p.statsMatcher(q.StatsFilter), now: q.Now.UnixMilli(), top: q.Top,
		nT: len(p.dict.themes), nC: len(p.dict.cats), nB: len(p.dict.bodies)}
	statuses := dictCodes(p.dict.statuses)
	pl.group = make([]uint8, len(statuses))
	for i, st := range statuses {
		switch report.Group(st) {
		case report.GroupFixed:
			pl.group[i] = 1
		case report.GroupClosed:
			pl.group[i] = 2
		}
	}
	pl.targets = make([]int64, pl.nC)
	for c, i := range p.dict.cats {
		t, ok := q.Targets[c]
		if !ok {
			t = DefaultTarget
		}
		pl.targets[i] = t.Milliseconds()
	}
	if len(q.Periods) > 1 {
		// A table by day (24 hours from the first period's start) finds a
		// report's period with one division instead of a search; a day
		// that holds a period's start (shifted by a change of offset) says
		// where it is.
		pl.nP = len(q.Periods) - 1
		pl.day0 = q.Periods[0].UnixMilli()
		days := (q.Periods[pl.nP].UnixMilli() - pl.day0 + dayMs - 1) / dayMs
		if days > maxTrendDays {
			return nil, fmt.Errorf("db: stats: a trend of %d days is too long", days)
		}
		pl.dayPeriod = make([]int16, days)
		pl.daySplit = make([]int64, days)
		k := 0
		for d := range pl.dayPeriod {
			t := pl.day0 + int64(d)*dayMs
			for k < pl.nP && t >= q.Periods[k+1].UnixMilli() {
				k++
			}
			pl.dayPeriod[d] = int16(k)
			if k >= pl.nP {
				pl.dayPeriod[d] = -1
			} else if next := q.Periods[k+1].UnixMilli(); next < t+dayMs {
				pl.daySplit[d] = next
			}
		}
	}
	return pl, nil
}

// period is the trend period of a report created at t (Unix ms) on day
// day of the table, or -1 past the end.
func (pl *statsPlan) period(day, t int64) int {
	k := int(pl.dayPeriod[day])
	if s := pl.daySplit[day]; s != 0 && t >= s {
		if k++; k >= pl.nP {
			return -1
		}
	}
	return k
}

// maxTrendDays bounds the trend's table: 20 years.
const maxTrendDays = 20 * 366

func (p *pinIndex) stats(q StatsQuery) (Stats, error) {
	pl, err := p.plan(q)
	if err != nil {
		return Stats{}, err
	}
	themes, cats, areas, bodies := dictCodes(p.dict.themes), dictCodes(p.dict.cats), dictCodes(p.dict.areas), dictCodes(p.dict.bodies)
	// Parts of the index are counted in parallel and merged: on a
	// two-core server that halves the wait for a summary.
	parts := max(1, min(runtime.GOMAXPROCS(0), len(p.pins)/100_000))
	accs := make([]*statsAcc, parts)
	var wg sync.WaitGroup
	for k := range parts {
		accs[k] = pl.newAcc(len(areas))
		lo, hi := k*len(p.pins)/parts, (k+1)*len(p.pins)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			pl.scan(accs[k], p.pins[lo:hi])
		}()
	}
	wg.Wait()
	a := accs[0]
	for _, b := range accs[1:] {
		a.merge(b)
	}
	st := Stats{Total: a.total, Top: a.top.list}
	for i, c := range themes {
		gc := GroupCounts{Code: c, Open: a.themes[i][0], Fixed: a.themes[i][1], Closed: a.themes[i][2]}
		st.Themes = append(st.Themes, gc)
		st.Groups.Open += gc.Open
		st.Groups.Fixed += gc.Fixed
		st.Groups.Closed += gc.Closed
		st.Trend = append(st.Trend, a.trend[i*pl.nP:(i+1)*pl.nP])
	}
	for i, c := range cats {
		st.Categories = append(st.Categories, GroupCounts{Code: c, Open: a.cats[i][0], Fixed: a.cats[i][1], Closed: a.cats[i][2]})
		st.Overdue = append(st.Overdue, Overdue{Code: c, Target: time.Duration(pl.targets[i]) * time.Millisecond,
			Open: a.overdue[i][0], Overdue: a.overdue[i][1]})
	}
	for i, c := range areas {
		st.Areas = append(st.Areas, AreaCounts{Code: c, Total: a.areas[i][0], Open: a.areas[i][1]})
	}
	st.Ack = a.ack.durations(themes, cats, bodies)
	st.Fix = a.fix.durations(themes, cats, bodies)
	share := func(codes []string, off int) []TargetShare {
		out := make([]TargetShare, len(codes))
		for i, c := range codes {
			out[i] = TargetShare{Code: c, Fixed: a.within[off+i][0], Within: a.within[off+i][1]}
		}
		return out
	}
	st.Within = WithinTarget{Themes: share(themes, 0), Categories: share(cats, pl.nT), Bodies: share(bodies, pl.nT+pl.nC)}
	return st, nil
}

// topSupported keeps the n open reports with the most supports, older
// reports first among equals.
type topSupported struct {
	n    int
	list []Supported
}

func (t *topSupported) add(pn *pin) {
	if t.n <= 0 || pn.supports == 0 {
		return
	}
	t.insert(Supported{ID: pn.id, Supports: int(pn.supports)})
}

// before reports whether a ranks above b: more supports, then the older
// report (the smaller id), whatever order the pins are in.
func (a Supported) before(b Supported) bool {
	return a.Supports > b.Supports || a.Supports == b.Supports && a.ID < b.ID
}

// insert places s in rank.
func (t *topSupported) insert(s Supported) {
	if len(t.list) == t.n && !s.before(t.list[len(t.list)-1]) {
		return
	}
	i, _ := slices.BinarySearchFunc(t.list, s, func(a, s Supported) int {
		if a.before(s) {
			return -1
		}
		return 1
	})
	t.list = slices.Insert(t.list, i, s)
	if len(t.list) > t.n {
		t.list = t.list[:t.n]
	}
}
