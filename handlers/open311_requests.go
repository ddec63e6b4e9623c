package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"streetfix/db"
	"streetfix/geo"
	"streetfix/intake"
	"streetfix/open311"
	"streetfix/report"
)

// GeoReport v2 limits.
const (
	open311MaxResults = 1000
	open311Window     = 90 * 24 * time.Hour
)

// parseW3C reads a W3C datetime with a zone (Z or an offset), or a date.
func parseW3C(field, s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, o311err(http.StatusBadRequest, field+" must be a W3C datetime with a time zone, such as 2026-11-25T14:30:00+01:00 or 2026-11-25T13:30:00Z")
}

// requestsQuery turns GeoReport v2 parameters into a list query.
func (h *handler) requestsQuery(o *o311) (db.ListQuery, error) {
	c := o.c
	var q db.ListQuery
	if ids := splitList(c.Query("service_request_id")); len(ids) > 0 {
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
	for _, code := range splitList(c.Query("service_code")) {
		if _, ok := cat.Category(code); !ok {
			return q, o311err(http.StatusBadRequest, "unknown service_code "+clipQuote(code))
		}
		q.Categories = append(q.Categories, code)
	}
	for _, st := range splitList(c.Query("status")) {
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
	var err error
	dates := []struct {
		name string
		dst  *time.Time
	}{{"start_date", &q.CreatedAfter}, {"end_date", &q.CreatedBefore}, {"updated_after", &q.UpdatedAfter}, {"updated_before", &q.UpdatedBefore}}
	for _, d := range dates {
		if s := c.Query(d.name); s != "" {
			if *d.dst, err = parseW3C(d.name, s); err != nil {
				return q, err
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

func (h *handler) postRequest(o *o311, _ string) error {
	c := o.c
	raw, err := h.readOpen311Form(o)
	if err != nil {
		return err
	}
	if _, err := h.apiKey(o, db.ScopeCreate); err != nil {
		return err
	}
	f := c.Request.PostForm
	in := intake.Input{
		Category:    f.Get("service_code"),
		Description: f.Get("description"),
		Email:       f.Get("email"),
		Phone:       f.Get("phone"),
		Name:        strings.TrimSpace(f.Get("first_name") + " " + f.Get("last_name")),
		Locale:      f.Get("locale"),
	}
	if in.Category == "" {
		return o311err(http.StatusBadRequest, "service_code is required")
	}
	if cat, ok := h.store.Catalog().Category(in.Category); !ok || !cat.Active {
		return o311err(http.StatusNotFound, "no service with service_code "+clipQuote(in.Category))
	}
	if f.Get("lat") == "" || f.Get("long") == "" {
		if f.Get("address_string") != "" || f.Get("address_id") != "" {
			return o311err(http.StatusBadRequest, "addresses are not geocoded here: send lat and long")
		}
		return o311err(http.StatusBadRequest, "lat and long are required")
	}
	for _, p := range []struct {
		name string
		dst  **float64
	}{{"lat", &in.Lat}, {"long", &in.Lon}} {
		v, err := strconv.ParseFloat(f.Get(p.name), 64)
		if err != nil {
			return o311err(http.StatusBadRequest, p.name+" must be a number")
		}
		*p.dst = &v
	}
	in.Answers = formAttributes(f)
	p, err := intake.Prepare(h.store.Catalog(), in, lang(c), h.now())
	if err != nil {
		return err
	}
	if p.Report.Photos, err = h.processPhotos(c.Request.Context(), raw); err != nil {
		return err
	}
	created, err := h.store.CreateReport(c.Request.Context(), &p.Report)
	if err != nil {
		return err
	}
	h.metrics.reportsCreated.Inc()
	id := strconv.FormatInt(created.Report.ID, 10)
	item := open311.Created{ServiceRequestID: id, Token: h.requestToken(created.Report.ID),
		ServiceNotice: "Routed to " + p.Body.Name.Get(lang(c)) + "."}
	o.write(http.StatusCreated, []open311.Created{item}, open311.CreatedList{Items: []open311.Created{item}})
	return nil
}

// readOpen311Form parses a POST body: form-encoded as the spec has it, or
// multipart with up to three photo files under "media" (the upload some
// clients send instead of a media_url), returned unprocessed in the order
// sent. In multipart, api_key must come before the files (or in the query
// string), so a client without a valid key is refused before it uploads.
func (h *handler) readOpen311Form(o *o311) ([][]byte, error) {
	c := o.c
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if ct != "multipart/form-data" {
		return nil, h.parseOpen311Form(c)
	}
	limit := h.cfg.JSONBodyLimit + int64(intake.MaxPhotos)*(h.cfg.Photo.MaxBytes+4096)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, o311err(http.StatusBadRequest, "the multipart body is malformed")
	}
	c.Request.PostForm = url.Values{}
	var raw [][]byte
	var text int64
	keyChecked := false
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return raw, nil
		}
		if err != nil || parts >= maxParts {
			return nil, o311err(http.StatusBadRequest, "the multipart body is malformed, too long or has too many parts")
		}
		name := part.FormName()
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, h.cfg.JSONBodyLimit+1))
			text += int64(len(b) + len(name))
			if err != nil || text > h.cfg.JSONBodyLimit {
				return nil, o311err(http.StatusBadRequest, "the form's text fields are malformed or larger than "+byteSize(h.cfg.JSONBodyLimit))
			}
			c.Request.PostForm.Add(name, string(b))
			continue
		}
		if name != "media" {
			return nil, o311err(http.StatusBadRequest, "photo files go under the name media")
		}
		if !keyChecked {
			if _, err := h.apiKey(o, db.ScopeCreate); err != nil {
				return nil, err
			}
			keyChecked = true
		}
		if len(raw) == intake.MaxPhotos {
			return nil, o311err(http.StatusBadRequest, "at most 3 photos per request")
		}
		b, err := io.ReadAll(io.LimitReader(part, h.cfg.Photo.MaxBytes+1))
		if err != nil {
			return nil, o311err(http.StatusBadRequest, "the multipart body is malformed or ends early")
		}
		if int64(len(b)) > h.cfg.Photo.MaxBytes {
			return nil, o311err(http.StatusRequestEntityTooLarge, "each photo must be at most "+byteSize(h.cfg.Photo.MaxBytes))
		}
		raw = append(raw, b)
	}
}

// parseOpen311Form reads a form-encoded body of at most JSONBodyLimit:
// 413 past it, 400 when it does not parse.
func (h *handler) parseOpen311Form(c *gin.Context) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, h.cfg.JSONBodyLimit)
	err := c.Request.ParseForm()
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return o311err(http.StatusRequestEntityTooLarge, "the body is larger than "+byteSize(h.cfg.JSONBodyLimit))
	case err != nil:
		return o311err(http.StatusBadRequest, "send the form as application/x-www-form-urlencoded")
	}
	return nil
}

// formAttributes reads attribute[code] and attribute[code][] parameters.
func formAttributes(f map[string][]string) map[string]any {
	out := map[string]any{}
	for k, vs := range f {
		code, ok := strings.CutPrefix(k, "attribute[")
		if !ok {
			continue
		}
		if c, list := strings.CutSuffix(code, "][]"); list {
			items := make([]any, len(vs))
			for i, v := range vs {
				items[i] = v
			}
			out[c] = items
		} else if c, ok := strings.CutSuffix(code, "]"); ok && len(vs) > 0 {
			out[c] = vs[0]
		}
	}
	return out
}
