package db

import (
	"math"
	"math/bits"
	"time"
)

// Percentiles of minute values for many groups at once, in one pass and
// without holding the values: each group counts its values in buckets that
// keep 7 significant bits (exact below 128 minutes, then within 1/64, as
// HdrHistogram does). Since rounding down to a bucket is monotonic, the
// percentile read from the buckets is exactly the true nearest-rank
// percentile rounded down the same way (see RoundMinutes). Sorting the
// values of every group at a million reports would take longer than the
// whole summary may.

const (
	pctExactBits = 7 // values below 1<<pctExactBits are their own bucket
	pctRangeBits = 20
	// pctMaxMinutes is the largest value told apart (two years); longer times
	// count as that, so the buckets of a group take 3.75 KiB and the
	// buckets of every group stay in a core's cache while counting.
	pctMaxMinutes = 1<<pctRangeBits - 1
	pctBuckets    = (pctRangeBits-pctExactBits)<<(pctExactBits-1) + 1<<pctExactBits
)

// pctQuantiles are the percentiles the dashboard shows.
var pctQuantiles = [2]float64{0.5, 0.9}

// pctBucketOf numbers v's bucket; buckets are in the order of their values.
func pctBucketOf(v uint32) int {
	v = min(v, pctMaxMinutes)
	if v < 1<<pctExactBits {
		return int(v)
	}
	e := bits.Len32(v) - pctExactBits // v>>e keeps the top pctExactBits bits: [64, 128)
	return e<<(pctExactBits-1) + int(v>>e)
}

// pctFloor is the smallest value of bucket b.
func pctFloor(b int) uint32 {
	if b < 1<<pctExactBits {
		return uint32(b)
	}
	half := 1 << (pctExactBits - 1)
	e := (b - half) / half // inverse of pctBucketOf: b = e*half + m with m in [half, 2*half)
	m := b - e*half
	return uint32(m) << e
}

// RoundMinutes rounds a duration down to whole minutes and then to the
// resolution of the dashboard's percentiles (7 significant bits, at most
// two years), so tests and readers can check a percentile against the
// exact one.
func RoundMinutes(d time.Duration) time.Duration {
	m := max(int64(d/time.Minute), 0)
	v := uint32(min(m, math.MaxUint32))
	return time.Duration(pctFloor(pctBucketOf(v))) * time.Minute
}

type durationHist struct {
	counts []uint32 // group × bucket
	n      []int    // by group, filled by total
}

func newDurationHist(groups int) *durationHist {
	return &durationHist{counts: make([]uint32, groups*pctBuckets)}
}

func (h *durationHist) add(groups [3]int, v uint32) {
	b := pctBucketOf(v)
	h.counts[groups[0]*pctBuckets+b]++
	h.counts[groups[1]*pctBuckets+b]++
	h.counts[groups[2]*pctBuckets+b]++
}

// merge adds o's counts into h.
func (h *durationHist) merge(o *durationHist) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
}

// total counts each group's values, once the counting is done.
func (h *durationHist) total() {
	h.n = make([]int, len(h.counts)/pctBuckets)
	for g := range h.n {
		for _, c := range h.counts[g*pctBuckets : (g+1)*pctBuckets] {
			h.n[g] += int(c)
		}
	}
}

// pctRank is the nearest-rank position (1-based) of quantile q among n values.
func pctRank(q float64, n int) int { return max(1, int(math.Ceil(q*float64(n)))) }

// value is quantile q of group g.
func (h *durationHist) value(g int, q float64) time.Duration {
	k, seen := pctRank(q, h.n[g]), 0
	for b, c := range h.counts[g*pctBuckets : (g+1)*pctBuckets] {
		if seen += int(c); seen >= k {
			return time.Duration(pctFloor(b)) * time.Minute
		}
	}
	return 0
}

// durations lists the percentiles of the groups with at least one value:
// themes first, then categories, then bodies, as add numbered them.
func (h *durationHist) durations(themes, cats, bodies []string) Durations {
	h.total()
	var d Durations
	lists := [3]*[]Percentiles{&d.Themes, &d.Categories, &d.Bodies}
	g := 0
	for i, list := range [][]string{themes, cats, bodies} {
		for _, code := range list {
			if h.n[g] > 0 {
				*lists[i] = append(*lists[i], Percentiles{Code: code, N: h.n[g], P50: h.value(g, pctQuantiles[0]), P90: h.value(g, pctQuantiles[1])})
			}
			g++
		}
	}
	return d
}
