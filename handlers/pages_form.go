package handlers

import (
	"errors"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/photo"
)

// The report form works as a plain HTML form posted to /reports, and
// report.js turns it into one step per screen on a phone that sends through
// the API (and keeps the report when offline). This file is the plain path.

// formValues are what the form shows, kept when it comes back with an error.
type formValues struct {
	Lat, Lon, Area, Address, Category, Title, Description, Name, Email string
	ShowName, ContactConsent                                           bool
	Answers                                                            map[string][]string
	// StaffEntry is the form as staff fill it in for a citizen: posted to
	// /staff/new with how the citizen reached them (Channel).
	StaffEntry bool
	Channel    string
}

type formQuestion struct {
	Code, Label, Datatype, RequiredText, Value string
	Required                                   bool
	Values                                     []formValue
}

type formValue struct {
	Key, Name string
	Checked   bool
}

type areaOption struct{ Code, Name string }

func (h *handler) areaOptions(l string) []areaOption {
	var out []areaOption
	for _, a := range h.store.Catalog().Areas {
		out = append(out, areaOption{Code: a.Code, Name: a.Name.Get(l)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// reportForm is GET /report; ?lat=&lon= (from the map) places the point.
func (h *handler) reportForm(c *gin.Context) {
	f := formValues{}
	// A point from a link (the map's popup, "near me") is kept only when it
	// is one: NaN, infinities and out-of-range values parse as floats but
	// would break the form's map; the form then opens without a point.
	if lat, lon := c.Query("lat"), c.Query("lon"); lat != "" && lon != "" {
		if validCoordinate(lat, 90) && validCoordinate(lon, 180) {
			f.Lat, f.Lon = lat, lon
		}
	}
	if a := c.Query("area"); a != "" {
		if _, ok := h.store.Catalog().Area(a); ok {
			f.Area = a
		}
	}
	h.renderForm(c, http.StatusOK, f, "", "")
}

// renderForm shows the form; errMsg, when set, is said at the top and at
// errField (place, category, answers, photos, title, description, name, email).
func (h *handler) renderForm(c *gin.Context, status int, f formValues, errMsg, errField string) {
	data, tr := h.page(c)
	l := tr.Lang
	data["Form"] = f
	if f.StaffEntry {
		data["Channels"] = channelOptions(tr, f.Channel)
	}
	data["Error"], data["ErrorField"] = errMsg, errField
	data["Themes"] = h.themeOptions(l)
	data["Areas"] = h.areaOptions(l)
	type catOption struct{ Code, Theme, Name string }
	var cats []catOption
	var questions []formQuestion
	var notices []formNotice
	for _, k := range h.store.Catalog().Categories {
		if !k.Active {
			continue
		}
		cats = append(cats, catOption{Code: k.Code, Theme: k.Theme, Name: k.Name.Get(l)})
		if n := k.Notice.Get(l); n != "" {
			notices = append(notices, formNotice{Category: k.Code, Text: n, Shown: k.Code == f.Category})
		}
		if k.Code != f.Category {
			continue
		}
		for _, q := range k.Questions {
			fq := formQuestion{Code: q.Code, Label: q.Description.Get(l), Datatype: q.Datatype, Required: q.Required,
				RequiredText: tr.T("form.required")}
			given := f.Answers[q.Code]
			if len(given) > 0 {
				fq.Value = given[0]
			}
			for _, v := range q.Values {
				checked := false
				for _, g := range given {
					checked = checked || g == v.Key
				}
				fq.Values = append(fq.Values, formValue{Key: v.Key, Name: v.Name.Get(l), Checked: checked})
			}
			questions = append(questions, fq)
		}
	}
	data["Categories"] = cats
	data["Questions"] = questions
	data["Notices"] = notices
	data["App"] = h.appData(tr, true)
	h.render(c, status, "report_form.html", data)
}

// submitForm is POST /reports from the plain form: it makes the report and
// shows the confirmation with the private manage link, or the form again
// with what went wrong.
func (h *handler) submitForm(c *gin.Context) {
	// Every answer to the post, a refusal too, shows what the visitor typed
	// (their name and email): no cache keeps it, and none is compressed.
	privatePage(c)
	tr := h.translator(lang(c))
	if !sameOrigin(c) {
		h.failPage(c, newError(http.StatusForbidden, "cross_site", "", "forms are accepted from this site only"))
		return
	}
	r, token, ok := h.receiveForm(c, tr, false)
	if !ok {
		return
	}
	h.sentPage(c, r.ID, token, r.Address.Get(tr.Lang))
}

// receiveForm reads the report form and makes the report; when it cannot,
// it answers with the form again (or an error page) and ok is false.
func (h *handler) receiveForm(c *gin.Context, tr Tr, staff bool) (r db.Report, token string, ok bool) {
	raw, formErr, err := h.parseReportForm(c)
	if err != nil {
		var mbe *http.MaxBytesError
		var ae *apiError // a spent upload budget or a slow body
		if errors.As(err, &mbe) || errors.As(err, &ae) {
			h.failPage(c, err)
			return r, "", false
		}
		h.failPage(c, badRequest("invalid_form", "", "the form could not be read"))
		return r, "", false
	}
	f, in := h.readForm(c.Request.PostForm, tr)
	f.StaffEntry, f.Channel = staff, c.PostForm("channel")
	if formErr != nil {
		h.formError(c, f, tr, formErr)
		return r, "", false
	}
	if in.Lat == nil {
		h.renderForm(c, http.StatusUnprocessableEntity, f, tr.T("form.error.place"), "place")
		return r, "", false
	}
	p, err := intake.Prepare(h.store.Catalog(), in, tr.Lang, h.now())
	if err != nil {
		h.formError(c, f, tr, err)
		return r, "", false
	}
	if p.Report.Photos, err = h.processPhotos(c.Request.Context(), raw); err != nil {
		h.formError(c, f, tr, err)
		return r, "", false
	}
	created, err := h.store.CreateReport(c.Request.Context(), &p.Report)
	if err != nil {
		h.failPage(c, err)
		return r, "", false
	}
	h.metrics.reportsCreated.Inc()
	return created.Report, p.Token, true
}

// readForm turns the posted fields into the form's values and the intake
// input. Without a point, the typed street (in the chosen municipality, if
// any) places the report when the gazetteer knows it, else the area's label
// point stands in; the typed address goes first in the description, as the
// form explains.
func (h *handler) readForm(v url.Values, tr Tr) (formValues, intake.Input) {
	f := formValues{
		Lat: strings.TrimSpace(v.Get("lat")), Lon: strings.TrimSpace(v.Get("lon")), Area: v.Get("area"),
		Address: strings.TrimSpace(v.Get("address")), Category: v.Get("category"), Title: v.Get("title"),
		Description: v.Get("description"), Name: v.Get("name"), Email: v.Get("email"),
		ShowName: v.Get("show_name") != "", ContactConsent: v.Get("contact_consent") != "", Answers: map[string][]string{},
	}
	in := intake.Input{Category: f.Category, Title: f.Title, Description: f.Description, Name: f.Name,
		Email: f.Email, ShowName: f.ShowName, ContactConsent: f.ContactConsent, Locale: tr.Lang, Answers: map[string]any{}}
	for k, vals := range v {
		code, ok := strings.CutPrefix(k, "answers[")
		if !ok || !strings.HasSuffix(code, "]") {
			continue
		}
		// answers[waste_types][] is a checkbox list: "waste_types][]" here.
		list := strings.HasSuffix(code, "][]")
		code = strings.TrimSuffix(strings.TrimSuffix(code, "[]"), "]")
		f.Answers[code] = vals
		if list {
			items := make([]any, 0, len(vals))
			for _, x := range vals {
				items = append(items, x)
			}
			in.Answers[code] = items
		} else if len(vals) > 0 && vals[0] != "" {
			in.Answers[code] = localDateTime(vals[0])
		}
	}
	if f.Lat != "" || f.Lon != "" {
		lat, errLat := strconv.ParseFloat(f.Lat, 64)
		lon, errLon := strconv.ParseFloat(f.Lon, 64)
		if errLat == nil && errLon == nil {
			in.Lat, in.Lon = &lat, &lon
		} else {
			bad := -1000.0 // out of range, so intake names the coordinates as invalid
			in.Lat, in.Lon = &bad, &bad
		}
	} else if m, ok := h.placeAddress(f.Address, f.Area, tr.Lang); ok {
		lat, lon := m.Point[1], m.Point[0]
		in.Lat, in.Lon = &lat, &lon
	} else if a, ok := h.store.Catalog().Area(f.Area); ok {
		lat, lon := a.Label[1], a.Label[0]
		in.Lat, in.Lon = &lat, &lon
	}
	if f.Address != "" {
		in.Description = tr.T("form.location.prefix", "Address", f.Address) + "\n\n" + in.Description
	}
	return f, in
}

// localDateTime completes a datetime-local value (no zone) as UTC, which
// intake accepts; other answers pass unchanged.
func localDateTime(s string) string {
	if t, err := time.Parse("2006-01-02T15:04", s); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return s
}

// parseReportForm reads the posted form into Request.PostForm and its
// photos. A multipart body nobody has parsed yet (the public form) is
// streamed part by part, photos in chunks, so slow uploads hold only what
// they sent; one parsed already (the staff form, for its CSRF token) is
// taken as it is. What the form can show beside the visitor's typed
// values (a photo too large, one too many, text too long) is formErr, and
// the rest of the body is still read; err is a body that could not be
// read at all.
func (h *handler) parseReportForm(c *gin.Context) (raw []*photo.Upload, formErr, err error) {
	limit := h.cfg.JSONBodyLimit + int64(intake.MaxPhotos)*(h.cfg.Photo.MaxBytes+4096)
	req := c.Request
	if req.MultipartForm != nil {
		raw, formErr = formPhotos(req.MultipartForm.File["photos"], h.cfg.Photo.MaxBytes)
		return raw, formErr, nil
	}
	req.Body = http.MaxBytesReader(c.Writer, req.Body, limit)
	mr, err := req.MultipartReader()
	if errors.Is(err, http.ErrNotMultipart) {
		return nil, nil, req.ParseForm()
	}
	if err != nil {
		return nil, nil, err
	}
	req.PostForm = url.Values{}
	tooManyPhotos := newError(http.StatusUnprocessableEntity, "too_many_photos", "photos", fmt.Sprintf("at most %d photos", intake.MaxPhotos))
	var text int64
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			if formErr != nil {
				raw = nil
			}
			return raw, formErr, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if parts >= maxParts && formErr == nil {
			formErr = tooManyPhotos // many files chosen in the photo input
		}
		// After a refusal the body is still read, so that the answer can
		// show the form with the text typed (also after the photos), but
		// no more photos are kept.
		name := part.FormName()
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, h.cfg.JSONBodyLimit+1))
			if err != nil {
				return nil, nil, err
			}
			if text += int64(len(name) + len(b)); text > h.cfg.JSONBodyLimit {
				if formErr == nil {
					formErr = newError(http.StatusUnprocessableEntity, "too_long", clipField(name),
						"the form's text fields are larger than "+byteSize(h.cfg.JSONBodyLimit))
				}
				continue
			}
			req.PostForm.Add(name, string(b))
			continue
		}
		if name != "photos" || formErr != nil {
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, nil, err
			}
			continue
		}
		u, err := photo.ReadUpload(part, h.cfg.Photo.MaxBytes)
		switch {
		case errors.Is(err, photo.ErrTooLarge):
			formErr = newError(http.StatusRequestEntityTooLarge, "photo_too_large", "photos", "photo too large")
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, nil, err
			}
		case err != nil:
			return nil, nil, err
		case u.Len() == 0:
			// a file input left empty
		case len(raw) >= intake.MaxPhotos:
			formErr = tooManyPhotos
		default:
			raw = append(raw, u)
		}
	}
}

