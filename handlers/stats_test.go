package handlers_test

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"streetfix/app"
	"streetfix/calendar"
	"streetfix/city"
	"streetfix/db"
	"streetfix/handlers"
	"streetfix/internal/testclock"
	"streetfix/report"
)

// statsBody mirrors /api/v1/stats.
type statsBody struct {
	Total, Open, Fixed, Closed, Overdue int
	Themes, Categories                  []struct {
		Code                       string
		Open, Fixed, Closed, Total int
	}
	Areas []struct {
		Code        string
		Total, Open int
		Per1000     float64 `json:"per_1000_inhabitants"`
		OpenPer1000 float64 `json:"open_per_1000_inhabitants"`
	}
	Trend struct {
		Periods []struct{ Start string }
		Series  []struct {
			Theme  string
			Counts []int
		}
	}
	Period struct {
		From, To string
		Default  bool
		Text     string
	}
	Previous *struct {
		From, To                   string
		Total, Open, Fixed, Closed int
	} `json:"previous_period"`
	Within struct {
		Themes, Categories, Bodies []withinBody
	} `json:"fixed_within_target"`
	Ack          durationsBody `json:"time_to_acknowledge"`
	Fix          durationsBody `json:"time_to_fix"`
	OverdueByCat []struct {
		Code          string
		TargetHours   int64 `json:"target_hours"`
		Open, Overdue int
	} `json:"overdue_by_category"`
	MostSupported []struct {
		ID       int64
		URL      string
		Supports int
	} `json:"most_supported"`
}

type withinBody struct {
	Code     string
	Fixed    int
	Within   int `json:"within_target"`
	Percent  *int
	Previous *withinBody
	Change   *int `json:"change_points"`
}

type durationsBody struct {
	Themes, Categories, Bodies []durationBody
}

type durationBody struct {
	Code       string
	Reports    int
	P50Minutes int64 `json:"median_minutes"`
	P90Minutes int64 `json:"p90_minutes"`
}

// seedStats fills the test server with demo reports (deterministic for a
// seed, spread over the year before now) and one report whose reporter's
// contact details must never leak, with a name a spreadsheet would run.
func seedStats(t *testing.T, s *testServer, n int) {
	t.Helper()
	if err := app.Seed(context.Background(), s.store, s.city, n, 11, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	created := db.At(s.store.Now().Add(-40 * 24 * time.Hour))
	_, err := s.store.Seed(context.Background(), []db.SeedReport{{
		Report: db.Report{Category: "graffiti", Theme: "social", Status: "acknowledged", Title: "Tag on the school wall",
			Lon: 4.3725, Lat: 50.8610, AreaCode: "21015", BodyCode: "commune-21015", Answers: `{}`, Locale: "en",
			CreatedAt: created, UpdatedAt: created, AcknowledgedAt: db.At(created.Add(90 * time.Minute)), SupportCount: 900},
		Reporter:   db.Reporter{Name: "=HYPERLINK(\"http://evil\")", Email: "secret.reporter@example.org", Phone: "+32 470 99 88 77"},
		Supporters: 900,
	}})
	if err != nil {
		t.Fatal(err)
	}
}

// everyReport reads every public report back through the list query.
func everyReport(t *testing.T, s *testServer) []db.Report {
	t.Helper()
	all, err := s.store.ListReports(context.Background(), db.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b db.Report) int { return cmp.Compare(a.ID, b.ID) })
	return all
}

// bruteFilter is the test's own reading of a filter's query string.
type bruteFilter struct {
	from, to                    time.Time
	themes, cats, areas, bodies map[string]bool
	period                      string
}

// newBruteFilter reads q; a summary without dates (and without all=1)
// covers the last 12 months: defaultFrom, when not zero.
func newBruteFilter(t *testing.T, q url.Values, defaultFrom time.Time) bruteFilter {
	set := func(k string) map[string]bool {
		if q.Get(k) == "" {
			return nil
		}
		m := map[string]bool{}
		for _, v := range strings.Split(q.Get(k), ",") {
			m[v] = true
		}
		return m
	}
	f := bruteFilter{themes: set("theme"), cats: set("category"), areas: set("area"), bodies: set("body"), period: cmp.Or(q.Get("period"), "month")}
	// Days are Brussels days, from local midnight to local midnight.
	if s := q.Get("from"); s != "" {
		f.from, _ = time.ParseInLocation("2006-01-02", s, brussels)
	}
	if s := q.Get("to"); s != "" {
		to, _ := time.ParseInLocation("2006-01-02", s, brussels)
		f.to = to.AddDate(0, 0, 1)
	}
	if f.from.IsZero() && f.to.IsZero() && q.Get("all") != "1" {
		f.from = defaultFrom
	}
	return f
}

