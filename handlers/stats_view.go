package handlers

import (
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/calendar"
	"streetfix/db"
)

// statsView is the summaries as the API returns them and the pages show
// them: names in the reader's language; fields without a JSON name are
// the pages' formatted texts.
type statsView struct {
	Filter        statsFilterView `json:"filter"`
	Period        periodSpan      `json:"period"`
	Previous      *previousView   `json:"previous_period"` // null when the period has no start
	Within        withinView      `json:"fixed_within_target"`
	Total         int             `json:"total"`
	Open          int             `json:"open"`
	Fixed         int             `json:"fixed"`
	Closed        int             `json:"closed"`
	OverdueTotal  int             `json:"overdue"`
	Themes        []groupRow      `json:"themes"`
	Categories    []groupRow      `json:"categories"`
	Areas         []areaRow       `json:"areas"`
	Trend         trendView       `json:"trend"`
	Ack           durationsView   `json:"time_to_acknowledge"`
	Fix           durationsView   `json:"time_to_fix"`
	Overdue       []overdueRow    `json:"overdue_by_category"`
	MostSupported []supportedRow  `json:"most_supported"`
	// The theme and the area with the most open reports, for the headline.
	TopTheme *groupRow `json:"-"`
	TopArea  *areaRow  `json:"-"`
}

// periodSpan is the period every figure covers: reports made in
// [From, To), To being now when the filter has no end.
type periodSpan struct {
	From    string `json:"from,omitempty"` // RFC 3339; empty: since the first report
	To      string `json:"to"`
	Default bool   `json:"default"` // the last 12 months, as no dates were given
	Text    string `json:"text"`    // for people, in the reader's language
}

// previousView are the headline figures of the period of the same length
// just before, for comparison.
type previousView struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Text   string `json:"text"`
	Total  int    `json:"total"`
	Open   int    `json:"open"`
	Fixed  int    `json:"fixed"`
	Closed int    `json:"closed"`
}

// withinView is the share of fixed reports fixed within their category's
// target, by theme, category and body, with the previous period's.
type withinView struct {
	Themes     []withinRow `json:"themes"`
	Categories []withinRow `json:"categories"`
	Bodies     []withinRow `json:"bodies"`
}

type withinRow struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Fixed  int    `json:"fixed"`
	Within int    `json:"within_target"`
	// Percent is Within of Fixed, rounded; null when nothing was fixed.
	Percent  *int       `json:"percent"`
	Previous *withinRow `json:"previous,omitempty"`
	// Change is Percent minus the previous period's, in points.
	Change *int `json:"change_points,omitempty"`
	// For the page.
	PercentText, PreviousText, ChangeText string `json:"-"`
	ChangeClass                           string `json:"-"`
}

type statsFilterView struct {
	From       string   `json:"from,omitempty"`
	To         string   `json:"to,omitempty"` // exclusive
	Themes     []string `json:"theme,omitempty"`
	Categories []string `json:"category,omitempty"`
	Areas      []string `json:"area,omitempty"`
	Bodies     []string `json:"body,omitempty"`
	Period     string   `json:"period"`
}

type groupRow struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Theme  string `json:"theme,omitempty"` // a category's theme
	Open   int    `json:"open"`
	Fixed  int    `json:"fixed"`
	Closed int    `json:"closed"`
	Total  int    `json:"total"`
}

type areaRow struct {
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	Population   int     `json:"population"`
	Total        int     `json:"total"`
	Open         int     `json:"open"`
	Per1000      float64 `json:"per_1000_inhabitants"`
	OpenPer1000  float64 `json:"open_per_1000_inhabitants"`
	RateText     string  `json:"-"`
	OpenRateText string  `json:"-"`
}

type trendView struct {
	Period  string        `json:"period"`
	Periods []periodView  `json:"periods"`
	Series  []trendSeries `json:"series"`
}

type periodView struct {
	Start string `json:"start"`
	Label string `json:"label"`
}

type trendSeries struct {
	Theme  string `json:"theme"`
	Name   string `json:"name"`
	Counts []int  `json:"counts"`
}

type durationsView struct {
	Themes     []durationRow `json:"themes"`
	Categories []durationRow `json:"categories"`
	Bodies     []durationRow `json:"bodies"`
}

type durationRow struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Reports    int    `json:"reports"`
	P50Minutes int64  `json:"median_minutes"`
	P90Minutes int64  `json:"p90_minutes"`
	P50Text    string `json:"-"`
	P90Text    string `json:"-"`
}

type overdueRow struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Theme       string `json:"theme"`
	TargetHours int64  `json:"target_hours"`
	TargetText  string `json:"-"`
	Open        int    `json:"open"`
	Overdue     int    `json:"overdue"`
}

