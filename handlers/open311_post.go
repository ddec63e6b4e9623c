package handlers

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"streetfix/city"
	"streetfix/db"
	"streetfix/gazetteer"
	"streetfix/intake"
	"streetfix/open311"
	"streetfix/photo"
)

// postRequest is POST requests: a new service request, made at once, so
// the answer carries its service_request_id. With return_token=true (an
// extension) it carries a token instead, as a server that assigns ids later
// would, and tokens/{token} leads to the id.
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
	if err := oneValueEach(f); err != nil {
		return err
	}
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
	cat, ok := h.store.Catalog().Category(in.Category)
	if !ok || !cat.Active {
		return o311err(http.StatusNotFound, "no service with service_code "+clipQuote(in.Category))
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Description)); n > open311.MaxDescription {
		return o311err(http.StatusBadRequest, "description is "+strconv.Itoa(n)+" characters long; GeoReport v2 allows at most 4000")
	}
	if f.Get("media_url") != "" {
		return o311err(http.StatusBadRequest, mediaURLRefused)
	}
	address, err := h.requestLocation(f, &in)
	if err != nil {
		return err
	}
	if in.Answers, err = open311Attributes(cat, f); err != nil {
		return err
	}
	p, err := intake.Prepare(h.store.Catalog(), in, lang(c), h.now())
	if err != nil {
		return err
	}
	if address != "" {
		p.Report.Report.Address = city.Names{EN: address, FR: address, NL: address}
	}
	if p.Report.Photos, err = h.processPhotos(c.Request.Context(), raw); err != nil {
		return err
	}
	created, err := h.store.CreateReport(c.Request.Context(), &p.Report)
	if err != nil {
		return err
	}
	h.metrics.reportsCreated.Inc()
	item := open311.Created{ServiceNotice: open311.Text("Routed to " + p.Body.Name.Get(lang(c)) + ".")}
	switch f.Get("return_token") {
	case "true":
		item.Token = h.requestToken(created.Report.ID)
	default:
		item.ServiceRequestID = strconv.FormatInt(created.Report.ID, 10)
	}
	o.write(http.StatusCreated, []open311.Created{item}, open311.CreatedList{Items: []open311.Created{item}})
	return nil
}

// mediaURLRefused says why a media_url is not taken, and what to do
// instead (discovery says it too).
const mediaURLRefused = "media_url is not fetched by this server: send up to 3 photos as multipart/form-data files under media"

// requestLocation reads the location, which the spec requires as one of
// lat and long, address_string or address_id. An address_string sent alone
// is looked up in the city's street gazetteer; sent with coordinates it is
// kept as the request's address. It returns the address to keep ("" for
// the nearest street's, found when the report is stored).
func (h *handler) requestLocation(f url.Values, in *intake.Input) (string, error) {
	address, err := intake.CleanText("address_string", f.Get("address_string"), gazetteer.MaxQuery, false)
	if err != nil {
		return "", err
	}
	latText, longText := strings.TrimSpace(f.Get("lat")), strings.TrimSpace(f.Get("long"))
	if latText == "" && longText == "" {
		switch {
		case address != "":
			m, ok := h.store.Catalog().Streets.Geocode(address)
			if !ok {
				return "", o311err(http.StatusBadRequest, "address_string "+clipQuote(address)+
					" is not a street this server knows: send lat and long")
			}
			lon, lat := m.Point[0], m.Point[1]
			in.Lat, in.Lon = &lat, &lon
			return address, nil
		case f.Get("address_id") != "":
			return "", o311err(http.StatusBadRequest, "address_id is not known to this server: send lat and long, or address_string")
		}
		return "", o311err(http.StatusBadRequest, "a location is required: lat and long, or address_string")
	}
	for _, p := range []struct {
		name, text string
		dst        **float64
	}{{"lat", latText, &in.Lat}, {"long", longText, &in.Lon}} {
		if p.text == "" {
			return "", o311err(http.StatusBadRequest, "lat and long go together: "+p.name+" is missing")
		}
		v, err := strconv.ParseFloat(p.text, 64)
		if err != nil {
			return "", o311err(http.StatusBadRequest, p.name+" must be a number (WGS84 decimal degrees)")
		}
		*p.dst = &v
	}
	return address, nil
}

