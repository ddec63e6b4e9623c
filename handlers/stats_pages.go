package handlers

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/db"
)

// filterOption is one choice of a filter's select.
type filterOption struct {
	Code, Name, Group string
	Selected          bool
}

// dashboard is /dashboard: the summaries for staff, council and admins,
// with exports.
func (h *handler) dashboard(c *gin.Context) { h.statsPage(c, "dashboard.html", "/dashboard") }

// publicStats is /stats: the same summaries for everyone, no personal data.
func (h *handler) publicStats(c *gin.Context) { h.statsPage(c, "stats.html", "/stats") }

func (h *handler) statsPage(c *gin.Context, page, base string) {
	l := pageLang(c)
	tr := h.translator(l)
	cat := h.store.Catalog()
	data := map[string]any{"Lang": l, "Tr": tr, "Langs": langLinks(c, l), "Base": base,
		"CityName": h.cfg.CityName.Get(l), "Attribution": h.cfg.Attribution.Get(l)}
	status := http.StatusOK
	now := h.now()
	p, st, per, err := h.summary(c, now)
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusBadRequest:
		// The form stays, with what was wrong, so the reader can fix it.
		status = http.StatusBadRequest
		data["Error"] = tr.T("dash.bad_filter", "Message", ae.Message)
	case err != nil:
		h.failPage(c, err)
		return
	default:
		v, err := h.newStatsView(c, l, p, st, per, now)
		if err != nil {
			h.failPage(c, err)
			return
		}
		data["V"] = v
		areaLink := func(area string) string {
			q := c.Request.URL.Query()
			q.Set("area", area)
			q.Set("lang", l)
			return base + "?" + q.Encode() + "#where"
		}
		data["Map"], data["Legend"] = h.choropleth(cat, v, p.MapMode, tr, areaLink)
		data["HeatSVG"], data["HeatLegend"] = h.heatmapSVG(cat, p.StatsFilter, tr)
		data["HeatNote"] = tr.T("council.heat_note", "M", "300")
		data["TrendSVG"] = trendChart(v, tr)
		data["SeriesKey"] = seriesKey(len(v.Trend.Series))
		data["ThemesSVG"] = themeBars(v, tr)
		data["AckSVG"] = durationBars(v.Ack.Themes, "ack", tr.T("council.ack_title"), tr)
		data["FixSVG"] = durationBars(v.Fix.Themes, "fix", tr.T("dash.fix_title"), tr)
		data["Lists"] = h.countLinks(base, p, v)
		data["Times"] = [3][]timesRow{timesRows(v.Ack.Themes, v.Fix.Themes), timesRows(v.Ack.Categories, v.Fix.Categories),
			timesRows(v.Ack.Bodies, v.Fix.Bodies)}
	}
	data["P"] = p
	data["Options"] = filterOptions(cat, p, l)
	q := exportQuery(c, p, l)
	data["HeatGeoJSON"] = "/api/v1/stats/heatmap?" + q.Encode()
	all := url.Values{"all": {"1"}, "lang": {l}}
	for k, vs := range q {
		if k != "from" && k != "to" {
			all[k] = vs
		}
	}
	data["AllURL"] = base + "?" + all.Encode()
	data["Last12URL"] = base + "?" + url.Values{"lang": {l}}.Encode()
	data["CSV"] = base + "/reports.csv?" + q.Encode()
	data["GeoJSON"] = base + "/reports.geojson?" + q.Encode()
	if u := currentUser(c); base == "/dashboard" && u.Can(account.ExportPersonal) {
		q.Set("personal", "1")
		data["CSVPersonal"] = base + "/reports.csv?" + q.Encode()
	}
	data["MapLinks"] = mapModeLinks(c, p.MapMode, tr)
	if base == "/dashboard" {
		if data["Questionnaires"], err = h.store.CountQuestionnaires(c.Request.Context(), h.now()); err != nil {
			h.failPage(c, err)
			return
		}
	}
	h.render(c, status, page, data)
}