type supportedRow struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Area     string `json:"area"`
	Supports int    `json:"supports"`
	Created  string `json:"created"`
	Text     string `json:"-"` // the creation date for people
}

// now is the moment the summary was counted at: the period shown and the
// period before it end where the counts did (read again, the clock could
// have passed a second, and the previous period moved by one).
func (h *handler) newStatsView(c *gin.Context, l string, p statsParams, st db.Stats, per []time.Time, now time.Time) (*statsView, error) {
	cat := h.store.Catalog()
	tr := h.translator(l)
	v := &statsView{Total: st.Total, Open: st.Groups.Open, Fixed: st.Groups.Fixed, Closed: st.Groups.Closed,
		Filter: statsFilterView{Themes: p.Themes, Categories: p.Categories, Areas: p.Areas, Bodies: p.Bodies, Period: p.Period}}
	if !p.From.IsZero() {
		v.Filter.From = p.From.UTC().Format(time.RFC3339)
	}
	if !p.To.IsZero() {
		v.Filter.To = p.To.UTC().Format(time.RFC3339)
	}
	themeName := func(code string) string {
		if t, ok := cat.Theme(code); ok {
			return t.Name.Get(l)
		}
		return code
	}
	for _, g := range st.Themes {
		v.Themes = append(v.Themes, groupRow{Code: g.Code, Name: themeName(g.Code), Open: g.Open, Fixed: g.Fixed, Closed: g.Closed, Total: g.Total()})
	}
	for _, g := range st.Categories {
		row := groupRow{Code: g.Code, Name: g.Code, Open: g.Open, Fixed: g.Fixed, Closed: g.Closed, Total: g.Total()}
		if k, ok := cat.Category(g.Code); ok {
			row.Name, row.Theme = k.Name.Get(l), k.Theme
		}
		v.Categories = append(v.Categories, row)
	}
	for _, a := range st.Areas {
		row := areaRow{Code: a.Code, Name: a.Code, Total: a.Total, Open: a.Open}
		if ar, ok := cat.Area(a.Code); ok {
			row.Name, row.Population = ar.Name.Get(l), ar.Population
		}
		if row.Population > 0 {
			row.Per1000 = per1000(a.Total, row.Population)
			row.OpenPer1000 = per1000(a.Open, row.Population)
		}
		row.RateText, row.OpenRateText = formatDecimal(row.Per1000, l), formatDecimal(row.OpenPer1000, l)
		v.Areas = append(v.Areas, row)
	}
	for i := range v.Themes {
		if v.Themes[i].Open > 0 && (v.TopTheme == nil || v.Themes[i].Open > v.TopTheme.Open) {
			v.TopTheme = &v.Themes[i]
		}
	}
	for i := range v.Areas {
		if v.Areas[i].Open > 0 && (v.TopArea == nil || v.Areas[i].Open > v.TopArea.Open) {
			v.TopArea = &v.Areas[i]
		}
	}
	v.Trend = trendView{Period: p.Period}
	for _, t := range per[:len(per)-1] {
		v.Trend.Periods = append(v.Trend.Periods, periodView{Start: t.Format("2006-01-02"), Label: periodLabel(t, p.Period, l)})
	}
	for i, counts := range st.Trend {
		v.Trend.Series = append(v.Trend.Series, trendSeries{Theme: st.Themes[i].Code, Name: themeName(st.Themes[i].Code), Counts: counts})
	}
	h.periodView(v, p, l, tr, now)
	prev, err := h.previousSummary(p, now)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		f, _ := previousFilter(p, now, h.cfg.Location)
		v.Previous = &previousView{From: f.From.UTC().Format(time.RFC3339), To: f.To.UTC().Format(time.RFC3339),
			Text: h.spanText(f.From, f.To, false, l, tr), Total: prev.Total, Open: prev.Groups.Open, Fixed: prev.Groups.Fixed, Closed: prev.Groups.Closed}
	}
	v.Within = withinTarget(cat, st.Within, prev, l, tr)
	v.Ack = h.durationsView(cat, st.Ack, l, tr)
	v.Fix = h.durationsView(cat, st.Fix, l, tr)
	for _, o := range st.Overdue {
		row := overdueRow{Code: o.Code, Name: o.Code, TargetHours: int64(o.Target / time.Hour), TargetText: durationText(o.Target, tr),
			Open: o.Open, Overdue: o.Overdue}
		if k, ok := cat.Category(o.Code); ok {
			row.Name, row.Theme = k.Name.Get(l), k.Theme
		}
		v.OverdueTotal += o.Overdue
		v.Overdue = append(v.Overdue, row)
	}
	return v, h.addSupported(c, v, st.Top, l)
}

