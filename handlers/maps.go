package handlers

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"streetfix/db"
	"streetfix/geo"
	"streetfix/report"
)

// Nearby search bounds.
const (
	defaultRadius = 250.0
	maxRadius     = 5000.0
	maxNearby     = 100
)

// mapFilter reads the filters shared by map views and feeds: theme,
// category, status (a status or a group), area and since.
func mapFilter(c *gin.Context, cat *db.Catalog) (db.MapFilter, error) {
	var f db.MapFilter
	for _, t := range splitList(c.Query("theme")) {
		if _, ok := cat.Theme(t); !ok {
			return f, badRequest("invalid_filter", "theme", "unknown theme "+strconv.Quote(t)+": see /api/v1/themes")
		}
		f.Themes = append(f.Themes, t)
	}
	for _, code := range splitList(c.Query("category")) {
		if _, ok := cat.Category(code); !ok {
			return f, badRequest("invalid_filter", "category", "unknown category "+strconv.Quote(code)+": see /api/v1/categories")
		}
		f.Categories = append(f.Categories, code)
	}
	for _, a := range splitList(c.Query("area")) {
		if _, ok := cat.Area(a); !ok {
			return f, badRequest("invalid_filter", "area", "unknown area "+strconv.Quote(a)+": see /api/v1/areas")
		}
		f.Areas = append(f.Areas, a)
	}
	statuses, err := statusFilter(c.Query("status"))
	if err != nil {
		return f, err
	}
	f.Statuses = statuses
	if s := c.Query("since"); s != "" {
		t, err := parseSince(s)
		if err != nil {
			return f, err
		}
		f.Since = t
	}
	return f, nil
}

// statusFilter expands groups (open, fixed, closed) into statuses. Hidden
// reports are never public, so the default is every public status.
func statusFilter(s string) ([]string, error) {
	var out []string
	for _, st := range splitList(s) {
		switch {
		case report.IsGroup(st):
			out = append(out, report.StatusesIn(st)...)
		case report.IsStatus(st) && st != report.StatusHidden:
			out = append(out, st)
		default:
			return nil, badRequest("invalid_filter", "status",
				"unknown status "+strconv.Quote(st)+": use open, fixed, closed or a status such as acknowledged")
		}
	}
	return out, nil
}

func parseSince(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badRequest("invalid_filter", "since", "since must be a date (2026-01-31) or a date and time (2026-01-31T12:00:00Z)")
}

func (h *handler) listReports(c *gin.Context) {
	cat := h.store.Catalog()
	f, err := mapFilter(c, cat)
	if err != nil {
		h.fail(c, err)
		return
	}
	f.Bound = cat.Bound()
	if s := c.Query("bbox"); s != "" {
		if f.Bound, err = geo.ParseBBox(s); err != nil {
			h.fail(c, badRequest("invalid_bbox", "bbox", err.Error()))
			return
		}
	}
	f.Zoom = geo.ZoomFor(f.Bound, 1024)
	if z := c.Query("zoom"); z != "" {
		n, err := strconv.Atoi(z)
		if err != nil || n < 0 || n > geo.MaxZoom {
			h.fail(c, badRequest("invalid_zoom", "zoom", "zoom must be a whole number from 0 to "+strconv.Itoa(geo.MaxZoom)))
			return
		}
		f.Zoom = n
	}
	v := h.store.MapView(f, h.cfg.MaxPoints)
	reports, err := h.store.ReportsByID(c.Request.Context(), v.IDs)
	if err != nil {
		h.fail(c, err)
		return
	}
	fc := featureCollection{
		Type: "FeatureCollection", Zoom: f.Zoom, Total: v.Total, Clustered: v.Clustered,
		BBox:     [4]float64{f.Bound.Min[0], f.Bound.Min[1], f.Bound.Max[0], f.Bound.Max[1]},
		Features: make([]feature, 0, len(reports)+len(v.Clusters)),
	}
	for _, cl := range v.Clusters {
		fc.Features = append(fc.Features, feature{
			Type:       "Feature",
			Geometry:   point(roundPoint(cl.Center)),
			Properties: clusterProps{Cluster: true, Count: cl.Count, BBox: roundOutward(cl.Bound)},
		})
	}
	l := lang(c)
	for _, r := range reports {
		id := r.ID
		fc.Features = append(fc.Features, feature{
			Type: "Feature", ID: &id, Geometry: point(orb.Point{r.Lon, r.Lat}), Properties: newSummaryView(r, l),
		})
	}
	c.Header("Content-Type", "application/geo+json; charset=utf-8")
	c.JSON(http.StatusOK, fc)
}

