package handlers

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/calendar"
	"streetfix/db"
)

// The council's summaries: /dashboard (staff, council, admin), the public
// /stats page with the same figures, /api/v1/stats as JSON, and exports.
// Every figure is counted from the in-memory index (db/stats.go).

type statsStore interface {
	Stats(q db.StatsQuery) (db.Stats, error)
	Heatmap(f db.StatsFilter, size float64) []db.HeatCell
	ExportReports(ctx context.Context, f db.StatsFilter, personal bool, each func(r *db.ExportRow) error) error
}

// Limits of the summaries' filters.
const (
	maxStatsYears  = 20  // the widest date range
	maxWeeks       = 157 // three years of weekly trend
	mostSupportedN = 10
)

// statsParams are a summary's filters as the request gave them.
type statsParams struct {
	db.StatsFilter
	Period           string // week or month
	MapMode          string // rate (per 1,000 inhabitants) or open
	FromText, ToText string // as typed, for the form
	// All asks for every report (all=1); without it and without dates, a
	// summary covers the last 12 months (Defaulted).
	All, Defaulted bool
	Personal       bool // an export with reporters' contact details
}

// parseStatsDate reads a day (2026-01-31), which starts at the city's
// local midnight, or an instant (RFC 3339).
func parseStatsDate(field, s string, loc *time.Location) (time.Time, bool, error) {
	if t, err := calendar.ParseDay(s, loc); err == nil {
		return t, true, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), false, nil
	}
	return time.Time{}, false, badRequest("invalid_filter", field, field+" must be a date (2026-01-31) or a date and time (2026-01-31T12:00:00Z)")
}

// statsFilter reads the filters shared by the summaries and the exports:
// from and to (inclusive local days), theme, category, area and body, each
// a comma list, checked against the catalog.
func statsFilter(c *gin.Context, cat *db.Catalog, loc *time.Location) (statsParams, error) {
	var p statsParams
	mf, err := mapFilter(c, cat) // theme, category and area, as the map reads them
	if err != nil {
		return p, err
	}
	p.Themes, p.Categories, p.Areas = mf.Themes, mf.Categories, mf.Areas
	for _, b := range splitList(c.Query("body")) {
		if _, ok := cat.Body(b); !ok {
			return p, badRequest("invalid_filter", "body", "unknown body "+strconv.Quote(b))
		}
		p.Bodies = append(p.Bodies, b)
	}
	p.FromText, p.ToText = c.Query("from"), c.Query("to")
	if p.FromText != "" {
		if p.From, _, err = parseStatsDate("from", p.FromText, loc); err != nil {
			return p, err
		}
	}
	if p.ToText != "" {
		var day bool
		if p.To, day, err = parseStatsDate("to", p.ToText, loc); err != nil {
			return p, err
		}
		if day {
			p.To = p.To.AddDate(0, 0, 1) // a day given as "to" is included, to the next local midnight
		}
	}
	switch {
	case !p.From.IsZero() && !p.To.IsZero() && !p.From.Before(p.To):
		return p, badRequest("invalid_filter", "to", "to must be after from")
	case outOfYears(p.From):
		return p, badRequest("invalid_filter", "from", "from must be a day between 1970 and 9000")
	case outOfYears(p.To):
		return p, badRequest("invalid_filter", "to", "to must be a day between 1970 and 9000")
	case !p.From.IsZero() && !p.To.IsZero() && p.To.After(p.From.AddDate(maxStatsYears, 0, 0)):
		return p, badRequest("range_too_long", "from", "the date range may span at most "+strconv.Itoa(maxStatsYears)+" years")
	}
	p.Period = c.DefaultQuery("period", "month")
	if p.Period != "week" && p.Period != "month" {
		return p, badRequest("invalid_filter", "period", "period must be week or month")
	}
	switch c.Query("all") {
	case "", "0":
	case "1":
		p.All = true
	default:
		return p, badRequest("invalid_filter", "all", "all must be 1 (every report) or 0")
	}
	p.MapMode = c.DefaultQuery("map", "rate")
	if p.MapMode != "rate" && p.MapMode != "open" {
		return p, badRequest("invalid_filter", "map", "map must be rate or open")
	}
	return p, nil
}

// outOfYears says whether a given date lies outside the years a summary
// can cover.
func outOfYears(t time.Time) bool {
	return !t.IsZero() && (t.Year() < 1970 || t.Year() > 9000)
}

// trendPeriods are the trend's period boundaries, at the city's local
// midnight: the weeks (from Monday) or months that hold the filter's range,
// or the last year (26 weeks) up to now when the range is open. A week
// that holds a daylight-saving change is an hour shorter or longer.
func trendPeriods(p statsParams, now time.Time, loc *time.Location) ([]time.Time, error) {
	end := now.In(loc)
	if !p.To.IsZero() && p.To.Before(end) {
		end = p.To.In(loc)
	}
	var start time.Time
	floor := func(t time.Time) time.Time {
		if p.Period == "month" {
			return calendar.MonthStart(t, loc)
		}
		return calendar.WeekStart(t, loc)
	}
	step := func(t time.Time) time.Time {
		if p.Period == "month" {
			return t.AddDate(0, 1, 0)
		}
		return t.AddDate(0, 0, 7)
	}
	switch {
	case !p.From.IsZero():
		start = floor(p.From)
	case p.Period == "month":
		start = floor(end).AddDate(0, -11, 0)
	default:
		start = floor(end).AddDate(0, 0, -7*25)
	}
	if end.Before(start) {
		end = start
	}
	out := []time.Time{start}
	for t := start; t.Before(end) || len(out) == 1; {
		t = step(t)
		out = append(out, t)
		if p.Period == "week" && len(out) > maxWeeks+1 {
			return nil, badRequest("range_too_long", "period", "a weekly trend covers at most three years: choose period=month or a shorter range")
		}
	}
	return out, nil
}

