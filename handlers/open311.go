package handlers

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

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
	ServiceChangeset(ctx context.Context, digest string) (time.Time, error)
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
		err := oneValueEach(c.Request.URL.Query())
		if err == nil {
			err = fn(o, base)
		}
		if err != nil {
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
		o.fail(http.StatusBadRequest, open311FieldMessage(fe))
	case errors.Is(err, db.ErrNotFound):
		o.fail(http.StatusNotFound, "not found")
	case errors.Is(err, report.ErrNotAllowed), errors.Is(err, report.ErrSameStatus), errors.Is(err, report.ErrUnknownStatus):
		o.fail(http.StatusBadRequest, err.Error())
	default:
		ae := o.h.toAPIError(o.c, err) // logs what is unexpected, maps photo and size errors
		o.fail(ae.Status, ae.Message)
	}
}

// open311Names are the GeoReport v2 names of intake's fields.
var open311Names = map[string]string{"lon": "long", "category": "service_code", "name": "first_name and last_name"}

// open311FieldMessage says what is wrong with a field under the name the
// client sent it as: attribute[surface] rather than answers.surface, long
// rather than lon.
func open311FieldMessage(fe *intake.Error) string {
	name, ok := open311Names[fe.Field]
	if code, isAnswer := strings.CutPrefix(fe.Field, "answers."); isAnswer {
		name, ok = "attribute["+code+"]", true
	}
	if !ok {
		name = fe.Field
	}
	if rest, found := strings.CutPrefix(fe.Message, fe.Field); found {
		return name + rest
	}
	return name + ": " + fe.Message
}

// specStatus maps a client error onto the statuses the spec names: "404 -
// ... not found", "403 - ... api_key" and "basically 400 for any other
// error". A 429 (rate limit), a cancelled request and the server's own
// failures keep theirs.
func specStatus(status int) int {
	switch {
	case status == http.StatusForbidden, status == http.StatusNotFound, status == http.StatusTooManyRequests,
		status == statusClientClosed, status < 400, status >= 500:
		return status
	}
	return http.StatusBadRequest
}

func (o *o311) fail(status int, msg string) {
	status = specStatus(status)
	e := open311.Error{Code: status, Description: msg}
	o.c.Abort()
	o.write(status, []open311.Error{e}, open311.Errors{Errors: []open311.Error{e}})
}

// open311Fail answers an Open311 path that no handler served (unknown
// method or path, rate limit) in the spec's shape, in the format the path
// names (JSON when it names none).
func (h *handler) open311Fail(c *gin.Context, status int, msg string) {
	format := "json"
	if _, f, ok := splitFormat(c.Request.URL.Path); ok {
		format = f
	}
	(&o311{h: h, c: c, format: format}).fail(status, msg)
}

// listParams are the parameters that may be sent more than once (their
// values make one list, as their comma-separated form does).
var listParams = map[string]bool{"service_request_id": true, "service_code": true, "status": true}

// oneValueEach refuses a parameter sent more than once, other than lists
// and attribute[code][]: reading only the first would silently drop the
// others.
func oneValueEach(vs url.Values) error {
	names := make([]string, 0, len(vs))
	for name := range vs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if len(vs[name]) > 1 && !listParams[name] && !strings.HasSuffix(name, "[]") {
			return o311err(http.StatusBadRequest, clipQuote(name)+" was sent "+strconv.Itoa(len(vs[name]))+
				" times; send it once (only service_request_id, service_code, status and attribute[code][] may repeat)")
		}
	}
	return nil
}

// listParam reads a list parameter: comma-separated, repeated, or both.
func listParam(vs url.Values, name string) []string {
	return splitList(strings.Join(vs[name], ","))
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
	// "Sortable field that specifies the last time this document was
	// updated": the time these service definitions were first served.
	at, err := h.store.ServiceChangeset(o.c.Request.Context(), open311.ServicesDigest(h.store.Catalog()))
	if err != nil {
		return err
	}
	changeset := open311.Datetime(at)
	d := open311.Discovery{
		Changeset: changeset, Contact: open311.Text(h.cfg.Contact), KeyService: h.keyService(),
		Endpoints: []open311.Endpoint{{
			Specification: "http://wiki.open311.org/GeoReport_v2", URL: baseURL(o.c) + "/open311/v2",
			Changeset: changeset, Type: "production", Formats: []string{"text/xml", "application/json"},
		}},
		Notes: open311.Text(mediaURLRefused + "; photos and text are checked like the website's, and the description is at most 4000 characters."),
	}
	o.write(http.StatusOK, d, d)
	return nil
}

// keyService tells a person how to get an API key: the configured text or
// URL, or else to ask the operator named as contact.
func (h *handler) keyService() string {
	if h.cfg.KeyService != "" {
		return h.cfg.KeyService
	}
	who := "the operator of this service"
	if h.cfg.Contact != "" {
		who += " (" + h.cfg.Contact + ")"
	}
	return "API keys are given by " + who + ": ask them for one, saying what it is for. Reading needs no key; posting requests needs one."
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