// exportQuery is the page's query without what only the page uses, with
// the period the page shows (the last 12 months when no date was given),
// so that a download holds the reports the figures count.
func exportQuery(c *gin.Context, p statsParams, l string) url.Values {
	q := url.Values{"lang": {l}} // the names' language
	for _, k := range []string{"from", "to", "theme", "category", "area", "body"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	if p.Defaulted {
		q.Set("from", p.FromText)
	}
	return q
}

// countLinks are the lists behind the page's counts: the staff queue on
// the dashboard (signed in), the public list on /stats. Each holds the
// page's filters and the period; a row adds its own theme, category or
// municipality and a status group.
type countLinks struct {
	base url.Values
	page string // /staff or /reports
}

func (h *handler) countLinks(base string, p statsParams, v *statsView) countLinks {
	q := url.Values{}
	first := func(list []string) string {
		if len(list) == 1 {
			return list[0]
		}
		return ""
	}
	if base == "/dashboard" {
		// The queue filters by age in whole days.
		now := h.now()
		if !p.From.IsZero() {
			q.Set("max_days", itoa(int64(math.Ceil(now.Sub(p.From).Hours()/24))))
		}
		if !p.To.IsZero() && p.To.Before(now) {
			q.Set("min_days", itoa(int64(now.Sub(p.To).Hours()/24)))
		}
		for k, v := range map[string]string{"theme": first(p.Themes), "category": first(p.Categories), "area": first(p.Areas), "body": first(p.Bodies)} {
			if v != "" {
				q.Set(k, v)
			}
		}
		return countLinks{base: q, page: "/staff"}
	}
	if !p.From.IsZero() {
		q.Set("from", p.From.In(h.cfg.Location).Format("2006-01-02"))
	}
	if !p.To.IsZero() {
		q.Set("to", p.To.Add(-time.Millisecond).In(h.cfg.Location).Format("2006-01-02"))
	}
	for k, v := range map[string]string{"theme": first(p.Themes), "category": first(p.Categories), "area": first(p.Areas)} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return countLinks{base: q, page: "/reports"}
}

// URL is the list of one row's reports in a status group (empty: all);
// kind is theme, category or area (empty: the page's filters only).
func (l countLinks) URL(kind, code, group string) string {
	q := url.Values{}
	for k, v := range l.base {
		q[k] = v
	}
	if kind != "" {
		q.Set(kind, code)
	}
	if group != "" {
		q.Set("status", group)
	}
	return l.page + "?" + q.Encode()
}

type modeLink struct {
	Name, URL string
	Current   bool
}

// mapModeLinks switch the map between reports per 1,000 inhabitants and
// open reports, keeping the other filters.
func mapModeLinks(c *gin.Context, mode string, tr Tr) []modeLink {
	var out []modeLink
	for _, m := range []string{"rate", "open"} {
		q := c.Request.URL.Query()
		q.Set("map", m)
		out = append(out, modeLink{Name: tr.T("dash.map_" + m), URL: c.Request.URL.Path + "?" + q.Encode() + "#where", Current: m == mode})
	}
	return out
}

// filterOptions are the choices of the filter form, in the reader's language.
func filterOptions(cat *db.Catalog, p statsParams, l string) map[string][]filterOption {
	first := func(list []string) string {
		if len(list) > 0 {
			return list[0]
		}
		return ""
	}
	out := map[string][]filterOption{}
	for _, t := range cat.Themes {
		out["theme"] = append(out["theme"], filterOption{Code: t.Code, Name: t.Name.Get(l), Selected: t.Code == first(p.Themes)})
	}
	for _, k := range cat.Categories {
		group := k.Theme
		if t, ok := cat.Theme(k.Theme); ok {
			group = t.Name.Get(l)
		}
		out["category"] = append(out["category"], filterOption{Code: k.Code, Name: k.Name.Get(l), Group: group, Selected: k.Code == first(p.Categories)})
	}
	for _, a := range cat.Areas {
		out["area"] = append(out["area"], filterOption{Code: a.Code, Name: a.Name.Get(l), Selected: a.Code == first(p.Areas)})
	}
	for _, b := range cat.Bodies {
		out["body"] = append(out["body"], filterOption{Code: b.Code, Name: b.Name.Get(l), Selected: b.Code == first(p.Bodies)})
	}
	return out
}
