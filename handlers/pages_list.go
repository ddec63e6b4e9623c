package handlers

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"streetfix/calendar"
	"streetfix/db"
	"streetfix/geo"
	"streetfix/report"
)

// listStore is what the list of reports (the path without the map) needs.
type listStore interface {
	ListReports(ctx context.Context, q db.ListQuery) ([]db.Report, error)
}

// List sizes: a page a screen reader can go through.
const (
	listLimit  = 50
	listRadius = 1000.0
)

type listQuery struct {
	Area, Street, Lat, Lon string
	Themes, Groups         []string
	// From the dashboard's counts: a category and the period, kept by the
	// form as they came.
	Category, From, To string
}

type listItem struct {
	URL, Title, Group, StatusName, Category, Area, At, AtText, Distance string
}

// reportList is GET /reports: reports near "my location", or in a
// municipality (and street), as a plain list that needs no map and no script.
func (h *handler) reportList(c *gin.Context) {
	data, tr := h.page(c)
	l := tr.Lang
	cat := h.store.Catalog()
	q := listQuery{Area: c.Query("area"), Street: strings.TrimSpace(c.Query("street")),
		Lat: c.Query("lat"), Lon: c.Query("lon"), Themes: c.QueryArray("theme"),
		Category: c.Query("category"), From: c.Query("from"), To: c.Query("to")}
	if _, ok := cat.Category(q.Category); q.Category != "" && !ok {
		h.failPage(c, badRequest("invalid_filter", "category", "unknown category"))
		return
	}
	var createdAfter, createdBefore time.Time
	if q.From != "" {
		t, err := calendar.ParseDay(q.From, h.cfg.Location)
		if err != nil {
			h.failPage(c, badRequest("invalid_filter", "from", "from must be a date (2026-01-31)"))
			return
		}
		createdAfter = t
	}
	if q.To != "" {
		t, err := calendar.ParseDay(q.To, h.cfg.Location)
		if err != nil {
			h.failPage(c, badRequest("invalid_filter", "to", "to must be a date (2026-01-31)"))
			return
		}
		createdBefore = t.AddDate(0, 0, 1).Add(-time.Millisecond) // the day is included
	}
	if _, ok := cat.Area(q.Area); q.Area != "" && !ok {
		h.failPage(c, badRequest("invalid_filter", "area", "unknown area"))
		return
	}
	if len(q.Street) > 100 {
		q.Street = q.Street[:100]
	}
	for _, t := range q.Themes {
		if _, ok := cat.Theme(t); !ok {
			h.failPage(c, badRequest("invalid_filter", "theme", "unknown theme"))
			return
		}
	}
	var statuses []string
	for _, g := range c.QueryArray("status") {
		if !report.IsGroup(g) {
			h.failPage(c, badRequest("invalid_filter", "status", "unknown status group"))
			return
		}
		q.Groups = append(q.Groups, g)
		statuses = append(statuses, report.StatusesIn(g)...)
	}
	if len(statuses) == 0 {
		statuses, _ = statusFilter("open,fixed,closed")
	}
	lq := db.ListQuery{Areas: nonEmpty(q.Area), Themes: q.Themes, Categories: nonEmpty(q.Category), Statuses: statuses, Text: q.Street,
		CreatedAfter: createdAfter, CreatedBefore: createdBefore, Limit: listLimit}
	var near *orb.Point
	heading := tr.T("list.latest")
	if q.Lat != "" || q.Lon != "" {
		lat, err1 := strconv.ParseFloat(q.Lat, 64)
		lon, err2 := strconv.ParseFloat(q.Lon, 64)
		if err1 != nil || err2 != nil || geo.CheckPoint(lon, lat) != nil {
			h.failPage(c, badRequest("invalid_coordinates", "lat", "lat and lon must be numbers"))
			return
		}
		near = &orb.Point{lon, lat}
		lq.Near, lq.Radius = near, listRadius
		heading = tr.T("list.near.heading", "Distance", formatInt(int64(listRadius), l))
	} else if a, ok := cat.Area(q.Area); ok {
		heading = tr.T("list.in", "Area", a.Name.Get(l))
	}
	reports, err := h.store.ListReports(c.Request.Context(), lq)
	if err != nil {
		h.failPage(c, err)
		return
	}
	if near != nil {
		sort.SliceStable(reports, func(i, j int) bool {
			return geo.Distance(*near, orb.Point{reports[i].Lon, reports[i].Lat}) < geo.Distance(*near, orb.Point{reports[j].Lon, reports[j].Lat})
		})
	}
	items := make([]listItem, 0, len(reports))
	for _, r := range reports {
		it := listItem{URL: reportURL(r.ID), Title: r.Title, Group: report.Group(r.Status), StatusName: tr.T("status." + r.Status),
			At: r.CreatedAt.UTC().Format(time.RFC3339), AtText: h.dateText(r.CreatedAt.Time, l)}
		if k, ok := cat.Category(r.Category); ok {
			it.Category = k.Name.Get(l)
		}
		if a := r.Address.Get(l); a != "" {
			it.Area = a // the street and the municipality
		} else if a, ok := cat.Area(r.AreaCode); ok {
			it.Area = a.Name.Get(l)
		}
		if near != nil {
			it.Distance = tr.T("list.distance", "Metres", formatInt(int64(geo.Distance(*near, orb.Point{r.Lon, r.Lat})), l))
		}
		items = append(items, it)
	}
	data["Q"] = q
	data["Areas"] = h.areaOptions(l)
	data["Groups"] = groupOptions(tr, q.Groups)
	data["Heading"] = heading
	data["Reports"] = items
	link := "/report"
	if near != nil {
		link += "?lat=" + q.Lat + "&lon=" + q.Lon
	} else if q.Area != "" {
		link += "?area=" + q.Area
	}
	data["ReportLink"] = link
	data["App"] = h.appData(tr, false)
	h.render(c, http.StatusOK, "list.html", data)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
