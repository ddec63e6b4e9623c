package handlers

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/db"
)

// Exports write one report per row or feature as the database returns
// them, flushing every few hundred rows: a million reports never sit in
// memory, and the download starts at once.

const flushEvery = 512

var exportHeader = []string{"id", "created_at", "acknowledged_at", "fixed_at", "closed_at", "theme", "category",
	"area", "body", "status", "supports", "lon", "lat", "url", "address_fr", "address_nl"}

var personalHeader = []string{"reporter_name", "reporter_email", "reporter_phone"}

// exportRequest reads an export's filters and whether personal data may
// and should come along: only for admins on /dashboard asking personal=1.
func (h *handler) exportRequest(c *gin.Context) (db.StatsFilter, bool, bool) {
	p, err := statsFilter(c, h.store.Catalog())
	if err != nil {
		h.fail(c, err)
		return db.StatsFilter{}, false, false
	}
	personal := false
	switch c.Query("personal") {
	case "", "0":
	case "1":
		if !currentUser(c).Can(account.ExportPersonal) {
			h.fail(c, newError(http.StatusForbidden, "forbidden", "personal", "only administrators may export personal data"))
			return p.StatsFilter, false, false
		}
		personal = true
		// Who took reporters' contact details, and which, is on record.
		u := currentUser(c)
		uid := u.ID
		if err := h.store.Audit(c.Request.Context(), db.AuditEntry{UserID: &uid, Actor: u.AuditName(), Action: "export_personal",
			Target: c.Request.URL.Path, After: map[string]any{"query": c.Request.URL.RawQuery}}); err != nil {
			h.fail(c, err) // no record, no export
			return p.StatsFilter, false, false
		}
	default:
		h.fail(c, badRequest("invalid_filter", "personal", "personal must be 1 or 0"))
		return p.StatsFilter, false, false
	}
	return p.StatsFilter, personal, true
}

// exportName is the download's file name, dated.
func exportName(ext string, now time.Time) string {
	return "streetfix-reports-" + now.UTC().Format("20060102-150405") + "." + ext
}

// csvSafe defuses a cell that a spreadsheet would run as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

func isoTime(t db.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// exportCSV is /dashboard/reports.csv and /stats/reports.csv.
func (h *handler) exportCSV(c *gin.Context) {
	f, personal, ok := h.exportRequest(c)
	if !ok {
		return
	}
	base := baseURL(c)
	bw := h.startExport(c, "text/csv; charset=utf-8", "csv")
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
		rec = append(rec, itoa(r.ID), isoTime(r.CreatedAt), isoTime(r.AcknowledgedAt), isoTime(r.FixedAt), isoTime(r.ClosedAt),
			csvSafe(r.Theme), csvSafe(r.Category), csvSafe(r.AreaCode), csvSafe(r.BodyCode), csvSafe(r.Status), strconv.Itoa(r.SupportCount),
			strconv.FormatFloat(r.Lon, 'f', 6, 64), strconv.FormatFloat(r.Lat, 'f', 6, 64), base+reportURL(r.ID),
			csvSafe(r.AddressFR), csvSafe(r.AddressNL))
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
	Name         string `json:"reporter_name,omitempty"`
	Email        string `json:"reporter_email,omitempty"`
	Phone        string `json:"reporter_phone,omitempty"`
}

// exportGeoJSON is /dashboard/reports.geojson and /stats/reports.geojson:
// a FeatureCollection written feature by feature.
func (h *handler) exportGeoJSON(c *gin.Context) {
	f, personal, ok := h.exportRequest(c)
	if !ok {
		return
	}
	base := baseURL(c)
	bw := h.startExport(c, "application/geo+json; charset=utf-8", "geojson")
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	enc := json.NewEncoder(bw)
	n := 0
	err := h.store.ExportReports(c.Request.Context(), f, personal, func(r *db.ExportRow) error {
		if n > 0 {
			bw.WriteByte(',')
		}
		ft := exportFeature{Type: "Feature", ID: r.ID, Geometry: pointGeo{Type: "Point", Coordinates: [2]float64{r.Lon, r.Lat}},
			Properties: exportProperty{Created: isoTime(r.CreatedAt), Acknowledged: isoTime(r.AcknowledgedAt), Fixed: isoTime(r.FixedAt),
				Closed: isoTime(r.ClosedAt), Theme: r.Theme, Category: r.Category, Area: r.AreaCode, Body: r.BodyCode, Status: r.Status,
				Supports: r.SupportCount, URL: base + reportURL(r.ID), AddressFR: r.AddressFR, AddressNL: r.AddressNL}}
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
func (h *handler) startExport(c *gin.Context, contentType, ext string) *bufio.Writer {
	c.Header("Content-Type", contentType)
	c.Header("Content-Disposition", `attachment; filename="`+exportName(ext, h.now())+`"`)
	c.Header("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	return bufio.NewWriterSize(c.Writer, 64<<10)
}
