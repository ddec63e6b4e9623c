package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/intake"
)

var update = flag.Bool("update", false, "rewrite golden files")

// regexpDatetime masks times that are "now" in answers compared with golden files.
var regexpDatetime = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the golden file:\n got: %s\nwant: %s", name, got, want)
	}
}

// apiKey makes a key with the given scopes.
func (s *testServer) apiKey(scopes ...string) string {
	key, _, err := s.store.CreateAPIKey(context.Background(), "test client", scopes)
	if err != nil {
		s.t.Fatal(err)
	}
	return key
}

func (s *testServer) postForm(path string, v url.Values) *httpResponse {
	w := s.do("POST", path, strings.NewReader(v.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	return &httpResponse{w.Code, w.Header(), w.Body.Bytes()}
}

type httpResponse struct {
	code   int
	header http.Header
	body   []byte
}

// seedFixed stores two reports with fixed times and texts, for golden files.
func seedFixed(t *testing.T, s *testServer) {
	t.Helper()
	created := db.At(time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC))
	later := db.At(time.Date(2026, 11, 21, 14, 0, 0, 0, time.UTC))
	_, err := s.store.Seed(context.Background(), []db.SeedReport{
		{Report: db.Report{Category: "pothole", Theme: "infrastructure", Status: "in_progress", Title: "Pothole <deep> & wide",
			Description: "Near the tram stop.", Lon: 4.3525, Lat: 50.8467, AreaCode: "21004", BodyCode: "commune-21004",
			Answers: `{"surface":"roadway"}`, Locale: "fr", CreatedAt: created, UpdatedAt: later, AcknowledgedAt: later},
			Reporter: db.Reporter{Email: "private@example.org", Name: "Private Person", Phone: "+32 470 11 22 33",
				TokenHash: intake.HashToken(exampleReporterToken)},
			Events: []db.Event{
				{Kind: "created", Actor: "reporter", ToStatus: "new", Public: true, CreatedAt: created},
				{Kind: "status", Actor: "staff", FromStatus: "new", ToStatus: "in_progress", Note: "Crew sent.", Public: true, CreatedAt: later},
				{Kind: "note", Actor: "staff", Note: "PRIVATE: call the contractor", Public: false, CreatedAt: later},
			}},
		{Report: db.Report{Category: "streetlight_out", Theme: "safe", Status: "fixed", Title: "Lamp out",
			Lon: 4.3724, Lat: 50.8277, AreaCode: "21009", BodyCode: "sibelga", Answers: `{}`, Locale: "en",
			CreatedAt: created, UpdatedAt: later, FixedAt: later}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpen311Golden(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	window := "start_date=2026-11-19T00:00:00Z&end_date=2026-11-25T00:00:00%2B01:00"
	for _, tc := range []struct{ name, path string }{
		{"discovery", "/open311/v2/discovery"},
		{"services", "/open311/v2/services"},
		{"service_pothole", "/open311/v2/services/pothole"},
		{"service_dumping", "/open311/v2/services/illegal_dumping"},
		{"requests", "/open311/v2/requests"},
		{"request_1", "/open311/v2/requests/1"},
		{"requests_extended", "/open311/v2/requests"},
		{"updates", "/open311/v2/servicerequestupdates"},
		{"error_404", "/open311/v2/requests/999"},
	} {
		for _, f := range []string{"json", "xml"} {
			path := tc.path + "." + f
			switch tc.name {
			case "requests", "updates":
				path += "?" + window + "&lang=en"
			case "requests_extended":
				path += "?" + window + "&lang=en&extensions=true"
			default:
				path += "?lang=en"
			}
			w := s.do("GET", path, nil)
			wantType := map[string]string{"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}[f]
			if ct := w.Header().Get("Content-Type"); ct != wantType {
				t.Errorf("%s: Content-Type %q", path, ct)
			}
			body := w.Body.Bytes()
			if f == "xml" {
				if !strings.HasPrefix(string(body), `<?xml version="1.0" encoding="UTF-8"?>`) {
					t.Errorf("%s: no XML declaration", path)
				}
				var anyXML struct{ XMLName xml.Name }
				if err := xml.Unmarshal(body, &anyXML); err != nil {
					t.Errorf("%s: XML does not parse: %v", path, err)
				}
			} else if !json.Valid(body) {
				t.Errorf("%s: JSON does not parse", path)
			}
			for _, secret := range []string{"private@example.org", "Private Person", "470 11 22", "PRIVATE"} {
				if strings.Contains(string(body), secret) {
					t.Errorf("%s leaks %q", path, secret)
				}
			}
			if tc.name == "discovery" {
				body = regexpDatetime.ReplaceAll(body, []byte("DATETIME")) // the changeset: when the definitions were first served
			}
			golden(t, "open311/"+tc.name+"."+f, body)
		}
	}
}

// xmlRequests is how a client that knows only the spec reads a request list.
type xmlRequests struct {
	XMLName  xml.Name `xml:"service_requests"`
	Requests []struct {
		ID          string  `xml:"service_request_id"`
		Status      string  `xml:"status"`
		StatusNotes string  `xml:"status_notes"`
		ServiceCode string  `xml:"service_code"`
		Agency      string  `xml:"agency_responsible"`
		Requested   string  `xml:"requested_datetime"`
		Lat         float64 `xml:"lat"`
		Long        float64 `xml:"long"`
		MediaURL    string  `xml:"media_url"`
	} `xml:"request"`
}

func TestOpen311RoundTrip(t *testing.T) {
	s := newTestServer(t)
	createKey := s.apiKey(db.ScopeCreate)
	updateKey := s.apiKey(db.ScopeUpdate)
	form := url.Values{
		"api_key": {createKey}, "service_code": {"illegal_dumping"}, "lat": {"50.8275"}, "long": {"4.3725"},
		"description": {"Fridge left on the pavement"}, "email": {"someone@example.org"}, "first_name": {"Sam"},
		"attribute[waste_types][]": {"furniture", "hazardous"}, "attribute[seen_at]": {"2026-11-24T08:00:00+01:00"},
	}
	for _, f := range []string{"json", "xml"} {
		r := s.postForm("/open311/v2/requests."+f, form)
		if r.code != http.StatusCreated {
			t.Fatalf("POST requests.%s: %d %s", f, r.code, r.body)
		}
		id, token := postAnswer(t, f, r.body)
		if id == "" || token != "" {
			t.Fatalf("POST answer: want the id alone: %s", r.body)
		}
		golden(t, "open311/post_request."+f, r.body)
		// With return_token=true, a token alone, which leads to the id.
		withToken := url.Values{"return_token": {"true"}}
		for k, v := range form {
			withToken[k] = v
		}
		r = s.postForm("/open311/v2/requests."+f, withToken)
		tokenID, token := postAnswer(t, f, r.body)
		if r.code != http.StatusCreated || tokenID != "" || token == "" {
			t.Fatalf("POST with return_token: want the token alone: %d %s", r.code, r.body)
		}
		golden(t, "open311/post_request_token."+f, r.body)
		w := s.do("GET", "/open311/v2/tokens/"+token+"."+f, nil)
		var byToken struct {
			Items []struct {
				ID string `json:"service_request_id" xml:"service_request_id"`
			} `xml:"request"`
		}
		if f == "json" {
			json.Unmarshal(w.Body.Bytes(), &byToken.Items)
		} else {
			xml.Unmarshal(w.Body.Bytes(), &byToken)
		}
		if w.Code != 200 || len(byToken.Items) != 1 || byToken.Items[0].ID == id ||
			s.do("GET", "/open311/v2/requests/"+byToken.Items[0].ID+".json", nil).Code != 200 {
			t.Fatalf("token %s: %d %s", token, w.Code, w.Body)
		}
		golden(t, "open311/token."+f, w.Body.Bytes())
		// A back office marks it fixed with a note, in FixMyStreet's words.
		u := s.postForm("/open311/v2/servicerequestupdates."+f, url.Values{"api_key": {updateKey}, "service_request_id": {id},
			"status": {"FIXED"}, "description": {"Removed this morning."}})
		if u.code != 200 || !strings.Contains(string(u.body), "FIXED") {
			t.Fatalf("update: %d %s", u.code, u.body)
		}
		golden(t, "open311/post_update."+f, regexpDatetime.ReplaceAll(u.body, []byte("DATETIME")))
		// Read back: closed, with the note, no personal data.
		w = s.do("GET", "/open311/v2/requests/"+id+".xml", nil)
		var got xmlRequests
		if err := xml.Unmarshal(w.Body.Bytes(), &got); err != nil || len(got.Requests) != 1 {
			t.Fatalf("read back: %v %s", err, w.Body)
		}
		q := got.Requests[0]
		if q.ID != id || q.Status != "closed" || q.StatusNotes != "Removed this morning." || q.ServiceCode != "illegal_dumping" ||
			q.Agency == "" || q.Lat != 50.8275 || q.Long != 4.3725 {
			t.Errorf("read back %+v", q)
		}
		if _, err := time.Parse(time.RFC3339, q.Requested); err != nil {
			t.Errorf("requested_datetime %q: %v", q.Requested, err)
		}
		if strings.Contains(w.Body.String(), "someone@example.org") || strings.Contains(w.Body.String(), "Sam") {
			t.Error("personal data in GET requests")
		}
		// The change is in the report's public history.
		w = s.do("GET", "/api/v1/reports/"+id, nil)
		rb := decode[reportBody](t, w)
		if rb.Status != "fixed" || len(rb.History) != 2 || rb.History[1].To != "fixed" || rb.Answers["waste_types"] == nil {
			t.Errorf("history after update: %+v", rb)
		}
		// And in the audit log, under the key's name.
		if entries, _ := s.store.AuditLog(context.Background(), db.AuditQuery{ReportID: rb.ID}); len(entries) != 1 ||
			entries[0].Action != "open311_update" || !strings.HasPrefix(entries[0].Actor, "apikey:") || !strings.Contains(entries[0].AfterRaw, `"fixed"`) {
			t.Errorf("audit %+v", entries)
		}
		// And in the report's Atom feed.
		if w := s.do("GET", "/reports/"+id+"/feed.atom", nil); !strings.Contains(w.Body.String(), "Removed this morning.") {
			t.Errorf("the update is not in the report's feed: %s", w.Body)
		}
	}
}

func TestOpen311Errors(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	createKey := s.apiKey(db.ScopeCreate)
	good := func() url.Values {
		return url.Values{"api_key": {createKey}, "service_code": {"graffiti"}, "lat": {"50.8467"}, "long": {"4.3525"}}
	}
	with := func(k, v string) url.Values {
		f := good()
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	posts := []struct {
		name string
		path string
		form url.Values
		code int
	}{
		{"no api_key", "/open311/v2/requests", with("api_key", ""), 403},
		{"wrong api_key", "/open311/v2/requests", with("api_key", "sfk_nope"), 403},
		{"unknown service", "/open311/v2/requests", with("service_code", "ufo"), 404},
		{"no service_code", "/open311/v2/requests", with("service_code", ""), 400},
		{"address only", "/open311/v2/requests", url.Values{"api_key": {createKey}, "service_code": {"graffiti"}, "address_string": {"Rue Haute 1"}}, 400},
		{"outside the region", "/open311/v2/requests", with("lat", "48.85"), 400},
		{"lat not a number", "/open311/v2/requests", with("lat", "north"), 400},
		{"bad attribute", "/open311/v2/requests", func() url.Values { f := with("service_code", "pothole"); f.Set("attribute[surface]", "sky"); return f }(), 400},
		{"oversized body", "/open311/v2/requests", url.Values{"api_key": {createKey}, "description": {strings.Repeat("x", 70<<10)}}, 400},
		{"update without update scope", "/open311/v2/servicerequestupdates", url.Values{"api_key": {createKey}, "service_request_id": {"1"}, "status": {"FIXED"}}, 403},
	}
	for _, p := range posts {
		for _, f := range []string{"json", "xml"} {
			r := s.postForm(p.path+"."+f, p.form)
			if r.code != p.code {
				t.Errorf("%s (%s): %d, want %d: %s", p.name, f, r.code, p.code, r.body)
				continue
			}
			checkOpen311Error(t, p.name, f, r.body, p.code)
		}
	}
	updateKey := s.apiKey(db.ScopeUpdate)
	for _, u := range []struct {
		name string
		form url.Values
		code int
	}{
		{"unknown status", url.Values{"api_key": {updateKey}, "service_request_id": {"1"}, "status": {"MAYBE"}}, 400},
		{"missing request", url.Values{"api_key": {updateKey}, "service_request_id": {"999"}, "status": {"FIXED"}}, 404},
		{"nothing to say", url.Values{"api_key": {updateKey}, "service_request_id": {"1"}}, 400},
		{"future date", url.Values{"api_key": {updateKey}, "service_request_id": {"1"}, "description": {"x"}, "updated_datetime": {"2099-01-01T00:00:00Z"}}, 400},
		{"zero date", url.Values{"api_key": {updateKey}, "service_request_id": {"1"}, "description": {"x"}, "updated_datetime": {"0001-01-01T00:00:00Z"}}, 400},
		{"before the report", url.Values{"api_key": {updateKey}, "service_request_id": {"1"}, "description": {"x"}, "updated_datetime": {"2000-01-01T00:00:00Z"}}, 400},
		{"control characters", url.Values{"api_key": {updateKey}, "service_request_id": {"1"}, "description": {"bad\u0085text"}}, 400},
		{"noncharacter", url.Values{"api_key": {updateKey}, "service_request_id": {"1"}, "description": {"bad\uFFFEtext"}}, 400},
		{"invalid UTF-8", url.Values{"api_key": {updateKey}, "service_request_id": {"1"}, "description": {"bad\xfftext"}}, 400},
	} {
		r := s.postForm("/open311/v2/servicerequestupdates.json", u.form)
		if r.code != u.code {
			t.Errorf("%s: %d, want %d: %s", u.name, r.code, u.code, r.body)
		}
	}
	gets := []struct {
		path string
		code int
	}{
		{"/open311/v2/services/ufo.json", 404},
		{"/open311/v2/services/pothole.html", 404},
		{"/open311/v2/requests/abc.xml", 404},
		{"/open311/v2/tokens/1-0000000000000000.json", 404},
		{"/open311/v2/tokens/nonsense.xml", 404},
		{"/open311/v2/requests.json?status=pending", 400},
		{"/open311/v2/requests.json?service_code=ufo", 400},
		{"/open311/v2/requests.json?start_date=yesterday", 400},
		{"/open311/v2/requests.json?start_date=2026-11-10T00:00:00Z&end_date=2026-11-01T00:00:00Z", 400},
		{"/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z", 400},
		{"/open311/v2/requests.json?page_size=5000", 400},
		{"/open311/v2/requests.json?lat=50.8&long=4.3&radius=999999", 400},
		{"/open311/v2/requests.xml?service_request_id=1,x", 400},
		{"/open311/v2/discovery.yaml", 404},
		{"/open311/v2/nothing.xml", 404},
	}
	for _, g := range gets {
		w := s.do("GET", g.path, nil)
		if w.Code != g.code {
			t.Errorf("GET %s: %d, want %d: %s", g.path, w.Code, g.code, w.Body)
			continue
		}
		f := "json"
		if strings.Contains(g.path, ".xml") {
			f = "xml"
		}
		checkOpen311Error(t, g.path, f, w.Body.Bytes(), g.code)
	}
}

// checkOpen311Error checks the spec's error body in either format.
func checkOpen311Error(t *testing.T, name, format string, body []byte, code int) {
	t.Helper()
	var desc string
	var got int
	if format == "xml" {
		var e struct {
			Errors []struct {
				Code        int    `xml:"code"`
				Description string `xml:"description"`
			} `xml:"error"`
		}
		if err := xml.Unmarshal(body, &e); err != nil || len(e.Errors) != 1 {
			t.Errorf("%s: not a spec XML error: %s", name, body)
			return
		}
		got, desc = e.Errors[0].Code, e.Errors[0].Description
	} else {
		var e []struct {
			Code        int    `json:"code"`
			Description string `json:"description"`
		}
		if err := json.Unmarshal(body, &e); err != nil || len(e) != 1 {
			t.Errorf("%s: not a spec JSON error: %s", name, body)
			return
		}
		got, desc = e[0].Code, e[0].Description
	}
	if got != code || desc == "" {
		t.Errorf("%s: error code %d description %q", name, got, desc)
	}
}

func TestOpen311Windows(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s) // both created 2026-11-20T09:30Z
	count := func(q string) int {
		w := s.do("GET", "/open311/v2/requests.json?"+q, nil)
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", q, w.Code, w.Body)
		}
		var list []map[string]any
		json.Unmarshal(w.Body.Bytes(), &list)
		return len(list)
	}
	tests := []struct {
		q    string
		want int
	}{
		{"start_date=2026-11-20T09:30:00Z", 2},                               // inclusive start, 90 days on
		{"start_date=2026-11-20T10:30:01%2B01:00", 0},                        // an offset after the creation
		{"start_date=2026-11-20T10:29:00%2B01:00", 2},                        // an offset before it
		{"end_date=2026-11-20T09:29:59Z", 0},                                 // 90 days back from before
		{"end_date=2026-11-20T09:30:00Z", 2},                                 // inclusive end
		{"start_date=2026-08-23T09:30:00Z&end_date=2026-11-20T09:30:00Z", 2}, // a full 89-day window
		{"service_request_id=2,1&status=open", 2},                            // ids override the rest
		{"start_date=2026-11-01T00:00:00Z&status=open", 1},
		{"start_date=2026-11-01T00:00:00Z&status=closed", 1},
		{"start_date=2026-11-01T00:00:00Z&service_code=pothole,streetlight_out", 2},
		{"start_date=2026-11-01T00:00:00Z&lat=50.8467&long=4.3525&radius=100", 1},
		{"start_date=2026-11-01T00:00:00Z&page_size=1&page=2", 1},
		{"start_date=2026-11-01T00:00:00Z&page_size=1&page=3", 0},
		{"updated_after=2026-11-21T14:00:00Z", 2},
		{"updated_after=2026-11-21T14:00:01Z", 0},
		{"updated_before=2026-11-21T13:59:59Z", 0},
	}
	for _, tt := range tests {
		if got := count(tt.q); got != tt.want {
			t.Errorf("%s: %d requests, want %d", tt.q, got, tt.want)
		}
	}
	// The default window is the 90 days before the service's clock: on the
	// test's day, the two reports are inside it or both past it.
	want := 0
	if s.store.Now().Sub(time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)) <= 90*24*time.Hour {
		want = 2
	}
	if got := count(""); got != want {
		t.Errorf("default window on %s: %d requests, want %d", s.store.Now().Format(time.RFC3339), got, want)
	}
}

func TestOpen311MultipartMedia(t *testing.T) {
	s := newTestServer(t)
	key := s.apiKey(db.ScopeCreate)
	body, ct := mediaBody(t, map[string]string{"api_key": key, "service_code": "graffiti", "lat": "50.8467", "long": "4.3525",
		"description": "Tag on the fountain"}, jpegWithGPS(t, 64, 48), jpegWithGPS(t, 32, 96))
	w := s.do("POST", "/open311/v2/requests.json", body, "Content-Type", ct)
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	// With extensions, every photo in upload order; media_url is the first.
	w = s.do("GET", "/open311/v2/requests/1.json?extensions=true", nil)
	var ext []struct {
		MediaURL string `json:"media_url"`
		Extended struct {
			MediaURLs []string `json:"media_urls"`
		} `json:"extended_attributes"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &ext); err != nil || len(ext) != 1 || len(ext[0].Extended.MediaURLs) != 2 || ext[0].Extended.MediaURLs[0] != ext[0].MediaURL {
		t.Fatalf("extended photos: %s", w.Body)
	}
	if second := s.do("GET", strings.TrimPrefix(ext[0].Extended.MediaURLs[1], "http://example.com"), nil); second.Code != 200 {
		t.Errorf("second photo: %d", second.Code)
	} else if img, err := jpeg.DecodeConfig(second.Body); err != nil || img.Width != 32 || img.Height != 96 {
		t.Errorf("second photo is not the 32x96 one: %+v %v", img, err)
	}
	w = s.do("GET", "/open311/v2/requests/1.json", nil)
	var got []struct {
		MediaURL string `json:"media_url"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || len(got) != 1 || !strings.HasPrefix(got[0].MediaURL, "http://example.com/photos/") {
		t.Fatalf("media_url: %s", w.Body)
	}
	photo := s.do("GET", strings.TrimPrefix(got[0].MediaURL, "http://example.com"), nil)
	if photo.Code != 200 || strings.Contains(photo.Body.String(), "GPS-SECRET") {
		t.Errorf("photo: %d", photo.Code)
	}
	body, ct = mediaBody(t, map[string]string{"api_key": key, "service_code": "graffiti", "lat": "50.8467", "long": "4.3525"},
		[]byte("<svg onload=alert(1)>"))
	if w := s.do("POST", "/open311/v2/requests.xml", body, "Content-Type", ct); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "<errors>") {
		t.Errorf("non-image media: %d %s", w.Code, w.Body)
	}
}

// postAnswer reads the id and the token of a POST requests answer.
func postAnswer(t *testing.T, format string, body []byte) (id, token string) {
	t.Helper()
	var out struct {
		Items []struct {
			ID    string `json:"service_request_id" xml:"service_request_id"`
			Token string `json:"token" xml:"token"`
		} `xml:"request"`
	}
	var err error
	if format == "json" {
		err = json.Unmarshal(body, &out.Items)
	} else {
		err = xml.Unmarshal(body, &out)
	}
	if err != nil || len(out.Items) != 1 {
		t.Fatalf("POST answer: %v %s", err, body)
	}
	return out.Items[0].ID, out.Items[0].Token
}

// mediaBody builds an Open311 multipart POST: fields first, files under "media".
func mediaBody(t *testing.T, fields map[string]string, files ...[]byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile("media", "photo.jpg")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(f)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func TestOpen311MultipartChecksKeyBeforeFiles(t *testing.T) {
	s := newTestServer(t)
	big := make([]byte, 9<<20)
	copy(big, jpegWithGPS(t, 16, 16))
	// A wrong key is refused at the first file, before the rest is read.
	body, ct := mediaBody(t, map[string]string{"api_key": "sfk_wrong", "service_code": "graffiti", "lat": "50.8467", "long": "4.3525"}, big, big, big)
	counter := &countingReader{r: body}
	w := s.do("POST", "/open311/v2/requests.json", counter, "Content-Type", ct)
	if w.Code != http.StatusForbidden {
		t.Fatalf("wrong key: %d %s", w.Code, w.Body)
	}
	if counter.n > 2<<20 {
		t.Errorf("read %d bytes before refusing the key", counter.n)
	}
	// Files under another name are refused.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("api_key", s.apiKey(db.ScopeCreate))
	fw, _ := mw.CreateFormFile("attachment", "x.jpg")
	fw.Write(jpegWithGPS(t, 8, 8))
	mw.Close()
	if w := s.do("POST", "/open311/v2/requests.json", &buf, "Content-Type", mw.FormDataContentType()); w.Code != http.StatusBadRequest {
		t.Errorf("file not under media: %d %s", w.Code, w.Body)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
