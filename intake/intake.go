// Package intake turns what a citizen submits into a report ready to store:
// it checks every field, finds the area that holds the point, routes the
// report to the responsible body and makes the reporter's secret token.
package intake

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"streetfix/db"
	"streetfix/geo"
	"streetfix/report"
)

// Limits on submitted text, in characters.
const (
	MaxTitle       = 120
	MaxDescription = 5000
	MaxName        = 100
	MaxEmail       = 254
	MaxPhone       = 32
	MaxAnswer      = 500
	MaxTextAnswer  = 2000
	MaxPhotos      = 3
)

// Locales the service speaks.
var Locales = []string{"fr", "nl", "en"}

// Input is a citizen's submission as decoded from JSON or a form.
type Input struct {
	Category    string         `json:"category"`
	Lat         *float64       `json:"lat"`
	Lon         *float64       `json:"lon"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Answers     map[string]any `json:"answers"`
	Name        string         `json:"name"`
	Email       string         `json:"email"`
	Phone       string         `json:"phone"`
	ShowName    bool           `json:"show_name"`
	Locale      string         `json:"locale"`
	// ContactConsent lets the responsible body see the reporter's name,
	// email and phone in its notification; without it the body sees none.
	ContactConsent bool `json:"contact_consent"`
}

// Error is a validation error about one field: the client must change it.
type Error struct {
	Field   string
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, code, format string, args ...any) *Error {
	return &Error{Field: field, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Prepared is a validated report and the token to hand back once.
type Prepared struct {
	Report   db.NewReport
	Token    string
	Category db.Category
	Area     db.Area
	Body     db.Body
}

// Prepare validates in against the catalog and builds the report to store.
// fallbackLocale is used when the input names none (from Accept-Language).
func Prepare(c *db.Catalog, in Input, fallbackLocale string, now time.Time) (*Prepared, error) {
	cat, ok := c.Category(strings.TrimSpace(in.Category))
	switch {
	case strings.TrimSpace(in.Category) == "":
		return nil, fieldErr("category", "missing_field", "category is required: one of the codes from /api/v1/categories")
	case !ok || !cat.Active:
		return nil, fieldErr("category", "unknown_category", "unknown category %q: use a code from /api/v1/categories", clip(in.Category, 40))
	}
	pt, err := point(in)
	if err != nil {
		return nil, err
	}
	area, ok := c.Locate(pt)
	if !ok {
		return nil, fieldErr("lat", "outside_service_area", "the point %.5f, %.5f is outside the service area (%s)", pt[1], pt[0], serviceAreaName(c))
	}
	body, ok := c.ResponsibleBody(cat, area.Code)
	if !ok {
		return nil, fmt.Errorf("intake: no body for category %s in area %s", cat.Code, area.Code)
	}
	locale := pickLocale(in.Locale, fallbackLocale)
	if in.Locale != "" && locale != in.Locale {
		return nil, fieldErr("locale", "invalid_locale", "locale must be one of fr, nl, en")
	}
	texts, err := cleanTexts(in)
	if err != nil {
		return nil, err
	}
	if texts.title == "" {
		texts.title = cat.Name.Get(locale)
	}
	answers, err := checkAnswers(cat, in.Answers)
	if err != nil {
		return nil, err
	}
	token, hash, err := NewToken()
	if err != nil {
		return nil, err
	}
	at := db.At(now)
	r := db.Report{
		Category: cat.Code, Theme: cat.Theme, Status: report.StatusNew,
		Title: texts.title, Description: texts.description,
		Lon: pt[0], Lat: pt[1], AreaCode: area.Code, BodyCode: body.Code,
		Answers: answers, Locale: locale,
		CreatedAt: at, UpdatedAt: at,
	}
	if in.ShowName {
		r.PublicName = texts.name
	}
	return &Prepared{
		Report: db.NewReport{
			Report: r,
			Reporter: db.Reporter{TokenHash: hash, Name: texts.name, Email: texts.email, Phone: texts.phone,
				ContactConsent: in.ContactConsent},
			Token: token,
		},
		Token: token, Category: cat, Area: area, Body: body,
	}, nil
}

func serviceAreaName(c *db.Catalog) string {
	if len(c.Areas) == 0 {
		return "no areas configured"
	}
	b := c.Bound()
	return fmt.Sprintf("%d areas within %.4f,%.4f,%.4f,%.4f", len(c.Areas), b.Min[0], b.Min[1], b.Max[0], b.Max[1])
}

func point(in Input) (orb.Point, error) {
	if in.Lat == nil {
		return orb.Point{}, fieldErr("lat", "missing_field", "lat is required (WGS84 decimal degrees)")
	}
	if in.Lon == nil {
		return orb.Point{}, fieldErr("lon", "missing_field", "lon is required (WGS84 decimal degrees)")
	}
	lat, lon := *in.Lat, *in.Lon
	if math.IsNaN(lat) || math.IsInf(lat, 0) {
		return orb.Point{}, fieldErr("lat", "invalid_coordinates", "lat must be a finite number")
	}
	if math.IsNaN(lon) || math.IsInf(lon, 0) {
		return orb.Point{}, fieldErr("lon", "invalid_coordinates", "lon must be a finite number")
	}
	if lat < -90 || lat > 90 {
		return orb.Point{}, fieldErr("lat", "invalid_coordinates", "lat must be between -90 and 90")
	}
	if lon < -180 || lon > 180 {
		return orb.Point{}, fieldErr("lon", "invalid_coordinates", "lon must be between -180 and 180")
	}
	return orb.Point{lon, lat}, geo.CheckPoint(lon, lat)
}

func pickLocale(asked, fallback string) string {
	for _, l := range []string{asked, fallback} {
		for _, ok := range Locales {
			if l == ok {
				return l
			}
		}
	}
	return "en"
}

type cleaned struct{ title, description, name, email, phone string }

func cleanTexts(in Input) (cleaned, error) {
	var c cleaned
	fields := []struct {
		name      string
		in        string
		out       *string
		max       int
		multiline bool
	}{
		{"title", in.Title, &c.title, MaxTitle, false},
		{"description", in.Description, &c.description, MaxDescription, true},
		{"name", in.Name, &c.name, MaxName, false},
		{"email", in.Email, &c.email, MaxEmail, false},
		{"phone", in.Phone, &c.phone, MaxPhone, false},
	}
	for _, f := range fields {
		s, err := CleanText(f.name, f.in, f.max, f.multiline)
		if err != nil {
			return c, err
		}
		*f.out = s
	}
	if c.email != "" {
		a, err := mail.ParseAddress(c.email)
		if err != nil || a.Address != c.email || !strings.Contains(c.email[strings.LastIndexByte(c.email, '@'):], ".") {
			return c, fieldErr("email", "invalid_email", "email must be a plain address such as name@example.org")
		}
	}
	if c.phone != "" {
		for _, r := range c.phone {
			if !strings.ContainsRune("+0123456789 ./-()", r) {
				return c, fieldErr("phone", "invalid_phone", "phone may hold only digits, spaces and + . / - ( )")
			}
		}
	}
	return c, nil
}

// CleanText trims s and rejects what no person types: invalid UTF-8,
// control characters (C0, DEL, C1), Unicode noncharacters, and text over
// max characters. HTML is kept as text; pages escape it. Bidirectional
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
// removed: they change nothing a reader needs, and a right-to-left
// override turns "gpj.exe" into what looks like "exe.jpg", in our pages
// and in everything that shows the text after them (emails, feeds,
// Open311 clients). The left-to-right and right-to-left marks, which
// Arabic and Hebrew text needs, stay.
func CleanText(field, s string, max int, multiline bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", fieldErr(field, "invalid_encoding", "%s must be valid UTF-8 text", field)
	}
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) || r&0xFFFE == 0xFFFE || r >= 0xFDD0 && r <= 0xFDEF {
			return "", fieldErr(field, "invalid_characters", "%s contains control characters or noncharacters", field)
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", fieldErr(field, "too_long", "%s is %d characters long; the limit is %d", field, n, max)
	}
	return s, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// NewToken returns a fresh secret token and the hash stored for it.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("intake: token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is how tokens are stored and looked up.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// RequestHash fingerprints a submission so a reused Idempotency-Key with a
// different request can be told apart from a retry.
func RequestHash(in Input, photoSums [][32]byte) string {
	h := sha256.New()
	b, _ := json.Marshal(in)
	h.Write(b)
	for _, s := range photoSums {
		h.Write(s[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}