// A cluster's centre and bounds are computed: six decimals (about 10 cm)
// are all they mean, and the digits past them were half of what a phone
// downloads for its first view's pins.
const clusterDecimals = 1e6

func roundPoint(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*clusterDecimals) / clusterDecimals, math.Round(p[1]*clusterDecimals) / clusterDecimals}
}

// roundOutward rounds a bound to six decimals without losing any of it, so
// zooming to a cluster's bounds still shows all its reports.
func roundOutward(b orb.Bound) [4]float64 {
	down := func(x float64) float64 { return math.Floor(x*clusterDecimals) / clusterDecimals }
	up := func(x float64) float64 { return math.Ceil(x*clusterDecimals) / clusterDecimals }
	return [4]float64{down(b.Min[0]), down(b.Min[1]), up(b.Max[0]), up(b.Max[1])}
}

func point(p orb.Point) pointGeo {
	return pointGeo{Type: "Point", Coordinates: [2]float64{p[0], p[1]}}
}

// pointParams reads the required lat and lon parameters as a valid point.
func pointParams(c *gin.Context) (orb.Point, error) {
	lat, err := floatParam(c, "lat", true, 0)
	if err != nil {
		return orb.Point{}, err
	}
	lon, err := floatParam(c, "lon", true, 0)
	if err != nil {
		return orb.Point{}, err
	}
	if err := geo.CheckPoint(lon, lat); err != nil {
		return orb.Point{}, badRequest("invalid_coordinates", "lat", err.Error())
	}
	return orb.Point{lon, lat}, nil
}

func (h *handler) nearby(c *gin.Context) {
	pt, err := pointParams(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	lat, lon := pt[1], pt[0]
	radius, err := floatParam(c, "radius", false, defaultRadius)
	if err != nil {
		h.fail(c, err)
		return
	}
	if radius <= 0 || radius > maxRadius {
		h.fail(c, badRequest("invalid_radius", "radius", "radius must be more than 0 and at most 5000 metres"))
		return
	}
	q := db.NearbyQuery{Point: orb.Point{lon, lat}, Radius: radius, Limit: 20}
	if code := c.Query("category"); code != "" {
		if _, ok := h.store.Catalog().Category(code); !ok {
			h.fail(c, badRequest("invalid_filter", "category", "unknown category "+strconv.Quote(code)+": see /api/v1/categories"))
			return
		}
		q.Category = code
	}
	if q.Statuses, err = statusFilter(c.DefaultQuery("status", report.GroupOpen)); err != nil {
		h.fail(c, err)
		return
	}
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxNearby {
			h.fail(c, badRequest("invalid_limit", "limit", "limit must be a whole number from 1 to 100"))
			return
		}
		q.Limit = n
	}
	found, err := h.store.Nearby(c.Request.Context(), q)
	if err != nil {
		h.fail(c, err)
		return
	}
	out := make([]summaryView, 0, len(found))
	l := lang(c)
	for _, n := range found {
		v := newSummaryView(n.Report, l)
		d := float64(int(n.Distance*10)) / 10
		v.DistanceM = &d
		out = append(out, v)
	}
	c.JSON(http.StatusOK, gin.H{"reports": out, "radius": radius})
}

// floatParam reads a finite number from the query string.
func floatParam(c *gin.Context, name string, required bool, def float64) (float64, error) {
	s := strings.TrimSpace(c.Query(name))
	if s == "" {
		if required {
			return 0, badRequest("missing_parameter", name, name+" is required")
		}
		return def, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > 1e300 || f < -1e300 {
		return 0, badRequest("invalid_number", name, name+" must be a finite number")
	}
	return f, nil
}
