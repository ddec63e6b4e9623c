package handlers_test

// Each test here enforces a sentence of the GeoReport v2 specification
// (wiki.open311.org/GeoReport_v2, frozen) that an outside validator
// checked, quoted in the test's comment.

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"streetfix/db"
	"streetfix/handlers"
)

// open311JSON GETs path and decodes its JSON list.
func open311JSON(t *testing.T, s *testServer, path string, header ...string) []map[string]any {
	t.Helper()
	w := s.do("GET", path, nil, header...)
	if w.Code != 200 {
		t.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	var out []map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("GET %s: %v %s", path, err, w.Body)
	}
	return out
}

// open311ErrorText is the description of a spec error answer (JSON or XML).
func open311ErrorText(t *testing.T, body []byte) string {
	t.Helper()
	var j []struct {
		Description string `json:"description"`
	}
	if json.Unmarshal(body, &j) == nil && len(j) == 1 {
		return j[0].Description
	}
	var x struct {
		Errors []struct {
			Description string `xml:"description"`
		} `xml:"error"`
	}
	if err := xml.Unmarshal(body, &x); err != nil || len(x.Errors) != 1 {
		t.Fatalf("not a spec error: %s", body)
	}
	return x.Errors[0].Description
}

// "description":null, "agency_responsible":null, "service_notice":null and
// "account_id":null in the spec's JSON examples: a field without a value is
// null, never "" (not a valid datetime or URL), and an empty element in XML.
func TestOpen311EmptyFieldsAreNullNotEmptyStrings(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	window := "?start_date=2026-11-19T00:00:00Z&end_date=2026-11-25T00:00:00Z"
	for _, path := range []string{"/open311/v2/requests.json" + window, "/open311/v2/requests.json" + window + "&extensions=true",
		"/open311/v2/servicerequestupdates.json" + window, "/open311/v2/services/pothole.json", "/open311/v2/discovery.json"} {
		w := s.do("GET", path, nil)
		var v any
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		walkJSON(v, "", func(at string, x any) {
			if x == "" {
				t.Errorf("%s: %s is \"\", want null", path, at)
			}
		})
	}
	// Report 2 has no photo, no description, no note and no expected time.
	got := open311JSON(t, s, "/open311/v2/requests/2.json")[0]
	for _, f := range []string{"expected_datetime", "media_url", "status_notes", "description", "service_notice", "address_id", "zipcode"} {
		if v, ok := got[f]; !ok || v != nil {
			t.Errorf("%s = %#v (present %v), want null", f, v, ok)
		}
	}
	if got["address"] == nil {
		t.Error("address is null although the report has one")
	}
	// XML: the same fields as empty elements, present and in order.
	w := s.do("GET", "/open311/v2/requests/2.xml", nil)
	for _, el := range []string{"<expected_datetime></expected_datetime>", "<media_url></media_url>", "<description></description>", "<zipcode></zipcode>"} {
		if !strings.Contains(w.Body.String(), el) {
			t.Errorf("XML lacks %s: %s", el, w.Body)
		}
	}
}

func walkJSON(v any, at string, fn func(at string, v any)) {
	fn(at, v)
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			walkJSON(e, at+"."+k, fn)
		}
	case []any:
		for i, e := range x {
			walkJSON(e, at+"["+strconv.Itoa(i)+"]", fn)
		}
	}
}

