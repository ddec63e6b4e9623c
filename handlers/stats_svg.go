package handlers

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"streetfix/db"
	"streetfix/geo"
)

// Charts are SVG drawn here, on the server: no script, no third-party host,
// and they print. Each comes with a table of its numbers on the page; the
// SVG itself carries a title and a description for screen readers.

// Colours: the theme series use the Okabe-Ito palette (told apart with
// colour blindness) and different dash patterns; the map a sequential blue.
var (
	seriesColours = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}
	seriesDashes  = []string{"", "6 3", "2 3", "8 3 2 3", "1 2", "4 4", ""}
	groupColours  = [3]string{"#D55E00", "#009E73", "#8a8f98"} // open, fixed, closed
	mapColours    = []string{"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"}
)

func svgEsc(s string) string { return template.HTMLEscapeString(s) }

// niceMax rounds a chart's top up to 1, 2 or 5 times a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// areaShapes are the areas' outlines projected into the map's frame,
// computed once per catalog: simplifying 19 detailed boundaries takes
// longer than counting a million reports.
type areaShapes struct {
	mu    sync.Mutex
	cat   *db.Catalog
	paths []string
	w, h  float64
}

const mapWidth = 560.0

func (s *areaShapes) get(cat *db.Catalog) ([]string, float64, float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cat == cat {
		return s.paths, s.w, s.h
	}
	b := cat.Bound()
	x0, x1 := geo.MercatorX(b.Min[0]), geo.MercatorX(b.Max[0])
	y0, y1 := geo.MercatorY(b.Max[1]), geo.MercatorY(b.Min[1])
	k := mapWidth / (x1 - x0)
	s.w, s.h = mapWidth, math.Ceil((y1-y0)*k)
	s.paths = make([]string, len(cat.Areas))
	for i, a := range cat.Areas {
		var d strings.Builder
		for _, poly := range a.Geometry {
			for _, ring := range poly {
				lx, ly := math.Inf(1), math.Inf(1)
				n := 0
				for j, pt := range ring {
					x, y := (geo.MercatorX(pt[0])-x0)*k, (geo.MercatorY(pt[1])-y0)*k
					// Points closer than a pixel to the last one add bytes, not shape.
					if j > 0 && j < len(ring)-1 && math.Hypot(x-lx, y-ly) < 1 {
						continue
					}
					if n == 0 {
						d.WriteString("M")
					} else {
						d.WriteString("L")
					}
					fmt.Fprintf(&d, "%.1f %.1f", x, y)
					lx, ly = x, y
					n++
				}
				d.WriteString("Z")
			}
		}
		s.paths[i] = d.String()
	}
	s.cat = cat
	return s.paths, s.w, s.h
}

// project places a point in the map's frame.
func (s *areaShapes) project(cat *db.Catalog, p orb.Point) (float64, float64) {
	b := cat.Bound()
	x0, x1 := geo.MercatorX(b.Min[0]), geo.MercatorX(b.Max[0])
	y0 := geo.MercatorY(b.Max[1])
	k := mapWidth / (x1 - x0)
	return (geo.MercatorX(p[0]) - x0) * k, (geo.MercatorY(p[1]) - y0) * k
}

// legendClass is one shade of the map with the values it stands for.
type legendClass struct {
	Swatch   template.HTML
	From, To string
}

// swatch is a legend's sample: a filled square, or a line with the
// series' dashes. SVG attributes, not inline styles, which the CSP forbids.
func swatch(colour, dash string, line bool) template.HTML {
	if line {
		return template.HTML(fmt.Sprintf(`<svg class="sample" width="28" height="12" aria-hidden="true"><line x1="1" x2="27" y1="6" y2="6" stroke="%s" stroke-width="3" stroke-dasharray="%s"/></svg>`, colour, dash))
	}
	return template.HTML(fmt.Sprintf(`<svg class="sample" width="16" height="16" aria-hidden="true"><rect x="0.5" y="0.5" width="15" height="15" fill="%s" stroke="#1b1b1b"/></svg>`, colour))
}

// seriesKey is the legend of the trend's lines.
func seriesKey(n int) []template.HTML {
	out := make([]template.HTML, n)
	for i := range out {
		out[i] = swatch(seriesColours[i%len(seriesColours)], seriesDashes[i%len(seriesDashes)], true)
	}
	return out
}

// dataClasses splits the values shown into at most n classes at their
// quantiles: each class holds about as many areas, equal values stay in one
// class, and no class is empty. Each class is given by the smallest and
// largest value it holds, so the legend says exactly what is on the map.
func dataClasses(values []float64, n int) [][2]float64 {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	var out [][2]float64
	for lo := 0; lo < len(sorted); {
		k := len(out)
		hi := max(lo+1, (k+1)*len(sorted)/n)
		if k == n-1 {
			hi = len(sorted)
		}
		for hi < len(sorted) && sorted[hi] == sorted[hi-1] {
			hi++ // equal values share a class
		}
		out = append(out, [2]float64{sorted[lo], sorted[hi-1]})
		lo = hi
	}
	return out
}

