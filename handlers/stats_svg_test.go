package handlers

import (
	"io"
	"log/slog"
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

// The map's classes come from the values shown: at most five, each
// holding at least one value, equal values in one class, every value in
// the class whose range holds it, and the classes in order.
func TestDataClasses(t *testing.T) {
	for _, values := range [][]float64{
		{2.0, 2.8, 2.2, 2.4, 2.6, 2.8, 2.0},
		{7, 88, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25},
		{0, 0, 0},
		{5},
		{1, 1, 1, 1, 1, 1, 1, 1, 1, 9},
		{3, 1, 2},
		{0.3, 0.35, 0.31, 0.32, 0.33, 0.34, 0.3, 0.3, 0.3},
	} {
		classes := dataClasses(values, 5)
		if len(classes) == 0 || len(classes) > 5 {
			t.Fatalf("%v: %d classes", values, len(classes))
		}
		held := make([]int, len(classes))
		for _, v := range values {
			k := classOf(classes, v)
			if v < classes[k][0] || v > classes[k][1] {
				t.Errorf("%v: %v in class %v", values, v, classes[k])
			}
			held[k]++
		}
		for k, n := range held {
			if n == 0 {
				t.Errorf("%v: class %v is empty", values, classes[k])
			}
			if k > 0 && classes[k][0] <= classes[k-1][1] {
				t.Errorf("%v: classes %v and %v overlap", values, classes[k-1], classes[k])
			}
		}
		distinct := map[float64]bool{}
		for _, v := range values {
			distinct[v] = true
		}
		if want := min(5, len(distinct)); len(distinct) <= 5 && len(classes) != want {
			t.Errorf("%v: %d classes for %d distinct values", values, len(classes), len(distinct))
		}
	}
}