// per1000 is n per 1,000 of pop, to one decimal.
func per1000(n, pop int) float64 {
	return float64(int64(float64(n)*10000/float64(pop)+0.5)) / 10
}

// periodView says which reports the figures cover.
func (h *handler) periodView(v *statsView, p statsParams, l string, tr Tr, now time.Time) {
	end := publishedEnd(p, now)
	v.Period = periodSpan{To: end.UTC().Format(time.RFC3339), Default: p.Defaulted, Text: h.spanText(p.From, p.To, p.Defaulted, l, tr)}
	if !p.From.IsZero() {
		v.Period.From = p.From.UTC().Format(time.RFC3339)
	}
}

// spanText says a period for people: its first and last local days (to is
// exclusive), or since / up to when one end is open.
func (h *handler) spanText(from, to time.Time, last12 bool, l string, tr Tr) string {
	loc := h.cfg.Location
	day := func(t time.Time) string { return calendar.Date(t, loc, l) }
	switch {
	case last12:
		return tr.T("council.period_last12", "From", day(from))
	case from.IsZero() && to.IsZero():
		return tr.T("council.period_all")
	case to.IsZero():
		return tr.T("council.period_since", "From", day(from))
	case from.IsZero():
		return tr.T("council.period_until", "To", day(to.Add(-time.Millisecond)))
	}
	return tr.T("council.period_between", "From", day(from), "To", day(to.Add(-time.Millisecond)))
}

// withinTarget turns the target shares into rows with names, percentages
// and the change from the previous period.
func withinTarget(cat *db.Catalog, cur db.WithinTarget, prev *db.Stats, l string, tr Tr) withinView {
	pct := func(s db.TargetShare) *int {
		if s.Fixed == 0 {
			return nil
		}
		v := int(float64(s.Within)*100/float64(s.Fixed) + 0.5)
		return &v
	}
	pctText := func(p *int) string {
		if p == nil {
			return "—"
		}
		return tr.T("council.percent", "N", itoa(int64(*p)))
	}
	rows := func(list []db.TargetShare, before []db.TargetShare, name func(string) string) []withinRow {
		out := []withinRow{}
		for i, s := range list {
			r := withinRow{Code: s.Code, Name: name(s.Code), Fixed: s.Fixed, Within: s.Within, Percent: pct(s), PreviousText: "—", ChangeText: "—"}
			if before != nil && i < len(before) && before[i].Code == s.Code {
				b := before[i]
				r.Previous = &withinRow{Code: b.Code, Name: r.Name, Fixed: b.Fixed, Within: b.Within, Percent: pct(b)}
				r.PreviousText = pctText(r.Previous.Percent)
				if r.Percent != nil && r.Previous.Percent != nil {
					ch := *r.Percent - *r.Previous.Percent
					r.Change = &ch
					r.ChangeText = tr.T("council.points", "N", signed(ch))
					switch {
					case ch > 0:
						r.ChangeClass = "up"
					case ch < 0:
						r.ChangeClass = "down"
					}
				}
			}
			r.PercentText = pctText(r.Percent)
			if s.Fixed > 0 || r.Previous != nil && r.Previous.Fixed > 0 {
				out = append(out, r)
			}
		}
		return out
	}
	var pt, pc, pb []db.TargetShare
	if prev != nil {
		pt, pc, pb = prev.Within.Themes, prev.Within.Categories, prev.Within.Bodies
	}
	return withinView{
		Themes: rows(cur.Themes, pt, func(c string) string {
			if t, ok := cat.Theme(c); ok {
				return t.Name.Get(l)
			}
			return c
		}),
		Categories: rows(cur.Categories, pc, func(c string) string {
			if k, ok := cat.Category(c); ok {
				return k.Name.Get(l)
			}
			return c
		}),
		Bodies: rows(cur.Bodies, pb, func(c string) string {
			if b, ok := cat.Body(c); ok {
				return b.Name.Get(l)
			}
			return c
		}),
	}
}

// signed writes a whole number with its sign: +3, −2, 0.
func signed(n int) string {
	switch {
	case n > 0:
		return "+" + itoa(int64(n))
	case n < 0:
		return "−" + itoa(int64(-n))
	}
	return "0"
}