// classOf is the class holding v.
func classOf(classes [][2]float64, v float64) int {
	for i, c := range classes {
		if v <= c[1] {
			return i
		}
	}
	return len(classes) - 1
}

// classColours spreads k classes over the palette, lightest to darkest.
func classColours(k int, palette []string) []string {
	if k <= 1 {
		return palette[len(palette)/2 : len(palette)/2+1]
	}
	out := make([]string, k)
	for i := range out {
		out[i] = palette[i*(len(palette)-1)/(k-1)]
	}
	return out
}

// choropleth draws the areas shaded by reports, or open reports, per 1,000
// inhabitants (raw counts would always make the most populous area the
// darkest), in classes taken from the values shown. Each area is a link
// that filters the page to it, and carries its name.
func (h *handler) choropleth(cat *db.Catalog, v *statsView, mode string, tr Tr, link func(area string) string) (template.HTML, []legendClass) {
	paths, w, ht := h.shapes.get(cat)
	values := make([]float64, len(v.Areas))
	for i, a := range v.Areas {
		values[i] = a.Per1000
		if mode == "open" {
			values[i] = a.OpenPer1000
		}
	}
	classes := dataClasses(values, len(mapColours))
	colours := classColours(len(classes), mapColours)
	title := tr.T("dash.map_rate_title")
	if mode == "open" {
		title = tr.T("dash.map_open_title")
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart map" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="map-t map-d"><title id="map-t">%s</title><desc id="map-d">%s</desc>`,
		w, ht, svgEsc(title), svgEsc(tr.T("dash.see_table")))
	byCode := map[string]int{}
	for i, a := range v.Areas {
		byCode[a.Code] = i
	}
	var labels strings.Builder
	for i, a := range cat.Areas {
		j, ok := byCode[a.Code]
		if !ok {
			continue
		}
		text := v.Areas[j].RateText
		if mode == "open" {
			text = v.Areas[j].OpenRateText
		}
		c := classOf(classes, values[j])
		fmt.Fprintf(&b, `<a href="%s"><path d="%s" fill="%s" stroke="#1b1b1b" stroke-width="0.6"><title>%s %s</title></path></a>`,
			svgEsc(link(a.Code)), paths[i], colours[c], svgEsc(tr.Colon(v.Areas[j].Name)), svgEsc(text))
		x, y := h.shapes.project(cat, a.Label)
		ink := "#1b1b1b"
		if c*2 >= len(classes) && len(classes) > 2 {
			ink = "#ffffff" // on the darker shades
		}
		fmt.Fprintf(&labels, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="9" fill="%s" pointer-events="none">%s</text>`, x, y, ink, svgEsc(shortName(v.Areas[j].Name)))
	}
	b.WriteString(labels.String())
	b.WriteString(`</svg>`)
	var legend []legendClass
	for i, c := range classes {
		lc := legendClass{Swatch: swatch(colours[i], "", false), From: formatDecimal(c[0], tr.Lang), To: formatDecimal(c[1], tr.Lang)}
		legend = append(legend, lc)
	}
	return template.HTML(b.String()), legend
}

// shortName keeps a municipality's name short enough to sit inside it on
// the map: the first part of a double name ("Saint-Josse-ten-Noode" stays,
// "Woluwe-Saint-Lambert" stays, "Berchem-Sainte-Agathe" too); only names
// over 16 characters are cut at a word.
func shortName(s string) string {
	if len([]rune(s)) <= 16 {
		return s
	}
	r := []rune(s)
	cut := 16
	for i := 15; i > 6; i-- {
		if r[i] == '-' || r[i] == ' ' {
			cut = i
			break
		}
	}
	return string(r[:cut]) + "…"
}

// trendChart draws one line per theme over the periods.
func trendChart(v *statsView, tr Tr) template.HTML {
	const w, ht, left, right, top, bottom = 640.0, 280.0, 48.0, 12.0, 12.0, 40.0
	n := len(v.Trend.Periods)
	peak := 0
	for _, s := range v.Trend.Series {
		for _, c := range s.Counts {
			peak = max(peak, c)
		}
	}
	// A top of 1, 2 or 5 times a power of ten, at least 5, split into
	// whole steps: counts have no fractions.
	ymax := max(niceMax(float64(peak)), 5)
	ticks := 5
	if lead := ymax / math.Pow(10, math.Floor(math.Log10(ymax))); lead == 2 {
		ticks = 4
	}
	x := func(i int) float64 {
		if n <= 1 {
			return left + (w-left-right)/2
		}
		return left + float64(i)*(w-left-right)/float64(n-1)
	}
	y := func(c float64) float64 { return top + (ht-top-bottom)*(1-c/ymax) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="trend-t trend-d"><title id="trend-t">%s</title><desc id="trend-d">%s</desc>`,
		w, ht, svgEsc(tr.T("dash.trend_title")), svgEsc(tr.T("dash.see_table")))
	for i := 0; i <= ticks; i++ {
		c := ymax * float64(i) / float64(ticks)
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#d8dbe0"/><text x="%.0f" y="%.1f" text-anchor="end" font-size="11">%s</text>`,
			left, w-right, y(c), y(c), left-4, y(c)+4, svgEsc(tr.Number(int64(math.Round(c)))))
	}
	every := max(1, (n+7)/8) // at most eight labels fit under the axis
	for i, p := range v.Trend.Periods {
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" font-size="11">%s</text>`, x(i), ht-bottom+16, svgEsc(p.Label))
		}
	}
	for si, s := range v.Trend.Series {
		var pts []string
		for i, c := range s.Counts {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(float64(c))))
		}
		col, dash := seriesColours[si%len(seriesColours)], seriesDashes[si%len(seriesDashes)]
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5" stroke-dasharray="%s" points="%s"><title>%s</title></polyline>`,
			col, dash, strings.Join(pts, " "), svgEsc(s.Name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// themeBars draws each theme's reports as a bar split into open, fixed and
// closed.
func themeBars(v *statsView, tr Tr) template.HTML {
	const w, row, label = 640.0, 30.0, 150.0
	ht := row*float64(len(v.Themes)) + 8
	peak := 0
	for _, t := range v.Themes {
		peak = max(peak, t.Total)
	}
	scale := (w - label - 60) / niceMax(float64(peak))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="themes-t themes-d"><title id="themes-t">%s</title><desc id="themes-d">%s</desc>`,
		w, ht, svgEsc(tr.T("dash.themes_title")), svgEsc(tr.T("dash.see_table")))
	for i, t := range v.Themes {
		yy := float64(i)*row + 4
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" font-size="13">%s</text>`, label-8, yy+17, svgEsc(t.Name))
		xx := label
		for g, c := range [3]int{t.Open, t.Fixed, t.Closed} {
			bw := float64(c) * scale
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="22" fill="%s"><title>%s %s</title></rect>`,
				xx, yy, bw, groupColours[g], svgEsc(tr.Colon(t.Name+" — "+tr.T("group."+[3]string{"open", "fixed", "closed"}[g]))), svgEsc(tr.Number(int64(c))))
			xx += bw
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12">%s</text>`, xx+4, yy+16, svgEsc(tr.Number(int64(t.Total))))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// durationBars draws each theme's median time (to acknowledge or to fix)
// as a bar, with a tick at the 90th percentile, in one unit for the whole
// chart: hours when every 90th percentile is under two days, else days.
func durationBars(rows []durationRow, id, title string, tr Tr) template.HTML {
	const w, row, label = 640.0, 30.0, 150.0
	ht := row*float64(len(rows)) + 8
	peak := 0.0
	for _, r := range rows {
		peak = max(peak, float64(r.P90Minutes))
	}
	unit, unitKey, unitName := 1440.0, "dash.days", tr.T("council.unit_days")
	if peak < 48*60 {
		unit, unitKey, unitName = 60.0, "dash.hours", tr.T("council.unit_hours")
	}
	in := func(minutes int64) string { return tr.T(unitKey, "N", formatDecimal(float64(minutes)/unit, tr.Lang)) }
	scale := (w - label - 140) / niceMax(peak/unit)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d"><title id="%s-t">%s</title><desc id="%s-d">%s</desc>`,
		w, ht, id, id, id, svgEsc(title+" ("+unitName+")"), id, svgEsc(tr.T("dash.see_table")))
	for i, r := range rows {
		yy := float64(i)*row + 4
		p50, p90 := float64(r.P50Minutes)/unit*scale, float64(r.P90Minutes)/unit*scale
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" font-size="13">%s</text>`, label-8, yy+17, svgEsc(r.Name))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="22" fill="#0072B2"><title>%s</title></rect>`, label, yy, p50, svgEsc(tr.Colon(tr.T("dash.median"))+" "+in(r.P50Minutes)))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#1b1b1b" stroke-width="2"><title>%s</title></line>`,
			label+p90, label+p90, yy-2, yy+24, svgEsc(tr.Colon(tr.T("dash.p90"))+" "+in(r.P90Minutes)))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12">%s</text>`, label+max(p50, p90)+6, yy+16, svgEsc(in(r.P50Minutes)+" / "+in(r.P90Minutes)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
