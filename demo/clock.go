package demo

import (
	"math/rand/v2"
	"time"
)

// hourly is how busy each hour of the day is (Brussels time): few reports at
// night, a morning peak on the way to work and an evening one after it.
var hourly = [24]float64{
	0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.70, 1.00, 1.10, 1.05, 1.00,
	1.05, 1.00, 0.95, 0.95, 1.00, 1.10, 1.15, 1.10, 0.95, 0.75, 0.50, 0.30,
}

// brusselsOffset approximates Brussels time (UTC+1, UTC+2 in summer) without
// needing the time zone database; an hour off in summer does not show.
const brusselsOffset = time.Hour

// clock hands out creation times in increasing order, so that reports get
// ids in the order they were made, as they would in production. Report i of
// n falls in the i-th n-quantile of the desired distribution (a stratified
// sample), placed by the inverse of the cumulative weight of hourly bins.
type clock struct {
	start, end time.Time
	n          int
	cum        []float64 // cumulative weight at the end of each hour
	k          int       // current bin; times only move forward
	last       time.Time
}

func newClock(start, end time.Time, n int) *clock {
	c := &clock{start: start, end: end, n: n}
	bins := int((end.Sub(start) + time.Hour - 1) / time.Hour)
	c.cum = make([]float64, bins)
	total := 0.0
	for k := range bins {
		t := start.Add(time.Duration(k) * time.Hour)
		width := min(end.Sub(t), time.Hour).Hours()
		local := t.Add(brusselsOffset)
		w := hourly[local.Hour()]
		if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday {
			w *= 0.85
		}
		// A service that is gaining users: recent months a bit busier.
		pos := float64(k) / float64(bins)
		w *= 0.75 + 0.5*pos*pos
		total += w * width
		c.cum[k] = total
	}
	return c
}

// at returns the creation time of report i; calls must come in order of i.
func (c *clock) at(i int, r *rand.Rand) time.Time {
	total := c.cum[len(c.cum)-1]
	target := (float64(i) + r.Float64()) / float64(c.n) * total
	for c.k < len(c.cum)-1 && c.cum[c.k] <= target {
		c.k++
	}
	prev := 0.0
	if c.k > 0 {
		prev = c.cum[c.k-1]
	}
	binStart := c.start.Add(time.Duration(c.k) * time.Hour)
	width := min(c.end.Sub(binStart), time.Hour)
	frac := 0.0
	if c.cum[c.k] > prev {
		frac = (target - prev) / (c.cum[c.k] - prev)
	}
	t := binStart.Add(time.Duration(frac * float64(width)))
	// Keep creation times distinct and increasing at the millisecond
	// precision they are stored with, and strictly before the end.
	t = time.UnixMilli(t.UnixMilli()).UTC()
	if !c.last.IsZero() && !t.After(c.last) {
		t = c.last.Add(time.Millisecond)
	}
	if !t.Before(c.end) {
		t = c.end.Add(-time.Millisecond)
	}
	c.last = t
	return t
}
