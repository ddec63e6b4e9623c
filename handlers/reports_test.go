package handlers_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestReportLifecycle(t *testing.T) {
	s := newTestServer(t)

	// Create at the Grand-Place.
	w := s.postJSON("/api/v1/reports", grandPlace())
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	created := decode[createdBody](t, w)
	r := created.Report
	if r.ID == 0 || len(created.Token) < 40 {
		t.Fatalf("create: id %d token %q", r.ID, created.Token)
	}
	if loc := w.Header().Get("Location"); loc != fmt.Sprintf("/api/v1/reports/%d", r.ID) {
		t.Errorf("Location = %q", loc)
	}
	if r.Area.Code != "21004" || r.Area.Names.FR != "Bruxelles" || r.Area.Names.NL != "Brussel" {
		t.Errorf("area = %+v, want Bruxelles/Brussel (21004)", r.Area)
	}
	if r.Body.Code != "commune-21004" || r.Theme.Code != "infrastructure" || r.Status != "new" || r.StatusGroup != "open" {
		t.Errorf("routing: body %q theme %q status %q/%q", r.Body.Code, r.Theme.Code, r.Status, r.StatusGroup)
	}
	if r.Answers["surface"] != "roadway" || len(r.History) != 1 || r.History[0].Kind != "created" {
		t.Errorf("answers %v history %+v", r.Answers, r.History)
	}
	if strings.Contains(w.Body.String(), "token_hash") {
		t.Error("the token hash leaked into the response")
	}

	// Read it back.
	w = s.do("GET", r.URL[len("/reports"):], nil) // a relative URL is not an API path
	if w.Code != http.StatusNotFound {
		t.Errorf("GET %s outside the API: %d", r.URL, w.Code)
	}
	w = s.do("GET", fmt.Sprintf("/api/v1/reports/%d", r.ID), nil)
	if w.Code != http.StatusOK {
		t.Fatalf("get: %d %s", w.Code, w.Body)
	}
	got := decode[reportBody](t, w)
	if got.Title != "Deep pothole by the Town Hall" || got.Lat != 50.8467 || got.Lon != 4.3525 {
		t.Errorf("get = %+v", got)
	}
	if strings.Contains(w.Body.String(), created.Token) {
		t.Error("the token is sent again on read")
	}

	// It appears in a bbox query around the Grand-Place and not in one elsewhere.
	w = s.do("GET", "/api/v1/reports?bbox=4.35,50.845,4.355,50.848&zoom=17", nil)
	fc := decode[featureCollectionBody](t, w)
	if w.Code != http.StatusOK || fc.Total != 1 || len(fc.Features) != 1 || fc.Features[0].ID != r.ID || fc.Features[0].Properties.Cluster {
		t.Fatalf("bbox: %d %s", w.Code, w.Body)
	}
	w = s.do("GET", "/api/v1/reports?bbox=4.40,50.80,4.41,50.81", nil)
	if fc := decode[featureCollectionBody](t, w); fc.Total != 0 {
		t.Errorf("bbox elsewhere found %d reports", fc.Total)
	}

	// Nearby finds it within 250 m, with its distance, and not from 1 km away.
	w = s.do("GET", "/api/v1/reports/nearby?lat=50.8470&lon=4.3530&radius=250&category=pothole", nil)
	nb := decode[nearbyBody](t, w)
	if w.Code != http.StatusOK || len(nb.Reports) != 1 || nb.Reports[0].ID != r.ID || nb.Reports[0].DistanceM <= 0 || nb.Reports[0].DistanceM > 250 {
		t.Fatalf("nearby: %d %s", w.Code, w.Body)
	}
	w = s.do("GET", "/api/v1/reports/nearby?lat=50.8560&lon=4.3525&radius=250", nil)
	if nb := decode[nearbyBody](t, w); len(nb.Reports) != 0 {
		t.Errorf("nearby from 1 km found %d", len(nb.Reports))
	}
	w = s.do("GET", "/api/v1/reports/nearby?lat=50.8470&lon=4.3530&category=graffiti", nil)
	if nb := decode[nearbyBody](t, w); len(nb.Reports) != 0 {
		t.Errorf("nearby with another category found %d", len(nb.Reports))
	}

	// Support: counted once per person, twice for two people.
	path := fmt.Sprintf("/api/v1/reports/%d/supports", r.ID)
	for i, tc := range []struct {
		client    string
		wantCode  int
		wantCount int
	}{{"phone-a", 201, 1}, {"phone-a", 200, 1}, {"phone-b", 201, 2}} {
		w = s.do("POST", path, nil, "X-Client-Id", tc.client)
		sb := decode[supportBody](t, w)
		if w.Code != tc.wantCode || sb.SupportCount != tc.wantCount {
			t.Errorf("support %d: %d count %d, want %d count %d", i, w.Code, sb.SupportCount, tc.wantCode, tc.wantCount)
		}
	}
	w = s.do("GET", fmt.Sprintf("/api/v1/reports/%d", r.ID), nil)
	if got := decode[reportBody](t, w); got.SupportCount != 2 {
		t.Errorf("support_count after supports = %d, want 2", got.SupportCount)
	}
	if w = s.do("POST", "/api/v1/reports/999999/supports", nil); w.Code != http.StatusNotFound {
		t.Errorf("support of a missing report: %d", w.Code)
	}
}

