package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

type placeJSON struct {
	Name         string            `json:"name"`
	Label        string            `json:"label"`
	Names        map[string]string `json:"names"`
	Number       string            `json:"number"`
	Municipality string            `json:"municipality"`
	Area         string            `json:"area"`
	Lat, Lon     float64
	DistanceM    *float64 `json:"distance_m"`
}

func TestGeocodeAPI(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		q, lang     string
		first, area string
	}{
		{"rue de la loi", "fr", "Rue de la Loi", "21004"},
		{"Wetstraat", "nl", "Wetstraat", "21004"},
		{"wetstraat", "fr", "Rue de la Loi", "21004"}, // found in Dutch, named in the asked language
		{"Loi", "en", "Rue de la Loi", "21004"},
		{"chaussee de wavre", "fr", "Chaussée de Wavre", ""},
		{"CHAUSSÉE DE WAVRE", "nl", "Waversesteenweg", ""},
		{"avenue des ébéniers", "fr", "Avenue des Ébéniers", ""},
		{"avenue des ebeniers", "nl", "Ebbebomenlaan", ""},
	}
	for _, tt := range tests {
		w := s.do(http.MethodGet, "/api/v1/geocode?q="+url.QueryEscape(tt.q)+"&lang="+tt.lang, nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%q: status %d: %s", tt.q, w.Code, w.Body)
		}
		var body struct {
			Results []placeJSON `json:"results"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		if len(body.Results) == 0 {
			t.Errorf("%q: no results", tt.q)
			continue
		}
		r := body.Results[0]
		if r.Name != tt.first || tt.area != "" && r.Area != tt.area || r.Municipality == "" || r.Lat < 50.7 || r.Lon < 4.2 {
			t.Errorf("%q (%s): first result %+v, want %s in %s", tt.q, tt.lang, r, tt.first, tt.area)
		}
		if r.Label != r.Name+", "+r.Municipality {
			t.Errorf("%q: label %q", tt.q, r.Label)
		}
		// The point is a real place of the street: reverse geocoding it
		// gives the same street, 0 m away.
		rv := s.do(http.MethodGet, "/api/v1/geocode/reverse?lat="+ftoa(r.Lat)+"&lon="+ftoa(r.Lon)+"&lang="+tt.lang, nil)
		var rev struct {
			Street  *placeJSON `json:"street"`
			Address string     `json:"address"`
		}
		if err := json.Unmarshal(rv.Body.Bytes(), &rev); err != nil || rv.Code != http.StatusOK || rev.Street == nil {
			t.Fatalf("reverse of %q: %d %s", tt.q, rv.Code, rv.Body)
		}
		if rev.Street.Name != r.Name || *rev.Street.DistanceM > 1 || rev.Address != r.Label {
			t.Errorf("reverse of %q at %v,%v = %+v (%q), want %s", tt.q, r.Lat, r.Lon, rev.Street, rev.Address, r.Label)
		}
	}

	// Nothing matches: 200 with an empty list.
	for _, q := range []string{"xyzzy plugh", "rue de la loi zzzz", "1234567", "%", "'; DROP TABLE reports; --"} {
		w := s.do(http.MethodGet, "/api/v1/geocode?q="+url.QueryEscape(q), nil)
		if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != `{"query":`+mustJSON(q)+`,"results":[]}` {
			t.Errorf("%q: %d %s", q, w.Code, w.Body)
		}
	}
	if w := s.do(http.MethodGet, "/api/v1/geocode?q=loi", nil); !strings.Contains(w.Header().Get("Vary"), "Accept-Language, Cookie") || w.Header().Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("caching headers %v", w.Header())
	}
	if w := s.do(http.MethodGet, "/api/v1/geocode?q=rue&limit=3", nil); !strings.Contains(w.Body.String(), `"results":[{`) || strings.Count(w.Body.String(), `"label"`) != 3 {
		t.Errorf("limit 3: %s", w.Body)
	}

	// Bad queries: 400 in the error shape.
	bad := []struct{ query, code, field string }{
		{"", "missing_parameter", "q"},
		{"q=", "missing_parameter", "q"},
		{"q=%20%20", "missing_parameter", "q"},
		{"q=" + strings.Repeat("a", 10000), "query_too_long", "q"},
		{"q=" + strings.Repeat("é", 201), "query_too_long", "q"},
		{"q=%ff%fe", "invalid_query", "q"},
		{"q=rue%00", "invalid_query", "q"},
		{"q=rue&limit=0", "invalid_limit", "limit"},
		{"q=rue&limit=21", "invalid_limit", "limit"},
		{"q=rue&limit=x", "invalid_limit", "limit"},
	}
	for _, b := range bad {
		w := s.do(http.MethodGet, "/api/v1/geocode?"+b.query, nil)
		assertError(t, w, http.StatusBadRequest, b.code, b.field)
	}
	if w := s.do(http.MethodGet, "/api/v1/geocode?q="+strings.Repeat("é", 200), nil); w.Code != http.StatusOK {
		t.Errorf("200 characters: %d", w.Code)
	}
}

func TestReverseGeocodeAPI(t *testing.T) {
	s := newTestServer(t)
	w := s.do(http.MethodGet, "/api/v1/geocode/reverse?lat=50.84212&lon=4.38530&lang=nl", nil)
	var rev struct {
		Street  placeJSON         `json:"street"`
		Address string            `json:"address"`
		Area    map[string]any    `json:"area"`
		Names   map[string]string `json:"names"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &rev); err != nil || w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if rev.Street.Name != "Wetstraat" || rev.Street.Names["fr"] != "Rue de la Loi" || rev.Street.DistanceM == nil ||
		*rev.Street.DistanceM > 20 || rev.Address != "Wetstraat, Brussel" || rev.Area["code"] != "21004" {
		t.Errorf("reverse at Schuman = %s", w.Body)
	}
	// In the forest, far from the partial extract's streets: the
	// nearest street is farther than an address uses, so the address is
	// the municipality.
	w = s.do(http.MethodGet, "/api/v1/geocode/reverse?lat=50.79&lon=4.42&lang=fr", nil)
	if err := json.Unmarshal(w.Body.Bytes(), &rev); err != nil || w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if rev.Address == "" || rev.Address != rev.Area["name"] || *rev.Street.DistanceM < 300 {
		t.Errorf("forest: %s", w.Body)
	}

	bad := []struct {
		query  string
		status int
		code   string
		field  string
	}{
		{"lat=48.8566&lon=2.3522", http.StatusUnprocessableEntity, "outside_service_area", "lat"},
		{"lat=0&lon=0", http.StatusUnprocessableEntity, "outside_service_area", "lat"},
		{"lon=4.35", http.StatusBadRequest, "missing_parameter", "lat"},
		{"lat=50.85", http.StatusBadRequest, "missing_parameter", "lon"},
		{"lat=north&lon=4.35", http.StatusBadRequest, "invalid_number", "lat"},
		{"lat=NaN&lon=4.35", http.StatusBadRequest, "invalid_number", "lat"},
		{"lat=91&lon=4.35", http.StatusBadRequest, "invalid_coordinates", "lat"},
		{"lat=50.85&lon=1e308", http.StatusBadRequest, "invalid_number", "lon"},
		{"lat=50.85&lon=181", http.StatusBadRequest, "invalid_coordinates", "lat"},
	}
	for _, b := range bad {
		w := s.do(http.MethodGet, "/api/v1/geocode/reverse?"+b.query, nil)
		assertError(t, w, b.status, b.code, b.field)
	}
}

// assertError checks an answer in the API's error shape.
func assertError(t *testing.T, w *httptest.ResponseRecorder, status int, code, field string) {
	t.Helper()
	e := decode[errorBody](t, w)
	if w.Code != status || e.Error.Code != code || e.Error.Field != field || e.Error.Message == "" {
		t.Errorf("%d %.200s, want %d %s on %s", w.Code, w.Body, status, code, field)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
