package db

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// syntheticIndex fills a pin index with n random reports over a year,
// without a database, to test and time the summaries at scale.
func syntheticIndex(n int, seed uint64) *pinIndex {
	p := newPinIndex()
	r := rand.New(rand.NewPCG(seed, 1))
	for _, t := range []string{"safe", "mobile", "social", "service", "infrastructure"} {
		intern(p.dict.themes, t)
	}
	for i := 0; i < 27; i++ {
		intern(p.dict.cats, "cat"+string(rune('a'+i)))
	}
	for i := 0; i < 19; i++ {
		intern(p.dict.areas, "area"+string(rune('a'+i)))
		intern(p.dict.bodies, "body"+string(rune('a'+i)))
	}
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	p.pins = make([]pin, n)
	for i := range p.pins {
		pn := pin{id: int64(i + 1), created: start + int64(i)*(365*24*3600*1000/int64(n)),
			cat: uint16(r.IntN(27)), area: uint16(r.IntN(19)), body: uint16(r.IntN(19)), status: uint8(r.IntN(10))}
		pn.themeBits = packTheme(int(pn.cat%5), false, 0)
		at := Time{time.UnixMilli(pn.created)}
		if r.IntN(4) > 0 {
			pn.ackMin = minutesAfter(at, Time{at.Add(time.Duration(r.ExpFloat64()*3000) * time.Minute)})
		}
		if r.IntN(3) > 0 {
			pn.fixMin = minutesAfter(at, Time{at.Add(time.Duration(r.ExpFloat64()*40000) * time.Minute)})
		}
		if r.IntN(5) == 0 {
			pn.supports = uint16(r.IntN(40))
		}
		p.pins[i] = pn
	}
	return p
}

// The pin index holds every report: its size is the service's memory at a
// million reports (the dashboard's fields added 8 bytes to 40, and the
// change feed, which applies writes in commit order, took away the update
// time that guarded against a late write).
func TestPinSize(t *testing.T) {
	if n := unsafe.Sizeof(pin{}); n != 40 {
		t.Errorf("a pin takes %d bytes, want 40", n)
	}
}

// TestPercentilesExact checks the two-pass percentiles against sorting.
func TestPercentilesExact(t *testing.T) {
	p := syntheticIndex(20000, 3)
	for _, f := range []StatsFilter{{}, {Themes: []string{"safe"}}, {Bodies: []string{"bodyc"}, Areas: []string{"areaa", "areab"}}} {
		st, err := p.stats(StatsQuery{StatsFilter: f, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		m := p.statsMatcher(f)
		byCat := map[uint16][]uint32{}
		for i := range p.pins {
			if pn := &p.pins[i]; m.match(pn) && pn.fixMin.get() > 0 {
				byCat[pn.cat] = append(byCat[pn.cat], pn.fixMin.get()-1)
			}
		}
		if len(st.Fix.Categories) != len(byCat) {
			t.Fatalf("%+v: %d categories, want %d", f, len(st.Fix.Categories), len(byCat))
		}
		for _, pc := range st.Fix.Categories {
			vs := byCat[uint16(p.dict.cats[pc.Code])]
			slices.Sort(vs)
			want50 := vs[int(math.Ceil(0.5*float64(len(vs))))-1]
			want90 := vs[int(math.Ceil(0.9*float64(len(vs))))-1]
			if pc.N != len(vs) || pc.P50 != RoundMinutes(time.Duration(want50)*time.Minute) || pc.P90 != RoundMinutes(time.Duration(want90)*time.Minute) {
				t.Errorf("%+v %s: n %d p50 %v p90 %v, want %d %d %d min", f, pc.Code, pc.N, pc.P50, pc.P90, len(vs), want50, want90)
			}
		}
	}
}

func BenchmarkStats1M(b *testing.B) {
	p := syntheticIndex(1_000_000, 1)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var periods []time.Time
	for t := now.AddDate(-1, 0, 0); !t.After(now); t = t.AddDate(0, 1, 0) {
		periods = append(periods, t)
	}
	for _, bc := range []struct {
		name string
		f    StatsFilter
	}{{"none", StatsFilter{}}, {"theme", StatsFilter{Themes: []string{"mobile"}}}, {"area", StatsFilter{Areas: []string{"areac"}}}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				p.stats(StatsQuery{StatsFilter: bc.f, Periods: periods, Now: now, Top: 10})
			}
		})
	}
}
