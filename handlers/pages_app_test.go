package handlers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"streetfix/city"
	"streetfix/db"
	"streetfix/handlers"
)

func TestTileOrigin(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{handlers.DefaultTileURL, "https://tile.openstreetmap.org", true},
		{"https://{s}.tiles.example.org/{z}/{x}/{y}.png", "https://*.tiles.example.org", true},
		{"http://localhost:8081/tiles/{z}/{x}/{y}.png", "http://localhost:8081", true},
		{"/tiles/{z}/{x}/{y}.png", "", true},
		{"", "", true},
		{"https://tiles.example.org/map.png", "", false},
		{"ftp://tiles.example.org/{z}/{x}/{y}", "", false},
		{"https://tiles.example.org{s}/{z}/{x}/{y}", "", false},
		{"https://a.org; script-src *//{z}/{x}/{y}", "", false},
		{"//tiles.example.org/{z}/{x}/{y}", "", false},
	} {
		got, err := handlers.TileOrigin(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("TileOrigin(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// The pages allow scripts from this service only and images from the tile
// server; the map page hands the tile configuration to its script.
func TestMapPageServer(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) {
		c.TileURL, c.TileAttribution = "https://{s}.tiles.example.org/{z}/{x}/{y}.png", "© Example & co"
		c.Attribution = city.Names{EN: "Boundaries: © UrbIS", NL: "Grenzen: © UrbIS"}
	})
	seedFixed(t, s)
	w := s.do("GET", "/", nil, "Accept-Language", "nl-BE,nl;q=0.9")
	csp := w.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "img-src 'self' data: blob: https://*.tiles.example.org;", "connect-src 'self'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	body := w.Body.String()
	for _, want := range []string{`lang="nl"`, "Een probleem melden", `"url":"https://{s}.tiles.example.org/{z}/{x}/{y}.png"`,
		`\u0026 co`, `<p>Grenzen: © UrbIS</p>`, `"data":"Grenzen: © UrbIS"`, `href="/reports"`, `src="/static/vendor/leaflet/leaflet.`, `rel="manifest"`} {
		if !strings.Contains(body, want) {
			t.Errorf("map page lacks %q", want)
		}
	}
	if strings.Contains(body, "Boundaries") {
		t.Error("the Dutch map page credits the data in English")
	}
	if strings.Contains(body, `"areas":`) || strings.Contains(body, `"categories":`) {
		t.Error("the map page carries the report form's reference data")
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "https://unpkg") {
		t.Error("the map page has inline script or style, or loads from a CDN")
	}
	if c := w.Header().Get("Set-Cookie"); c != "" {
		t.Errorf("the map page sets a cookie without being asked: %q", c)
	}
	sw := s.do("GET", "/sw.js", nil)
	if sw.Code != 200 || !strings.HasPrefix(sw.Header().Get("Content-Type"), "text/javascript") || strings.Contains(sw.Body.String(), "__VERSION__") {
		t.Errorf("sw.js: %d %q", sw.Code, sw.Header().Get("Content-Type"))
	}
	m := s.do("GET", "/manifest.webmanifest", nil, "Accept-Language", "fr")
	if m.Code != 200 || !strings.Contains(m.Body.String(), `"start_url":"/"`) || !strings.Contains(m.Body.String(), `"lang":"fr"`) {
		t.Errorf("manifest: %d %s", m.Code, m.Body)
	}
	if w := s.do("GET", "/static/vendor/leaflet/LICENSE", nil); w.Code != 200 || !strings.Contains(w.Body.String(), "Volodymyr Agafonkin") {
		t.Errorf("Leaflet's licence is not served: %d", w.Code)
	}
}

// postReportForm sends the plain report form as a browser without script would.
func (s *testServer) postReportForm(fields url.Values, photo []byte, header ...string) (int, string) {
	return s.postFormParts(func(mw *multipart.Writer) {
		for k, vs := range fields {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		fw, _ := mw.CreateFormFile("photos", "p.jpg")
		fw.Write(photo) // empty when no photo was chosen, as browsers send it
	}, header...)
}

// postFormParts posts to the plain form the parts build writes, in order.
func (s *testServer) postFormParts(build func(*multipart.Writer), header ...string) (int, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	build(mw)
	mw.Close()
	w := s.do("POST", "/reports", &buf, append([]string{"Content-Type", mw.FormDataContentType(), "Origin", "http://example.com"}, header...)...)
	return w.Code, w.Body.String()
}

func TestPlainReportForm(t *testing.T) {
	s := newTestServer(t)
	if w := s.do("GET", "/report?lang=fr&lat=50.85&lon=4.35", nil); w.Code != 200 || !strings.Contains(w.Body.String(), `value="50.85"`) {
		t.Fatalf("form: %d", w.Code)
	}
	// Without a point: the municipality and the street stand in, as the form says.
	code, body := s.postReportForm(url.Values{"area": {"21009"}, "address": {"Rue du Page 12"}, "category": {"pothole"},
		"answers[surface]": {"sidewalk"}, "title": {"Trou <profond>"}, "locale": {"fr"}, "email": {"a@example.org"}}, jpegWithGPS(t, 200, 150), "Cookie", "lang=fr")
	if code != 201 || !strings.Contains(body, "Merci, votre signalement a été envoyé") || !strings.Contains(body, "/manage?token=") {
		t.Fatalf("plain form: %d %.600s", code, body)
	}
	rs := s.store
	got, err := rs.ListReports(t.Context(), listByTitle("Trou <profond>"))
	if err != nil || len(got) != 1 || got[0].AreaCode != "21009" || got[0].PhotoCount != 1 || !strings.HasPrefix(got[0].Description, "Lieu : Rue du Page 12") {
		t.Fatalf("stored: %+v %v", got, err)
	}
	for _, tc := range []struct {
		name   string
		fields url.Values
		want   string
	}{
		{"no place", url.Values{"category": {"pothole"}}, "Say where the problem is"},
		{"outside", url.Values{"lat": {"48.85"}, "lon": {"2.35"}, "category": {"pothole"}}, "outside the area"},
		{"bad coordinates", url.Values{"lat": {"north"}, "lon": {"4.35"}, "category": {"pothole"}}, "Say where the problem is"},
		{"no category", url.Values{"area": {"21004"}}, "Choose a category"},
		{"missing answer", url.Values{"area": {"21004"}, "category": {"pothole"}, "title": {"kept <title>"}}, "Answer the category"},
		{"bad email", url.Values{"area": {"21004"}, "category": {"graffiti"}, "email": {"not an email"}}, "does not look right"},
	} {
		code, body := s.postReportForm(tc.fields, nil, "Cookie", "lang=en")
		if code != 422 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q: %.300s", tc.name, code, tc.want, body)
		}
		if tc.name == "missing answer" && (!strings.Contains(body, `name="answers[surface]"`) || !strings.Contains(body, `value="kept &lt;title&gt;"`)) {
			t.Errorf("the form came back without the question or the typed title")
		}
	}
	if code, _ := s.postReportForm(url.Values{"area": {"21004"}, "category": {"graffiti"}}, nil, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); code != 403 {
		t.Errorf("cross-site form post: %d", code)
	}
	if code, body := s.postReportForm(url.Values{"area": {"21004"}, "category": {"graffiti"}}, []byte("not an image"), "Cookie", "lang=en"); code != 422 || !strings.Contains(body, "A photo could not be used") {
		t.Errorf("bad photo: %d %.300s", code, body)
	}
}

// The plain form streams its photos part by part (parseReportForm): one
// over the size limit or a fourth photo brings the form back with what was
// typed, and nothing is stored; fields after the photos still count.
func TestPlainReportFormPhotoLimits(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.Photo.MaxBytes = 64 << 10 })
	small := jpegWithGPS(t, 40, 30)
	post := func(photos ...[]byte) (int, string) {
		return s.postFormParts(func(mw *multipart.Writer) {
			mw.WriteField("area", "21004")
			mw.WriteField("category", "graffiti")
			for _, p := range photos {
				fw, _ := mw.CreateFormFile("photos", "p.jpg")
				fw.Write(p)
			}
			mw.WriteField("title", "Tag after the photos")
		}, "Cookie", "lang=en")
	}
	big := append(append([]byte{}, small...), bytes.Repeat([]byte{0}, 64<<10)...)
	for _, tc := range []struct {
		name   string
		photos [][]byte
		code   int
	}{
		{"too large", [][]byte{small, big}, 422},
		{"four photos", [][]byte{small, small, small, small}, 422},
	} {
		code, body := post(tc.photos...)
		if code != tc.code || !strings.Contains(body, "A photo could not be used") || !strings.Contains(body, `value="Tag after the photos"`) {
			t.Errorf("%s: %d, want %d with the typed title kept: %.400s", tc.name, code, tc.code, body)
		}
		if got, _ := s.store.ListReports(t.Context(), listByTitle("Tag after the photos")); len(got) != 0 {
			t.Fatalf("%s: a report was stored: %+v", tc.name, got)
		}
	}
	code, body := post(small, small, small)
	got, err := s.store.ListReports(t.Context(), listByTitle("Tag after the photos"))
	if code != 201 || err != nil || len(got) != 1 || got[0].PhotoCount != 3 {
		t.Fatalf("three photos: %d, stored %+v %v: %.300s", code, got, err, body)
	}
}