// targets are the time to fix of every category: its own, its theme's, or
// the default, as admins set them or else the city's file.
func (h *handler) targets(cat *db.Catalog) map[string]time.Duration {
	out := make(map[string]time.Duration, len(cat.Categories))
	for _, k := range cat.Categories {
		out[k.Code], _ = h.categoryTarget(cat, k.Code, k.Theme)
	}
	return out
}

// defaultPeriod makes a summary without dates cover the last 12 months,
// like the monthly trend: from the first day of the month eleven months
// before this one, at the city's local midnight.
func defaultPeriod(p *statsParams, now time.Time, loc *time.Location) {
	if p.All || !p.From.IsZero() || !p.To.IsZero() {
		return
	}
	p.From = calendar.MonthStart(now, loc).AddDate(0, -11, 0)
	p.FromText = p.From.Format("2006-01-02")
	p.Defaulted = true
}

// publishedEnd is when the figures' period ends: the filter's end, or now
// when it has none or it lies ahead, and never before the period's start
// (a period wholly in the future is empty, from its start to its start).
func publishedEnd(p statsParams, now time.Time) time.Time {
	end := p.To
	if end.IsZero() || end.After(now) {
		end = now.Truncate(time.Second)
	}
	if !p.From.IsZero() && end.Before(p.From) {
		end = p.From
	}
	return end
}

// previousFilter is the period of as many local days just before p's, for
// the comparison beside each figure; ok is false for an open start.
func previousFilter(p statsParams, now time.Time, loc *time.Location) (db.StatsFilter, bool) {
	if p.From.IsZero() {
		return db.StatsFilter{}, false
	}
	end := publishedEnd(p, now)
	if !end.After(p.From) {
		return db.StatsFilter{}, false
	}
	f := p.StatsFilter
	f.To = p.From
	f.From = calendar.PeriodBefore(p.From, end, loc)
	return f, true
}

// summary reads the filters and counts the period's figures and those of
// the period before it.
func (h *handler) summary(c *gin.Context, now time.Time) (statsParams, db.Stats, []time.Time, error) {
	cat := h.store.Catalog()
	p, err := statsFilter(c, cat, h.cfg.Location)
	if err != nil {
		return p, db.Stats{}, nil, err
	}
	defaultPeriod(&p, now, h.cfg.Location)
	per, err := trendPeriods(p, now, h.cfg.Location)
	if err != nil {
		return p, db.Stats{}, nil, err
	}
	st, err := h.store.Stats(db.StatsQuery{StatsFilter: p.StatsFilter, Periods: per, Now: now, Targets: h.targets(cat), Top: mostSupportedN})
	return p, st, per, err
}

// previousSummary counts the figures of the period before p's.
func (h *handler) previousSummary(p statsParams, now time.Time) (*db.Stats, error) {
	f, ok := previousFilter(p, now, h.cfg.Location)
	if !ok {
		return nil, nil
	}
	st, err := h.store.Stats(db.StatsQuery{StatsFilter: f, Now: now, Targets: h.targets(h.store.Catalog())})
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// statsAPI is GET /api/v1/stats: the summaries as JSON, public.
func (h *handler) statsAPI(c *gin.Context) {
	if err := queryOnceEach(c); err != nil {
		h.fail(c, err)
		return
	}
	now := h.now()
	p, st, per, err := h.summary(c, now)
	if err != nil {
		h.fail(c, err)
		return
	}
	v, err := h.newStatsView(c, lang(c), p, st, per, now)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=60")
	c.JSON(http.StatusOK, v)
}

// statsListParams are the summaries' filters that take several values, as
// one comma-separated list (statsFilter); every other parameter takes one.
var statsListParams = map[string]bool{"theme": true, "category": true, "area": true, "body": true}

// queryOnceEach refuses a query parameter sent more than once
// (?area=1&area=2): the API's lists are comma-separated, and reading only
// one of the values would silently answer another question.
func queryOnceEach(c *gin.Context) error {
	q := c.Request.URL.Query()
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if n := len(q[name]); n > 1 {
			if statsListParams[name] {
				return badRequest("repeated_param", name, fmt.Sprintf("%s was sent %d times: send it once, with the values separated by commas (%s=a,b)", clipQuote(name), n, name))
			}
			return badRequest("repeated_param", name, fmt.Sprintf("%s was sent %d times: send it once, with one value", clipQuote(name), n))
		}
	}
	return nil
}