// "description: ... free form text limited to 4,000 characters": the
// citizen's text comes back as sent (the title is in extended_attributes),
// Open311 refuses more with a 400 that says the limit, and a longer text
// from another channel is cut to the limit.
func TestOpen311DescriptionAsSentWithinTheSpecLimit(t *testing.T) {
	s := newTestServer(t)
	key := s.apiKey(db.ScopeCreate)
	form := func(desc string) url.Values {
		return url.Values{"api_key": {key}, "service_code": {"graffiti"}, "lat": {"50.8467"}, "long": {"4.3525"}, "description": {desc}}
	}
	exact := strings.Repeat("é", 3991) + " <b>&</b>" // 4,000 characters, 7,991 bytes
	r := s.postForm("/open311/v2/requests.json", form(exact))
	if r.code != http.StatusCreated {
		t.Fatalf("4,000 characters: %d %s", r.code, r.body)
	}
	id, _ := postAnswer(t, "json", r.body)
	got := open311JSON(t, s, "/open311/v2/requests/"+id+".json?extensions=true")[0]
	if got["description"] != exact {
		t.Errorf("description is not the text as sent: %.80q", got["description"])
	}
	if ext := got["extended_attributes"].(map[string]any); ext["title"] == "" || strings.Contains(got["description"].(string), ext["title"].(string)) {
		t.Errorf("the title %q should be in extended_attributes only", ext["title"])
	}
	for _, f := range []string{"json", "xml"} {
		r = s.postForm("/open311/v2/requests."+f, form(exact+"x"))
		if r.code != http.StatusBadRequest || !strings.Contains(open311ErrorText(t, r.body), "4000") {
			t.Errorf("4,001 characters (%s): %d %s", f, r.code, r.body)
		}
	}
	// The JSON API takes up to 5,000 characters: Open311 shows 4,000.
	long := strings.Repeat("a", 4500)
	w := s.postJSON("/api/v1/reports", map[string]any{"category": "graffiti", "lat": 50.8467, "lon": 4.3525, "description": long})
	if w.Code != http.StatusCreated {
		t.Fatalf("API: %d %s", w.Code, w.Body)
	}
	rep := decode[createdBody](t, w).Report
	d := open311JSON(t, s, "/open311/v2/requests/"+strconv.FormatInt(rep.ID, 10)+".json")[0]["description"].(string)
	if n := utf8.RuneCountInString(d); n != 4000 || !strings.HasSuffix(d, "…") {
		t.Errorf("a 4,500-character description comes back with %d characters", n)
	}
}

// "Errors: ... 404 ... 403 ... basically 400 for any other error", in the
// spec's shape, on every Open311 path: a wrong photo, a photo or a body
// too large, a wrong method. 429 stays (with the spec's shape).
func TestOpen311ClientErrorsUseTheSpecStatuses(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.Photo.MaxBytes = 4 << 10 })
	key := s.apiKey(db.ScopeCreate)
	fields := map[string]string{"api_key": key, "service_code": "graffiti", "lat": "50.8467", "long": "4.3525"}
	big := make([]byte, 5<<10)
	copy(big, jpegWithGPS(t, 8, 8))
	for name, file := range map[string][]byte{"not an image": []byte("<svg onload=alert(1)>"), "corrupt JPEG": jpegWithGPS(t, 8, 8)[:40], "too large": big} {
		for _, f := range []string{"json", "xml"} {
			body, ct := mediaBody(t, fields, file)
			w := s.do("POST", "/open311/v2/requests."+f, body, "Content-Type", ct)
			if w.Code != http.StatusBadRequest {
				t.Errorf("%s (%s): %d, want 400: %s", name, f, w.Code, w.Body)
				continue
			}
			checkOpen311Error(t, name, f, w.Body.Bytes(), 400)
		}
	}
	for _, m := range []struct{ method, path, format string }{
		{"DELETE", "/open311/v2/requests.json", "json"},
		{"PUT", "/open311/v2/services.xml", "xml"},
		{"POST", "/open311/v2/requests/1.xml", "xml"},
	} {
		w := s.do(m.method, m.path, nil)
		if w.Code != http.StatusBadRequest {
			t.Errorf("%s %s: %d, want 400", m.method, m.path, w.Code)
			continue
		}
		checkOpen311Error(t, m.method, m.format, w.Body.Bytes(), 400)
	}
	// The rate limit keeps its 429, in the spec's shape.
	limited := newTestServer(t, func(c *handlers.Config) { c.RateLimit = 1 })
	lkey := limited.apiKey(db.ScopeCreate)
	form := url.Values{"api_key": {lkey}, "service_code": {"graffiti"}, "lat": {"50.8467"}, "long": {"4.3525"}}
	limited.postForm("/open311/v2/requests.xml", form)
	r := limited.postForm("/open311/v2/requests.xml", form)
	if r.code != http.StatusTooManyRequests {
		t.Fatalf("second write: %d %s", r.code, r.body)
	}
	checkOpen311Error(t, "rate limit", "xml", r.body, 429)
}

