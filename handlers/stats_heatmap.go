package handlers

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/geo"
)

// The heatmap counts reports in squares of a grid, for the dashboard and
// as GeoJSON: a square's count is published, a report's point is not.

const (
	earthCircumference = 40_075_016.686 // metres at the equator
	heatCellDefault    = 200            // metres, about a street block
	heatCellMin        = 100            // 50 m squares over a million reports made a 12 MB answer
	heatCellMax        = 2000
	dashboardHeatCell  = 300 // the dashboard's drawing: about six pixels
)

// heatSize is a cell of m metres in web-mercator units at the city's
// latitude.
func heatSize(cat *db.Catalog, m float64) float64 {
	b := cat.Bound()
	lat := (b.Min[1] + b.Max[1]) / 2
	return m / (earthCircumference * math.Cos(lat*math.Pi/180))
}

type heatFeature struct {
	Type       string      `json:"type"`
	Geometry   heatSquare  `json:"geometry"`
	Properties heatCountPr `json:"properties"`
}

type heatSquare struct {
	Type        string           `json:"type"` // Polygon
	Coordinates [1][5][2]float64 `json:"coordinates"`
}

type heatCountPr struct {
	Count int `json:"count"`
}

type heatCollection struct {
	Type     string          `json:"type"`
	CellM    int             `json:"cell_m"`
	Filter   statsFilterView `json:"filter"`
	Period   periodSpan      `json:"period"`
	Total    int             `json:"total"`
	Features []heatFeature   `json:"features"`
}

// statsHeatmap is GET /api/v1/stats/heatmap: reports per square as GeoJSON
// polygons, with the dashboard's filters and cell=metres (50 to 2,000).
func (h *handler) statsHeatmap(c *gin.Context) {
	if err := queryOnceEach(c); err != nil {
		h.fail(c, err)
		return
	}
	cat := h.store.Catalog()
	p, err := statsFilter(c, cat, h.cfg.Location)
	if err != nil {
		h.fail(c, err)
		return
	}
	cell := heatCellDefault
	if s := c.Query("cell"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < heatCellMin || n > heatCellMax {
			h.fail(c, badRequest("invalid_filter", "cell", fmt.Sprintf("cell is the side of a square in metres, a whole number from %d to %d", heatCellMin, heatCellMax)))
			return
		}
		cell = n
	}
	now := h.now()
	defaultPeriod(&p, now, h.cfg.Location)
	size := heatSize(cat, float64(cell))
	cells := h.store.Heatmap(p.StatsFilter, size)
	out := heatCollection{Type: "FeatureCollection", CellM: cell, Features: make([]heatFeature, 0, len(cells)),
		Filter: statsFilterView{Themes: p.Themes, Categories: p.Categories, Areas: p.Areas, Bodies: p.Bodies, Period: p.Period}}
	var v statsView
	h.periodView(&v, p, lang(c), h.translator(lang(c)), now)
	out.Period = v.Period
	round := func(f float64) float64 { return math.Round(f*1e6) / 1e6 }
	for _, k := range cells {
		x0, y0 := float64(k.X)*size, float64(k.Y)*size
		nw, se := geo.InverseMercator(x0, y0), geo.InverseMercator(x0+size, y0+size)
		w, n, e, s := round(nw[0]), round(nw[1]), round(se[0]), round(se[1])
		out.Total += k.Count
		out.Features = append(out.Features, heatFeature{Type: "Feature",
			Geometry:   heatSquare{Type: "Polygon", Coordinates: [1][5][2]float64{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}},
			Properties: heatCountPr{Count: k.Count}})
	}
	c.Header("Cache-Control", "public, max-age=60")
	c.JSON(http.StatusOK, out)
}

// heatmapSVG draws the squares over the municipalities' outlines, shaded in
// classes of their counts; the legend says each class's range.
func (h *handler) heatmapSVG(cat *db.Catalog, f db.StatsFilter, tr Tr) (template.HTML, []legendClass) {
	paths, w, ht := h.shapes.get(cat)
	size := heatSize(cat, dashboardHeatCell)
	cells := h.store.Heatmap(f, size)
	b := cat.Bound()
	x0, x1 := geo.MercatorX(b.Min[0]), geo.MercatorX(b.Max[0])
	y0 := geo.MercatorY(b.Max[1])
	k := mapWidth / (x1 - x0)
	counts := make([]float64, len(cells))
	for i, c := range cells {
		counts[i] = float64(c.Count)
	}
	classes := dataClasses(counts, len(heatColours))
	colours := classColours(len(classes), heatColours)
	var s strings.Builder
	title := tr.T("council.heat_svg", "M", strconv.Itoa(dashboardHeatCell))
	fmt.Fprintf(&s, `<svg class="chart map heat" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="heat-t"><title id="heat-t">%s</title>`, w, ht, svgEsc(title))
	for _, d := range paths {
		fmt.Fprintf(&s, `<path d="%s" fill="#f7f7f7" stroke="#8a8f98" stroke-width="0.6"/>`, d)
	}
	side := size * k
	for i, c := range cells {
		fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`,
			(float64(c.X)*size-x0)*k, (float64(c.Y)*size-y0)*k, side, side, colours[classOf(classes, counts[i])])
	}
	s.WriteString(`</svg>`)
	var legend []legendClass
	for i, c := range classes {
		legend = append(legend, legendClass{Swatch: swatch(colours[i], "", false), From: tr.Number(int64(c[0])), To: tr.Number(int64(c[1]))})
	}
	return template.HTML(s.String()), legend
}

// heatColours run from pale yellow to dark red (sequential, readable in
// grey and with colour blindness).
var heatColours = []string{"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"}