func (f bruteFilter) match(r db.Report) bool {
	ok := func(m map[string]bool, v string) bool { return m == nil || m[v] }
	return (f.from.IsZero() || !r.CreatedAt.Before(f.from)) && (f.to.IsZero() || r.CreatedAt.Before(f.to)) &&
		ok(f.themes, r.Theme) && ok(f.cats, r.Category) && ok(f.areas, r.AreaCode) && ok(f.bodies, r.BodyCode)
}

// nearestRank is the exact percentile, rounded to the dashboard's resolution.
func nearestRank(minutes []int64, q float64) int64 {
	slices.Sort(minutes)
	v := minutes[max(1, int(math.Ceil(q*float64(len(minutes)))))-1]
	return int64(db.RoundMinutes(time.Duration(v)*time.Minute) / time.Minute)
}

func bruteDurations(t *testing.T, what string, got []durationBody, values map[string][]int64) {
	t.Helper()
	if len(got) != len(values) {
		t.Errorf("%s: %d groups, want %d", what, len(got), len(values))
	}
	for _, d := range got {
		vs := values[d.Code]
		if len(vs) == 0 {
			t.Errorf("%s %s: no values expected", what, d.Code)
			continue
		}
		if d.Reports != len(vs) || d.P50Minutes != nearestRank(vs, 0.5) || d.P90Minutes != nearestRank(vs, 0.9) {
			t.Errorf("%s %s: n %d p50 %d p90 %d, want %d %d %d", what, d.Code, d.Reports, d.P50Minutes, d.P90Minutes,
				len(vs), nearestRank(vs, 0.5), nearestRank(vs, 0.9))
		}
	}
}

