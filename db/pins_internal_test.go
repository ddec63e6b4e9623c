package db

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"streetfix/report"
)

// pinReport is a report as the feed reads it, at a random point of the
// Brussels box.
func pinReport(r *rand.Rand, id int64) Report {
	at := Time{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(id) * time.Minute)}
	cats := []string{"pothole", "graffiti", "streetlight"}
	return Report{ID: id, Category: cats[r.IntN(3)], Theme: "safe", Status: report.StatusNew, Lon: 4.30 + r.Float64()*0.12,
		Lat: 50.80 + r.Float64()*0.08, AreaCode: "21004", BodyCode: "commune-21004", CreatedAt: at, UpdatedAt: at,
		SupportCount: r.IntN(3)}
}

// TestPinsOutOfIDOrder puts the same reports into two indexes, one in id
// order and one shuffled (as two instances' commits arrive), and checks
// that every answer is the same.
func TestPinsOutOfIDOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	const n = 3000
	var reports []Report
	for id := int64(1); id <= n; id++ {
		reports = append(reports, pinReport(r, id))
	}
	sorted, shuffled := newPinIndex(), newPinIndex()
	sorted.apply(changesOf(reports))
	mixed := slices.Clone(reports)
	r.Shuffle(len(mixed), func(i, j int) { mixed[i], mixed[j] = mixed[j], mixed[i] })
	// In small batches, as passes of the feed would bring them.
	for i := 0; i < len(mixed); i += 7 {
		shuffled.apply(changesOf(mixed[i:min(i+7, len(mixed))]))
	}
	if sorted.order != nil {
		t.Error("an index filled in id order keeps an order of positions")
	}
	if shuffled.order == nil {
		t.Fatal("a shuffled index has no order of positions")
	}
	// Hide some, and change others, in both.
	for i := 0; i < 300; i++ {
		rep := reports[r.IntN(n)]
		if i%3 == 0 {
			rep.Status = report.StatusHidden
		} else {
			rep.Status, rep.SupportCount = report.StatusFixed, r.IntN(9)
		}
		sorted.apply(changesOf([]Report{rep}))
		shuffled.apply(changesOf([]Report{rep}))
	}
	for id := int64(1); id <= n; id++ {
		i, ok := shuffled.find(id)
		if !ok || shuffled.pins[i].id != id {
			t.Fatalf("find(%d) = %d, %v", id, i, ok)
		}
	}
	if sorted.hidden != shuffled.hidden {
		t.Errorf("hidden %d and %d", sorted.hidden, shuffled.hidden)
	}
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, sort := range QueueSorts {
		for _, page := range []int{1, 3} {
			q := QueueQuery{Sort: sort, Page: page, PageSize: 25}
			a, ta, ca := sorted.queueIDs(q, candidates{}, now)
			b, tb, cb := shuffled.queueIDs(q, candidates{}, now)
			if !slices.Equal(a, b) || ta != tb || len(ca) != len(cb) {
				t.Errorf("queue %s page %d: %v (%d) and %v (%d)", sort, page, a, ta, b, tb)
			}
		}
	}
	sa, _ := sorted.stats(StatsQuery{Now: now, Top: 10})
	sb, _ := shuffled.stats(StatsQuery{Now: now, Top: 10})
	if sa.Total != sb.Total || !slices.Equal(sa.Top, sb.Top) {
		t.Errorf("stats: %d %v and %d %v", sa.Total, sa.Top, sb.Total, sb.Top)
	}
	c := orb.Point{4.36, 50.84}
	ids := func(hits []nearHit) []int64 {
		var out []int64
		for _, h := range hits {
			out = append(out, h.id)
		}
		slices.Sort(out)
		return out
	}
	if a, b := ids(sorted.near(c, 800, nil, "", nil)), ids(shuffled.near(c, 800, nil, "", nil)); len(a) == 0 || !slices.Equal(a, b) {
		t.Errorf("near: %d and %d reports", len(a), len(b))
	}
	// A deletion hides the pin.
	shuffled.apply([]feedChange{{deleted: true, r: Report{ID: reports[0].ID}}})
	if i, _ := shuffled.find(reports[0].ID); shuffled.pins[i].status != shuffled.hiddenStatus() {
		t.Error("a deleted report's pin is not hidden")
	}
}

func changesOf(reports []Report) []feedChange {
	out := make([]feedChange, len(reports))
	for i, r := range reports {
		out[i] = feedChange{r: r}
	}
	return out
}

// BenchmarkPinPut1M times one new pin in an index of a million: at the
// tail (ids in order, the limit), a little below it (an id another
// instance committed a moment late, the usual case) and anywhere below it,
// which used to rebuild the grid (78 ms).
func BenchmarkPinPut1M(b *testing.B) {
	for _, where := range []string{"tail", "late", "anywhere"} {
		b.Run(where, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			p := newPinIndex()
			const n = 1_000_000
			p.pins = make([]pin, 0, n+b.N)
			for id := int64(1); id <= n; id++ {
				p.pins = append(p.pins, p.makePin(pinReport(r, 2*id))) // even ids: odd ones fit below the tail
			}
			p.rebuildCells()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				id := int64(2*n + 2 + 2*i)
				switch where {
				case "late":
					id = int64(2*(n-r.IntN(1000)) + 1)
				case "anywhere":
					id = int64(2*r.IntN(n) + 1)
				}
				p.apply([]feedChange{{r: pinReport(r, id)}})
			}
		})
	}
}
