package handlers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"streetfix/handlers"
)

// with returns grandPlace() with one field changed (nil deletes it).
func with(field string, v any) map[string]any {
	m := grandPlace()
	if v == nil {
		delete(m, field)
	} else {
		m[field] = v
	}
	return m
}

func TestBadReportInputs(t *testing.T) {
	s := newTestServer(t)
	tooBig := `{"category":"pothole","lat":50.8467,"lon":4.3525,"description":"` + strings.Repeat("x", 70<<10) + `"}`
	tests := []struct {
		name      string
		body      any
		ctype     string
		wantCode  int
		wantError string
		wantField string
	}{
		{"malformed JSON", `{"category": "pothole",`, "", 400, "invalid_json", ""},
		{"not JSON at all", `category=pothole`, "", 400, "invalid_json", ""},
		{"empty body", ``, "", 400, "invalid_json", ""},
		{"two objects", `{"category":"pothole"} {}`, "", 400, "invalid_json", ""},
		{"trailing bracket", `{"category":"pothole","lat":50.8467,"lon":4.3525,"answers":{"surface":"roadway"}}]`, "", 400, "invalid_json", ""},
		{"JSON array", `[1,2]`, "", 400, "invalid_type", ""},
		{"lat as string", with("lat", "50.8"), "", 400, "invalid_type", "lat"},
		{"title as number", with("title", 12), "", 400, "invalid_type", "title"},
		{"unknown field", with("colour", "red"), "", 400, "unknown_field", "colour"},
		{"missing category", with("category", nil), "", 422, "missing_field", "category"},
		{"unknown category", with("category", "ufo_landing"), "", 422, "unknown_category", "category"},
		{"missing lat", with("lat", nil), "", 422, "missing_field", "lat"},
		{"missing lon", with("lon", nil), "", 422, "missing_field", "lon"},
		{"lat out of range", with("lat", 91.0), "", 422, "invalid_coordinates", "lat"},
		{"lon out of range", with("lon", -200.0), "", 422, "invalid_coordinates", "lon"},
		{"NaN as a string token", `{"category":"pothole","lat":NaN,"lon":4.35}`, "", 400, "invalid_json", ""},
		{"huge exponent", `{"category":"pothole","lat":1e400,"lon":4.35}`, "", 400, "invalid_type", "lat"},
		{"point in Paris", with("lat", 48.8566), "", 422, "outside_service_area", "lat"},
		{"point at 0,0", map[string]any{"category": "pothole", "lat": 0, "lon": 0, "answers": map[string]any{"surface": "roadway"}}, "", 422, "outside_service_area", "lat"},
		{"title too long", with("title", strings.Repeat("é", 121)), "", 422, "too_long", "title"},
		{"control characters", with("title", "bell\u0007"), "", 422, "invalid_characters", "title"},
		{"invalid UTF-8", `{"category":"pothole","lat":50.8467,"lon":4.3525,"title":"` + "\xff\xfe" + `","answers":{"surface":"roadway"}}`, "", 400, "invalid_encoding", ""},
		{"bad email", with("email", "not-an-email"), "", 422, "invalid_email", "email"},
		{"email with display name", with("email", "Eve <eve@example.org>"), "", 422, "invalid_email", "email"},
		{"bad phone", with("phone", "call me maybe"), "", 422, "invalid_phone", "phone"},
		{"bad locale", with("locale", "de"), "", 422, "invalid_locale", "locale"},
		{"missing required answer", with("answers", map[string]any{}), "", 422, "missing_field", "answers.surface"},
		{"answer not in list", with("answers", map[string]any{"surface": "sky"}), "", 422, "invalid_choice", "answers.surface"},
		{"unknown question", with("answers", map[string]any{"surface": "roadway", "colour": "red"}), "", 422, "unknown_question", "answers.colour"},
		{"number answer not a number", with("answers", map[string]any{"surface": "roadway", "size_cm": "wide"}), "", 422, "invalid_type", "answers.size_cm"},
		{"oversized body", tooBig, "", 413, "body_too_large", ""},
		{"wrong content type", `category=pothole`, "text/plain", 415, "unsupported_media_type", ""},
		{"no content type", `{}`, "-", 415, "unsupported_media_type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			if s, ok := tt.body.(string); ok {
				body = []byte(s)
			} else {
				body, _ = json.Marshal(tt.body)
			}
			ct := "application/json"
			switch tt.ctype {
			case "":
			case "-":
				ct = ""
			default:
				ct = tt.ctype
			}
			w := s.do("POST", "/api/v1/reports", bytes.NewReader(body), "Content-Type", ct)
			e := decode[errorBody](t, w)
			if w.Code != tt.wantCode || e.Error.Code != tt.wantError || e.Error.Field != tt.wantField {
				t.Errorf("got %d %s field %q, want %d %s field %q: %s", w.Code, e.Error.Code, e.Error.Field,
					tt.wantCode, tt.wantError, tt.wantField, w.Body)
			}
			if e.Error.Message == "" {
				t.Error("the error has no message")
			}
		})
	}
	if n := s.store.PublicCount(); n != 0 {
		t.Errorf("bad inputs stored %d reports", n)
	}
}

