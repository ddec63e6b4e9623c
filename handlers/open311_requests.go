package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"streetfix/db"
	"streetfix/geo"
	"streetfix/open311"
	"streetfix/report"
)

// GeoReport v2 limits.
const (
	open311MaxResults = 1000
	open311Window     = 90 * 24 * time.Hour
)

// parseW3C reads a W3C datetime with a zone (Z or an offset), or a date,
// and says how precise it is (a second, or a day for a date). A "+" that
// was not percent-encoded reaches the query as a space: it is read as the
// "+" the client wrote.
func parseW3C(field, s string) (time.Time, time.Duration, error) {
	s = strings.ReplaceAll(s, " ", "+")
	for _, f := range []struct {
		layout    string
		precision time.Duration
	}{{time.RFC3339Nano, time.Second}, {"2006-01-02T15:04Z07:00", time.Second}, {"2006-01-02", 24 * time.Hour}} {
		if t, err := time.Parse(f.layout, s); err == nil {
			return t.Truncate(time.Second), f.precision, nil
		}
	}
	return time.Time{}, 0, o311err(http.StatusBadRequest, field+" must be a W3C datetime with a time zone, such as 2026-11-25T14:30:00+01:00 or 2026-11-25T13:30:00Z")
}

// windowEnd makes an upper bound inclusive at the precision that is
// published: times are stored in milliseconds but written in whole seconds,
// so end_date=2026-11-20T09:30:00Z must hold a request written with that
// requested_datetime, made at 09:30:00.700. A date holds its whole day.
func windowEnd(t time.Time, precision time.Duration) time.Time {
	if t.IsZero() {
		return t
	}
	return t.Add(precision - time.Millisecond)
}

// requestsQuery turns GeoReport v2 parameters into a list query.
func (h *handler) requestsQuery(o *o311) (db.ListQuery, error) {
	c := o.c
	vs := c.Request.URL.Query()
	var q db.ListQuery
	if ids := listParam(vs, "service_request_id"); len(ids) > 0 {
		// A list of ids overrides every other parameter, as the spec says.
		if len(ids) > open311MaxResults {
			return q, o311err(http.StatusBadRequest, "at most 1000 service_request_id values")
		}
		for _, s := range ids {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				return q, o311err(http.StatusBadRequest, "service_request_id must be a comma-separated list of ids")
			}
			q.IDs = append(q.IDs, id)
		}
		return q, nil
	}
	cat := h.store.Catalog()
	for _, code := range listParam(vs, "service_code") {
		if _, ok := cat.Category(code); !ok {
			return q, o311err(http.StatusBadRequest, "unknown service_code "+clipQuote(code))
		}
		q.Categories = append(q.Categories, code)
	}
	for _, st := range listParam(vs, "status") {
		switch st {
		case "open":
			q.Statuses = append(q.Statuses, report.StatusesIn(report.GroupOpen)...)
		case "closed":
			q.Statuses = append(q.Statuses, report.StatusesIn(report.GroupFixed)...)
			q.Statuses = append(q.Statuses, report.StatusesIn(report.GroupClosed)...)
		default:
			return q, o311err(http.StatusBadRequest, "status must be open, closed or both")
		}
	}
	var endPrecision, updatedPrecision time.Duration
	dates := []struct {
		name      string
		dst       *time.Time
		precision *time.Duration
	}{{"start_date", &q.CreatedAfter, nil}, {"end_date", &q.CreatedBefore, &endPrecision},
		{"updated_after", &q.UpdatedAfter, nil}, {"updated_before", &q.UpdatedBefore, &updatedPrecision}}
	for _, d := range dates {
		if s := c.Query(d.name); s != "" {
			t, precision, err := parseW3C(d.name, s)
			if err != nil {
				return q, err
			}
			*d.dst = t
			if d.precision != nil {
				*d.precision = precision
			}
		}
	}
	switch {
	case q.CreatedAfter.IsZero() && q.CreatedBefore.IsZero() && q.UpdatedAfter.IsZero() && q.UpdatedBefore.IsZero():
		q.CreatedAfter = h.now().Add(-open311Window) // the spec's default: the last 90 days
	case !q.CreatedAfter.IsZero() && !q.CreatedBefore.IsZero() && q.CreatedBefore.Before(q.CreatedAfter):
		return q, o311err(http.StatusBadRequest, "end_date is before start_date")
	case !q.CreatedAfter.IsZero() && !q.CreatedBefore.IsZero() && q.CreatedBefore.Sub(q.CreatedAfter) > open311Window:
		return q, o311err(http.StatusBadRequest, "start_date and end_date may be at most 90 days apart")
	case !q.CreatedAfter.IsZero() && q.CreatedBefore.IsZero() && q.UpdatedAfter.IsZero():
		q.CreatedBefore = q.CreatedAfter.Add(open311Window)
	case q.CreatedAfter.IsZero() && !q.CreatedBefore.IsZero():
		q.CreatedAfter = q.CreatedBefore.Add(-open311Window)
	}
	q.CreatedBefore = windowEnd(q.CreatedBefore, endPrecision)
	q.UpdatedBefore = windowEnd(q.UpdatedBefore, updatedPrecision)
	if c.Query("lat") != "" || c.Query("long") != "" || c.Query("radius") != "" {
		lat, err := floatParam(c, "lat", true, 0)
		if err != nil {
			return q, o311err(http.StatusBadRequest, "lat and long must both be given as numbers")
		}
		lon, err := floatParam(c, "long", true, 0)
		if err != nil || geo.CheckPoint(lon, lat) != nil {
			return q, o311err(http.StatusBadRequest, "lat and long must both be given as numbers in range")
		}
		radius, err := floatParam(c, "radius", false, 1000)
		if err != nil || radius <= 0 || radius > 20000 {
			return q, o311err(http.StatusBadRequest, "radius must be more than 0 and at most 20000 metres")
		}
		q.Near, q.Radius = &orb.Point{lon, lat}, radius
	}
	var err error
	q.Limit, q.Offset, err = pageParams(c)
	return q, err
}