// addSupported reads the titles of the most supported open reports.
func (h *handler) addSupported(c *gin.Context, v *statsView, top []db.Supported, l string) error {
	v.MostSupported = []supportedRow{}
	ids := make([]int64, len(top))
	for i, s := range top {
		ids[i] = s.ID
	}
	reports, err := h.store.ReportsByID(c.Request.Context(), ids)
	if err != nil {
		return err
	}
	byID := make(map[int64]db.Report, len(reports))
	for _, r := range reports {
		byID[r.ID] = r
	}
	cat := h.store.Catalog()
	for _, s := range top {
		r, ok := byID[s.ID]
		if !ok {
			continue // hidden since the index was read
		}
		row := supportedRow{ID: r.ID, URL: reportURL(r.ID), Title: r.Title, Category: r.Category, Area: r.AreaCode,
			Supports: r.SupportCount, Created: r.CreatedAt.UTC().Format(time.RFC3339), Text: calendar.Date(r.CreatedAt.Time, h.cfg.Location, l)}
		if k, ok := cat.Category(r.Category); ok {
			row.Category = k.Name.Get(l)
		}
		if a, ok := cat.Area(r.AreaCode); ok {
			row.Area = a.Name.Get(l)
		}
		v.MostSupported = append(v.MostSupported, row)
	}
	return nil
}

func (h *handler) durationsView(cat *db.Catalog, d db.Durations, l string, tr Tr) durationsView {
	row := func(p db.Percentiles, name string) durationRow {
		return durationRow{Code: p.Code, Name: name, Reports: p.N, P50Minutes: int64(p.P50 / time.Minute), P90Minutes: int64(p.P90 / time.Minute),
			P50Text: durationText(p.P50, tr), P90Text: durationText(p.P90, tr)}
	}
	out := durationsView{Themes: []durationRow{}, Categories: []durationRow{}, Bodies: []durationRow{}}
	for _, p := range d.Themes {
		name := p.Code
		if t, ok := cat.Theme(p.Code); ok {
			name = t.Name.Get(l)
		}
		out.Themes = append(out.Themes, row(p, name))
	}
	for _, p := range d.Categories {
		name := p.Code
		if k, ok := cat.Category(p.Code); ok {
			name = k.Name.Get(l)
		}
		out.Categories = append(out.Categories, row(p, name))
	}
	for _, p := range d.Bodies {
		name := p.Code
		if b, ok := cat.Body(p.Code); ok {
			name = b.Name.Get(l)
		}
		out.Bodies = append(out.Bodies, row(p, name))
	}
	return out
}

// timesRow is one line of a table of times: acknowledgement and fix.
type timesRow struct {
	Name                string
	AckP50, AckP90      string // "—" when nothing was acknowledged
	FixP50, FixP90      string
	Acknowledged, Fixed int
}

// timesRows joins the percentiles of acknowledgement and fix by group: a
// group may have reports acknowledged and none fixed yet, or the reverse.
func timesRows(ack, fix []durationRow) []timesRow {
	var out []timesRow
	at := map[string]int{}
	row := func(code, name string) *timesRow {
		if i, ok := at[code]; ok {
			return &out[i]
		}
		at[code] = len(out)
		out = append(out, timesRow{Name: name, AckP50: "—", AckP90: "—", FixP50: "—", FixP90: "—"})
		return &out[len(out)-1]
	}
	for _, d := range ack {
		r := row(d.Code, d.Name)
		r.AckP50, r.AckP90, r.Acknowledged = d.P50Text, d.P90Text, d.Reports
	}
	for _, d := range fix {
		r := row(d.Code, d.Name)
		r.FixP50, r.FixP90, r.Fixed = d.P50Text, d.P90Text, d.Reports
	}
	return out
}

// durationText says a duration for people: minutes under two hours, hours
// under two days, then days with one decimal.
func durationText(d time.Duration, tr Tr) string {
	switch {
	case d < 2*time.Hour:
		return tr.T("dash.minutes", "N", formatInt(int64(d/time.Minute), tr.Lang))
	case d < 48*time.Hour:
		return tr.T("dash.hours", "N", formatDecimal(d.Hours(), tr.Lang))
	}
	return tr.T("dash.days", "N", formatDecimal(d.Hours()/24, tr.Lang))
}

// formatDecimal writes f (not negative) with one decimal in the
// language's convention: 1,234.5 in English, 1 234,5 in French.
func formatDecimal(f float64, l string) string {
	n := int64(f*10 + 0.5)
	sep := "."
	if l == "fr" || l == "nl" {
		sep = ","
	}
	return formatInt(n/10, l) + sep + itoa(n%10)
}

var monthNames = map[string][]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	"nl": {"jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."},
}

// periodLabel names a trend period: "Mar 2026", or a week by its Monday.
func periodLabel(t time.Time, period, l string) string {
	names := monthNames[l]
	if names == nil {
		names = monthNames["en"]
	}
	if period == "month" {
		return names[t.Month()-1] + " " + itoa(int64(t.Year()))
	}
	return itoa(int64(t.Day())) + " " + names[t.Month()-1]
}

// Int formats n in the language's convention, for templates' ints.
func (t Tr) Int(n int) string { return formatInt(int64(n), t.Lang) }
