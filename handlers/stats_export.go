package handlers

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/calendar"
	"streetfix/db"
)

// Exports write one report per row or feature as the database returns
// them, flushing every few hundred rows: a million reports never sit in
// memory, and the download starts at once.

const flushEvery = 512

var exportHeader = []string{"id", "created_at", "acknowledged_at", "fixed_at", "closed_at", "theme", "category",
	"area", "body", "status", "supports", "lon", "lat", "url", "address_fr", "address_nl",
	"theme_name", "category_name", "area_name", "body_name"}

var personalHeader = []string{"reporter_name", "reporter_email", "reporter_phone"}

// exportRequest reads an export's filters and whether personal data may
// and should come along: only for admins on /dashboard asking personal=1.
func (h *handler) exportRequest(c *gin.Context) (statsParams, bool, bool) {
	p, err := statsFilter(c, h.store.Catalog(), h.cfg.Location)
	if err != nil {
		h.fail(c, err)
		return p, false, false
	}
	personal := false
	switch c.Query("personal") {
	case "", "0":
	case "1":
		if !currentUser(c).Can(account.ExportPersonal) {
			h.fail(c, newError(http.StatusForbidden, "forbidden", "personal", "only administrators may export personal data"))
			return p, false, false
		}
		personal = true
		// Who took reporters' contact details, and which, is on record.
		u := currentUser(c)
		uid := u.ID
		if err := h.store.Audit(c.Request.Context(), db.AuditEntry{UserID: &uid, Actor: u.AuditName(), Action: "export_personal",
			Target: c.Request.URL.Path, After: map[string]any{"query": c.Request.URL.RawQuery}}); err != nil {
			h.fail(c, err) // no record, no export
			return p, false, false
		}
	default:
		h.fail(c, badRequest("invalid_filter", "personal", "personal must be 1 or 0"))
		return p, false, false
	}
	return p, personal, true
}

// exportName is the download's file name: what it holds (the filters and
// the period, by code) and when it was made, in local time, e.g.
// streetfix-reports-theme-mobile-area-21009-2026-01-01-to-2026-06-30-made-20261129-1030.csv.
func (h *handler) exportName(ext string, p statsParams, now time.Time) string {
	parts := []string{"streetfix-reports"}
	for _, f := range []struct {
		name  string
		codes []string
	}{{"theme", p.Themes}, {"category", p.Categories}, {"area", p.Areas}, {"body", p.Bodies}} {
		if len(f.codes) > 0 {
			parts = append(parts, f.name, fileWord(strings.Join(f.codes, "+")))
		}
	}
	loc := h.cfg.Location
	switch {
	case !p.From.IsZero() && !p.To.IsZero():
		parts = append(parts, p.From.In(loc).Format("2006-01-02"), "to", p.To.Add(-time.Millisecond).In(loc).Format("2006-01-02"))
	case !p.From.IsZero():
		parts = append(parts, "since", p.From.In(loc).Format("2006-01-02"))
	case !p.To.IsZero():
		parts = append(parts, "until", p.To.Add(-time.Millisecond).In(loc).Format("2006-01-02"))
	default:
		parts = append(parts, "all")
	}
	if p.Personal {
		parts = append(parts, "with-contacts")
	}
	parts = append(parts, "made", now.In(loc).Format("20060102-1504"))
	return strings.Join(parts, "-") + "." + ext
}

