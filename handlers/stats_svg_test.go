package handlers

import (
	"io"
	"log/slog"
	"math"
	"regexp"
	"strings"
	"testing"
)

// The trend's axis is labelled in whole, evenly spaced counts that reach
// the highest point.
func TestTrendAxis(t *testing.T) {
	msgs, err := loadMessages(messagesFS())
	if err != nil {
		t.Fatal(err)
	}
	tr := (&handler{messages: msgs, log: slog.New(slog.NewTextHandler(io.Discard, nil))}).translator("en")
	label := regexp.MustCompile(`text-anchor="end" font-size="11">([0-9,]+)<`)
	for _, tc := range []struct {
		peak int
		want string
	}{{0, "0 1 2 3 4 5"}, {4, "0 1 2 3 4 5"}, {17, "0 5 10 15 20"}, {90, "0 20 40 60 80 100"}, {1234, "0 500 1,000 1,500 2,000"}} {
		v := &statsView{Trend: trendView{Periods: []periodView{{Label: "a"}, {Label: "b"}},
			Series: []trendSeries{{Name: "x", Counts: []int{0, tc.peak}}}}}
		var got []string
		for _, m := range label.FindAllStringSubmatch(string(trendChart(v, tr)), -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("peak %d: axis %v, want %s", tc.peak, got, tc.want)
		}
	}
}

// The map's five shades cover the values from the lowest to the highest
// in round steps.
func TestMapClasses(t *testing.T) {
	for _, tc := range []struct {
		lo, hi, unit, start, step float64
	}{
		{2.0, 2.8, 0.1, 2.0, 0.2},
		{7, 88, 1, 0, 20},
		{0, 0, 1, 0, 1},
		{0.3, 0.35, 0.1, 0.3, 0.1},
		{120, 121, 1, 120, 1},
	} {
		start, step := mapClasses(tc.lo, tc.hi, tc.unit, 5)
		if math.Abs(start-tc.start) > 1e-9 || math.Abs(step-tc.step) > 1e-9 || start > tc.lo+1e-9 || start+5*step < tc.hi {
			t.Errorf("%v–%v: start %v step %v, want %v %v", tc.lo, tc.hi, start, step, tc.start, tc.step)
		}
	}
}