// What a browser sends from the plain form: checkbox answers under one
// name with [] (each ticked box a part), an empty file input, a text too
// long for the form, or a photo input with many files.
func TestPlainReportFormParts(t *testing.T) {
	s := newTestServer(t)
	post := func(build func(mw *multipart.Writer)) (int, string) {
		return s.postFormParts(func(mw *multipart.Writer) {
			mw.WriteField("area", "21004")
			mw.WriteField("category", "illegal_dumping")
			build(mw)
		}, "Cookie", "lang=en")
	}
	code, body := post(func(mw *multipart.Writer) {
		mw.WriteField("title", "Bags and a sofa")
		mw.WriteField("answers[waste_types][]", "bags")
		mw.WriteField("answers[waste_types][]", "furniture")
		// An empty file input, as browsers send it: no name, no bytes.
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="photos"; filename=""`)
		h.Set("Content-Type", "application/octet-stream")
		mw.CreatePart(h)
	})
	got, err := s.store.ListReports(t.Context(), listByTitle("Bags and a sofa"))
	if code != 201 || err != nil || len(got) != 1 || got[0].PhotoCount != 0 {
		t.Fatalf("checkbox answers: %d, stored %+v %v: %.400s", code, got, err, body)
	}
	var answers map[string]any
	json.Unmarshal([]byte(got[0].Answers), &answers)
	if fmt.Sprint(answers["waste_types"]) != "[bags furniture]" {
		t.Errorf("stored answers %s, want both ticked boxes", got[0].Answers)
	}

	code, body = post(func(mw *multipart.Writer) {
		mw.WriteField("title", "Kept title")
		mw.WriteField("description", strings.Repeat("long ", 14<<10)) // 70 KiB
	})
	if code != 422 || !strings.Contains(body, "A text is too long") || !strings.Contains(body, `value="Kept title"`) {
		t.Errorf("a 70 KiB description: %d, want 422 with the title kept: %.400s", code, body)
	}

	small := jpegWithGPS(t, 20, 20)
	code, body = post(func(mw *multipart.Writer) {
		mw.WriteField("title", "Many files")
		for range 70 {
			fw, _ := mw.CreateFormFile("photos", "p.jpg")
			fw.Write(small)
		}
	})
	if code != 422 || !strings.Contains(body, "A photo could not be used") || !strings.Contains(body, `value="Many files"`) {
		t.Errorf("70 files in the photo input: %d, want 422 with the title kept: %.400s", code, body)
	}
	if got, _ := s.store.ListReports(t.Context(), listByTitle("Many files")); len(got) != 0 {
		t.Errorf("70 files: a report was stored")
	}
}

func TestReportListPage(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	w := s.do("GET", "/reports?area=21004&lang=en", nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Reports in City of Brussels") || !strings.Contains(w.Body.String(), "Pothole &lt;deep&gt; &amp; wide") {
		t.Fatalf("by area: %d %.500s", w.Code, w.Body)
	}
	if b := s.do("GET", "/reports?area=21004&street=tram&lang=en", nil).Body.String(); !strings.Contains(b, "Pothole &lt;deep&gt;") {
		t.Errorf("street search missed the report")
	}
	if b := s.do("GET", "/reports?area=21004&street=nowhere%25_&lang=en", nil).Body.String(); !strings.Contains(b, "No reports found") {
		t.Errorf("wildcards in the street matched")
	}
	b := s.do("GET", "/reports?lat=50.8466&lon=4.3524&lang=fr", nil).Body.String()
	if !strings.Contains(b, "Pothole &lt;deep&gt;") || !strings.Contains(b, "à 13 m") || strings.Contains(b, "Lamp out") {
		t.Errorf("near: %.900s", b[strings.Index(b, "<h2"):])
	}
	if b := s.do("GET", "/reports?status=fixed&lang=en", nil).Body.String(); !strings.Contains(b, "Lamp out") || strings.Contains(b, "Pothole &lt;") {
		t.Errorf("status filter")
	}
	for _, bad := range []string{"?area=x", "?lat=abc&lon=4", "?lat=95&lon=4", "?status=gone", "?theme=nope"} {
		if w := s.do("GET", "/reports"+bad, nil); w.Code != 400 {
			t.Errorf("GET /reports%s: %d", bad, w.Code)
		}
	}
}

func listByTitle(title string) db.ListQuery { return db.ListQuery{Text: title} }

// The report page's "me too" works as a plain form too, once per person.
func TestSupportForm(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	page := s.do("GET", "/reports/1?lang=en", nil).Body.String()
	for _, want := range []string{`action="/reports/1/supports"`, `value="http://example.com/reports/1"`, `href="/reports/1/feed.atom"`, `id="report-map"`} {
		if !strings.Contains(page, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
	for i := 0; i < 2; i++ {
		w := s.do("POST", "/reports/1/supports", nil, "Origin", "http://example.com", "User-Agent", "test")
		if w.Code != 303 || w.Header().Get("Location") != "/reports/1?supported=1" {
			t.Fatalf("support: %d %v", w.Code, w.Header())
		}
	}
	if b := s.do("GET", "/reports/1?supported=1&lang=en", nil).Body.String(); !strings.Contains(b, `<dd id="support-count">1</dd>`) || !strings.Contains(b, "your “me too” is counted") {
		t.Errorf("count after two supports from one person: %.200s", b[strings.Index(b, "support-count")-20:])
	}
	if w := s.do("POST", "/reports/2/supports", nil, "Origin", "http://example.com"); w.Code != 409 {
		t.Errorf("support of a fixed report: %d", w.Code)
	}
	if w := s.do("POST", "/reports/1/supports", nil, "Origin", "https://evil.example"); w.Code != 403 {
		t.Errorf("cross-site support: %d", w.Code)
	}
}

// Over the write rate limit, the plain form's visitor gets a page that
// says to wait, not the API's JSON.
func TestPlainReportFormRateLimited(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.RateLimit = 2 })
	fields := url.Values{"area": {"21004"}, "category": {"graffiti"}, "title": {"Tag"}}
	for i := range 2 {
		if code, body := s.postReportForm(fields, nil, "Cookie", "lang=en"); code != 201 {
			t.Fatalf("form %d under the limit: %d %.300s", i+1, code, body)
		}
	}
	w := s.do("POST", "/reports", strings.NewReader(fields.Encode()), "Content-Type", "application/x-www-form-urlencoded",
		"Origin", "http://example.com", "Cookie", "lang=en")
	if w.Code != 429 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") || !strings.Contains(w.Body.String(), "<html") ||
		w.Header().Get("Retry-After") == "" {
		t.Errorf("form over the limit: %d %q Retry-After %q: %.300s", w.Code, w.Header().Get("Content-Type"), w.Header().Get("Retry-After"), w.Body)
	}
}
