// Package calendar is the city's local time: its days, weeks and months
// start at local midnight, and dates are written for people in the city's
// time zone (Brussels: Europe/Brussels). Instants are stored and exchanged
// (API, Open311, feeds) in UTC; this package is where they become the
// city's wall-clock time, so that a report made at 00:30 on a Monday in
// Brussels counts in that Monday's week, whatever the offset that day.
package calendar

import (
	"fmt"
	"time"
	_ "time/tzdata" // the zone database in the binary: containers often lack /usr/share/zoneinfo
)

// Load returns the named IANA time zone; empty is UTC.
func Load(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("calendar: time zone %q: %w", name, err)
	}
	return loc, nil
}

// or is loc, or UTC when nil.
func or(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// Midnight is the start of the local day that holds t.
func Midnight(t time.Time, loc *time.Location) time.Time {
	t = t.In(or(loc))
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// WeekStart is the start of the local week (from Monday) that holds t.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	d := Midnight(t, loc)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// MonthStart is the start of the local month that holds t.
func MonthStart(t time.Time, loc *time.Location) time.Time {
	d := Midnight(t, loc)
	return d.AddDate(0, 0, 1-d.Day())
}

// ParseDay reads a day (2026-01-31) as its local midnight.
func ParseDay(s string, loc *time.Location) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, or(loc))
}

// NextAt is the first instant after now at hour o'clock local time. On the
// day the clocks go forward, an hour that does not exist is the hour after.
func NextAt(now time.Time, hour int, loc *time.Location) time.Time {
	l := now.In(or(loc))
	next := time.Date(l.Year(), l.Month(), l.Day(), hour, 0, 0, 0, l.Location())
	for !next.After(now) {
		l = l.AddDate(0, 0, 1)
		next = time.Date(l.Year(), l.Month(), l.Day(), hour, 0, 0, 0, l.Location())
	}
	return next
}

// Layouts of dates for people, by language.
var (
	dateTimeLayouts = map[string]string{"en": "2 Jan 2006, 15:04", "fr": "02/01/2006 15:04", "nl": "02-01-2006 15:04"}
	dateLayouts     = map[string]string{"en": "2 Jan 2006", "fr": "02/01/2006", "nl": "02-01-2006"}
)

// DateTime writes t as people in the city read it: local date and time in
// lang's convention.
func DateTime(t time.Time, loc *time.Location, lang string) string {
	layout, ok := dateTimeLayouts[lang]
	if !ok {
		layout = "2006-01-02 15:04"
	}
	return t.In(or(loc)).Format(layout)
}

// Date writes t's local day in lang's convention.
func Date(t time.Time, loc *time.Location, lang string) string {
	layout, ok := dateLayouts[lang]
	if !ok {
		layout = time.DateOnly
	}
	return t.In(or(loc)).Format(layout)
}

// Stamp writes t as RFC 3339 with the city's offset (2027-03-28T03:30:00+02:00):
// local time that machines still read exactly, for exports.
func Stamp(t time.Time, loc *time.Location) string {
	return t.In(or(loc)).Format(time.RFC3339)
}

// PeriodBefore is the start of the period that ends at from and is as long
// as [from, end) in local calendar days, plus end's time of day past its
// last whole day when end is not a local midnight. A period of local days
// is compared with a period of as many local days, even when a
// daylight-saving change makes one of them an hour shorter.
func PeriodBefore(from, end time.Time, loc *time.Location) time.Time {
	loc = or(loc)
	f, e := from.In(loc), end.In(loc)
	days := max(int(e.Sub(f)/(24*time.Hour))-1, 0)
	for !f.AddDate(0, 0, days+1).After(e) {
		days++
	}
	rem := e.Sub(f.AddDate(0, 0, days))
	return f.AddDate(0, 0, -days).Add(-rem)
}
