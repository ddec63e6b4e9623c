package db

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// BenchmarkIndexScale measures what grows with the number of reports in
// the in-memory index that every instance holds (docs/SCALING.md): its
// bytes per report, the time to build it from rows already read, and one
// map view of the whole region, one nearby search and one dashboard
// summary, at 1 and 10 million reports:
//
//	go test -tags sqlite_fts5 -run - -bench IndexScale -benchtime 20x ./db/
func BenchmarkIndexScale(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("%dM", n/1_000_000), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			reports := make([]Report, 0, 1<<16)
			runtime.GC()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			p := newPinIndex()
			p.pins = make([]pin, 0, n)
			var took time.Duration
			for id := 1; id <= n; id++ {
				// Reports are made outside the timed part, as rows come
				// from the database in batches.
				reports = append(reports, pinReport(r, int64(id)))
				if len(reports) == cap(reports) || id == n {
					start := time.Now()
					for _, rep := range reports {
						p.pins = append(p.pins, p.makePin(rep))
					}
					took += time.Since(start)
					reports = reports[:0]
				}
			}
			start := time.Now()
			p.rebuildCells()
			took += time.Since(start)
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(reports) // made before the first reading: it must count in both
			perReport := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
			b.Logf("%d reports: %.1f bytes a report in memory (%.0f MB), index built in %s from rows read",
				n, perReport, float64(after.HeapAlloc-before.HeapAlloc)/1e6, took.Round(time.Millisecond))

			whole := orb.Bound{Min: orb.Point{4.24, 50.76}, Max: orb.Point{4.48, 50.92}}
			b.Run("map", func(b *testing.B) {
				for b.Loop() {
					p.mu.RLock()
					m := p.matcher(MapFilter{})
					p.scan(whole, 11, &m, 500)
					p.mu.RUnlock()
				}
			})
			b.Run("nearby", func(b *testing.B) {
				i := 0
				for b.Loop() {
					p.near(orb.Point{4.30 + float64(i%100)*0.0012, 50.80 + float64(i%77)*0.001}, 250, nil, "", nil)
					i++
				}
			})
			now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			var periods []time.Time
			for t := now.AddDate(-1, 0, 0); !t.After(now); t = t.AddDate(0, 1, 0) {
				periods = append(periods, t)
			}
			b.Run("dashboard", func(b *testing.B) {
				for b.Loop() {
					p.stats(StatsQuery{Periods: periods, Now: now, Top: 10})
				}
			})
			// The closures above keep p: let it go before the next size
			// measures its own.
			p = nil
		})
	}
}
