package handlers

import (
	"errors"
	"net/http"
	"net/url"

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
		"CityName": h.cfg.CityName.Get(l), "Attribution": h.cfg.Attribution}
	status := http.StatusOK
	p, st, per, err := h.summary(c, h.now())
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
		v, err := h.newStatsView(c, l, p, st, per)
		if err != nil {
			h.failPage(c, err)
			return
		}
		data["V"] = v
		data["Map"], data["Legend"] = h.choropleth(cat, v, p.MapMode, tr)
		data["TrendSVG"] = trendChart(v, tr)
		data["SeriesKey"] = seriesKey(len(v.Trend.Series))
		data["ThemesSVG"] = themeBars(v, tr)
		data["FixSVG"] = fixBars(v, tr)
		data["Times"] = [3][]timesRow{timesRows(v.Ack.Themes, v.Fix.Themes), timesRows(v.Ack.Categories, v.Fix.Categories),
			timesRows(v.Ack.Bodies, v.Fix.Bodies)}
	}
	data["P"] = p
	data["Options"] = filterOptions(cat, p, l)
	q := exportQuery(c)
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

// exportQuery is the page's query without what only the page uses.
func exportQuery(c *gin.Context) url.Values {
	q := url.Values{}
	for _, k := range []string{"from", "to", "theme", "category", "area", "body"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	return q
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
