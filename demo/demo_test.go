package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"streetfix/city"
	"streetfix/db"
	"streetfix/report"
)

var testNow = time.Date(2025, 11, 20, 15, 4, 5, 123456789, time.UTC)

func brussels(t testing.TB) *city.City {
	t.Helper()
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// generate runs Generate and collects every report.
func generate(t testing.TB, c *city.City, opt Options) []db.SeedReport {
	t.Helper()
	var out []db.SeedReport
	err := Generate(c, opt, func(b []db.SeedReport) error {
		out = append(out, b...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sample is one large run shared by the tests that only read it.
var sample = sync.OnceValues(func() (*city.City, []db.SeedReport) {
	c, err := city.Default()
	if err != nil {
		panic(err)
	}
	var out []db.SeedReport
	if err := Generate(c, Options{Seed: 42, N: 20_000, Now: testNow}, func(b []db.SeedReport) error {
		out = append(out, b...)
		return nil
	}); err != nil {
		panic(err)
	}
	return c, out
})

func TestReportsAreValid(t *testing.T) {
	c, reports := sample()
	areas := map[string]city.Area{}
	for _, a := range c.Areas {
		areas[a.Code] = a
	}
	tokens := map[string]bool{}
	start := testNow.AddDate(-1, 0, 0)
	for i, sr := range reports {
		r := sr.Report
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("report %d (%s, %s): "+format, append([]any{i, r.Category, r.Title}, args...)...)
		}
		area, ok := areas[r.AreaCode]
		if !ok {
			fail("unknown area %q", r.AreaCode)
		}
		if !planar.MultiPolygonContains(area.Geometry, orb.Point{r.Lon, r.Lat}) {
			fail("point %v,%v outside area %s", r.Lon, r.Lat, r.AreaCode)
		}
		cat, ok := c.Category(r.Category)
		if !ok {
			fail("unknown category")
		}
		if r.Theme != cat.Theme {
			fail("theme %q, category has %q", r.Theme, cat.Theme)
		}
		if body, _ := c.ResponsibleBody(cat, r.AreaCode); body.Code != r.BodyCode {
			fail("body %q, want %q", r.BodyCode, body.Code)
		}
		if !slices.Contains([]string{"fr", "nl", "en"}, r.Locale) {
			fail("locale %q", r.Locale)
		}
		if r.Title == "" || utf8.RuneCountInString(r.Title) >= maxTitle {
			fail("title length %d", utf8.RuneCountInString(r.Title))
		}
		if r.Description == "" || strings.ContainsAny(r.Title+r.Description, "{}|") {
			fail("bad text %q", r.Description)
		}
		if r.PhotoCount != 0 || r.DuplicateOf.Valid {
			fail("photos %d, duplicate of %v", r.PhotoCount, r.DuplicateOf)
		}
		if r.SupportCount != sr.Supporters || r.SupportCount < 0 || r.SupportCount > 40 {
			fail("support count %d, supporters %d", r.SupportCount, sr.Supporters)
		}
		if r.CreatedAt.Before(start) || r.CreatedAt.After(testNow) {
			fail("created at %v, outside the year before %v", r.CreatedAt, testNow)
		}
		checkHistory(t, fail, r, sr.Events)
		checkAnswers(fail, cat, r.Answers)

		rep := sr.Reporter
		if len(rep.TokenHash) != 64 || strings.Trim(rep.TokenHash, "0123456789abcdef") != "" {
			fail("token hash %q", rep.TokenHash)
		}
		if tokens[rep.TokenHash] {
			fail("token hash %q repeated", rep.TokenHash)
		}
		tokens[rep.TokenHash] = true
		if rep.Email != "" && !strings.HasSuffix(rep.Email, "@example.org") {
			fail("e-mail %q", rep.Email)
		}
		if rep.Phone != "" && (!strings.HasPrefix(rep.Phone, "+32 4") || len(rep.Phone) != len("+32 470 12 34 56")) {
			fail("phone %q", rep.Phone)
		}
		if r.PublicName != "" && r.PublicName != rep.Name {
			fail("public name %q, reporter %q", r.PublicName, rep.Name)
		}
	}
}

func checkHistory(t *testing.T, fail func(string, ...any), r db.Report, events []db.Event) {
	t.Helper()
	if len(events) == 0 {
		fail("no events")
	}
	first := events[0]
	if first.Kind != db.EventCreated || first.Actor != db.ActorReporter || first.ToStatus != report.StatusNew ||
		!first.Public || !first.CreatedAt.Equal(r.CreatedAt.Time) {
		fail("first event %+v", first)
	}
	status := report.StatusNew
	var ack, fixed, closed time.Time
	for k, e := range events {
		if k > 0 && !e.CreatedAt.After(events[k-1].CreatedAt.Time) {
			fail("event %d at %v, not after the one before", k, e.CreatedAt)
		}
		if e.CreatedAt.After(testNow) {
			fail("event %d at %v, after now", k, e.CreatedAt)
		}
		switch e.Kind {
		case db.EventCreated:
			if k != 0 {
				fail("second created event")
			}
		case db.EventNote:
			if e.Public || e.Actor != db.ActorStaff || e.Note == "" || e.ToStatus != "" {
				fail("note %+v", e)
			}
		case db.EventStatus:
			if !e.Public || e.FromStatus != status || !report.IsStatus(e.ToStatus) || e.ToStatus == status {
				fail("status event %+v after %q", e, status)
			}
			status = e.ToStatus
			switch report.Group(status) {
			case report.GroupOpen:
				if ack.IsZero() {
					ack = e.CreatedAt.Time
				}
			case report.GroupFixed:
				fixed = e.CreatedAt.Time
			case report.GroupClosed:
				closed = e.CreatedAt.Time
			}
		default:
			fail("event kind %q", e.Kind)
		}
	}
	if r.Status != status {
		fail("status %q, history ends at %q", r.Status, status)
	}
	if r.Status == report.StatusDuplicate {
		fail("duplicate without a report to point to")
	}
	if report.Group(r.Status) != report.GroupFixed {
		fixed = time.Time{}
	}
	if report.Group(r.Status) != report.GroupClosed {
		closed = time.Time{}
	}
	for _, c := range []struct {
		name      string
		got, want time.Time
	}{
		{"updated_at", r.UpdatedAt.Time, events[len(events)-1].CreatedAt.Time},
		{"acknowledged_at", r.AcknowledgedAt.Time, ack},
		{"fixed_at", r.FixedAt.Time, fixed},
		{"closed_at", r.ClosedAt.Time, closed},
	} {
		if !c.got.Equal(c.want) {
			fail("%s %v, want %v", c.name, c.got, c.want)
		}
	}
}

func checkAnswers(fail func(string, ...any), cat city.Category, answers string) {
	var got map[string]any
	if err := json.Unmarshal([]byte(answers), &got); err != nil {
		fail("answers %q: %v", answers, err)
	}
	for _, q := range cat.Questions {
		v, ok := got[q.Code]
		if !ok {
			if q.Required {
				fail("required answer %q missing from %s", q.Code, answers)
			}
			continue
		}
		delete(got, q.Code)
		allowed := func(x any) bool {
			s, _ := x.(string)
			return slices.ContainsFunc(q.Values, func(qv city.QuestionValue) bool { return qv.Key == s })
		}
		switch q.Datatype {
		case "singlevaluelist":
			if !allowed(v) {
				fail("answer %s=%v not allowed", q.Code, v)
			}
		case "multivaluelist":
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				fail("answer %s=%v not a list", q.Code, v)
			}
			seen := map[any]bool{}
			for _, x := range list {
				if !allowed(x) || seen[x] {
					fail("answer %s=%v: %v not allowed or repeated", q.Code, v, x)
				}
				seen[x] = true
			}
		case "number":
			if n, ok := v.(float64); !ok || n <= 0 {
				fail("answer %s=%v not a positive number", q.Code, v)
			}
		case "datetime":
			s, _ := v.(string)
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				fail("answer %s=%v: %v", q.Code, v, err)
			}
		case "string", "text":
			if s, _ := v.(string); s == "" {
				fail("answer %s=%v not a string", q.Code, v)
			}
		}
	}
	for k := range got {
		fail("answer %q is not a question of %s", k, cat.Code)
	}
}

func TestCoverage(t *testing.T) {
	c, reports := sample()
	count := func(key func(db.SeedReport) string) map[string]int {
		m := map[string]int{}
		for _, sr := range reports {
			m[key(sr)]++
		}
		return m
	}
	byArea := count(func(sr db.SeedReport) string { return sr.Report.AreaCode })
	byCat := count(func(sr db.SeedReport) string { return sr.Report.Category })
	byStatus := count(func(sr db.SeedReport) string { return sr.Report.Status })
	byGroup := count(func(sr db.SeedReport) string { return report.Group(sr.Report.Status) })
	byLocale := count(func(sr db.SeedReport) string { return sr.Report.Locale })

	for _, a := range c.Areas {
		if byArea[a.Code] == 0 {
			t.Errorf("no report in area %s", a.Code)
		}
	}
	for _, cat := range c.Categories {
		if byCat[cat.Code] == 0 {
			t.Errorf("no report in category %s", cat.Code)
		}
	}
	for _, g := range append(slices.Clone(report.Groups), report.GroupHidden) {
		if byGroup[g] == 0 {
			t.Errorf("no report in status group %s", g)
		}
	}
	for _, s := range report.Statuses {
		if s != report.StatusDuplicate && byStatus[s] == 0 {
			t.Errorf("no report with status %s", s)
		}
	}

	n := float64(len(reports))
	share := func(k int) float64 { return float64(k) / n }
	shares := []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"fr", share(byLocale["fr"]), 0.46, 0.54},
		{"nl", share(byLocale["nl"]), 0.22, 0.28},
		{"en", share(byLocale["en"]), 0.22, 0.28},
		{"hidden", share(byStatus[report.StatusHidden]), 0.005, 0.02},
		{"fixed", share(byStatus[report.StatusFixed]), 0.45, 0.75},
		{"public name", share(len(filter(reports, func(sr db.SeedReport) bool { return sr.Report.PublicName != "" }))), 0.07, 0.13},
		{"e-mail", share(len(filter(reports, func(sr db.SeedReport) bool { return sr.Reporter.Email != "" }))), 0.55, 0.65},
		{"name", share(len(filter(reports, func(sr db.SeedReport) bool { return sr.Reporter.Name != "" }))), 0.16, 0.24},
		{"phone", share(len(filter(reports, func(sr db.SeedReport) bool { return sr.Reporter.Phone != "" }))), 0.03, 0.07},
		{"supported", share(len(filter(reports, func(sr db.SeedReport) bool { return sr.Supporters > 0 }))), 0.2, 0.4},
		{"private note", share(len(filter(reports, func(sr db.SeedReport) bool {
			return slices.ContainsFunc(sr.Events, func(e db.Event) bool { return !e.Public })
		}))), 0.02, 0.15},
		{"reporter fixed", share(len(filter(reports, func(sr db.SeedReport) bool {
			return slices.ContainsFunc(sr.Events, func(e db.Event) bool {
				return e.ToStatus == report.StatusFixed && e.Actor == db.ActorReporter
			})
		}))), 0.01, 0.1},
	}
	for _, s := range shares {
		if s.got < s.min || s.got > s.max {
			t.Errorf("share of %s = %.3f, want [%.3f, %.3f]", s.name, s.got, s.min, s.max)
		}
	}

	// Weighted by population and by how common a problem is.
	if byArea["21004"] < 3*byArea["21011"] {
		t.Errorf("Bruxelles has %d reports, Koekelberg %d", byArea["21004"], byArea["21011"])
	}
	if byCat["illegal_dumping"] < 10*byCat["playground"] || byCat["pothole"] < 10*byCat["oil_spill"] {
		t.Errorf("category mix looks wrong: %v", byCat)
	}

	// Points are spread out, not piled on a few spots.
	points := map[orb.Point]bool{}
	for _, sr := range reports {
		points[orb.Point{sr.Report.Lon, sr.Report.Lat}] = true
	}
	if len(points) < len(reports)*99/100 {
		t.Errorf("only %d distinct points for %d reports", len(points), len(reports))
	}

	// Older reports are more often dealt with than recent ones.
	resolved := func(from, to time.Time) float64 {
		rs := filter(reports, func(sr db.SeedReport) bool {
			return !sr.Report.CreatedAt.Before(from) && sr.Report.CreatedAt.Before(to)
		})
		done := filter(rs, func(sr db.SeedReport) bool { return report.Group(sr.Report.Status) != report.GroupOpen })
		return float64(len(done)) / float64(len(rs))
	}
	old := resolved(testNow.AddDate(-1, 0, 0), testNow.AddDate(0, -6, 0))
	recent := resolved(testNow.AddDate(0, 0, -7), testNow)
	if old < 0.7 || recent > old-0.2 {
		t.Errorf("resolved: %.2f of old reports, %.2f of last week's", old, recent)
	}
}