// fileWord keeps the characters a file name can hold everywhere.
func fileWord(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '+' || ch == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// exportNames are a report's theme, category, area and body in a language.
func exportNames(cat *db.Catalog, r *db.ExportRow, l string) [4]string {
	var out [4]string
	if t, ok := cat.Theme(r.Theme); ok {
		out[0] = t.Name.Get(l)
	}
	if k, ok := cat.Category(r.Category); ok {
		out[1] = k.Name.Get(l)
	}
	if a, ok := cat.Area(r.AreaCode); ok {
		out[2] = a.Name.Get(l)
	}
	if b, ok := cat.Body(r.BodyCode); ok {
		out[3] = b.Name.Get(l)
	}
	return out
}

// csvSafe defuses a cell that a spreadsheet would run as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// isoTime is an export's time: RFC 3339 in the city's local time, with
// its offset, so a spreadsheet shows the city's hours and a program still
// reads the exact instant.
func (h *handler) isoTime(t db.Time) string {
	if t.IsZero() {
		return ""
	}
	return calendar.Stamp(t.Time, h.cfg.Location)
}

// exportCSV is /dashboard/reports.csv and /stats/reports.csv.
func (h *handler) exportCSV(c *gin.Context) {
	p, personal, ok := h.exportRequest(c)
	if !ok {
		return
	}
	f, cat, l := p.StatsFilter, h.store.Catalog(), lang(c)
	p.Personal = personal
	base := baseURL(c)
	bw := h.startExport(c, "text/csv; charset=utf-8", "csv", p)
	w := csv.NewWriter(bw)
	header := exportHeader
	if personal {
		header = append(append([]string{}, exportHeader...), personalHeader...)
	}
	w.Write(header)
	rec := make([]string, len(header))
	n := 0
	err := h.store.ExportReports(c.Request.Context(), f, personal, func(r *db.ExportRow) error {
		rec = rec[:0]
		// Text cells are defused, codes from the city's files too; numbers
		// and times are written here and may be negative (longitudes).
		rec = append(rec, itoa(r.ID), h.isoTime(r.CreatedAt), h.isoTime(r.AcknowledgedAt), h.isoTime(r.FixedAt), h.isoTime(r.ClosedAt),
			csvSafe(r.Theme), csvSafe(r.Category), csvSafe(r.AreaCode), csvSafe(r.BodyCode), csvSafe(r.Status), strconv.Itoa(r.SupportCount),
			strconv.FormatFloat(r.Lon, 'f', 6, 64), strconv.FormatFloat(r.Lat, 'f', 6, 64), base+reportURL(r.ID),
			csvSafe(r.AddressFR), csvSafe(r.AddressNL))
		for _, name := range exportNames(cat, r, l) {
			rec = append(rec, csvSafe(name))
		}
		if personal {
			rec = append(rec, csvSafe(r.Name), csvSafe(r.Email), csvSafe(r.Phone))
		}
		if err := w.Write(rec); err != nil {
			return err
		}
		if n++; n%flushEvery == 0 {
			w.Flush()
			if err := bw.Flush(); err != nil {
				return err // the client went away
			}
			c.Writer.Flush()
		}
		return nil
	})
	w.Flush()
	bw.Flush()
	if err != nil {
		// The status is sent; all that can be done is to stop and log.
		h.logFailure(c, slog.LevelWarn, "csv export stopped", "rows", n, "err", err)
	}
}

// exportFeature is one report in the GeoJSON export.
type exportFeature struct {
	Type       string         `json:"type"`
	ID         int64          `json:"id"`
	Geometry   pointGeo       `json:"geometry"`
	Properties exportProperty `json:"properties"`
}

type exportProperty struct {
	Created      string `json:"created_at"`
	Acknowledged string `json:"acknowledged_at,omitempty"`
	Fixed        string `json:"fixed_at,omitempty"`
	Closed       string `json:"closed_at,omitempty"`
	Theme        string `json:"theme"`
	Category     string `json:"category"`
	Area         string `json:"area"`
	Body         string `json:"body"`
	Status       string `json:"status"`
	Supports     int    `json:"supports"`
	URL          string `json:"url"`
	AddressFR    string `json:"address_fr"`
	AddressNL    string `json:"address_nl"`
	ThemeName    string `json:"theme_name"`
	CategoryName string `json:"category_name"`
	AreaName     string `json:"area_name"`
	BodyName     string `json:"body_name"`
	Name         string `json:"reporter_name,omitempty"`
	Email        string `json:"reporter_email,omitempty"`
	Phone        string `json:"reporter_phone,omitempty"`
}

// exportGeoJSON is /dashboard/reports.geojson and /stats/reports.geojson:
// a FeatureCollection written feature by feature.
func (h *handler) exportGeoJSON(c *gin.Context) {
	p, personal, ok := h.exportRequest(c)
	if !ok {
		return
	}
	f, cat, l := p.StatsFilter, h.store.Catalog(), lang(c)
	p.Personal = personal
	base := baseURL(c)
	bw := h.startExport(c, "application/geo+json; charset=utf-8", "geojson", p)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	enc := json.NewEncoder(bw)
	n := 0
	err := h.store.ExportReports(c.Request.Context(), f, personal, func(r *db.ExportRow) error {
		if n > 0 {
			bw.WriteByte(',')
		}
		ft := exportFeature{Type: "Feature", ID: r.ID, Geometry: pointGeo{Type: "Point", Coordinates: [2]float64{r.Lon, r.Lat}},
			Properties: exportProperty{Created: h.isoTime(r.CreatedAt), Acknowledged: h.isoTime(r.AcknowledgedAt), Fixed: h.isoTime(r.FixedAt),
				Closed: h.isoTime(r.ClosedAt), Theme: r.Theme, Category: r.Category, Area: r.AreaCode, Body: r.BodyCode, Status: r.Status,
				Supports: r.SupportCount, URL: base + reportURL(r.ID), AddressFR: r.AddressFR, AddressNL: r.AddressNL}}
		names := exportNames(cat, r, l)
		ft.Properties.ThemeName, ft.Properties.CategoryName, ft.Properties.AreaName, ft.Properties.BodyName = names[0], names[1], names[2], names[3]
		if personal {
			ft.Properties.Name, ft.Properties.Email, ft.Properties.Phone = r.Name, r.Email, r.Phone
		}
		if err := enc.Encode(ft); err != nil {
			return err
		}
		if n++; n%flushEvery == 0 {
			if err := bw.Flush(); err != nil {
				return err
			}
			c.Writer.Flush()
		}
		return nil
	})
	bw.WriteString("]}\n")
	bw.Flush()
	if err != nil {
		h.logFailure(c, slog.LevelWarn, "geojson export stopped", "features", n, "err", err)
	}
}

// startExport sends an export's headers and returns the buffered writer
// its rows stream through.
func (h *handler) startExport(c *gin.Context, contentType, ext string, p statsParams) *bufio.Writer {
	c.Header("Content-Type", contentType)
	c.Header("Content-Disposition", `attachment; filename="`+h.exportName(ext, p, h.now())+`"`)
	c.Header("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	return bufio.NewWriterSize(c.Writer, 64<<10)
}
