// Package testclock is the clock every test runs on. Demo data and the
// service's dates are relative to "now", so a test on the wall clock passes
// or fails with the day; tests start instead from a fixed instant, which
// STREETFIX_TEST_NOW (RFC 3339) may set, so the whole suite can be run as
// if it were any chosen day: a Sunday, a daylight-saving change, 29 February.
package testclock

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// Env names the variable that moves the suite to another day.
const Env = "STREETFIX_TEST_NOW"

// Default is the suite's day when Env is not set: a Sunday, the day on
// which the map test once failed for want of the right demo reports.
var Default = time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC)

// Earliest is the first day the suite can run as: some fixtures are
// reports made on fixed days in November 2026 (compared with golden files),
// and the service refuses changes dated before a report was made.
var Earliest = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

var (
	once sync.Once
	base time.Time
	err  error
)

// Start is the instant the suite starts at: Env if set, otherwise Default.
// A malformed Env panics, so a run meant for another day never silently
// runs on the default one.
func Start() time.Time {
	once.Do(func() {
		base = Default
		if v := os.Getenv(Env); v != "" {
			base, err = time.Parse(time.RFC3339, v)
			if err != nil {
				err = fmt.Errorf("testclock: %s=%q is not an RFC 3339 time: %w", Env, v, err)
			} else if base.Before(Earliest) {
				err = fmt.Errorf("testclock: %s=%s is before %s, the fixtures' days", Env, v, Earliest.Format(time.DateOnly))
			}
		}
	})
	if err != nil {
		panic(err)
	}
	return base
}

// New returns a clock that reads Start when called first and then
// advances with real time, so that durations, orders and timeouts behave
// as on the wall clock while the dates are the chosen day's.
func New() func() time.Time {
	start := Start()
	began := time.Now()
	return func() time.Time { return start.Add(time.Since(began)) }
}