// pageParams reads the page and page_size extension (1,000 a page at most).
func pageParams(c *gin.Context) (limit, offset int, err error) {
	limit = open311MaxResults
	if s := c.Query("page_size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > open311MaxResults {
			return 0, 0, o311err(http.StatusBadRequest, "page_size must be a whole number from 1 to 1000")
		}
		limit = n
	}
	if s := c.Query("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1_000_000 {
			return 0, 0, o311err(http.StatusBadRequest, "page must be a whole number from 1")
		}
		offset = (n - 1) * limit
	}
	return limit, offset, nil
}

func (h *handler) listRequests(o *o311, _ string) error {
	q, err := h.requestsQuery(o)
	if err != nil {
		return err
	}
	reports, err := h.store.ListReports(o.c.Request.Context(), q)
	if err != nil {
		return err
	}
	list, err := h.requestViews(o, reports)
	if err != nil {
		return err
	}
	o.write(http.StatusOK, list, open311.Requests{Requests: list})
	return nil
}

// requestViews maps reports to service requests with their latest notes
// and photos, read in two queries for the whole list.
func (h *handler) requestViews(o *o311, reports []db.Report) ([]open311.Request, error) {
	ids := make([]int64, len(reports))
	for i, r := range reports {
		ids[i] = r.ID
	}
	ctx := o.c.Request.Context()
	notes, err := h.store.LatestNotes(ctx, ids)
	if err != nil {
		return nil, err
	}
	photoIDs, err := h.store.PublicPhotos(ctx, ids)
	if err != nil {
		return nil, err
	}
	extended := o.c.Query("extensions") == "true"
	base, l, cat := baseURL(o.c), lang(o.c), h.store.Catalog()
	out := make([]open311.Request, 0, len(reports))
	for _, r := range reports {
		var photos []string
		for _, id := range photoIDs[r.ID] {
			photos = append(photos, base+photoURL(id, db.VariantLarge))
		}
		out = append(out, open311.RequestFrom(cat, r, notes[r.ID], photos, l, extended))
	}
	return out, nil
}

func (h *handler) getRequest(o *o311, idText string) error {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return o311err(http.StatusNotFound, "no service request "+clipQuote(idText))
	}
	reports, err := h.store.ListReports(o.c.Request.Context(), db.ListQuery{IDs: []int64{id}})
	if err != nil {
		return err
	}
	if len(reports) == 0 {
		return o311err(http.StatusNotFound, "no service request "+clipQuote(idText))
	}
	list, err := h.requestViews(o, reports)
	if err != nil {
		return err
	}
	o.write(http.StatusOK, list, open311.Requests{Requests: list})
	return nil
}

// requestToken is a public handle for a created request: its id and a
// keyed signature, so tokens/{token} needs no table and cannot be guessed.
func (h *handler) requestToken(id int64) string {
	m := hmac.New(sha256.New, h.supporter)
	m.Write([]byte("open311-token:" + strconv.FormatInt(id, 10)))
	return strconv.FormatInt(id, 10) + "-" + hex.EncodeToString(m.Sum(nil))[:16]
}

func (h *handler) token(o *o311, token string) error {
	idText, _, _ := strings.Cut(token, "-")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || !hmac.Equal([]byte(h.requestToken(id)), []byte(token)) {
		return o311err(http.StatusNotFound, "unknown token")
	}
	if _, err := h.store.PublicReport(o.c.Request.Context(), id); err != nil {
		return o311err(http.StatusNotFound, "unknown token")
	}
	t := open311.TokenAnswer{ServiceRequestID: idText, Token: token}
	o.write(http.StatusOK, []open311.TokenAnswer{t}, open311.TokenList{Items: []open311.TokenAnswer{t}})
	return nil
}

// apiKey checks the api_key parameter for scope: 403 when missing or wrong.
func (h *handler) apiKey(o *o311, scope string) (db.APIKey, error) {
	key := o.c.Request.PostForm.Get("api_key")
	if key == "" {
		key = o.c.Query("api_key")
	}
	if key == "" {
		return db.APIKey{}, o311err(http.StatusForbidden, "api_key is required")
	}
	k, err := h.store.APIKeyFor(o.c.Request.Context(), key)
	if err != nil {
		return k, o311err(http.StatusForbidden, "invalid api_key")
	}
	if !k.Has(scope) {
		return k, o311err(http.StatusForbidden, "this api_key may not do this (needs "+scope+")")
	}
	return k, nil
}