func TestBadPhotoUploads(t *testing.T) {
	s := newTestServer(t)
	fields := map[string]string{"category": "graffiti", "lat": "50.8467", "lon": "4.3525"}
	good := jpegWithGPS(t, 32, 32)
	tests := []struct {
		name      string
		files     [][]byte
		fields    map[string]string
		wantCode  int
		wantError string
	}{
		{"four photos", [][]byte{good, good, good, good}, fields, 422, "too_many_photos"},
		{"HTML posing as a photo", [][]byte{[]byte("<html><script>alert(1)</script></html>")}, fields, 415, "unsupported_photo"},
		{"GIF", [][]byte{[]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}, fields, 415, "unsupported_photo"},
		{"truncated JPEG", [][]byte{good[:len(good)/2]}, fields, 422, "photo_corrupt"},
		{"photo over 10 MiB", [][]byte{append(append([]byte{}, good...), make([]byte, 10<<20)...)}, fields, 413, "photo_too_large"},
		{"lat not a number", [][]byte{good}, map[string]string{"category": "graffiti", "lat": "north", "lon": "4.3525"}, 400, "invalid_type"},
		{"bad answers JSON", nil, map[string]string{"category": "graffiti", "lat": "50.8467", "lon": "4.3525", "answers": "{"}, 400, "invalid_json"},
		{"unknown form field", nil, map[string]string{"category": "graffiti", "lat": "50.8467", "lon": "4.3525", "evil": "1"}, 400, "unknown_field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartBody(t, tt.fields, tt.files...)
			w := s.do("POST", "/api/v1/reports", body, "Content-Type", ct)
			e := decode[errorBody](t, w)
			if w.Code != tt.wantCode || e.Error.Code != tt.wantError {
				t.Errorf("got %d %s, want %d %s: %s", w.Code, e.Error.Code, tt.wantCode, tt.wantError, w.Body)
			}
		})
	}
	w := s.do("POST", "/api/v1/reports", strings.NewReader("--x\r\nbroken"), "Content-Type", "multipart/form-data; boundary=x")
	if w.Code != http.StatusBadRequest {
		t.Errorf("broken multipart: %d %s", w.Code, w.Body)
	}
	// A body cut off inside a part is the client's fault, not ours.
	body, ct := multipartBody(t, fields, good)
	full, _ := io.ReadAll(body)
	w = s.do("POST", "/api/v1/reports", bytes.NewReader(full[:len(full)-200]), "Content-Type", ct)
	if e := decode[errorBody](t, w); w.Code != http.StatusBadRequest || e.Error.Code != "invalid_multipart" {
		t.Errorf("truncated multipart: %d %s", w.Code, w.Body)
	}
	// Thousands of tiny parts are refused before they cost memory.
	many := map[string]string{"category": "graffiti", "lat": "50.8467", "lon": "4.3525"}
	for i := 0; i < 100; i++ {
		many[fmt.Sprintf("answers[q%d]", i)] = "x"
	}
	body, ct = multipartBody(t, many)
	w = s.do("POST", "/api/v1/reports", body, "Content-Type", ct)
	if e := decode[errorBody](t, w); w.Code != http.StatusBadRequest || e.Error.Code != "too_many_parts" {
		t.Errorf("100 parts: %d %s", w.Code, w.Body)
	}
	// Text that is not UTF-8 is refused alike in forms and in JSON.
	body, ct = multipartBody(t, map[string]string{"category": "graffiti", "lat": "50.8467", "lon": "4.3525", "title": "\xff\xfe"})
	w = s.do("POST", "/api/v1/reports", body, "Content-Type", ct)
	if e := decode[errorBody](t, w); w.Code != http.StatusBadRequest || e.Error.Code != "invalid_encoding" {
		t.Errorf("form with invalid UTF-8: %d %s", w.Code, w.Body)
	}
	if n := s.store.PublicCount(); n != 0 {
		t.Errorf("bad uploads stored %d reports", n)
	}
}