// "service_request_id ... should not be returned if token is returned" and
// "token ... should not be returned if service_request_id is returned".
func TestOpen311PostAnswersIDOrTokenNotBoth(t *testing.T) {
	s := newTestServer(t)
	form := url.Values{"api_key": {s.apiKey(db.ScopeCreate)}, "service_code": {"graffiti"}, "lat": {"50.8467"}, "long": {"4.3525"}}
	for _, f := range []string{"json", "xml"} {
		r := s.postForm("/open311/v2/requests."+f, form)
		id, token := postAnswer(t, f, r.body)
		if r.code != 201 || id == "" || token != "" || strings.Contains(string(r.body), "token") {
			t.Errorf("%s: %d %s", f, r.code, r.body)
		}
		form.Set("return_token", "true")
		r = s.postForm("/open311/v2/requests."+f, form)
		id, token = postAnswer(t, f, r.body)
		if r.code != 201 || id != "" || token == "" || strings.Contains(string(r.body), "service_request_id") {
			t.Errorf("%s with return_token: %d %s", f, r.code, r.body)
		}
		form.Del("return_token")
	}
}

// "All date/time fields must be formatted in a common subset of ISO 8601
// ... Timezone information (either Z meaning UTC, or an HH:MM offset from
// UTC) must be included", and start_date / end_date are the "earliest" and
// "latest datetime to include in search": a request made at 09:30:00.700,
// written 09:30:00Z, is inside start_date=end_date=09:30:00Z; an offset's
// "+" counts whether or not the client encoded it.
func TestOpen311WindowsAreInclusiveAtThePublishedPrecision(t *testing.T) {
	s := newTestServer(t)
	at := time.Date(2026, 11, 20, 9, 30, 0, 700e6, time.UTC)
	later := at.Add(26 * time.Hour)
	_, err := s.store.Seed(context.Background(), []db.SeedReport{{
		Report: db.Report{Category: "graffiti", Theme: "social", Status: "new", Title: "Tag", Lon: 4.3525, Lat: 50.8467,
			AreaCode: "21004", BodyCode: "commune-21004", Answers: `{}`, Locale: "en", CreatedAt: db.At(at), UpdatedAt: db.At(later)},
		Events: []db.Event{{Kind: "created", Actor: "reporter", ToStatus: "new", Public: true, CreatedAt: db.At(at)},
			{Kind: "note", Actor: "staff", Note: "Seen.", Public: true, CreatedAt: db.At(later)}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	written := open311JSON(t, s, "/open311/v2/requests/1.json")[0]["requested_datetime"].(string)
	if written != "2026-11-20T09:30:00Z" {
		t.Fatalf("requested_datetime %s", written)
	}
	count := func(path, rawQuery string) int {
		w := s.do("GET", path+"?"+rawQuery, nil)
		var list []map[string]any
		if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &list) != nil {
			t.Fatalf("%s?%s: %d %s", path, rawQuery, w.Code, w.Body)
		}
		return len(list)
	}
	for _, tc := range []struct {
		path, q string
		want    int
	}{
		{"requests.json", "start_date=" + written + "&end_date=" + written, 1},
		{"requests.json", "start_date=2026-11-20T10:30:00+01:00&end_date=2026-11-20T10:30:00+01:00", 1},     // "+" not encoded: a space
		{"requests.json", "start_date=2026-11-20T10:30:00%2B01:00&end_date=2026-11-20T10:30:00%2B01:00", 1}, // encoded
		{"requests.json", "start_date=2026-11-20T09:30:01Z&end_date=2026-11-20T09:31:00Z", 0},
		{"requests.json", "start_date=2026-11-20T09:29:00Z&end_date=2026-11-20T09:29:59Z", 0},
		{"requests.json", "start_date=2026-11-20&end_date=2026-11-20", 1}, // a date holds its day
		{"requests.json", "updated_after=2026-11-21T11:30:00Z&updated_before=2026-11-21T11:30:00Z", 1},
		{"servicerequestupdates.json", "start_date=2026-11-21T11:30:00Z&end_date=2026-11-21T11:30:00Z", 1},
		{"servicerequestupdates.json", "start_date=2026-11-21T12:30:00+01:00&end_date=2026-11-21T12:30:00+01:00", 1},
	} {
		if got := count("/open311/v2/"+tc.path, tc.q); got != tc.want {
			t.Errorf("%s?%s: %d, want %d", tc.path, tc.q, got, tc.want)
		}
	}
}

// FixMyStreet's servicerequestupdates are "oldest first"; a poller's
// cursor (after_update_id, an extension) cannot miss an update recorded
// late with an earlier time, since update ids follow the order of
// recording.
func TestOpen311UpdatesByTimeAndACursorThatMissesNothing(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s) // report 1: a public status change at 2026-11-21T14:00Z (update 2)
	ctx := context.Background()
	// Recorded after it, dated before it.
	_, early, err := s.store.ChangeStatus(ctx, db.StatusChange{ReportID: 1, Note: "Inspected on the 20th.", Public: true,
		Actor: db.ActorStaff, At: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	type update struct {
		ID   string `json:"update_id"`
		Time string `json:"updated_datetime"`
	}
	read := func(q string) []update {
		var out []update
		w := s.do("GET", "/open311/v2/servicerequestupdates.json?"+q, nil)
		if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &out) != nil {
			t.Fatalf("%s: %d %s", q, w.Code, w.Body)
		}
		return out
	}
	got := read("start_date=2026-11-19T00:00:00Z&end_date=2026-11-25T00:00:00Z")
	if len(got) != 2 || got[0].ID != strconv.FormatInt(early.ID, 10) || got[1].ID != "2" || got[0].Time > got[1].Time {
		t.Errorf("window not by time: %+v", got)
	}
	// A poller read everything up to update 2 ...
	first := read("after_update_id=0")
	if len(first) != 2 {
		t.Fatalf("from the start: %+v", first)
	}
	last := first[len(first)-1].ID
	// ... then a back office records an update dated three days back.
	_, backdated, err := s.store.ChangeStatus(ctx, db.StatusChange{ReportID: 2, Note: "Bulb replaced on the 20th.", Public: true,
		Actor: db.ActorStaff, At: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	next := read("after_update_id=" + last)
	if len(next) != 1 || next[0].ID != strconv.FormatInt(backdated.ID, 10) || next[0].Time != "2026-11-20T10:00:00Z" {
		t.Errorf("the cursor missed the late update: %+v", next)
	}
	if again := read("after_update_id=" + next[0].ID); len(again) != 0 {
		t.Errorf("after the last update: %+v", again)
	}
	w := s.do("GET", "/open311/v2/servicerequestupdates.xml?after_update_id=x", nil)
	checkOpen311Error(t, "bad cursor", "xml", w.Body.Bytes(), 400)
}

// service_code and status "can be declared multiple times, comma
// delimited": repeats make a list. Other parameters sent twice are refused
// rather than silently read once; an unknown attribute is named as sent,
// and messages use Open311's names (attribute[surface], long).
func TestOpen311RepeatedParametersAndFieldNames(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	win := "start_date=2026-11-19T00:00:00Z&"
	if n := len(open311JSON(t, s, "/open311/v2/requests.json?"+win+"status=open&status=closed")); n != 2 {
		t.Errorf("status=open&status=closed: %d requests, want 2", n)
	}
	if n := len(open311JSON(t, s, "/open311/v2/requests.json?"+win+"service_code=pothole&service_code=streetlight_out")); n != 2 {
		t.Errorf("service_code twice: %d requests, want 2", n)
	}
	if n := len(open311JSON(t, s, "/open311/v2/requests.json?service_request_id=1&service_request_id=2")); n != 2 {
		t.Errorf("service_request_id twice: %d requests, want 2", n)
	}
	w := s.do("GET", "/open311/v2/requests.json?start_date=2026-11-19T00:00:00Z&start_date=2026-11-01T00:00:00Z", nil)
	if w.Code != 400 || !strings.Contains(open311ErrorText(t, w.Body.Bytes()), `"start_date" was sent 2 times`) {
		t.Errorf("start_date twice: %d %s", w.Code, w.Body)
	}
	key := s.apiKey(db.ScopeCreate)
	base := func() url.Values {
		return url.Values{"api_key": {key}, "service_code": {"pothole"}, "lat": {"50.8467"}, "long": {"4.3525"}, "attribute[surface]": {"roadway"}}
	}
	for _, tc := range []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"lat twice", func(f url.Values) { f.Add("lat", "50.85") }, `"lat" was sent 2 times`},
		{"attribute twice", func(f url.Values) { f.Add("attribute[surface]", "sidewalk") }, `"attribute[surface]" was sent 2 times`},
		{"unknown attribute", func(f url.Values) { f.Set("attribute[Colour<b>]", "red") }, `unknown attribute "attribute[Colour<b>]"`},
		{"malformed attribute", func(f url.Values) { f.Set("attribute[surface", "x") }, `malformed attribute name "attribute[surface"`},
		{"bad choice", func(f url.Values) { f.Set("attribute[surface]", "sky") }, "attribute[surface] must be one of"},
		{"missing required", func(f url.Values) { f.Del("attribute[surface]") }, "attribute[surface] is required"},
		{"long out of range", func(f url.Values) { f.Set("long", "200") }, "long must be between -180 and 180"},
		{"lat without long", func(f url.Values) { f.Del("long") }, "long is missing"},
	} {
		f := base()
		tc.edit(f)
		r := s.postForm("/open311/v2/requests.json", f)
		msg := open311ErrorText(t, r.body)
		if r.code != 400 || !strings.Contains(msg, tc.want) || strings.Contains(msg, "answers.") || strings.Contains(msg, "lon ") {
			t.Errorf("%s: %d %q, want 400 saying %q", tc.name, r.code, msg, tc.want)
		}
	}
}

// api_key is required on POST: in multipart, a key sent after the media
// parts was answered "api_key is required"; the answer now says where it
// goes.
func TestOpen311MultipartKeyAfterMediaSaysWhereItGoes(t *testing.T) {
	s := newTestServer(t)
	var b strings.Builder
	b.WriteString("--X\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\ngraffiti\r\n")
	b.WriteString("--X\r\nContent-Disposition: form-data; name=\"media\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
	b.Write(jpegWithGPS(t, 8, 8))
	b.WriteString("\r\n--X\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n" + s.apiKey(db.ScopeCreate) + "\r\n--X--\r\n")
	w := s.do("POST", "/open311/v2/requests.json", strings.NewReader(b.String()), "Content-Type", "multipart/form-data; boundary=X")
	if w.Code != http.StatusForbidden || !strings.Contains(open311ErrorText(t, w.Body.Bytes()), "before the media parts") {
		t.Errorf("api_key after the media: %d %s", w.Code, w.Body)
	}
}

// RFC 9110: Vary "describes what parts of a request message, aside from
// the method and target URI, might have influenced the origin server's
// process for selecting the content of this response". service_name and
// group follow Accept-Language (and the language cookie), so every answer
// chosen that way says so, pages included, once, next to other values.
func TestVaryAcceptLanguageOnNegotiatedAnswers(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	nl := open311JSON(t, s, "/open311/v2/services.json", "Accept-Language", "nl-BE")
	fr := open311JSON(t, s, "/open311/v2/services.json", "Accept-Language", "fr-BE")
	if nl[0]["service_name"] == fr[0]["service_name"] || nl[0]["group"] == fr[0]["group"] {
		t.Fatalf("services do not follow Accept-Language: %v / %v", nl[0], fr[0])
	}
	for _, path := range []string{"/open311/v2/services.json", "/open311/v2/services.xml", "/open311/v2/services/pothole.json",
		"/open311/v2/requests.xml?start_date=2026-11-19T00:00:00Z", "/open311/v2/requests/1.json",
		"/api/v1/categories", "/api/v1/themes", "/api/v1/areas", "/api/v1/reports/1", "/api/v1/geocode?q=loi",
		"/", "/report", "/reports", "/reports/1", "/stats", "/manifest.webmanifest", "/staff/login", "/privacy"} {
		w := s.do("GET", path, nil, "Accept-Language", "nl")
		if w.Code != 200 {
			if path == "/privacy" && w.Code == 404 {
				continue // the personal-data issue adds it
			}
			t.Errorf("%s: %d", path, w.Code)
			continue
		}
		vary := strings.Join(w.Header().Values("Vary"), ", ")
		if strings.Count(vary, "Accept-Language") != 1 || strings.Count(vary, "Cookie") != 1 {
			t.Errorf("%s: Vary %q, want Accept-Language and Cookie once each", path, vary)
		}
	}
}

// "A full location for the request must be provided": lat & long,
// address_string or address_id. An address_string sent alone is found in
// the city's street gazetteer; sent with coordinates, it is kept as the
// request's address; otherwise address is the nearest street. media_url is
// not fetched, and the answer says so.
func TestOpen311Locations(t *testing.T) {
	s := newTestServer(t)
	key := s.apiKey(db.ScopeCreate)
	post := func(f url.Values) *httpResponse {
		f.Set("api_key", key)
		f.Set("service_code", "graffiti")
		return s.postForm("/open311/v2/requests.json", f)
	}
	read := func(r *httpResponse) map[string]any {
		t.Helper()
		if r.code != http.StatusCreated {
			t.Fatalf("POST: %d %s", r.code, r.body)
		}
		id, _ := postAnswer(t, "json", r.body)
		return open311JSON(t, s, "/open311/v2/requests/"+id+".json?lang=fr")[0]
	}
	// Alone: geocoded onto the street, the text kept as sent.
	sent := "Rue de la Loi 16, 1000 Bruxelles"
	m, ok := s.store.Catalog().Streets.Geocode(sent)
	if !ok {
		t.Fatal("the gazetteer does not know rue de la Loi")
	}
	got := read(post(url.Values{"address_string": {sent}}))
	if got["address"] != sent || got["lat"] != m.Point[1] || got["long"] != m.Point[0] {
		t.Errorf("address_string alone: %v at %v,%v; want %q at %v", got["address"], got["lat"], got["long"], sent, m.Point)
	}
	// With coordinates: kept, the point as sent.
	got = read(post(url.Values{"address_string": {"Devant le n° 3 <près du banc>"}, "lat": {"50.8467"}, "long": {"4.3525"}}))
	if got["address"] != "Devant le n° 3 <près du banc>" || got["lat"] != 50.8467 || got["long"] != 4.3525 {
		t.Errorf("address_string with lat/long: %v at %v,%v", got["address"], got["lat"], got["long"])
	}
	// Without: the nearest street, as the report's own address.
	got = read(post(url.Values{"lat": {"50.8467"}, "long": {"4.3525"}}))
	api := decode[map[string]any](t, s.do("GET", "/api/v1/reports/"+got["service_request_id"].(string)+"?lang=fr", nil))
	if got["address"] == nil || got["address"] != api["address"] {
		t.Errorf("address without address_string: %v, the report's is %v", got["address"], api["address"])
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"unknown street", url.Values{"address_string": {"Nowhere Lane 9"}}, "send lat and long"},
		{"address_id", url.Values{"address_id": {"545483"}}, "address_id is not known"},
		{"no location", url.Values{"description": {"somewhere"}}, "lat and long, or address_string"},
		{"control characters", url.Values{"address_string": {"Rue\x00 de la Loi"}, "lat": {"50.8467"}, "long": {"4.3525"}}, "address_string contains control characters"},
		{"too long", url.Values{"address_string": {strings.Repeat("rue ", 60)}, "lat": {"50.8467"}, "long": {"4.3525"}}, "address_string is 239 characters long"},
		{"media_url", url.Values{"lat": {"50.8467"}, "long": {"4.3525"}, "media_url": {"http://10.0.0.1/x.jpg"}}, "media_url is not fetched"},
	} {
		r := post(tc.form)
		if msg := open311ErrorText(t, r.body); r.code != 400 || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %q, want 400 saying %q", tc.name, r.code, msg, tc.want)
		}
	}
	var d map[string]any
	json.Unmarshal(s.do("GET", "/open311/v2/discovery.json", nil).Body.Bytes(), &d)
	if notes, _ := d["notes"].(string); !strings.Contains(notes, "media_url is not fetched") {
		t.Errorf("discovery does not say media_url is not fetched: %v", d)
	}
}

// Service discovery: key_service is "human readable information on how to
// get an API key", and changeset is a "sortable field that specifies the
// last time this document was updated": it moves when the service
// definitions change, also back to an earlier version.
func TestOpen311DiscoveryKeyServiceAndChangeset(t *testing.T) {
	s := newTestServer(t)
	discover := func(s *testServer) (changeset time.Time, keyService string) {
		t.Helper()
		var d struct {
			Changeset  string `json:"changeset"`
			KeyService string `json:"key_service"`
			Endpoints  []struct {
				Changeset string `json:"changeset"`
			} `json:"endpoints"`
		}
		if err := json.Unmarshal(s.do("GET", "/open311/v2/discovery.json", nil).Body.Bytes(), &d); err != nil || len(d.Endpoints) != 1 {
			t.Fatalf("discovery: %v %+v", err, d)
		}
		at, err := time.Parse(time.RFC3339, d.Changeset)
		if err != nil || d.Endpoints[0].Changeset != d.Changeset {
			t.Fatalf("changeset %q / %q: %v", d.Changeset, d.Endpoints[0].Changeset, err)
		}
		return at, d.KeyService
	}
	first, ks := discover(s)
	if !strings.Contains(ks, "API key") {
		t.Errorf("default key_service %q does not say how to get a key", ks)
	}
	if again, _ := discover(s); !again.Equal(first) {
		t.Errorf("changeset moved without a change: %v then %v", first, again)
	}
	ctx := context.Background()
	cat, _ := s.store.Catalog().Category("graffiti")
	rename := func(en string) {
		edit := db.CategoryEdit{Code: cat.Code, Theme: cat.Theme, Name: cat.Name, Owner: cat.Owner, Questions: cat.Questions, Active: true}
		edit.Name.EN = en
		if err := s.store.SaveCategory(ctx, edit, db.AuditEntry{Actor: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	rename("Graffiti and tags")
	renamed, _ := discover(s)
	if !renamed.After(first) {
		t.Errorf("a renamed service left the changeset at %v (was %v)", renamed, first)
	}
	rename(cat.Name.EN)
	reverted, _ := discover(s)
	if !reverted.After(renamed) {
		t.Errorf("going back to the first names left the changeset at %v (was %v)", reverted, renamed)
	}
	configured := newTestServer(t, func(c *handlers.Config) { c.KeyService = "https://data.example.org/open311-keys" })
	if _, ks := discover(configured); ks != "https://data.example.org/open311-keys" {
		t.Errorf("configured key_service: %q", ks)
	}
}