func formPhotos(files []*multipart.FileHeader, max int64) ([]*photo.Upload, error) {
	var raw []*photo.Upload
	for _, fh := range files {
		if fh.Size == 0 && fh.Filename == "" {
			continue // a file input left empty
		}
		if len(raw) >= intake.MaxPhotos {
			return nil, newError(http.StatusUnprocessableEntity, "too_many_photos", "photos", fmt.Sprintf("at most %d photos", intake.MaxPhotos))
		}
		if fh.Size > max {
			return nil, newError(http.StatusRequestEntityTooLarge, "photo_too_large", "photos", "photo too large")
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		u, err := photo.ReadUpload(f, max)
		f.Close()
		if err != nil {
			return nil, err
		}
		raw = append(raw, u)
	}
	return raw, nil
}

// formError shows the form again with the problem in the user's language.
func (h *handler) formError(c *gin.Context, f formValues, tr Tr, err error) {
	e := h.toAPIError(c, err)
	if e.Status >= 500 {
		h.failPage(c, err)
		return
	}
	msg, field := "form.error.generic", e.Field
	switch {
	case e.Field == "lat" || e.Field == "lon":
		msg, field = "form.error.place", "place"
		if e.Code == "outside_service_area" {
			msg = "form.error.outside"
		}
	case e.Field == "category":
		msg = "form.error.category"
	case strings.HasPrefix(e.Field, "answers"):
		msg, field = "form.error.answers", "answers"
	case e.Field == "photos":
		msg = "form.error.photos"
	case e.Field == "email":
		msg = "form.error.email"
	case e.Code == "too_long":
		msg = "form.error.long"
	}
	switch field { // the fields the form says a message at
	case "place", "category", "answers", "photos", "title", "description", "name", "email":
	default:
		field = ""
	}
	h.renderForm(c, http.StatusUnprocessableEntity, f, tr.T(msg), field)
}

// sentPage confirms a report made through the plain form. It carries the
// secret manage link, so it is neither cached nor sent as a referrer.
func (h *handler) sentPage(c *gin.Context, id int64, token, address string) {
	data, _ := h.page(c)
	data["Address"] = address // where the report was placed: the typed street may have placed it
	manage := manageURL(id, token)
	data["ReportURL"] = reportURL(id)
	data["ManageURL"] = manage
	data["ManageAbs"] = baseURL(c) + manage
	privatePage(c)
	c.Header("Location", reportURL(id))
	h.render(c, http.StatusCreated, "sent.html", data)
}

func manageURL(id int64, token string) string {
	return reportURL(id) + "/manage?token=" + url.QueryEscape(token)
}

// privatePage marks a response that holds a secret (a reporter's token, a
// signed link): never cached, and its URL never sent to another site as a
// Referer. "same-origin", not "no-referrer": under no-referrer the browser
// posts the page's own forms with "Origin: null", which sameOrigin refuses.
func privatePage(c *gin.Context) {
	c.Header("Referrer-Policy", "same-origin")
	c.Header("Cache-Control", "no-store")
}

// validCoordinate reports whether s is a decimal number within ±limit (not
// Go's hexadecimal floats, which the page's script would read otherwise).
func validCoordinate(s string, limit float64) bool {
	if strings.Trim(s, "0123456789.-+eE") != "" {
		return false
	}
	v, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) <= limit
}
