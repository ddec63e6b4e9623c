package handlers

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"streetfix/db"
	"streetfix/geo"
)

// Feed sizes.
const (
	atomEntries     = 100
	geojsonDefault  = 1000
	geojsonMaxLimit = 10000
)

// listFilter reads the API's filters (theme, category, status, area, since,
// bbox) for the feeds.
func listFilter(c *gin.Context, cat *db.Catalog) (db.ListQuery, error) {
	f, err := mapFilter(c, cat)
	if err != nil {
		return db.ListQuery{}, err
	}
	q := db.ListQuery{Themes: f.Themes, Categories: f.Categories, Statuses: f.Statuses, Areas: f.Areas, CreatedAfter: f.Since}
	if s := c.Query("bbox"); s != "" {
		b, err := geo.ParseBBox(s)
		if err != nil {
			return q, badRequest("invalid_bbox", "bbox", err.Error())
		}
		q.Bound = &b
	}
	return q, nil
}

// Atom 1.0 shapes (RFC 4287), with GeoRSS points.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	GeoRSS   string      `xml:"xmlns:georss,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Rights   string      `xml:"rights,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published,omitempty"`
	Links     []atomLink  `xml:"link"`
	Category  []atomCat   `xml:"category"`
	Summary   atomText    `xml:"summary"`
	Point     string      `xml:"georss:point,omitempty"`
	Author    *atomPerson `xml:"author,omitempty"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// tagID makes a stable Atom id (RFC 4151) from the service's host.
func tagID(c *gin.Context, rest string) string {
	host := ""
	if u, err := url.Parse(baseURL(c)); err == nil {
		host = u.Hostname()
	}
	return "tag:" + host + ",2026:" + rest
}

func (h *handler) writeAtom(c *gin.Context, f atomFeed) {
	b, err := xml.Marshal(f)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=60")
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), b...))
}

// reportsAtom is /feeds/reports.atom: the newest reports matching the filters.
func (h *handler) reportsAtom(c *gin.Context) {
	cat := h.store.Catalog()
	q, err := listFilter(c, cat)
	if err != nil {
		h.fail(c, err)
		return
	}
	q.Limit = atomEntries
	reports, err := h.store.ListReports(c.Request.Context(), q)
	if err != nil {
		h.fail(c, err)
		return
	}
	l, base := lang(c), baseURL(c)
	f := atomFeed{
		GeoRSS: "http://www.georss.org/georss",
		ID:     tagID(c, "reports?"+c.Request.URL.RawQuery),
		Title:  "Streetfix — " + h.cfg.CityName.Get(l),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + c.Request.URL.RequestURI()},
			{Rel: "alternate", Type: "text/html", Href: base + "/"}},
		Author: atomPerson{Name: "Streetfix"}, Rights: h.cfg.Attribution.Get(l), Updated: atomTime(time.Unix(0, 0)),
	}
	if len(reports) > 0 {
		f.Updated = atomTime(reports[0].CreatedAt.Time)
	}
	for _, r := range reports {
		f.Entries = append(f.Entries, h.reportEntry(c, cat, r, l, base))
	}
	h.writeAtom(c, f)
}

func (h *handler) reportEntry(c *gin.Context, cat *db.Catalog, r db.Report, l, base string) atomEntry {
	catName, themeName, areaName := r.Category, r.Theme, r.AreaCode
	if k, ok := cat.Category(r.Category); ok {
		catName = k.Name.Get(l)
	}
	if t, ok := cat.Theme(r.Theme); ok {
		themeName = t.Name.Get(l)
	}
	if a, ok := cat.Area(r.AreaCode); ok {
		areaName = a.Name.Get(l)
	}
	if a := r.Address.Get(l); a != "" {
		areaName = a // the street and the municipality
	}
	summary := catName + " — " + areaName + " — " + r.Status
	if r.Description != "" {
		summary += "\n\n" + r.Description
	}
	e := atomEntry{
		ID:        tagID(c, "report/"+strconv.FormatInt(r.ID, 10)),
		Title:     r.Title,
		Updated:   atomTime(r.UpdatedAt.Time),
		Published: atomTime(r.CreatedAt.Time),
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: base + reportURL(r.ID)},
			{Rel: "related", Type: "application/json", Href: base + "/api/v1" + reportURL(r.ID)}},
		Category: []atomCat{{Term: r.Theme, Label: themeName}, {Term: r.Category, Label: catName}, {Term: "status:" + r.Status}},
		Summary:  atomText{Type: "text", Text: summary},
		Point:    strconv.FormatFloat(r.Lat, 'f', 6, 64) + " " + strconv.FormatFloat(r.Lon, 'f', 6, 64),
	}
	if r.PublicName != "" {
		e.Author = &atomPerson{Name: r.PublicName}
	}
	return e
}

// reportAtom is /reports/{id}/feed.atom: one report's public history.
func (h *handler) reportAtom(c *gin.Context) {
	r, _, events, err := h.publicReport(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	id := r.ID
	l, base := lang(c), baseURL(c)
	f := atomFeed{
		GeoRSS: "http://www.georss.org/georss",
		ID:     tagID(c, "report/"+strconv.FormatInt(id, 10)+"/history"),
		Title:  r.Title,
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + c.Request.URL.Path},
			{Rel: "alternate", Type: "text/html", Href: base + reportURL(id)}},
		Author: atomPerson{Name: "Streetfix"}, Rights: h.cfg.Attribution.Get(l), Updated: atomTime(r.UpdatedAt.Time),
	}
	// Newest first, as feed readers expect.
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		title := e.Kind
		switch e.Kind {
		case db.EventCreated:
			title = "Reported"
		case db.EventStatus:
			title = "Status: " + e.FromStatus + " → " + e.ToStatus
		case db.EventNote:
			title = "Note"
		}
		f.Entries = append(f.Entries, atomEntry{
			ID:      tagID(c, "event/"+strconv.FormatInt(e.ID, 10)),
			Title:   title,
			Updated: atomTime(e.CreatedAt.Time),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: base + reportURL(id)}},
			Summary: atomText{Type: "text", Text: e.Note},
		})
	}
	h.writeAtom(c, f)
}

// reportsGeoJSON is /feeds/reports.geojson: the newest reports matching the
// filters as a FeatureCollection (limit, default 1000, at most 10000).
func (h *handler) reportsGeoJSON(c *gin.Context) {
	q, err := listFilter(c, h.store.Catalog())
	if err != nil {
		h.fail(c, err)
		return
	}
	q.Limit = geojsonDefault
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > geojsonMaxLimit {
			h.fail(c, badRequest("invalid_limit", "limit", "limit must be a whole number from 1 to 10000"))
			return
		}
		q.Limit = n
	}
	reports, err := h.store.ListReports(c.Request.Context(), q)
	if err != nil {
		h.fail(c, err)
		return
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: make([]feature, 0, len(reports))}
	l := lang(c)
	for _, r := range reports {
		id := r.ID
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: &id, Geometry: point(orb.Point{r.Lon, r.Lat}), Properties: newSummaryView(r, l)})
	}
	c.Header("Cache-Control", "public, max-age=60")
	c.Header("Content-Type", "application/geo+json; charset=utf-8")
	c.JSON(http.StatusOK, fc)
}
