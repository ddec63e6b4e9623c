package handlers

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/open311"
	"streetfix/report"
)

// open311Store is what the GeoReport v2 routes need beyond the report routes.
type open311Store interface {
	ListReports(ctx context.Context, q db.ListQuery) ([]db.Report, error)
	LatestNotes(ctx context.Context, ids []int64) (map[int64]string, error)
	PublicPhotos(ctx context.Context, ids []int64) (map[int64][]string, error)
	APIKeyFor(ctx context.Context, key string) (db.APIKey, error)
	ChangeStatus(ctx context.Context, ch db.StatusChange) (db.Report, db.Event, error)
	Updates(ctx context.Context, q db.UpdatesQuery) ([]db.Update, error)
}

// o311 answers one GeoReport v2 call in the format its path asked for.
type o311 struct {
	h      *handler
	c      *gin.Context
	format string // "json" or "xml"
}

// splitFormat cuts ".json" or ".xml" off a path segment.
func splitFormat(name string) (base, format string, ok bool) {
	for _, f := range []string{"json", "xml"} {
		if b, found := strings.CutSuffix(name, "."+f); found {
			return b, f, true
		}
	}
	return name, "", false
}

// open311Call wraps a GeoReport v2 handler: it reads the format from the
// path parameter (or the fixed format of the route) and recovers errors in
// the spec's shape.
func (h *handler) open311Call(fixed string, fn func(o *o311, base string) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		o := &o311{h: h, c: c, format: fixed}
		base := ""
		if fixed == "" {
			var ok bool
			base, o.format, ok = splitFormat(c.Param("file"))
			if !ok {
				o.format = "json"
				o.fail(http.StatusNotFound, "add .json or .xml to the path")
				return
			}
		}
		if err := fn(o, base); err != nil {
			o.error(err)
		}
	}
}

// open311Error is an error with the status the spec gives it.
type open311Error struct {
	status int
	msg    string
}

func (e *open311Error) Error() string { return e.msg }

func o311err(status int, msg string) error { return &open311Error{status, msg} }

func (o *o311) error(err error) {
	var oe *open311Error
	var fe *intake.Error
	switch {
	case errors.As(err, &oe):
		o.fail(oe.status, oe.msg)
	case errors.As(err, &fe):
		o.fail(http.StatusBadRequest, fe.Field+": "+fe.Message)
	case errors.Is(err, db.ErrNotFound):
		o.fail(http.StatusNotFound, "not found")
	case errors.Is(err, report.ErrNotAllowed), errors.Is(err, report.ErrSameStatus), errors.Is(err, report.ErrUnknownStatus):
		o.fail(http.StatusBadRequest, err.Error())
	default:
		ae := o.h.toAPIError(o.c, err) // logs what is unexpected, maps photo and size errors
		o.fail(ae.Status, ae.Message)
	}
}

func (o *o311) fail(status int, msg string) {
	e := open311.Error{Code: status, Description: msg}
	o.c.Abort()
	o.write(status, []open311.Error{e}, open311.Errors{Errors: []open311.Error{e}})
}

// write sends v as JSON or x as XML with the spec's content types and the
// XML declaration.
func (o *o311) write(status int, v any, x any) {
	if o.format == "xml" {
		b, err := xml.Marshal(x)
		if err != nil {
			o.h.log.ErrorContext(o.c.Request.Context(), "open311: xml", "err", err)
			status, b = http.StatusInternalServerError, []byte("<errors><error><code>500</code><description>internal error</description></error></errors>")
		}
		o.c.Data(status, "text/xml; charset=utf-8", append([]byte(xml.Header), b...))
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		o.h.log.ErrorContext(o.c.Request.Context(), "open311: json", "err", err)
		status, b = http.StatusInternalServerError, []byte(`[{"code":500,"description":"internal error"}]`)
	}
	o.c.Data(status, "application/json; charset=utf-8", b)
}

func (h *handler) discovery(o *o311, _ string) error {
	d := open311.Discovery{
		Changeset: "2026-11-25T00:00:00Z", Contact: h.cfg.Contact, KeyService: h.cfg.Contact,
		Endpoints: []open311.Endpoint{{
			Specification: "http://wiki.open311.org/GeoReport_v2", URL: baseURL(o.c) + "/open311/v2",
			Changeset: "2026-11-25T00:00:00Z", Type: "production", Formats: []string{"text/xml", "application/json"},
		}},
	}
	o.write(http.StatusOK, d, d)
	return nil
}

func (h *handler) services(o *o311, _ string) error {
	list := open311.ServicesFrom(h.store.Catalog(), lang(o.c))
	o.write(http.StatusOK, list, open311.Services{Services: list})
	return nil
}

func (h *handler) serviceDefinition(o *o311, code string) error {
	cat, ok := h.store.Catalog().Category(code)
	if !ok || !cat.Active {
		return o311err(http.StatusNotFound, "no service with service_code "+clipQuote(code))
	}
	d := open311.DefinitionFrom(cat, lang(o.c))
	o.write(http.StatusOK, d, d)
	return nil
}

// clipQuote quotes untrusted text for an error message, shortened.
func clipQuote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return `"` + strings.ToValidUTF8(s, "") + `"`
}