func filter(rs []db.SeedReport, keep func(db.SeedReport) bool) []db.SeedReport {
	var out []db.SeedReport
	for _, r := range rs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func TestTokenHash(t *testing.T) {
	c := brussels(t)
	got := generate(t, c, Options{Seed: 7, N: 3, Now: testNow})
	for i, sr := range got {
		sum := sha256.Sum256([]byte("demo:7:" + strconv.Itoa(i)))
		if want := hex.EncodeToString(sum[:]); sr.Reporter.TokenHash != want {
			t.Errorf("report %d token hash %s, want %s", i, sr.Reporter.TokenHash, want)
		}
	}
}

func TestDeterminism(t *testing.T) {
	c := brussels(t)
	base := Options{Seed: 1, N: 3000, Now: testNow}
	first := generate(t, c, base)
	tests := []struct {
		name  string
		opt   Options
		equal bool
	}{
		{"same options", base, true},
		{"other batch size", Options{Seed: 1, N: 3000, Now: testNow, BatchSize: 7}, true},
		{"other seed", Options{Seed: 2, N: 3000, Now: testNow}, false},
		{"other now", Options{Seed: 1, N: 3000, Now: testNow.Add(time.Hour)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := generate(t, c, tt.opt)
			if eq := reflect.DeepEqual(first, got); eq != tt.equal {
				t.Errorf("equal = %v, want %v", eq, tt.equal)
			}
		})
	}
}

func TestBatching(t *testing.T) {
	c := brussels(t)
	tests := []struct {
		n, batchSize int
		want         []int
	}{
		{0, 0, nil},
		{1, 0, []int{1}},
		{10, 3, []int{3, 3, 3, 1}},
		{10, 10, []int{10}},
		{10, 0, []int{10}},
		{12_000, 0, []int{5000, 5000, 2000}},
	}
	for _, tt := range tests {
		var sizes []int
		err := Generate(c, Options{Seed: 3, N: tt.n, Now: testNow, BatchSize: tt.batchSize}, func(b []db.SeedReport) error {
			sizes = append(sizes, len(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sizes, tt.want) {
			t.Errorf("N=%d BatchSize=%d: batches %v, want %v", tt.n, tt.batchSize, sizes, tt.want)
		}
	}
}

func TestEmitErrorStops(t *testing.T) {
	c := brussels(t)
	boom := errors.New("boom")
	calls := 0
	err := Generate(c, Options{Seed: 3, N: 100, Now: testNow, BatchSize: 10}, func([]db.SeedReport) error {
		calls++
		if calls == 2 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want %v", err, boom)
	}
	if calls != 2 {
		t.Errorf("emit called %d times after failing, want 2", calls)
	}
}

func TestBadOptions(t *testing.T) {
	c := brussels(t)
	noop := func([]db.SeedReport) error { return nil }
	tests := []struct {
		name string
		c    *city.City
		opt  Options
		emit func([]db.SeedReport) error
	}{
		{"no city", nil, Options{N: 1, Now: testNow}, noop},
		{"empty city", &city.City{}, Options{N: 1, Now: testNow}, noop},
		{"no now", c, Options{N: 1}, noop},
		{"negative n", c, Options{N: -1, Now: testNow}, noop},
		{"no emit", c, Options{N: 1, Now: testNow}, nil},
	}
	for _, tt := range tests {
		if err := Generate(tt.c, tt.opt, tt.emit); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

// TestPhraseBanks checks the texts against the city: every category has
// phrases in every language, and every answer a variant is keyed on exists.
func TestPhraseBanks(t *testing.T) {
	c := brussels(t)
	for _, lb := range banks {
		for _, cat := range c.Categories {
			if _, ok := lb.cats[cat.Code]; !ok {
				t.Errorf("%s: no phrases for %s", lb.code, cat.Code)
			}
			vq, ok := variantQuestions[cat.Code]
			if !ok {
				continue
			}
			qi := slices.IndexFunc(cat.Questions, func(q city.Question) bool { return q.Code == vq.question })
			if qi < 0 {
				t.Errorf("%s: no question %q", cat.Code, vq.question)
				continue
			}
			for key := range vq.weights {
				if !slices.ContainsFunc(cat.Questions[qi].Values, func(v city.QuestionValue) bool { return v.Key == key }) {
					t.Errorf("%s: %q is not an answer to %q", cat.Code, key, vq.question)
				}
			}
		}
		for key := range lb.answerSentences {
			code, q, _ := strings.Cut(key, ".")
			cat, ok := c.Category(code)
			if !ok || !slices.ContainsFunc(cat.Questions, func(x city.Question) bool { return x.Code == q }) {
				t.Errorf("%s: answer sentence for unknown question %s", lb.code, key)
			}
		}
	}
	for _, area := range c.Areas {
		n := 0
		for _, s := range brusselsStreets {
			if slices.Contains(s.areas, area.Code) {
				n++
			}
		}
		if n < 3 {
			t.Errorf("area %s has %d named streets, want at least 3", area.Code, n)
		}
	}
}

func TestParseTmpl(t *testing.T) {
	v := slots{slotStreet: "rue Haute", slotAt: "dans la rue Haute", slotNr: "12"}
	tests := []struct {
		in, want string
		err      bool
	}{
		{"Nid-de-poule {street} {nr}", "Nid-de-poule rue Haute 12", false},
		{"{At}, un trou.", "Dans la rue Haute, un trou.", false},
		{"plain", "plain", false},
		{"{nope}", "", true},
		{"{street", "", true},
	}
	for _, tt := range tests {
		tm, err := parseTmpl(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("parseTmpl(%q) error %v", tt.in, err)
			continue
		}
		var buf []byte
		if got := tm.render(&buf, &v); err == nil && got != tt.want {
			t.Errorf("render(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// BenchmarkGenerate measures generation alone, 100,000 reports per op.
func BenchmarkGenerate(b *testing.B) {
	c := brussels(b)
	const n = 100_000
	for b.Loop() {
		if err := Generate(c, Options{Seed: 1, N: n, Now: testNow}, func([]db.SeedReport) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/report")
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "reports/s")
}
