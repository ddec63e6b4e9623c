package handlers

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/photo"
)

// submission is a decoded POST /api/v1/reports.
type submission struct {
	input intake.Input
	raw   []*photo.Upload // the uploaded photos, processed once the fields are valid
}

func (h *handler) readSubmission(c *gin.Context) (*submission, error) {
	ct, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil {
		return nil, newError(http.StatusUnsupportedMediaType, "unsupported_media_type", "",
			"send application/json or multipart/form-data")
	}
	switch ct {
	case "application/json":
		return h.readJSON(c)
	case "multipart/form-data":
		return h.readMultipart(c, params["boundary"])
	}
	return nil, newError(http.StatusUnsupportedMediaType, "unsupported_media_type", "",
		"send application/json or multipart/form-data, not "+ct)
}

func (h *handler) readJSON(c *gin.Context) (*submission, error) {
	var s submission
	if err := h.decodeJSON(c, &s.input); err != nil {
		return nil, err
	}
	return &s, nil
}

// decodeJSON reads a body of exactly one JSON object into v, refusing
// unknown fields, invalid UTF-8 and anything past the size limit.
func (h *handler) decodeJSON(c *gin.Context, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, h.cfg.JSONBodyLimit))
	if err != nil {
		return err
	}
	// The JSON decoder would quietly turn invalid bytes into U+FFFD; the
	// client should learn that its text was mangled instead.
	if !utf8.Valid(b) {
		return badRequest("invalid_encoding", "", "the body must be UTF-8 text")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if rest := bytes.TrimSpace(b[dec.InputOffset():]); len(rest) > 0 {
		return badRequest("invalid_json", "", "the body must hold one JSON object and nothing after it")
	}
	return nil
}

// jsonError explains a decoding failure in terms of the request.
func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return badRequest("invalid_type", "", "the body must be a JSON object")
		}
		if te.Value == "number" {
			return badRequest("invalid_type", field, field+" is not a number this service can hold")
		}
		return badRequest("invalid_type", field, fmt.Sprintf("%s must be a JSON %s, not %s", field, jsonKind(te.Type.Kind().String()), te.Value))
	case errors.As(err, &se):
		return badRequest("invalid_json", "", fmt.Sprintf("the body is not valid JSON (at byte %d)", se.Offset))
	case errors.Is(err, io.EOF):
		return badRequest("invalid_json", "", "the body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("invalid_json", "", "the body ends in the middle of the JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badRequest("unknown_field", field, fmt.Sprintf("unknown field %q", field))
	}
	return badRequest("invalid_json", "", "the body is not valid JSON")
}

func jsonKind(k string) string {
	switch k {
	case "float64", "int", "int64":
		return "number"
	case "bool":
		return "boolean (true or false)"
	case "map", "struct":
		return "object"
	case "ptr":
		return "number"
	}
	return k
}

// readMultipart reads form fields and up to MaxPhotos files, counting every
// byte against one limit so that no part can exhaust memory.
func (h *handler) readMultipart(c *gin.Context, boundary string) (*submission, error) {
	if boundary == "" {
		return nil, badRequest("invalid_multipart", "", "multipart/form-data needs a boundary")
	}
	limit := h.cfg.JSONBodyLimit + int64(intake.MaxPhotos)*(h.cfg.Photo.MaxBytes+4096)
	mr := multipart.NewReader(http.MaxBytesReader(c.Writer, c.Request.Body, limit), boundary)
	fields := map[string]string{}
	answers := map[string]any{}
	var s submission
	fieldBytes := int64(0)
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, multipartError(err)
		}
		if parts >= maxParts {
			return nil, badRequest("too_many_parts", "", fmt.Sprintf("a report form has at most %d parts", maxParts))
		}
		name := part.FormName()
		fieldBytes += int64(len(name))
		if !knownFormField(name) && part.FileName() == "" {
			return nil, badRequest("unknown_field", clipField(name), fmt.Sprintf("unknown field %q", clipField(name)))
		}
		if part.FileName() != "" || name == "photos" || name == "photo" {
			if len(s.raw) >= intake.MaxPhotos {
				return nil, newError(http.StatusUnprocessableEntity, "too_many_photos", "photos",
					fmt.Sprintf("at most %d photos per report", intake.MaxPhotos))
			}
			u, err := photo.ReadUpload(part, h.cfg.Photo.MaxBytes)
			if errors.Is(err, photo.ErrTooLarge) {
				return nil, photo.ErrTooLarge
			}
			if err != nil {
				return nil, multipartError(err)
			}
			s.raw = append(s.raw, u)
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, h.cfg.JSONBodyLimit+1))
		if err != nil {
			return nil, multipartError(err)
		}
		if !utf8.Valid(b) {
			return nil, badRequest("invalid_encoding", name, name+" must be UTF-8 text")
		}
		fieldBytes += int64(len(b))
		if fieldBytes > h.cfg.JSONBodyLimit {
			return nil, newError(http.StatusRequestEntityTooLarge, "body_too_large", name,
				"the form's text fields are larger than "+byteSize(h.cfg.JSONBodyLimit))
		}
		if code, ok := strings.CutPrefix(name, "answers["); ok && strings.HasSuffix(code, "]") {
			addAnswer(answers, strings.TrimSuffix(strings.TrimSuffix(code, "[]"), "]"), string(b), strings.HasSuffix(name, "[]"))
			continue
		}
		fields[name] = string(b)
	}
	if err := formInput(&s.input, fields, answers); err != nil {
		return nil, err
	}
	return &s, nil
}