type featureCollectionBody struct {
	Type      string `json:"type"`
	Total     int    `json:"total"`
	Clustered bool   `json:"clustered"`
	Zoom      int    `json:"zoom"`
	Features  []struct {
		ID       int64 `json:"id"`
		Geometry struct {
			Type        string     `json:"type"`
			Coordinates [2]float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties struct {
			Cluster bool   `json:"cluster"`
			Count   int    `json:"count"`
			Status  string `json:"status"`
			Theme   string `json:"theme"`
			Title   string `json:"title"`
		} `json:"properties"`
	} `json:"features"`
}

type nearbyBody struct {
	Reports []struct {
		ID        int64   `json:"id"`
		DistanceM float64 `json:"distance_m"`
	} `json:"reports"`
}

type supportBody struct {
	SupportCount int  `json:"support_count"`
	Added        bool `json:"added"`
}

func TestReportHTMLIsStoredAsText(t *testing.T) {
	s := newTestServer(t)
	in := grandPlace()
	in["title"] = `<script>alert(1)</script>`
	in["description"] = `'; DROP TABLE reports; --`
	w := s.postJSON("/api/v1/reports", in)
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	r := decode[createdBody](t, w).Report
	if r.Title != `<script>alert(1)</script>` || r.Description != `'; DROP TABLE reports; --` {
		t.Errorf("text changed: %q %q", r.Title, r.Description)
	}
	if strings.Contains(w.Body.String(), "<script>") {
		t.Error("JSON output carries a raw <script> tag; it should be escaped")
	}
	if w := s.do("GET", "/api/v1/reports/1", nil); w.Code != http.StatusOK {
		t.Errorf("the reports table is gone: %d", w.Code)
	}
}

func TestIdempotencyKey(t *testing.T) {
	s := newTestServer(t)
	first := s.postJSON("/api/v1/reports", grandPlace(), "Idempotency-Key", "key-1")
	again := s.postJSON("/api/v1/reports", grandPlace(), "Idempotency-Key", "key-1")
	if first.Code != 201 || again.Code != 201 {
		t.Fatalf("codes %d %d: %s", first.Code, again.Code, again.Body)
	}
	a, b := decode[createdBody](t, first), decode[createdBody](t, again)
	if a.Report.ID != b.Report.ID || a.Token != b.Token {
		t.Errorf("retry made report %d (token %q), first %d (token %q)", b.Report.ID, b.Token, a.Report.ID, a.Token)
	}
	if again.Header().Get("Idempotent-Replayed") != "true" {
		t.Error("a replay is not marked")
	}
	other := grandPlace()
	other["title"] = "Another problem"
	w := s.postJSON("/api/v1/reports", other, "Idempotency-Key", "key-1")
	if w.Code != http.StatusUnprocessableEntity || decode[errorBody](t, w).Error.Code != "idempotency_key_reused" {
		t.Errorf("same key, other body: %d %s", w.Code, w.Body)
	}
	w = s.postJSON("/api/v1/reports", grandPlace(), "Idempotency-Key", "key-2")
	if c := decode[createdBody](t, w); c.Report.ID == a.Report.ID {
		t.Error("a new key did not make a new report")
	}
	if n := s.store.PublicCount(); n != 2 {
		t.Errorf("%d reports stored, want 2", n)
	}
}

func TestIdempotencyConcurrentRetries(t *testing.T) {
	s := newTestServer(t)
	var wg sync.WaitGroup
	ids := make([]int64, 20)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := s.postJSON("/api/v1/reports", grandPlace(), "Idempotency-Key", "same-key")
			if w.Code == 201 {
				ids[i] = decode[createdBody](t, w).Report.ID
			}
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id == 0 || id != ids[0] {
			t.Fatalf("concurrent retries gave ids %v, want one id", ids)
		}
	}
	if n := s.store.PublicCount(); n != 1 {
		t.Errorf("%d reports stored, want 1", n)
	}
}