// open311Attributes reads attribute[code] and attribute[code][] into
// answers, refusing names the service does not define (named as sent) and
// malformed ones.
func open311Attributes(cat db.Category, f url.Values) (map[string]any, error) {
	known := map[string]bool{}
	for _, q := range cat.Questions {
		known[q.Code] = true
	}
	names := make([]string, 0, len(f))
	for k := range f {
		names = append(names, k)
	}
	sort.Strings(names)
	out := map[string]any{}
	for _, k := range names {
		inner, ok := strings.CutPrefix(k, "attribute[")
		if !ok {
			continue
		}
		code, list := strings.CutSuffix(inner, "][]")
		if !list {
			code, ok = strings.CutSuffix(inner, "]")
		}
		if !ok || code == "" || strings.ContainsAny(code, "[]") {
			return nil, o311err(http.StatusBadRequest, "malformed attribute name "+clipQuote(k)+": use attribute[code] or attribute[code][]")
		}
		if !known[code] {
			return nil, o311err(http.StatusBadRequest, "unknown attribute "+clipQuote(k)+": service_code "+cat.Code+
				" has "+attributeCodes(cat)+" (see services/"+cat.Code+".json)")
		}
		if _, twice := out[code]; twice {
			return nil, o311err(http.StatusBadRequest, "attribute["+code+"] was sent both with and without []: send one of them")
		}
		vs := f[k]
		if !list {
			out[code] = vs[0]
			continue
		}
		items := make([]any, len(vs))
		for i, v := range vs {
			items[i] = v
		}
		out[code] = items
	}
	return out, nil
}

// attributeCodes names a service's attributes for an error message.
func attributeCodes(cat db.Category) string {
	if len(cat.Questions) == 0 {
		return "no attributes"
	}
	codes := make([]string, len(cat.Questions))
	for i, q := range cat.Questions {
		codes[i] = "attribute[" + q.Code + "]"
	}
	return "only " + strings.Join(codes, ", ")
}

// readOpen311Form parses a POST body: form-encoded as the spec has it, or
// multipart with up to three photo files under "media" (the upload some
// clients send instead of a media_url), returned unprocessed in the order
// sent. In multipart, api_key must come before the files (or in the query
// string), so a client without a valid key is refused before it uploads.
func (h *handler) readOpen311Form(o *o311) ([]*photo.Upload, error) {
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
	var raw []*photo.Upload
	var text int64
	keyChecked := false
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return raw, nil
		}
		var ae *apiError // a spent upload budget or a slow body
		if errors.As(err, &ae) {
			return nil, err
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
			if c.Request.PostForm.Get("api_key") == "" && c.Query("api_key") == "" {
				return nil, o311err(http.StatusForbidden, "api_key is required, and in multipart/form-data it must come before the media parts (or go in the query string)")
			}
			if _, err := h.apiKey(o, db.ScopeCreate); err != nil {
				return nil, err
			}
			keyChecked = true
		}
		if len(raw) == intake.MaxPhotos {
			return nil, o311err(http.StatusBadRequest, "at most 3 photos per request")
		}
		p, err := photo.ReadUpload(part, h.cfg.Photo.MaxBytes)
		if errors.As(err, &ae) {
			return nil, err
		}
		if errors.Is(err, photo.ErrTooLarge) {
			return nil, o311err(http.StatusBadRequest, "each photo must be at most "+byteSize(h.cfg.Photo.MaxBytes))
		}
		if err != nil {
			return nil, o311err(http.StatusBadRequest, "the multipart body is malformed or ends early")
		}
		raw = append(raw, p)
	}
}

// parseOpen311Form reads a form-encoded body of at most JSONBodyLimit:
// 400 when it is larger or does not parse.
func (h *handler) parseOpen311Form(c *gin.Context) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, h.cfg.JSONBodyLimit)
	err := c.Request.ParseForm()
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return o311err(http.StatusBadRequest, "the body is larger than "+byteSize(h.cfg.JSONBodyLimit))
	case err != nil:
		return o311err(http.StatusBadRequest, "send the form as application/x-www-form-urlencoded")
	}
	return nil
}