// TestStatsEqualBruteForce checks every figure of the summaries against
// counts and percentiles computed here from the stored reports, for
// several filter combinations.
func TestStatsEqualBruteForce(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) {
		c.Targets = city.Targets{"safe": 2 * 24 * time.Hour, "pothole": 10 * 24 * time.Hour}
	})
	seedStats(t, s, 4000)
	all := everyReport(t, s)
	if stored, _ := s.store.CountReports(context.Background()); stored <= len(all) {
		t.Fatalf("the demo data has no hidden reports (%d stored, %d public): the test would not see them leak", stored, len(all))
	}
	pop := map[string]int{}
	for _, a := range s.city.Areas {
		pop[a.Code] = a.Population
	}
	theme := map[string]string{}
	for _, c := range s.city.Categories {
		theme[c.Code] = c.Theme
	}
	target := func(cat string) time.Duration {
		switch {
		case cat == "pothole":
			return 10 * 24 * time.Hour
		case theme[cat] == "safe":
			return 2 * 24 * time.Hour
		}
		return db.DefaultTarget
	}
	now := s.store.Now().In(brussels)
	quarter := now.AddDate(0, -3, 0).Format("2006-01-02")
	// Without dates, the last 12 months: from the first of the month
	// eleven months ago, at Brussels' midnight.
	last12 := time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, brussels)
	for _, query := range []string{
		"",
		"all=1",
		"theme=mobile&area=21015&from=" + quarter + "&to=" + now.Format("2006-01-02"),
		"body=commune-21009",
		"category=pothole,graffiti&period=week&from=" + now.AddDate(0, -5, 0).Format("2006-01-02"),
		"area=21009,21016&theme=safe,service&to=" + now.AddDate(0, -2, 0).Format("2006-01-02"),
		"body=sibelga&from=2020-01-01",
	} {
		t.Run(query, func(t *testing.T) {
			w := s.do("GET", "/api/v1/stats?"+query, nil)
			if w.Code != 200 {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			got := decode[statsBody](t, w)
			q, _ := url.ParseQuery(query)
			f := newBruteFilter(t, q, last12)
			if got.Period.Default != (q.Get("from") == "" && q.Get("to") == "" && q.Get("all") == "") || f.from.IsZero() != (got.Period.From == "") ||
				!f.from.IsZero() && got.Period.From != f.from.UTC().Format(time.RFC3339) || got.Period.Text == "" {
				t.Errorf("period %+v, want from %s", got.Period, f.from)
			}
			checkWithinAndPrevious(t, got, all, f, now, target)
			var total, open, overdue int
			byTheme, byCat := map[string][3]int{}, map[string][3]int{}
			byArea := map[string][2]int{}
			overCat := map[string][2]int{}
			ack, fix := map[string][]int64{}, map[string][]int64{}
			var supported []db.Report
			for _, r := range all {
				if !f.match(r) {
					continue
				}
				total++
				g := slices.Index([]string{report.GroupOpen, report.GroupFixed, report.GroupClosed}, report.Group(r.Status))
				tc, cc := byTheme[r.Theme], byCat[r.Category]
				tc[g]++
				cc[g]++
				byTheme[r.Theme], byCat[r.Category] = tc, cc
				ac := byArea[r.AreaCode]
				ac[0]++
				if g == 0 {
					open++
					ac[1]++
					oc := overCat[r.Category]
					oc[0]++
					if now.Sub(r.CreatedAt.Time) > target(r.Category) {
						oc[1]++
						overdue++
					}
					overCat[r.Category] = oc
					if r.SupportCount > 0 {
						supported = append(supported, r)
					}
				}
				byArea[r.AreaCode] = ac
				for _, d := range []struct {
					at  db.Time
					out map[string][]int64
				}{{r.AcknowledgedAt, ack}, {r.FixedAt, fix}} {
					if d.at.IsZero() {
						continue
					}
					m := max(int64(d.at.Sub(r.CreatedAt.Time)/time.Minute), 0)
					for _, k := range []string{"theme:" + r.Theme, "cat:" + r.Category, "body:" + r.BodyCode} {
						d.out[k] = append(d.out[k], m)
					}
				}
			}
			if total == 0 {
				t.Fatal("the filter matches nothing: a weak test")
			}
			if got.Total != total || got.Open != open || got.Overdue != overdue {
				t.Errorf("total %d open %d overdue %d, want %d %d %d", got.Total, got.Open, got.Overdue, total, open, overdue)
			}
			for _, th := range got.Themes {
				want := byTheme[th.Code]
				if th.Open != want[0] || th.Fixed != want[1] || th.Closed != want[2] || th.Total != want[0]+want[1]+want[2] {
					t.Errorf("theme %s: %+v, want %v", th.Code, th, want)
				}
			}
			for _, c := range got.Categories {
				if want := byCat[c.Code]; c.Open != want[0] || c.Fixed != want[1] || c.Closed != want[2] {
					t.Errorf("category %s: %+v, want %v", c.Code, c, want)
				}
			}
			for _, a := range got.Areas {
				want := byArea[a.Code]
				rate := math.Round(float64(want[0])*10000/float64(pop[a.Code])) / 10
				openRate := math.Round(float64(want[1])*10000/float64(pop[a.Code])) / 10
				if a.Total != want[0] || a.Open != want[1] || a.Per1000 != rate || a.OpenPer1000 != openRate {
					t.Errorf("area %s: %+v, want %v and %.1f per 1,000", a.Code, a, want, rate)
				}
			}
			if len(got.Areas) != 19 {
				t.Errorf("%d areas", len(got.Areas))
			}
			for _, o := range got.OverdueByCat {
				if want := overCat[o.Code]; o.Open != want[0] || o.Overdue != want[1] {
					t.Errorf("overdue %s: %+v, want %v", o.Code, o, want)
				}
			}
			// The page shows the same figures as the API.
			page := s.do("GET", "/stats?lang=en&"+query, nil).Body.String()
			// Counts are links to the matching lists; the figures are what is compared here.
			page = strings.ReplaceAll(regexp.MustCompile(`<a href="[^"]*">`).ReplaceAllString(page, ""), "</a>", "")
			for _, want := range []string{
				"<li><strong>" + enInt(total) + "</strong> reports",
				"<li class=\"late\"><strong>" + enInt(overdue) + "</strong> overdue</li>",
			} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
			for _, th := range s.city.Themes {
				c := byTheme[th.Code]
				row := "<tr><th scope=\"row\">" + th.Name.EN + "</th><td class=\"num\">" + enInt(c[0]) + "</td><td class=\"num\">" + enInt(c[1]) +
					"</td><td class=\"num\">" + enInt(c[2]) + "</td><td class=\"num\">" + enInt(c[0]+c[1]+c[2]) + "</td></tr>"
				if !strings.Contains(page, row) {
					t.Errorf("the page lacks the row %s", row)
				}
			}
			checkTrend(t, got, all, f)
			split := func(m map[string][]int64, prefix string) map[string][]int64 {
				out := map[string][]int64{}
				for k, v := range m {
					if code, ok := strings.CutPrefix(k, prefix); ok {
						out[code] = v
					}
				}
				return out
			}
			bruteDurations(t, "ack themes", got.Ack.Themes, split(ack, "theme:"))
			bruteDurations(t, "ack categories", got.Ack.Categories, split(ack, "cat:"))
			bruteDurations(t, "ack bodies", got.Ack.Bodies, split(ack, "body:"))
			bruteDurations(t, "fix themes", got.Fix.Themes, split(fix, "theme:"))
			bruteDurations(t, "fix categories", got.Fix.Categories, split(fix, "cat:"))
			bruteDurations(t, "fix bodies", got.Fix.Bodies, split(fix, "body:"))
			slices.SortStableFunc(supported, func(a, b db.Report) int { return cmp.Compare(b.SupportCount, a.SupportCount) })
			supported = supported[:min(10, len(supported))]
			if len(got.MostSupported) != len(supported) {
				t.Fatalf("%d most supported, want %d", len(got.MostSupported), len(supported))
			}
			for i, r := range supported {
				if g := got.MostSupported[i]; g.ID != r.ID || g.Supports != r.SupportCount || g.URL != "/reports/"+strconv.FormatInt(r.ID, 10) {
					t.Errorf("most supported #%d: %+v, want report %d with %d", i+1, g, r.ID, r.SupportCount)
				}
			}
		})
	}
}