func TestConcurrentCreates(t *testing.T) {
	s := newTestServer(t)
	const n = 100
	var wg sync.WaitGroup
	ids := make(chan int64, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := grandPlace()
			in["title"] = fmt.Sprintf("Report number %d", i)
			in["lat"] = 50.8467 + float64(i)*1e-5
			w := s.postJSON("/api/v1/reports", in)
			if w.Code != http.StatusCreated {
				t.Errorf("create %d: %d %s", i, w.Code, w.Body)
				return
			}
			ids <- decode[createdBody](t, w).Report.ID
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %d given twice", id)
		}
		seen[id] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct reports created, want %d", len(seen), n)
	}
	if c := s.store.PublicCount(); c != n {
		t.Errorf("map index holds %d, want %d", c, n)
	}
	w := s.do("GET", "/api/v1/reports?bbox=4.34,50.84,4.36,50.86&zoom=18", nil)
	if fc := decode[featureCollectionBody](t, w); fc.Total != n {
		t.Errorf("bbox total %d, want %d", fc.Total, n)
	}
}

func TestEveryMunicipalityRoutes(t *testing.T) {
	s := newTestServer(t)
	for _, a := range s.city.Areas {
		for _, tc := range []struct{ category, body string }{
			{"graffiti", "commune-" + a.Code}, // a commune category goes to the municipality
			{"streetlight_out", "sibelga"},    // a regional one to its body, wherever it is
			{"illegal_dumping", "bruxelles-proprete"},
		} {
			in := map[string]any{"category": tc.category, "lat": a.Label[1], "lon": a.Label[0], "title": "Test in " + a.Name.FR}
			w := s.postJSON("/api/v1/reports", in)
			if w.Code != http.StatusCreated {
				t.Errorf("%s %s: %d %s", a.Name.FR, tc.category, w.Code, w.Body)
				continue
			}
			r := decode[createdBody](t, w).Report
			if r.Area.Code != a.Code || r.Body.Code != tc.body {
				t.Errorf("%s %s: area %s body %s, want %s %s", a.Name.FR, tc.category, r.Area.Code, r.Body.Code, a.Code, tc.body)
			}
		}
	}
}

func TestDefaultTitleAndLocale(t *testing.T) {
	s := newTestServer(t)
	w := s.postJSON("/api/v1/reports", map[string]any{"category": "graffiti", "lat": 50.8467, "lon": 4.3525}, "Accept-Language", "nl-BE,nl;q=0.9")
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	r := decode[createdBody](t, w).Report
	if r.Title != "Graffiti" {
		t.Errorf("default title %q", r.Title)
	}
	w = s.postJSON("/api/v1/reports", map[string]any{"category": "pothole", "lat": 50.8467, "lon": 4.3525,
		"answers": map[string]any{"surface": "sidewalk"}}, "Accept-Language", "nl")
	if r := decode[createdBody](t, w).Report; r.Title != "Gat in de weg" {
		t.Errorf("default Dutch title %q", r.Title)
	}
}