// processPhotos decodes and re-encodes the uploaded photos in the decode
// pool: a decode can take a hundred megabytes and most of a core, so only
// a few run at once, and a request that cannot get a slot soon is answered
// 503 rather than left waiting behind expensive images.
func (h *handler) processPhotos(ctx context.Context, raw []*photo.Upload) ([]db.NewPhoto, error) {
	out := make([]db.NewPhoto, 0, len(raw))
	if len(raw) == 0 {
		return out, nil
	}
	if err := h.decoders.acquire(ctx); err != nil {
		return nil, err
	}
	defer h.decoders.release()
	for _, u := range raw {
		p, err := photo.Process(u.Reader(), h.cfg.Photo)
		if err != nil {
			return nil, err
		}
		id, err := randomID()
		if err != nil {
			return nil, err
		}
		out = append(out, db.NewPhoto{
			ID: id, Width: p.Width, Height: p.Height, ThumbWidth: p.ThumbWidth, ThumbHeight: p.ThumbHeight,
			Large: p.Large, Thumb: p.Thumb,
		})
	}
	return out, nil
}

func addAnswer(answers map[string]any, code, value string, list bool) {
	code = strings.TrimSuffix(code, "]")
	if !list {
		answers[code] = value
		return
	}
	prev, _ := answers[code].([]any)
	answers[code] = append(prev, value)
}

// maxParts bounds a report form: a dozen fields, answers and three photos
// need far fewer, and every part costs memory before it can be judged.
const maxParts = 64

// knownFormField says whether a text part's name is one a report form has.
func knownFormField(name string) bool {
	switch name {
	case "category", "title", "description", "name", "email", "phone", "locale", "lat", "lon", "show_name", "contact_consent", "answers":
		return true
	}
	return strings.HasPrefix(name, "answers[") && strings.HasSuffix(name, "]") && len(name) <= 80
}

func clipField(s string) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// multipartError reports a body that ends early or breaks the format as the
// client's mistake, keeping "too large" as it is.
func multipartError(err error) error {
	var mbe *http.MaxBytesError
	var ae *apiError // a spent upload budget or a slow body (budgetReader)
	if errors.As(err, &mbe) || errors.As(err, &ae) {
		return err
	}
	return badRequest("invalid_multipart", "", "the multipart body is malformed or ends early")
}

// formInput maps form fields onto the same Input a JSON body decodes to.
func formInput(in *intake.Input, f map[string]string, answers map[string]any) error {
	known := map[string]*string{
		"category": &in.Category, "title": &in.Title, "description": &in.Description,
		"name": &in.Name, "email": &in.Email, "phone": &in.Phone, "locale": &in.Locale,
	}
	for k, v := range f {
		switch k {
		case "lat", "lon":
			n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return badRequest("invalid_type", k, k+" must be a number in decimal degrees")
			}
			if k == "lat" {
				in.Lat = &n
			} else {
				in.Lon = &n
			}
		case "show_name":
			in.ShowName = formBool(v)
		case "contact_consent":
			in.ContactConsent = formBool(v)
		case "answers":
			if err := json.Unmarshal([]byte(v), &in.Answers); err != nil {
				return badRequest("invalid_json", "answers", "answers must be a JSON object")
			}
		default:
			p, ok := known[k]
			if !ok {
				return badRequest("unknown_field", k, fmt.Sprintf("unknown field %q", k))
			}
			*p = v
		}
	}
	if len(answers) > 0 {
		if in.Answers == nil {
			in.Answers = map[string]any{}
		}
		for k, v := range answers {
			in.Answers[k] = v
		}
	}
	return nil
}

// formBool reads a checkbox or a boolean form field.
func formBool(v string) bool { return v == "1" || v == "true" || v == "on" || v == "yes" }

// randomID makes an unguessable identifier for public URLs.
func randomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// supporterID identifies a person for "me too" without storing who they
// are: a keyed hash of their address and of the client id the app keeps
// (or the browser's name). The address part stops one machine from
// counting many times faster than the write rate limit allows.
func (h *handler) supporterID(c *gin.Context) string {
	client := c.GetHeader("X-Client-Id")
	if client == "" || len(client) > 200 {
		client = "ua:" + c.GetHeader("User-Agent")
	}
	m := hmac.New(sha256.New, h.supporter)
	m.Write([]byte(c.ClientIP() + "\x00" + client))
	return hex.EncodeToString(m.Sum(nil))
}