// checkTrend counts new reports per theme in each period the answer lists,
// and checks the periods are consecutive months or weeks (from Monday),
// from Brussels' midnight.
func checkTrend(t *testing.T, got statsBody, all []db.Report, f bruteFilter) {
	t.Helper()
	var starts []time.Time
	for _, p := range got.Trend.Periods {
		st, err := time.ParseInLocation("2006-01-02", p.Start, brussels)
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, st)
	}
	if len(starts) == 0 {
		t.Fatal("no trend periods")
	}
	next := func(t time.Time) time.Time {
		if f.period == "week" {
			return t.AddDate(0, 0, 7)
		}
		return t.AddDate(0, 1, 0)
	}
	for i, st := range starts {
		if (f.period == "week" && st.Weekday() != time.Monday) || (f.period == "month" && st.Day() != 1) {
			t.Errorf("period %s does not start a %s", st, f.period)
		}
		if i > 0 && !next(starts[i-1]).Equal(st) {
			t.Errorf("periods %s and %s are not consecutive", starts[i-1], st)
		}
	}
	if !f.from.IsZero() && (f.from.Before(starts[0]) || !f.from.Before(next(starts[0]))) {
		t.Errorf("the first period %s does not hold from %s", starts[0], f.from)
	}
	for _, s := range got.Trend.Series {
		for i, st := range starts {
			want := 0
			for _, r := range all {
				if f.match(r) && r.Theme == s.Theme && !r.CreatedAt.Before(st) && r.CreatedAt.Before(next(st)) {
					want++
				}
			}
			if s.Counts[i] != want {
				t.Errorf("trend %s %s: %d, want %d", s.Theme, st.Format("2006-01-02"), s.Counts[i], want)
			}
		}
	}
}