func TestPhotoUploadStripsMetadata(t *testing.T) {
	s := newTestServer(t)
	src := jpegWithGPS(t, 64, 48)
	if !bytes.Contains(src, []byte("GPS-SECRET-50.8467N")) {
		t.Fatal("test photo lacks its marker")
	}
	fields := map[string]string{"category": "pothole", "lat": "50.8467", "lon": "4.3525", "title": "With a photo", "answers[surface]": "roadway"}
	body, ct := multipartBody(t, fields, src, src)
	w := s.do("POST", "/api/v1/reports", body, "Content-Type", ct)
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	r := decode[createdBody](t, w).Report
	if len(r.Photos) != 2 || r.Answers["surface"] != "roadway" {
		t.Fatalf("photos %+v answers %v", r.Photos, r.Answers)
	}
	for _, u := range []string{r.Photos[0].URL, r.Photos[0].ThumbURL} {
		w := s.do("GET", u, nil)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/jpeg" {
			t.Fatalf("GET %s: %d %s", u, w.Code, w.Header().Get("Content-Type"))
		}
		if !strings.Contains(w.Header().Get("Cache-Control"), "max-age") || w.Header().Get("ETag") == "" {
			t.Errorf("GET %s: no caching headers", u)
		}
		b := w.Body.Bytes()
		if bytes.Contains(b, []byte("GPS-SECRET")) || bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, []byte{0xFF, 0xE1}) {
			t.Errorf("GET %s still carries EXIF or GPS data", u)
		}
		if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("GET %s: not a JPEG: %v", u, err)
		}
		w = s.do("GET", u, nil, "If-None-Match", w.Header().Get("ETag"))
		if w.Code != http.StatusNotModified {
			t.Errorf("conditional GET %s: %d", u, w.Code)
		}
	}
	for _, bad := range []string{"/photos/../../etc/passwd", "/photos/zz.jpg", "/photos/" + strings.Repeat("a", 32) + ".jpg"} {
		if w := s.do("GET", bad, nil); w.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, w.Code)
		}
	}
}

// jpegWithGPS encodes a small JPEG and splices in an EXIF segment with a GPS
// IFD and a description holding a marker that must not survive.
func jpegWithGPS(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	marker := []byte("GPS-SECRET-50.8467N\x00")
	le := binary.LittleEndian
	tiff := []byte("II*\x00")
	tiff = le.AppendUint32(tiff, 8)
	// IFD0 at 8: two entries (description, GPS pointer), then next-IFD 0.
	ifd0 := 8
	gpsIFD := ifd0 + 2 + 2*12 + 4
	descAt := gpsIFD + 2 + 12 + 4
	tiff = le.AppendUint16(tiff, 2)
	tiff = le.AppendUint16(tiff, 0x010E) // ImageDescription
	tiff = le.AppendUint16(tiff, 2)      // ASCII
	tiff = le.AppendUint32(tiff, uint32(len(marker)))
	tiff = le.AppendUint32(tiff, uint32(descAt))
	tiff = le.AppendUint16(tiff, 0x8825) // GPS IFD pointer
	tiff = le.AppendUint16(tiff, 4)      // LONG
	tiff = le.AppendUint32(tiff, 1)
	tiff = le.AppendUint32(tiff, uint32(gpsIFD))
	tiff = le.AppendUint32(tiff, 0)
	tiff = le.AppendUint16(tiff, 1)
	tiff = le.AppendUint16(tiff, 0x0001) // GPSLatitudeRef
	tiff = le.AppendUint16(tiff, 2)
	tiff = le.AppendUint32(tiff, 2)
	tiff = append(tiff, 'N', 0, 0, 0)
	tiff = le.AppendUint32(tiff, 0)
	tiff = append(tiff, marker...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	app1 = append(app1, seg...)
	src := buf.Bytes()
	out := append([]byte{}, src[:2]...)
	out = append(out, app1...)
	return append(out, src[2:]...)
}