func TestBadQueries(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		path      string
		wantCode  int
		wantError string
	}{
		{"/api/v1/reports?bbox=1,2,3", 400, "invalid_bbox"},
		{"/api/v1/reports?bbox=4.4,50.9,4.3,50.8", 400, "invalid_bbox"},
		{"/api/v1/reports?bbox=NaN,1,2,3", 400, "invalid_bbox"},
		{"/api/v1/reports?bbox=-500,0,1,1", 400, "invalid_bbox"},
		{"/api/v1/reports?zoom=99", 400, "invalid_zoom"},
		{"/api/v1/reports?zoom=-1", 400, "invalid_zoom"},
		{"/api/v1/reports?zoom=eleven", 400, "invalid_zoom"},
		{"/api/v1/reports?theme=dangerous", 400, "invalid_filter"},
		{"/api/v1/reports?status=hidden", 400, "invalid_filter"},
		{"/api/v1/reports?status=%27%20OR%201%3D1%20--", 400, "invalid_filter"},
		{"/api/v1/reports?category=nope", 400, "invalid_filter"},
		{"/api/v1/reports?area=99999", 400, "invalid_filter"},
		{"/api/v1/reports?since=yesterday", 400, "invalid_filter"},
		{"/api/v1/reports/nearby?lon=4.35", 400, "missing_parameter"},
		{"/api/v1/reports/nearby?lat=50.8&lon=4.35&radius=1000000", 400, "invalid_radius"},
		{"/api/v1/reports/nearby?lat=50.8&lon=4.35&radius=-5", 400, "invalid_radius"},
		{"/api/v1/reports/nearby?lat=NaN&lon=4.35", 400, "invalid_number"},
		{"/api/v1/reports/nearby?lat=95&lon=4.35", 400, "invalid_coordinates"},
		{"/api/v1/reports/nearby?lat=50.8&lon=4.35&limit=100000", 400, "invalid_limit"},
		{"/api/v1/reports/abc", 404, "not_found"},
		{"/api/v1/reports/-3", 404, "not_found"},
		{"/api/v1/reports/99999999999999999999", 404, "not_found"},
		{"/api/v1/reports/42", 404, "not_found"},
		{"/api/v1/areas?format=kml", 400, "invalid_format"},
		{"/api/v1/nothing-here", 404, "not_found"},
	}
	for _, tt := range tests {
		w := s.do("GET", tt.path, nil)
		e := decode[errorBody](t, w)
		if w.Code != tt.wantCode || e.Error.Code != tt.wantError || e.Error.Message == "" {
			t.Errorf("GET %s: %d %s, want %d %s: %s", tt.path, w.Code, e.Error.Code, tt.wantCode, tt.wantError, w.Body)
		}
	}
	if w := s.do("DELETE", "/api/v1/reports", nil); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /api/v1/reports: %d", w.Code)
	}
}

func TestRateLimit(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.RateLimit = 3 })
	codes := []int{}
	for i := 0; i < 5; i++ {
		w := s.postJSON("/api/v1/reports", grandPlace())
		codes = append(codes, w.Code)
		if w.Code == http.StatusTooManyRequests && w.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	want := []int{201, 201, 201, 429, 429}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("codes %v, want %v", codes, want)
		}
	}
	// Reads are not limited.
	if w := s.do("GET", "/api/v1/themes", nil); w.Code != 200 {
		t.Errorf("read after the limit: %d", w.Code)
	}
	m := s.do("GET", "/metrics", nil).Body.String()
	for _, want := range []string{`streetfix_ratelimited_total{group="reports"} 2`, `streetfix_ratelimited_total{group="supports"} 0`} {
		if !strings.Contains(m, want+"\n") {
			t.Errorf("metrics lack %s:\n%s", want, grepLines(m, "streetfix_ratelimited_total"))
		}
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