// enInt writes n as English pages do: 1,234.
func enInt(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// checkWithinAndPrevious counts, for the filter's period and the period of
// the same length before it, the reports fixed and those fixed within
// their category's target by theme, category and body, and the headline
// figures of the previous period.
func checkWithinAndPrevious(t *testing.T, got statsBody, all []db.Report, f bruteFilter, now time.Time, target func(string) time.Duration) {
	t.Helper()
	count := func(f bruteFilter) (map[string][2]int, [4]int) {
		out := map[string][2]int{}
		var heads [4]int
		for _, r := range all {
			if !f.match(r) {
				continue
			}
			heads[0]++
			heads[1+slices.Index([]string{report.GroupOpen, report.GroupFixed, report.GroupClosed}, report.Group(r.Status))]++
			if r.FixedAt.IsZero() {
				continue
			}
			in := 0
			if time.Duration(max(int64(r.FixedAt.Sub(r.CreatedAt.Time)/time.Minute), 0))*time.Minute <= target(r.Category) {
				in = 1
			}
			for _, k := range []string{"theme:" + r.Theme, "cat:" + r.Category, "body:" + r.BodyCode} {
				c := out[k]
				c[0]++
				c[1] += in
				out[k] = c
			}
		}
		return out, heads
	}
	cur, _ := count(f)
	var prev map[string][2]int
	if !f.from.IsZero() {
		// The period ends at its end, or at the server's now (the answer's
		// period.to), which a test clock a moment later would not match.
		end, err := time.Parse(time.RFC3339, got.Period.To)
		if err != nil {
			t.Fatal(err)
		}
		if !f.to.IsZero() && !end.Equal(f.to) && end.After(now.Add(time.Minute)) {
			t.Errorf("period.to %s, want %s", end, f.to)
		}
		pf := f
		pf.to, pf.from = f.from, calendar.PeriodBefore(f.from, end, brussels)
		var heads [4]int
		prev, heads = count(pf)
		if got.Previous == nil {
			t.Fatal("no previous period")
		}
		if p := got.Previous; p.Total != heads[0] || p.Open != heads[1] || p.Fixed != heads[2] || p.Closed != heads[3] ||
			p.From != pf.from.UTC().Format(time.RFC3339) || p.To != pf.to.UTC().Format(time.RFC3339) {
			t.Errorf("previous period %+v, want %v from %s to %s", *p, heads, pf.from, pf.to)
		}
	} else if got.Previous != nil {
		t.Errorf("a previous period for an open start: %+v", *got.Previous)
	}
	pct := func(c [2]int) *int {
		if c[0] == 0 {
			return nil
		}
		v := int(float64(c[1])*100/float64(c[0]) + 0.5)
		return &v
	}
	eq := func(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	seen := 0
	for _, g := range []struct {
		prefix string
		rows   []withinBody
	}{{"theme:", got.Within.Themes}, {"cat:", got.Within.Categories}, {"body:", got.Within.Bodies}} {
		for _, r := range g.rows {
			c := cur[g.prefix+r.Code]
			if r.Fixed != c[0] || r.Within != c[1] || !eq(r.Percent, pct(c)) {
				t.Errorf("within target %s%s: %d of %d (%v), want %v", g.prefix, r.Code, r.Within, r.Fixed, r.Percent, c)
			}
			seen += r.Fixed
			if prev == nil {
				continue
			}
			pc := prev[g.prefix+r.Code]
			if r.Previous == nil || r.Previous.Fixed != pc[0] || r.Previous.Within != pc[1] {
				t.Errorf("within target %s%s, previous period: %+v, want %v", g.prefix, r.Code, r.Previous, pc)
				continue
			}
			if a, b := pct(c), pct(pc); a != nil && b != nil && (r.Change == nil || *r.Change != *a-*b) {
				t.Errorf("within target %s%s: change %v, want %d", g.prefix, r.Code, r.Change, *a-*b)
			}
		}
	}
	want := 0
	for k, c := range cur {
		if strings.HasPrefix(k, "theme:") || strings.HasPrefix(k, "cat:") || strings.HasPrefix(k, "body:") {
			want += c[0]
		}
	}
	if seen != want {
		t.Errorf("within target rows hold %d fixed reports, want %d", seen, want)
	}
}

// The figures, their period and the period before it are read at one
// moment: with a clock that moves 700 ms on every reading, the previous
// period still ends where this one starts and is exactly as long as this
// one is said to be (it moved by a second when the period's end and the
// previous period were each read at their own "now").
func TestStatsPeriodsFromOneNow(t *testing.T) {
	start := testclock.Start()
	var mu sync.Mutex
	ticks := 0
	s := newTestServer(t, func(c *handlers.Config) {
		c.Now = func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			ticks++
			return start.Add(time.Duration(ticks) * 700 * time.Millisecond)
		}
	})
	for i := range 5 {
		w := s.do("GET", "/api/v1/stats?body=sibelga&from=2020-01-01", nil)
		if w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		got := decode[statsBody](t, w)
		from, _ := time.Parse(time.RFC3339, got.Period.From)
		end, err := time.Parse(time.RFC3339, got.Period.To)
		if err != nil || got.Previous == nil {
			t.Fatalf("period %+v, previous %v: %v", got.Period, got.Previous, err)
		}
		if want := calendar.PeriodBefore(from, end, brussels).UTC().Format(time.RFC3339); got.Previous.From != want || got.Previous.To != got.Period.From {
			t.Errorf("request %d: previous period %s to %s, want %s to %s (the period is %s to %s)", i, got.Previous.From, got.Previous.To, want, got.Period.From, got.Period.From, got.Period.To)
		}
	}
}
