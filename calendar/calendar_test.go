package calendar_test

import (
	"testing"
	"time"

	"streetfix/calendar"
)

func brussels(t *testing.T) *time.Location {
	t.Helper()
	loc, err := calendar.Load("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Days, weeks and months start at local midnight on both sides of the
// two daylight-saving changes (28 March 2027: 02:00 CET becomes 03:00
// CEST; 31 October 2027: 03:00 CEST becomes 02:00 CET).
func TestPeriodsAcrossDaylightSaving(t *testing.T) {
	loc := brussels(t)
	for _, tc := range []struct {
		at                    string
		midnight, week, month string
	}{
		// Saturday night before the spring change, in winter time.
		{"2027-03-27T23:30:00Z", "2027-03-27T23:00:00Z", "2027-03-21T23:00:00Z", "2027-02-28T23:00:00Z"},
		// The change itself: 01:59 CET, then 03:00 CEST a minute later.
		{"2027-03-28T00:59:00Z", "2027-03-27T23:00:00Z", "2027-03-21T23:00:00Z", "2027-02-28T23:00:00Z"},
		{"2027-03-28T01:00:00Z", "2027-03-27T23:00:00Z", "2027-03-21T23:00:00Z", "2027-02-28T23:00:00Z"},
		// Monday 00:30 CEST is still Sunday in UTC: the new week.
		{"2027-03-28T22:30:00Z", "2027-03-28T22:00:00Z", "2027-03-28T22:00:00Z", "2027-02-28T23:00:00Z"},
		// 1 April 00:10 CEST is 31 March in UTC: April.
		{"2027-03-31T22:10:00Z", "2027-03-31T22:00:00Z", "2027-03-28T22:00:00Z", "2027-03-31T22:00:00Z"},
		// Autumn: 02:30 happens twice on 31 October; both are that day.
		{"2027-10-31T00:30:00Z", "2027-10-30T22:00:00Z", "2027-10-24T22:00:00Z", "2027-09-30T22:00:00Z"},
		{"2027-10-31T01:30:00Z", "2027-10-30T22:00:00Z", "2027-10-24T22:00:00Z", "2027-09-30T22:00:00Z"},
		// 1 November 00:30 CET is 31 October in UTC: November, a Monday.
		{"2027-10-31T23:30:00Z", "2027-10-31T23:00:00Z", "2027-10-31T23:00:00Z", "2027-10-31T23:00:00Z"},
	} {
		at := utc(tc.at)
		for name, got := range map[string][2]time.Time{
			"midnight": {calendar.Midnight(at, loc), utc(tc.midnight)},
			"week":     {calendar.WeekStart(at, loc), utc(tc.week)},
			"month":    {calendar.MonthStart(at, loc), utc(tc.month)},
		} {
			if !got[0].Equal(got[1]) {
				t.Errorf("%s of %s: %s, want %s", name, tc.at, got[0].UTC().Format(time.RFC3339), got[1].Format(time.RFC3339))
			}
		}
	}
	// A week that holds the spring change is 167 hours long, the autumn one 169.
	spring := calendar.WeekStart(utc("2027-03-25T12:00:00Z"), loc)
	if d := spring.AddDate(0, 0, 7).Sub(spring); d != 167*time.Hour {
		t.Errorf("the spring week lasts %s", d)
	}
	autumn := calendar.WeekStart(utc("2027-10-28T12:00:00Z"), loc)
	if d := autumn.AddDate(0, 0, 7).Sub(autumn); d != 169*time.Hour {
		t.Errorf("the autumn week lasts %s", d)
	}
	day, err := calendar.ParseDay("2027-10-31", loc)
	if err != nil || !day.Equal(utc("2027-10-30T22:00:00Z")) || !day.AddDate(0, 0, 1).Equal(utc("2027-10-31T23:00:00Z")) {
		t.Errorf("31 October 2027 runs from %s for 25 hours; got %s (%v)", "2027-10-30T22:00:00Z", day.UTC(), err)
	}
}

// Dates are written in local time, in each language's convention.
func TestDateTimeAcrossDaylightSaving(t *testing.T) {
	loc := brussels(t)
	for _, tc := range []struct{ at, en, fr, nl, stamp string }{
		{"2027-03-28T00:59:00Z", "28 Mar 2027, 01:59", "28/03/2027 01:59", "28-03-2027 01:59", "2027-03-28T01:59:00+01:00"},
		{"2027-03-28T01:00:00Z", "28 Mar 2027, 03:00", "28/03/2027 03:00", "28-03-2027 03:00", "2027-03-28T03:00:00+02:00"},
		{"2027-10-31T00:30:00Z", "31 Oct 2027, 02:30", "31/10/2027 02:30", "31-10-2027 02:30", "2027-10-31T02:30:00+02:00"},
		{"2027-10-31T01:30:00Z", "31 Oct 2027, 02:30", "31/10/2027 02:30", "31-10-2027 02:30", "2027-10-31T02:30:00+01:00"},
		{"2027-10-31T23:30:00Z", "1 Nov 2027, 00:30", "01/11/2027 00:30", "01-11-2027 00:30", "2027-11-01T00:30:00+01:00"},
	} {
		at := utc(tc.at)
		for lang, want := range map[string]string{"en": tc.en, "fr": tc.fr, "nl": tc.nl} {
			if got := calendar.DateTime(at, loc, lang); got != want {
				t.Errorf("%s in %s: %q, want %q", tc.at, lang, got, want)
			}
		}
		if got := calendar.Stamp(at, loc); got != tc.stamp {
			t.Errorf("stamp of %s: %s, want %s", tc.at, got, tc.stamp)
		}
	}
	if got := calendar.Date(utc("2027-10-31T23:30:00Z"), loc, "fr"); got != "01/11/2027" {
		t.Errorf("date: %s", got)
	}
	if got := calendar.DateTime(utc("2027-10-31T23:30:00Z"), nil, "en"); got != "31 Oct 2027, 23:30" {
		t.Errorf("without a zone (UTC): %s", got)
	}
}

// A daily hour is local: 06:00 is 05:00 UTC in winter and 04:00 in summer;
// on the spring change an hour that does not exist (02:00) is 03:00.
func TestNextAtAcrossDaylightSaving(t *testing.T) {
	loc := brussels(t)
	for _, tc := range []struct {
		now  string
		hour int
		want string
	}{
		{"2027-03-27T05:30:00Z", 6, "2027-03-28T04:00:00Z"}, // after Saturday's 06:00 CET, Sunday's is CEST
		{"2027-03-27T04:30:00Z", 6, "2027-03-27T05:00:00Z"},
		{"2027-03-27T12:00:00Z", 2, "2027-03-28T01:00:00Z"}, // 02:00 does not exist on the 28th: 03:00 CEST
		{"2027-10-30T05:00:00Z", 6, "2027-10-31T05:00:00Z"}, // Saturday's 06:00 CEST was 04:00Z; Sunday's is CET
		{"2027-10-31T04:59:00Z", 6, "2027-10-31T05:00:00Z"},
		{"2027-10-31T05:00:00Z", 6, "2027-11-01T05:00:00Z"},
		{"2027-06-01T22:30:00Z", 0, "2027-06-02T22:00:00Z"}, // midnight, already past locally
	} {
		if got := calendar.NextAt(utc(tc.now), tc.hour, loc); !got.Equal(utc(tc.want)) {
			t.Errorf("next %02d:00 after %s: %s, want %s", tc.hour, tc.now, got.UTC().Format(time.RFC3339), tc.want)
		}
	}
}

func TestPeriodBeforeCountsLocalDays(t *testing.T) {
	bx := brussels(t)
	day := func(s string) time.Time {
		d, err := calendar.ParseDay(s, bx)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct {
		from, end time.Time
		want      time.Time
	}{
		// April (30 days) is compared with the 30 days before it, which hold
		// the spring change: the previous period starts at local midnight.
		{day("2027-04-01"), day("2027-05-01"), day("2027-03-02")},
		// Across the autumn change.
		{day("2027-11-01"), day("2027-11-08"), day("2027-10-25")},
		// Twelve months of local days.
		{day("2026-12-01"), day("2027-12-01"), day("2025-12-01")},
		// An end in the middle of a day keeps its time of day.
		{day("2027-03-29"), day("2027-03-30").Add(5 * time.Hour), day("2027-03-28").Add(-5 * time.Hour)},
		// Less than a day.
		{day("2027-06-01"), day("2027-06-01").Add(90 * time.Minute), day("2027-06-01").Add(-90 * time.Minute)},
	} {
		if got := calendar.PeriodBefore(c.from, c.end, bx); !got.Equal(c.want) {
			t.Errorf("PeriodBefore(%s, %s) = %s, want %s", c.from, c.end, got.In(bx), c.want.In(bx))
		}
	}
}
